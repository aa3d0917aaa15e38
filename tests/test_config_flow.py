"""Config, reauth, reconfigure and options flows against the simulator over HTTP."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocn_dotphone.client import (
    CodeRequired,
    OcnMyPageClient,
    SessionExpired,
    TooManyAttempts,
    UnrecognizedPage,
)
from custom_components.ocn_dotphone.const import (
    CONF_BASE_URL,
    CONF_CALL_KEY,
    CONF_CODE,
    CONF_METHOD,
    CONF_PHONE,
    CONF_RESEND,
    CONF_SHOW_NUMBERS,
    CONF_UPDATE_INTERVAL,
    DOMAIN,
)
from custom_components.ocn_dotphone.phone import mask_phone
from ocn_simulator import SimAccount, SimContract, Simulator

from .helpers import (
    account_of,
    entry_data,
    finish_with_code,
    lapse_needing_code,
    set_up_entry,
    start_flow,
    start_reauth,
    start_reconfigure,
    user_input,
    wrong_code,
)

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")

FIXED_LINE = "0312345678"


# An account whose contact number is a fixed line: voice only.
FIXED_LINE_ACCOUNT = SimAccount(
    username="office@ocn.ne.jp",
    password="office-pass",
    contact_phone=FIXED_LINE,
    customer_number="N9876543210",
    contracts=[
        SimContract("C0000000011", "05055556666", "OCNドットフォン オフィス"),
        SimContract("C0000000012", "05077778888", "050あんしんナンバー"),
    ],
)
MODERN_ACCOUNT = SimAccount(
    username="modern@ocn.ne.jp",
    password="modern-pass",
    contact_phone="07012345678",
    customer_number="N2222222222",
    contracts=[SimContract("C0000000031", "05099990000")],
)


@pytest.mark.every_skin
async def test_user_flow_sms(hass: HomeAssistant, simulator: Simulator) -> None:
    """Full-width, hyphenated input; SMS chosen; code typed full-width."""
    account = account_of(simulator)
    phone = account.contact_phone
    typed_phone = f"{phone[:3]}-{phone[3:7]} {phone[7:]}".translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    result = await start_flow(hass, simulator, phone=typed_phone)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "method"
    assert result["description_placeholders"] == {"phone": mask_phone(phone)}
    assert simulator.outbox == []

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    assert result["step_id"] == "code"
    assert [(sent.to, sent.method) for sent in simulator.outbox] == [(phone, "sms")]
    assert result["description_placeholders"]["method"] == "SMS"
    assert result["description_placeholders"]["minutes"] == "30"

    code = simulator.last_code().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_CODE: code})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "OCN My Page"
    await hass.async_block_till_done()

    entry = result["result"]
    assert entry.unique_id == account.customer_number
    assert entry.state is ConfigEntryState.LOADED
    # The cookies went to the Store at setup; the entry keeps the settings, and the key of
    # the fingerprints of calls seen (calls.py), its own.
    data = dict(entry.data)
    assert len(bytes.fromhex(data.pop(CONF_CALL_KEY))) == 32
    assert data == {
        CONF_USERNAME: account.username,
        CONF_PASSWORD: account.password,
        CONF_PHONE: phone,
        CONF_BASE_URL: simulator.base_url,
    }
    assert entry.options == {CONF_UPDATE_INTERVAL: 6}
    assert len(simulator.outbox) == 1


@pytest.mark.parametrize("skin", ["frames"])
@pytest.mark.parametrize("simulator", [{"accounts": [FIXED_LINE_ACCOUNT]}], indirect=True)
async def test_landline_split_over_boxes_as_the_user_wrote_it(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Boxes of 5, 4 and 4 digits: a landline typed without hyphens could be 03-1234 or
    031-234; the user is asked for the hyphens, and the split is kept for the reauth.
    """
    simulator.skin.contact_widths = (5, 4, 4)
    result = await start_flow(hass, simulator)
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "contact_split"}
    assert simulator.outbox == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(simulator, **{CONF_PHONE: "03-1234-5678"})
    )
    assert result["step_id"] == "code"
    assert [(sent.to, sent.method) for sent in simulator.outbox] == [(FIXED_LINE, "voice")]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CODE: simulator.last_code()}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert entry.data[CONF_PHONE] == FIXED_LINE
    await hass.async_block_till_done()

    lapse_needing_code(simulator)
    result = await start_reauth(hass, entry)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "code"
    assert [sent.to for sent in simulator.outbox] == [FIXED_LINE, FIXED_LINE]


@pytest.mark.every_skin
@pytest.mark.parametrize(
    "simulator", [{"accounts": [FIXED_LINE_ACCOUNT], "seed": 2}], indirect=True
)
async def test_user_flow_voice_only(hass: HomeAssistant, simulator: Simulator) -> None:
    """A fixed-line number gets voice only: the method step is skipped."""
    result = await start_flow(hass, simulator)
    assert result["step_id"] == "code"
    assert [(sent.to, sent.method) for sent in simulator.outbox] == [(FIXED_LINE, "voice")]
    assert result["description_placeholders"]["method"] == "Voice call"
    assert result["description_placeholders"]["phone"] == mask_phone(FIXED_LINE) == "03-****-5678"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CODE: simulator.last_code()}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == "N9876543210"
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    "simulator", [{"accounts": [MODERN_ACCOUNT], "layout": "modern"}], indirect=True
)
@pytest.mark.parametrize("radios", [False, True], ids=["number in a select", "number as radios"])
async def test_modern_layout(hass: HomeAssistant, simulator: Simulator, radios: bool) -> None:
    """The newer site shape (number and method on one screen) walks the same steps, the
    registered numbers offered in a select or as radio buttons.
    """
    simulator.skin.contact_radios = radios
    result = await start_flow(hass, simulator)
    assert result["step_id"] == "method"
    result = await finish_with_code(hass, simulator, result, "sms")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert [sent.method for sent in simulator.outbox] == ["sms"]
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED
    assert await hass.config_entries.async_unload(result["result"].entry_id)


@pytest.mark.parametrize("advanced_mode", [None, False, True])
async def test_site_address_in_a_collapsed_section(
    hass: HomeAssistant, simulator: Simulator, advanced_mode: bool | None
) -> None:
    """The address is in a collapsed section, whatever the profile's advanced mode.

    Newer releases no longer pass that mode to a flow (None); older ones do.
    """
    context: dict[str, Any] = {"source": SOURCE_USER}
    if advanced_mode is not None:
        context["show_advanced_options"] = advanced_mode
    result = await hass.config_entries.flow.async_init(DOMAIN, context=context)
    schema = result["data_schema"].schema
    assert set(schema) == {CONF_USERNAME, CONF_PASSWORD, CONF_PHONE, "advanced"}
    assert schema["advanced"].options == {"collapsed": True}
    account = account_of(simulator)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_USERNAME: account.username,
            CONF_PASSWORD: account.password,
            CONF_PHONE: account.contact_phone,
            "advanced": {CONF_BASE_URL: simulator.base_url},
        },
    )
    result = await finish_with_code(hass, simulator, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_BASE_URL] == simulator.base_url


@pytest.mark.every_skin
async def test_resend(hass: HomeAssistant, simulator: Simulator) -> None:
    """再通知 sends a new code without starting over."""
    result = await start_flow(hass, simulator)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_METHOD: "voice"}
    )
    assert len(simulator.outbox) == 1

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_RESEND: True})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "code"
    assert result["errors"] == {}
    assert [sent.method for sent in simulator.outbox] == ["voice", "voice"]

    result = await finish_with_code(hass, simulator, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({CONF_PASSWORD: "wrong-password"}, "base", "invalid_auth"),
        ({CONF_PHONE: "09099998888"}, "base", "contact_mismatch"),
        ({CONF_PHONE: "12345"}, CONF_PHONE, "invalid_phone"),
    ],
)
async def test_user_errors_recover(
    hass: HomeAssistant,
    simulator: Simulator,
    changes: dict[str, str],
    field: str,
    error: str,
) -> None:
    """A wrong field shows on the user form; fixing it carries on."""
    result = await start_flow(hass, simulator, **changes)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {field: error}
    assert simulator.outbox == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(simulator)
    )
    assert result["step_id"] == "method"
    result = await finish_with_code(hass, simulator, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.mark.every_skin
async def test_wrong_code_keeps_form(hass: HomeAssistant, simulator: Simulator) -> None:
    """A wrong or malformed code stays on the code form."""
    result = await start_flow(hass, simulator)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    wrong = wrong_code(simulator)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_CODE: wrong})
    assert result["step_id"] == "code"
    assert result["errors"] == {CONF_CODE: "invalid_code"}

    requests = simulator.requests.copy()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_CODE: "12ab"})
    assert result["step_id"] == "code"
    assert result["errors"] == {CONF_CODE: "invalid_code"}
    assert simulator.requests == requests

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CODE: simulator.last_code()}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(simulator.outbox) == 1
    await hass.async_block_till_done()


@pytest.mark.every_skin
async def test_too_many_wrong_codes(hass: HomeAssistant, simulator: Simulator) -> None:
    """The site stops taking codes: the flow ends."""
    result = await start_flow(hass, simulator)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    wrong = wrong_code(simulator)
    for _ in range(10):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_CODE: wrong}
        )
        if result["type"] is FlowResultType.ABORT:
            break
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "too_many_attempts"


@pytest.mark.every_skin
async def test_expired_code(hass: HomeAssistant, simulator: Simulator) -> None:
    """An expired code leads back to the method step to send a new one."""
    result = await start_flow(hass, simulator)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    old_code = simulator.last_code()
    simulator.advance(timedelta(minutes=31))

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CODE: old_code}
    )
    assert result["step_id"] == "method"
    assert result["errors"] == {"base": "code_expired"}

    result = await finish_with_code(hass, simulator, result, "voice")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert [sent.method for sent in simulator.outbox] == ["sms", "voice"]
    await hass.async_block_till_done()


async def test_maintenance(hass: HomeAssistant, simulator: Simulator) -> None:
    """Maintenance shows as an error, with its end when the site gives one."""
    simulator.maintenance = True
    result = await start_flow(hass, simulator)
    assert result["errors"] == {"base": "maintenance"}

    simulator.maintenance = False
    simulator.maintenance_until = datetime.now() + timedelta(hours=2)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(simulator)
    )
    assert result["errors"] == {"base": "maintenance_until"}
    assert result["description_placeholders"]["until"]

    simulator.maintenance_until = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(simulator)
    )
    assert result["step_id"] == "method"


async def test_cannot_connect(hass: HomeAssistant, simulator: Simulator) -> None:
    """Nothing listening at the address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    result = await start_flow(
        hass, simulator, **{CONF_BASE_URL: f"http://127.0.0.1:{closed_port}/"}
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_site_stops_mid_flow(hass: HomeAssistant, simulator: Simulator) -> None:
    """The site going away at the method step keeps the form for a retry."""
    result = await start_flow(hass, simulator)
    await simulator.stop()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_METHOD: "sms"})
    assert result["step_id"] == "method"
    assert result["errors"] == {"base": "cannot_connect"}


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (UnrecognizedPage("login page", "something else"), "unrecognized_page"),
        (SessionExpired(), "session_expired"),
        (CodeRequired(), "code_required"),
        (RuntimeError("boom"), "unknown"),
    ],
)
async def test_other_errors(
    hass: HomeAssistant, simulator: Simulator, error: Exception, expected: str
) -> None:
    """Errors the simulator cannot be told to produce."""
    with patch.object(OcnMyPageClient, "login", side_effect=error):
        result = await start_flow(hass, simulator)
    assert result["errors"] == {"base": expected}


async def test_login_locked(hass: HomeAssistant, simulator: Simulator) -> None:
    """The site refusing more logins ends the flow."""
    with patch.object(OcnMyPageClient, "login", side_effect=TooManyAttempts):
        result = await start_flow(hass, simulator)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "too_many_attempts"


async def test_already_configured_by_customer_number(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The same customer number under another OCN ID spelling is a duplicate."""
    account = account_of(simulator)
    MockConfigEntry(
        domain=DOMAIN,
        unique_id=account.customer_number,
        data={CONF_USERNAME: "other@ocn.ne.jp"},
    ).add_to_hass(hass)
    result = await finish_with_code(hass, simulator, await start_flow(hass, simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_already_configured_by_username(hass: HomeAssistant, simulator: Simulator) -> None:
    """A configured OCN ID is refused before anything is sent."""
    await set_up_entry(hass, simulator)
    result = await start_flow(hass, simulator)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(simulator.outbox) == 1


async def test_second_dialog_for_the_same_account(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A second dialog for an OCN ID being added ends before the site is asked for a code."""
    first = await hass.config_entries.flow.async_configure(
        (await start_flow(hass, simulator))["flow_id"], {CONF_METHOD: "sms"}
    )
    assert first["step_id"] == "code"
    logins = simulator.requests["login"]
    username = account_of(simulator).username
    second = await start_flow(hass, simulator, **{CONF_USERNAME: f" {username.upper()} "})
    assert second["type"] is FlowResultType.ABORT
    assert second["reason"] == "already_in_progress"
    assert simulator.requests["login"] == logins
    assert len(simulator.outbox) == 1

    result = await hass.config_entries.flow.async_configure(
        first["flow_id"], {CONF_CODE: simulator.last_code()}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == account_of(simulator).customer_number


@pytest.mark.every_skin
async def test_reauth_sends_nothing_until_submitted(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The reauth form names the account; the code goes out only after submit."""
    entry = await set_up_entry(hass, simulator)
    simulator.expire_sessions()
    simulator.forget_devices()

    result = await start_reauth(hass, entry)
    assert result["step_id"] == "reauth_confirm"
    account = account_of(simulator)
    assert result["description_placeholders"] | {"name": ""} == {
        "name": "",
        "account": account.username,
        "phone": mask_phone(account.contact_phone),
    }
    assert len(simulator.outbox) == 1

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "method"
    result = await finish_with_code(hass, simulator, result)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert len(simulator.outbox) == 2


@pytest.mark.every_skin
async def test_reauth_remembered_browser(hass: HomeAssistant, simulator: Simulator) -> None:
    """With the stored cookies the site skips the code."""
    entry = await set_up_entry(hass, simulator)
    simulator.expire_sessions()

    result = await start_reauth(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: account_of(simulator).password}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert len(simulator.outbox) == 1
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


@pytest.mark.every_skin
async def test_reauth_wrong_password(hass: HomeAssistant, simulator: Simulator) -> None:
    """A wrong new password stays on the reauth form."""
    entry = await set_up_entry(hass, simulator)
    result = await start_reauth(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "wrong-password"}
    )
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "invalid_auth"}
    assert result["description_placeholders"]["account"] == account_of(simulator).username


async def test_reauth_other_account(hass: HomeAssistant, simulator: Simulator) -> None:
    """Signing in to another customer number does not overwrite the entry."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="N0000000000",
        data=entry_data(simulator),
    )
    entry.add_to_hass(hass)
    result = await start_reauth(hass, entry)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await finish_with_code(hass, simulator, result)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"


async def test_reconfigure_remembered_browser(hass: HomeAssistant, simulator: Simulator) -> None:
    """New password and number are checked by a login, then saved."""
    entry = await set_up_entry(hass, simulator)
    account = account_of(simulator)
    account.password = "new-pass"
    simulator.expire_sessions()

    result = await start_reconfigure(hass, entry)
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "wrong-pass", CONF_PHONE: "090-1234-5678"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "new-pass", CONF_PHONE: "1"}
    )
    assert result["errors"] == {CONF_PHONE: "invalid_phone"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "new-pass", CONF_PHONE: "090-1234-5678"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_PASSWORD] == "new-pass"
    assert entry.data[CONF_PHONE] == "09012345678"
    assert entry.state is ConfigEntryState.LOADED
    assert len(simulator.outbox) == 1


async def test_reconfigure_with_code(hass: HomeAssistant, simulator: Simulator) -> None:
    """When the site wants a code while checking, the code steps follow."""
    entry = await set_up_entry(hass, simulator)
    simulator.expire_sessions()
    simulator.forget_devices()

    result = await start_reconfigure(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PHONE: account_of(simulator).contact_phone}
    )
    assert result["step_id"] == "method"
    result = await finish_with_code(hass, simulator, result, "voice")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_reconfigure_other_account(hass: HomeAssistant, simulator: Simulator) -> None:
    """Reconfigure cannot move the entry to another customer number."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="N0000000000",
        data=entry_data(simulator),
    )
    entry.add_to_hass(hass)
    result = await start_reconfigure(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PHONE: account_of(simulator).contact_phone}
    )
    result = await finish_with_code(hass, simulator, result)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"


async def test_options(hass: HomeAssistant, simulator: Simulator) -> None:
    """The interval applies without a reload."""
    entry = await set_up_entry(hass, simulator)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_UPDATE_INTERVAL: 12.0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {CONF_UPDATE_INTERVAL: 12, CONF_SHOW_NUMBERS: False}
    assert entry.runtime_data.update_interval == timedelta(hours=12)


async def test_options_not_loaded(hass: HomeAssistant, simulator: Simulator) -> None:
    """Options of an entry that is not running are saved for its next setup."""
    entry = MockConfigEntry(domain=DOMAIN, data=entry_data(simulator))
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_UPDATE_INTERVAL: 3}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {CONF_UPDATE_INTERVAL: 3, CONF_SHOW_NUMBERS: False}


async def test_a_second_account_is_numbered_without_its_customer_number(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Titles never show the customer number; a second account's says it is the second."""
    MockConfigEntry(domain=DOMAIN, unique_id="N9999999999", title="OCN My Page").add_to_hass(hass)
    result = await finish_with_code(hass, simulator, await start_flow(hass, simulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "OCN My Page 2"
    assert account_of(simulator).customer_number not in result["title"]
