"""Check that every name the integration imports from homeassistant exists in the newest release.

Tests run on the Home Assistant that this machine's Python can install; users run the
newest one. This reads the newest wheel (downloaded once, never installed) and fails when
the integration imports a module or a name that the release no longer has.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

NEWEST = "2026.11.0"
ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "custom_components" / "ocn_dotphone"
CACHE = ROOT / ".cache" / "homeassistant-wheel"


def wheel() -> zipfile.ZipFile:
    """The newest release's wheel, fetched without its dependencies."""
    found = sorted(CACHE.glob(f"homeassistant-{NEWEST}-*.whl"))
    if not found:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 - our own interpreter and a fixed argument list
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--python-version",
                "3.14.2",
                f"homeassistant=={NEWEST}",
                "--dest",
                str(CACHE),
            ],
            check=True,
        )
        found = sorted(CACHE.glob(f"homeassistant-{NEWEST}-*.whl"))
    return zipfile.ZipFile(found[0])


def module_source(archive: zipfile.ZipFile, module: str) -> str | None:
    """The source of a module of the release, or None when it has no such module."""
    base = module.replace(".", "/")
    for name in (f"{base}.py", f"{base}/__init__.py"):
        try:
            return archive.read(name).decode()
        except KeyError:
            continue
    return None


def defined_names(body: list[ast.stmt]) -> set[str]:
    """Names bound at a module's top level, by definition, assignment or import."""
    names: set[str] = set()
    for node in body:
        match node:
            case ast.FunctionDef() | ast.AsyncFunctionDef() | ast.ClassDef():
                names.add(node.name)
            case ast.Assign():
                for target in node.targets:
                    names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            case ast.AnnAssign(target=ast.Name(id=name)) | ast.TypeAlias(name=ast.Name(id=name)):
                names.add(name)
            case ast.Import() | ast.ImportFrom():
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
            case ast.If():
                # Names bound under TYPE_CHECKING or a version test count too.
                names |= defined_names(node.body + node.orelse)
            case ast.Try():
                handlers = [stmt for h in node.handlers for stmt in h.body]
                names |= defined_names(node.body + handlers + node.orelse + node.finalbody)
    return names


# Python 3.14 lets "except A, B:" go without parentheses; this interpreter may be older.
_BARE_EXCEPT = re.compile(r"^(\s*except\s+)([^():\n]+,[^():\n]+):", re.MULTILINE)


def top_level(source: str) -> list[ast.stmt]:
    """A module's top-level statements, read with this interpreter's parser."""
    try:
        return ast.parse(source).body
    except SyntaxError:
        return ast.parse(_BARE_EXCEPT.sub(r"\1(\2):", source)).body


def imports(path: Path) -> list[tuple[str, str | None, int]]:
    """(module, name or None, line) for each homeassistant import of a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("homeassistant")
        ):
            found.extend((node.module, alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(
                (alias.name, None, node.lineno)
                for alias in node.names
                if alias.name.startswith("homeassistant")
            )
    return found


def main() -> int:
    """Print each missing import and exit non-zero if there is any."""
    archive = wheel()
    missing = []
    checked = 0
    for path in sorted(INTEGRATION.rglob("*.py")):
        for module, name, line in imports(path):
            checked += 1
            source = module_source(archive, module)
            where = f"{path.relative_to(ROOT)}:{line}"
            if source is None:
                missing.append(f"{where}: module {module}")
            elif (
                name
                and name not in defined_names(top_level(source))
                and module_source(archive, f"{module}.{name}") is None
            ):
                missing.append(f"{where}: {module}.{name}")
    for problem in missing:
        print(f"missing in homeassistant {NEWEST}: {problem}")
    print(f"{checked} homeassistant imports checked against {NEWEST}: {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
