"""Politeness to the portal: requests per refresh, one at a time, a pause between, no retries."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Iterator
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.ocn_dotphone.const import CONF_CODE, CONF_METHOD, CONF_PHONE
from ocn_simulator import SimAccount, SimContract, Simulator

from .helpers import CONTRACT, SECOND, finish_with_code, make_account, start_flow, wrong_code

OTHER = SimAccount(
    username="hanako@ocn.ne.jp",
    password="another pass 050",
    contact_phone="08098765432",
    customer_number="N9876543210",
    contracts=[SimContract("C0000000003", "05055556666", "OCNドットフォン オフィス")],
)
pytestmark = [
    pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations"),
    # Two accounts, the first with two contracts.
    pytest.mark.parametrize(
        "simulator",
        [{"accounts": [make_account(contracts=[CONTRACT, SECOND]), OTHER]}],
        indirect=True,
    ),
]

# The pause the storm test uses; the integration's own is DEFAULT_MIN_INTERVAL (1 s).
PAUSE = 0.05


@pytest.fixture
def pause() -> Iterator[None]:
    """Clients made during the test wait PAUSE between page loads."""
    with patch("custom_components.ocn_dotphone.client.client.DEFAULT_MIN_INTERVAL", PAUSE):
        yield


async def add_entry(hass: HomeAssistant, sim: Simulator, account: SimAccount) -> ConfigEntry:
    """Add one of the simulator's accounts through the flow."""
    result = await start_flow(
        hass,
        sim,
        **{
            CONF_USERNAME: account.username,
            CONF_PASSWORD: account.password,
            CONF_PHONE: account.contact_phone,
        },
    )
    result = await finish_with_code(hass, sim, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)  # the back-fill too
    return result["result"]


def total(sim: Simulator) -> int:
    """Pages the simulator served so far."""
    return sum(sim.requests.values())


# Refreshes that cost one more request on a skin, and why (see ocn_simulator.skins).
EXTRA_FIRST_REFRESH = {
    # The setup's refresh read an older month last; portal's small form per contract
    # opens the first contract on the month its page shows, then the current one.
    "portal": 1,
}
# Skins whose statement shows no call list but offers the calls as a CSV: each statement
# with calls costs its download too (the calls are how a new call is noticed). A month
# without calls yet (the first minutes of one) offers no download.
CSV_ONLY = ("frames",)


def statement_reads(sim: Simulator, account: SimAccount, skin: str) -> int:
    """Requests reading each contract's current statement costs on the site as it is now."""
    month = sim.months()[0]
    return sum(
        2 if skin in CSV_ONLY and sim.statement(c.contract_number, month).calls else 1
        for c in account.contracts
    )


@pytest.mark.every_skin
async def test_steady_state_one_request_per_contract(
    hass: HomeAssistant, simulator: Simulator, skin: str
) -> None:
    """With a live session a refresh opens each contract's statement once, nothing else."""
    account = next(iter(simulator.accounts.values()))
    entry = await add_entry(hass, simulator, account)
    coordinator = entry.runtime_data
    assert len(coordinator.data.contracts) == 2

    for refresh in range(3):
        before = total(simulator)
        expected = statement_reads(simulator, account, skin)
        await coordinator.async_refresh()
        assert coordinator.last_update_success
        extra = EXTRA_FIRST_REFRESH.get(skin, 0) if refresh == 0 else 0
        assert total(simulator) - before == expected + extra

    # A restart reads the contract list again at setup; the next refresh is a steady one.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    before = total(simulator)
    expected = statement_reads(simulator, account, skin)
    await entry.runtime_data.async_refresh()
    assert total(simulator) - before == expected


@pytest.mark.usefixtures("pause")
async def test_refresh_storm(hass: HomeAssistant, simulator: Simulator) -> None:
    """Many refreshes of several entries: one page at a time per account, PAUSE apart."""
    entries = [await add_entry(hass, simulator, a) for a in simulator.accounts.values()]
    coordinators = [entry.runtime_data for entry in entries]
    simulator.latency = 0.02  # long enough for overlapping requests to show
    simulator.request_times.clear()
    simulator.max_in_flight.clear()

    # Twenty refreshes at once per entry, direct and debounced, share one walk …
    await asyncio.gather(
        *(c.async_refresh() for c in coordinators for _ in range(10)),
        *(c.async_request_refresh() for c in coordinators for _ in range(10)),
    )
    # … and refreshes back to back each walk, after the pause.
    for _ in range(3):
        await asyncio.gather(*(c.async_refresh() for c in coordinators))
    assert all(c.last_update_success for c in coordinators)

    for account in simulator.accounts.values():
        times = simulator.request_times[account.username]
        contracts = len(account.contracts)
        assert len(times) == 4 * contracts
        assert simulator.max_in_flight[account.username] == 1
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        assert min(gaps) >= PAUSE
    # Every page was told apart by account: none escaped the count.
    assert "" not in simulator.request_times
    for entry in entries:
        assert await hass.config_entries.async_unload(entry.entry_id)


async def test_wrong_code_is_not_retried(hass: HomeAssistant, simulator: Simulator) -> None:
    """A wrong code costs one attempt, the user's; nothing is sent or tried on its own."""
    account = next(iter(simulator.accounts.values()))
    result = await start_flow(hass, simulator)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    wrong = wrong_code(simulator)
    before = Counter(simulator.requests)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_CODE: wrong})
    await hass.async_block_till_done()
    assert result["errors"] == {CONF_CODE: "invalid_code"}
    assert simulator.requests - before == Counter({"verify_code": 1})
    assert len(simulator.outbox) == 1

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CODE: simulator.last_code()}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = result["result"]

    # The site forgets the browser: refreshes stop at the code step and wait for the user.
    simulator.expire_sessions()
    simulator.forget_devices()
    before = Counter(simulator.requests)
    for _ in range(3):
        await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    served = simulator.requests - before
    assert "verify_code" not in served
    assert "verify_method" not in served
    assert len(simulator.outbox) == 1
    assert len(list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1
    assert account.username in simulator.accounts
