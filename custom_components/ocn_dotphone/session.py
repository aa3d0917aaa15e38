"""The HTTP session the client walks OCN My Page with, and its hand-over to the entry."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from homeassistant.const import EVENT_HOMEASSISTANT_CLOSE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.util.hass_dict import HassKey

from .client import OcnMyPageClient
from .const import DOMAIN


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A client a config flow has just signed in, with the HTTP session it owns."""

    client: OcnMyPageClient
    session: aiohttp.ClientSession


# Config flow -> setup of the entry, by the entry's unique id (the customer number).
_SIGNED_IN: HassKey[dict[str, SignedIn]] = HassKey(f"{DOMAIN}_signed_in")


def async_create_site_session(
    hass: HomeAssistant, *, auto_cleanup: bool = True
) -> aiohttp.ClientSession:
    """Return a session with a cookie jar of its own.

    Its own jar keeps the OCN session out of Home Assistant's shared one; unsafe=True
    lets it keep the cookies of a site reached by IP address.
    """
    return async_create_clientsession(
        hass, auto_cleanup=auto_cleanup, cookie_jar=aiohttp.CookieJar(unsafe=True)
    )


@callback
def async_hand_over(hass: HomeAssistant, unique_id: str, signed_in: SignedIn) -> None:
    """Leave a flow's signed-in client for the next setup of the entry it creates or reloads.

    (A reauth or reconfigure of a loaded entry hands its client to the running coordinator
    instead: ``OcnCoordinator.async_signed_in``.)

    The entry's first refresh then goes on where the flow stopped: no login, no top
    page. A reauth or reconfigure flow ends before the reload it schedules, so the
    client waits here rather than in the flow; one no setup takes is closed when Home
    Assistant closes.
    """
    left = hass.data.get(_SIGNED_IN)
    if left is None:
        left = hass.data[_SIGNED_IN] = {}

        @callback
        def _async_close_left(event: Event) -> None:
            for item in left.values():
                item.session.detach()
            left.clear()

        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_CLOSE, _async_close_left)
    if (before := left.pop(unique_id, None)) is not None:
        before.session.detach()
    left[unique_id] = signed_in


@callback
def async_take_over(hass: HomeAssistant, unique_id: str | None) -> SignedIn | None:
    """Return the client a flow left for this entry; whoever takes it closes its session."""
    if unique_id is None:
        return None
    return hass.data.get(_SIGNED_IN, {}).pop(unique_id, None)
