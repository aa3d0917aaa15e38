"""The parts of the real login the 2011 guide does not show, on every skin.

The login choice, the email code, the site's notices and the login on its own host.
"""

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

from .helpers import (
    CUSTOMER_NUMBER,
    MOBILE,
    PASSWORD,
    USERNAME,
    wrong_code,
)

pytestmark = pytest.mark.every_skin


async def finish_code_steps(client: OcnMyPageClient, sim: Simulator) -> None:
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(sim.last_code())
    assert (await client.get_account()).customer_number == CUSTOMER_NUMBER


@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_email_one_time_password(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.EMAIL_CODE
    assert [(s.to, s.method) for s in simulator.outbox] == [(USERNAME, "email")]
    wrong = wrong_code(simulator)
    with pytest.raises(InvalidCode):
        await client.submit_email_code(wrong)
    assert await client.submit_email_code(simulator.last_code()) == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, simulator)


@pytest.mark.parametrize("simulator", [{"email_otp": True}], indirect=True)
async def test_expired_email_code(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await client.login(USERNAME, PASSWORD)
    simulator.advance(timedelta(minutes=31))
    with pytest.raises(CodeExpired):
        await client.submit_email_code(simulator.last_code())


@pytest.mark.parametrize("simulator", [{"password_change_requested": True}], indirect=True)
async def test_password_change_request(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    with pytest.raises(PasswordChangeRequired):
        await OcnMyPageClient(http, simulator.base_url).login(USERNAME, PASSWORD)


@pytest.mark.parametrize("simulator", [{"terms_pending": True}], indirect=True)
async def test_terms_are_left_to_the_person(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    with pytest.raises(TermsAcceptanceRequired):
        await OcnMyPageClient(http, simulator.base_url).login(USERNAME, PASSWORD)
    assert simulator.requests["login_notice"] == 1
    assert next(iter(simulator.accounts.values())).terms_pending  # nothing was agreed to


@pytest.mark.parametrize(
    "simulator",
    [
        {"login_choice": True},
        {"login_host": "localhost"},
        {"login_host": "localhost", "login_choice": True, "layout": "modern", "email_otp": True},
    ],
    indirect=True,
)
async def test_login_on_its_own_host_and_behind_a_choice(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    result = await client.login(USERNAME, PASSWORD)
    if result == LoginResult.EMAIL_CODE:
        result = await client.submit_email_code(simulator.last_code())
    assert result == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, simulator)
    if simulator.login_choice:
        assert simulator.requests["login_choice"] == 1
    hosts = {cookie["domain"] for cookie in client.export_session()["cookies"]}
    assert hosts == ({"127.0.0.1", "localhost"} if simulator.login_host else {"127.0.0.1"})


@pytest.mark.parametrize(
    "simulator",
    [{"login_choice": True}, {"login_host": "localhost", "login_choice": True}],
    indirect=True,
)
async def test_lapse_behind_the_choice_screen(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, simulator)
    simulator.expire_sessions()
    with pytest.raises(SessionExpired):
        await client.get_account()
    fresh = OcnMyPageClient(http, simulator.base_url)
    with pytest.raises(SessionExpired):
        await fresh.get_account()


@pytest.mark.parametrize("skin", ["classic", "frames"])
async def test_a_browser_remembered_only_when_asked(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """A code page whose 「次回からこのブラウザでの認証を省略する」 must be ticked for the
    site to remember the browser: it is ticked, so a lapsed session signs in again without
    a code.
    """
    simulator.skin.for_page("code").remember_box = True
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, simulator)
    simulator.expire_sessions()
    assert await client.login(USERNAME, PASSWORD) == LoginResult.AUTHENTICATED
    assert (await client.get_account()).customer_number == CUSTOMER_NUMBER


@pytest.mark.parametrize("way_on", ["button", "link"])
async def test_a_notice_on_the_way_in_is_read_and_left(
    simulator: Simulator, http: aiohttp.ClientSession, way_on: str
) -> None:
    """重要なお知らせ between the login and My Page is left as a person leaves it
    (確認しました, or a link マイページへ進む), and only so: its 「次回から表示しない」 stays
    unticked, so the next login shows it again and is passed again.
    """
    simulator.skin.for_page("top").news_after_login = way_on
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await finish_code_steps(client, simulator)
    shown = simulator.requests["news"]
    assert shown >= 2  # the notice, and the way on from it
    simulator.expire_sessions()
    assert await client.login(USERNAME, PASSWORD) == LoginResult.AUTHENTICATED
    assert (await client.get_account()).customer_number == CUSTOMER_NUMBER
    assert simulator.requests["news"] == 2 * shown
    assert not simulator.news_hidden
