"""A client for OCN My Page's 050 IP phone statements. No Home Assistant import here."""

from .client import DEFAULT_BASE_URL, OcnMyPageClient, normalize_phone
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
from .parsers import JST

__all__ = [
    "DEFAULT_BASE_URL",
    "JST",
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
    "normalize_phone",
]
