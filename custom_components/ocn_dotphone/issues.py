"""Repair issues: a site layout the client no longer recognises."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

ISSUE_TRACKER = "https://github.com/ocn-dotphone/ha-ocn-dotphone/issues"
# A one-off odd page (a cut-off answer, a page between two deploys) heals by itself:
# only a page that stays unrecognised this many refreshes in a row is reported.
UNRECOGNIZED_BEFORE_ISSUE = 2


def _issue_id(entry: ConfigEntry) -> str:
    return f"unrecognized_page_{entry.entry_id}"


def async_report_unrecognized(hass: HomeAssistant, entry: ConfigEntry, expected: str) -> None:
    """Tell the user the site changed and what to attach to a report."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(entry),
        is_fixable=False,
        is_persistent=False,
        learn_more_url=ISSUE_TRACKER,
        severity=ir.IssueSeverity.ERROR,
        translation_key="unrecognized_page",
        translation_placeholders={"expected": expected},
    )


def async_clear_unrecognized(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The pages read again: the issue is gone."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(entry))
