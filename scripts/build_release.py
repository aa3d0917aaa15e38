"""Build what a release publishes: the zip HACS installs and the changelog's section.

``python scripts/build_release.py [--tag vX.Y.Z] [--dest DIR]`` writes ``ocn_dotphone.zip``
(the integration's folder, its files at the zip's root, as HACS's ``zip_release`` wants)
and ``release-notes.md`` (the CHANGELOG.md section of the manifest's version) into DIR.
It fails when the manifest's version has no dated section in CHANGELOG.md, or when a tag
is given that is not ``v`` + that version. The release workflow runs it on a tag; the test
command runs it into a temporary folder, so a tag would publish what was tested.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "custom_components" / "ocn_dotphone"
CHANGELOG = ROOT / "CHANGELOG.md"
ZIP_NAME = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))["filename"]
# A released section: "## [1.2.3] - 2026-12-06".
_SECTION = re.compile(r"^## \[(?P<version>[^\]]+)\] - \d{4}-\d{2}-\d{2}\s*$", re.MULTILINE)


class ReleaseError(Exception):
    """What keeps the release from being built."""


def version() -> str:
    """The version in the manifest."""
    return json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))["version"]


def notes(wanted: str) -> str:
    """The changelog's section of ``wanted``, without its heading."""
    text = CHANGELOG.read_text(encoding="utf-8")
    sections = list(_SECTION.finditer(text))
    for index, match in enumerate(sections):
        if match["version"] == wanted:
            end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
            # Link definitions at the end belong to no section.
            body = re.split(r"^\[[^\]]+\]: ", text[match.end() : end], flags=re.MULTILINE)[0]
            return body.strip() + "\n"
    raise ReleaseError(f"CHANGELOG.md has no dated section for {wanted}")


def build(dest: Path, tag: str | None = None) -> tuple[Path, Path]:
    """Write the zip and the notes into ``dest``; return their paths."""
    current = version()
    if tag is not None and tag != f"v{current}":
        raise ReleaseError(f"tag {tag} is not v{current}, the manifest's version")
    body = notes(current)
    files = sorted(
        path
        for path in INTEGRATION.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    archive = dest / ZIP_NAME
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in files:
            zipped.write(path, path.relative_to(INTEGRATION).as_posix())
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
    for needed in ("manifest.json", "__init__.py", "translations/en.json", "translations/ja.json"):
        if needed not in names:
            raise ReleaseError(f"{ZIP_NAME} lacks {needed}")
    release_notes = dest / "release-notes.md"
    release_notes.write_text(body, encoding="utf-8")
    return archive, release_notes


def main() -> int:
    """Build into --dest, or into a temporary folder and report (what the tests run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tag", help="the tag being released, e.g. v1.0.0")
    parser.add_argument("--dest", type=Path, help="where to write; a temporary folder if not")
    args = parser.parse_args()
    try:
        if args.dest:
            args.dest.mkdir(parents=True, exist_ok=True)
            archive, release_notes = build(args.dest, args.tag)
            print(f"built {archive} and {release_notes} for {version()}")
            return 0
        with tempfile.TemporaryDirectory() as tmp:
            archive, _ = build(Path(tmp), args.tag)
            with zipfile.ZipFile(archive) as zipped:
                count = len(zipped.namelist())
            print(f"release {version()}: {ZIP_NAME} would hold {count} files; notes found")
            return 0
    except ReleaseError as err:
        print(f"release: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
