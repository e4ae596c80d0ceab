"""Golden files: the annotated Markdown of the shipped seeds, compared with a readable diff.

After an intended change, regenerate them and review the diff before committing:

    SITE_BUILDER_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("source_id", ["rt-2024-02-07", "reuters-2024-02-07"])
def test_annotated_markdown_matches_golden(demo_build, source_id):
    actual = (demo_build / "annotated" / f"{source_id}.md").read_text(encoding="utf-8")
    golden = GOLDEN / f"{source_id}.md"
    if os.environ.get("SITE_BUILDER_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(golden), "built"
            )
        )
        pytest.fail("annotated Markdown differs from the golden file:\n" + diff)
