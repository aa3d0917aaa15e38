"""Errors the client raises, one per situation a caller can act on.

Messages never carry a secret: no OCN ID, password, phone number, code or cookie.
"""

from __future__ import annotations

from datetime import datetime


class OcnError(Exception):
    """Base class of everything the client raises."""


class CannotConnect(OcnError):
    """The site could not be reached, timed out or answered with a server error."""


class InvalidCredentials(OcnError):
    """The site rejected the OCN ID or its password."""


class ContactNumberMismatch(OcnError):
    """The contact number is not the one registered with the account."""


class ContactNumberAmbiguous(OcnError):
    """The site shows the registered numbers only in part, and more than one fits the number.

    末尾5678 twice: which is the person's cannot be told, and a code sent to the other
    would go to someone else's phone.
    """


class ContactNumberSplit(OcnError):
    """The site takes the contact number in boxes, and the number typed does not say how.

    A landline typed without hyphens: 03-1234-5678 and 031-234-5678 have the same digits.
    """


class InvalidCode(OcnError):
    """The site rejected the code that was typed."""


class CodeExpired(OcnError):
    """The code is older than its 30 minutes: a new one must be requested."""


class TooManyAttempts(OcnError):
    """The site stopped accepting attempts for now."""


class SessionExpired(OcnError):
    """The site showed its login page again: the session has lapsed."""


class CodeRequired(OcnError):
    """The site wants a new SMS or voice code before it shows the statements."""


class PasswordChangeRequired(OcnError):
    """The site asks for a new OCN ID password before it lets the account in."""


class TermsAcceptanceRequired(OcnError):
    """The site wants the terms of use accepted, which only the account holder may do."""


class Maintenance(OcnError):
    """The site is in a maintenance window."""

    def __init__(self, until: datetime | None = None) -> None:
        """Keep the announced end of the window, when the page gives one."""
        super().__init__(f"maintenance until {until.isoformat()}" if until else "maintenance")
        self.until = until


class UnrecognizedPage(OcnError):
    """A page did not look like what the walk expects at this point.

    ``expected`` and ``found`` are short descriptions made from page structure and
    headings only, never from values the user typed or the account holds.
    """

    def __init__(self, expected: str, found: str) -> None:
        """Describe the mismatch without page values."""
        super().__init__(f"expected {expected}, found {found}")
        self.expected = expected
        self.found = found


class LimitReached(UnrecognizedPage):
    """The site led on past a bound no real walk comes near: pages, size, hops.

    Walking again would only meet the same bound: callers do not retry it at once.
    """
