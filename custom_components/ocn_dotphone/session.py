"""The HTTP session the client walks OCN My Page with."""

from __future__ import annotations

import aiohttp
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_create_clientsession


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
