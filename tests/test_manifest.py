"""manifest.json and hacs.json as hassfest and HACS read them."""

from __future__ import annotations

import json
from pathlib import Path

from custom_components.ocn_dotphone.const import DOMAIN

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / "custom_components" / DOMAIN / "manifest.json"


def test_manifest_keys_in_hassfest_order() -> None:
    """Hassfest wants domain, then name, then the other keys sorted."""
    keys = list(json.loads(MANIFEST.read_text(encoding="utf-8")))
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_has_what_a_custom_integration_needs() -> None:
    """A custom integration names its version, and a config flow one says so."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert manifest["domain"] == DOMAIN
    assert manifest["config_flow"] is True
    for key in ("codeowners", "documentation", "iot_class", "issue_tracker", "version"):
        assert manifest[key], key


def test_license_is_named_in_the_readme() -> None:
    """HACS wants a LICENSE file; the README says which licence it is."""
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert "[LICENSE](LICENSE)" in (ROOT / "README.md").read_text(encoding="utf-8")
