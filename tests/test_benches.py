"""The benchmark scripts run to the end and print their tables: a change to what they measure
(a hint's words becoming catalog messages, say) must not leave one stopping with a traceback
where the figures should be. Their figures are not checked here: they are for people to read."""

import subprocess
import sys

import pytest

from .conftest import DEVDATA, REPO


def run_bench(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def needs(folder: str) -> None:
    if not (DEVDATA / folder).is_dir():
        pytest.skip(f"../shared/devdata/{folder} is absent")


@pytest.mark.devdata
def test_the_cross_source_bench_prints_its_evaluation():
    needs("basil")
    printed = run_bench("bench/cross_source.py")
    assert "against the hand-made evaluation set" in printed
    assert "target: recall >= 0.8 with precision >= 0.7" in printed


@pytest.mark.devdata
def test_the_anchoring_bench_prints_each_kind_of_quote_and_its_targets():
    needs("basil")
    printed = run_bench("bench/anchoring.py", "--examples", "2")
    for kind in ("exact", "typographic", "typo", "absent"):
        assert f"\n{kind} " in printed
    assert "target: 0 quotes anchored to a wrong passage" in printed


@pytest.mark.devdata
def test_the_html_extraction_bench_prints_its_scores():
    needs("html")
    printed = run_bench("bench/html_extraction.py", "--quiet", "--repeat", "1")
    assert "targets for ours" in printed


def test_the_theme_words_bench_prints_its_timings():
    printed = run_bench("bench/theme_words.py")
    assert "_() compiled in" in printed
