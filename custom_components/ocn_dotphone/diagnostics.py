"""Diagnostics: what the entry and the last refresh look like, without secrets."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import CONF_CALL_KEY, CONF_PHONE, CONF_PHONE_WRITTEN, CONF_SESSION
from .coordinator import OcnConfigEntry, OcnCoordinator
from .storage import figures_as_dict

# The numbers identify the customer as much as the OCN ID does.
TO_REDACT = {
    CONF_USERNAME,
    CONF_PASSWORD,
    CONF_PHONE,
    CONF_PHONE_WRITTEN,
    CONF_SESSION,
    CONF_CALL_KEY,
    "cookies",
    "customer_number",
    "contract_number",
    "phone_number",
    "title",
    "unique_id",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: OcnConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and a summary of the latest refresh."""
    coordinator = entry.runtime_data
    data = coordinator.data
    contracts = [
        {
            "contract_number": item.contract.contract_number,
            "phone_number": item.contract.phone_number,
            "label": item.contract.label,
            "current_month": figures_as_dict(item.current),
            "previous_month": figures_as_dict(item.previous) if item.previous else None,
            "closed_months": [f"{figures.month:%Y-%m}" for figures in item.closed],
        }
        for item in (data.contracts.values() if data else ())
    ]
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "coordinator": {
                "last_update_success": coordinator.last_update_success,
                "last_exception": repr(coordinator.last_exception)
                if coordinator.last_exception
                else None,
                "update_interval": str(coordinator.update_interval),
                "reauth_since": coordinator.reauth_since.isoformat()
                if coordinator.reauth_since
                else None,
                # None while the account waits for a sign-in since setup.
                "customer_number": data.customer_number if data else None,
                "updated_at": data.updated_at.isoformat() if data else None,
                "contracts": contracts,
            },
            # How far the reading of the older closed months got (backfill.py).
            "backfill": coordinator.backfill.progress(),
            # Tags, labels and structure only (client.forms.outline): safe to share.
            "last_unrecognized_page": _unrecognized(coordinator),
            # The pages themselves, sanitised (client.capture): a maintainer replays them.
            "capture": {
                "unrecognized": coordinator.client.capture.unrecognized,
                "succeeded": coordinator.client.capture.succeeded,
            },
        },
        TO_REDACT,
    )


def _unrecognized(coordinator: OcnCoordinator) -> dict[str, str] | None:
    if coordinator.client.last_unrecognized is None:
        return None
    expected, outline = coordinator.client.last_unrecognized
    return {"expected": expected, "outline": outline}
