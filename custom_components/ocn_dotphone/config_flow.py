"""Config flow: sign in to OCN My Page, including its SMS / voice code."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Mapping
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME, UnitOfTime
from homeassistant.core import callback
from homeassistant.data_entry_flow import AbortFlow, section
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from .client import (
    DEFAULT_BASE_URL,
    AuthMethod,
    CodeRequired,
    LoginResult,
    OcnError,
    OcnMyPageClient,
    TooManyAttempts,
    mask_phone,
    normalize_phone,
)
from .const import (
    CODE_VALIDITY,
    CONF_BASE_URL,
    CONF_CODE,
    CONF_EMAIL_OTP,
    CONF_METHOD,
    CONF_PHONE,
    CONF_RESEND,
    CONF_SESSION,
    CONF_UPDATE_INTERVAL,
    DEFAULT_UPDATE_INTERVAL_HOURS,
    DOMAIN,
    LOGGER,
    MAX_UPDATE_INTERVAL_HOURS,
    MIN_UPDATE_INTERVAL_HOURS,
)
from .coordinator import OcnConfigEntry
from .errors import user_error
from .storage import OcnStore

# Japanese numbers: 10 digits (fixed line) or 11 (mobile, 050), leading 0.
_PHONE_RE = re.compile(r"0\d{9,10}")
_CODE_RE = re.compile(r"\d{6}")

_PASSWORD_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
)
_PHONE_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.TEL))
_URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
SECTION_ADVANCED = "advanced"


class OcnDotphoneConfigFlow(ConfigFlow, domain=DOMAIN):
    """Sign in, pick how the code is sent, enter it.

    The same steps serve a new entry, reauthentication and reconfiguration;
    ``self.source`` tells them apart when the sign-in is done.
    """

    VERSION = 1

    def __init__(self) -> None:
        """Start without a site session."""
        self._session: aiohttp.ClientSession | None = None
        self._client: OcnMyPageClient | None = None
        self._data: dict[str, Any] = {}
        self._methods: tuple[AuthMethod, ...] = ()
        self._method: AuthMethod | None = None
        self._sent_at: datetime | None = None
        self._stored_session: dict[str, Any] | None = None
        self._email_otp = False
        # Errors of a later step that send the user back to the first form.
        self._carried: tuple[dict[str, str], dict[str, str]] = ({}, {})

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: OcnConfigEntry) -> OcnOptionsFlow:
        """Options: the update interval."""
        return OcnOptionsFlow()

    @callback
    def async_remove(self) -> None:
        """Release the flow's own HTTP session when the flow ends in any way."""
        if self._session is not None:
            self._session.detach()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the OCN ID, its password and the contact number."""
        errors, placeholders = self._take_carried()
        if user_input is not None:
            username = user_input[CONF_USERNAME].strip()
            self._async_abort_entries_match({CONF_USERNAME: username})
            phone = normalize_phone(user_input[CONF_PHONE])
            if not _PHONE_RE.fullmatch(phone):
                errors[CONF_PHONE] = "invalid_phone"
            else:
                self._data = {
                    CONF_USERNAME: username,
                    CONF_PASSWORD: user_input[CONF_PASSWORD],
                    CONF_PHONE: phone,
                    CONF_BASE_URL: user_input.get(CONF_BASE_URL)
                    or user_input.get(SECTION_ADVANCED, {}).get(CONF_BASE_URL)
                    or DEFAULT_BASE_URL,
                }
                result, errors, placeholders = await self._async_try(self._async_sign_in())
                if result is not None:
                    return result

        schema: dict[vol.Marker, Any] = {
            vol.Required(CONF_USERNAME): TextSelector(
                TextSelectorConfig(type=TextSelectorType.EMAIL, autocomplete="username")
            ),
            vol.Required(CONF_PASSWORD): _PASSWORD_SELECTOR,
            vol.Required(CONF_PHONE): _PHONE_SELECTOR,
        }
        suggested = dict(user_input or self._data)
        suggested.pop(CONF_PASSWORD, None)
        base_url = vol.Required(CONF_BASE_URL, default=DEFAULT_BASE_URL)
        advanced = self.context.get("show_advanced_options")
        if advanced is None:
            # Home Assistant 2026 no longer has an advanced mode for flows (it deprecates
            # the flag): the address waits in a collapsed section, as it recommends.
            schema[vol.Required(SECTION_ADVANCED)] = section(
                vol.Schema({base_url: _URL_SELECTOR}), {"collapsed": True}
            )
            if CONF_BASE_URL in suggested:
                suggested[SECTION_ADVANCED] = {CONF_BASE_URL: suggested.pop(CONF_BASE_URL)}
        elif advanced:
            schema[base_url] = _URL_SELECTOR
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(vol.Schema(schema), suggested),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Handle a lapsed session or a changed password."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say which account and number; sign in only once the user submits."""
        entry = self._get_reauth_entry()
        errors, carried = self._take_carried()
        placeholders = {
            "account": entry.data[CONF_USERNAME],
            "phone": mask_phone(entry.data[CONF_PHONE]),
        } | carried
        if user_input is not None:
            result, errors, extra = await self._async_sign_in_again(
                entry, _entry_data(entry), user_input
            )
            if result is not None:
                return result
            placeholders |= extra
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Optional(CONF_PASSWORD): _PASSWORD_SELECTOR}),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the password and/or contact number, checked on the site first."""
        entry = self._get_reconfigure_entry()
        errors, carried = self._take_carried()
        placeholders = {"account": entry.data[CONF_USERNAME]} | carried
        if user_input is not None:
            phone = normalize_phone(user_input[CONF_PHONE])
            if not _PHONE_RE.fullmatch(phone):
                errors[CONF_PHONE] = "invalid_phone"
            else:
                result, errors, extra = await self._async_sign_in_again(
                    entry, _entry_data(entry) | {CONF_PHONE: phone}, user_input
                )
                if result is not None:
                    return result
                placeholders |= extra
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Optional(CONF_PASSWORD): _PASSWORD_SELECTOR,
                        vol.Required(CONF_PHONE): _PHONE_SELECTOR,
                    }
                ),
                {CONF_PHONE: entry.data[CONF_PHONE]},
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_email_code(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Enter the one-time password the site mailed to the OCN ID."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if (code := _normalize_code(user_input.get(CONF_CODE, ""))) is None:
                errors = {CONF_CODE: "invalid_code"}
            else:
                result, errors, placeholders = await self._async_try(
                    self._async_submit_email_code(code)
                )
                if result is not None:
                    return result
                if errors.get("base") != "invalid_code":
                    # Whatever else went wrong, the site wants a new login (and so a
                    # new mail): that starts again from the form with the password.
                    if errors.get("base") == "code_expired":
                        errors = {"base": "email_code_expired"}
                    self._carried = (errors, placeholders)
                    return await self._async_step_start()
                errors = {CONF_CODE: "invalid_code"}
        return self.async_show_form(
            step_id="email_code",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_CODE): TextSelector(
                        TextSelectorConfig(autocomplete="one-time-code")
                    )
                }
            ),
            errors=errors,
            description_placeholders={"account": self._data[CONF_USERNAME]},
        )

    async def async_step_method(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Pick SMS or voice call, among what the site offers; submitting sends."""
        if user_input is None:
            return self._async_show_method_form({}, {})
        result, errors, placeholders = await self._async_try(
            self._async_send_code(AuthMethod(user_input[CONF_METHOD]))
        )
        return result or self._async_show_method_form(errors, placeholders)

    async def async_step_code(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Enter the code, or ask the site to send it again (再通知)."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            if user_input.get(CONF_RESEND):
                result, errors, placeholders = await self._async_try(self._async_resend())
            elif (code := _normalize_code(user_input.get(CONF_CODE, ""))) is None:
                result, errors = None, {CONF_CODE: "invalid_code"}
            else:
                result, errors, placeholders = await self._async_try(self._async_submit_code(code))
            if result is not None:
                return result
            if errors.get("base") == "code_expired":
                return self._async_show_method_form(errors, placeholders)
            if errors.get("base") == "invalid_code":
                errors = {CONF_CODE: "invalid_code"}

        assert self._method is not None
        assert self._sent_at is not None
        translations = await async_get_translations(
            self.hass, self.hass.config.language, "selector", [DOMAIN]
        )
        method_name = translations.get(
            f"component.{DOMAIN}.selector.{CONF_METHOD}.options.{self._method}",
            self._method.value,
        )
        return self.async_show_form(
            step_id="code",
            data_schema=vol.Schema(
                {
                    vol.Optional(CONF_CODE): TextSelector(
                        TextSelectorConfig(autocomplete="one-time-code")
                    ),
                    vol.Optional(CONF_RESEND, default=False): BooleanSelector(),
                }
            ),
            errors=errors,
            description_placeholders={
                "method": method_name,
                "phone": mask_phone(self._data[CONF_PHONE]),
                "minutes": str(int(CODE_VALIDITY.total_seconds() // 60)),
                "expires": dt_util.as_local(self._sent_at + CODE_VALIDITY).strftime("%H:%M"),
                **placeholders,
            },
        )

    async def _async_try(
        self, step: Awaitable[ConfigFlowResult | None]
    ) -> tuple[ConfigFlowResult | None, dict[str, str], dict[str, str]]:
        """Run a site step; turn client errors into form errors.

        Too many attempts ends the flow: the site will not take more for a while.
        """
        try:
            return await step, {}, {}
        except TooManyAttempts:
            return self.async_abort(reason="too_many_attempts"), {}, {}
        except OcnError as err:
            key, placeholders = user_error(err)
            return None, {"base": key}, placeholders
        except AbortFlow:
            raise
        except Exception:
            LOGGER.exception("Unexpected error while signing in to OCN My Page")
            return None, {"base": "unknown"}, {}

    async def _async_sign_in(self, session_state: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Log in once; a remembered browser finishes here, otherwise the code steps follow.

        The login starts without cookies: with a live session the site would skip the
        password, and the password typed in the flow must be checked. The stored cookies
        get their chance to skip the code afterwards, without a second login: on an
        account with the email one-time password every login mails a code.
        """
        client = self._new_client()
        self._stored_session = session_state
        self._email_otp = False
        result = await client.login(self._data[CONF_USERNAME], self._data[CONF_PASSWORD])
        return await self._async_after_login(result)

    async def _async_submit_email_code(self, code: str) -> ConfigFlowResult:
        assert self._client is not None
        return await self._async_after_login(await self._client.submit_email_code(code))

    async def _async_after_login(self, result: LoginResult) -> ConfigFlowResult:
        if result is LoginResult.EMAIL_CODE:
            self._email_otp = True
            return await self.async_step_email_code()
        if result is not LoginResult.AUTHENTICATED and await self._async_remembered():
            result = LoginResult.AUTHENTICATED
        if result is LoginResult.AUTHENTICATED:
            return await self._async_finish()
        assert self._client is not None
        self._methods = await self._client.submit_contact_number(self._data[CONF_PHONE])
        if len(self._methods) == 1:
            # Nothing to choose: send right away; the code step names the method.
            return await self._async_send_code(self._methods[0])
        return await self.async_step_method()

    async def _async_send_code(self, method: AuthMethod) -> ConfigFlowResult:
        assert self._client is not None
        await self._client.request_code(method)
        self._method = method
        self._sent_at = dt_util.utcnow()
        return await self.async_step_code()

    async def _async_resend(self) -> None:
        assert self._client is not None
        await self._client.resend_code()
        self._sent_at = dt_util.utcnow()

    async def _async_submit_code(self, code: str) -> ConfigFlowResult:
        assert self._client is not None
        await self._client.submit_code(code)
        return await self._async_finish()

    async def _async_finish(self) -> ConfigFlowResult:
        """Identify the account by its customer number and save."""
        assert self._client is not None
        account = await self._client.get_account()
        await self.async_set_unique_id(account.customer_number)
        data = self._data | {CONF_SESSION: self._client.export_session()}
        if self._email_otp:
            data[CONF_EMAIL_OTP] = True
        if self.source in (SOURCE_REAUTH, SOURCE_RECONFIGURE):
            self._abort_if_unique_id_mismatch(reason="wrong_account")
            entry = (
                self._get_reauth_entry()
                if self.source == SOURCE_REAUTH
                else self._get_reconfigure_entry()
            )
            if CONF_EMAIL_OTP in entry.data:
                # The account may have turned the emailed code off since.
                data[CONF_EMAIL_OTP] = self._email_otp
            return self.async_update_reload_and_abort(entry, data_updates=data)
        self._abort_if_unique_id_configured()
        return self.async_create_entry(
            title=f"OCN {account.customer_number}",
            data=data,
            options={CONF_UPDATE_INTERVAL: DEFAULT_UPDATE_INTERVAL_HOURS},
        )

    @callback
    def _async_show_method_form(
        self, errors: dict[str, str], placeholders: dict[str, str]
    ) -> ConfigFlowResult:
        return self.async_show_form(
            step_id="method",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_METHOD, default=self._methods[0].value): (
                        SelectSelector(
                            SelectSelectorConfig(
                                options=[method.value for method in self._methods],
                                translation_key=CONF_METHOD,
                                mode=SelectSelectorMode.LIST,
                            )
                        )
                    )
                }
            ),
            errors=errors,
            description_placeholders={
                "phone": mask_phone(self._data[CONF_PHONE]),
                **placeholders,
            },
        )

    async def _async_remembered(self) -> bool:
        """Whether the stored cookies open the statements without a code.

        They join the fresh login's cookies, which win where both have one of the same
        name: what the stored ones add is the site's memory of this browser.
        """
        assert self._client is not None
        if not self._stored_session:
            return False
        fresh = self._client.export_session()
        self._client.import_session(self._stored_session)
        self._client.import_session(fresh)
        try:
            await self._client.get_account()
        except CodeRequired:
            return False
        return True

    def _take_carried(self) -> tuple[dict[str, str], dict[str, str]]:
        """Errors and placeholders a later step left for the first form, once."""
        (errors, placeholders), self._carried = self._carried, ({}, {})
        return dict(errors), dict(placeholders)

    async def _async_step_start(self) -> ConfigFlowResult:
        """Show the form this flow started with, where the password is typed."""
        if self.source == SOURCE_REAUTH:
            return await self.async_step_reauth_confirm()
        if self.source == SOURCE_RECONFIGURE:
            return await self.async_step_reconfigure()
        return await self.async_step_user()

    async def _async_sign_in_again(
        self, entry: OcnConfigEntry, data: dict[str, Any], user_input: dict[str, Any]
    ) -> tuple[ConfigFlowResult | None, dict[str, str], dict[str, str]]:
        """Sign in for an existing entry, with its cookies and the password if one was typed."""
        self._data = data
        if password := user_input.get(CONF_PASSWORD):
            self._data[CONF_PASSWORD] = password
        return await self._async_try(self._async_sign_in(await self._async_stored_session(entry)))

    async def _async_stored_session(self, entry: OcnConfigEntry) -> dict[str, Any]:
        """Load the entry's cookies: a remembered browser may spare the user a code."""
        return (await OcnStore(self.hass, entry.entry_id).async_load())["session"]

    def _new_client(self) -> OcnMyPageClient:
        """Make a fresh client and cookie jar for each sign-in attempt."""
        if self._session is not None:
            self._session.detach()
        # Its own jar keeps the OCN session out of the shared one; unsafe=True lets
        # it keep cookies of a site reached by IP address.
        self._session = async_create_clientsession(
            self.hass, auto_cleanup=False, cookie_jar=aiohttp.CookieJar(unsafe=True)
        )
        self._client = OcnMyPageClient(self._session, self._data[CONF_BASE_URL])
        return self._client


class OcnOptionsFlow(OptionsFlow):
    """How often to read the statements."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the interval in hours."""
        if user_input is not None:
            options = {CONF_UPDATE_INTERVAL: int(user_input[CONF_UPDATE_INTERVAL])}
            # Applied to the running coordinator directly: a reload would only cost
            # another walk of the site, and newer Home Assistant versions want update
            # listeners to be for reloads only.
            if self.config_entry.state is ConfigEntryState.LOADED:
                self.config_entry.runtime_data.update_interval = timedelta(
                    hours=options[CONF_UPDATE_INTERVAL]
                )
            return self.async_create_entry(data=options)
        schema = vol.Schema(
            {
                vol.Required(CONF_UPDATE_INTERVAL): NumberSelector(
                    NumberSelectorConfig(
                        min=MIN_UPDATE_INTERVAL_HOURS,
                        max=MAX_UPDATE_INTERVAL_HOURS,
                        step=1,
                        unit_of_measurement=UnitOfTime.HOURS,
                        mode=NumberSelectorMode.BOX,
                    )
                )
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                {
                    CONF_UPDATE_INTERVAL: self.config_entry.options.get(
                        CONF_UPDATE_INTERVAL, DEFAULT_UPDATE_INTERVAL_HOURS
                    )
                },
            ),
        )


def _entry_data(entry: OcnConfigEntry) -> dict[str, Any]:
    """Return the settings of an existing entry, without the handed-over cookies."""
    return {
        key: entry.data[key] for key in (CONF_USERNAME, CONF_PASSWORD, CONF_PHONE, CONF_BASE_URL)
    }


def _normalize_code(text: str) -> str | None:
    """Six digits, typed half- or full-width, spaces and hyphens ignored."""
    code = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))
    return code if _CODE_RE.fullmatch(code) else None
