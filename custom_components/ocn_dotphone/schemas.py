"""The forms of the config and options flows."""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.data_entry_flow import section
from homeassistant.helpers import selector

from .client import DEFAULT_BASE_URL, AuthMethod
from .const import (
    CONF_BASE_URL,
    CONF_CODE,
    CONF_METHOD,
    CONF_PHONE,
    CONF_RESEND,
    CONF_SHOW_NUMBERS,
    CONF_UPDATE_INTERVAL,
    MAX_UPDATE_INTERVAL_HOURS,
    MIN_UPDATE_INTERVAL_HOURS,
)

SECTION_ADVANCED: Final = "advanced"

_PASSWORD = selector.TextSelector(
    selector.TextSelectorConfig(
        type=selector.TextSelectorType.PASSWORD, autocomplete="current-password"
    )
)
_PHONE = selector.TextSelector(selector.TextSelectorConfig(type=selector.TextSelectorType.TEL))
_URL = selector.TextSelector(selector.TextSelectorConfig(type=selector.TextSelectorType.URL))
_CODE = selector.TextSelector(selector.TextSelectorConfig(autocomplete="one-time-code"))

EMAIL_CODE_SCHEMA: Final = vol.Schema({vol.Required(CONF_CODE): _CODE})
CODE_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(CONF_CODE): _CODE,
        vol.Optional(CONF_RESEND, default=False): selector.BooleanSelector(),
    }
)
REAUTH_SCHEMA: Final = vol.Schema({vol.Optional(CONF_PASSWORD): _PASSWORD})
RECONFIGURE_SCHEMA: Final = vol.Schema(
    {vol.Optional(CONF_PASSWORD): _PASSWORD, vol.Required(CONF_PHONE): _PHONE}
)
OPTIONS_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_UPDATE_INTERVAL): selector.NumberSelector(
            selector.NumberSelectorConfig(
                min=MIN_UPDATE_INTERVAL_HOURS,
                max=MAX_UPDATE_INTERVAL_HOURS,
                step=1,
                # The unit is in the label: a unit here shows as "h" in every language.
                mode=selector.NumberSelectorMode.BOX,
            )
        ),
        vol.Optional(CONF_SHOW_NUMBERS): selector.BooleanSelector(),
    }
)


def user_schema() -> vol.Schema:
    """Return the user step's fields, the site's address in a collapsed section.

    A section on every release: newer ones no longer tell a flow about the profile's
    advanced mode, and recommend a section for settings few people change.
    """
    fields: dict[vol.Marker, Any] = {
        vol.Required(CONF_USERNAME): selector.TextSelector(
            selector.TextSelectorConfig(
                type=selector.TextSelectorType.EMAIL, autocomplete="username"
            )
        ),
        vol.Required(CONF_PASSWORD): _PASSWORD,
        vol.Required(CONF_PHONE): _PHONE,
    }
    fields[vol.Required(SECTION_ADVANCED)] = section(
        vol.Schema({vol.Required(CONF_BASE_URL, default=DEFAULT_BASE_URL): _URL}),
        {"collapsed": True},
    )
    return vol.Schema(fields)


def method_schema(methods: tuple[AuthMethod, ...]) -> vol.Schema:
    """Return the choice among the ways the site offers to send the code."""
    choice = selector.SelectSelector(
        selector.SelectSelectorConfig(
            options=[method.value for method in methods],
            translation_key=CONF_METHOD,
            mode=selector.SelectSelectorMode.LIST,
        )
    )
    return vol.Schema({vol.Required(CONF_METHOD, default=methods[0].value): choice})
