"""The simulator: a real aiohttp server that walks like OCN My Page."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import web

from . import pages
from .data import (
    JST,
    SimAccount,
    SimContract,
    SimStatement,
    add_months,
    build_statement,
    generate_calls,
    month_start,
)

_LOGGER = logging.getLogger(__name__)

SESSION_COOKIE = "MYPAGE_SESSION"
LOGIN_COOKIE = "OCNID_LOGIN"
DEVICE_COOKIE = "OCN_AUTH_DEVICE"
CODE_LIFETIME = timedelta(minutes=30)
MAX_CODE_ATTEMPTS = 5
MAX_LOGIN_ATTEMPTS = 5
LOCK_TIME = timedelta(minutes=30)
MONTHS_BACK = 6

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
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, form: str) -> str:
        """A fresh token for the form just rendered."""
        self.tokens[form] = secrets.token_urlsafe(16)
        return self.tokens[form]


@dataclass
class _LoginSession:
    """The login host's own session: the form token and a pending one-time password."""

    sid: str
    username: str | None = None
    target: str = "/mypage/top"
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
        session_lifetime: timedelta = timedelta(hours=12),
        layout: str = "classic",
        seed: int = 1,
        login_host: str | None = None,
        login_choice: bool = False,
    ) -> None:
        """Set up the accounts and the site's shape.

        ``layout`` is "classic" (the 2011 guide) or "modern" (number and method on one
        screen); ``login_host`` serves the login on a second loopback address, as the real
        site keeps it on its own host; ``login_choice`` puts the dアカウント / OCN ID choice
        in front of the login.
        """
        self.accounts = {a.username: a for a in (accounts or [demo_account()])}
        self.calls_per_month = calls_per_month
        self.session_lifetime = session_lifetime
        self.layout = layout
        self.seed = seed
        self.login_host = login_host
        self.login_choice = login_choice
        self.outbox: list[SentCode] = []
        self.requests: Counter[str] = Counter()
        self.maintenance = False
        self.maintenance_until: datetime | None = None
        self.latency = 0.0
        self.fail_status: int | None = None
        self.hang = False
        self.truncate = False
        self.redirect_loop = False
        self.layout_changed = False
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
        self._calls_cache: dict[tuple[str, date, int], list] = {}
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

    def revise(self, contract_number: str, month: date) -> None:
        """Change a month's figures, as when the operator corrects a statement."""
        self._revisions[(contract_number, month)] += 1

    def months(self) -> list[date]:
        """The months ご確認月 offers, current first."""
        current = month_start(self.now().date())
        return [add_months(current, -i) for i in range(MONTHS_BACK + 1)]

    def statement(self, contract_number: str, month: date) -> SimStatement:
        """The figures the site shows for a contract and month right now."""
        contract = self._contract(contract_number)
        revision = self._revisions[(contract_number, month)]
        key = (contract_number, month, revision)
        if key not in self._calls_cache:
            self._calls_cache[key] = generate_calls(
                self.seed, contract_number, month, self.calls_per_month, revision
            )
        now = self.now()
        calls = [c for c in self._calls_cache[key] if c.started_at <= now]
        return build_statement(contract, month, calls)

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
        routes = [
            ("GET", "/", self._root, "root"),
            ("GET", "/auth/choice", self._login_choice, "login_choice"),
            ("GET", "/auth/login", self._login_form, "login"),
            ("POST", "/auth/login", self._login_post, "login"),
            ("GET", "/auth/otp", self._otp_form, "login_otp"),
            ("POST", "/auth/otp", self._otp_post, "login_otp"),
            ("GET", "/auth/notice", self._login_notice, "login_notice"),
            ("GET", "/sso/callback", self._sso_callback, "sso"),
            ("GET", "/mypage/top", self._top, "top"),
            ("GET", "/mypage/charges", self._charges, "charges"),
            ("GET", "/mypage/verify/contact", self._contact_form, "verify_contact"),
            ("POST", "/mypage/verify/contact", self._contact_post, "verify_contact"),
            ("GET", "/mypage/verify/method", self._method_form, "verify_method"),
            ("POST", "/mypage/verify/method", self._method_post, "verify_method"),
            ("POST", "/mypage/verify/select", self._select_post, "verify_select"),
            ("GET", "/mypage/verify/code", self._code_form, "verify_code"),
            ("POST", "/mypage/verify/code", self._code_post, "verify_code"),
            ("POST", "/mypage/charges/detail", self._service_post, "charges_detail"),
            ("POST", "/mypage/ip050/detail", self._ip050_post, "ip050_detail"),
            ("GET", "/_sim/outbox", self._outbox, "sim"),
            ("GET", "/_sim/requests", self._requests, "sim"),
            ("POST", "/_sim/control", self._control, "sim"),
        ]
        for method, path, handler, name in routes:
            app.router.add_route(method, path, self._counted(name, handler))
        return app

    def _counted(self, name: str, handler: Handler) -> Handler:
        async def counted(request: web.Request) -> web.StreamResponse:
            if name != "sim":
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
        if self.login_host and (request.url.host == self.login_host) != request.path.startswith(
            "/auth/"
        ):
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
            return _html(pages.maintenance_page(until), status=503)
        response = await handler(request)
        if self.truncate and isinstance(response, web.Response) and response.body:
            body = bytes(response.body)
            response.body = body[: len(body) // 3]
        if self.layout_changed and isinstance(response, web.Response) and response.text:
            text = response.text
            for old, new in LAYOUT_CHANGES:
                text = text.replace(old, new)
            response.text = text
        return response

    def _session(self, request: web.Request) -> _Session | None:
        session = self._sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if session and session.expires_at and self.now() >= session.expires_at:
            del self._sessions[session.sid]
            return None
        return session

    def _new_session(self, response: web.StreamResponse) -> _Session:
        session = _Session(sid=secrets.token_urlsafe(24))
        self._sessions[session.sid] = session
        response.set_cookie(SESSION_COOKIE, session.sid, httponly=True, path="/")
        return session

    def _logged_in(self, request: web.Request) -> tuple[_Session, SimAccount]:
        session = self._session(request)
        if session is None or session.username is None:
            raise web.HTTPFound(self._login_entry(request.path))
        return session, self.accounts[session.username]

    def _login_entry(self, target: str) -> str:
        page = "auth/choice" if self.login_choice else "auth/login"
        return f"{self.login_url}{page}?targetUrl={quote(target)}"

    def _check_token(self, session: _Session | _LoginSession, form: str, data: Any) -> None:
        if data.get("_csrf_token") != session.tokens.get(form):
            raise web.HTTPForbidden(
                text=pages.simple_page(
                    "エラー", "不正な画面遷移です。お手数ですが、最初からやり直してください。"
                ),
                content_type="text/html",
            )

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
        print(f"[OCN simulator] {sent.method.upper()} to {sent.to}: code {sent.code}", flush=True)

    # --- pages ---------------------------------------------------------------------

    async def _root(self, request: web.Request) -> web.StreamResponse:
        session = self._session(request)
        if session and session.username:
            raise web.HTTPFound("/mypage/top")
        raise web.HTTPFound(self._login_entry("/mypage/top"))

    def _login_session(self, request: web.Request) -> _LoginSession | None:
        return self._login_sessions.get(request.cookies.get(LOGIN_COOKIE, ""))

    async def _login_choice(self, request: web.Request) -> web.StreamResponse:
        target = quote(request.query.get("targetUrl", "/mypage/top"))
        return _html(pages.login_choice_page(f"/auth/login?targetUrl={target}"))

    async def _login_form(self, request: web.Request) -> web.StreamResponse:
        response = web.Response(content_type="text/html")
        session = self._login_session(request)
        if session is None:
            session = _LoginSession(sid=secrets.token_urlsafe(24))
            self._login_sessions[session.sid] = session
            response.set_cookie(LOGIN_COOKIE, session.sid, httponly=True, path="/")
        session.target = request.query.get("targetUrl", session.target)
        response.text = pages.login_page(session.token("login"))
        return response

    async def _login_post(self, request: web.Request) -> web.StreamResponse:
        data = await request.post()
        session = self._login_session(request)
        if session is None:
            raise web.HTTPFound("/auth/login")
        self._check_token(session, "login", data)
        username = str(data.get("mailAddress", "")).strip().lower()
        account = self.accounts.get(username)
        locked = self._locked_until.get(username)
        if locked and self.now() < locked:
            return _html(pages.login_page(session.token("login"), MSG_LOGIN_LOCKED))
        if account is None or data.get("mailPassword") != account.password:
            self._login_failures[username] += 1
            if self._login_failures[username] >= MAX_LOGIN_ATTEMPTS:
                self._locked_until[username] = self.now() + LOCK_TIME
                self._login_failures[username] = 0
                return _html(pages.login_page(session.token("login"), MSG_LOGIN_LOCKED))
            return _html(pages.login_page(session.token("login"), MSG_BAD_LOGIN))
        self._login_failures[username] = 0
        session.username = username
        if account.email_otp:
            session.code = f"{secrets.randbelow(10**6):06d}"
            session.code_issued_at = self.now()
            session.code_attempts = 0
            self._deliver(SentCode(account.username, "email", session.code, self.now()))
            raise web.HTTPFound("/auth/otp")
        raise self._signed_in(session, account)

    async def _otp_form(self, request: web.Request) -> web.StreamResponse:
        session = self._login_session(request)
        if session is None or session.code is None:
            raise web.HTTPFound("/auth/login")
        return _html(pages.email_otp_page(session.token("otp")))

    async def _otp_post(self, request: web.Request) -> web.StreamResponse:
        session = self._login_session(request)
        if session is None or session.code is None or session.username is None:
            raise web.HTTPFound("/auth/login")
        data = await request.post()
        self._check_token(session, "otp", data)
        assert session.code_issued_at is not None
        if self.now() - session.code_issued_at > CODE_LIFETIME:
            return _html(pages.email_otp_page(session.token("otp"), MSG_CODE_EXPIRED_EMAIL))
        if data.get("onetimePassword") != session.code:
            session.code_attempts += 1
            if session.code_attempts >= MAX_CODE_ATTEMPTS:
                session.code = None
                return _html(pages.email_otp_page(session.token("otp"), MSG_CODE_LOCKED))
            return _html(pages.email_otp_page(session.token("otp"), MSG_BAD_CODE))
        session.code = None
        raise self._signed_in(session, self.accounts[session.username])

    def _signed_in(self, session: _LoginSession, account: SimAccount) -> web.HTTPFound:
        """Hand the login over to My Page, unless the account must act on the site first."""
        if account.password_change_requested or account.terms_pending:
            return web.HTTPFound("/auth/notice")
        ticket = secrets.token_urlsafe(24)
        self._tickets[ticket] = account.username
        target = quote(session.target or "/mypage/top")
        return web.HTTPFound(f"{self.base_url}sso/callback?ticket={ticket}&targetUrl={target}")

    async def _login_notice(self, request: web.Request) -> web.StreamResponse:
        session = self._login_session(request)
        if session is None or session.username is None:
            raise web.HTTPFound("/auth/login")
        account = self.accounts[session.username]
        if account.password_change_requested:
            return _html(pages.password_change_page())
        return _html(pages.terms_page(session.token("terms")))

    async def _sso_callback(self, request: web.Request) -> web.StreamResponse:
        username = self._tickets.pop(request.query.get("ticket", ""), None)
        if username is None:
            raise web.HTTPFound(self._login_entry("/mypage/top"))
        response = web.HTTPFound(request.query.get("targetUrl", "/mypage/top"))
        session = self._new_session(response)
        session.username = username
        session.expires_at = self.now() + self.session_lifetime
        raise response

    async def _top(self, request: web.Request) -> web.StreamResponse:
        _, account = self._logged_in(request)
        return _html(pages.top_page(account))

    async def _charges(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if not (session.verified or self._device_known(request, account)):
            raise web.HTTPFound("/mypage/verify/contact")
        session.verified = True
        return _html(
            pages.charges_page(account, session.token("charges"), _internet_contract(account))
        )

    async def _contact_form(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if self.layout == "modern":
            return _html(pages.modern_contact_page(account, session.token("select")))
        return _html(pages.contact_page(account, session.token("contact")))

    async def _contact_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await request.post()
        self._check_token(session, "contact", data)
        if str(data.get("renrakuTel", "")).strip() != account.contact_phone:
            return _html(pages.contact_page(account, session.token("contact"), MSG_BAD_CONTACT))
        session.phone_ok = True
        raise web.HTTPFound("/mypage/verify/method")

    async def _method_form(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if not session.phone_ok:
            raise web.HTTPFound("/mypage/verify/contact")
        return _html(pages.method_page(account, session.token("method")))

    def _chosen_method(self, account: SimAccount, data: Any) -> str | None:
        method = {"1": "sms", "2": "voice"}.get(str(data.get("noticeType", "")))
        if method == "sms" and not account.is_mobile:
            return None
        return method

    async def _method_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await request.post()
        self._check_token(session, "method", data)
        if data.get("action") == "back":
            raise web.HTTPFound("/mypage/verify/contact")
        if not session.phone_ok:
            raise web.HTTPFound("/mypage/verify/contact")
        session.method = self._chosen_method(account, data)
        if session.method is None:
            return _html(pages.method_page(account, session.token("method"), MSG_NO_METHOD))
        self._send_code(session, account)
        raise web.HTTPFound("/mypage/verify/code")

    async def _select_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await request.post()
        self._check_token(session, "select", data)
        if data.get("telIndex") != "0":
            return _html(
                pages.modern_contact_page(account, session.token("select"), MSG_BAD_CONTACT)
            )
        session.method = self._chosen_method(account, data)
        if session.method is None:
            return _html(pages.modern_contact_page(account, session.token("select"), MSG_NO_METHOD))
        session.phone_ok = True
        self._send_code(session, account)
        raise web.HTTPFound("/mypage/verify/code")

    async def _code_form(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if session.code is None:
            raise web.HTTPFound("/mypage/verify/contact")
        return _html(pages.code_page(account, session.token("code")))

    async def _code_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        data = await request.post()
        self._check_token(session, "code", data)
        if session.code is None or session.code_issued_at is None:
            raise web.HTTPFound("/mypage/verify/contact")
        if data.get("action") == "resend":
            self._send_code(session, account)
            raise web.HTTPFound("/mypage/verify/code")
        if self.now() - session.code_issued_at > CODE_LIFETIME:
            return _html(pages.code_page(account, session.token("code"), MSG_CODE_EXPIRED))
        if data.get("ninshoNo") != session.code:
            session.code_attempts += 1
            if session.code_attempts >= MAX_CODE_ATTEMPTS:
                # The code is void: the person has to start the verification again.
                session.code = None
                session.phone_ok = False
                return _html(pages.code_page(account, session.token("code"), MSG_CODE_LOCKED))
            return _html(pages.code_page(account, session.token("code"), MSG_BAD_CODE))
        session.verified = True
        session.code = None
        response = web.HTTPFound("/mypage/charges")
        device = secrets.token_urlsafe(24)
        self._devices[device] = account.username
        response.set_cookie(DEVICE_COOKIE, device, max_age=90 * 86400, httponly=True, path="/")
        raise response

    async def _service_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if not session.verified:
            raise web.HTTPFound("/mypage/verify/contact")
        data = await request.post()
        self._check_token(session, "charges", data)
        contract = next(
            (c for c in account.contracts if c.contract_number == data.get("keiyakuNo")), None
        )
        if data.get("meisaiType") != "ip050" or contract is None:
            return _html(
                pages.simple_page("ご利用明細", "選択された契約番号のご利用明細はありません。")
            )
        return self._statement(session, contract, self.months()[0])

    async def _ip050_post(self, request: web.Request) -> web.StreamResponse:
        session, account = self._logged_in(request)
        if not session.verified:
            raise web.HTTPFound("/mypage/verify/contact")
        data = await request.post()
        self._check_token(session, "ip050", data)
        contract = next(
            (c for c in account.contracts if c.contract_number == data.get("keiyakuNo")), None
        )
        months = {f"{m:%Y%m}": m for m in self.months()}
        month = months.get(str(data.get("targetMonth", "")))
        if contract is None or month is None:
            return _html(
                pages.simple_page("050IP電話利用明細", "指定された月のご利用明細は表示できません。")
            )
        return self._statement(session, contract, month)

    def _statement(self, session: _Session, contract: SimContract, month: date) -> web.Response:
        statement = self.statement(contract.contract_number, month)
        page = pages.statement_page(
            contract, session.token("ip050"), self.months(), statement, self.now()
        )
        return _html(page)

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
        for name in (
            "maintenance",
            "latency",
            "fail_status",
            "hang",
            "truncate",
            "redirect_loop",
            "layout_changed",
            "expire_after",
        ):
            if name in body:
                setattr(self, name, body[name])
        return web.json_response({"ok": True})


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html")


def _internet_contract(account: SimAccount) -> str:
    """Accounts also hold an internet contract, which is not a 050 one."""
    return "T" + account.customer_number[1:]


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
