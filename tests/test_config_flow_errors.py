"""Every error branch of the config flow, with a mocked client: what each step shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from unittest.mock import AsyncMock, MagicMock, patch

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ocn_dotphone.client import (
    Account,
    AuthMethod,
    CannotConnect,
    CodeExpired,
    CodeRequired,
    ContactNumberAmbiguous,
    ContactNumberMismatch,
    Contract,
    InvalidCode,
    InvalidCredentials,
    LoginResult,
    Maintenance,
    OcnError,
    PasswordChangeRequired,
    SessionExpired,
    TermsAcceptanceRequired,
    TooManyAttempts,
    UnrecognizedPage,
)
from custom_components.ocn_dotphone.client.capture import Capture
from custom_components.ocn_dotphone.const import (
    CONF_BASE_URL,
    CONF_CODE,
    CONF_METHOD,
    CONF_PHONE,
    DOMAIN,
)

from .helpers import CUSTOMER_NUMBER, MOBILE, PASSWORD, USERNAME

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

ENTRY_DATA = {
    CONF_USERNAME: USERNAME,
    CONF_PASSWORD: PASSWORD,
    CONF_PHONE: MOBILE,
    CONF_BASE_URL: "http://127.0.0.1:1/",
}
#: The user form as submitted: the address in its section.
USER_INPUT = {
    **{key: value for key, value in ENTRY_DATA.items() if key != CONF_BASE_URL},
    "advanced": {CONF_BASE_URL: ENTRY_DATA[CONF_BASE_URL]},
}
ACCOUNT = Account(CUSTOMER_NUMBER, (Contract("C0000000001", "05011112222", "OCN"),))
#: Client errors and the form error each shows, wherever the site raises it.
ERRORS: list[tuple[Exception, str]] = [
    (InvalidCredentials(), "invalid_auth"),
    (ContactNumberMismatch(), "contact_mismatch"),
    (ContactNumberAmbiguous(), "contact_ambiguous"),
    (CannotConnect(), "cannot_connect"),
    (Maintenance(), "maintenance"),
    (Maintenance(datetime(2026, 1, 1, 6, tzinfo=UTC)), "maintenance_until"),
    (UnrecognizedPage("the login page", "a page without a form"), "unrecognized_page"),
    (SessionExpired(), "session_expired"),
    (CodeRequired(), "code_required"),
    (PasswordChangeRequired(), "password_change_required"),
    (TermsAcceptanceRequired(), "terms_required"),
    (OcnError(), "update_failed"),
    (RuntimeError("boom"), "unknown"),
]


@pytest.fixture
def client() -> Iterator[MagicMock]:
    """The flow's client: logs in to the contact number step, offers SMS and voice."""
    with (
        patch(
            "custom_components.ocn_dotphone.config_flow.OcnMyPageClient", autospec=True
        ) as client_class,
        patch("custom_components.ocn_dotphone.async_setup_entry", AsyncMock(return_value=True)),
    ):
        client = client_class.return_value
        client.login.return_value = LoginResult.CONTACT_NUMBER
        client.submit_email_code.return_value = LoginResult.CONTACT_NUMBER
        client.submit_contact_number.return_value = (AuthMethod.SMS, AuthMethod.VOICE)
        client.get_account.return_value = ACCOUNT
        client.export_session.return_value = {"cookies": []}
        # An instance attribute, which autospec cannot see: an empty capture.
        client.capture = Capture()
        yield client


async def submit(hass: HomeAssistant, flow_id: str, user_input: dict[str, Any]) -> Any:
    """Submit a form of the flow."""
    return await hass.config_entries.flow.async_configure(flow_id, user_input)


async def start(hass: HomeAssistant) -> Any:
    """Open the flow and submit the user step."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    return await submit(hass, result["flow_id"], USER_INPUT)


async def to_code_step(hass: HomeAssistant) -> Any:
    """Sign in up to the code step, with SMS."""
    result = await start(hass)
    return await submit(hass, result["flow_id"], {CONF_METHOD: AuthMethod.SMS})


def suggested(fields: dict[Any, Any]) -> dict[str, Any]:
    """Return the values a form's fields are filled with."""
    return {
        str(key): key.description["suggested_value"]
        for key in fields
        if key.description and "suggested_value" in key.description
    }


def assert_form(result: Any, step_id: str, errors: dict[str, str]) -> None:
    """Check that the flow shows ``step_id`` with ``errors``."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == step_id
    assert (result["errors"] or {}) == errors


@pytest.mark.parametrize(("error", "key"), ERRORS)
async def test_user_step(
    hass: HomeAssistant, client: MagicMock, error: Exception, key: str
) -> None:
    """A failed sign-in shows on the user form; submitting again goes on."""
    client.login.side_effect = error
    result = await start(hass)
    assert_form(result, "user", {"base": key})
    if key == "maintenance_until":
        assert result["description_placeholders"]["until"]

    client.login.side_effect = None
    result = await submit(hass, result["flow_id"], USER_INPUT)
    assert_form(result, "method", {})


async def test_user_form_keeps_what_was_typed(hass: HomeAssistant, client: MagicMock) -> None:
    """After an error the form shows what was typed, the address in its section, no password."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    client.login.side_effect = CannotConnect
    result = await submit(hass, result["flow_id"], USER_INPUT)
    assert_form(result, "user", {"base": "cannot_connect"})
    fields = result["data_schema"].schema
    assert suggested(fields) == {CONF_USERNAME: USERNAME, CONF_PHONE: MOBILE}
    assert suggested(fields["advanced"].schema.schema) == USER_INPUT["advanced"]


@pytest.mark.parametrize(("error", "key"), ERRORS)
async def test_method_step(
    hass: HomeAssistant, client: MagicMock, error: Exception, key: str
) -> None:
    """A code that could not be sent shows on the method form; choosing again sends it."""
    client.request_code.side_effect = error
    result = await to_code_step(hass)
    assert_form(result, "method", {"base": key})

    client.request_code.side_effect = None
    result = await submit(hass, result["flow_id"], {CONF_METHOD: AuthMethod.VOICE})
    assert_form(result, "code", {})
    client.request_code.assert_called_with(AuthMethod.VOICE)


@pytest.mark.parametrize(("error", "key"), ERRORS)
async def test_code_step(
    hass: HomeAssistant, client: MagicMock, error: Exception, key: str
) -> None:
    """A failed code submission shows on the code form; submitting again saves the entry."""
    client.submit_code.side_effect = error
    result = await to_code_step(hass)
    result = await submit(hass, result["flow_id"], {CONF_CODE: "123456"})
    assert_form(result, "code", {"base": key})

    client.submit_code.side_effect = None
    result = await submit(hass, result["flow_id"], {CONF_CODE: "123456"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == CUSTOMER_NUMBER


async def test_code_step_wrong_and_expired_codes(hass: HomeAssistant, client: MagicMock) -> None:
    """A wrong code is the code field's error; an expired one asks for a new code."""
    result = await to_code_step(hass)
    client.submit_code.side_effect = InvalidCode
    result = await submit(hass, result["flow_id"], {CONF_CODE: "123456"})
    assert_form(result, "code", {CONF_CODE: "invalid_code"})

    client.submit_code.side_effect = CodeExpired
    result = await submit(hass, result["flow_id"], {CONF_CODE: "123456"})
    assert_form(result, "method", {"base": "code_expired"})


@pytest.mark.parametrize(("error", "key"), ERRORS)
async def test_email_code_step(
    hass: HomeAssistant, client: MagicMock, error: Exception, key: str
) -> None:
    """Past a wrong code the site wants a new login: back to the user form with the error."""
    client.login.return_value = LoginResult.EMAIL_CODE
    result = await start(hass)
    assert_form(result, "email_code", {})
    client.submit_email_code.side_effect = error
    result = await submit(hass, result["flow_id"], {CONF_CODE: "123456"})
    assert_form(result, "user", {"base": key})


@pytest.mark.parametrize(
    ("error", "step_id", "errors"),
    [
        (InvalidCode(), "email_code", {CONF_CODE: "invalid_code"}),
        (CodeExpired(), "user", {"base": "email_code_expired"}),
    ],
)
async def test_email_code_wrong_and_expired(
    hass: HomeAssistant, client: MagicMock, error: Exception, step_id: str, errors: dict[str, str]
) -> None:
    """A wrong mailed code may be typed again; an expired one needs a new login."""
    client.login.return_value = LoginResult.EMAIL_CODE
    result = await start(hass)
    client.submit_email_code.side_effect = error
    result = await submit(hass, result["flow_id"], {CONF_CODE: "123456"})
    assert_form(result, step_id, errors)


#: The form each way of signing in again starts with, and what the user types there.
AGAIN = {
    "reauth": ("reauth_confirm", {CONF_PASSWORD: "new password"}),
    "reconfigure": ("reconfigure", {CONF_PASSWORD: "new password", CONF_PHONE: MOBILE}),
}


@pytest.mark.parametrize(("error", "key"), ERRORS)
@pytest.mark.parametrize("source", AGAIN)
async def test_existing_entry_steps(
    hass: HomeAssistant, client: MagicMock, error: Exception, key: str, source: str
) -> None:
    """Reauth and reconfigure show a failed sign-in on their own form, and create nothing."""
    step_id, user_input = AGAIN[source]
    entry = MockConfigEntry(domain=DOMAIN, unique_id=CUSTOMER_NUMBER, data=ENTRY_DATA)
    entry.add_to_hass(hass)
    if source == "reauth":
        result = await entry.start_reauth_flow(hass)
    else:
        result = await entry.start_reconfigure_flow(hass)
    client.login.side_effect = error
    result = await submit(hass, result["flow_id"], user_input)
    assert_form(result, step_id, {"base": key})
    assert result["description_placeholders"]["account"] == USERNAME

    client.login.side_effect = None
    client.login.return_value = LoginResult.AUTHENTICATED
    result = await submit(hass, result["flow_id"], user_input)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == f"{source}_successful"
    assert entry.data[CONF_PASSWORD] == "new password"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


@pytest.mark.parametrize("failing", ["login", "request_code", "submit_code", "submit_email_code"])
async def test_too_many_attempts_ends_the_flow(
    hass: HomeAssistant, client: MagicMock, failing: str
) -> None:
    """The site refusing more attempts ends the flow at whichever step it happens."""
    getattr(client, failing).side_effect = TooManyAttempts
    if failing == "submit_email_code":
        client.login.return_value = LoginResult.EMAIL_CODE
    result = await start(hass)
    answers = {"email_code": {CONF_CODE: "123456"}, "method": {CONF_METHOD: AuthMethod.SMS}}
    answers["code"] = answers["email_code"]
    while result["type"] is FlowResultType.FORM:
        result = await submit(hass, result["flow_id"], answers[result["step_id"]])
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "too_many_attempts"
