"""Repair issues: what only the account holder can do on the site, and a changed site."""

from __future__ import annotations

from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import CONF_BASE_URL, DOMAIN

PASSWORD_CHANGE_REQUIRED: Final = "password_change_required"  # noqa: S105 (a key, no secret)
TERMS_REQUIRED: Final = "terms_required"
SITE_ACTIONS: Final = (PASSWORD_CHANGE_REQUIRED, TERMS_REQUIRED)

ISSUE_TRACKER = "https://github.com/ocn-dotphone/ha-ocn-dotphone/issues"
#: How to send the diagnostics of a page not recognised (a section of the troubleshooting).
REPORT_PAGES_URL = (
    "https://github.com/ocn-dotphone/ha-ocn-dotphone/blob/main/docs/troubleshooting.md"
    "#send-the-pages-that-were-not-recognised"
)
# A one-off odd page (a cut-off answer, a page between two deploys) heals by itself:
# only a page that stays unrecognised this many refreshes in a row is reported.
UNRECOGNIZED_BEFORE_ISSUE = 2


@callback
def async_report_removed_contracts(
    hass: HomeAssistant, entry: ConfigEntry, numbers: list[str]
) -> None:
    """Say which 050 numbers lost their devices because the site no longer lists them."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"contracts_removed_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="contracts_removed",
        translation_placeholders={"numbers": ", ".join(numbers)},
    )


@callback
def async_report_damaged_store(hass: HomeAssistant, entry: ConfigEntry, path: str) -> None:
    """Say that the entry's saved state could not be read and where it was set aside."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"store_damaged_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="store_damaged",
        translation_placeholders={"path": path},
    )


@callback
def async_set_site_action(hass: HomeAssistant, entry: ConfigEntry, action: str | None) -> None:
    """Show the issue of ``action`` for the entry and clear the others; None clears all.

    Creating an issue that exists only replaces it, so a refresh failing the same way
    again does not add another.
    """
    for key in SITE_ACTIONS:
        issue_id = f"{key}_{entry.entry_id}"
        if key == action:
            ir.async_create_issue(
                hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key=key,
                translation_placeholders={"title": entry.title},
                learn_more_url=entry.data[CONF_BASE_URL],
            )
        else:
            ir.async_delete_issue(hass, DOMAIN, issue_id)


def _unrecognized_id(entry: ConfigEntry) -> str:
    return f"unrecognized_page_{entry.entry_id}"


@callback
def async_report_unrecognized(hass: HomeAssistant, entry: ConfigEntry, expected: str) -> None:
    """Tell the user the site changed and what to attach to a report."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _unrecognized_id(entry),
        is_fixable=False,
        is_persistent=False,
        learn_more_url=ISSUE_TRACKER,
        severity=ir.IssueSeverity.ERROR,
        translation_key="unrecognized_page",
        # A placeholder, not in the text: translations hold no addresses.
        translation_placeholders={"expected": expected, "report_url": REPORT_PAGES_URL},
    )


@callback
def async_clear_unrecognized(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove the changed-site issue: the pages read again."""
    ir.async_delete_issue(hass, DOMAIN, _unrecognized_id(entry))
