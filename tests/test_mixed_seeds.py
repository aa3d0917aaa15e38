"""The whole setup, a refresh and a sign-in again through Home Assistant, against many
mixed renderings.

Each seed of the ``mixed`` skin renders every kind of page in one of the skins, picked at
random (and ⑨'s switches drawn too): a seed is a site nobody
wrote by hand. The seeds run are 0 to 49 unless
``OCN_MIXED_SEEDS`` names others (``100-199``, or ``3,17,42``); a failure names its seeds,
and ``python -m ocn_simulator --skin mixed --skin-seed N`` serves one for a person.
"""

from __future__ import annotations

import os
import traceback

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from ocn_simulator import Simulator

from .helpers import (
    SECOND,
    entity_ids,
    finish_with_code,
    lapse_needing_code,
    make_account,
    sign_in_again,
    start_flow,
)

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


def seeds() -> list[int]:
    """The seeds to run: ``OCN_MIXED_SEEDS`` as ranges and numbers, else 0 to 49."""
    wanted = os.environ.get("OCN_MIXED_SEEDS", "0-49")
    found: list[int] = []
    for part in wanted.split(","):
        first, _, last = part.strip().partition("-")
        found.extend(range(int(first), int(last or first) + 1))
    return found


async def set_up_and_refresh(hass: HomeAssistant, sim: Simulator) -> None:
    """Add the account through the flow with a code, refresh, and compare the sensors; then
    let the session lapse and sign in again with a new code, as the user is asked to.
    """
    result = await finish_with_code(hass, sim, await start_flow(hass, sim))
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    entry = result["result"]
    try:
        assert entry.state is ConfigEntryState.LOADED
        coordinator = entry.runtime_data
        await coordinator.async_refresh()
        assert coordinator.last_update_success, repr(coordinator.last_exception)
        ids = entity_ids(hass, entry)
        current = sim.months()[0]
        for contract in next(iter(sim.accounts.values())).contracts:
            number = contract.contract_number
            state = hass.states.get(ids[f"{number}_total"])
            assert state is not None
            assert state.state == str(sim.statement(number, current).total), number
        assert len(sim.outbox) == 1  # one code, asked for in the flow
        lapse_needing_code(sim)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert not coordinator.last_update_success
        assert len(sim.outbox) == 1  # none sent on its own
        await sign_in_again(hass, sim, entry)
        await coordinator.async_refresh()
        assert coordinator.last_update_success, repr(coordinator.last_exception)
        assert len(sim.outbox) == 2
    finally:
        assert await hass.config_entries.async_remove(entry.entry_id)
        await hass.async_block_till_done()


async def test_setup_and_refresh_on_mixed_seeds(
    hass: HomeAssistant, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every seed sets up and refreshes; the failing ones are printed and named."""
    failures: dict[int, str] = {}
    for seed in seeds():
        contracts = [make_account().contracts[0], SECOND]
        sim = Simulator(
            [make_account(contracts=contracts)], skin="mixed", skin_seed=seed, calls_per_month=5
        )
        await sim.start()
        try:
            await set_up_and_refresh(hass, sim)
        except Exception:
            failures[seed] = traceback.format_exc(limit=-3)
            # A flow left at an error would keep the next seed's flow from starting.
            for flow in hass.config_entries.flow.async_progress():
                hass.config_entries.flow.async_abort(flow["flow_id"])
        finally:
            await sim.stop()
    with capsys.disabled():
        print(f"\nmixed skin: {len(seeds()) - len(failures)}/{len(seeds())} seeds passed")
        for seed, text in failures.items():
            print(f"--- mixed seed {seed} failed:\n{text}")
    assert not failures, f"mixed seeds failed: {sorted(failures)}"
