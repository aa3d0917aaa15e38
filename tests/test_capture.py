"""Captures: sanitised pages that rebuild a user's walk, replayed as the site."""

from __future__ import annotations

import json
import random
import string
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any
from unittest.mock import patch
from urllib.parse import quote, quote_plus

import aiohttp
import lxml.html
import pytest

from custom_components.ocn_dotphone.client import (
    AuthMethod,
    InvalidCode,
    LoginResult,
    OcnError,
    OcnMyPageClient,
    SessionExpired,
    Statement,
)
from custom_components.ocn_dotphone.client import capture as capture_module
from custom_components.ocn_dotphone.client.capture import Capture
from custom_components.ocn_dotphone.client.forms import parse_html
from custom_components.ocn_dotphone.client.parsers import LABEL_WORDS
from ocn_simulator import SKINS, SimAccount, SimContract, Simulator
from ocn_simulator.skins.frames import FramesSkin

from .helpers import make_account, wrong_code

CAPTURES = Path(__file__).parent / "captures"
# Every fixed skin, and the mixed one on a few seeds.
RENDERINGS = [(skin, 0) for skin in SKINS] + [("mixed", 3), ("mixed", 11)]
FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


def shape(statement: Statement) -> tuple[Any, ...]:
    """What a sanitised page keeps of a statement: its month, calls, their days and types."""
    return (
        statement.month,
        len(statement.calls),
        tuple((call.started_at.date(), call.call_type) for call in statement.calls),
    )


async def walk(
    client: OcnMyPageClient, sim: Simulator, username: str, password: str, phone: str
) -> list[tuple[str, Any]]:
    """Set up with a code, refresh, lapse and sign in again; what each step came to.

    The walk stops at the first error, as the user's did.
    """
    outcomes: list[tuple[str, Any]] = []

    async def statements() -> Any:
        account = await client.get_account()
        read = []
        for contract in account.contracts:
            months = await client.list_months(contract)
            for month in months[:2]:
                read.append(shape(await client.fetch_statement(contract, month)))
        return len(account.contracts), read

    async def refresh_after_lapse() -> Any:
        sim.expire_sessions()
        try:
            await client.get_account()
        except OcnError as err:
            return type(err).__name__
        return "no lapse"

    async def sign_in_again() -> Any:
        result = await client.login(username, password)
        return result, await statements()

    async def setup() -> Any:
        result = await client.login(username, password)
        if result is not LoginResult.CONTACT_NUMBER:
            return result
        methods = await client.submit_contact_number(phone)
        await client.request_code(AuthMethod.SMS if AuthMethod.SMS in methods else AuthMethod.VOICE)
        await client.submit_code(sim.last_code())
        return result, sorted(methods)

    for name, step in (
        ("setup", setup),
        ("statements", statements),
        ("refresh", statements),
        ("lapse", refresh_after_lapse),
        ("sign in again", sign_in_again),
    ):
        try:
            outcomes.append((name, await step()))
        except OcnError as err:
            # An unrecognised page also says what the walk expected there.
            outcomes.append((name, f"{type(err).__name__} {getattr(err, 'expected', '')}"))
            break
    return outcomes


@asynccontextmanager
async def client_for(sim: Simulator) -> AsyncIterator[OcnMyPageClient]:
    """A client with its own cookie jar that keeps every walk in its capture."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        client = OcnMyPageClient(http, sim.base_url)
        client.capture.walks = 20
        yield client


async def captured_walk(
    account: SimAccount, skin: str, seed: int
) -> tuple[list[tuple[str, Any]], dict[str, Any], list[str], Simulator]:
    """Walk a fresh simulator; the outcomes, the capture, the cookies and the simulator."""
    sim = Simulator([account], calls_per_month=12, skin=skin, skin_seed=seed)
    await sim.start()
    try:
        async with client_for(sim) as client:
            outcomes = await walk(
                client, sim, account.username, account.password, account.contact_phone
            )
            cookies = [cookie["value"] for cookie in client.export_session()["cookies"]]
            return outcomes, client.capture.export(), cookies, sim
    finally:
        await sim.stop()


async def replayed_walk(capture: dict[str, Any] | Path, phone: str = "00000000000") -> list[Any]:
    """The same walk against the capture replayed: any OCN ID, password and number do."""
    sim = Simulator([make_account()], skin="replay", replay=capture)
    await sim.start()
    try:
        async with client_for(sim) as client:
            return await walk(client, sim, "someone@example.jp", "anything", phone)
    finally:
        await sim.stop()


@pytest.mark.parametrize("eager", [False, True], ids=["kept-bytes", "parsed-tree"])
@pytest.mark.parametrize(("skin", "seed"), RENDERINGS)
async def test_replay_reaches_the_same_result(
    socket_enabled: None, skin: str, seed: int, eager: bool
) -> None:
    """A walk replayed from its capture ends the same way: same statements, same errors."""
    with patch.object(capture_module, "EAGER_BYTES", 0 if eager else 10**9):
        outcomes, capture, _, _ = await captured_walk(make_account(), skin, seed)
    # The walk went all the way: the lapse was one, and the client signed in again.
    assert [name for name, _ in outcomes][-1] == "sign in again", outcomes
    assert dict(outcomes)["lapse"] == "SessionExpired"

    replayed = await replayed_walk(json.loads(json.dumps(capture)))

    assert replayed == outcomes


async def test_a_form_that_joins_its_boxes_as_it_is_sent_replays(socket_enabled: None) -> None:
    """The contact number's and the code's boxes joined by the form's script as it is sent:
    the capture keeps the joins (named as it names the fields), and the replay sends them.
    """
    with patch.object(FramesSkin, "joined_on_submit", True):
        outcomes, capture, _, _ = await captured_walk(make_account(), "frames", 0)
    pages = [page["html"] for walk in capture["walks"] for page in walk["pages"] if page["html"]]
    joining = [html for html in pages if "data-joins" in html]
    assert joining
    for html in joining:
        doc = lxml.html.fromstring(html)
        names = {el.get("name") for el in doc.iter("input")}
        for form in doc.xpath("//form[@data-joins]"):
            for name, terms in json.loads(form.get("data-joins")):
                assert {name, *(text for kind, text in terms if kind == "value_of")} <= names
    assert await replayed_walk(json.loads(json.dumps(capture))) == outcomes


async def test_replay_follows_the_sites_rules(socket_enabled: None) -> None:
    """A replay sends codes to the outbox, refuses a wrong one, and lapses only when told."""
    _, capture, _, _ = await captured_walk(make_account(), "classic", 0)
    sim = Simulator([make_account()], skin="replay", replay=capture)
    await sim.start()
    try:
        async with client_for(sim) as client:
            assert await client.login("a@b.jp", "x") is LoginResult.CONTACT_NUMBER
            await client.submit_contact_number("00000000000")
            assert sim.outbox == []
            await client.request_code(AuthMethod.SMS)
            assert len(sim.outbox) == 1
            with pytest.raises(InvalidCode):
                await client.submit_code(wrong_code(sim))
            await client.submit_code(sim.last_code())
            for _ in range(3):  # the capture's lapse waits for the session to end
                assert (await client.get_account()).contracts
            sim.advance(timedelta(days=1))
            with pytest.raises(SessionExpired):
                await client.get_account()
    finally:
        await sim.stop()


async def test_replay_mails_a_one_time_password(socket_enabled: None) -> None:
    """A captured e-mail one-time password is sent again and checked on replay."""
    account = make_account()
    account.email_otp = True
    sim = Simulator([account], calls_per_month=3)
    await sim.start()
    try:
        async with client_for(sim) as client:
            assert await client.login(account.username, account.password) is LoginResult.EMAIL_CODE
            assert await client.submit_email_code(sim.last_code()) is LoginResult.CONTACT_NUMBER
            capture = client.capture.export()
    finally:
        await sim.stop()

    replay = Simulator([make_account()], skin="replay", replay=capture)
    await replay.start()
    try:
        async with client_for(replay) as client:
            assert await client.login("a@b.jp", "x") is LoginResult.EMAIL_CODE
            assert [sent.method for sent in replay.outbox] == ["email"]
            with pytest.raises(InvalidCode):
                await client.submit_email_code(wrong_code(replay))
            result = await client.submit_email_code(replay.last_code())
    finally:
        await replay.stop()
    assert result is LoginResult.CONTACT_NUMBER


def random_account(rng: random.Random) -> SimAccount:
    """An account whose every identifier is random, so none can pass a filter by luck."""
    digits = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
    return SimAccount(
        username=f"{letters}{digits(3)}@ocn.ne.jp",
        password="".join(
            rng.choice(string.ascii_letters + string.digits + "!#%") for _ in range(14)
        ),
        contact_phone="090" + digits(8),
        customer_number="N" + digits(10),
        contracts=[
            SimContract("C" + digits(10), "050" + digits(8), "OCNドットフォン オフィス"),
            SimContract("C" + digits(10), "050" + digits(8), "050あんしんナンバー"),
        ],
    )


def spellings(secret: str) -> set[str]:
    """Every way a page or URL may spell a secret."""
    found = {secret, secret.translate(FULL_WIDTH), quote(secret), quote_plus(secret)}
    for encoding in ("cp932", "euc_jp"):
        found.add(quote(secret, encoding=encoding))
    if secret.isdigit() and len(secret) == 11:
        found.add(f"{secret[:3]}-{secret[3:7]}-{secret[7:]}")
        found.add(f"{secret[:3]}-{secret[3:7]}-{secret[7:]}".translate(FULL_WIDTH))
    return found


@pytest.mark.parametrize("eager", [False, True], ids=["kept-bytes", "parsed-tree"])
@pytest.mark.parametrize(("skin", "seed"), RENDERINGS)
async def test_secrets_never_survive_capture(
    socket_enabled: None, skin: str, seed: int, eager: bool
) -> None:
    """No password, OCN ID, number, cookie, code or amount is in a capture, however spelt.

    Both ways a page is sanitised: from its bytes when read, and from the client's tree
    as it arrives (long pages).
    """
    account = random_account(random.Random(f"{skin}:{seed}"))  # noqa: S311 (test data)
    with patch.object(capture_module, "EAGER_BYTES", 0 if eager else 10**9):
        _, capture, cookies, sim = await captured_walk(account, skin, seed)
    secrets = [
        account.username,
        account.password,
        account.contact_phone,
        account.customer_number,
        *cookies,
        *(sent.code for sent in sim.outbox),
    ]
    for contract in account.contracts:
        secrets += [contract.contract_number, contract.phone_number]
        for month in sim.months()[:2]:
            statement = sim.statement(contract.contract_number, month)
            secrets += [call.other_party for call in statement.calls]
            secrets += [
                f"{int(amount):,}"
                for amount in (statement.total, statement.call_charges, statement.base_fee)
                if amount >= 1000
            ]
    text = json.dumps(capture, ensure_ascii=False)
    pages = [page for walk in capture["walks"] for page in walk["pages"]]
    assert pages
    readings = [text, unescape(text)]
    for page in pages:
        encoded = page["html"].encode(page["charset"].replace("Shift_JIS", "cp932"), "replace")
        readings.append(encoded.decode(page["charset"].replace("Shift_JIS", "cp932")))
    for secret in secrets:
        for spelling in spellings(secret):
            assert all(spelling not in reading for reading in readings), secret


def test_sanitised_text_keeps_shapes_and_site_words() -> None:
    """Amounts and numbers zeroed in shape, dates and the site's words kept, names filled."""
    capture = Capture()

    assert capture.text("合計 1,234円") == "合計 0,000円"
    assert capture.text("０９０－１２３４－５６７８") == "０００－００００－００００"
    assert capture.text("090-1234-5678") == "000-0000-0000"
    assert capture.text("2026年11月ご利用分 2026/11/03 09:15:22") == (
        "2026年11月ご利用分 2026/11/03 00:00:00"
    )
    assert capture.text("山田 太郎 様") == "某某 某某 某"
    assert capture.text("taro@ocn.ne.jp") == "xxxx@xxx.xx.xx"


def test_a_number_shown_by_its_last_digits_keeps_the_words_that_say_so() -> None:
    """末尾5678 and 下4桁 keep their words, so a replayed contact step reads its endings."""
    capture = Capture()
    assert capture.text("末尾5678にSMSで送信") == "末尾0000ぬSMSぬ送信"
    assert capture.text("下4桁：5678") == "下0桁：0000"


def test_words_that_share_a_character_are_both_kept() -> None:
    """発信日 and 日時 share 日: 発信日時 keeps both whole, not 発信日 and a placeholder."""
    capture = Capture()
    assert capture.text("発信日時") == "発信日時"
    assert capture.text("着信日時 発信者番号") == "着信日時 発信者某某"


@pytest.mark.parametrize("label", LABEL_WORDS)
def test_every_word_a_label_is_read_by_is_kept(label: str) -> None:
    """A capture keeps each word the summary's and the call list's labels are read by
    (通話秒数, 発信者番号, ご請求額), or a replay would not read the page it holds.
    """
    assert label in Capture().text(f"【{label}】")


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("確認番号（6桁）", "確認番号"),
        ("確認コードを入力", "確認コード"),
        ("※ハイフン（-）を含めて入力", "ハイフン（-）を含め"),
        ("ハイフン不要", "ハイフン不要"),
    ],
    ids=["確認番号", "確認コード", "hyphens asked", "hyphens refused"],
)
def test_the_words_a_step_is_read_by_are_kept(said: str, kept: str) -> None:
    """A code called 確認番号 or 確認コード, and a box that asks for hyphens or not, keep
    their words: a replay reads the step as the client read it.
    """
    assert kept in Capture().text(said)


def test_a_number_in_a_link_path_is_replaced() -> None:
    """A 050 number written with hyphens inside a path or a name is no longer kept."""
    capture = Capture()
    assert "1111" not in capture._url("https://mypage.example/contract/050-1111-2222/detail")
    assert "5678" not in capture._name("tel_090-1234-5678")
    assert capture._url("/contract/050-1111-2222/detail").startswith("/contract/050-")


def test_numbers_stay_apart_and_stay_the_same() -> None:
    """Two contracts stay two, a 050 number stays one, and the same one stays the same."""
    capture = Capture()
    first = capture.text("C1234567890（050-1111-2222）")
    second = capture.text("C9876543210（050-3333-4444）")

    assert first != second
    assert capture.text("C1234567890（050-1111-2222）") == first
    assert first.startswith("C0")
    assert "050-0000-000" in first
    assert capture.text("N1234567890") == "N0000000000"


def test_a_page_keeps_what_a_browser_navigates_by() -> None:
    """Forms, labels and links keep their names and paths; values are placeholders."""
    capture = Capture()
    body = (
        '<html><body><form method="post" action="/detail?id=N1234567890">'
        '<input type="hidden" name="token" value="s3cr3t-T0ken">'
        '<label for="m">ご確認月</label><select id="m" name="month">'
        '<option value="202611" selected>2026年11月</option></select>'
        '<input type="text" name="tel" value="09012345678">'
        '<a href="https://mypage.example/top;jsessionid=ABC123">料金・ご利用明細</a>'
        '<button type="submit" name="go" value="ip050">表示</button></form></body></html>'
    ).encode()
    capture.record(
        method="GET",
        url="https://mypage.example/start",
        pairs=None,
        form_charset="utf-8",
        history=[],
        status=200,
        final_url="https://mypage.example/start",
        content_type="text/html; charset=utf-8",
        charset="utf-8",
        body=body,
        doc=parse_html(body),
        kind="statement",
    )
    html = capture.export()["walks"][0]["pages"][0]["html"]

    assert 'action="/detail?id=N0000000000"' in html
    assert 'name="token" value="x0xx0x-X0xxx"' in html
    assert '<label for="m">ご確認月</label>' in html
    assert '<option value="000000" selected="selected">2026年11月</option>' in html
    assert 'name="tel" value="00000000000"' in html
    assert 'href="/top;xxxxxxxxxx=XXX000"' in html
    assert "s3cr3t" not in html
    assert "ABC123" not in html

    capture.record(
        method="POST",
        url="https://mypage.example/detail?id=N1234567890",
        pairs=[("token", "s3cr3t-T0ken"), ("month", "202611"), ("tel", "!#%&*09")],
        form_charset="utf-8",
        history=[(302, "https://mypage.example/detail", "https://mypage.example/top?t=ABC")],
        status=200,
        final_url="https://mypage.example/top?t=ABC",
        content_type="text/html",
        charset=None,
        body=b"<html><head><meta charset='EUC-JP'></head></html>",
        doc=parse_html(b"<html><head><meta charset='EUC-JP'></head></html>"),
        kind="top",
    )
    page = capture.export()["walks"][0]["pages"][1]
    # What the page offered goes back as the page showed it; what was typed, as a shape.
    assert page["form"] == [
        ["token", "x0xx0x-X0xxx", False],
        ["month", "000000", False],
        ["tel", "xxxxx00", True],
    ]
    assert page["url"] == "/detail?id=N0000000000"
    assert page["redirects"] == [{"status": 302, "url": "/detail", "location": "/top?t=XXa"}]
    assert page["charset"] == "EUC-JP"


@pytest.mark.parametrize("path", sorted(CAPTURES.glob("*.json")), ids=lambda p: p.stem)
async def test_checked_in_captures_read(socket_enabled: None, path: Path) -> None:
    """Each capture under tests/captures replays into a walk that reads the statements."""
    outcomes = await replayed_walk(path)

    assert [name for name, _ in outcomes][:3] == ["setup", "statements", "refresh"]
    assert all(not isinstance(outcome, str) for _, outcome in outcomes[:3]), outcomes
