"""The get_call_details action: the call list of a month, on demand."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import voluptuous as vol
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util.json import JsonValueType

from .client import (
    Contract,
    OcnError,
    Statement,
    normalize_phone,
)
from .const import DOMAIN
from .coordinator import OcnConfigEntry
from .errors import user_error

SERVICE_GET_CALL_DETAILS = "get_call_details"
ATTR_CONTRACT = "contract"
ATTR_MONTH = "month"

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _month(value: Any) -> date:
    """Return ``2026-10`` as the first of that month."""
    match = _MONTH.match(cv.string(value).strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise vol.Invalid("expected a month as YYYY-MM")
    return date(int(match[1]), int(match[2]), 1)


SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONTRACT): cv.string,
        vol.Optional(ATTR_MONTH): _month,
    }
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions of the integration."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_CALL_DETAILS,
        _async_get_call_details,
        schema=SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )


async def _async_get_call_details(call: ServiceCall) -> ServiceResponse:
    """Read the month's statement of each chosen contract from the site.

    It only reads with the session the entry already has: when the session has lapsed
    it says so rather than log in, because logging in may make the site send a code.
    """
    month: date | None = call.data.get(ATTR_MONTH)
    statements: list[JsonValueType] = [
        statement_response(contract, await _async_statement(entry, contract, month))
        for entry, contract in _chosen_contracts(call.hass, call.data.get(ATTR_CONTRACT))
    ]
    return {"statements": statements}


def _chosen_contracts(
    hass: HomeAssistant, wanted: str | None
) -> list[tuple[OcnConfigEntry, Contract]]:
    """Return the loaded contracts the action names: by number or 050 number, or all."""
    entries: list[OcnConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="not_loaded")
    # An entry set up while it waits for the user to sign in again has no contracts yet.
    readable = [entry for entry in entries if entry.runtime_data.data is not None]
    chosen = [
        (entry, item.contract)
        for entry in readable
        for item in entry.runtime_data.data.contracts.values()
        if wanted is None
        or wanted.strip().upper() == item.contract.contract_number.upper()
        or (item.contract.phone_number and normalize_phone(wanted) == item.contract.phone_number)
    ]
    if not chosen and len(readable) < len(entries):
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="reauth_pending")
    if not chosen:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_contract",
            translation_placeholders={"contract": str(wanted)},
        )
    return chosen


async def _async_statement(
    entry: OcnConfigEntry, contract: Contract, month: date | None
) -> Statement:
    """Read a month's statement (the current one by default) with the entry's session."""
    client = entry.runtime_data.client
    try:
        months = await client.list_months(contract)
        if month is None:
            month = months[0]
        elif month not in months:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="month_not_offered",
                translation_placeholders={
                    "month": f"{month:%Y-%m}",
                    "offered": ", ".join(f"{m:%Y-%m}" for m in sorted(months)),
                },
            )
        return await client.fetch_statement(contract, month, all_calls=True)
    except OcnError as err:
        raise user_error(err).exception(HomeAssistantError) from err


def statement_response(contract: Contract, statement: Statement) -> dict[str, Any]:
    """Return the statement as JSON: yen as numbers, durations in seconds, times in ISO 8601."""
    return {
        "contract_number": contract.contract_number,
        "phone_number": contract.phone_number,
        "month": f"{statement.month:%Y-%m}",
        "total": float(statement.total),
        "call_charges": float(statement.call_charges),
        "chakuwari_discount": float(statement.chakuwari_discount),
        "base_fee": float(statement.base_fee),
        "universal_service_fee": float(statement.universal_service_fee),
        "tax_included": statement.tax_included,
        "call_count": statement.call_count,
        "call_duration": int(statement.total_duration.total_seconds()),
        "calls": [
            {
                "start": call.started_at.isoformat(),
                "other_party": call.other_party,
                "duration": int(call.duration.total_seconds()),
                "charge": float(call.charge),
                "type": call.call_type,
                "chakuwari": call.chakuwari,
            }
            for call in statement.calls
        ],
    }
