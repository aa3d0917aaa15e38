"""The client's pause between page loads, its reuse of 料金・ご利用明細, and parsing off the loop."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from custom_components.ocn_dotphone.client import OcnMyPageClient, UnrecognizedPage
from ocn_simulator import Simulator

from .helpers import CONTRACT, MOBILE, make_account


async def signed_in(sim: Simulator, http: aiohttp.ClientSession, **kwargs: Any) -> OcnMyPageClient:
    """A client past the code step, at 料金・ご利用明細."""
    client = OcnMyPageClient(http, sim.base_url, **kwargs)
    account = next(iter(sim.accounts.values()))
    await client.login(account.username, account.password)
    methods = await client.submit_contact_number(MOBILE)
    await client.request_code(methods[0])
    await client.submit_code(sim.last_code())
    return client


async def test_pause_between_page_loads(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    """Page loads of one client start at least ``min_interval`` after the last one ended."""
    client = await signed_in(simulator, http, min_interval=0.2)
    simulator.request_times.clear()
    start = time.monotonic()
    for _ in range(3):
        await client.get_account()
    assert time.monotonic() - start >= 0.4
    times = next(iter(simulator.request_times.values()))
    assert len(times) == 3
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.2


async def test_reuse_of_the_statements_page(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """Reuse reads the page held since the code step; a stale one fails, a fresh read heals."""
    client = await signed_in(simulator, http)
    before = Counter(simulator.requests)
    account = await client.get_account(reuse=True)
    assert [c.contract_number for c in account.contracts] == [CONTRACT.contract_number]
    assert simulator.requests == before

    # A new page of the same form elsewhere voids the held form's token, as the site's do.
    async with http.get(f"{simulator.base_url}mypage/charges"):
        pass
    with pytest.raises(UnrecognizedPage):
        await client.list_months(account.contracts[0])
    account = await client.get_account()
    assert await client.list_months(account.contracts[0]) == simulator.months()


@pytest.fixture
async def big_simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A month long enough for its page to count as large."""
    sim = Simulator([make_account()], current_calls=1_000)
    await sim.start()
    yield sim
    await sim.stop()


async def test_large_pages_parse_in_the_executor(
    big_simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """Large pages go to ``parse_executor``; small ones stay where they are."""
    loop = asyncio.get_running_loop()
    offloaded: list[str] = []

    async def executor(func: Callable[..., Any], *args: Any) -> Any:
        offloaded.append(func.__name__)
        return await loop.run_in_executor(None, func, *args)

    client = await signed_in(big_simulator, http, parse_executor=executor)
    assert offloaded == []
    account = await client.get_account()
    month = (await client.list_months(account.contracts[0]))[0]
    statement = await client.fetch_statement(account.contracts[0], month)
    assert offloaded == ["read_page", "parse_statement"]
    expected = big_simulator.statement(CONTRACT.contract_number, month)
    assert statement.total == expected.total
    assert len(statement.calls) == len(expected.calls)
