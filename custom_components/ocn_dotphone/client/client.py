"""Walks OCN My Page one step at a time, the way the operator's guide tells a person to."""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urljoin

import aiohttp
from lxml.etree import _Element as Element
from yarl import URL

from .capture import Capture
from .errors import (
    CannotConnect,
    CodeExpired,
    CodeRequired,
    ContactNumberMismatch,
    InvalidCode,
    InvalidCredentials,
    Maintenance,
    OcnError,
    PasswordChangeRequired,
    SessionExpired,
    TermsAcceptanceRequired,
    TooManyAttempts,
    UnrecognizedPage,
)
from .forms import (
    Button,
    Form,
    alert_text,
    find_link,
    option_texts,
    outline,
    site_words,
    text_of,
)
from .models import Account, AuthMethod, Contract, LoginResult, Statement
from .parsers import (
    PageKind,
    maintenance_end,
    method_choices,
    page_kind,
    parse_account,
    parse_month,
    parse_months,
    parse_statement,
    read_page,
    selected_month,
    service_button,
)

_LOGGER = logging.getLogger(__name__)

#: Runs ``func(*args)`` somewhere and returns its result, e.g. in a worker thread.
type ParseExecutor = Callable[..., Awaitable[Any]]

DEFAULT_BASE_URL = "https://mypage.ocn.ne.jp/"
# Politeness: at least this long between the end of one page load and the start of the
# next, per client (so per account): at most one page a second. Redirects the site answers
# with are followed at once, as a browser does.
DEFAULT_MIN_INTERVAL = 1.0
DEFAULT_REQUEST_TIMEOUT = 30.0
# Pages larger than this are parsed by ``parse_executor``, off the caller's event loop:
# a month of a few thousand calls takes tens of milliseconds to read.
LARGE_PAGE = 100_000
SESSION_STATE_VERSION = 1
# Words that tell a lock-out from a plain mistake in the site's error boxes.
_LOCKED_WORDS = ("上限", "制限", "回数")
_EXPIRED_WORDS = ("有効期限", "期限切れ", "有効時間")
# Where a lapsed session lands: the login, or the choice screen in front of it.
_LOGIN_KINDS = (PageKind.LOGIN, PageKind.LOGIN_CHOICE)


def normalize_phone(text: str) -> str:
    """A phone number as digits only: full-width digits, hyphens and spaces accepted."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def mask_phone(digits: str) -> str:
    """A number shown without its middle: ``090-****-5678``."""
    digits = normalize_phone(digits)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}-{'*' * (len(digits) - 7)}-{digits[-4:]}"


def _digits_match(shown: str, phone: str) -> bool:
    """Whether an option such as ``090-****-5678`` can be ``phone``: shown digits must agree."""
    pattern = [ch for ch in unicodedata.normalize("NFKC", shown) if ch.isdigit() or ch in "*＊●"]
    return len(pattern) == len(phone) and all(
        p == d or not p.isdigit() for p, d in zip(pattern, phone, strict=True)
    )


@dataclass
class _Page:
    url: str
    doc: Element
    forms: list[Form]
    kind: PageKind
    charset: str
    size: int

    def form_with(self, kind: PageKind) -> Form:
        """The form that makes the page what it is (the first one, by the page's order)."""
        for form in self.forms:
            if page_kind(self.doc, [form]) == kind:
                return form
        raise UnrecognizedPage(f"a {kind} form", outline(self.doc))


class OcnMyPageClient:
    """A person at OCN My Page: logs in, gives the contact number, types the code, reads.

    The ``session`` must have a cookie jar of its own: the site's session and the cookie
    that remembers this browser live there and nowhere else.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str = DEFAULT_BASE_URL,
        *,
        request_timeout: float | None = None,
        min_interval: float | None = None,
        parse_executor: ParseExecutor | None = None,
    ) -> None:
        """Keep the session and where the walk starts.

        ``min_interval`` is the pause between two page loads (default
        ``DEFAULT_MIN_INTERVAL``). ``parse_executor(func, *args)`` runs the parsing of large
        pages elsewhere, e.g. Home Assistant's ``hass.async_add_executor_job``.
        """
        self._session = session
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._timeout = aiohttp.ClientTimeout(total=request_timeout or DEFAULT_REQUEST_TIMEOUT)
        self._min_interval = DEFAULT_MIN_INTERVAL if min_interval is None else min_interval
        self._parse_executor = parse_executor
        self._next_request = 0.0
        self._last_doc: Element | None = None
        #: What the walk expected and an outline of the page it found instead, last time a
        #: page was not recognised (see ``forms.outline``: no values). For diagnostics.
        self.last_unrecognized: tuple[str, str] | None = None
        #: Sanitised pages of the last login and refresh (see ``capture``), for diagnostics.
        self.capture = Capture()
        self._page: _Page | None = None
        self._charges_url: str | None = None
        self._phone: str | None = None
        self._services: _Page | None = None
        self._contract_values: dict[str, str] = {}
        # The open 050IP電話利用明細 page: its contract, the page, the month it shows.
        self._statement: tuple[str, _Page, date | None] | None = None
        # Whether that page was opened for the current visit and not read yet: only then is
        # it the site's word now, and a statement may be read from it without a request.
        self._statement_fresh = False
        # One walk at a time: pages and forms are state that concurrent steps would tear.
        self._lock = asyncio.Lock()

    @property
    def base_url(self) -> str:
        """Where the walk starts."""
        return self._base_url

    @asynccontextmanager
    async def _step(self) -> AsyncIterator[None]:
        """One step at a time; an unrecognised page leaves its outline for diagnostics."""
        async with self._lock:
            try:
                yield
            except OcnError as err:
                self.capture.fail(err)
                if isinstance(err, UnrecognizedPage):
                    found = (
                        outline(self._last_doc, 4000) if self._last_doc is not None else err.found
                    )
                    self.last_unrecognized = (err.expected, found)
                raise
            self.capture.succeed()

    # --- the steps -----------------------------------------------------------------

    async def login(self, username: str, password: str) -> LoginResult:
        """Log in with the OCN ID and its password, then open 料金・ご利用明細."""
        async with self._step():
            self.capture.begin("login")
            page = await self._get(self._base_url)
            if page.kind == PageKind.LOGIN_CHOICE:
                page = await self._follow(page, "OCN ID", "ログイン")
            if page.kind == PageKind.LOGIN:
                page = await self._submit_login(page, username, password)
            return await self._after_login(page)

    async def submit_email_code(self, code: str) -> LoginResult:
        """Type the one-time password the site mailed to the OCN ID, then go on."""
        async with self._step():
            page = self._require(PageKind.EMAIL_CODE, "ワンタイムパスワード認証")
            form = page.form_with(PageKind.EMAIL_CODE)
            field = form.control("ワンタイムパスワード", kinds=("text", "tel", "number"))
            assert field is not None
            form.fill(field, normalize_phone(code))
            page = await self._submit(form, form.button("認証", "次へ", "ログイン"), page.charset)
            if page.kind == PageKind.EMAIL_CODE:
                raise _code_error(page)
            return await self._after_login(page)

    async def submit_contact_number(self, phone: str) -> tuple[AuthMethod, ...]:
        """Give the registered contact number; returns the methods the site then offers."""
        async with self._step():
            return await self._contact_number(normalize_phone(phone))

    async def request_code(self, method: AuthMethod) -> None:
        """Have the site send a code by SMS or voice. The only call that sends a first code."""
        async with self._step():
            page = self._page
            if page is None or page.kind not in (PageKind.METHOD, PageKind.CONTACT_AND_METHOD):
                # After an expired code: walk back to the method choice, as a person would.
                if self._phone is None:
                    raise UnrecognizedPage("the contact number step", "no contact number given")
                page = await self._get(self._charges_url or self._base_url)
                if page.kind == PageKind.TOP:
                    page = await self._follow_charges(page)
                self._page = page
                await self._contact_number(self._phone)
                page = self._page
            assert page is not None
            kind = PageKind.METHOD if page.kind == PageKind.METHOD else PageKind.CONTACT_AND_METHOD
            form = page.form_with(kind)
            choices = method_choices(form)
            if method not in choices:
                raise UnrecognizedPage(f"a {method} choice", ", ".join(sorted(choices)) or "none")
            form.check(choices[method])
            page = await self._submit(form, form.button("送信", "通知"), page.charset)
            if page.kind == PageKind.CONTACT_AND_METHOD:
                raise ContactNumberMismatch
            self._expect(page, PageKind.CODE, "the code entry page")

    async def resend_code(self) -> None:
        """Press 再通知する: the site sends a new code the same way."""
        async with self._step():
            page = self._require(PageKind.CODE, "the code entry page")
            form = page.form_with(PageKind.CODE)
            page = await self._submit(form, form.button("再通知", "再送"), page.charset)
            self._expect(page, PageKind.CODE, "the code entry page")

    async def submit_code(self, code: str) -> None:
        """Type the 6-digit code and confirm it."""
        async with self._step():
            page = self._require(PageKind.CODE, "the code entry page")
            form = page.form_with(PageKind.CODE)
            field = form.control("認証番号", kinds=("text", "tel", "number", "password"))
            assert field is not None
            form.fill(field, normalize_phone(code))
            page = await self._submit(
                form, form.button("認証", "確認", "次へ", avoid=("再通知", "戻る")), page.charset
            )
            if page.kind == PageKind.CODE:
                raise _code_error(page)
            if page.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD):
                raise TooManyAttempts
            self._expect(page, PageKind.SERVICES, "料金・ご利用明細")
            self._services = page

    async def get_account(self, *, reuse: bool = False) -> Account:
        """Open 料金・ご利用明細 and read the customer number and the 050 contracts.

        With ``reuse``, the 料金・ご利用明細 page this client already holds (from the last
        call or the login) is read again without a request: its form still opens each
        contract's statement. A page whose form went stale fails the next statement with
        ``UnrecognizedPage`` or ``SessionExpired``; call again without ``reuse`` then.
        """
        async with self._step():
            self.capture.begin("refresh")
            if reuse and self._services is not None:
                page = self._services
            elif self._charges_url is None:
                page = await self._get(self._base_url)
                if page.kind not in _LOGIN_KINDS:
                    self._expect(page, PageKind.TOP, "the My Page top")
                    page = await self._follow_charges(page)
            else:
                page = await self._get(self._charges_url)
            if page.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD, PageKind.METHOD):
                raise CodeRequired
            self._expect(page, PageKind.SERVICES, "料金・ご利用明細")
            self._services = page
            # A statement page from an earlier visit may show last month as the newest.
            self._statement = None
            account, self._contract_values = parse_account(
                page.doc, page.form_with(PageKind.SERVICES)
            )
            return account

    async def list_months(self, contract: Contract) -> list[date]:
        """The months 050IP電話利用明細 offers for a contract, newest first."""
        async with self._step():
            if not self._statement_fresh:
                self._statement = None  # a page kept from earlier lists last month's months
            page = await self._statement_page(contract)
            return sorted(parse_months(page.form_with(PageKind.STATEMENT)), reverse=True)

    async def fetch_statement(self, contract: Contract, month: date) -> Statement:
        """One month's statement of one contract."""
        async with self._step():
            page = await self._statement_page(contract)
            assert self._statement is not None
            if not (self._statement_fresh and self._statement[2] == month):
                form = page.form_with(PageKind.STATEMENT)
                select = form.control("ご確認月", kinds=("select",))
                option = next(
                    (o for o, text in option_texts(select) if _month_of(text) == month), None
                )
                if option is None:
                    raise UnrecognizedPage(f"{month:%Y-%m} in ご確認月", "not offered")
                form.fill(select, option.get("value") or text_of(option))
                page = await self._submit(form, form.button("表示"), page.charset)
                self._expect(page, PageKind.STATEMENT, "050IP電話利用明細")
                self._statement = (contract.contract_number, page, _shown_month(page))
            # Read once: asked again, the site is asked again (the month may have changed).
            self._statement_fresh = False
            if self._parse_executor is not None and page.size > LARGE_PAGE:
                return await self._parse_executor(
                    parse_statement, page.doc, contract.contract_number, month
                )
            return parse_statement(page.doc, contract.contract_number, month)

    # --- session state ------------------------------------------------------------------

    def export_session(self) -> dict[str, Any]:
        """The cookies (session and remembered browser) as JSON-safe data."""
        cookies = []
        for morsel in self._session.cookie_jar:
            cookies.append(
                {
                    "name": morsel.key,
                    "value": morsel.value,
                    "domain": morsel["domain"],
                    "path": morsel["path"] or "/",
                    "secure": bool(morsel["secure"]),
                    "expires": morsel["expires"] or "",
                    "max_age": str(morsel["max-age"] or ""),
                }
            )
        return {"version": SESSION_STATE_VERSION, "cookies": cookies}

    def import_session(self, state: dict[str, Any]) -> None:
        """Load cookies saved by :meth:`export_session` into this session's jar.

        A cookie's lifetime counts again from the import: the jar does not say when the
        site set it.
        """
        if state.get("version") != SESSION_STATE_VERSION:
            return
        for cookie in state.get("cookies", []):
            jar_cookie: SimpleCookie = SimpleCookie()
            jar_cookie[cookie["name"]] = cookie["value"]
            morsel = jar_cookie[cookie["name"]]
            # Kept as a domain cookie: one set for a parent domain must reach its hosts.
            morsel["domain"] = cookie["domain"]
            morsel["path"] = cookie.get("path") or "/"
            for key in ("expires", "max-age"):
                if value := cookie.get(key.replace("-", "_")):
                    morsel[key] = value
            if cookie.get("secure"):
                morsel["secure"] = True
            url = URL.build(
                scheme="https" if cookie.get("secure") else "http", host=cookie["domain"]
            )
            self._session.cookie_jar.update_cookies(jar_cookie, url)

    # --- plumbing ---------------------------------------------------------------------

    async def _submit_login(self, page: _Page, username: str, password: str) -> _Page:
        form = page.form_with(PageKind.LOGIN)
        secret = form.of_kind("password")[0]
        user = form.control("メールアドレス", "OCN ID", "ID", kinds=("text", "email"))
        if user is None:
            user = next(iter(form.of_kind("text", "email")), None)
        if user is None:
            raise UnrecognizedPage("an OCN ID field", outline(page.doc))
        form.fill(user, username)
        form.fill(secret, password)
        keep = form.control("保持", "ログイン状態", kinds=("checkbox",))
        if keep is not None:
            form.check(keep)
        page = await self._submit(form, form.button("ログイン"), page.charset)
        if page.kind == PageKind.LOGIN:
            message = alert_text(page.doc) or text_of(page.doc)
            if any(word in message for word in _LOCKED_WORDS):
                raise TooManyAttempts
            raise InvalidCredentials
        return page

    async def _after_login(self, page: _Page) -> LoginResult:
        if page.kind == PageKind.EMAIL_CODE:
            return LoginResult.EMAIL_CODE
        if page.kind == PageKind.PASSWORD_CHANGE:
            raise PasswordChangeRequired
        if page.kind == PageKind.TERMS:
            raise TermsAcceptanceRequired
        if page.kind == PageKind.TOP:
            page = await self._follow_charges(page)
        if page.kind == PageKind.SERVICES:
            self._services = page
            return LoginResult.AUTHENTICATED
        if page.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD):
            return LoginResult.CONTACT_NUMBER
        raise UnrecognizedPage("料金・ご利用明細 or 契約情報の確認", outline(page.doc))

    async def _follow_charges(self, page: _Page) -> _Page:
        # Kept: later visits go straight there (it redirects to the code steps if needed).
        self._charges_url = _link(page, "料金", "明細")
        return await self._get(self._charges_url)

    async def _follow(self, page: _Page, *words: str) -> _Page:
        """Click the link whose text holds ``words``."""
        return await self._get(_link(page, *words))

    async def _contact_number(self, phone: str) -> tuple[AuthMethod, ...]:
        page = self._require((PageKind.CONTACT, PageKind.CONTACT_AND_METHOD), "契約情報の確認")
        self._phone = phone
        kind = page.kind
        form = page.form_with(kind)
        field = form.control("連絡先電話番号", kinds=("text", "tel", "number", "select"))
        assert field is not None
        if field.tag == "select":
            option = next(
                (o for o, text in option_texts(field) if _digits_match(text, phone)), None
            )
            if option is None:
                raise ContactNumberMismatch
            form.fill(field, option.get("value") or text_of(option))
        else:
            form.fill(field, phone)
        if kind == PageKind.CONTACT_AND_METHOD:
            # Number and method sit on one screen: nothing is sent until request_code.
            return tuple(method_choices(form))
        page = await self._submit(form, form.button("次へ", "確認", "送信"), page.charset)
        if page.kind == PageKind.CONTACT:
            raise ContactNumberMismatch
        self._expect(page, PageKind.METHOD, "ご連絡方法の選択")
        return tuple(method_choices(page.form_with(PageKind.METHOD)))

    async def _statement_page(self, contract: Contract) -> _Page:
        """The 050IP電話利用明細 page of a contract: the open one, else opened now."""
        if self._statement and self._statement[0] == contract.contract_number:
            return self._statement[1]
        services = self._services
        if services is None:
            raise SessionExpired
        form = services.form_with(PageKind.SERVICES)
        select = form.control("契約番号", kinds=("select",))
        value = self._contract_values.get(contract.contract_number)
        if value is None:
            raise UnrecognizedPage("the contract in 契約番号", "not offered")
        form.fill(select, value)
        page = await self._submit(form, service_button(form), services.charset)
        if page.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD):
            raise CodeRequired
        self._expect(page, PageKind.STATEMENT, "050IP電話利用明細")
        self._statement = (contract.contract_number, page, _shown_month(page))
        self._statement_fresh = True
        return page

    def _require(self, kinds: PageKind | tuple[PageKind, ...], expected: str) -> _Page:
        kinds = kinds if isinstance(kinds, tuple) else (kinds,)
        if self._page is None or self._page.kind not in kinds:
            found = self._page.kind if self._page else "no page yet"
            raise UnrecognizedPage(expected, f"the client is at {found}")
        return self._page

    def _expect(self, page: _Page, kind: PageKind, expected: str) -> None:
        if page.kind == kind:
            return
        if page.kind in _LOGIN_KINDS:
            raise SessionExpired
        raise UnrecognizedPage(expected, outline(page.doc))

    async def _get(self, url: str) -> _Page:
        return await self._fetch("GET", url, None, "utf-8")

    async def _submit(self, form: Form, pressed: Button | None, charset: str) -> _Page:
        if pressed is None:
            raise UnrecognizedPage(
                "a button to press", ", ".join(site_words(b.text) for b in form.buttons) or "none"
            )
        pairs = form.submission(pressed)
        if form.method == "GET":
            url = f"{form.action.split('?')[0]}?{urlencode(pairs, encoding=charset)}"
            return await self._fetch("GET", url, None, charset)
        return await self._fetch("POST", form.action, pairs, charset)

    async def _fetch(
        self, method: str, url: str, pairs: list[tuple[str, str]] | None, charset: str
    ) -> _Page:
        data = aiohttp.FormData(pairs, charset=charset) if pairs is not None else None
        loop = asyncio.get_running_loop()
        if (wait := self._next_request - loop.time()) > 0:
            await asyncio.sleep(wait)
        try:
            async with self._session.request(
                method, url, data=data, timeout=self._timeout, max_redirects=10
            ) as response:
                body = await response.read()
                status = response.status
                final_url = str(response.url)
                encoding = response.charset
                content_type = response.headers.get("Content-Type", "")
                history = [
                    (hop.status, str(hop.url), hop.headers.get("Location", ""))
                    for hop in response.history
                ]
        except (TimeoutError, aiohttp.ClientError) as err:
            # The exception's text can hold a URL; the type alone says enough.
            raise CannotConnect(type(err).__name__) from err
        finally:
            self._next_request = loop.time() + self._min_interval
        if status < 400 and _cut_off(body):
            raise CannotConnect("a page cut off before its end")
        if self._parse_executor is not None and len(body) > LARGE_PAGE:
            doc, forms, kind = await self._parse_executor(read_page, body, encoding, final_url)
        else:
            doc, forms, kind = read_page(body, encoding, final_url)
        self._last_doc = doc
        self.capture.record(
            method=method,
            url=url,
            pairs=pairs,
            form_charset=charset,
            history=history,
            status=status,
            final_url=final_url,
            content_type=content_type,
            charset=encoding,
            doc=doc,
            kind=kind,
        )
        if kind == PageKind.MAINTENANCE:
            raise Maintenance(maintenance_end(doc))
        if status >= 500:
            raise CannotConnect(f"HTTP {status}")
        if status >= 400:
            raise UnrecognizedPage("a page of the walk", f"HTTP {status}: {outline(doc)}")
        _LOGGER.debug("%s %s → %s (%s)", method, URL(url).path, kind, status)
        self._page = _Page(final_url, doc, forms, kind, encoding or "utf-8", len(body))
        return self._page


def _link(page: _Page, *words: str) -> str:
    """The address of the link whose text holds ``words``."""
    href = find_link(page.doc, *words)
    if href is None:
        raise UnrecognizedPage(f"a {'・'.join(words)} link", outline(page.doc))
    return urljoin(page.url, href)


def _cut_off(body: bytes) -> bool:
    """Whether a page that opens ``<html>`` lacks its closing tag: the answer was cut short.

    The HTML parser would silently read such a page, with half a call list.
    """
    return b"<html" in body[:512].lower() and b"</html>" not in body[-512:].lower()


def _code_error(page: _Page) -> OcnError:
    """What the error box of a code page says went wrong."""
    message = alert_text(page.doc) or text_of(page.doc)
    if any(word in message for word in _EXPIRED_WORDS):
        return CodeExpired()
    if any(word in message for word in _LOCKED_WORDS):
        return TooManyAttempts()
    return InvalidCode()


def _shown_month(page: _Page) -> date | None:
    """The month a statement page shows, read before its form is filled in."""
    return selected_month(page.form_with(PageKind.STATEMENT))


def _month_of(text: str) -> date | None:
    try:
        return parse_month(text)
    except ValueError:
        return None
