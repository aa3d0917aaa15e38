"""Fixtures shared by every test: the simulator on loopback and a client session for it."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any
from unittest.mock import patch

import aiohttp
import pytest
from aiohttp.resolver import ThreadedResolver
from homeassistant.helpers import aiohttp_client

# Bind the project's custom_components before Home Assistant's test plugin offers its own.
import custom_components.ocn_dotphone  # noqa: F401
from custom_components.ocn_dotphone.client import Contract, OcnMyPageClient, Statement
from ocn_simulator import SKINS, SimAccount, Simulator

from .helpers import make_account

# Keywords of make_account; every other parameter of the simulator fixture goes to Simulator.
_ACCOUNT_OPTIONS = ("phone", "contracts", "email_otp", "password_change_requested", "terms_pending")


@pytest.fixture(autouse=True)
def no_request_pause() -> Iterator[None]:
    """Tests load pages back to back; the politeness tests set their own pause."""
    with patch("custom_components.ocn_dotphone.client.client.DEFAULT_MIN_INTERVAL", 0.0):
        yield


@pytest.fixture(autouse=True)
async def resolver_per_test() -> AsyncIterator[None]:
    """Give each test's Home Assistant a resolver of its own.

    pytest-homeassistant-custom-component 0.13.316 (Home Assistant 2026.2) hands one
    resolver to every test of the session, and the first Home Assistant that stops closes
    it: a later test that resolves a host name, such as a login host on ``localhost``,
    fails. Releases whose client sessions take no resolver of Home Assistant's need nothing.
    """
    if not hasattr(aiohttp_client, "_async_make_resolver"):
        yield
        return
    resolver = ThreadedResolver()
    resolver.real_close = resolver.close  # type: ignore[attr-defined]
    with patch.object(aiohttp_client, "_async_make_resolver", return_value=resolver):
        yield


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test marked ``every_skin`` once per skin, unless it names its own skins."""
    if not metafunc.definition.get_closest_marker("every_skin"):
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0]
        if "skin" in (names.replace(" ", "").split(",") if isinstance(names, str) else names):
            return
    if "skin" in metafunc.fixturenames:
        metafunc.parametrize("skin", SKINS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``calendar`` the tests that read a date: those of the simulator or Home Assistant.

    Both serve or read months and calls by the clock; the parser and form tests read
    saved pages. ``scripts/test`` runs the marked ones again with the clock moved.
    """
    for item in items:
        if {"socket_enabled", "hass"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.calendar)


@pytest.fixture
def skin() -> str:
    """The markup the simulator renders in: classic, unless a test runs on every skin."""
    return "classic"


@pytest.fixture
async def simulator(
    request: pytest.FixtureRequest, socket_enabled: None, skin: str
) -> AsyncIterator[Simulator]:
    """A started simulator with the test account, shaped by indirect parameters.

    A parameter is a dict: ``accounts`` replaces the test account; ``phone``,
    ``contracts`` and the account flags (``email_otp``, ...) go to ``make_account``;
    everything else to ``Simulator`` (``calls_per_month`` is 30 unless told; ``skin`` is
    the ``skin`` fixture's unless told).
    """
    options: dict[str, Any] = {"calls_per_month": 30, "skin": skin} | getattr(request, "param", {})
    account = {key: options.pop(key) for key in _ACCOUNT_OPTIONS if key in options}
    accounts: list[SimAccount] = copy.deepcopy(options.pop("accounts", None)) or [
        make_account(**account)
    ]
    sim = Simulator(accounts, **options)
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

    async def spy(
        self: OcnMyPageClient, contract: Contract, month: date, **options: Any
    ) -> Statement:
        months.append(month)
        return await original(self, contract, month, **options)

    with patch.object(OcnMyPageClient, "fetch_statement", spy):
        yield months
