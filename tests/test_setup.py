"""The README's set-up: `make site` in a fresh checkout, inside a virtual environment the user
made and activated, installs site_builder and builds the demo."""

from __future__ import annotations

import importlib.util
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
    return tuple(int(part) for part in out.stdout.strip().split(".")[:2] if part)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("pip", ["old", "none"])
def test_make_site_in_an_activated_environment_with_an_old_pip_or_none(tmp_path, pip):
    """An environment made by Python 3.11's venv module (pip 23.2), or without pip (as `uv venv`
    makes them)."""
    checkout = tmp_path / "factcheck"
    shutil.copytree(REPO, checkout, ignore=NOT_IN_A_CLONE)
    env = tmp_path / "env"
    python = env / "bin" / "python"
    if pip == "none":
        if importlib.util.find_spec("ensurepip") is None:
            pytest.skip("this Python has no ensurepip to give an environment its pip")
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", env], check=True)
        assert pip_version(python) == ()
    else:
        subprocess.run([sys.executable, "-m", "venv", env], check=True)
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
    said = "Installing pip into" if pip == "none" else "Upgrading pip in"
    assert said in made.stdout
    assert pip_version(python) >= (23, 3)
    assert (checkout / "build" / "index.html").is_file()
    assert not (checkout / ".venv").exists()  # the active environment, not one of its own
