"""The code step's last pages, a warm restart's, the back-fill after setup, a setup cut short."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.ocn_dotphone.const import CONF_CODE, CONF_METHOD, DOMAIN
from ocn_simulator import SimContract, Simulator
from ocn_simulator.data import SimStatement
from ocn_simulator.skins.variants import PortalSkin

from .helpers import (
    account_of,
    entity_ids,
    finish_with_code,
    reauth_flows,
    set_up_entry,
    start_flow,
    start_reauth,
    until,
)

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


def contracts(count: int) -> list[SimContract]:
    """Return ``count`` 050 contracts."""
    return [SimContract(f"C000000000{i}", f"050{i}000{i}{i}{i}{i}") for i in range(1, count + 1)]


def pages(sim: Simulator) -> list[float]:
    """When the site served each page to the test account so far."""
    return sim.request_times.get(account_of(sim).username, [])


async def open_code_step(hass: HomeAssistant, sim: Simulator) -> str:
    """Walk the flow to the code form; return the flow id."""
    result = await start_flow(hass, sim)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    assert result["step_id"] == "code"
    return result["flow_id"]


@pytest.mark.parametrize(
    "simulator",
    [{"contracts": contracts(n)} for n in (1, 2, 5)],
    indirect=True,
    ids=["1 contract", "2 contracts", "5 contracts"],
)
async def test_pages_of_the_code_step_and_a_warm_restart(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The code's submit: the code, the list, two months a number; a restart: the list, one each."""
    count = len(account_of(simulator).contracts)
    flow_id = await open_code_step(hass, simulator)
    before = len(pages(simulator))
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_CODE: simulator.last_code()}
    )
    returned = asyncio.get_running_loop().time()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    served = [time for time in pages(simulator)[before:] if time < returned]
    # The code and the statements list it opens, then this month and last month of
    # each number: the first refresh goes on with the flow's pages, no login, no top page.
    assert len(served) == 2 * count + 2

    # Then the back-fill reads the five older closed months of each number, opening
    # each number's statements again but the one left open.
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(pages(simulator)) - before == 2 * count + 2 + 5 * count + count - 1
    for item in entry.runtime_data.data.contracts.values():
        assert len(item.closed) == 6

    before = len(pages(simulator))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert len(pages(simulator)) - before == 1 + count
    assert simulator.requests["top"] == 1  # the sign-in's, before the contact number


async def test_reauth_hands_its_client_to_the_reload(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """After a reauth's code the reloaded entry reads on with the flow's pages, no login."""
    entry = await set_up_entry(hass, simulator)
    simulator.expire_sessions()
    simulator.forget_devices()
    result = await start_reauth(hass, entry)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    logins, tops = simulator.requests["login"], simulator.requests["top"]

    before = len(pages(simulator))
    result = await finish_with_code(hass, simulator, result)
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    # The code and the list it opens, then this month (last month is kept).
    assert len(pages(simulator)) - before == 3
    assert (simulator.requests["login"], simulator.requests["top"]) == (logins, tops)
    assert len(simulator.outbox) == 2


async def test_back_fill_goes_on_after_a_restart(
    hass: HomeAssistant, simulator: Simulator, hass_storage: dict[str, Any]
) -> None:
    """A restart in the middle of the back-fill: it reads only what it had not read."""
    flow_id = await open_code_step(hass, simulator)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_CODE: simulator.last_code()}
    )
    entry = result["result"]
    simulator.latency = 0.05
    backfill = entry.runtime_data.backfill
    # Stop the entry once the back-fill has kept two of the five months.
    await until(lambda: backfill.months_read >= 2)
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert not backfill.running
    held = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]["history"]
    months = simulator.months()
    number = account_of(simulator).contracts[0].contract_number
    assert sorted(held[number]) == [f"{m:%Y-%m-%d}" for m in sorted(months[1:4])]

    before = len(pages(simulator))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    # The list and this month; then the three months still missing.
    assert len(pages(simulator)) - before == 2 + 3
    assert len(entry.runtime_data.data.contracts[number].closed) == 6


@pytest.mark.parametrize("simulator", [{"contracts": contracts(2)}], indirect=True)
async def test_dropped_request_during_setup(hass: HomeAssistant, simulator: Simulator) -> None:
    """The request submitting the code goes away while setup reads: the entry loads anyway."""
    flow_id = await open_code_step(hass, simulator)
    simulator.latency = 0.05
    submit = hass.async_create_task(
        hass.config_entries.flow.async_configure(flow_id, {CONF_CODE: simulator.last_code()})
    )
    # Wait until setup's first refresh is reading a statement, then drop the request.
    await until(lambda: simulator.requests["charges_detail"] > 0)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.SETUP_IN_PROGRESS
    submit.cancel()
    # Home Assistant 2025.4 ends the cancellation at the setup, 2026.2 passes it on.
    with contextlib.suppress(asyncio.CancelledError):
        await submit

    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert len(simulator.outbox) == 1  # no code asked for
    assert not reauth_flows(hass, entry)
    for contract in account_of(simulator).contracts:
        total = entity_ids(hass, entry)[f"{contract.contract_number}_total"]
        assert hass.states.get(total).state == str(
            simulator.statement(contract.contract_number, simulator.months()[0]).total
        )
        assert len(entry.runtime_data.data.contracts[contract.contract_number].closed) == 6


async def test_back_fill_stops_at_a_lapse_and_goes_on_after_a_refresh(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A lapse in the back-fill: it stops without signing in; the next good refresh resumes it."""
    flow_id = await open_code_step(hass, simulator)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_CODE: simulator.last_code()}
    )
    entry = result["result"]
    coordinator = entry.runtime_data
    signed_in = coordinator.client.login
    logins: list[tuple[Any, ...]] = []

    async def login(*args: Any) -> Any:
        logins.append(args)
        return await signed_in(*args)

    coordinator.client.login = login
    simulator.expire_after = 1  # the session lapses after the back-fill's first month
    await hass.async_block_till_done(wait_background_tasks=True)
    backfill = coordinator.backfill
    assert backfill.stopped_by == "SessionExpired"
    assert backfill.progress()["closed_months_missing"] > 0
    assert not logins
    assert len(simulator.outbox) == 1

    # The next refresh signs in again with the remembered browser, and the back-fill goes on.
    await coordinator.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.last_update_success
    assert len(logins) == 1
    assert backfill.stopped_by is None
    assert backfill.progress()["closed_months_missing"] == 0
    number = account_of(simulator).contracts[0].contract_number
    assert len(coordinator.data.contracts[number].closed) == 6
    assert len(simulator.outbox) == 1


async def test_dropped_request_while_the_entities_are_added(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Dropped while the platforms are set up: they are taken down, and the entry loads."""
    flow_id = await open_code_step(hass, simulator)
    reached, go_on = asyncio.Event(), asyncio.Event()
    forward = hass.config_entries.async_forward_entry_setups

    async def held_forward(entry: ConfigEntry, platforms: Iterable[Platform]) -> None:
        await forward(entry, platforms)
        # The platforms are set up; the setup has not returned yet.
        reached.set()
        await go_on.wait()

    with patch.object(hass.config_entries, "async_forward_entry_setups", held_forward):
        submit = hass.async_create_task(
            hass.config_entries.flow.async_configure(flow_id, {CONF_CODE: simulator.last_code()})
        )
        await reached.wait()
        submit.cancel()
        await asyncio.sleep(0)
        go_on.set()
        with contextlib.suppress(asyncio.CancelledError):
            await submit
        await hass.async_block_till_done(wait_background_tasks=True)

    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    assert len(simulator.outbox) == 1
    contract = account_of(simulator).contracts[0].contract_number
    total = entity_ids(hass, entry)[f"{contract}_total"]
    current = simulator.months()[0]
    assert hass.states.get(total).state == str(simulator.statement(contract, current).total)
    # The entities follow the entry as it is now: a change on the site shows.
    simulator.revise(contract, current)
    await entry.runtime_data.async_refresh()
    assert hass.states.get(total).state == str(simulator.statement(contract, current).total)


class UncountedPortal(PortalSkin):
    """The portal skin (pages of 25) whose summary prints no call count and no duration."""

    def summary(self, statement: SimStatement) -> str:
        items = super().summary(statement).split("<dt>")
        return "<dt>".join(item for item in items if not item.startswith("通話"))


@pytest.mark.every_skin
async def test_closed_months_are_kept_whole(hass: HomeAssistant, simulator: Simulator) -> None:
    """Every closed month is kept with all its calls, on pages or not; a late call reaches it.

    30 calls a month take two pages on the portal skin (pages of 25).
    """
    await _assert_closed_months_kept_whole(hass, simulator)


@pytest.mark.parametrize("simulator", [{"skin": "portal"}], indirect=True)
async def test_closed_months_on_pages_without_a_count(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A paged list whose summary counts nothing: the calls of every page are counted."""
    simulator.skin = UncountedPortal()
    await _assert_closed_months_kept_whole(hass, simulator)


async def _assert_closed_months_kept_whole(hass: HomeAssistant, simulator: Simulator) -> None:
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    number = account_of(simulator).contracts[0].contract_number

    def kept() -> dict[Any, tuple[int, Any, Any]]:
        return {
            f.month: (f.call_count, f.call_duration, f.total)
            for f in coordinator.data.contracts[number].closed
        }

    def site(months: Iterable[Any]) -> dict[Any, tuple[int, Any, Any]]:
        statements = (simulator.statement(number, month) for month in months)
        return {s.month: (s.call_count, s.total_duration, s.total) for s in statements}

    before = kept()
    assert before == site(simulator.months()[1:])
    assert all(count == 30 for count, _, _ in before.values())

    # The site posts a call late into a month already kept: the daily re-reading keeps it.
    late = simulator.months()[3]
    first = simulator.statement(number, late).calls[0]
    simulator.add_call(number, replace(first, started_at=first.started_at + timedelta(seconds=1)))
    assert coordinator.history_checked_at is not None
    await coordinator.async_history_checked(coordinator.history_checked_at - timedelta(days=1))
    await coordinator.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)
    after = kept()
    assert after == site(simulator.months()[1:])
    assert after[late][0] == 31
    assert {m: v for m, v in after.items() if m != late} == {
        m: v for m, v in before.items() if m != late
    }
