"""The parts of the real login the 2011 guide does not show: choice, email code, notices, hosts."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest

from custom_components.ocn_dotphone.client import (
    AuthMethod,
    CodeExpired,
    InvalidCode,
    LoginResult,
    OcnMyPageClient,
    PasswordChangeRequired,
    SessionExpired,
    TermsAcceptanceRequired,
)
from ocn_simulator import Simulator

from .conftest import (
    CUSTOMER_NUMBER,
    MOBILE,
    PASSWORD,
    USERNAME,
    make_account,
    wrong_code,
)


@pytest.fixture
async def site(request: pytest.FixtureRequest, socket_enabled: None):
    options = dict(getattr(request, "param", {}))
    account = make_account()
    for flag in ("email_otp", "password_change_requested", "terms_pending"):
        setattr(account, flag, options.pop(flag, False))
    sim = Simulator([account], calls_per_month=5, **options)
    await sim.start()
    yield sim
    await sim.stop()


async def finish_code_steps(client: OcnMyPageClient, sim: Simulator) -> None:
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(sim.last_code())
    assert (await client.get_account()).customer_number == CUSTOMER_NUMBER


@pytest.mark.parametrize("site", [{"email_otp": True}], indirect=True)
async def test_email_one_time_password(site: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, site.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.EMAIL_CODE
    assert [(s.to, s.method) for s in site.outbox] == [(USERNAME, "email")]
    wrong = wrong_code(site)
    with pytest.raises(InvalidCode):
        await client.submit_email_code(wrong)
    assert await client.submit_email_code(site.last_code()) == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, site)


@pytest.mark.parametrize("site", [{"email_otp": True}], indirect=True)
async def test_expired_email_code(site: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, site.base_url)
    await client.login(USERNAME, PASSWORD)
    site.advance(timedelta(minutes=31))
    with pytest.raises(CodeExpired):
        await client.submit_email_code(site.last_code())


@pytest.mark.parametrize("site", [{"password_change_requested": True}], indirect=True)
async def test_password_change_request(site: Simulator, http: aiohttp.ClientSession) -> None:
    with pytest.raises(PasswordChangeRequired):
        await OcnMyPageClient(http, site.base_url).login(USERNAME, PASSWORD)


@pytest.mark.parametrize("site", [{"terms_pending": True}], indirect=True)
async def test_terms_are_left_to_the_person(site: Simulator, http: aiohttp.ClientSession) -> None:
    with pytest.raises(TermsAcceptanceRequired):
        await OcnMyPageClient(http, site.base_url).login(USERNAME, PASSWORD)
    assert site.requests["login_notice"] == 1
    assert next(iter(site.accounts.values())).terms_pending  # nothing was agreed to


@pytest.mark.parametrize(
    "site",
    [
        {"login_choice": True},
        {"login_host": "localhost"},
        {"login_host": "localhost", "login_choice": True, "layout": "modern", "email_otp": True},
    ],
    indirect=True,
)
async def test_login_on_its_own_host_and_behind_a_choice(
    site: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, site.base_url)
    result = await client.login(USERNAME, PASSWORD)
    if result == LoginResult.EMAIL_CODE:
        result = await client.submit_email_code(site.last_code())
    assert result == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, site)
    if site.login_choice:
        assert site.requests["login_choice"] == 1
    hosts = {cookie["domain"] for cookie in client.export_session()["cookies"]}
    assert hosts == ({"127.0.0.1", "localhost"} if site.login_host else {"127.0.0.1"})


@pytest.mark.parametrize(
    "site",
    [{"login_choice": True}, {"login_host": "localhost", "login_choice": True}],
    indirect=True,
)
async def test_lapse_behind_the_choice_screen(site: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, site.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, site)
    site.expire_sessions()
    with pytest.raises(SessionExpired):
        await client.get_account()
    fresh = OcnMyPageClient(http, site.base_url)
    with pytest.raises(SessionExpired):
        await fresh.get_account()
