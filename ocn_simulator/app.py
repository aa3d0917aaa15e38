"""The simulator: a real aiohttp server that walks like OCN My Page.

The rules live here; how each page looks, where it lives and what its fields are called
come from a skin (:mod:`ocn_simulator.skins`).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, quote, urlencode

from aiohttp import web
from multidict import MultiDict, MultiMapping

from .data import (
    JST,
    SimAccount,
    SimCall,
    SimContract,
    SimStatement,
    add_months,
    build_statement,
    generate_calls,
    month_start,
)
from .skins import LOGIN_ROUTES, ReplaySkin, Skin, make_skin

_LOGGER = logging.getLogger(__name__)

SESSION_COOKIE = "MYPAGE_SESSION"
LOGIN_COOKIE = "OCNID_LOGIN"
DEVICE_COOKIE = "OCN_AUTH_DEVICE"
CODE_LIFETIME = timedelta(minutes=30)
MAX_CODE_ATTEMPTS = 5
MAX_LOGIN_ATTEMPTS = 5
LOCK_TIME = timedelta(minutes=30)
MONTHS_BACK = 6
# Moves of the clock ``recent`` makes past the month's own calls: a few leave room.
MAX_CLOCK_MOVES = 50

MSG_BAD_LOGIN = "メールアドレスまたはパスワードが正しくありません。"
MSG_LOGIN_LOCKED = "ログインの失敗回数が上限を超えたため、一時的にログインを制限しています。しばらく時間をおいてから再度お試しください。"
MSG_BAD_CONTACT = "入力された連絡先電話番号は、ご登録の連絡先電話番号と一致しません。"
MSG_NO_METHOD = "ご連絡方法を選択してください。"
MSG_BAD_CODE = "認証番号が正しくありません。"
MSG_CODE_EXPIRED = (
    "認証番号の有効期限が切れています。「再通知する」ボタンから認証番号を再度取得してください。"
)
MSG_CODE_EXPIRED_EMAIL = (
    "ワンタイムパスワードの有効期限が切れています。もう一度ログインしてください。"
)
# What the "layout changed" switch renames: the headings and labels the walk reads.
LAYOUT_CHANGES = (
    ("料金・ご利用明細", "ご請求内容"),
    ("ご確認月", "表示対象月"),
    ("契約番号", "ご契約ID"),
    ("利用明細", "利用内訳"),
    ("合計", "総額"),
)
MSG_CODE_LOCKED = (
    "認証番号の入力回数が上限を超えました。しばらく時間をおいてから、もう一度お手続きください。"
)


@dataclass
class SentCode:
    """A code as the phone receives it."""

    to: str
    method: str
    code: str
    sent_at: datetime


@dataclass
class _Session:
    sid: str
    username: str | None = None
    expires_at: datetime | None = None
    verified: bool = False
    phone_ok: bool = False
    method: str | None = None
    code: str | None = None
    code_issued_at: datetime | None = None
    code_attempts: int = 0
    contract: str | None = None
    #: Whether My Page shows 重要なお知らせ before anything else (``news_after_login``).
    news_pending: bool = False
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, form: str) -> str:
        """A fresh token for the form just rendered."""
        self.tokens[form] = secrets.token_urlsafe(16)
        return self.tokens[form]


@dataclass
class _LoginSession:
    """The login host's own session: the form token and a pending one-time password."""

    sid: str
    target: str
    username: str | None = None
    code: str | None = None
    code_issued_at: datetime | None = None
    code_attempts: int = 0
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, form: str) -> str:
        """A fresh token for the form just rendered."""
        self.tokens[form] = secrets.token_urlsafe(16)
        return self.tokens[form]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Simulator:
    """OCN My Page on loopback, with switches for tests and a clock they can move."""

    def __init__(
        self,
        accounts: list[SimAccount] | None = None,
        *,
        calls_per_month: int = 40,
        current_calls: int | None = None,
        current_listed_after: timedelta = timedelta(),
        session_lifetime: timedelta = timedelta(hours=12),
        layout: str | None = None,
        seed: int = 1,
        login_host: str | None = None,
        login_choice: bool = False,
        skin: str = "classic",
        skin_seed: int = 0,
        replay: str | Path | Mapping[str, Any] | None = None,
    ) -> None:
        """Set up the accounts and the site's shape.

        A month's ``calls_per_month`` calls spread over the whole month, and the site lists
        those made by the simulator's clock: early in a month it holds few. With
        ``current_calls`` the current month already holds that many, whatever the date
        (see ``_current_so_far``).
        ``layout`` is "classic" (the 2011 guide) or "modern" (number and method on one
        screen), by default the skin's (the mixed skin draws it); ``login_host`` serves the
        login on a second loopback address, as the real site keeps it on its own host;
        ``login_choice`` puts the dアカウント / OCN ID choice in front of the login; ``skin``
        names the markup the pages are rendered in (one of ``SKINS``, or "mixed", which
        picks a rendering per kind of page from ``skin_seed``, or "replay", which serves the
        capture ``replay``: a file or its data).
        """
        self.accounts = {a.username: a for a in (accounts or [demo_account()])}
        self.calls_per_month = calls_per_month
        self.current_calls = current_calls
        #: How long into a month ご確認月 first lists it (a site may lag its first hours).
        self.current_listed_after = current_listed_after
        self.session_lifetime = session_lifetime
        self.seed = seed
        self.login_host = login_host
        self.login_choice = login_choice
        self.skin = make_skin(skin, skin_seed, replay)
        self.layout = layout or self.skin.default_layout
        self.outbox: list[SentCode] = []
        self.requests: Counter[str] = Counter()
        #: Accounts that ticked 次回からこのお知らせを表示しない on 重要なお知らせ.
        self.news_hidden: set[str] = set()
        self.maintenance = False
        self.maintenance_until: datetime | None = None
        self.latency = 0.0
        #: The language of the code lines this console prints: "en" or "ja".
        self.console_language = "en"
        self.fail_status: int | None = None
        self.hang = False
        self.truncate = False
        self.redirect_loop = False
        self.layout_changed = False
        #: The login's post answers 307 to this address, as a hijacked site would.
        self.redirect_login_post: str | None = None
        #: ⑤'s post sends the code at once, by SMS to a mobile (else voice), and skips ⑥:
        #: a site whose contact step says 「認証番号を送信する」.
        self.contact_sends_code = False
        #: Sessions lapse once this many more pages were served: a lapse mid-refresh.
        self.expire_after: int | None = None
        #: Per account: pages being served right now, the most at once, and start times.
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.request_times: dict[str, list[float]] = {}
        self._offset = timedelta()
        self._sessions: dict[str, _Session] = {}
        self._login_sessions: dict[str, _LoginSession] = {}
        self._tickets: dict[str, str] = {}
        self._devices: dict[str, str] = {}
        self._login_failures: Counter[str] = Counter()
        self._locked_until: dict[str, datetime] = {}
        self._revisions: Counter[tuple[str, date]] = Counter()
        self._calls_cache: dict[tuple[str, date, int], list[SimCall]] = {}
        self._added_calls: dict[tuple[str, date], list[SimCall]] = {}
        self._email_code: tuple[str, datetime] | None = None
        self._runner: web.AppRunner | None = None
        self._hangs: set[asyncio.Future[None]] = set()
        self.base_url = ""
        self.login_url = ""

    # --- what tests and people use -------------------------------------------------

    def now(self) -> datetime:
        """The simulator's clock, in Japan time."""
        return datetime.now(JST) + self._offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward, for code expiry and session lapses."""
        self._offset += delta

    def expire_sessions(self) -> None:
        """Every login session lapses; remembered browsers stay remembered."""
        self._sessions.clear()

    def forget_devices(self) -> None:
        """Forget remembered browsers: the next login needs a code again."""
        self._devices.clear()

    def recent(self, ago: timedelta) -> datetime:
        """When a call made ``ago`` before now started (to the second): news to the site.

        The moment is in the current month and after every call the site lists already, so
        that a call a test adds then is one no refresh has seen. In a month younger than
        ``ago``, the clock first moves on within the month: "a call ten minutes ago" at 00:03
        on the 1st is not last month's. The month's own calls are spread over it: one made
        less than ``ago`` before now moves the clock on past it.
        """
        for _ in range(MAX_CLOCK_MOVES):
            start = datetime.combine(month_start(self.now().date()), time(), JST)
            room = ago + timedelta(minutes=1)
            if self.now() - start < room:
                self.advance(room - (self.now() - start))
            moment = (self.now() - ago).replace(microsecond=0)
            latest = self._latest_listed_call()
            if latest is None or latest < moment:
                return moment
            self.advance(latest - moment + timedelta(seconds=1))
        raise RuntimeError(f"no moment {ago} after the listed calls in {MAX_CLOCK_MOVES} moves")

    def _latest_listed_call(self) -> datetime | None:
        """When the latest call the site lists for the current month started, of any contract.

        The calls tests added are their own and not counted.
        """
        month = month_start(self.now().date())
        starts = [
            call.started_at
            for account in self.accounts.values()
            for contract in account.contracts
            for call in self.statement(contract.contract_number, month).calls
            if call not in self._added_calls.get((contract.contract_number, month), [])
        ]
        return max(starts, default=None)

    def into_next_month(self, days: int = 1) -> None:
        """Move the clock to ``days`` days after the start of next month, at this hour."""
        now = self.now()
        target = datetime.combine(add_months(month_start(now.date()), 1), now.timetz())
        self.advance(target + timedelta(days=days - 1) - now)

    def revise(self, contract_number: str, month: date) -> None:
        """Change a month's figures, as when the operator corrects a statement."""
        self._revisions[(contract_number, month)] += 1

    def add_call(self, contract_number: str, call: SimCall) -> None:
        """List one more call in its month, as when someone just made it."""
        self._contract(contract_number)
        month = month_start(call.started_at.astimezone(JST).date())
        self._added_calls.setdefault((contract_number, month), []).append(call)

    def add_recent_call(self, contract_number: str, ago: timedelta, **fields: Any) -> SimCall:
        """List a call made ``ago`` before now (see ``recent``) and return it.

        A two-minute call to a landline unless ``fields`` (those of ``SimCall``) say otherwise.
        """
        call = SimCall(started_at=self.recent(ago), **(ORDINARY_CALL | fields))
        self.add_call(contract_number, call)
        return call

    def months(self) -> list[date]:
        """The months ご確認月 offers, current first (once listed, see current_listed_after)."""
        now = self.now()
        current = month_start(now.date())
        if now - datetime.combine(current, time(), JST) < self.current_listed_after:
            current = add_months(current, -1)
        return [add_months(current, -i) for i in range(MONTHS_BACK + 1)]

    def statement(self, contract_number: str, month: date) -> SimStatement:
        """The figures the site shows for a contract and month right now."""
        contract = self._contract(contract_number)
        revision = self._revisions[(contract_number, month)]
        key = (contract_number, month, revision)
        if key not in self._calls_cache:
            if self.current_calls is not None and month == month_start(self.now().date()):
                self._calls_cache[key] = self._current_so_far(contract_number, month, revision)
            else:
                self._calls_cache[key] = generate_calls(
                    self.seed, contract_number, month, self.calls_per_month, revision
                )
        now = self.now()
        listed = [*self._calls_cache[key], *self._added_calls.get((contract_number, month), [])]
        calls = sorted((c for c in listed if c.started_at <= now), key=lambda c: c.started_at)
        return build_statement(contract, month, calls)

    def _current_so_far(self, contract_number: str, month: date, revision: int) -> list[SimCall]:
        """The current month's ``current_calls`` calls, made between its start and now.

        In the first minutes of a month there is no room for them a second apart: the
        clock then moves on within the month until there is (a few minutes at most).
        """
        assert self.current_calls is not None
        start = datetime(month.year, month.month, 1, tzinfo=JST)
        # The last of them a few minutes ago: a call a test adds "now" comes after them all.
        room = timedelta(seconds=2 * self.current_calls + 300)
        if self.now() - start < room:
            self.advance(room - (self.now() - start))
        until = self.now() - timedelta(minutes=3)
        return generate_calls(
            self.seed, contract_number, month, self.current_calls, revision, until=until
        )

    def last_code(self) -> str:
        """The most recent code sent, as the phone shows it."""
        return self.outbox[-1].code

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host``; returns the base URL."""
        self._runner = web.AppRunner(self._app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.base_url = f"http://{host}:{self._runner.addresses[0][1]}/"
        self.login_url = self.base_url
        if self.login_host:
            await web.TCPSite(self._runner, self.login_host, 0).start()
            self.login_url = f"http://{self.login_host}:{self._runner.addresses[1][1]}/"
        return self.base_url

    async def stop(self) -> None:
        """Stop serving, releasing any request held by the hang switch."""
        for hang in self._hangs:
            hang.cancel()
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    # --- plumbing -----------------------------------------------------------------

    def _contract(self, contract_number: str) -> SimContract:
        for account in self.accounts.values():
            for contract in account.contracts:
                if contract.contract_number == contract_number:
                    return contract
        raise KeyError(contract_number)

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._tally, self._faults])
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "login_choice", self._login_choice),
            ("GET", "login", self._login_form),
            ("POST", "login", self._login_post),
            ("GET", "login_otp", self._otp_form),
            ("POST", "login_otp", self._otp_post),
            ("GET", "login_notice", self._login_notice),
            ("GET", "sso", self._sso_callback),
            ("POST", "sso_post", self._sso_post),
            ("GET", "news", self._news),
            ("POST", "news", self._news),
            ("GET", "top", self._top),
            ("GET", "top_header", self._top_frame("header")),
            ("GET", "top_menu", self._top_frame("menu")),
            ("GET", "top_main", self._top_main),
            ("GET", "charges", self._charges),
            ("POST", "charges", self._charges),
            ("GET", "charges_main", self._charges_main),
            ("GET", "verify_contact", self._contact_form),
            ("POST", "verify_contact", self._contact_post),
            ("GET", "verify_method", self._method_form),
            ("POST", "verify_method", self._method_post),
            ("POST", "verify_select", self._select_post),
            ("GET", "verify_code", self._code_form),
            ("POST", "verify_code", self._code_post),
            ("POST", "charges_detail", self._service_post),
            ("GET", "ip050_detail", self._ip050_detail),
            ("POST", "ip050_detail", self._ip050_detail),
            ("GET", "ip050_page", self._ip050_page),
            ("POST", "ip050_page", self._ip050_page),
            ("GET", "ip050_csv", self._ip050_csv),
            ("GET", "ip050_frame", self._ip050_frame),
        ]
        for method, path, handler in (
            ("GET", "/_sim/outbox", self._outbox),
            ("GET", "/_sim/requests", self._requests),
            ("POST", "/_sim/control", self._control),
        ):
            app.router.add_route(method, path, handler)
        if isinstance(self.skin, ReplaySkin):
            # A capture's paths are the user's site's: every one is answered from the capture.
            app.router.add_route("*", "/{path:.*}", self._counted("replay", self._replay))
            return app
        # Each route is counted by its kind, whatever path the skin gives it.
        app.router.add_route("GET", "/", self._counted("root", self._root))
        for method, route, answer in routes:
            # A skin serves the routes its paths name (frames and CSV are only some skins').
            if route in self.skin.routes:
                app.router.add_route(method, self.skin.url(route), self._counted(route, answer))
        return app

    def _counted(self, name: str, handler: Handler) -> Handler:
        async def counted(request: web.Request) -> web.StreamResponse:
            self.requests[name] += 1
            return await handler(request)

        return counted

    def _account_of(self, request: web.Request) -> str:
        """Whose browser sent a request: by its session, else its remembered device."""
        session = self._sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if session and session.username:
            return session.username
        login = self._login_sessions.get(request.cookies.get(LOGIN_COOKIE, ""))
        if login and login.username:
            return login.username
        return self._devices.get(request.cookies.get(DEVICE_COOKIE, ""), "")

    @web.middleware
    async def _tally(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Count, per account, how many pages are served at once and when each started."""
        if request.path.startswith("/_sim/"):
            return await handler(request)
        who = self._account_of(request)
        self.request_times.setdefault(who, []).append(asyncio.get_running_loop().time())
        self.in_flight[who] += 1
        self.max_in_flight[who] = max(self.max_in_flight[who], self.in_flight[who])
        try:
            return await handler(request)
        finally:
            self.in_flight[who] -= 1

    @web.middleware
    async def _faults(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/_sim/"):
            return await handler(request)
        if self.expire_after is not None:
            if self.expire_after <= 0:
                self.expire_sessions()
                self.expire_after = None
            else:
                self.expire_after -= 1
        on_login_host = request.url.host == self.login_host
        if self.login_host and on_login_host != (request.path in self._login_paths()):
            raise web.HTTPNotFound  # each host serves its own pages only
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.hang:
            hang = asyncio.get_running_loop().create_future()
            self._hangs.add(hang)
            try:
                await hang
            finally:
                self._hangs.discard(hang)
        if self.fail_status:
            return web.Response(status=self.fail_status, text="Internal Server Error")
        if self.redirect_loop:
            # Two addresses sending a browser to each other, as a broken load balancer does.
            bounce = "/loop/b" if request.path == "/loop/a" else "/loop/a"
            raise web.HTTPFound(bounce)
        if self.maintenance or self.maintenance_until:
            until = self.maintenance_until
            return self._page("message", self.skin.for_page("message").maintenance(until), 503)
        response = await handler(request)
        # The pages here are bytes; a streamed payload would be left whole.
        if (
            self.truncate
            and isinstance(response, web.Response)
            and isinstance(body := response.body, bytes)
            and body
        ):
            response.body = body[: len(body) // 3]
        return response

    def _login_paths(self) -> set[str]:
        return {self.skin.url(route) for route in LOGIN_ROUTES}

    def _session(self, request: web.Request) -> _Session | None:
        session = self._sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if session and session.expires_at and self.now() >= session.expires_at:
            del self._sessions[session.sid]
            return None
        return session

    def _new_session(self) -> _Session:
        session = _Session(sid=secrets.token_urlsafe(24))
        self._sessions[session.sid] = session
        return session

    def _give_session(self, response: web.StreamResponse, session: _Session) -> None:
        """Hand the browser its session cookie."""
        response.set_cookie(SESSION_COOKIE, session.sid, httponly=True, path=self._session_path())

    def _session_path(self) -> str:
        """The path the session cookie is sent to: My Page's prefix, if it holds all of My Page.

        A mixed site's My Page routes come from several skins, under several prefixes.
        """
        prefix = self.skin.for_page("signing_in").session_path
        mypage = [
            path
            for route, path in self.skin.routes.items()
            if route not in LOGIN_ROUTES and route != "sso"
        ]
        return prefix if all(path.startswith(prefix) for path in mypage) else "/"

    def _logged_in(self, request: web.Request) -> tuple[_Session, SimAccount]:
        session = self._session(request)
        if session is None or session.username is None:
            raise self._lapse(request.path)
        if session.news_pending:
            # Whatever is asked for, 重要なお知らせ comes first, then that page.
            target = request.path_qs if request.method == "GET" else self.skin.url("top")
            field = self.skin.for_page("top").field("target")
            raise web.HTTPFound(f"{self.skin.url('news')}?{urlencode({field: target})}")
        return session, self.accounts[session.username]

    def _lapse(self, target: str) -> web.HTTPException:
        """What a page behind the login answers without a live session, as the skin shows it."""
        skin = self.skin.for_page("lapsed")
        if skin.lapse == "page":
            return self._page_exit("lapsed", skin.lapsed(self._login_entry(target)))
        return web.HTTPFound(self._login_entry(target, choice=skin.lapse == "choice"))

    def _login_entry(self, target: str, *, choice: bool = False) -> str:
        route = "login_choice" if self.login_choice or choice else "login"
        param = self._field("login", "target")
        return f"{self.login_url}{self.skin.url(route)[1:]}?{param}={quote(target)}"

    # Which page kind holds each form, for the token's field name.
    _TOKEN_PAGES: ClassVar[dict[str, str]] = {
        "login": "login",
        "otp": "email_otp",
        "terms": "notice",
        "contact": "contact",
        "select": "contact",
        "method": "method",
        "code": "code",
        "charges": "charges",
        "ip050": "statement",
        "sso": "signing_in",
        "news": "top",
    }

    def _check_token(self, session: _Session | _LoginSession, form: str, data: Any) -> None:
        field = self._field(self._TOKEN_PAGES[form], "token")
        if data.get(field) != session.tokens.get(form):
            text = self.skin.for_page("message").message(
                "エラー", "不正な画面遷移です。お手数ですが、最初からやり直してください。"
            )
            raise self._page_exit("message", text, web.HTTPForbidden)

    def _device_known(self, request: web.Request, account: SimAccount) -> bool:
        return self._devices.get(request.cookies.get(DEVICE_COOKIE, "")) == account.username

    def _send_code(self, session: _Session, account: SimAccount) -> None:
        session.code = f"{secrets.randbelow(10**6):06d}"
        session.code_issued_at = self.now()
        session.code_attempts = 0
        self._deliver(
            SentCode(account.contact_phone, session.method or "voice", session.code, self.now())
        )

    def _deliver(self, sent: SentCode) -> None:
        self.outbox.append(sent)
        # The console stands in for the phone: a person running the simulator reads it here.
        if self.console_language == "ja":
            way = {"sms": "SMS", "voice": "音声電話", "email": "メール"}.get(
                sent.method, sent.method
            )
            line = f"[OCN シミュレーター] {sent.to} へ{way}: 認証番号 {sent.code}"
        else:
            line = f"[OCN simulator] {sent.method.upper()} to {sent.to}: code {sent.code}"
        print(line, flush=True)

    # --- pages ---------------------------------------------------------------------

    def _page(self, kind: str, text: str, status: int = 200) -> web.Response:
        """A page in the encoding of the skin that renders ``kind``."""
        skin = self.skin.for_page(kind)
        if self.layout_changed:
            for old, new in LAYOUT_CHANGES:
                text = text.replace(old, new)
        return web.Response(
            body=skin.encode(text), status=status, headers={"Content-Type": skin.content_type()}
        )

    def _page_exit(
        self, kind: str, text: str, exception: type[web.HTTPException] = web.HTTPOk
    ) -> web.HTTPException:
        """A page raised from deep in a handler, as a lapse or an interstitial is."""
        page = self._page(kind, text, exception.status_code)
        raised = exception()
        raised.body = page.body
        # Set last: the exception's own placeholder text would otherwise claim UTF-8.
        raised.headers["Content-Type"] = page.headers["Content-Type"]
        return raised

    async def _form(self, request: web.Request, kind: str) -> MultiMapping[Any]:
        """A form post, decoded in the encoding of the page that holds the form."""
        if request.method == "GET":
            return request.query
        if request.content_type == "multipart/form-data":
            return await request.post()
        raw = (await request.read()).rstrip().decode("latin-1")
        encoding = self.skin.for_page(kind).encoding
        return MultiDict(parse_qsl(raw, keep_blank_values=True, encoding=encoding))

    def _field(self, kind: str, key: str) -> str:
        return self.skin.for_page(kind).field(key)

    async def _root(self, request: web.Request) -> web.StreamResponse:
        session = self._session(request)
        if session and session.username:
            raise web.HTTPFound(self.skin.url("top"))
        raise web.HTTPFound(self._login_entry(self.skin.url("top")))

    def _login_session(self, request: web.Request) -> _LoginSession | None:
        return self._login_sessions.get(request.cookies.get(LOGIN_COOKIE, ""))

    async def _login_choice(self, request: web.Request) -> web.StreamResponse:
        param = self._field("login", "target")
        target = quote(request.query.get(param, self.skin.url("top")))
        login = f"{self.skin.url('login')}?{param}={target}"
        return self._page("login_choice", self.skin.for_page("login_choice").login_choice(login))

    def _login_page(self, session: _LoginSession, error: str | None = None) -> web.Response:
        skin = self.skin.for_page("login")
        return self._page("login", skin.login(session.token("login"), self.skin.url("top"), error))

    async def _login_form(self, request: web.Request) -> web.StreamResponse:
        session = self._login_session(request)
        new = session is None
        if session is None:
            session = _LoginSession(sid=secrets.token_urlsafe(24), target=self.skin.url("top"))
            self._login_sessions[session.sid] = session
        session.target = request.query.get(self._field("login", "target"), session.target)
        response = self._login_page(session)
        if new:
            response.set_cookie(LOGIN_COOKIE, session.sid, httponly=True, path="/")
        return response

    async def _login_post(self, request: web.Request) -> web.StreamResponse:
        if self.redirect_login_post:
            raise web.HTTPTemporaryRedirect(self.redirect_login_post)
        data = await self._form(request, "login")
        session = self._login_session(request)
        if session is None:
            raise web.HTTPFound(self.skin.url("login"))
        self._check_token(session, "login", data)
        username = str(data.get(self._field("login", "username"), "")).strip().lower()
        account = self.accounts.get(username)
        locked = self._locked_until.get(username)
        if locked and self.now() < locked:
            return self._login_page(session, MSG_LOGIN_LOCKED)
        if account is None or data.get(self._field("login", "password")) != account.password:
            self._login_failures[username] += 1
            if self._login_failures[username] >= MAX_LOGIN_ATTEMPTS:
                self._locked_until[username] = self.now() + LOCK_TIME
                self._login_failures[username] = 0
                return self._login_page(session, MSG_LOGIN_LOCKED)
            return self._login_page(session, MSG_BAD_LOGIN)
        self._login_failures[username] = 0
        session.username = username
        if account.email_otp:
            session.code = f"{secrets.randbelow(10**6):06d}"
            session.code_issued_at = self.now()
            session.code_attempts = 0
            self._deliver(SentCode(account.username, "email", session.code, self.now()))
            raise web.HTTPFound(self.skin.url("login_otp"))
        raise self._signed_in(session, account)

    def _otp_page(self, session: _LoginSession, error: str | None = None) -> web.Response:
        skin = self.skin.for_page("email_otp")
        return self._page("email_otp", skin.email_otp(session.token("otp"), error))

    async def _otp_form(self, request: web.Request) -> web.StreamResponse:
        session = self._login_session(request)
        if session is None or session.code is None:
            raise web.HTTPFound(self.skin.url("login"))
        return self._otp_page(session)

    async def _otp_post(self, request: web.Request) -> web.StreamResponse:
        session = self._login_session(request)
        if session is None or session.code is None or session.username is None:
            raise web.HTTPFound(self.skin.url("login"))
        data = await self._form(request, "email_otp")
        self._check_token(session, "otp", data)
        assert session.code_issued_at is not None
        if self.now() - session.code_issued_at > CODE_LIFETIME:
            return self._otp_page(session, MSG_CODE_EXPIRED_EMAIL)
        if data.get(self._field("email_otp", "otp")) != session.code:
            session.code_attempts += 1
            if session.code_attempts >= MAX_CODE_ATTEMPTS:
                session.code = None
                return self._otp_page(session, MSG_CODE_LOCKED)
            return self._otp_page(session, MSG_BAD_CODE)
        session.code = None
        raise self._signed_in(session, self.accounts[session.username])

    def _signed_in(self, session: _LoginSession, account: SimAccount) -> web.HTTPException:
        """Hand the login over to My Page, unless the account must act on the site first."""
        if account.password_change_requested or account.terms_pending:
            return web.HTTPFound(self.skin.url("login_notice"))
        ticket = secrets.token_urlsafe(24)
        self._tickets[ticket] = account.username
        target = quote(session.target or self.skin.url("top"))
        url = f"{self.base_url}{self.skin.url('sso')[1:]}?ticket={ticket}&targetUrl={target}"
        skin = self.skin.for_page("signing_in")
        if skin.interstitial:
            return self._page_exit("signing_in", skin.signing_in(url))
        return web.HTTPFound(url)

    async def _login_notice(self, request: web.Request) -> web.StreamResponse:
        session = self._login_session(request)
        if session is None or session.username is None:
            raise web.HTTPFound(self.skin.url("login"))
        account = self.accounts[session.username]
        skin = self.skin.for_page("notice")
        if account.password_change_requested:
            return self._page("notice", skin.password_change())
        return self._page("notice", skin.terms(session.token("terms")))

    async def _sso_callback(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        target = request.query.get("targetUrl", self.skin.url("top"))
        skin = self.skin.for_page("signing_in")
        if skin.hand_over:
            # The ticket goes on to My Page in a form the page posts by itself; the session
            # it opens is signed in once that post arrives with the cookie set here.
            if ticket not in self._tickets:
                raise web.HTTPFound(self._login_entry(self.skin.url("top")))
            session = self._new_session()
            fields = {
                "ticket": ticket,
                "targetUrl": target,
                skin.field("token"): session.token("sso"),
            }
            response = self._page(
                "signing_in", skin.handing_over(self.skin.url("sso_post"), fields)
            )
            self._give_session(response, session)
            return response
        username = self._tickets.pop(ticket, None)
        if username is None:
            raise web.HTTPFound(self._login_entry(self.skin.url("top")))
        response = web.HTTPFound(target)
        session = self._new_session()
        self._give_session(response, session)
        self._sign_in(session, username)
        raise response

    async def _sso_post(self, request: web.Request) -> web.StreamResponse:
        """The hand-over form's post: the ticket signs in the session the SSO page opened."""
        session = self._session(request)
        if session is None:
            raise web.HTTPFound(self._login_entry(self.skin.url("top")))
        data = await self._form(request, "signing_in")
        self._check_token(session, "sso", data)
        username = self._tickets.pop(str(data.get("ticket", "")), None)
        if username is None:
            raise web.HTTPFound(self._login_entry(self.skin.url("top")))
        self._sign_in(session, username)
        raise web.HTTPFound(str(data.get("targetUrl") or self.skin.url("top")))

    def _sign_in(self, session: _Session, username: str) -> None:
        session.username = username
        session.expires_at = self.now() + self.session_lifetime
        session.news_pending = (
            self.skin.for_page("top").news_after_login is not None
            and username not in self.news_hidden
        )

    async def _news(self, request: web.Request) -> web.StreamResponse:
        """重要なお知らせ: shown until it is confirmed, then on to the page first asked for."""
        session = self._session(request)
        if session is None or session.username is None:
            raise self._lapse(self.skin.url("top"))
        skin = self.skin.for_page("top")
        data = await self._form(request, "top")
        target = str(data.get(skin.field("target")) or "")
        if not target.startswith("/") or target.startswith("//"):
            target = self.skin.url("top")  # never a way off the site
        if not session.news_pending:
            raise web.HTTPFound(target)
        if skin.field("token") in data:
            self._check_token(session, "news", data)
            session.news_pending = False
            if data.get("hideNews"):
                self.news_hidden.add(session.username)
            raise web.HTTPFound(target)
        token = session.token("news")
        return self._page("top", skin.news(self.skin.url("news"), token, target))

    async def _top(self, request: web.Request) -> web.StreamResponse:
        _, account = self._logged_in(request)
        skin = self.skin.for_page("top")
        holder = skin.holder("top")
        return self._page("top", skin.top(account) if holder is None else holder)

    async def _top_main(self, request: web.Request) -> web.StreamResponse:
        """The top's content, where the top holds it in a frame."""
        _, account = self._logged_in(request)
        return self._page("top", self.skin.for_page("top").top(account))

    def _top_frame(self, part: str) -> Handler:
        """The handler of the top's ``part`` frame ("header" or "menu")."""

        async def frame(request: web.Request) -> web.StreamResponse:
            _, account = self._logged_in(request)
            return self._page("top", self.skin.for_page("top").top_frame(part, account))

        return frame

    def _charges_opened(self, request: web.Request) -> tuple[_Session, SimAccount]:
        """A browser that may see 料金・ご利用明細: verified by a code, now or on an earlier visit."""
        session, account = self._logged_in(request)
        if not (session.verified or self._device_known(request, account)):
            raise web.HTTPFound(self.skin.url("verify_contact"))
        session.verified = True
        return session, account

    async def _charges(self, request: web.Request) -> web.StreamResponse:
        session, account = self._charges_opened(request)
        holder = self.skin.for_page("charges").holder("charges")
        if holder is not None:
            return self._page("charges", holder)
        return self._charges_page(request, session, account)

    async def _charges_main(self, request: web.Request) -> web.StreamResponse:
        """The content of 料金・ご利用明細, where the page holds it in an iframe."""
        session, account = self._charges_opened(request)
        return self._charges_page(request, session, account)

    def _charges_page(
        self, request: web.Request, session: _Session, account: SimAccount
    ) -> web.Response:
        skin = self.skin.for_page("charges")
        chosen = request.query.get(skin.field("contract"))
        if skin.services_on_tab and chosen is None and request.query.get("tab") != "usage":
            return self._page("charges", skin.billing_tab(account))
        return self._page("charges", skin.charges(account, session.token("charges"), chosen))

    def _contact_page(
        self, session: _Session, account: SimAccount, error: str | None = None
    ) -> web.Response:
        skin = self.skin.for_page("contact")
        if self.layout == "modern":
            return self._page(
                "contact", skin.modern_contact(account, session.token("select"), error)
            )
        return self._page("contact", skin.contact(account, session.token("contact"), error))

    async def _contact_form(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        return self._contact_page(session, account)

    async def _contact_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await self._form(request, "contact")
        self._check_token(session, "contact", data)
        skin = self.skin.for_page("contact")
        if skin.contact_of(data) != account.contact_phone:
            return self._page(
                "contact", skin.contact(account, session.token("contact"), MSG_BAD_CONTACT)
            )
        session.phone_ok = True
        if self.contact_sends_code:
            session.method = "sms" if account.is_mobile else "voice"
            self._send_code(session, account)
            raise web.HTTPFound(self.skin.url("verify_code"))
        raise web.HTTPFound(self.skin.url("verify_method"))

    def _method_page(
        self, session: _Session, account: SimAccount, error: str | None = None
    ) -> web.Response:
        skin = self.skin.for_page("method")
        return self._page("method", skin.method(account, session.token("method"), error))

    async def _method_form(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if not session.phone_ok:
            raise web.HTTPFound(self.skin.url("verify_contact"))
        skin = self.skin.for_page("method")
        if skin.method_links and skin.field("method") in request.query:
            # A link of ⑥ drawn as links: it has the code sent, as the form's post does.
            data = dict(request.query)
            self._check_token(session, "method", data)
            return self._send_chosen(session, account, data)
        return self._method_page(session, account)

    def _chosen_method(self, account: SimAccount, data: Any, kind: str) -> str | None:
        method = self.skin.for_page(kind).method_of(data)
        if method == "sms" and not account.is_mobile:
            return None
        return method

    async def _method_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await self._form(request, "method")
        self._check_token(session, "method", data)
        if self.skin.for_page("method").pressed(data, "back") or not session.phone_ok:
            raise web.HTTPFound(self.skin.url("verify_contact"))
        return self._send_chosen(session, account, data)

    def _send_chosen(self, session: _Session, account: SimAccount, data: Any) -> web.Response:
        """Send the code by the method ⑥'s form or link chose; the page again if none."""
        session.method = self._chosen_method(account, data, "method")
        if session.method is None:
            return self._method_page(session, account, MSG_NO_METHOD)
        self._send_code(session, account)
        raise web.HTTPFound(self.skin.url("verify_code"))

    async def _select_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await self._form(request, "contact")
        self._check_token(session, "select", data)
        if data.get(self._field("contact", "tel_index")) != "0":
            return self._contact_page(session, account, MSG_BAD_CONTACT)
        session.method = self._chosen_method(account, data, "contact")
        if session.method is None:
            return self._contact_page(session, account, MSG_NO_METHOD)
        session.phone_ok = True
        self._send_code(session, account)
        raise web.HTTPFound(self.skin.url("verify_code"))

    def _code_page(
        self, session: _Session, account: SimAccount, error: str | None = None
    ) -> web.Response:
        skin = self.skin.for_page("code")
        return self._page("code", skin.code(account, session.token("code"), error))

    async def _code_form(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if session.code is None:
            raise web.HTTPFound(self.skin.url("verify_contact"))
        return self._code_page(session, account)

    async def _code_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await self._form(request, "code")
        self._check_token(session, "code", data)
        if session.code is None or session.code_issued_at is None:
            raise web.HTTPFound(self.skin.url("verify_contact"))
        if self.skin.for_page("code").pressed(data, "resend"):
            self._send_code(session, account)
            raise web.HTTPFound(self.skin.url("verify_code"))
        if self.now() - session.code_issued_at > CODE_LIFETIME:
            return self._code_page(session, account, MSG_CODE_EXPIRED)
        if self.skin.for_page("code").code_of(data) != session.code:
            session.code_attempts += 1
            if session.code_attempts >= MAX_CODE_ATTEMPTS:
                # The code is void: the person has to start the verification again.
                session.code = None
                session.phone_ok = False
                return self._code_page(session, account, MSG_CODE_LOCKED)
            return self._code_page(session, account, MSG_BAD_CODE)
        session.verified = True
        session.code = None
        response = web.HTTPFound(self.skin.url("charges"))
        if self.skin.for_page("code").remember_box and not data.get("rememberDevice"):
            raise response  # the browser is remembered only when the person asked
        device = secrets.token_urlsafe(24)
        self._devices[device] = account.username
        response.set_cookie(DEVICE_COOKIE, device, max_age=90 * 86400, httponly=True, path="/")
        raise response

    def _verified(self, request: web.Request) -> tuple[_Session, SimAccount]:
        session, account = self._logged_in(request)
        if not session.verified:
            raise web.HTTPFound(self.skin.url("verify_contact"))
        return session, account

    async def _service_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._verified(request)
        data = await self._form(request, "charges")
        self._check_token(session, "charges", data)
        skin = self.skin.for_page("charges")
        number = data.get(skin.field("contract"))
        contract = next((c for c in account.contracts if c.contract_number == number), None)
        if skin.service(data) != "ip050" or (number and contract is None):
            return self._message("ご利用明細", "選択された契約番号のご利用明細はありません。")
        if contract is None:
            # The 050 entry without a contract: the 050 page asks for one, or shows the only one.
            contract = self._only_contract(account, self.skin.for_page("statement"), {})
        return self._statement(session, account, contract, self.months()[0])

    def _message(self, title: str, text: str) -> web.Response:
        return self._page("message", self.skin.for_page("message").message(title, text))

    async def _ip050_detail(self, request: web.Request) -> web.StreamResponse:
        session, account = self._verified(request)
        data = await self._form(request, "statement")
        if request.method == "POST":
            self._check_token(session, "ip050", data)
        skin = self.skin.for_page("statement")
        number = data.get(skin.field("contract"))
        if not number:
            # The 050 link, or the choice sent without a contract: the page asks for one,
            # unless the site takes the account's only contract.
            only = self._only_contract(account, skin, data)
            if only is None or skin.field("month") not in data:
                return self._statement(session, account, only, self.months()[0])
            number = only.contract_number
        return self._chosen_statement(session, account, number, data, 1)

    def _only_contract(
        self, account: SimAccount, skin: Skin, data: Mapping[str, Any]
    ) -> SimContract | None:
        """The contract a request names none of: an only one, where the skin's site takes it.

        "direct" takes it at once; "hold" once a month is sent (its form names no contract).
        """
        if len(account.contracts) != 1:
            return None
        if skin.one_contract == "direct" or (
            skin.one_contract == "hold" and skin.field("month") in data
        ):
            return account.contracts[0]
        return None

    async def _ip050_page(self, request: web.Request) -> web.StreamResponse:
        session, account = self._verified(request)
        data = await self._form(request, "statement")
        if request.method == "POST":
            self._check_token(session, "ip050", data)
        skin = self.skin.for_page("statement")
        page = str(data.get(skin.field("page"), ""))
        number = data.get(skin.field("contract"))
        return self._chosen_statement(
            session, account, number, data, int(page) if page.isdigit() else 0
        )

    def _chosen_month(self, data: Any) -> date | None:
        """The month a form or link names, among those ご確認月 offers now."""
        skin = self.skin.for_page("statement")
        return skin.month_values(self.months()).get(str(data.get(skin.field("month"), "")))

    def _chosen_statement(
        self, session: _Session, account: SimAccount, number: Any, data: Any, page: int
    ) -> web.Response:
        contract = next((c for c in account.contracts if c.contract_number == number), None)
        month = self._chosen_month(data)
        if contract is None or month is None or page < 1:
            return self._message("050IP電話利用明細", "指定された月のご利用明細は表示できません。")
        return self._statement(session, account, contract, month, page)

    async def _ip050_csv(self, request: web.Request) -> web.StreamResponse:
        """A month's calls of one contract as a CSV download."""
        if (found := self._queried_statement(request)) is None:
            return self._message("050IP電話利用明細", "指定された月のご利用明細は表示できません。")
        skin, statement = found
        body, headers = skin.call_csv(statement)
        return web.Response(body=body, headers=headers)

    async def _ip050_frame(self, request: web.Request) -> web.StreamResponse:
        """A month's call list of one contract, as ⑨'s inline frame loads it."""
        if (found := self._queried_statement(request)) is None:
            return self._message("050IP電話利用明細", "指定された月のご利用明細は表示できません。")
        skin, statement = found
        return self._page("statement", skin.call_frame(statement))

    def _queried_statement(self, request: web.Request) -> tuple[Skin, SimStatement] | None:
        """The statement a download's or a frame's query names (contract, month), if any."""
        _, account = self._verified(request)
        skin = self.skin.for_page("statement")
        number = request.query.get(skin.field("contract"))
        contract = next((c for c in account.contracts if c.contract_number == number), None)
        month = self._chosen_month(request.query)
        if contract is None or month is None:
            return None
        return skin, self.statement(contract.contract_number, month)

    def _statement(
        self,
        session: _Session,
        account: SimAccount,
        contract: SimContract | None,
        month: date,
        page: int = 1,
    ) -> web.Response:
        skin = self.skin.for_page("statement")
        statement = self.statement(contract.contract_number, month) if contract else None
        if statement is not None and page > skin.page_count(statement):
            return self._message("050IP電話利用明細", "指定されたページはありません。")
        text = skin.statement(
            account,
            contract,
            session.token("ip050"),
            months=self.months(),
            statement=statement,
            now=self.now(),
            page=page,
        )
        return self._page("statement", text)

    # --- a replayed capture -------------------------------------------------------------

    async def _replay(self, request: web.Request) -> web.StreamResponse:
        """Answer from the capture, with the site's rules for sessions and codes."""
        skin = self.skin
        assert isinstance(skin, ReplaySkin)
        body = await request.read()
        session = self._session(request)
        live = not skin.signs_in or (session is not None and session.username is not None)
        try:
            step = skin.match(request.method, request.path, request.query_string, body, live=live)
        except LookupError as err:
            raise web.HTTPNotFound(text=str(err)) from err
        exchange = skin.exchange_of(step)
        cookie: str | None = None
        if exchange is not None and step.hop == 0:
            account = next(iter(self.accounts.values()))
            typed = self._typed(exchange.typed, request, body, exchange.form_charset)
            if exchange.login:
                session = _Session(sid=secrets.token_urlsafe(24), username=account.username)
                session.expires_at = self.now() + self.session_lifetime
                self._sessions[session.sid] = session
                cookie = session.sid
            if exchange.sends_email_code:
                self._email_code = (f"{secrets.randbelow(10**6):06d}", self.now())
                self._deliver(SentCode(account.username, "email", self._email_code[0], self.now()))
            if exchange.checks_email_code and not self._code_ok(self._email_code, typed):
                skin.cursor = exchange.first_step
                step = skin.wrong_code(exchange, self._code_error(self._email_code, email=True))
            elif exchange.checks_email_code:
                self._email_code = None
            if session is not None and exchange.sends_code:
                session.method = "sms" if account.is_mobile else "voice"
                self._send_code(session, account)
            if exchange.checks_code:
                issued = (
                    (session.code, session.code_issued_at)
                    if session and session.code and session.code_issued_at
                    else None
                )
                if not self._code_ok(issued, typed):
                    skin.cursor = exchange.first_step
                    step = skin.wrong_code(exchange, self._code_error(issued))
                elif session is not None:
                    session.code = None
                    session.verified = True
        if step.location:
            response = web.Response(status=step.status, headers={"Location": step.location})
        else:
            response = web.Response(
                status=step.status,
                body=step.body(),
                headers={"Content-Type": step.content_type or "text/html"},
            )
        if cookie is not None:
            response.set_cookie(SESSION_COOKIE, cookie, httponly=True, path="/")
        return response

    @staticmethod
    def _typed(names: list[str], request: web.Request, body: bytes, charset: str) -> list[str]:
        """What the request typed into the fields the capture's form had typed into."""
        sent = parse_qsl(request.query_string, keep_blank_values=True, encoding=charset)
        sent += parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding=charset)
        return [value for name, value in sent if name in names]

    def _code_error(self, issued: tuple[str, datetime] | None, *, email: bool = False) -> str:
        """The message a rejected code gets: expired, or wrong."""
        if issued is not None and self.now() - issued[1] > CODE_LIFETIME:
            return MSG_CODE_EXPIRED_EMAIL if email else MSG_CODE_EXPIRED
        return MSG_BAD_CODE

    def _code_ok(self, issued: tuple[str, datetime] | None, typed: list[str]) -> bool:
        """Whether a typed code is the one issued, within its lifetime."""
        if issued is None:
            return False
        code, at = issued
        # A code typed one digit per box arrives as its digits, in the boxes' order.
        return self.now() - at <= CODE_LIFETIME and (code in typed or code == "".join(typed))

    # --- the simulator's own endpoints ------------------------------------------------

    async def _outbox(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(
            [
                {"to": s.to, "method": s.method, "code": s.code, "sent_at": s.sent_at.isoformat()}
                for s in self.outbox
            ]
        )

    async def _requests(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(dict(self.requests))

    async def _control(self, request: web.Request) -> web.StreamResponse:
        """Switches for a person at the console: JSON with the fields to change."""
        body = await request.json()
        if body.get("expire_sessions"):
            self.expire_sessions()
        if body.get("forget_devices"):
            self.forget_devices()
        if "advance_minutes" in body:
            self.advance(timedelta(minutes=float(body["advance_minutes"])))
        if "add_call" in body:
            self._add_call_by_hand(body["add_call"])
        for name in (
            "maintenance",
            "latency",
            "fail_status",
            "hang",
            "truncate",
            "redirect_loop",
            "layout_changed",
            "expire_after",
            "redirect_login_post",
        ):
            if name in body:
                setattr(self, name, body[name])
        return web.json_response({"ok": True})

    def _add_call_by_hand(self, fields: dict[str, Any]) -> None:
        """List a call made ``minutes_ago``, to try call events by hand.

        A long call that ends now is listed after any shorter call made since it began.
        """
        first = next(iter(self.accounts.values())).contracts[0]
        given = {key: fields[key] for key in ("other_party", "call_type") if key in fields}
        if "duration" in fields:
            given["duration"] = int(fields["duration"])
        if "charge" in fields:
            given["charge"] = Decimal(str(fields["charge"]))
        self.add_recent_call(
            fields.get("contract") or first.contract_number,
            timedelta(minutes=float(fields.get("minutes_ago", 1))),
            **given,
        )


# The call ``add_recent_call`` lists unless told otherwise.
ORDINARY_CALL: dict[str, Any] = {
    "other_party": "0312345678",
    "duration": 125,
    "charge": Decimal("8.8"),
    "call_type": "国内固定電話",
    "chakuwari": False,
}


def demo_account() -> SimAccount:
    """The account a person uses to click through: printed when the simulator starts."""
    return SimAccount(
        username="demo@ocn.ne.jp",
        password="ocn-demo-pass",
        contact_phone="09012345678",
        customer_number="N1234567890",
        contracts=[
            SimContract("C0000000001", "05011112222", "OCNドットフォン オフィス"),
            SimContract("C0000000002", "05033334444", "050あんしんナンバー"),
        ],
    )
