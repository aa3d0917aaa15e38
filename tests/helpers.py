"""Test data and helpers shared by the test modules: the test account, walking the flow."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigFlowResult,
)
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component

from custom_components.ocn_dotphone.const import (
    CONF_BASE_URL,
    CONF_CODE,
    CONF_METHOD,
    CONF_PHONE,
    DOMAIN,
)
from custom_components.ocn_dotphone.schemas import SECTION_ADVANCED
from ocn_simulator import SimAccount, SimContract, Simulator

USERNAME = "taro@ocn.ne.jp"
PASSWORD = "correct horse 050"
MOBILE = "09012345678"
CUSTOMER_NUMBER = "N1234567890"
CONTRACT = SimContract("C0000000001", "05011112222", "OCNドットフォン オフィス")
SECOND = SimContract("C0000000002", "05033334444", "050あんしんナンバー")


def make_account(
    phone: str = MOBILE, contracts: list[SimContract] | None = None, **flags: bool
) -> SimAccount:
    """Return the test account: a mobile contact number and one contract unless told.

    ``flags`` set the account's site behaviour, e.g. ``email_otp=True``.
    """
    return SimAccount(
        username=USERNAME,
        password=PASSWORD,
        contact_phone=phone,
        customer_number=CUSTOMER_NUMBER,
        contracts=contracts or [CONTRACT],
        **flags,
    )


def wrong_code(sim: Simulator) -> str:
    """Return a six-digit code that is not the one the phone received last."""
    return f"{(int(sim.last_code()) + 1) % 10**6:06d}"


def account_of(sim: Simulator) -> SimAccount:
    """The simulator's first (in the fixture, only) account."""
    return next(iter(sim.accounts.values()))


def entry_data(sim: Simulator) -> dict[str, Any]:
    """The settings an entry of the simulator's account keeps."""
    account = account_of(sim)
    return {
        CONF_USERNAME: account.username,
        CONF_PASSWORD: account.password,
        CONF_PHONE: account.contact_phone,
        CONF_BASE_URL: sim.base_url,
    }


def user_input(sim: Simulator, **changes: Any) -> dict[str, Any]:
    """The user step's fields for the simulator's account, the address in its section."""
    account = account_of(sim)
    return {
        CONF_USERNAME: account.username,
        CONF_PASSWORD: account.password,
        CONF_PHONE: account.contact_phone,
        SECTION_ADVANCED: {CONF_BASE_URL: changes.pop(CONF_BASE_URL, sim.base_url)},
    } | changes


async def start_flow(hass: HomeAssistant, sim: Simulator, **changes: Any) -> ConfigFlowResult:
    """Open the flow and submit the user step."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(sim, **changes)
    )


async def finish_with_code(
    hass: HomeAssistant, sim: Simulator, result: ConfigFlowResult, method: str = "sms"
) -> ConfigFlowResult:
    """Pick the method when asked, then type the code the phone received."""
    if result["step_id"] == "method":
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_METHOD: method}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "code"
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CODE: sim.last_code()}
    )


async def set_up_entry(hass: HomeAssistant, sim: Simulator) -> ConfigEntry:
    """Add the account through the whole flow (SMS); wait for its sensors and back-fill."""
    result = await finish_with_code(hass, sim, await start_flow(hass, sim))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    return result["result"]


async def start_reauth(hass: HomeAssistant, entry: ConfigEntry) -> ConfigFlowResult:
    """Open the reauth flow of an entry, as Home Assistant does on an auth failure."""
    return await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_REAUTH, "entry_id": entry.entry_id},
        data=entry.data,
    )


def lapse_needing_code(sim: Simulator) -> None:
    """The site drops the session and no longer knows the browser."""
    sim.expire_sessions()
    sim.forget_devices()


async def sign_in_again(hass: HomeAssistant, sim: Simulator, entry: ConfigEntry) -> None:
    """The user opens the waiting reauth, submits, and types the code."""
    (flow,) = reauth_flows(hass, entry)
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    result = await finish_with_code(hass, sim, result)
    assert result["reason"] == "reauth_successful"
    # The entry goes on with the flow's client in the background, without a reload.
    await hass.async_block_till_done(wait_background_tasks=True)


async def start_reconfigure(hass: HomeAssistant, entry: ConfigEntry) -> ConfigFlowResult:
    """Open the reconfigure flow of an entry."""
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )


def entity_ids(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, str]:
    """Unique id -> entity id of the entry's entities."""
    return {
        item.unique_id: item.entity_id
        for item in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }


def reauth_flows(hass: HomeAssistant, entry: ConfigEntry) -> list[ConfigFlowResult]:
    """Reauth flows in progress for the entry."""
    return list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))


async def use_blueprint(
    hass: HomeAssistant, config_dir: Path, blueprint: Path, inputs: dict[str, Any]
) -> str:
    """Install a shipped blueprint as a user would, make an automation of it, return its id.

    The configuration is written to configuration.yaml too, which automation.reload reads.
    """
    hass.config.config_dir = str(config_dir)
    name = blueprint.stem
    config = {
        "automation": [
            {
                "id": f"ocn_{name}",
                "alias": f"OCN {name}",
                "use_blueprint": {"path": f"ocn_dotphone/{blueprint.name}", "input": inputs},
            }
        ]
    }
    target = Path(hass.config.path("blueprints/automation/ocn_dotphone", blueprint.name))

    def install() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(blueprint, target)
        Path(hass.config.path("configuration.yaml")).write_text(yaml.safe_dump(config))

    await hass.async_add_executor_job(install)
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    entity_id = f"automation.ocn_{name}"
    assert hass.states.get(entity_id).state == "on"
    return entity_id


async def until(condition: Callable[[], bool]) -> None:
    """Wait until ``condition`` holds, checking every hundredth of a second (for ten seconds)."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail("the condition never held")
