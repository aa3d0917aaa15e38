"""A simulator of OCN My Page for developing and testing the ocn_dotphone integration."""

from .app import SentCode, Simulator, demo_account
from .data import SimAccount, SimCall, SimContract, SimStatement
from .skins import SKINS

__all__ = [
    "SKINS",
    "SentCode",
    "SimAccount",
    "SimCall",
    "SimContract",
    "SimStatement",
    "Simulator",
    "demo_account",
]
