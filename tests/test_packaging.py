"""`make demo` installs the project without packaging warnings (issue 15, point 7): building its
metadata, as pip's editable install does, prints no setuptools warning (once four blocks about
``project.license`` as a TOML table)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_BUILD = """
import sys
from setuptools import build_meta
print(build_meta.prepare_metadata_for_build_editable(sys.argv[1]))
"""


def test_building_the_metadata_prints_no_packaging_warning(tmp_path: Path) -> None:
    source = tmp_path / "source"
    # A copy, so the build's egg-info never lands in the working tree.
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", ".cache", "*.egg-info", "__pycache__"),
    )
    (tmp_path / "out").mkdir()
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", _BUILD, str(tmp_path / "out")],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Warning" not in output, output
    assert "deprecated" not in output.lower(), output
    metadata = next((tmp_path / "out").glob("*.dist-info")) / "METADATA"
    assert "License-Expression: LGPL-3.0-or-later" in metadata.read_text()
