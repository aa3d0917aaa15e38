"""Config flow: sign in to OCN My Page, including its SMS / voice code."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

import aiohttp
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.helpers.json import save_json
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from .client import (
    DEFAULT_BASE_URL,
    Account,
    AuthMethod,
    CodeExpired,
    CodeRequired,
    InvalidCode,
    LoginResult,
    OcnError,
    OcnMyPageClient,
    TooManyAttempts,
    UnrecognizedPage,
)
from .const import (
    CODE_VALIDITY,
    CONF_BASE_URL,
    CONF_CODE,
    CONF_EMAIL_OTP,
    CONF_METHOD,
    CONF_PHONE,
    CONF_PHONE_WRITTEN,
    CONF_RESEND,
    CONF_SESSION,
    CONF_SHOW_NUMBERS,
    CONF_UPDATE_INTERVAL,
    DEFAULT_UPDATE_INTERVAL_HOURS,
    DOMAIN,
    ENTRY_TITLE,
    LOGGER,
)
from .coordinator import OcnConfigEntry
from .errors import UserError, user_error
from .phone import mask_phone, valid_code, valid_phone, written_split
from .schemas import (
    CODE_SCHEMA,
    EMAIL_CODE_SCHEMA,
    OPTIONS_SCHEMA,
    REAUTH_SCHEMA,
    RECONFIGURE_SCHEMA,
    SECTION_ADVANCED,
    method_schema,
    user_schema,
)
from .session import SignedIn, async_create_site_session, async_hand_over
from .storage import OcnStore

#: Where a walk through pages the client did not recognise is saved, sanitised.
CAPTURE_FILE = "ocn_dotphone_capture.json"

#: Where the site work of a step leads: a signed-in account, or the form it waits at.
type _Next = Account | Literal["email_code", "method", "code"]


class OcnDotphoneConfigFlow(ConfigFlow, domain=DOMAIN):
    """Sign in, pick how the code is sent, enter it.

    The same steps serve a new entry, reauthentication and reconfiguration;
    ``self.source`` tells them apart where the sign-in starts and where it ends.
    """

    VERSION = 1

    _session: aiohttp.ClientSession | None = None
    _client: OcnMyPageClient | None = None
    #: The settings the sign-in uses and the entry keeps.
    _data: Mapping[str, Any] = MappingProxyType({})
    #: The cookies of the entry being reauthenticated or reconfigured.
    _stored_session: dict[str, Any] | None = None
    _email_otp = False
    _methods: tuple[AuthMethod, ...] = ()
    _method: AuthMethod | None = None
    _sent_at: datetime | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: OcnConfigEntry) -> OcnOptionsFlow:
        """Return the options flow."""
        return OcnOptionsFlow()

    @callback
    def async_remove(self) -> None:
        """Release the flow's own HTTP session when the flow ends, unless handed over."""
        if self._session is not None:
            self._session.detach()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the OCN ID, its password and the contact number."""
        if user_input is None:
            return self._async_show_user_form()
        username = user_input[CONF_USERNAME].strip()
        self._async_abort_entries_match({CONF_USERNAME: username})
        # A second dialog for the same OCN ID ends here (already_in_progress), before the
        # site is asked for a second code; the customer number replaces this id at the end.
        await self.async_set_unique_id(f"{CONF_USERNAME}:{username.casefold()}")
        self._data = {
            CONF_USERNAME: username,
            CONF_PASSWORD: user_input[CONF_PASSWORD],
            CONF_PHONE: user_input[CONF_PHONE],
            CONF_BASE_URL: user_input.get(SECTION_ADVANCED, {}).get(CONF_BASE_URL)
            or DEFAULT_BASE_URL,
        }
        return await self._async_sign_in()

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Handle a lapsed session or a changed password."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say which account and number; sign in only once the user submits."""
        if user_input is None:
            return self._async_show_user_form()
        return await self._async_sign_in_again(user_input)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the password and/or contact number, checked on the site first."""
        if user_input is None:
            return self._async_show_user_form()
        return await self._async_sign_in_again(user_input)

    async def async_step_email_code(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Enter the one-time password the site mailed to the OCN ID."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if (code := valid_code(user_input.get(CONF_CODE, ""))) is None:
                errors[CONF_CODE] = "invalid_code"
            else:
                assert self._client is not None
                try:
                    step = await self._async_after_login(await self._client.submit_email_code(code))
                except InvalidCode:
                    errors[CONF_CODE] = "invalid_code"
                except TooManyAttempts:
                    return self.async_abort(reason="too_many_attempts")
                except CodeExpired:
                    return self._async_show_user_form({"base": "email_code_expired"})
                except Exception as err:
                    # Whatever else went wrong, the site wants a new login (and so a new
                    # mail): that starts again from the form with the password.
                    error = await self._async_user_error(err)
                    return self._async_show_user_form({"base": error.key}, error.placeholders)
                else:
                    return await self._async_go(step)
        return self.async_show_form(
            step_id="email_code",
            data_schema=EMAIL_CODE_SCHEMA,
            errors=errors,
            description_placeholders={"account": self._data[CONF_USERNAME]},
        )

    async def async_step_method(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Pick SMS or voice call, among what the site offers; submitting sends."""
        if user_input is None:
            return self._async_show_method_form()
        try:
            step = await self._async_send_code(AuthMethod(user_input[CONF_METHOD]))
        except TooManyAttempts:
            return self.async_abort(reason="too_many_attempts")
        except Exception as err:
            error = await self._async_user_error(err)
            return self._async_show_method_form({"base": error.key}, error.placeholders)
        else:
            return await self._async_go(step)

    async def async_step_code(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Enter the code, or ask the site to send it again (再通知)."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            code = valid_code(user_input.get(CONF_CODE, ""))
            if not user_input.get(CONF_RESEND) and code is None:
                errors[CONF_CODE] = "invalid_code"
            else:
                assert self._client is not None
                try:
                    if user_input.get(CONF_RESEND) or code is None:
                        await self._client.resend_code()
                        self._sent_at = dt_util.utcnow()
                        step: _Next = "code"
                    else:
                        # The code opens 料金・ご利用明細, where the account is read.
                        await self._client.submit_code(code)
                        step = await self._client.get_account(reuse=True)
                except InvalidCode:
                    errors[CONF_CODE] = "invalid_code"
                except TooManyAttempts:
                    return self.async_abort(reason="too_many_attempts")
                except CodeExpired as err:
                    # Only a new code helps: back to choosing how it is sent.
                    error = await self._async_user_error(err)
                    return self._async_show_method_form({"base": error.key}, error.placeholders)
                except Exception as err:
                    error = await self._async_user_error(err)
                    errors["base"], placeholders = error.key, error.placeholders
                else:
                    return await self._async_go(step)

        assert self._method is not None
        assert self._sent_at is not None
        translations = await async_get_translations(
            self.hass, self.hass.config.language, "selector", [DOMAIN]
        )
        return self.async_show_form(
            step_id="code",
            data_schema=CODE_SCHEMA,
            errors=errors,
            description_placeholders={
                "method": translations.get(
                    f"component.{DOMAIN}.selector.{CONF_METHOD}.options.{self._method}",
                    self._method.value,
                ),
                "phone": mask_phone(self._data[CONF_PHONE]),
                "minutes": str(int(CODE_VALIDITY.total_seconds() // 60)),
                "expires": dt_util.as_local(self._sent_at + CODE_VALIDITY).strftime("%H:%M"),
                **placeholders,
            },
        )

    async def _async_user_error(self, err: Exception) -> UserError:
        """Return what to tell the user of an error; log one the client did not raise.

        A page the client did not recognise leaves no entry whose diagnostics could carry
        the walk, so its sanitised capture is saved in the configuration folder instead,
        for the user to attach to a bug report.
        """
        if not isinstance(err, OcnError):
            LOGGER.exception("Unexpected error while signing in to OCN My Page")
            return UserError("unknown", {})
        error = user_error(err)
        if not isinstance(err, UnrecognizedPage) or self._client is None:
            return error
        if (capture := self._client.capture.unrecognized) is not None:
            path = self.hass.config.path(CAPTURE_FILE)
            await self.hass.async_add_executor_job(save_json, path, capture)
            error = UserError("unrecognized_page_saved", {**error.placeholders, "path": path})
        return error

    async def _async_sign_in_again(self, user_input: dict[str, Any]) -> ConfigFlowResult:
        """Sign in for an existing entry, with its cookies and what the user typed."""
        entry = self._existing_entry()
        self._data = {
            key: entry.data[key]
            for key in (CONF_USERNAME, CONF_PASSWORD, CONF_PHONE, CONF_PHONE_WRITTEN, CONF_BASE_URL)
            if key in entry.data
        } | {key: user_input[key] for key in (CONF_PASSWORD, CONF_PHONE) if user_input.get(key)}
        self._stored_session = (await OcnStore(self.hass, entry.entry_id).async_load())["session"]
        return await self._async_sign_in()

    async def _async_sign_in(self) -> ConfigFlowResult:
        """Check the contact number, log in and go on; errors return to the first form."""
        if (phone := valid_phone(self._data[CONF_PHONE])) is None:
            return self._async_show_user_form({CONF_PHONE: "invalid_phone"})
        written = written_split(self._data[CONF_PHONE], phone, self._data.get(CONF_PHONE_WRITTEN))
        self._data = {
            **{key: value for key, value in self._data.items() if key != CONF_PHONE_WRITTEN},
            CONF_PHONE: phone,
            **({CONF_PHONE_WRITTEN: written} if written is not None else {}),
        }
        try:
            step = await self._async_log_in()
        except TooManyAttempts:
            return self.async_abort(reason="too_many_attempts")
        except Exception as err:
            error = await self._async_user_error(err)
            return self._async_show_user_form({"base": error.key}, error.placeholders)
        else:
            return await self._async_go(step)

    async def _async_log_in(self) -> _Next:
        """Log in once; a remembered browser finishes here, otherwise the code steps follow.

        The login starts without cookies: with a live session the site would skip the
        password, and the password typed in the flow must be checked. The stored cookies
        get their chance to skip the code afterwards, without a second login: on an
        account with the email one-time password every login mails a code.
        """
        if self._session is not None:
            self._session.detach()
        self._session = async_create_site_session(self.hass, auto_cleanup=False)
        # The entry's setup takes the client over: large months are parsed off the loop.
        self._client = OcnMyPageClient(
            self._session,
            self._data[CONF_BASE_URL],
            parse_executor=self.hass.async_add_executor_job,
        )
        self._email_otp = False
        return await self._async_after_login(
            await self._client.login(self._data[CONF_USERNAME], self._data[CONF_PASSWORD])
        )

    async def _async_after_login(self, result: LoginResult) -> _Next:
        """Go as far as the site lets without the user, and say where that is.

        Only one way to receive the code means nothing to choose: it is sent right
        away, and the code step names the method.
        """
        assert self._client is not None
        if result is LoginResult.EMAIL_CODE:
            self._email_otp = True
            return "email_code"
        if result is LoginResult.AUTHENTICATED:
            # The login ended on 料金・ご利用明細: read the account from that page.
            return await self._client.get_account(reuse=True)
        if (account := await self._async_remembered()) is not None:
            return account
        self._methods = await self._client.submit_contact_number(
            self._data.get(CONF_PHONE_WRITTEN, self._data[CONF_PHONE])
        )
        if len(self._methods) == 1:
            return await self._async_send_code(self._methods[0])
        return "method"

    async def _async_remembered(self) -> Account | None:
        """Return the account if the stored cookies open it without a code.

        They join the fresh login's cookies, which win where both have one of the same
        name: what the stored ones add is the site's memory of this browser.
        """
        assert self._client is not None
        if not self._stored_session:
            return None
        fresh = self._client.export_session()
        self._client.import_session(self._stored_session)
        self._client.import_session(fresh)
        try:
            return await self._client.get_account()
        except CodeRequired:
            return None

    async def _async_send_code(self, method: AuthMethod) -> _Next:
        """Have the site send a code by ``method``."""
        assert self._client is not None
        await self._client.request_code(method)
        self._method = method
        self._sent_at = dt_util.utcnow()
        return "code"

    async def _async_go(self, step: _Next) -> ConfigFlowResult:
        """Show the form the site waits at, or save the signed-in account."""
        if step == "email_code":
            return await self.async_step_email_code()
        if step == "method":
            return await self.async_step_method()
        if step == "code":
            return await self.async_step_code()
        return await self._async_finish(step)

    async def _async_finish(self, account: Account) -> ConfigFlowResult:
        """Identify the account by its customer number; save it with the cookies.

        The signed-in client goes to the entry's setup with its HTTP session, so that
        the first refresh reads the statements at once; the cookies in the data stay
        the entry's lasting copy, for restarts.
        """
        assert self._client is not None
        await self.async_set_unique_id(account.customer_number)
        data = {**self._data, CONF_SESSION: self._client.export_session()}
        if self._email_otp:
            data[CONF_EMAIL_OTP] = True
        if self.source not in (SOURCE_REAUTH, SOURCE_RECONFIGURE):
            self._abort_if_unique_id_configured()
            self._async_hand_over(account.customer_number)
            return self.async_create_entry(
                title=self._new_title(),
                data=data,
                options={CONF_UPDATE_INTERVAL: DEFAULT_UPDATE_INTERVAL_HOURS},
            )
        self._abort_if_unique_id_mismatch(reason="wrong_account")
        entry = self._existing_entry()
        if entry.data.get(CONF_PHONE_WRITTEN) is not None:
            # A number changed to one whose digits tell its split: the old split goes.
            data.setdefault(CONF_PHONE_WRITTEN, None)
        if CONF_EMAIL_OTP in entry.data:
            # The account may have turned the emailed code off since.
            data[CONF_EMAIL_OTP] = self._email_otp
        if entry.state is not ConfigEntryState.LOADED:
            self._async_hand_over(account.customer_number)
            return self.async_update_reload_and_abort(entry, data_updates=data)
        # The running entry goes on with this client, without a reload: its cookies go to
        # the entry's Store rather than its data (coordinator.async_signed_in).
        del data[CONF_SESSION]
        assert self._session is not None
        signed_in = SignedIn(self._client, self._session)
        self._session = None
        self.hass.config_entries.async_update_entry(entry, data={**entry.data, **data})
        entry.async_create_background_task(
            self.hass, entry.runtime_data.async_signed_in(signed_in), f"{DOMAIN} signed in"
        )
        return self.async_abort(
            reason="reauth_successful" if self.source == SOURCE_REAUTH else "reconfigure_successful"
        )

    @callback
    def _async_hand_over(self, unique_id: str) -> None:
        """Leave the client and its session for the entry's setup (see session.py)."""
        assert self._client is not None
        assert self._session is not None
        async_hand_over(self.hass, unique_id, SignedIn(self._client, self._session))
        self._session = None

    def _new_title(self) -> str:
        """The entry's title: the site's name, numbered from the second account on.

        Never the customer number: the title shows in the UI, in repairs and as the
        account device's name, from which the sign-in sensor's entity id is made.
        """
        count = len(self._async_current_entries(include_ignore=False))
        return ENTRY_TITLE if count == 0 else f"{ENTRY_TITLE} {count + 1}"

    def _existing_entry(self) -> OcnConfigEntry:
        """Return the entry this reauth or reconfigure flow signs in again."""
        if self.source == SOURCE_REAUTH:
            return self._get_reauth_entry()
        return self._get_reconfigure_entry()

    @callback
    def _async_show_user_form(
        self, errors: dict[str, str] | None = None, placeholders: dict[str, str] | None = None
    ) -> ConfigFlowResult:
        """Show the form this flow started with, where the password is typed."""
        if self.source == SOURCE_REAUTH:
            entry = self._get_reauth_entry()
            step_id, schema = "reauth_confirm", REAUTH_SCHEMA
            shown = {
                "account": entry.data[CONF_USERNAME],
                "phone": mask_phone(entry.data[CONF_PHONE]),
            }
        elif self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
            step_id, shown = "reconfigure", {"account": entry.data[CONF_USERNAME]}
            schema = self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA, {CONF_PHONE: entry.data[CONF_PHONE]}
            )
        else:
            step_id, shown = "user", {}
            # What was typed stays, except the password.
            typed = {key: value for key, value in self._data.items() if key != CONF_PASSWORD}
            if CONF_BASE_URL in typed:
                typed[SECTION_ADVANCED] = {CONF_BASE_URL: typed.pop(CONF_BASE_URL)}
            schema = self.add_suggested_values_to_schema(user_schema(), typed)
        return self.async_show_form(
            step_id=step_id,
            data_schema=schema,
            errors=errors,
            description_placeholders=shown | (placeholders or {}),
        )

    @callback
    def _async_show_method_form(
        self, errors: dict[str, str] | None = None, placeholders: dict[str, str] | None = None
    ) -> ConfigFlowResult:
        """Show the choice of SMS or voice call, among what the site offers."""
        return self.async_show_form(
            step_id="method",
            data_schema=method_schema(self._methods),
            errors=errors,
            description_placeholders={"phone": mask_phone(self._data[CONF_PHONE])}
            | (placeholders or {}),
        )


class OcnOptionsFlow(OptionsFlow):
    """How often to read the statements; whether call events show whole numbers."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the interval in hours and whether to show the numbers called."""
        if user_input is not None:
            options = {
                CONF_UPDATE_INTERVAL: int(user_input[CONF_UPDATE_INTERVAL]),
                CONF_SHOW_NUMBERS: bool(user_input.get(CONF_SHOW_NUMBERS, False)),
            }
            # Applied to the running coordinator directly: a reload would only cost
            # another walk of the site, and newer Home Assistant versions want update
            # listeners to be for reloads only.
            if self.config_entry.state is ConfigEntryState.LOADED:
                self.config_entry.runtime_data.update_interval = timedelta(
                    hours=options[CONF_UPDATE_INTERVAL]
                )
            return self.async_create_entry(data=options)
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                OPTIONS_SCHEMA,
                {
                    CONF_UPDATE_INTERVAL: self.config_entry.options.get(
                        CONF_UPDATE_INTERVAL, DEFAULT_UPDATE_INTERVAL_HOURS
                    ),
                    CONF_SHOW_NUMBERS: self.config_entry.options.get(CONF_SHOW_NUMBERS, False),
                },
            ),
        )
