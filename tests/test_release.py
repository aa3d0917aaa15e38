"""The release a tag publishes: the zip HACS installs and the changelog's section."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import build_release


def test_the_zip_holds_the_integration_at_its_root(tmp_path: Path) -> None:
    """HACS unpacks the zip into custom_components/ocn_dotphone: files at the root."""
    archive, notes = build_release.build(tmp_path, f"v{build_release.version()}")
    with zipfile.ZipFile(archive) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        names = zipped.namelist()
    assert manifest["version"] == build_release.version()
    assert "translations/ja.json" in names
    assert not [name for name in names if "__pycache__" in name or name.startswith("custom_")]
    assert notes.read_text(encoding="utf-8").startswith("### ")


def test_a_tag_of_another_version_publishes_nothing(tmp_path: Path) -> None:
    with pytest.raises(build_release.ReleaseError):
        build_release.build(tmp_path, "v0.0.1")
    assert list(tmp_path.iterdir()) == []


def test_hacs_installs_the_zip() -> None:
    hacs = json.loads((build_release.ROOT / "hacs.json").read_text(encoding="utf-8"))
    assert hacs["zip_release"] is True
    assert hacs["filename"] == build_release.ZIP_NAME
