"""Every user-visible string exists in English and Japanese, with the same placeholders."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from custom_components.ocn_dotphone.errors import FALLBACK_KEY, TRANSLATION_KEYS

COMPONENT = Path(__file__).parent.parent / "custom_components" / "ocn_dotphone"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Words that read the same in both languages.
SAME_IN_BOTH = {"SMS"}
# Keys of the email code, the site's notices and the repair issues: each must be shown.
REQUIRED = [
    "config.step.email_code.title",
    "config.step.email_code.description",
    "config.step.email_code.data.code",
    "config.error.password_change_required",
    "config.error.terms_required",
    "config.error.email_code_expired",
    "issues.password_change_required.title",
    "issues.password_change_required.description",
    "issues.terms_required.title",
    "issues.terms_required.description",
    "exceptions.email_code_required.message",
    "exceptions.password_change_required.message",
    "exceptions.terms_required.message",
]


# Home Assistant's flow helpers the code calls, and the reason each aborts with.
HELPER_ABORTS = {
    "_abort_if_unique_id_configured(": "already_configured",
    "_async_abort_entries_match(": "already_configured",
    # raise_on_progress, its default: another dialog for the same id is open.
    "async_set_unique_id(": "already_in_progress",
    "async_update_reload_and_abort(": "reauth_successful",
    '"reconfigure_successful"': "reconfigure_successful",
}


def load(name: str) -> dict[str, str]:
    """A translation file as dotted key -> text."""
    return dict(_flatten(json.loads((COMPONENT / name).read_text(encoding="utf-8"))))


def _flatten(node: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in node.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def test_english_is_strings() -> None:
    assert load("translations/en.json") == load("strings.json")


def test_same_keys_and_placeholders() -> None:
    english, japanese = load("strings.json"), load("translations/ja.json")
    assert japanese.keys() == english.keys()
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(japanese[key])) == set(PLACEHOLDER.findall(text)), key


def test_japanese_is_japanese() -> None:
    for key, text in load("translations/ja.json").items():
        assert text in SAME_IN_BOTH or JAPANESE.search(text), key


@pytest.mark.parametrize("name", ["strings.json", "translations/ja.json"])
def test_new_keys_present(name: str) -> None:
    texts = load(name)
    missing = [key for key in REQUIRED if not texts.get(key, "").strip()]
    assert missing == []


def _used(pattern: str) -> set[str]:
    """Return the literal keys the integration's code passes where ``pattern`` matches."""
    found: set[str] = set()
    for path in COMPONENT.glob("*.py"):
        found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("name", ["strings.json", "translations/ja.json"])
def test_every_key_the_code_uses_is_translated(name: str) -> None:
    """A key the code shows, written there or in the error map, is in every language."""
    texts = load(name)
    mapped = {*TRANSLATION_KEYS.values(), FALLBACK_KEY}
    errors = _used(r'"base": "(\w+)"') | _used(r'CONF_\w+: "(\w+)"')
    aborts = _used(r'reason="(\w+)"') | {
        reason for call, reason in HELPER_ABORTS.items() if _used(re.escape(call))
    }
    exceptions = _used(r'translation_domain=DOMAIN,\s*translation_key="(\w+)"')
    assert errors
    assert aborts
    assert exceptions
    wanted = (
        {f"config.error.{key}" for key in mapped | errors}
        | {f"config.abort.{key}" for key in aborts}
        | {f"exceptions.{key}.message" for key in mapped | exceptions}
    )
    assert sorted(key for key in wanted if key not in texts) == []


# A dialog's title on a 390-pixel phone shows about 19 columns before Home Assistant cuts it
# with an ellipsis (a wide Japanese character takes two; seen in tests/test_browser.py).
PHONE_TITLE_COLUMNS = 18


@pytest.mark.parametrize("language", ["en", "ja"])
def test_dialog_titles_fit_a_phone(language: str) -> None:
    """A step's title shows whole in the dialog on a phone."""
    file = COMPONENT / "translations" / f"{language}.json"
    steps = json.loads(file.read_text(encoding="utf-8"))["config"]["step"]
    for step, texts in steps.items():
        title = texts.get("title", "")
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in title)
        assert width <= PHONE_TITLE_COLUMNS, (step, title)
