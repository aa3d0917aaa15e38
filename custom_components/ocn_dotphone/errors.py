"""What the user is told about each client error, in the flow, the updates and the action."""

from __future__ import annotations

from datetime import datetime
from typing import Final, NamedTuple

from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from .client import (
    CannotConnect,
    CodeExpired,
    CodeRequired,
    ContactNumberAmbiguous,
    ContactNumberMismatch,
    ContactNumberSplit,
    InvalidCode,
    InvalidCredentials,
    Maintenance,
    OcnError,
    PasswordChangeRequired,
    SessionExpired,
    TermsAcceptanceRequired,
    TooManyAttempts,
    UnrecognizedPage,
)
from .const import DOMAIN

# The same key names the form error (config.error) and the exception (exceptions).
TRANSLATION_KEYS: Final[dict[type[OcnError], str]] = {
    InvalidCredentials: "invalid_auth",
    ContactNumberMismatch: "contact_mismatch",
    ContactNumberAmbiguous: "contact_ambiguous",
    ContactNumberSplit: "contact_split",
    InvalidCode: "invalid_code",
    CodeExpired: "code_expired",
    TooManyAttempts: "too_many_attempts",
    SessionExpired: "session_expired",
    CodeRequired: "code_required",
    PasswordChangeRequired: "password_change_required",
    TermsAcceptanceRequired: "terms_required",
    CannotConnect: "cannot_connect",
    Maintenance: "maintenance",
    UnrecognizedPage: "unrecognized_page",
}
# An error the table does not know, e.g. a session lapsing again right after a fresh login.
FALLBACK_KEY: Final = "update_failed"


class UserError(NamedTuple):
    """A client error as a translation key and its placeholders."""

    key: str
    placeholders: dict[str, str]

    def exception[E: HomeAssistantError](self, kind: type[E]) -> E:
        """Return a translated exception of ``kind`` that says this."""
        return kind(
            translation_domain=DOMAIN,
            translation_key=self.key,
            translation_placeholders=self.placeholders,
        )


def user_error(err: OcnError) -> UserError:
    """Return what to tell the user about a client error."""
    match err:
        case Maintenance(until=datetime() as until):
            return UserError("maintenance_until", {"until": format_until(until)})
        case UnrecognizedPage():
            return UserError(
                TRANSLATION_KEYS[UnrecognizedPage], {"expected": err.expected, "found": err.found}
            )
    for kind, key in TRANSLATION_KEYS.items():
        if isinstance(err, kind):
            return UserError(key, {})
    return UserError(FALLBACK_KEY, {"error": type(err).__name__})


def format_until(until: datetime) -> str:
    """Return the end of a maintenance window in Home Assistant's time zone."""
    return dt_util.as_local(until).strftime("%Y-%m-%d %H:%M")
