"""Every skin renders the same site: its own markup, paths and encodings over shared rules."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from html import unescape
from urllib.parse import unquote, urlencode

import aiohttp
import pytest

from ocn_simulator import SKINS, Simulator
from ocn_simulator.__main__ import main
from ocn_simulator.skins import PAGE_KINDS, Skin

from .helpers import CONTRACT, MOBILE, PASSWORD, USERNAME, make_account

ALL_SKINS = (*SKINS, "mixed")
CODECS = {"shift_jis": "cp932", "utf-8": "utf-8", "euc-jp": "euc_jp"}
MINUS = str.maketrans({"△": "-", "▲": "-", "−": "-", "－": "-"})
FULL_WIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


def declared_charset(response: aiohttp.ClientResponse, body: bytes) -> str:
    """The charset a page declares: in its Content-Type header, else in a meta tag."""
    if response.charset:
        return response.charset.lower()
    match = re.search(rb"charset=[\"']?([\w-]+)", body)
    assert match, "the page declares no charset"
    return match.group(1).decode().lower()


def amount(text: str) -> Decimal:
    """An amount as any skin prints it, e.g. ▲￥１，１００ or −¥28."""
    cleaned = text.translate(FULL_WIDTH).translate(MINUS)
    return Decimal(re.sub(r"[円￥¥,\s]", "", cleaned))


class Browser:
    """A plain browser for one simulator: reads pages in their charset, posts in it too."""

    def __init__(self, sim: Simulator, http: aiohttp.ClientSession) -> None:
        self.sim = sim
        self.http = http

    def address(self, path: str) -> str:
        return path if path.startswith("http") else self.sim.base_url + path.lstrip("/")

    async def get(self, path: str) -> str:
        async with self.http.get(self.address(unescape(path))) as response:
            body = await response.read()
            return body.decode(CODECS[declared_charset(response, body)])

    async def post(
        self,
        kind: str,
        route: str,
        fields: dict[str, str],
        pressed: dict[str, str] | None = None,
        host: str | None = None,
    ) -> str:
        """Post a form of page ``kind`` to ``route`` in the page's encoding.

        ``fields`` are keyed as the skin knows them; ``pressed`` is the button's own pair(s).
        """
        skin = self.sim.skin.for_page(kind)
        data: dict[str, str] = {}
        for key, value in fields.items():
            data |= boxes(skin, key, value)
        text = await self.send(
            (host or self.sim.base_url) + self.sim.skin.url(route).lstrip("/"),
            data | (pressed or {}),
            skin.encoding,
        )
        refresh = re.search(r'http-equiv="refresh" content="0;URL=([^"]+)"', text)
        if refresh:
            return await self.get(refresh.group(1))
        if 'onload="document.forms[0].submit()"' in text:
            # The login's hand-over posts itself, as a browser with scripts on does.
            action = re.search(r'<form method="post" action="([^"]+)"', text)
            hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text)
            assert action, "a hand-over page without its form"
            return await self.send(
                self.address(unescape(action.group(1))), dict(hidden), skin.encoding
            )
        return text

    async def send(self, url: str, data: dict[str, str], encoding: str) -> str:
        """Post ``data`` in ``encoding``; the answer decoded in its declared charset."""
        async with self.http.post(
            url,
            data=urlencode(data, encoding=encoding),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ) as response:
            body = await response.read()
            return body.decode(CODECS[declared_charset(response, body)])

    def token(self, kind: str, page: str) -> str:
        name = re.escape(self.sim.skin.for_page(kind).field("token"))
        # A form's hidden input, or the query of a link that does what a form would.
        match = re.search(f'name="{name}" value="([^"]+)"|[?;]{name}=([^&"]+)', page)
        assert match, f"no token on the {kind} page"
        return unquote(match.group(1) or match.group(2))

    async def sign_in(self, password: str = PASSWORD) -> str:
        """Log in and pass the code step; returns 料金・ご利用明細."""
        return await self.sign_in_on(self.sim.base_url, password)

    async def sign_in_on(self, login_url: str, password: str = PASSWORD) -> str:
        """Log in on ``login_url``'s host and pass the code step; returns 料金・ご利用明細."""
        page = await self.get("/")
        page = await self.post(
            "login",
            "login",
            {"token": self.token("login", page), "username": USERNAME, "password": password},
            host=login_url,
        )
        if "重要なお知らせ" in page:
            # Confirmed as its button or link does: the token it carries, sent back.
            name = self.sim.skin.for_page("top").field("token")
            query = urlencode({name: self.token("top", page)})
            await self.get(f"{self.sim.skin.url('news')}?{query}")
        page = await self.get(self.sim.skin.url("charges"))
        page = await self.post(
            "contact", "verify_contact", {"token": self.token("contact", page), "contact": MOBILE}
        )
        voice = self.sim.skin.for_page("method").method_values["voice"]
        page = await self.post(
            "method", "verify_method", {"token": self.token("method", page), "method": voice}
        )
        return await self.post(
            "code", "verify_code", {"token": self.token("code", page), "code": self.sim.last_code()}
        )

    async def statement(self, month: date, contract: str = CONTRACT.contract_number) -> str:
        """A month's statement, chosen on the 050IP電話利用明細 page itself."""
        page = await self.get(self.sim.skin.url("ip050_detail"))
        offered = self.sim.skin.for_page("statement").month_values(self.sim.months())
        month_value = next(value for value, shown in offered.items() if shown == month)
        fields = {"token": self.token("statement", page), "contract": contract}
        return await self.post("statement", "ip050_detail", {**fields, "month": month_value})


def boxes(skin: Skin, key: str, value: str) -> dict[str, str]:
    """A field as the skin's form takes it: a skin that reads the contact number or the code
    from boxes (``contact_of``, ``code_of``) gets it split into them, 3-4-4 and a digit each,
    and joined as its form's script joins them (``joined_on_submit``).
    """
    name = skin.field(key)
    joined = getattr(skin, "joined_on_submit", False)
    if key == "contact" and type(skin).contact_of is not Skin.contact_of:
        parts = (value[:3], value[3:7], value[7:])
        split = {f"{name}{i}": part for i, part in enumerate(parts, start=1)}
        return split | ({name: "-".join(parts)} if joined else {})
    if key == "code" and type(skin).code_of is not Skin.code_of:
        split = {f"{name}{i}": digit for i, digit in enumerate(value, start=1)}
        return split | ({name: value} if joined else {})
    return {name: value}


def total(page: str) -> Decimal:
    match = re.search(r"(?:合計|ご請求額)</(?:th|td|dt)>\s*<(?:td|dd)[^>]*>(?:<b>)?([^<]+)<", page)
    assert match, "no 合計 or ご請求額 on the page"
    return amount(match.group(1))


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


async def serve(skin: str, seed: int = 0) -> Simulator:
    # The guide's screens, which ``Browser`` walks, even where the mixed skin draws the newer
    # one (the client's tests walk that).
    sim = Simulator(
        [make_account()], skin=skin, skin_seed=seed, calls_per_month=60, layout="classic"
    )
    await sim.start()
    return sim


@pytest.mark.parametrize("skin", ALL_SKINS)
async def test_every_skin_serves_a_login_page_in_its_charset(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    sim = await serve(skin)
    try:
        async with http.get(sim.base_url) as response:
            body = await response.read()
            charset = declared_charset(response, body)
            in_header = response.charset is not None
        page = body.decode(CODECS[charset])
        login = sim.skin.for_page("login")
        assert "ログイン" in page
        assert f'name="{login.field("username")}"' in page
        assert charset == login.charset.lower()
        assert in_header == login.charset_in_header
    finally:
        await sim.stop()


async def test_skins_differ_in_markup_paths_and_fields(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    pages, paths, names = set(), set(), set()
    for skin in SKINS:
        sim = await serve(skin)
        try:
            async with http.get(sim.base_url) as response:
                pages.add(await response.read())
            paths.add(sim.skin.url("login"))
            names.add(sim.skin.field("username"))
        finally:
            await sim.stop()
    assert len(pages) == len(paths) == len(names) == len(SKINS)


def test_mixed_skin_is_the_same_for_a_seed_and_differs_across_seeds() -> None:
    def picks(seed: int) -> tuple[str, ...]:
        skin = Simulator(skin="mixed", skin_seed=seed).skin
        return tuple(skin.for_page(kind).name for kind in PAGE_KINDS)

    assert picks(17) == picks(17)
    assert len({picks(seed) for seed in range(5)}) > 1
    assert {name for seed in range(5) for name in picks(seed)} == set(SKINS)


@pytest.mark.parametrize(
    ("skin", "seed"), [(skin, 3) for skin in SKINS] + [("mixed", seed) for seed in range(8)]
)
async def test_walk_to_a_statement_with_the_same_figures_on_every_skin(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str, seed: int
) -> None:
    sim = await serve(skin, seed)
    try:
        browser = Browser(sim, http)
        await browser.sign_in()
        month = sim.months()[1]
        page = await browser.statement(month)
        expected = Simulator([make_account()], calls_per_month=60).statement(
            CONTRACT.contract_number, month
        )
        assert f"{month.year}年{month.month}月ご利用分" in page
        assert total(page) == expected.total
        assert f"{expected.call_count}回" in page.translate(FULL_WIDTH)
    finally:
        await sim.stop()


async def test_shift_jis_skin_reads_posts_in_cp932(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    password = "パス①㈱ワード"
    account = make_account()
    account.password = password
    sim = Simulator([account], skin="legacy")
    await sim.start()
    try:
        browser = Browser(sim, http)
        page = await browser.get("/")
        assert "㈱" in page  # a cp932 character, which strict Shift_JIS lacks
        charges = await browser.sign_in(password)
        assert "料金・ご利用明細" in charges
        assert sim.requests["sso"] == 1
    finally:
        await sim.stop()


@pytest.mark.parametrize(
    ("skin", "status", "words"),
    [
        ("classic", 302, "/auth/login"),
        ("legacy", 200, "セッションの有効期限が切れました"),
        ("portal", 302, "/portal/auth/select"),
        ("spa", 200, "タイムアウトしました"),
        ("compact", 302, "/c/login.do"),
    ],
)
async def test_a_lapse_looks_as_the_skin_shows_it(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str, status: int, words: str
) -> None:
    sim = await serve(skin)
    try:
        await Browser(sim, http).sign_in()
        sim.expire_sessions()
        charges = sim.base_url + sim.skin.url("charges").lstrip("/")
        async with http.get(charges, allow_redirects=False) as response:
            assert response.status == status
            body = await response.read()
            shown = response.headers.get("Location", "") + body.decode(
                CODECS[declared_charset(response, body)] if body else "utf-8"
            )
        assert words in shown
        if status == 200:
            assert sim.skin.url("login") in shown  # the page links to the login
    finally:
        await sim.stop()


async def test_paged_call_list_holds_every_call_and_the_summary_on_page_one(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    sim = await serve("portal")
    try:
        browser = Browser(sim, http)
        await browser.sign_in()
        month = sim.months()[1]
        page = await browser.statement(month)
        rows = 0
        pages = 1
        while True:
            rows += len(re.findall(r"<tr><td>\d", page))
            following = re.search(r'<a href="([^"]+)">次へ</a>', page)
            if not following:
                break
            page = await browser.get(following.group(1))
            assert "合計" not in page
            pages += 1
        assert rows == sim.statement(CONTRACT.contract_number, month).call_count == 60
        assert pages == 3
        assert sim.requests["ip050_page"] == 2
    finally:
        await sim.stop()


async def test_image_button_is_pressed_by_its_coordinates(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    sim = await serve("legacy")
    try:
        browser = Browser(sim, http)
        charges = await browser.sign_in()
        assert 'type="image" name="action_ip050"' in charges
        assert re.search(r'name="selKeiyaku" value="T\d+" checked', charges)  # not a 050 one
        fields = {"token": browser.token("charges", charges), "contract": CONTRACT.contract_number}
        image = {"action_ip050.x": "12", "action_ip050.y": "7"}
        page = await browser.post("charges", "charges_detail", fields, image)
        assert "ご利用分" in page
        assert total(page) == sim.statement(CONTRACT.contract_number, sim.months()[0]).total
    finally:
        await sim.stop()


@pytest.mark.parametrize("skin", SKINS)
async def test_step_eight_as_each_skin_shows_it(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    sim = await serve(skin)
    try:
        browser = Browser(sim, http)
        charges = await browser.sign_in()
        number = CONTRACT.contract_number
        token = browser.token("charges", charges) if "<form" in charges else ""
        if skin == "classic":
            page = await browser.post(
                "charges",
                "charges_detail",
                {"token": token, "contract": number, "service": "ip050"},
            )
        elif skin == "legacy":
            fields = {"token": token, "contract": number}
            page = await browser.post("charges", "charges_detail", fields)
            assert "選択された契約番号のご利用明細はありません" in page  # no button pressed
            charges = await browser.get(sim.skin.url("charges"))
            fields["token"] = browser.token("charges", charges)
            image = {"action_ip050.x": "12", "action_ip050.y": "7"}
            page = await browser.post("charges", "charges_detail", fields, image)
        elif skin == "spa":
            chosen = re.search(rf'<a href="([^"]+)">{number}', charges)
            assert chosen
            page = await browser.get(chosen.group(1))
            assert "選択中" in page
            form = {"token": browser.token("charges", page), "contract": number}
            page = await browser.post("charges", "charges_detail", form, {"action": "ip050"})
        elif skin == "script":
            # 料金・ご利用明細 shows in an iframe; its 050 entry posts by script (doPost).
            frame = re.search(r'<iframe [^>]*src="([^"]+)"', charges)
            assert frame
            content = await browser.get(frame.group(1))
            call = re.search(
                r"doPost\('([^']+)', '([^']+)', '([^']+)'\); return false;\">[^<]*050", content
            )
            assert call
            action, name, value = call.groups()
            # doPost sends the page's form, every hidden input of it, with that field set.
            hidden = dict(
                re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', content)
            )
            page = await browser.send(browser.address(action), hidden | {name: value}, "utf-8")
        else:
            link = re.search(
                r'<a href="([^"]+)">(?:<img [^>]*alt=")?OCNドットフォン・050あんしんナンバーなどの利用明細',
                charges,
            )
            assert link
            choice = await browser.get(link.group(1))
            assert "契約番号" in choice
            offered = sim.skin.month_values(sim.months())
            month = next(value for value, shown in offered.items() if shown == sim.months()[0])
            page = await browser.post(
                "statement",
                "ip050_detail",
                {"token": browser.token("statement", choice), "contract": number, "month": month},
            )
        assert total(page) == sim.statement(number, sim.months()[0]).total
    finally:
        await sim.stop()


@pytest.mark.parametrize("skin", SKINS)
async def test_modern_layout_on_every_skin(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    sim = Simulator([make_account()], skin=skin, layout="modern")
    await sim.start()
    try:
        browser = Browser(sim, http)
        page = await browser.get("/")
        fields = {"token": browser.token("login", page), "username": USERNAME}
        await browser.post("login", "login", fields | {"password": PASSWORD})
        page = await browser.get(sim.skin.url("charges"))
        assert "連絡先・認証方式の選択" in page
        sms = sim.skin.for_page("contact").method_values["sms"]
        fields = {"token": browser.token("contact", page), "tel_index": "0", "method": sms}
        page = await browser.post("contact", "verify_select", fields)
        assert "認証番号入力" in page
        assert [s.method for s in sim.outbox] == ["sms"]
    finally:
        await sim.stop()


@pytest.mark.parametrize("skin", ["legacy", "portal"])
async def test_layout_change_switch_renames_words_in_any_encoding(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    sim = await serve(skin)
    try:
        browser = Browser(sim, http)
        await browser.sign_in()
        sim.layout_changed = True
        page = await browser.get(sim.skin.url("charges"))
        assert "ご請求内容" in page
        assert "料金・ご利用明細" not in page
    finally:
        await sim.stop()


@pytest.mark.parametrize("skin", SKINS)
async def test_login_on_its_own_host_on_every_skin(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    sim = Simulator([make_account()], skin=skin, login_host="localhost")
    await sim.start()
    try:
        browser = Browser(sim, http)
        async with http.get(sim.base_url) as response:
            assert response.url.host == "localhost"
        async with http.get(sim.base_url + sim.skin.url("login").lstrip("/")) as response:
            assert response.status == 404  # the login lives on its own host only
        assert "料金・ご利用明細" in await browser.sign_in_on(sim.login_url)
    finally:
        await sim.stop()


def test_run_command_lists_the_skins(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["ocn_simulator", "--skin", "list"])
    main()
    assert capsys.readouterr().out.split() == [*SKINS, "mixed"]
