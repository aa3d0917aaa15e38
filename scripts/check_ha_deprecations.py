"""Check that the integration calls nothing the newest Home Assistant release deprecates.

Reads the newest wheel (the one ``check_ha_imports.py`` fetches) for what it marks
deprecated in ways the source shows:

- functions, methods and properties decorated ``@deprecated_function`` or
  ``@deprecated_class`` (e.g. ``FlowHandler.show_advanced_options``);
- constants and aliases kept as ``_DEPRECATED_<NAME> = DeprecatedConstant(...)`` (or
  ``DeprecatedConstantEnum``, ``DeprecatedAlias``);
- keys of the ``_DEPRECATED_*`` parameter tables (e.g. ``DeviceInfo(via_device=...)``);
- keyword arguments that a ``report_usage("calls `module.function` with `name` ...")``
  names for that function (e.g. ``async_update_device(remove_config_entry_id=...)``).

Then it reads the integration for imported names, attributes, string keys, and keyword
arguments of calls, and fails on any that the release marks, but under an ``if`` on a
``_HAS_*`` flag: the old way kept for older releases that lack the new one. What the
release only logs at run time in other ways is beyond it: the tests run on the releases
that install here.
"""

from __future__ import annotations

import ast
import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_ha_imports import INTEGRATION, NEWEST, ROOT, top_level, wheel

_DECORATORS = {"deprecated_function", "deprecated_class"}
_CONSTANTS = {"DeprecatedConstant", "DeprecatedConstantEnum", "DeprecatedAlias"}
_BACKTICKED = re.compile(r"`([A-Za-z_][\w.]*)`")


def _name(node: ast.expr) -> str | None:
    """The last name of a name, an attribute or a call of either."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _text(node: ast.expr) -> str:
    """The literal parts of a string, an f-string or a sum of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return _text(node.left) + _text(node.right)
    return ""


class Deprecated:
    """What a release marks deprecated: names to use, keywords to pass."""

    def __init__(self) -> None:
        """Start empty."""
        #: Functions, methods, properties, classes, constants and aliases.
        self.names: set[str] = set()
        #: Keywords deprecated wherever they are passed (a ``_DEPRECATED_*`` table's keys).
        self.keywords: set[str] = set()
        #: (function, keyword) pairs that a ``report_usage`` names.
        self.calls: set[tuple[str, str]] = set()


def deprecated_in(source: str, found: Deprecated) -> None:
    """Add what one module of the release marks deprecated to ``found``."""
    for node in ast.walk(ast.Module(body=top_level(source), type_ignores=[])):
        match node:
            case ast.FunctionDef() | ast.AsyncFunctionDef() | ast.ClassDef() if any(
                _name(d) in _DECORATORS for d in node.decorator_list
            ):
                found.names.add(node.name)
            case (
                ast.Assign(targets=[ast.Name(id=target)], value=value)
                | ast.AnnAssign(target=ast.Name(id=target), value=value)
            ) if target.startswith("_DEPRECATED_") and value is not None:
                if isinstance(value, ast.Call) and _name(value) in _CONSTANTS:
                    found.names.add(target.removeprefix("_DEPRECATED_"))
                elif isinstance(value, ast.Dict):
                    found.keywords.update(
                        key.value
                        for key in value.keys
                        if isinstance(key, ast.Constant) and isinstance(key.value, str)
                    )
            case ast.Call() if _name(node) == "report_usage" and node.args:
                message = _text(node.args[0])
                if message.startswith("calls `"):
                    called, *named = _BACKTICKED.findall(message)
                    function = called.rsplit(".", 1)[-1]
                    found.calls.update((function, name) for name in named if "." not in name)


def release_deprecations(archive: zipfile.ZipFile) -> Deprecated:
    """Everything the release's core and helpers mark deprecated, by the rules above."""
    found = Deprecated()
    for info in archive.infolist():
        path = info.filename
        if not path.endswith(".py") or path.startswith("homeassistant/components/"):
            continue
        source = archive.read(info).decode()
        if "deprecat" not in source and "report_usage" not in source:
            continue
        deprecated_in(source, found)
    return found


def guarded(tree: ast.Module) -> set[int]:
    """Lines under an ``if`` on a ``_HAS_*`` flag: the old way, for releases without the new."""
    return {
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and any(isinstance(n, ast.Name) and n.id.startswith("_HAS_") for n in ast.walk(node.test))
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
    }


def uses(tree: ast.Module) -> list[tuple[str, str, int]]:
    """(what, name, line): imports, attributes, string keys and call keywords of a file."""
    found: list[tuple[str, str, int]] = []
    for node in ast.walk(tree):
        match node:
            case ast.ImportFrom(module=module) if module and module.startswith("homeassistant"):
                found.extend(("import", alias.name, node.lineno) for alias in node.names)
            case ast.Attribute():
                found.append(("attribute", node.attr, node.lineno))
            case ast.Constant(value=str(value)) if value.isidentifier():
                found.append(("key", value, node.lineno))
            case ast.Call():
                function = _name(node) or ""
                found.extend(
                    ("keyword", f"{function}({keyword.arg}=)", node.lineno)
                    for keyword in node.keywords
                    if keyword.arg
                )
                # A dict literal unpacked into a call passes its keys as keywords.
                for keyword in node.keywords:
                    if keyword.arg is None and isinstance(keyword.value, ast.Dict):
                        found.extend(
                            ("keyword", f"{function}({key.value}=)", node.lineno)
                            for key in keyword.value.keys
                            if isinstance(key, ast.Constant) and isinstance(key.value, str)
                        )
    return found


def main() -> int:
    """Print each use of something the newest release deprecates; exit non-zero if any."""
    found = release_deprecations(wheel())
    calls = {f"{function}({keyword}=)" for function, keyword in found.calls}
    problems = []
    checked = kept = 0
    for path in sorted(INTEGRATION.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        old_ways = guarded(tree)
        for what, name, line in uses(tree):
            checked += 1
            if what == "keyword":
                keyword = name.partition("(")[2].removesuffix("=)")
                deprecated = name in calls or keyword in found.keywords
            else:
                deprecated = name in found.names
            if deprecated and line in old_ways:
                kept += 1
            elif deprecated:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what} {name}")
    for problem in problems:
        print(f"deprecated in homeassistant {NEWEST}: {problem}")
    print(
        f"{checked} uses checked against {len(found.names)} deprecated names, "
        f"{len(found.keywords) + len(calls)} deprecated keywords of {NEWEST}: "
        f"{len(problems)} deprecated ({kept} kept for older releases behind a _HAS_ flag)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
