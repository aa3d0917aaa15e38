"""The rest of the real login in Home Assistant: email code, site notices, choice, two hosts."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import CONF_PASSWORD, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations

from custom_components.ocn_dotphone.const import CONF_CODE, CONF_EMAIL_OTP, DOMAIN
from ocn_simulator import Simulator

from .helpers import (
    account_of,
    entity_ids,
    finish_with_code,
    reauth_flows,
    start_flow,
    start_reauth,
    start_reconfigure,
    user_input,
    wrong_code,
)

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")

LANGUAGES = ["en", "ja"]
# What a reader of each language sees on the email code step and the site's notices.
WORDS = {
    "en": {
        "email_code": "one-time password",
        "email_code_expired": "has expired",
        "password_change_required": "change the password",
        "terms_required": "agree",
    },
    "ja": {
        "email_code": "ワンタイムパスワード",
        "email_code_expired": "有効期限が切れました",
        "password_change_required": "パスワードを変更",
        "terms_required": "同意",
    },
}
FLAGS = ("email_otp", "password_change_requested", "terms_pending")


def sent(sim: Simulator) -> list[str]:
    """How each code went out, in order."""
    return [code.method for code in sim.outbox]


async def shown(hass: HomeAssistant, result: ConfigFlowResult) -> str:
    """The form's title, description and errors as the user reads them in their language."""
    translations = await async_get_translations(hass, hass.config.language, "config", [DOMAIN])
    prefix = f"component.{DOMAIN}.config"
    placeholders = result["description_placeholders"] or {}
    texts = [
        translations[f"{prefix}.step.{result['step_id']}.title"],
        translations[f"{prefix}.step.{result['step_id']}.description"].format(**placeholders),
    ]
    texts += [
        translations[f"{prefix}.error.{error}"].format(**placeholders)
        for error in (result["errors"] or {}).values()
    ]
    return "\n".join(texts)


async def type_email_code(
    hass: HomeAssistant, sim: Simulator, result: ConfigFlowResult, code: str | None = None
) -> ConfigFlowResult:
    """Type the code the OCN ID's mailbox received."""
    assert result["step_id"] == "email_code"
    assert sim.outbox[-1].method == "email"
    assert sim.outbox[-1].to == account_of(sim).username
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CODE: code or sim.last_code()}
    )


async def add_entry(hass: HomeAssistant, sim: Simulator) -> ConfigEntry:
    """Walk the whole user flow, with the email code when the site asks for it."""
    result = await start_flow(hass, sim)
    if result["step_id"] == "email_code":
        result = await type_email_code(hass, sim, result)
    result = await finish_with_code(hass, sim, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    return entry


def contract_of(sim: Simulator) -> str:
    """The contract number of the account's only contract."""
    return account_of(sim).contracts[0].contract_number


def total_state(hass: HomeAssistant, entry: ConfigEntry, sim: Simulator) -> str:
    """State of the current month total sensor."""
    return hass.states.get(entity_ids(hass, entry)[f"{contract_of(sim)}_total"]).state


def site_total(sim: Simulator) -> str:
    """The current month total the site shows."""
    return str(sim.statement(contract_of(sim), sim.months()[0]).total)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_user_flow_with_email_code(
    hass: HomeAssistant, simulator: Simulator, language: str
) -> None:
    """One login, one mail; a wrong code stays on the step; the flag lands in the entry."""
    hass.config.language = language
    result = await start_flow(hass, simulator)
    assert result["step_id"] == "email_code"
    assert sent(simulator) == ["email"]
    assert result["description_placeholders"]["account"] == account_of(simulator).username
    assert WORDS[language]["email_code"] in await shown(hass, result)

    for wrong in ("12", wrong_code(simulator)):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_CODE: wrong}
        )
        assert result["step_id"] == "email_code"
        assert result["errors"] == {CONF_CODE: "invalid_code"}
    assert sent(simulator) == ["email"]

    result = await type_email_code(hass, simulator, result, simulator.last_code())
    assert result["step_id"] == "method"
    result = await finish_with_code(hass, simulator, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_EMAIL_OTP] is True
    assert sent(simulator) == ["email", "sms"]
    assert simulator.requests["login"] == 2  # the form, then its one submit


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_expired_email_code_starts_again(
    hass: HomeAssistant, simulator: Simulator, language: str
) -> None:
    """An expired mail sends the user back to the first form; its submit mails a new one."""
    hass.config.language = language
    result = await start_flow(hass, simulator)
    simulator.advance(timedelta(minutes=31))
    result = await type_email_code(hass, simulator, result)
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "email_code_expired"}
    assert WORDS[language]["email_code_expired"] in await shown(hass, result)
    assert sent(simulator) == ["email"]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(simulator)
    )
    assert sent(simulator) == ["email", "email"]
    result = await type_email_code(hass, simulator, result)
    assert result["step_id"] == "method"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_lapse_goes_to_reauth_without_a_login(
    hass: HomeAssistant, simulator: Simulator, language: str
) -> None:
    """On an email-code account a lapse mails nothing; the reauth submit does, once."""
    hass.config.language = language
    entry = await add_entry(hass, simulator)
    simulator.expire_sessions()

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert total_state(hass, entry, simulator) == STATE_UNAVAILABLE
    assert sent(simulator) == ["email", "sms"]
    flows = reauth_flows(hass, entry)
    assert len(flows) == 1
    # A second refresh (by the user, say) does not log in either.
    await entry.runtime_data.async_refresh()
    assert sent(simulator) == ["email", "sms"]

    result = await hass.config_entries.flow.async_configure(flows[0]["flow_id"], {})
    assert sent(simulator) == ["email", "sms", "email"]
    assert WORDS[language]["email_code"] in await shown(hass, result)
    result = await type_email_code(hass, simulator, result)
    # The stored cookies remember the browser: no SMS this time.
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert sent(simulator) == ["email", "sms", "email"]
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_EMAIL_OTP] is True
    assert total_state(hass, entry, simulator) == site_total(simulator)


async def test_account_turns_email_code_on(hass: HomeAssistant, simulator: Simulator) -> None:
    """The first lapse after the switch costs one mail; later ones none."""
    entry = await add_entry(hass, simulator)
    assert CONF_EMAIL_OTP not in entry.data
    account_of(simulator).email_otp = True
    simulator.expire_sessions()

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert sent(simulator) == ["sms", "email"]
    assert entry.data[CONF_EMAIL_OTP] is True
    assert len(reauth_flows(hass, entry)) == 1
    await entry.runtime_data.async_refresh()
    assert sent(simulator) == ["sms", "email"]


@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_account_turns_email_code_off(hass: HomeAssistant, simulator: Simulator) -> None:
    """A reauth without the email step clears the flag: lapses heal silently again."""
    entry = await add_entry(hass, simulator)
    account_of(simulator).email_otp = False
    simulator.expire_sessions()

    result = await hass.config_entries.flow.async_configure(
        (await start_reauth(hass, entry))["flow_id"], {}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_EMAIL_OTP] is False

    simulator.expire_sessions()
    await entry.runtime_data.async_refresh()
    assert entry.runtime_data.last_update_success
    assert reauth_flows(hass, entry) == []
    assert sent(simulator) == ["email", "sms"]


@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_reconfigure_with_email_code(hass: HomeAssistant, simulator: Simulator) -> None:
    """Reconfigure checks the password by one login, and so one mail."""
    entry = await add_entry(hass, simulator)
    simulator.expire_sessions()
    result = await start_reconfigure(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "wrong", "phone": account_of(simulator).contact_phone}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"phone": account_of(simulator).contact_phone}
    )
    result = await type_email_code(hass, simulator, result)
    assert result["reason"] == "reconfigure_successful"
    assert sent(simulator) == ["email", "sms", "email"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("simulator", "error"),
    [
        ({"password_change_requested": True}, "password_change_required"),
        ({"terms_pending": True}, "terms_required"),
        ({"password_change_requested": True, "email_otp": True}, "password_change_required"),
        ({"terms_pending": True, "email_otp": True}, "terms_required"),
    ],
    indirect=["simulator"],
)
async def test_site_notices_in_the_flow(
    hass: HomeAssistant, simulator: Simulator, error: str, language: str
) -> None:
    """The flow says what to do on the simulator, then lets the user try again."""
    hass.config.language = language
    account = account_of(simulator)
    result = await start_flow(hass, simulator)
    if account.email_otp:
        result = await type_email_code(hass, simulator, result)
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": error}
    assert WORDS[language][error] in await shown(hass, result)
    assert "sms" not in sent(simulator)
    assert account.terms_pending is (error == "terms_required")  # nothing agreed for them

    # Done on the site by the person: a new password, or the terms agreed.
    account.password_change_requested = account.terms_pending = False
    account.password = "new password 050"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(simulator)
    )
    if account.email_otp:
        result = await type_email_code(hass, simulator, result)
    assert result["step_id"] == "method"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "notice",
    [
        ("password_change_requested", "password_change_required"),
        ("terms_pending", "terms_required"),
    ],
)
async def test_site_notice_after_a_lapse(
    hass: HomeAssistant,
    simulator: Simulator,
    notice: tuple[str, str],
    language: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One repair issue, sensors unavailable, one log line; gone once the site lets us in."""
    flag, key = notice  # the simulator's switch, the integration's key
    hass.config.language = language
    entry = await add_entry(hass, simulator)
    account = account_of(simulator)
    setattr(account, flag, True)
    simulator.expire_sessions()
    registry = ir.async_get(hass)
    issue_id = f"{key}_{entry.entry_id}"

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            await entry.runtime_data.async_refresh()
            await hass.async_block_till_done()
    assert len(caplog.records) == 1
    assert total_state(hass, entry, simulator) == STATE_UNAVAILABLE
    assert reauth_flows(hass, entry) == []
    issues = [i for i in registry.issues.values() if i.domain == DOMAIN]
    assert [i.issue_id for i in issues] == [issue_id]
    issue = issues[0]
    assert issue.severity is ir.IssueSeverity.ERROR
    assert not issue.is_fixable
    assert issue.learn_more_url == simulator.base_url
    translations = await async_get_translations(hass, language, "issues", [DOMAIN])
    prefix = f"component.{DOMAIN}.issues.{key}"
    description = translations[f"{prefix}.description"].format(**issue.translation_placeholders)
    assert entry.title in description
    assert WORDS[language][key] in translations[f"{prefix}.title"] + description
    assert sent(simulator) == ["sms"]

    # Done on the site by the person: the next refresh reads again and clears the issue.
    setattr(account, flag, False)
    await entry.runtime_data.async_refresh()
    assert entry.runtime_data.last_update_success
    assert registry.async_get_issue(DOMAIN, issue_id) is None
    # The issue also goes with the entry.
    setattr(account, flag, True)
    simulator.expire_sessions()
    await entry.runtime_data.async_refresh()
    assert registry.async_get_issue(DOMAIN, issue_id) is not None
    await hass.config_entries.async_remove(entry.entry_id)
    assert registry.async_get_issue(DOMAIN, issue_id) is None


@pytest.mark.parametrize(
    "simulator",
    [
        {"login_host": "localhost", "login_choice": True},
        {"login_host": "localhost", "login_choice": True, "layout": "modern", "email_otp": True},
    ],
    indirect=True,
)
async def test_login_choice_on_its_own_host(hass: HomeAssistant, simulator: Simulator) -> None:
    """Through the choice screen, the login host and back, then a lapse and a reauth."""
    entry = await add_entry(hass, simulator)
    assert simulator.requests["login_choice"] == 1
    assert total_state(hass, entry, simulator) == site_total(simulator)
    codes = len(simulator.outbox)

    simulator.expire_sessions()
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    if not account_of(simulator).email_otp:
        # Cookies of both hosts came back from the Store: a silent login, no code.
        assert entry.runtime_data.last_update_success
        assert len(simulator.outbox) == codes
        return
    flows = reauth_flows(hass, entry)
    result = await hass.config_entries.flow.async_configure(flows[0]["flow_id"], {})
    result = await type_email_code(hass, simulator, result)
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert len(simulator.outbox) == codes + 1
    assert total_state(hass, entry, simulator) == site_total(simulator)


@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_reauth_and_reconfigure_start_again_from_their_forms(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """After the email step, a new login starts from the form that asked for the password."""
    entry = await add_entry(hass, simulator)
    simulator.expire_sessions()
    result = await start_reauth(hass, entry)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    simulator.advance(timedelta(minutes=31))
    result = await type_email_code(hass, simulator, result)
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "email_code_expired"}
    assert result["description_placeholders"]["account"] == account_of(simulator).username
    hass.config_entries.flow.async_abort(result["flow_id"])

    account_of(simulator).terms_pending = True
    result = await start_reconfigure(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"phone": account_of(simulator).contact_phone}
    )
    result = await type_email_code(hass, simulator, result)
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {"base": "terms_required"}
    assert sent(simulator) == ["email", "sms", "email", "email"]
