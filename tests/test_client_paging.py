"""A call list split over pages: every call on demand, page 1 alone for the sensors."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from custom_components.ocn_dotphone.client import (
    AuthMethod,
    LoginResult,
    OcnMyPageClient,
    UnrecognizedPage,
)
from ocn_simulator import Simulator
from ocn_simulator.skins.variants import PortalSkin

from .helpers import CONTRACT, MOBILE, PASSWORD, SECOND, USERNAME, make_account

ONE_MINUTE = timedelta(minutes=1)


@pytest.fixture
async def portal(socket_enabled: None) -> AsyncIterator[Simulator]:
    """The portal skin, whose call lists come in pages of 25: 60 calls take three.

    The current month holds its 60 calls already, whatever the date.
    """
    sim = Simulator(
        [make_account(contracts=[CONTRACT, SECOND])],
        skin="portal",
        calls_per_month=60,
        current_calls=60,
    )
    await sim.start()
    yield sim
    await sim.stop()


async def signed_in(sim: Simulator, http: aiohttp.ClientSession) -> OcnMyPageClient:
    client = OcnMyPageClient(http, sim.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(sim.last_code())
    return client


async def test_all_calls_reads_every_page_of_the_month(
    portal: Simulator, http: aiohttp.ClientSession
) -> None:
    client = await signed_in(portal, http)
    first, second = (await client.get_account()).contracts
    months = await client.list_months(first)
    expected = portal.statement(first.contract_number, months[1])
    statement = await client.fetch_statement(first, months[1], all_calls=True)
    assert statement.call_count == len(statement.calls) == expected.call_count == 60
    assert statement.total == expected.total
    assert statement.total_duration == expected.total_duration
    assert [(c.started_at, c.other_party, c.charge) for c in statement.calls] == [
        (c.started_at.replace(microsecond=0), c.other_party, c.charge) for c in expected.calls
    ]
    assert portal.requests["ip050_page"] == 2
    # The last page read is the one the site takes a form from: other months and the
    # other contract are read on from there.
    newest = await client.fetch_statement(first, months[0], all_calls=True)
    expected = portal.statement(first.contract_number, months[0])
    assert (len(newest.calls), newest.total) == (expected.call_count, expected.total)
    await client.list_months(second)
    other = await client.fetch_statement(second, months[1])
    assert other.total == portal.statement(second.contract_number, months[1]).total
    assert len(other.calls) == 25  # page 1 alone
    assert other.call_count == 60  # as the summary counts


async def test_steady_refresh_reads_page_one_alone(
    portal: Simulator, http: aiohttp.ClientSession
) -> None:
    client = await signed_in(portal, http)
    await client.get_account()
    portal.requests.clear()
    account = await client.get_account(reuse=True)
    for contract in account.contracts:
        months = await client.list_months(contract)
        statement = await client.fetch_statement(contract, months[0])
        assert statement.total == portal.statement(contract.contract_number, months[0]).total
        assert len(statement.calls) <= 25
    assert portal.requests["ip050_page"] == 0
    # One per contract: each 050 page lists the contracts again, with a fresh form.
    assert sum(portal.requests.values()) == len(account.contracts)


class CallsOnlyPortal(PortalSkin):
    """The portal skin whose further call list pages hold the calls alone: no form, no title."""

    def statement(self, *args: Any, page: int = 1, **kwargs: Any) -> str:
        text = super().statement(*args, page=page, **kwargs)
        if page == 1:
            return text
        text = re.sub(r"<form.*?</form>", "", text, flags=re.DOTALL)
        return text.replace("050IP電話利用明細", "ご利用明細")


async def test_further_pages_of_calls_alone(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    """Pages without the ご確認月 form are read for their calls; the next month opens anew."""
    sim = Simulator([make_account(contracts=[CONTRACT, SECOND])], calls_per_month=60)
    sim.skin = CallsOnlyPortal()
    await sim.start()
    try:
        client = await signed_in(sim, http)
        first, second = (await client.get_account()).contracts
        months = await client.list_months(first)
        for contract, month in ((first, months[1]), (first, months[2]), (second, months[1])):
            statement = await client.fetch_statement(contract, month, all_calls=True)
            expected = sim.statement(contract.contract_number, month)
            assert (len(statement.calls), statement.total) == (60, expected.total)
        assert sim.requests["ip050_page"] == 6
    finally:
        await sim.stop()


class EndlessPortal(PortalSkin):
    """The portal skin whose 次へ always leads to page 2: a list that never ends."""

    def pager(self, statement: Any, page: int) -> str:
        link = f"{self.url('ip050_page')}?"
        query = self.statement_query(statement.contract_number, statement.month, 2)
        return f'<p class="pager">{page} <a href="{link}{query}">次へ</a></p>'


class StrayPortal(PortalSkin):
    """The portal skin whose first page's 次へ leads to page 2 of the month before."""

    def pager(self, statement: Any, page: int) -> str:
        if page > 1:
            return super().pager(statement, page)
        link = f"{self.url('ip050_page')}?"
        before = (statement.month - timedelta(days=1)).replace(day=1)
        query = self.statement_query(statement.contract_number, before, 2)
        return f'<p class="pager">{page} <a href="{link}{query}">次へ</a></p>'


@pytest.mark.parametrize(
    "skin", [EndlessPortal, StrayPortal], ids=["back to itself", "into the month before"]
)
async def test_a_pager_that_leads_astray(
    socket_enabled: None, http: aiohttp.ClientSession, skin: type[PortalSkin]
) -> None:
    """A page that leads back to itself is read once, and a 次へ into the month before's
    list is no page of this month: the action says it cannot go on, rather than loop or
    give the month another month's calls.
    """
    sim = Simulator([make_account()], calls_per_month=60)
    sim.skin = skin()
    await sim.start()
    try:
        client = await signed_in(sim, http)
        (contract,) = (await client.get_account()).contracts
        month = (await client.list_months(contract))[1]
        with pytest.raises(UnrecognizedPage):
            await client.fetch_statement(contract, month, all_calls=True)
        assert sim.requests["ip050_page"] == 1
        assert (await client.fetch_statement(contract, month)).call_count == 60
    finally:
        await sim.stop()


async def test_calls_since_reads_only_the_pages_that_can_hold_them(
    portal: Simulator, http: aiohttp.ClientSession
) -> None:
    client = await signed_in(portal, http)
    first, second = (await client.get_account()).contracts
    month = (await client.list_months(first))[0]
    listed = portal.statement(first.contract_number, month).calls
    count = len(listed)
    assert count > 50  # three pages of 25

    # The count has not grown: page 1 alone, as in a refresh without the mark.
    portal.requests.clear()
    latest = listed[-1].started_at.replace(microsecond=0)
    seen = {"calls_since": latest, "seen_count": count, "seen_before": count - 1}
    statement = await client.fetch_statement(first, month, **seen)
    assert (portal.requests["ip050_page"], len(statement.calls)) == (0, 25)

    # One more call: the page-number link leads straight to the last page, which holds it.
    portal.add_call(first.contract_number, replace(listed[-1], started_at=latest + ONE_MINUTE))
    portal.requests.clear()
    await client.list_months(first)
    statement = await client.fetch_statement(first, month, **seen)
    assert portal.requests["ip050_page"] == 1
    assert [c.started_at for c in statement.calls[25:]] == [latest, latest + ONE_MINUTE]
    assert statement.call_count == count + 1  # the summary's figures, as on page 1

    # A call listed late, among the calls seen: the pages from the one holding the first
    # call since the time asked for (call 41, on page 2), whatever came before it.
    since = listed[40].started_at.replace(microsecond=0)
    late = replace(listed[-1], started_at=since + timedelta(seconds=1), other_party="0101234")
    portal.add_call(first.contract_number, late)
    portal.requests.clear()
    await client.list_months(first)
    statement = await client.fetch_statement(
        first, month, calls_since=since, seen_count=count + 1, seen_before=40
    )
    assert portal.requests["ip050_page"] == 2
    assert late.started_at in [c.started_at for c in statement.calls[25:]]
    assert all(c.started_at >= since for c in statement.calls[25:])

    # Without a count seen (none printed, or another month's), 次へ from page 1 to the end.
    portal.requests.clear()
    await client.list_months(first)
    statement = await client.fetch_statement(first, month, calls_since=latest)
    assert portal.requests["ip050_page"] == 2
    assert [c.started_at for c in statement.calls[25:]] == [latest, latest + ONE_MINUTE]

    # The last page read is the open statement: the other contract is read on from there.
    await client.list_months(second)
    other = await client.fetch_statement(second, month)
    assert other.total == portal.statement(second.contract_number, month).total
