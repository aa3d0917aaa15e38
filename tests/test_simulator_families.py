"""The frames and script skins keep the site's rules: walked over HTTP by the site's own fields.

Each walk goes as a browser goes, without the integration's client: it reads the forms a
page holds, sends their hidden fields with what a person types or presses, follows the hops
(redirects, a meta refresh, a form that posts itself) and runs the pages' script links in
the one shape each uses. Months and figures come from the simulator, never from the date.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import aiohttp
import lxml.html
import pytest
from lxml.html import FormElement, HtmlElement
from multidict import CIMultiDictProxy
from yarl import URL

from ocn_simulator import SKINS, SimCall, SimContract, Simulator
from ocn_simulator.app import MSG_BAD_CODE, MSG_BAD_CONTACT, MSG_NO_METHOD, SESSION_COOKIE
from ocn_simulator.data import JST
from ocn_simulator.skins import ROUTE_PAGE, make_skin

from .helpers import (
    CONTRACT,
    CUSTOMER_NUMBER,
    MOBILE,
    PASSWORD,
    SECOND,
    USERNAME,
    make_account,
    wrong_code,
)

CODECS = {"shift_jis": "cp932", "utf-8": "utf-8", "euc-jp": "euc_jp"}
FULL_WIDTH = str.maketrans("０１２３４５６７８９，", "0123456789,")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CALLS = 40  # a closed month's calls: pages of 15, 15 and 10 on the script skin
ONE_OR_TWO = pytest.mark.parametrize(
    "contracts", [[CONTRACT], [CONTRACT, SECOND]], ids=["one contract", "two contracts"]
)
DO_POST = re.compile(r"doPost\('([^']*)', '([^']*)', '([^']*)'\)")
SET_AND_SUBMIT = re.compile(
    r"^document\.forms\['(\w+)'\]\.elements\['(\w+)'\]\.value='([^']*)'; "
    r"document\.forms\['\1'\]\.submit\(\); return false;$"
)
HELPER = re.compile(
    r"function doPost\(action, name, value\) \{\s*var f = document\.forms\['(\w+)'\];\s*"
    r"f\.action = action;\s*f\.elements\[name\]\.value = value;\s*f\.submit\(\);\s*\}"
)


def declared_charset(header: str | None, body: bytes) -> str:
    """The charset a page declares: in its Content-Type header, else in a meta tag."""
    if header:
        return header.lower()
    match = re.search(rb"charset=[\"']?([\w-]+)", body)
    return match.group(1).decode().lower() if match else "utf-8"


@dataclass
class Page:
    """A page as a browser holds it: its address, status, headers, cookies and text."""

    url: URL
    status: int
    headers: CIMultiDictProxy[str]
    cookies: SimpleCookie
    codec: str
    text: str
    doc: HtmlElement = field(init=False)

    def __post_init__(self) -> None:
        self.doc = lxml.html.fromstring(self.text or "<html></html>")

    def form(self, name: str | None = None) -> FormElement:
        """The form of that name, or the page's only form without a name."""
        forms = [f for f in self.doc.forms if f.get("name") == name]
        assert len(forms) == 1, f"{len(forms)} forms named {name!r}"
        return forms[0]

    def link(self, text: str) -> HtmlElement:
        """The one link with these words."""
        (found,) = [a for a in self.doc.iter("a") if a.text_content().strip() == text]
        return found

    def error(self, css: str) -> str:
        """The words of the page's error box."""
        return " ".join(e.text_content().strip() for e in self.doc.find_class(css))


class Browser:
    """Loads pages and sends forms in the page's own charset, with a cookie jar of its own."""

    def __init__(self, sim: Simulator, http: aiohttp.ClientSession) -> None:
        self.sim = sim
        self.http = http

    async def open(
        self,
        address: str | URL,
        data: dict[str, str] | None = None,
        *,
        codec: str = "utf-8",
        follow: bool = True,
    ) -> Page:
        url = URL(self.sim.base_url).join(URL(str(address)))
        if data is None:
            request = self.http.get(url, allow_redirects=follow)
        else:
            body = urlencode(data, encoding=codec)
            request = self.http.post(url, data=body, headers=FORM, allow_redirects=follow)
        async with request as response:
            raw = await response.read()
            page_codec = CODECS[declared_charset(response.charset, raw)]
            return Page(
                response.url,
                response.status,
                response.headers,
                response.cookies,
                page_codec,
                raw.decode(page_codec),
            )

    async def submit(
        self,
        page: Page,
        form: FormElement,
        fields: dict[str, str] | None = None,
        *,
        action: str | None = None,
        follow: bool = True,
    ) -> Page:
        """Send ``form`` as a browser does: its hidden inputs and selects, then ``fields``.

        ``fields`` are what the person typed, and the pressed button's name and value.
        """
        data = {e.name: e.value for e in form.xpath(".//input[@type='hidden']")}
        data |= {s.name: s.value for s in form.xpath(".//select[@name]")}
        data |= fields or {}
        target = page.url.join(URL(action or form.get("action") or str(page.url)))
        return await self.open(target, data, codec=page.codec, follow=follow)

    async def do_post(self, page: Page, call: str) -> Page:
        """Run the page's ``doPost('/path', 'name', 'value')`` as its helper does."""
        match = DO_POST.search(call)
        assert match, call
        action, name, value = match.groups()
        helper = HELPER.search(page.text)
        assert helper, "the page defines no doPost helper"
        form = page.form(helper.group(1))
        assert form.xpath(f".//input[@name='{name}']"), f"the helper's form has no {name}"
        return await self.submit(page, form, {name: value}, action=action)

    async def set_and_submit(self, page: Page, link: HtmlElement) -> Page:
        """Run a link's ``document.forms['f'].elements['n'].value='v'; ...submit()``."""
        assert link.get("href") == "javascript:void(0)"
        match = SET_AND_SUBMIT.match(link.get("onclick", ""))
        assert match, link.get("onclick")
        form_name, name, value = match.groups()
        return await self.submit(page, page.form(form_name), {name: value})


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


@asynccontextmanager
async def served(skin: str, contracts: list[SimContract]) -> AsyncIterator[Simulator]:
    sim = Simulator([make_account(contracts=contracts)], skin=skin, calls_per_month=CALLS)
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


def amount(text: str) -> Decimal:
    """An amount as the pages print it: ￥１，１００, ２３４円, ▲５５円, −55円."""
    cleaned = text.translate(FULL_WIDTH).replace("▲", "-").replace("−", "-")
    return Decimal(re.sub(r"[￥円,\s]", "", cleaned))


def seconds(text: str) -> int:
    """A duration as 3分05秒, 1時間02分03秒 or 0:03:05."""
    if ":" in text:
        h, m, s = (int(part) for part in text.split(":"))
        return h * 3600 + m * 60 + s
    match = re.fullmatch(r"(?:(\d+)時間)?(\d+)分(\d+)秒", text)
    assert match, text
    h, m, s = (int(part or 0) for part in match.groups())
    return h * 3600 + m * 60 + s


def as_listed(call: SimCall) -> tuple[datetime, str, int, Decimal, str, bool]:
    """What a listing of a call says, to compare with what a page or file says."""
    return (
        call.started_at.astimezone(JST).replace(tzinfo=None),
        call.other_party,
        call.duration,
        call.charge,
        call.call_type,
        call.chakuwari,
    )


def csv_calls(body: bytes, codec: str) -> list[tuple[datetime, str, int, Decimal, str, bool]]:
    """The calls of the CSV download, header checked."""
    rows = list(csv.reader(io.StringIO(body.decode(codec))))
    assert rows[0] == ["通話開始日時", "通話先電話番号", "通話時間", "通話料金", "種別", "着割対象"]
    return [
        (
            datetime.strptime(started, "%Y/%m/%d %H:%M:%S"),
            number.replace("-", ""),
            seconds(duration),
            Decimal(charge),
            kind,
            mark == "○",
        )
        for started, number, duration, charge, kind, mark in rows[1:]
    ]


async def download(http: aiohttp.ClientSession, page: Page, text: str, charset: str) -> bytes:
    """Follow the page's CSV link, check it is a CSV attachment; its bytes."""
    async with http.get(page.url.join(URL(page.link(text).get("href")))) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == f"text/csv; charset={charset}"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment; filename=")
        assert disposition.endswith('.csv"')
        return await response.read()


# --- frames -------------------------------------------------------------------------


async def frames_sign_in(browser: Browser, sim: Simulator) -> Page:
    """Log in through the ticket hop and the form that posts itself; returns the frameset."""
    skin = sim.skin
    login = await browser.open("/")
    assert login.headers["Content-Type"] == "text/html; charset=Shift_JIS"
    form = login.form()
    fields = {skin.field("username"): USERNAME, skin.field("password"): PASSWORD}
    answer = await browser.submit(login, form, fields, follow=False)
    assert answer.status == 302
    hop = URL(answer.headers["Location"])
    assert hop.path == skin.url("sso")
    assert not hop.path.startswith(skin.url("login").rsplit("/", 1)[0])  # another prefix
    assert hop.query["ticket"]

    handing = await browser.open(hop, follow=False)
    assert handing.status == 200
    cookie = handing.cookies[SESSION_COOKIE]
    assert cookie["path"] == "/mypage/"
    assert not hop.path.startswith(cookie["path"])  # the hop's own path does not get it
    assert handing.doc.body.get("onload") == "document.forms[0].submit()"
    handover = handing.form()
    hidden = {e.name: e.value for e in handover.xpath(".//input[@type='hidden']")}
    assert hidden["ticket"] == hop.query["ticket"]
    assert handover.xpath(".//noscript//input[@type='submit'][@value='次へ']")
    assert URL(handover.get("action")).path.startswith(cookie["path"])

    top = await browser.submit(handing, handover)
    assert top.url.path == skin.url("top")
    assert sim.requests["sso_post"] == 1
    return top


async def frames_open_menu(browser: Browser, top: Page) -> Page:
    """Load the top's frames; follow the menu's 料金・ご利用明細 link as it loads into "main"."""
    assert top.doc.xpath("/html/frameset/frame/@name") == ["header"]
    assert top.doc.xpath("/html/frameset/frameset/frame/@name") == ["menu", "main"]
    frames = {f.get("name"): f.get("src") for f in top.doc.iter("frame")}
    pages = {name: await browser.open(top.url.join(URL(src))) for name, src in frames.items()}
    assert all(page.status == 200 for page in pages.values())
    assert pages["header"].link("ログアウト").get("target") == "_top"
    assert "お客さま番号" in pages["main"].text
    assert CUSTOMER_NUMBER in pages["main"].text
    charges = pages["menu"].link("料金・ご利用明細")
    assert charges.get("target") == "main"
    return await browser.open(pages["menu"].url.join(URL(charges.get("href"))))


def frames_boxes(page: Page) -> list[HtmlElement]:
    """The contact number's boxes, in the row whose header is 連絡先電話番号."""
    boxes: list[HtmlElement] = page.doc.xpath(
        "//tr[th[contains(., '連絡先電話番号')]]//input[@type='text']"
    )
    return boxes


async def frames_verify(browser: Browser, sim: Simulator, contact: Page) -> Page:
    """Type the number in its boxes, press SMS, type the code a digit a box; returns ⑧."""
    boxes = frames_boxes(contact)
    assert [b.get("title") for b in boxes] == ["市外局番", "市内局番", "加入者番号"]
    assert [b.get("maxlength") for b in boxes] == ["3", "4", "4"]
    assert contact.doc.xpath("//tr[th[contains(., '連絡先電話番号')]]/td/text()")[:2] == [
        " - ",
        " - ",
    ]
    typed = {
        b.name: MOBILE[i : i + int(b.get("maxlength"))]
        for b, i in zip(boxes, (0, 3, 7), strict=True)
    }
    method = await browser.submit(contact, contact.form(), typed)
    assert "ご連絡方法の選択" in method.text

    form = method.form()
    assert not form.xpath(".//input[@type='radio'] | .//select")
    buttons = form.xpath(f".//input[@type='submit'][@name='{sim.skin.field('method')}']")
    assert [b.value for b in buttons] == ["SMSで受け取る", "音声電話で受け取る"]
    code = await browser.submit(method, form, {buttons[0].name: buttons[0].value})
    assert [s.method for s in sim.outbox] == ["sms"]

    digits = code.doc.xpath("//tr[th[contains(., '認証番号')]]//input[@type='text']")
    assert [d.name for d in digits] == [f"ninsho{i}" for i in range(1, 7)]
    assert {d.get("maxlength") for d in digits} == {"1"}
    assert code.link("認証番号を再通知する").get("href") == "javascript:resendCode()"
    assert code.form("resendForm").xpath(".//input[@name='action'][@value='resend']")
    (auth,) = code.form().xpath(".//input[@type='submit'][@value='認証する']")
    typed = {d.name: digit for d, digit in zip(digits, sim.last_code(), strict=True)}
    charges = await browser.submit(code, code.form(), typed | {auth.name: auth.value})
    assert charges.url.path == sim.skin.url("charges")
    return charges


def frames_summary(page: Page) -> dict[str, str]:
    """The summary table by row: the last header cell of a row names its figure."""
    table = page.doc.find_class("summary")[0]
    assert table.xpath(".//th[@colspan='3']")[0].text_content() == "ご利用金額（税込）"
    assert len(table.xpath(".//th[@rowspan='2']")) == 3
    return {
        row.xpath("./th")[-1].text_content(): row.xpath("./td")[0].text_content()
        for row in table.xpath(".//tr[td]")
    }


async def frames_statement(
    browser: Browser, sim: Simulator, charges: Page, contract: SimContract, month: date
) -> Page:
    """From ⑧, the 050 link, then the contract (if asked) and the month, then 表示."""
    entry = await browser.open(
        charges.url.join(
            URL(charges.link("OCNドットフォン・050あんしんナンバーなどの利用明細").get("href"))
        )
    )
    form = entry.form()
    assert "合計" not in entry.text  # no statement before 表示
    (month_select,) = form.xpath(f".//select[@name='{sim.skin.field('month')}']")
    groups = month_select.xpath("./optgroup")
    years = sorted({m.year for m in sim.months()}, reverse=True)
    assert [g.get("label") for g in groups] == [f"{y}年" for y in years]
    options = month_select.xpath(".//option")
    assert [o.get("value") for o in options] == [str(i) for i in range(len(sim.months()))]
    assert [o.text for o in options] == [f"{m.month}月分" for m in sim.months()]
    (chosen,) = [
        o.get("value")
        for o in options
        if o.text == f"{month.month}月分" and o.getparent().get("label") == f"{month.year}年"
    ]
    contract_fields = form.xpath(f".//*[@name='{sim.skin.field('contract')}']")
    fields = {month_select.name: chosen}
    if len(sim.accounts[USERNAME].contracts) == 1:
        assert not contract_fields  # the form names no contract ...
        named = entry.doc.xpath("//dl[@class='keiyaku']")[0].text_content()
        assert contract.contract_number in named  # ... the page does, beside the form
        assert "050-1111-2222" in named
    else:
        (select,) = contract_fields
        assert contract.contract_number in select.value_options
        fields[select.name] = contract.contract_number
    (show,) = form.xpath(".//input[@type='submit']")
    assert show.value == "表示"
    assert show.name is None  # the button itself sends nothing
    return await browser.submit(entry, form, fields)


@ONE_OR_TWO
async def test_frames_walk_from_the_login_to_each_statement_and_its_csv(
    socket_enabled: None, http: aiohttp.ClientSession, contracts: list[SimContract]
) -> None:
    async with served("frames", contracts) as sim:
        browser = Browser(sim, http)
        top = await frames_sign_in(browser, sim)
        contact = await frames_open_menu(browser, top)
        charges = await frames_verify(browser, sim, contact)
        month = sim.months()[1]
        for contract in contracts:
            page = await frames_statement(browser, sim, charges, contract, month)
            expected = sim.statement(contract.contract_number, month)
            assert f"{month.year}年{month.month}月ご利用分" in page.text
            figures = frames_summary(page)
            assert re.fullmatch(r"￥[０-９，]+", figures["月額基本料"])
            assert re.fullmatch(r"[０-９，]+円", figures["通話料"])
            assert figures["着割"].startswith("▲") or expected.chakuwari_discount == 0
            assert amount(figures["月額基本料"]) == expected.base_fee
            assert amount(figures["ユニバーサルサービス料"]) == expected.universal_service_fee
            assert amount(figures["通話料"]) == expected.call_charges
            assert amount(figures["着割"]) == -expected.chakuwari_discount
            assert amount(figures["合計"]) == expected.total
            assert figures["通話回数"].translate(FULL_WIDTH) == f"{CALLS}回"
            assert seconds(figures["通話時間"]) == expected.total_duration.total_seconds()
            assert "通話先" not in page.text  # no call rows, only the link

            body = await download(http, page, "通話明細をダウンロード（CSV）", "Shift_JIS")
            assert not body.startswith(b"\xef\xbb\xbf")
            assert csv_calls(body, "cp932") == [as_listed(c) for c in expected.calls]
        assert sim.requests["ip050_csv"] == len(contracts)


async def test_frames_menu_that_posts_a_form_opens_the_charges(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    """With ``menu_posts``, the menu's items are links to nowhere whose click posts the
    menu's form through ``goMenu(url, id)``: that post opens 料金・ご利用明細 (here the
    contact step first), as the link did.
    """
    async with served("frames", [CONTRACT]) as sim:
        sim.skin.menu_posts = True
        browser = Browser(sim, http)
        top = await frames_sign_in(browser, sim)
        menu = await browser.open(top.url.join(URL(top.doc.xpath("//frame[@name='menu']/@src")[0])))
        item = menu.link("料金・ご利用明細")
        assert item.get("href") == "#"
        call = re.fullmatch(r"goMenu\('([^']+)', '([^']+)'\); return false;", item.get("onclick"))
        assert call, item.get("onclick")
        assert "function goMenu(url, id)" in menu.text
        form = menu.form("menuForm")
        page = await browser.submit(menu, form, {"funcId": call.group(2)}, action=call.group(1))
        assert frames_boxes(page)  # 契約情報の確認, the way to 料金・ご利用明細


async def test_frames_rules_answer_as_the_other_skins_do(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    async with served("frames", [CONTRACT]) as sim:
        browser = Browser(sim, http)
        contact = await frames_open_menu(browser, await frames_sign_in(browser, sim))
        wrong = {b.name: "1" * int(b.get("maxlength")) for b in frames_boxes(contact)}
        again = await browser.submit(contact, contact.form(), wrong)
        assert again.error("errorArea") == MSG_BAD_CONTACT
        assert browser.sim.requests["verify_method"] == 0

        right = {
            b.name: p for b, p in zip(frames_boxes(again), ("090", "1234", "5678"), strict=True)
        }
        method = await browser.submit(again, again.form(), right)
        unpressed = await browser.submit(method, method.form())  # no button's pair
        assert unpressed.error("errorArea") == MSG_NO_METHOD
        voice = {sim.skin.field("method"): "音声電話で受け取る"}
        code = await browser.submit(unpressed, unpressed.form(), voice)
        assert [s.method for s in sim.outbox] == ["voice"]
        digits = code.doc.xpath("//tr[th[contains(., '認証番号')]]//input[@type='text']")
        typed = {d.name: c for d, c in zip(digits, wrong_code(sim), strict=True)}
        failed = await browser.submit(code, code.form(), typed)
        assert failed.error("errorArea") == MSG_BAD_CODE

        stale = await browser.submit(code, code.form(), typed)  # the token was renewed
        assert stale.status == 403

        sim.expire_sessions()
        lapsed = await browser.open(sim.skin.url("charges"), follow=False)
        assert lapsed.status == 200
        assert "セッションの有効期限が切れました" in lapsed.text
        login = lapsed.link("ログイン画面へ")
        assert login.get("target") == "_top"
        assert URL(login.get("href")).path == sim.skin.url("login")


# --- script -------------------------------------------------------------------------


async def script_sign_in(browser: Browser, sim: Simulator) -> Page:
    """Log in by the plain button's script, through the interstitial and the ticket hop."""
    skin = sim.skin
    login = await browser.open("/")
    form = login.form("loginForm")
    assert not form.xpath(".//input[@type='submit'] | .//button | .//input[@type='image']")
    (button,) = form.xpath(".//input[@type='button']")
    assert (button.value, button.get("onclick")) == ("ログイン", skin.login_click)
    assert form.get("action") != skin.url("login")  # only doLogin(this.form) says where
    assert f"f.action = '{skin.url('login')}';" in login.doc.xpath("string(//script)")
    fields = {skin.field("username"): USERNAME, skin.field("password"): PASSWORD}
    signing_in = await browser.submit(login, form, fields, action=skin.url("login"))
    (refresh,) = signing_in.doc.xpath("//meta[@http-equiv='refresh']/@content")
    target = URL(refresh.split("URL=", 1)[1])
    assert target.path == skin.url("sso")
    assert target.query["ticket"]
    top = await browser.open(target)
    assert top.url.path == skin.url("top")
    assert sim.requests["sso"] == 1
    return top


async def held(browser: Browser, chrome: Page, route: str) -> Page:
    """The content a chrome page holds in its iframe, under the site's bar alone.

    Its other frames are a banner from another host and a tag manager's, for browsers
    without script.
    """
    src, banner, tag_manager = chrome.doc.xpath("//iframe/@src")
    assert URL(banner).host != URL(tag_manager).host != chrome.url.host
    assert URL(src).path == browser.sim.skin.url(route)
    links = [a.text_content().strip() for a in chrome.doc.iter("a")]
    assert links == ["ログアウト"]
    assert not chrome.doc.forms
    return await browser.open(chrome.url.join(URL(src)))


async def script_verify(browser: Browser, sim: Simulator, top: Page) -> Page:
    """From the top's menu button to ⑧ (the chrome): number, SMS button, code."""
    content = await held(browser, top, "top_main")
    (menu,) = content.doc.xpath("//button[@type='button'][normalize-space()='料金・ご利用明細']")
    match = re.fullmatch(r"location\.href='([^']+)'", menu.get("onclick"))
    assert match
    contact = await browser.open(content.url.join(URL(match.group(1))))
    assert contact.url.path == sim.skin.url("verify_contact")
    method = await browser.submit(contact, contact.form(), {sim.skin.field("contact"): MOBILE})

    form = method.form()
    assert not form.xpath(".//input[@type='radio'] | .//select")
    buttons = form.xpath(f".//button[@type='submit'][@name='{sim.skin.field('method')}']")
    assert [(b.get("value"), b.text_content()) for b in buttons] == [
        ("sms", "SMSで送信"),
        ("voice", "音声で送信"),
    ]
    code = await browser.submit(method, form, {"method": "sms"})
    assert [s.method for s in sim.outbox] == ["sms"]
    auth = {sim.skin.field("code"): sim.last_code(), "action": "auth"}
    charges = await browser.submit(code, code.form(), auth)
    assert charges.url.path == sim.skin.url("charges")
    return charges


def script_summary(page: Page) -> dict[str, str]:
    """The summary's terms and figures."""
    (summary,) = page.doc.find_class("summary")
    return {
        dt.text_content(): dd.text_content()
        for dt, dd in zip(summary.iter("dt"), summary.iter("dd"), strict=True)
    }


def script_calls(page: Page) -> list[tuple[datetime, str, int, Decimal, str, bool]]:
    """A page's call rows; a date cell spans the rows of its day's calls."""
    table = page.doc.find_class("c-calls")[0]
    heads = [th.text_content() for th in table.xpath("./thead/tr/th")]
    assert heads == ["通話日", "開始時刻", "通話先電話番号", "通話時間", "通話料金", "種別", "着割"]
    calls, day, left = [], date.min, 0
    for row in table.xpath("./tbody/tr"):
        cells = [td.text_content() for td in row.xpath("./td")]
        if left == 0:
            era = re.fullmatch(r"令和(\d+)年(\d+)月(\d+)日", cells.pop(0))
            assert era, cells
            year, month, dom = (int(part) for part in era.groups())
            day, left = date(2018 + year, month, dom), int(row.xpath("./td")[0].get("rowspan"))
        left -= 1
        started, number, duration, charge, kind, mark = cells
        calls.append(
            (
                datetime.combine(day, datetime.strptime(started, "%H:%M:%S").time()),
                number.replace("-", ""),
                seconds(duration),
                amount(charge),
                kind,
                mark == "○",
            )
        )
    assert left == 0  # the last date cell spans exactly the rows left
    return calls


def month_code(month: date) -> str:
    return f"R{month.year - 2018:02d}{month.month:02d}"


def check_month_select(page: Page, sim: Simulator) -> FormElement:
    """ご確認月: era codes and words, in a form that a change submits, with no button."""
    form = page.form("ip050Form")
    (select,) = form.xpath(f".//select[@name='{sim.skin.field('month')}']")
    assert select.get("onchange") == "this.form.submit()"
    assert not form.xpath(".//button | .//input[@type='submit'] | .//input[@type='image']")
    options = select.xpath("./option")
    assert [o.get("value") for o in options] == [month_code(m) for m in sim.months()]
    assert [o.text for o in options] == [
        f"令和{m.year - 2018}年{m.month}月分" for m in sim.months()
    ]
    return form


async def script_contract(browser: Browser, sim: Simulator, charges: Page, number: str) -> Page:
    """From ⑧'s chrome: the 050 entry by doPost, then the contract's row if asked."""
    content = await held(browser, charges, "charges_main")
    entry = content.link("OCNドットフォン・050あんしんナンバーなどの利用明細")
    assert entry.get("href") == "#"
    assert entry.get("onclick").endswith("; return false;")
    page = await browser.do_post(content, entry.get("onclick"))
    rows = [a for a in page.doc.iter("a") if SET_AND_SUBMIT.match(a.get("onclick", ""))]
    if len(sim.accounts[USERNAME].contracts) == 1:
        assert not rows  # the only contract: no choice anywhere, its statement at once
        assert "契約番号を選択" not in page.text
        facts = [dd.text_content() for dd in page.doc.xpath("//dl[dt='契約番号']/dd")]
        assert facts == [f"{number}（OCNドットフォン オフィス 050-1111-2222）"]
        return page
    assert "契約番号を選択してください。" in page.text
    assert "合計" not in page.text
    (row,) = [a for a in rows if a.text_content() == number]
    return await browser.set_and_submit(page, row)


@ONE_OR_TWO
async def test_script_walk_from_the_login_to_each_statement_its_pages_and_csv(
    socket_enabled: None, http: aiohttp.ClientSession, contracts: list[SimContract]
) -> None:
    async with served("script", contracts) as sim:
        browser = Browser(sim, http)
        charges = await script_verify(browser, sim, await script_sign_in(browser, sim))
        month = sim.months()[1]
        for contract in contracts:
            number = contract.contract_number
            first = await script_contract(browser, sim, charges, number)
            current = sim.statement(number, sim.months()[0])  # what the entry shows first
            assert amount(script_summary(first)["合計"]) == current.total
            form = check_month_select(first, sim)
            page = await browser.submit(first, form, {sim.skin.field("month"): month_code(month)})
            expected = sim.statement(number, month)
            assert f"{month.year}年{month.month}月ご利用分" in page.text

            figures = script_summary(page)
            assert figures["合計"] == f"{expected.total:,}円"
            assert amount(figures["月額基本料"]) == expected.base_fee
            assert amount(figures["通話料"]) == expected.call_charges
            assert amount(figures["ユニバーサルサービス料"]) == expected.universal_service_fee
            discount = expected.chakuwari_discount
            assert figures["着割"] == (f"−{discount:,}円" if discount else "0円")
            assert figures["通話回数"] == f"{CALLS}回"
            assert seconds(figures["通話時間"]) == expected.total_duration.total_seconds()

            listed = await script_pages(browser, page)
            assert listed == [as_listed(c) for c in expected.calls]

            body = await download(http, page, "CSVダウンロード", "UTF-8")
            assert body.startswith(b"\xef\xbb\xbf")  # a BOM, then the same calls
            assert csv_calls(body[3:], "utf-8") == listed


async def script_pages(
    browser: Browser, page: Page
) -> list[tuple[datetime, str, int, Decimal, str, bool]]:
    """Every call of the month: page 1, then 次ページ＞ until there is none.

    Each page's bar is checked on the way. Then, each from the page just shown (a form's
    token is renewed on every page), 1 is opened by its number, 3 by its number from there,
    and 3 again by the page select: the same calls as the walk's last page.
    """
    listed = script_calls(page)
    bars = []
    number = 1
    while True:
        bar = page.doc.find_class("c-pager")[0]
        bars.append(bar.find_class("c-pager__count")[0].text_content())
        (current,) = bar.xpath(".//a[@class='current']")
        assert (current.get("href"), current.text) == ("#", str(number))
        assert current.get("onclick") is None  # the current page's number goes nowhere
        (select,) = page.form("pageForm").xpath(".//select")
        assert select.get("onchange") == "this.form.submit()"
        assert [o.text for o in select.xpath("./option")] == ["1/3ページ", "2/3ページ", "3/3ページ"]
        assert select.value == str(number)
        assert ("合計" in page.text) == (number == 1)  # the summary is on page 1 only
        following = [a for a in bar.iter("a") if a.text_content() == "次ページ＞"]
        if not following:
            break
        assert following[0].get("href").startswith("javascript:doPost(")
        page = await browser.do_post(page, following[0].get("href"))
        number += 1
        listed += script_calls(page)
    assert bars == ["1～15件目／全40件", "16～30件目／全40件", "31～40件目／全40件"]

    def numbered(shown: Page, wanted: int) -> str:
        (link,) = shown.doc.find_class("c-pager")[0].xpath(f".//a[normalize-space()='{wanted}']")
        assert link.get("href") == "#"
        return str(link.get("onclick"))

    first = await browser.do_post(page, numbered(page, 1))
    assert script_calls(first) == listed[:15]
    by_number = await browser.do_post(first, numbered(first, 3))
    page_field = browser.sim.skin.field("page")
    by_select = await browser.submit(by_number, by_number.form("pageForm"), {page_field: "3"})
    assert script_calls(by_number) == script_calls(by_select) == listed[30:]
    return listed


async def test_script_rules_answer_as_the_other_skins_do(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    async with served("script", [CONTRACT]) as sim:
        browser = Browser(sim, http)
        top = await script_sign_in(browser, sim)
        field = sim.skin.field
        contact = await browser.open(sim.skin.url("charges"))
        again = await browser.submit(contact, contact.form(), {field("contact"): "0311112222"})
        assert again.error("c-alert") == MSG_BAD_CONTACT
        method = await browser.submit(again, again.form(), {field("contact"): MOBILE})
        unpressed = await browser.submit(method, method.form())  # no button's pair
        assert unpressed.error("c-alert") == MSG_NO_METHOD
        code = await browser.submit(unpressed, unpressed.form(), {field("method"): "voice"})
        assert [s.method for s in sim.outbox] == ["voice"]
        typed = {field("code"): wrong_code(sim), "action": "auth"}
        failed = await browser.submit(code, code.form(), typed)
        assert failed.error("c-alert") == MSG_BAD_CODE
        stale = await browser.submit(code, code.form(), {field("code"): sim.last_code()})
        assert stale.status == 403  # the token was renewed with the error

        sim.expire_sessions()
        lapsed = await browser.open(top.url, follow=False)
        assert lapsed.status == 302
        assert URL(lapsed.headers["Location"]).path == sim.skin.url("login")


# --- both, and the mixed sites they join ----------------------------------------------


async def leave_notice(browser: Browser, page: Page) -> Page:
    """Leave 重要なお知らせ by its button (確認しました) or its link (マイページへ進む)."""
    (link,) = page.doc.xpath("//a[contains(., 'マイページへ進む')]/@href") or [None]
    if link is not None:
        return await browser.open(page.url.join(URL(link)))
    (form,) = page.doc.xpath("//form[.//button[contains(., '確認しました')]]")
    return await browser.submit(page, form)


async def sign_in_to_top(browser: Browser, sim: Simulator) -> Page:
    """Log in on whichever skin renders the login, through whichever hops follow it."""
    login = await browser.open("/")
    username = sim.skin.for_page("login").field("username")
    (form,) = [f for f in login.doc.forms if f.xpath(f".//input[@name='{username}']")]
    password = sim.skin.for_page("login").field("password")
    # The script skin's form is pointed at the login by its doLogin(this.form).
    action = sim.skin.url("login")
    page = await browser.submit(
        login, form, {username: USERNAME, password: PASSWORD}, action=action
    )
    for _ in range(2):
        if refresh := page.doc.xpath("//meta[@http-equiv='refresh']/@content"):
            page = await browser.open(page.url.join(URL(refresh[0].split("URL=", 1)[1])))
        elif page.doc.xpath("//body[@onload='document.forms[0].submit()']"):
            page = await browser.submit(page, page.form())
    if page.url.path == sim.skin.url("news"):
        page = await leave_notice(browser, page)
    assert page.url.path == sim.skin.url("top")
    return page


# The routes only some skins serve: frames, iframe contents, the hand-over's post, the CSV.
OPTIONAL = [r for r in ROUTE_PAGE if any(r not in make_skin(name).paths for name in SKINS)]


async def test_mixed_sites_serve_the_frames_and_routes_their_picks_link(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    held_tops: set[str] = set()
    handed_over = 0
    for seed in range(40):
        sim = Simulator([make_account()], skin="mixed", skin_seed=seed, calls_per_month=5)
        await sim.start()
        try:
            for route in OPTIONAL:
                served_here = route in sim.skin.for_page(ROUTE_PAGE[route]).paths
                assert (route in sim.skin.routes) == served_here, (seed, route)
                if served_here:
                    address = sim.base_url + sim.skin.url(route).lstrip("/")
                    async with http.get(address, allow_redirects=False) as response:
                        assert response.status != 404, (seed, route)
            http.cookie_jar.clear()
            top = await sign_in_to_top(Browser(sim, http), sim)
            if sim.skin.for_page("signing_in").name == "frames":
                handed_over += 1
                # frames scopes the cookie to /mypage/; a mixed site's My Page is not all there
                cookie = next(c for c in http.cookie_jar if c.key == SESSION_COOKIE)
                assert cookie["path"] == "/", seed
            # The site's own frames: a banner from elsewhere is none of its routes, and a
            # frame left blank until a script points it has no route yet.
            sources = [
                src
                for src in top.doc.xpath("//frame/@src | //iframe/@src")
                if not URL(src).is_absolute() and src != "about:blank"
            ]
            if sources:
                held_tops.add(sim.skin.for_page("top").name)
            route_of = {path: route for route, path in sim.skin.routes.items()}
            for src in sources:
                route = route_of[URL(src).path]
                page = await Browser(sim, http).open(top.url.join(URL(src)), follow=False)
                # Asked once without a session above, once now.
                assert (route, page.status, sim.requests[route]) == (route, 200, 2), seed
                assert "ログイン画面" not in page.text  # a frame of the signed-in site
        finally:
            await sim.stop()
    assert held_tops == {"frames", "script"}
    assert handed_over > 0


def test_frames_contact_boxes_follow_the_numbers_own_split() -> None:
    for phone, parts in (
        ("0312345678", ("03", "1234", "5678")),
        ("0451234567", ("045", "123", "4567")),
    ):
        sim = Simulator([make_account(phone=phone)], skin="frames")
        page = lxml.html.fromstring(sim.skin.contact(sim.accounts[USERNAME], "token"))
        boxes = page.xpath("//input[@type='text']")
        assert [b.get("maxlength") for b in boxes] == [str(len(p)) for p in parts]
        typed = {b.name: p for b, p in zip(boxes, parts, strict=True)}
        assert sim.skin.contact_of(typed) == phone
