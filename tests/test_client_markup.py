"""The walk over HTTP against a small site of another markup, charsets and step ⑧ shapes.

The site lives in this file: a login in EUC-JP named only by its meta tag, an image button,
a 「ログインしています…」 page that refreshes itself, contracts as radio buttons in table
rows on a Shift_JIS page named only by its header, a month select that submits on change,
and a 200 page that says the session has ended.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qsl

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from custom_components.ocn_dotphone.client import (
    LoginResult,
    OcnMyPageClient,
    SessionExpired,
)

USER = "taro@ocn.ne.jp"
SECRET = "パスワード050"
SID = "sid"
CHARGES = {date(2026, 11, 1): 1100, date(2026, 10, 1): 1234}
CONTRACTS = {"k1": ("C0000000001", "050-1111-2222"), "k2": ("C0000000002", "050-3333-4444")}

ENDED = """<html><head><meta charset="utf-8"><title>OCN マイページ</title></head><body>
<p>一定時間操作がなかったため、セッションの有効期限が切れました。</p>
<p><a href="/login-form">ログイン画面へ</a></p></body></html>"""

LOGIN = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">
<title>OCN マイページ</title></head><body><form method="post" action="/login"><table>
<tr><td>メールアドレス（OCN ID）</td><td><input name="u"></td></tr>
<tr><td>パスワード</td></tr><tr><td><input type="password" name="p"></td></tr></table>
<input type="image" name="go" src="login.gif" alt="ログイン"></form></body></html>"""

INTERSTITIAL = """<html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;URL=/portal/"></head>
<body><p>ログインしています…</p><p>切り替わらない場合は<a href="/portal/">こちら</a></p></body></html>"""

TOP = """<html><head><meta charset="utf-8"><title>マイページ</title></head><body>
<p>お客さま番号：N1234567890</p>
<ul><li><a href="/charges"><img src="m1.gif" alt="料金・ご利用明細"></a></li></ul></body></html>"""

SERVICES = """<html><head><title>料金・ご利用明細</title></head><body>
<p>お客さま番号：N1234567890 ㈱テスト①</p>
<form method="post" action="/ip050"><input type="hidden" name="mark" value="①">
<table><tr><th></th><th>契約番号</th><th>サービス</th><th>電話番号</th></tr>
<tr><td><input type="radio" name="k" value="i1" checked></td><td>T1234567890</td>
<td>OCN 光 インターネット接続</td><td>-</td></tr>
<tr><td><input type="radio" name="k" value="k1"></td><td>C0000000001</td>
<td>OCNドットフォン オフィス</td><td>050-1111-2222</td></tr>
<tr><td><input type="radio" name="k" value="k2"></td><td>C0000000002</td>
<td>050あんしんナンバー</td><td>050-3333-4444</td></tr></table>
<input type="image" name="svc" src="i.gif" alt="インターネット接続利用明細">
<input type="image" name="ip" src="ip.gif" alt="050IP電話利用明細"></form></body></html>"""


# Step ⑧'s first shape: 料金・ご利用明細 has only the link; the 050 page lists the contracts.
# Only the top shows the customer number.
SERVICES_LINK = """<html><head><meta charset="utf-8"><title>料金・ご利用明細</title></head><body>
<h3>インターネット接続利用明細</h3><a href="/net">表示</a>
<h3>050IP電話利用明細</h3><p><a href="/ip050">OCNドットフォン・050あんしんナンバーなどの利用明細</a></p>
</body></html>"""

CONTRACT_FORMS = """<html><head><meta charset="utf-8"><title>050IP電話利用明細</title></head><body>
<h1>050IP電話利用明細</h1><table>
<tr><td>C0000000001</td><td>050-1111-2222</td><td><form method="post" action="/ip050/open">
<input type="hidden" name="k" value="k1"><input type="submit" value="明細を見る"></form></td></tr>
<tr><td>C0000000002</td><td>050-3333-4444</td><td><form method="post" action="/ip050/open">
<input type="hidden" name="k" value="k2"><input type="submit" value="明細を見る"></form></td></tr>
</table></body></html>"""


def statement(key: str, month: date, choose_contract: bool) -> str:
    """A 050IP電話利用明細 page: with a 契約番号 select beside ご確認月, or naming its one contract."""
    number, phone = CONTRACTS[key]
    options = "".join(
        f'<option value="{m:%Y%m}"{" selected" if m == month else ""}>{m.year}年{m.month}月</option>'
        for m in CHARGES
    )
    if choose_contract:
        choices = "".join(
            f'<option value="{k}"{" selected" if k == key else ""}>{n} {p}</option>'
            for k, (n, p) in CONTRACTS.items()
        )
        form = f"""<form method="get" action="/ip050"><table><tr><th>契約番号</th>
<td><select name="k">{choices}</select></td><th>ご確認月</th><td><select name="m">{options}</select>
<input type="submit" value="表示"></td></tr></table></form>"""
    else:
        form = f"""<form method="get" action="/ip050"><input type="hidden" name="k" value="{key}">
<dl><dt>契約番号</dt><dd>{number}（{phone}）</dd><dt>ご確認月</dt>
<dd><select name="m" onchange="this.form.submit()">{options}</select></dd></dl></form>"""
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>050IP電話利用明細</title></head><body><h1>050IP電話利用明細</h1>{form}
<h2>{month.year}年{month.month}月ご利用分</h2>
<table><tr><th>合計</th><td>{CHARGES[month]:,}円</td></tr></table></body></html>"""


class Site:
    """The little site: what it was asked, and a switch that ends the session.

    ``shape`` is how step ⑧ looks: "radios" (contracts as radio buttons on 料金・ご利用明細),
    "select" (a link there, a 契約番号 select beside ご確認月 on the 050 page) or "forms"
    (a link there, a small form per contract on the 050 page).
    """

    def __init__(self, shape: str = "radios") -> None:
        self.shape = shape
        self.requests: list[str] = []
        self.session_alive = False

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self.count])
        app.router.add_get("/portal/", self.portal)
        app.router.add_get("/login-form", self.login_form)
        app.router.add_post("/login", self.login)
        app.router.add_get("/charges", self.charges)
        app.router.add_post("/ip050", self.open_statement)
        app.router.add_get("/ip050", self.month)
        app.router.add_post("/ip050/open", self.open_contract)
        return app

    @web.middleware
    async def count(self, request: web.Request, handler):
        self.requests.append(f"{request.method} {request.path}")
        return await handler(request)

    def signed_in(self, request: web.Request) -> bool:
        return self.session_alive and request.cookies.get("s") == SID

    async def portal(self, request: web.Request) -> web.Response:
        return web.Response(
            text=TOP if self.signed_in(request) else ENDED, content_type="text/html"
        )

    async def login_form(self, request: web.Request) -> web.Response:
        # No charset in the header: only the meta tag says EUC-JP.
        return web.Response(body=LOGIN.encode("euc_jis_2004"), content_type="text/html")

    async def login(self, request: web.Request) -> web.Response:
        form = dict(parse_qsl((await request.read()).decode("ascii"), encoding="euc_jis_2004"))
        if form != {"u": USER, "p": SECRET, "go.x": "1", "go.y": "1"}:
            return web.Response(body=LOGIN.encode("euc_jis_2004"), content_type="text/html")
        self.session_alive = True
        response = web.Response(text=INTERSTITIAL, content_type="text/html")
        response.set_cookie("s", SID)
        return response

    async def charges(self, request: web.Request) -> web.Response:
        if not self.signed_in(request):
            return web.Response(text=ENDED, content_type="text/html")
        if self.shape != "radios":
            return web.Response(text=SERVICES_LINK, content_type="text/html")
        # Shift_JIS named by the header alone.
        return web.Response(
            body=SERVICES.encode("cp932"), content_type="text/html", charset="Shift_JIS"
        )

    async def open_statement(self, request: web.Request) -> web.Response:
        form = dict(parse_qsl((await request.read()).decode("ascii"), encoding="cp932"))
        # The page's own ① comes back in Windows-31J; only the pressed image is sent.
        assert form.get("mark") == "①"
        assert "svc.x" not in form
        if not self.signed_in(request) or form.get("k") not in CONTRACTS or "ip.x" not in form:
            return web.Response(text=ENDED, content_type="text/html")
        return self.statement_page(form["k"], max(CHARGES))

    async def month(self, request: web.Request) -> web.Response:
        if not self.signed_in(request):
            return web.Response(text=ENDED, content_type="text/html")
        if "k" not in request.query:  # the link of 料金・ご利用明細
            if self.shape == "forms":
                return web.Response(text=CONTRACT_FORMS, content_type="text/html")
            return self.statement_page("k1", max(CHARGES))
        wanted = request.query["m"]
        month = next(m for m in CHARGES if f"{m:%Y%m}" == wanted)
        return self.statement_page(request.query["k"], month)

    async def open_contract(self, request: web.Request) -> web.Response:
        if not self.signed_in(request):
            return web.Response(text=ENDED, content_type="text/html")
        return self.statement_page((await request.post())["k"], max(CHARGES))

    def statement_page(self, key: str, month: date) -> web.Response:
        body = statement(key, month, self.shape == "select").encode("cp932")
        return web.Response(body=body, content_type="text/html")


@pytest.fixture(params=["radios", "select", "forms"])
async def site(
    socket_enabled: None, request: pytest.FixtureRequest
) -> AsyncIterator[tuple[Site, str]]:
    """The little site, started on loopback, in each shape of step ⑧."""
    state = Site(request.param)
    server = TestServer(state.app(), host="127.0.0.1")
    await server.start_server()
    yield state, str(server.make_url("/portal/"))
    await server.close()


async def test_walk_in_another_markup(site: tuple[Site, str], http: aiohttp.ClientSession) -> None:
    state, base_url = site
    client = OcnMyPageClient(http, base_url)
    # The session has not started: the portal says it has ended and links to the login.
    assert await client.login(USER, SECRET) == LoginResult.AUTHENTICATED
    assert state.requests == [
        "GET /portal/",
        "GET /login-form",
        "POST /login",
        "GET /portal/",  # the meta refresh of 「ログインしています…」
        "GET /charges",
    ]

    account = await client.get_account()
    assert account.customer_number == "N1234567890"
    assert [(c.contract_number, c.phone_number) for c in account.contracts] == [
        ("C0000000001", "05011112222"),
        ("C0000000002", "05033334444"),
    ]
    first = account.contracts[0]
    assert await client.list_months(first) == [date(2026, 11, 1), date(2026, 10, 1)]
    assert (await client.fetch_statement(first, date(2026, 11, 1))).total == Decimal(1100)
    assert (await client.fetch_statement(first, date(2026, 10, 1))).total == Decimal(1234)
    assert (
        state.requests[5:]
        == {
            # A radio in the contract's row, then the 050 image button; the month select has
            # no button, so its form is sent with none pressed.
            "radios": ["GET /charges", "POST /ip050", "GET /ip050"],
            # The 050 link opens the first contract's page: its statement costs nothing more.
            "select": ["GET /charges", "GET /ip050", "GET /ip050"],
            "forms": ["GET /charges", "GET /ip050", "POST /ip050/open", "GET /ip050"],
        }[state.shape]
    )


async def test_steady_refresh_costs_one_request_per_contract_where_it_can(
    site: tuple[Site, str], http: aiohttp.ClientSession
) -> None:
    state, base_url = site
    client = OcnMyPageClient(http, base_url)
    await client.login(USER, SECRET)
    last = (await client.get_account()).contracts[-1]
    # The refresh before read an older month last: the next one starts on the newest.
    await client.fetch_statement(last, min(await client.list_months(last)))
    before = len(state.requests)
    account = await client.get_account(reuse=True)
    for contract in account.contracts:
        months = await client.list_months(contract)
        await client.fetch_statement(contract, months[0])
    opened = {
        "radios": ["POST /ip050"],
        "select": ["GET /ip050"],
        # A list page whose statements do not list the contracts again is opened anew for
        # each: sites may take a form only from the page they served last.
        "forms": ["GET /ip050", "POST /ip050/open"],
    }
    assert state.requests[before:] == opened[state.shape] * 2


async def test_a_lapse_shown_as_a_normal_page(
    site: tuple[Site, str], http: aiohttp.ClientSession
) -> None:
    state, base_url = site
    client = OcnMyPageClient(http, base_url)
    await client.login(USER, SECRET)
    account = await client.get_account()
    state.session_alive = False
    with pytest.raises(SessionExpired):
        await client.get_account()
    with pytest.raises(SessionExpired):
        await client.list_months(account.contracts[1])
    # Logging in again goes through the page that said so.
    assert await client.login(USER, SECRET) == LoginResult.AUTHENTICATED
    assert (await client.get_account()).contracts == account.contracts
