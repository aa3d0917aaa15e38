"""Fixtures shared by every test: the simulator on loopback and a client session for it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from unittest.mock import patch

import aiohttp
import pytest

# Bind the project's custom_components before Home Assistant's test plugin offers its own.
import custom_components.ocn_dotphone  # noqa: F401
from custom_components.ocn_dotphone.client import Contract, OcnMyPageClient, Statement
from ocn_simulator import SimAccount, SimContract, Simulator

USERNAME = "taro@ocn.ne.jp"
PASSWORD = "correct horse 050"
MOBILE = "09012345678"
CUSTOMER_NUMBER = "N1234567890"
CONTRACT = SimContract("C0000000001", "05011112222", "OCNドットフォン オフィス")


def make_account(phone: str = MOBILE, contracts: list[SimContract] | None = None) -> SimAccount:
    """The test account, with a mobile contact number and one contract unless told."""
    return SimAccount(
        username=USERNAME,
        password=PASSWORD,
        contact_phone=phone,
        customer_number=CUSTOMER_NUMBER,
        contracts=contracts or [CONTRACT],
    )


@pytest.fixture(autouse=True)
def no_request_pause() -> Iterator[None]:
    """Tests load pages back to back; the politeness tests set their own pause."""
    with patch("custom_components.ocn_dotphone.client.client.DEFAULT_MIN_INTERVAL", 0.0):
        yield


def wrong_code(sim: Simulator) -> str:
    """A six-digit code that is not the one the phone received last."""
    return f"{(int(sim.last_code()) + 1) % 10**6:06d}"


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A started simulator with the test account."""
    sim = Simulator([make_account()], calls_per_month=30)
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
def base_url(simulator: Simulator) -> str:
    """Where the simulator serves."""
    return simulator.base_url


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session with a cookie jar of its own, as the integration makes."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


@pytest.fixture
def fetched() -> Iterator[list[date]]:
    """Months the integration reads a statement of, in order."""
    months: list[date] = []
    original = OcnMyPageClient.fetch_statement

    async def spy(self: OcnMyPageClient, contract: Contract, month: date) -> Statement:
        months.append(month)
        return await original(self, contract, month)

    with patch.object(OcnMyPageClient, "fetch_statement", spy):
        yield months
