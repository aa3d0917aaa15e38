"""Phone numbers and codes as the user types them and reads them."""

from __future__ import annotations

import re
import unicodedata

from .client import Contract, normalize_phone

# Japanese numbers: 10 digits (fixed line) or 11 (mobile, 050), leading 0.
_PHONE_RE = re.compile(r"0\d{9,10}")
_CODE_RE = re.compile(r"\d{6}")


def valid_phone(text: str) -> str | None:
    """Return the digits of a Japanese phone number typed in any width, or None."""
    digits = normalize_phone(text)
    return digits if _PHONE_RE.fullmatch(digits) else None


def written_split(text: str, digits: str, before: str | None) -> str | None:
    """Return a landline as written (03-1234-5678), where that tells its split; else None.

    An 11-digit number splits 3-4-4 whatever. Typed again without hyphens, a landline
    keeps the way it was written before.
    """
    if len(digits) == 11:
        return None
    written = unicodedata.normalize("NFKC", text).strip()
    if written != digits:
        return written
    return before if before is not None and normalize_phone(before) == digits else None


def valid_code(text: str) -> str | None:
    """Return the six digits of a code typed in any width, or None.

    The digits are taken as the client takes them when it fills in the code.
    """
    digits = normalize_phone(text)
    return digits if _CODE_RE.fullmatch(digits) else None


# Area codes of two digits: Tokyo and Osaka (03-1234-5678); others have three or more.
_TWO_DIGIT_AREAS = ("03", "06")


def mask_phone(digits: str) -> str:
    """Return a number without its middle: ``090-****-5678``, ``03-****-5678``."""
    digits = normalize_phone(digits)
    if len(digits) < 7:
        return "*" * len(digits)
    area = 2 if len(digits) == 10 and digits.startswith(_TWO_DIGIT_AREAS) else 3
    return f"{digits[:area]}-{'*' * (len(digits) - area - 4)}-{digits[-4:]}"


def format_phone(digits: str) -> str:
    """Return a 050 number written the usual way: 050-1111-2222."""
    if len(digits) == 11 and digits.startswith("050"):
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    return digits


def contract_name(contract: Contract) -> str:
    """Return how a contract is named: its 050 number, else (a page that shows none) its number."""
    return (
        format_phone(contract.phone_number) if contract.phone_number else contract.contract_number
    )
