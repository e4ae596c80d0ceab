"""The README's set-up: `make site` in a fresh checkout, inside a virtual environment the user
made and activated, installs site_builder and builds the demo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

# What a checkout holds that a fresh clone does not.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "build", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache"
)
OLD_PIP = "23.2.1"  # the pip Python 3.11's venv module installs: it cannot resolve lxml's extras


def pip_version(python: Path) -> tuple[int, ...]:
    out = subprocess.run(
        [python, "-c", "import pip; print(pip.__version__)"], capture_output=True, text=True
    )
    return tuple(int(part) for part in out.stdout.strip().split(".")[:2])


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_site_in_an_activated_environment_with_an_old_pip(tmp_path):
    checkout = tmp_path / "factcheck"
    shutil.copytree(REPO, checkout, ignore=NOT_IN_A_CLONE)
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", env], check=True)
    python = env / "bin" / "python"
    downgrade = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", f"pip=={OLD_PIP}"],
        capture_output=True,
        text=True,
    )
    if downgrade.returncode != 0:
        pytest.skip(f"pip {OLD_PIP} could not be installed: {downgrade.stderr.strip()[-200:]}")
    assert pip_version(python) == (23, 2)

    activated = {
        **os.environ,
        "VIRTUAL_ENV": str(env),
        "PATH": f"{env / 'bin'}:{os.environ['PATH']}",
    }
    activated.pop("MAKEFLAGS", None)
    made = subprocess.run(
        ["make", "site"], cwd=checkout, env=activated, capture_output=True, text=True, timeout=900
    )
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-3000:]
    assert "Upgrading pip in" in made.stdout
    assert pip_version(python) >= (23, 3)
    assert (checkout / "build" / "index.html").is_file()
    assert not (checkout / ".venv").exists()  # the active environment, not one of its own
