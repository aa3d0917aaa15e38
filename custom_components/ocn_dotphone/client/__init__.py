"""A client for OCN My Page's 050 IP phone statements. No Home Assistant import here."""

from .client import DEFAULT_BASE_URL, OcnMyPageClient, mask_phone, normalize_phone
from .errors import (
    CannotConnect,
    CodeExpired,
    CodeRequired,
    ContactNumberMismatch,
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
from .models import Account, AuthMethod, Call, Contract, LoginResult, Statement

__all__ = [
    "DEFAULT_BASE_URL",
    "Account",
    "AuthMethod",
    "Call",
    "CannotConnect",
    "CodeExpired",
    "CodeRequired",
    "ContactNumberMismatch",
    "Contract",
    "InvalidCode",
    "InvalidCredentials",
    "LoginResult",
    "Maintenance",
    "OcnError",
    "OcnMyPageClient",
    "PasswordChangeRequired",
    "SessionExpired",
    "Statement",
    "TermsAcceptanceRequired",
    "TooManyAttempts",
    "UnrecognizedPage",
    "mask_phone",
    "normalize_phone",
]
