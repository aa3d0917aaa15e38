"""Walks OCN My Page one step at a time, the way the operator's guide tells a person to."""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from http.cookies import SimpleCookie
from typing import Any, NamedTuple
from urllib.parse import urlencode, urljoin

import aiohttp
from lxml.etree import _Element as Element
from yarl import URL

from .capture import Capture
from .errors import (
    CannotConnect,
    CodeExpired,
    CodeRequired,
    ContactNumberAmbiguous,
    ContactNumberMismatch,
    ContactNumberSplit,
    InvalidCode,
    InvalidCredentials,
    LimitReached,
    Maintenance,
    OcnError,
    PasswordChangeRequired,
    SessionExpired,
    TermsAcceptanceRequired,
    TooManyAttempts,
    UnrecognizedPage,
)
from .forms import (
    CONDITIONAL,
    THREE_FOUR_FOUR,
    Button,
    Form,
    added_text,
    boxes_of,
    charset_of,
    find_link,
    headings,
    label_of,
    option_value,
    outline,
    read_joins,
    refresh_target,
    sentences,
    shown_text,
    site_words,
    split_digits,
    text_of,
)
from .models import Account, AuthMethod, Call, Contract, LoginResult, Statement
from .parsers import (
    CODE_WORDS,
    RESEND_WORDS,
    NextPage,
    OpenBy,
    Opener,
    PageKind,
    charges_way,
    contact_field,
    contract_choices,
    csv_download,
    csv_text,
    customer_number,
    has_call_list,
    hyphens_asked,
    login_choice_button,
    maintenance_end,
    merge_call_pages,
    method_choices,
    method_links,
    month_form,
    next_page,
    notice_way_on,
    number_prefixes,
    numbered_page,
    option_months,
    page_kind,
    parse_calls,
    parse_calls_csv,
    parse_months,
    parse_statement,
    read_page,
    registered_numbers,
    selected_month,
    service_button,
    service_link,
    service_option,
    shown_number,
    shows_statement,
)
from .scripted import JOINS, SETS_ON_SUBMIT

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
# Words that tell a lock-out from a plain mistake in the site's answer.
# 回数 alone is not one: 「残り入力回数：2回」 goes with a plain mistake.
_LOCKED_WORDS = ("上限", "制限", "ロック", "回数を超")
# A code that expired: its time named as over (有効期限が切れています, 有効時間を過ぎました),
# not only named (「有効期限内に入力してください」 goes with a plain mistake).
_EXPIRED_WORDS = ("期限", "有効時間")
_OVER_WORDS = ("切れ", "過ぎ", "超え", "経過", "失効")
# What pressing on from a step must not press: back, a new code, changing the registration
# (「登録内容の確認・変更」), the help for a forgotten password.
_NOT_ON = ("戻る", *RESEND_WORDS)
# Where a lapsed session lands: the login, the choice screen in front of it, or a page
# that says the session has ended.
_LOGIN_KINDS = (PageKind.LOGIN, PageKind.LOGIN_CHOICE, PageKind.SESSION_ENDED)
# Pages that may show the customer number (never the statement: it can be megabytes).
_SHOWS_CUSTOMER = (
    PageKind.TOP,
    PageKind.SERVICES,
    PageKind.CONTACT,
    PageKind.METHOD,
    PageKind.CONTACT_AND_METHOD,
    PageKind.CODE,
)
# Interstitial pages (「ログインしています…」) followed in a row before giving up.
MAX_HOPS = 5
# The longest one step of the walk (a login, the account, a statement) may take: a few
# pages at one a second, each answered in seconds. Pages that each answer just inside the
# request timeout (slow interstitials) would otherwise hold a refresh for minutes. Each
# further page of a call list gives the step this long again.
STEP_DEADLINE = 120.0
# HTTP redirects followed for one page load (a login through another host takes a few).
MAX_REDIRECTS = 10
_REDIRECTS = (301, 302, 303, 307, 308)
# A 10,000-call month is 1.3 MB of HTML and no page of the walk comes near this: reading
# on would let a broken or hostile site fill Home Assistant's memory.
MAX_PAGE_BYTES = 16 * 1024 * 1024
# Pages of one month's call list read before giving up (10,000 calls at 25 a page take
# 400): a list that only ever leads on would otherwise be followed for good.
MAX_CALL_PAGES = 500
# Frames loaded for one frameset, and framesets nested in frames: a portal shows a header,
# a menu and the content, perhaps one level down. More is no page a person reads.
MAX_FRAMES = 6
MAX_FRAME_DEPTH = 3
# Page loads in one step besides the further pages of a call list (bounded on their own):
# a login with its hops and frames, or a statement opened through its contract list, takes
# a dozen. A site that leads on for ever is stopped here, not at the step's deadline.
MAX_STEP_PAGES = 40


def normalize_phone(text: str) -> str:
    """A phone number as digits only: full-width digits, hyphens and spaces accepted."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def _digits_match(shown: str, phone: str) -> bool:
    """Whether an option such as ``090-****-5678`` can be ``phone``: shown digits must agree.

    An option that shows the number's last digits alone (「末尾5678」) agrees with any number
    that ends in them.
    """
    pattern = shown_number(shown)
    if pattern is None:
        return False
    if len(pattern) < len(phone) and pattern[0] == "*" and pattern[1:].isdigit():
        return phone.endswith(pattern[1:])
    return len(pattern) == len(phone) and all(
        p in (d, "*") for p, d in zip(pattern, phone, strict=True)
    )


@dataclass
class _Page:
    url: str
    doc: Element
    forms: list[Form]
    kind: PageKind
    charset: str
    size: int
    # What the page said about the submit that led to it (see ``_said``).
    said: str = ""

    def form_with(self, kind: PageKind) -> Form:
        """The form that makes the page what it is (the first one, by the page's order)."""
        for form in self.forms:
            if page_kind(self.doc, [form]) == kind:
                return form
        raise UnrecognizedPage(f"a {kind} form", outline(self.doc))


class _OpenStatement(NamedTuple):
    """The open 050IP電話利用明細 page: its contract, the page, the month it shows."""

    contract_number: str
    page: _Page
    month: date | None


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
        # The My Page top's own address: a site whose cookies are scoped to its My Page
        # path does not show it at the site's root.
        self._top_url: str | None = None
        self._phone: str | None = None
        self._phone_groups: list[str] | None = None
        self._services: _Page | None = None
        # The account read from that page, and per contract the page that lists it and
        # how to open its statement there.
        self._account: Account | None = None
        # The customer number as last seen: pages other than 料金・ご利用明細 may show it
        # (the top, 契約情報の確認) while that page does not.
        self._customer_number: str | None = None
        self._openers: dict[str, tuple[_Page, Opener]] = {}
        self._statement: _OpenStatement | None = None
        # The 050IP電話利用明細 page loaded last: where contracts listed on that page are
        # chosen next, since a site may accept only its newest form.
        self._latest_statement: _Page | None = None
        # Whether that page was opened for the current visit and not read yet: only then is
        # it the site's word now, and a statement may be read from it without a request.
        self._statement_fresh = False
        # One walk at a time: pages and forms are state that concurrent steps would tear.
        self._lock = asyncio.Lock()
        self._deadline: asyncio.Timeout | None = None
        self._step_pages = 0

    @asynccontextmanager
    async def _step(self) -> AsyncIterator[None]:
        """One step at a time, within its deadline; an unrecognised page leaves its outline."""
        async with self._lock:
            self._step_pages = 0
            try:
                try:
                    async with asyncio.timeout(STEP_DEADLINE) as self._deadline:
                        yield
                except TimeoutError as err:
                    raise CannotConnect("the step's deadline") from err
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
            if page.kind == PageKind.SESSION_ENDED:
                page = await self._back_to_login(page)
            if page.kind == PageKind.LOGIN_CHOICE:
                page = await self._choose_ocn_id(page)
            if page.kind == PageKind.LOGIN:
                page = await self._submit_login(page, username, password)
            return await self._after_login(page)

    async def submit_email_code(self, code: str) -> LoginResult:
        """Type the one-time password the site mailed to the OCN ID, then go on."""
        async with self._step():
            page = self._require(PageKind.EMAIL_CODE, "ワンタイムパスワード認証")
            form = page.form_with(PageKind.EMAIL_CODE)
            _type_into(page, form, "ワンタイムパスワード", normalize_phone(code))
            answer = await self._submit(
                form, _press(form, "認証", "次へ", "ログイン", avoid=_NOT_ON), page.charset
            )
            if answer.kind == PageKind.EMAIL_CODE:
                raise _code_error(page, answer)
            return await self._after_login(answer)

    async def submit_contact_number(self, phone: str) -> tuple[AuthMethod, ...]:
        """Give the registered contact number; returns the methods the site then offers."""
        async with self._step():
            # The groups as the person wrote them (03-1234-5678) tell how a number is
            # split over boxes where its digits alone do not.
            self._phone_groups = [
                g for g in re.split(r"\D+", unicodedata.normalize("NFKC", phone)) if g
            ]
            return await self._contact_number(normalize_phone(phone))

    async def request_code(self, method: AuthMethod) -> None:
        """Have the site send a code by SMS or voice. The only call that sends a first code."""
        async with self._step():
            page = self._page
            if page is None or page.kind not in (PageKind.METHOD, PageKind.CONTACT_AND_METHOD):
                # After an expired code: walk back to the method choice, as a person would.
                if self._phone is None:
                    raise UnrecognizedPage("the contact number step", "no contact number given")
                page = await self._get(self._charges_url or self._top_url or self._base_url)
                if page.kind == PageKind.TOP:
                    page = await self._follow_charges(page)
                self._page = page
                await self._contact_number(self._phone)
                page = self._page
            assert page is not None
            kind = PageKind.METHOD if page.kind == PageKind.METHOD else PageKind.CONTACT_AND_METHOD
            form, choices = _offered_methods(page, kind)
            if method not in choices:
                raise UnrecognizedPage(f"a {method} choice", ", ".join(sorted(choices)) or "none")
            choice = choices[method]
            if isinstance(choice, str):
                page = await self._get(urljoin(page.url, choice))
            else:
                assert form is not None
                if isinstance(choice, Button):
                    pressed: Button | None = choice
                else:
                    if choice.tag == "option":
                        select = next(choice.iterancestors("select"))
                        form.fill(select, option_value(choice))
                    else:
                        form.check(choice)
                    pressed = _press(form, "送信", "通知", avoid=_NOT_ON)
                page = await self._submit(form, pressed, page.charset)
            if page.kind == PageKind.CONTACT_AND_METHOD:
                raise ContactNumberMismatch
            self._expect(_phone_code(page), PageKind.CODE, "the code entry page")

    async def resend_code(self) -> None:
        """Press 再通知する: the site sends a new code the same way."""
        async with self._step():
            page = self._require(PageKind.CODE, "the code entry page")
            way = _resend_way(page)
            if isinstance(way, str):
                page = await self._get(way)
            else:
                page = await self._submit(*way, page.charset)
            self._expect(_phone_code(page), PageKind.CODE, "the code entry page")

    async def submit_code(self, code: str) -> None:
        """Type the 6-digit code and confirm it."""
        async with self._step():
            page = self._require(PageKind.CODE, "the code entry page")
            form = _code_form(page)
            _type_into(page, form, (*CODE_WORDS, "ワンタイムパスワード"), normalize_phone(code))
            # 「次回から認証を省略する」: a remembered browser signs in again without a code.
            remember = form.control("省略", "記憶", kinds=("checkbox",))
            if remember is not None:
                form.check(remember)
            answer = await self._submit(
                form,
                _press(form, "認証", "確認", "次へ", avoid=_NOT_ON),
                page.charset,
            )
            if _phone_code(answer).kind == PageKind.CODE:
                raise _code_error(page, answer)
            if answer.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD):
                raise TooManyAttempts
            self._expect(answer, PageKind.SERVICES, "料金・ご利用明細")
            self._set_services(answer)

    async def get_account(self, *, reuse: bool = False) -> Account:
        """Open 料金・ご利用明細 and read the customer number and the 050 contracts.

        The contracts are read where the page lists them: on 料金・ご利用明細 (a select,
        radio buttons or a link per contract), else on the 050IP電話利用明細 page its
        050 entry opens (a 契約番号 select, a small form per contract, or the one contract
        it shows), which is then kept so that its statement costs no second request.

        With ``reuse``, the pages this client already holds (from the last call or the
        login) are read again without a request: their forms still open each contract's
        statement. A page whose form went stale fails the next statement with
        ``UnrecognizedPage`` or ``SessionExpired``; call again without ``reuse`` then.
        """
        async with self._step():
            self.capture.begin("refresh")
            if reuse and self._services is not None:
                page = self._services
            else:
                if self._charges_url is None:
                    page = await self._get(self._top_url or self._base_url)
                    if page.kind not in _LOGIN_KINDS:
                        self._expect(page, PageKind.TOP, "the My Page top")
                        page = await self._follow_charges(page)
                else:
                    page = await self._get(self._charges_url)
                if page.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD, PageKind.METHOD):
                    raise CodeRequired
                self._expect(page, PageKind.SERVICES, "料金・ご利用明細")
                self._set_services(page)
            # A statement page from an earlier visit may show last month as the newest.
            self._statement = None
            if self._account is None:
                self._account = await self._read_account(page)
            return self._account

    async def list_months(self, contract: Contract) -> list[date]:
        """The months 050IP電話利用明細 offers for a contract, newest first."""
        async with self._step():
            if not self._statement_fresh:
                self._statement = None  # a page kept from earlier lists last month's months
            page = await self._statement_page(contract)
            return sorted(parse_months(_month_form(page, contract)), reverse=True)

    async def fetch_statement(
        self,
        contract: Contract,
        month: date,
        *,
        all_calls: bool = False,
        calls_since: datetime | None = None,
        seen_count: int = 0,
        seen_before: int = 0,
    ) -> Statement:
        """One month's statement of one contract.

        A call list split over pages gives the calls of its first page, which holds the
        summary the sensors read. With ``all_calls`` its further pages are read too, one
        request each, and the statement holds every call of the month. With
        ``calls_since`` only the further pages that can hold calls started at or after it
        are read, and the statement adds their calls from then on to the first page's;
        ``seen_count``, the month's call count as printed when those calls were seen, lets
        a refresh whose count has not grown read no further page; ``seen_before``, how
        many of them started before ``calls_since``, tells the first page worth reading.
        """
        async with self._step():
            page = await self._statement_page(contract)
            assert self._statement is not None
            if not (self._statement_fresh and self._statement.month == month):
                form = _month_form(page, contract)
                select = form.control("ご確認月", kinds=("select",))
                option = next((o for o, shown in option_months(select) if shown == month), None)
                if option is None:
                    raise UnrecognizedPage(f"{month:%Y-%m} in ご確認月", "not offered")
                form.fill(select, option_value(option))
                pressed = _press(form, "表示")
                if pressed is None and _submits_on_change(select):
                    # Choosing the month sends the form, whatever other buttons it has.
                    page = await self._load(*_request(form, None, page.charset))
                else:
                    page = await self._submit(form, pressed, page.charset)
                self._expect(page, PageKind.STATEMENT, "050IP電話利用明細")
                self._statement = _OpenStatement(
                    contract.contract_number, page, _shown_month(page, contract)
                )
            # Read once: asked again, the site is asked again (the month may have changed).
            self._statement_fresh = False
            statement: Statement = await self._parse(
                page, parse_statement, contract.contract_number, month
            )
            if not statement.calls and (download := _calls_download(page)) is not None:
                # The calls are offered only as a CSV: they all come in one request.
                body, encoding = await self._download(download, page.charset)
                calls = await self._parse_bytes(body, parse_calls_csv, statement.month, encoding)
                return merge_call_pages(statement, [calls])
            if not statement.calls and (framed := await self._calls_frame(page)) is not None:
                # The call list is in an inline frame: its pages are the frame's.
                calls = await self._parse(framed, parse_calls, statement.month)
                statement = merge_call_pages(statement, [calls])
                page = framed
            if all_calls:
                more = await self._more_calls(contract, page, statement.month)
                statement = merge_call_pages(statement, more)
            elif calls_since is not None:
                statement = await self._calls_since(
                    contract, page, statement, calls_since, seen=seen_count, before=seen_before
                )
            return statement

    async def _calls_since(
        self,
        contract: Contract,
        page: _Page,
        statement: Statement,
        since: datetime,
        *,
        seen: int,
        before: int,
    ) -> Statement:
        """The first page's statement with the later pages' calls started at or after ``since``.

        The list runs oldest first. A count the summary prints counts every page (one
        counted from the first page equals its calls and tells nothing of the others): no
        more calls than ``seen`` means nothing new. The ``before`` calls that started before
        ``since`` are still listed first (a call listed late among them moves the rest on,
        never back), so the first page worth reading is the one holding call number
        ``before + 1`` (pages as long as the first), reached by its page-number link when the
        first page shows one. A list whose first call started after ``since`` holds none
        before it: ``before`` calls there say the counts are of another list. The summary's
        figures stay the first page's, as in any refresh.
        """
        first = statement.calls
        if not first or next_page(page.doc, page.forms, page.url) is None:
            return statement
        printed = statement.call_count > len(first)
        if not printed or (before and first[0].started_at > since):
            seen = before = 0
        if printed and statement.call_count <= seen:
            return statement
        target = min(before, seen) // len(first) + 1
        start = numbered_page(page.doc, page.forms, page.url, target) if target > 1 else None
        more = await self._more_calls(contract, page, statement.month, start=start)
        later = tuple(call for calls in more for call in calls if call.started_at >= since)
        return replace(statement, calls=first + later)

    async def _more_calls(
        self, contract: Contract, page: _Page, month: date, *, start: NextPage | None = None
    ) -> list[tuple[Call, ...]]:
        """The calls on the further pages of a call list, following 次へ or page numbers.

        ``start`` leads to the first further page to read, the next page when None. The
        page loaded last becomes the open statement: the site may take a form only from
        the page it served last. A further page without the ご確認月 form (calls only)
        leaves none open, so the next statement opens the contract again.
        """
        more: list[tuple[Call, ...]] = []
        seen = {page.url}
        step = start or next_page(page.doc, page.forms, page.url)
        while step is not None:
            if len(more) + 1 >= MAX_CALL_PAGES or step.url in seen:
                raise LimitReached(
                    f"a call list of at most {MAX_CALL_PAGES} pages, each once", "more"
                )
            # A page of the list is within its own bound, not the step's.
            self._step_pages -= 1
            if step.url is not None:
                seen.add(step.url)
                page = await self._get(step.url)
            else:
                assert step.form is not None
                page = await self._submit(step.form, step.button, page.charset)
            if page.kind != PageKind.UNKNOWN:
                self._statement_kind(page)
            calls = await self._parse(page, parse_calls, month)
            more.append(calls)
            if self._deadline is not None:
                self._deadline.reschedule(asyncio.get_running_loop().time() + STEP_DEADLINE)
            if page.kind == PageKind.STATEMENT and month_form(page.forms, contract) is not None:
                self._statement = _OpenStatement(
                    contract.contract_number, page, _shown_month(page, contract)
                )
            else:
                self._statement = None
                if page.kind != PageKind.STATEMENT:
                    self._latest_statement = None
            if calls and not any(_in_month(call, month) for call in calls):
                # A pager that leads into another month's list: its calls are not this
                # month's, and merged they would be counted twice.
                found = sorted({f"{call.started_at:%Y-%m}" for call in calls})
                raise UnrecognizedPage(
                    f"the calls of {month:%Y-%m}", f"calls of {', '.join(found)}"
                )
            step = next_page(page.doc, page.forms, page.url)
        return more

    async def _parse_bytes(self, body: bytes, func: Callable[..., Any], *args: Any) -> Any:
        """``func(body, *args)``: in the parse executor when the download is large."""
        if self._parse_executor is not None and len(body) > LARGE_PAGE:
            return await self._parse_executor(func, body, *args)
        return func(body, *args)

    async def _parse(self, page: _Page, func: Callable[..., Any], *args: Any) -> Any:
        """``func(page.doc, *args)``: in the parse executor when the page is large."""
        if self._parse_executor is not None and page.size > LARGE_PAGE:
            return await self._parse_executor(func, page.doc, *args)
        return func(page.doc, *args)

    # --- session state ------------------------------------------------------------------

    def export_session(self) -> dict[str, Any]:
        """The cookies (session and remembered browser) as JSON-safe data.

        With them goes the address of 料金・ご利用明細 once known: a restart with a live
        session opens it directly, without the top page.
        """
        cookies = []
        # aiohttp's jar keeps which cookies came without a Domain: those reach their own
        # host only, and must again after a restart (not its subdomains too).
        host_only: set[tuple[str, str]] = getattr(
            self._session.cookie_jar, "_host_only_cookies", set()
        )
        for morsel in self._session.cookie_jar:
            cookies.append(
                {
                    "name": morsel.key,
                    "value": morsel.value,
                    "domain": morsel["domain"],
                    "host_only": (morsel["domain"], morsel.key) in host_only,
                    "path": morsel["path"] or "/",
                    "secure": bool(morsel["secure"]),
                    "expires": morsel["expires"] or "",
                    "max_age": str(morsel["max-age"] or ""),
                }
            )
        state: dict[str, Any] = {"version": SESSION_STATE_VERSION, "cookies": cookies}
        if self._charges_url is not None:
            state["charges_url"] = self._charges_url
        if self._top_url is not None:
            state["top_url"] = self._top_url
        return state

    def import_session(self, state: dict[str, Any]) -> None:
        """Load cookies saved by :meth:`export_session` into this session's jar.

        A cookie's lifetime counts again from the import: the jar does not say when the
        site set it.
        """
        if state.get("version") != SESSION_STATE_VERSION:
            return
        if charges_url := state.get("charges_url"):
            self._charges_url = charges_url
        if top_url := state.get("top_url"):
            self._top_url = top_url
        for cookie in state.get("cookies", []):
            jar_cookie: SimpleCookie = SimpleCookie()
            jar_cookie[cookie["name"]] = cookie["value"]
            morsel = jar_cookie[cookie["name"]]
            if not cookie.get("host_only"):
                # A domain cookie: one set for a parent domain must reach its hosts.
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
        form = _login_form(page)
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
        answer = await self._submit(
            form, _press(form, "ログイン", avoid=("戻る", "忘れ")), page.charset
        )
        if answer.kind == PageKind.LOGIN:
            if _locked(_said(page, answer)):
                raise TooManyAttempts
            raise InvalidCredentials
        return answer

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
            self._set_services(page)
            return LoginResult.AUTHENTICATED
        if page.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD):
            return LoginResult.CONTACT_NUMBER
        raise UnrecognizedPage("料金・ご利用明細 or 契約情報の確認", outline(page.doc))

    async def _follow_charges(self, page: _Page) -> _Page:
        way = charges_way(page.doc, page.forms)
        if way is None:
            raise UnrecognizedPage("a 料金・ご利用明細 link", outline(page.doc))
        if isinstance(way, tuple):
            # A menu that posts a form: later visits come this way again, from the top.
            self._charges_url = None
            return await self._submit(*way, page.charset)
        # Kept: later visits go straight there (it redirects to the code steps if needed).
        self._charges_url = urljoin(page.url, way)
        return await self._get(self._charges_url)

    def _set_services(self, page: _Page) -> None:
        """Hold a freshly opened 料金・ご利用明細: its contracts are read from it next."""
        self._services = page
        self._account = None
        self._openers = {}
        # A 050 page from before may belong to an ended session: the new visit starts here.
        self._latest_statement = None

    async def _choose_ocn_id(self, page: _Page) -> _Page:
        """On the login choice, pick the OCN ID login: a link, or a form's button."""
        if find_link(page.doc, "OCN ID", "ログイン"):
            return await self._get(_link(page, "OCN ID", "ログイン"))
        chosen = login_choice_button(page.forms)
        if chosen is None:
            raise UnrecognizedPage("an OCN ID login choice", outline(page.doc))
        return await self._submit(*chosen, page.charset)

    async def _back_to_login(self, page: _Page) -> _Page:
        """From a page that says the session ended, go back to the login as it offers."""
        href = find_link(page.doc, "ログイン") or find_link(page.doc, "こちら")
        return await self._get(urljoin(page.url, href) if href else self._base_url)

    async def _contact_number(self, phone: str) -> tuple[AuthMethod, ...]:
        page = self._require((PageKind.CONTACT, PageKind.CONTACT_AND_METHOD), "契約情報の確認")
        self._phone = phone
        kind = page.kind
        form = page.form_with(kind)
        field = contact_field(form)
        assert field is not None
        prefixes = number_prefixes(field) if field.tag == "select" else []
        offered = [] if prefixes else registered_numbers(form, field)
        if prefixes:
            _type_after_prefix(page, form, field, prefixes, phone, groups=self._phone_groups)
        elif offered:
            # Picked from the registered numbers: the one whose shown digits are the phone's.
            agreeing = [el for el, words in offered if _digits_match(words, phone)]
            if not agreeing:
                raise ContactNumberMismatch
            if len(agreeing) > 1:
                raise ContactNumberAmbiguous
            chosen = agreeing[0]
            if chosen.tag == "option":
                form.fill(field, option_value(chosen))
            else:
                form.check(chosen)
        elif field.tag == "select" or (field.get("type") or "").lower() == "radio":
            raise ContactNumberMismatch  # a choice that offers no number at all
        elif len(boxes_of(field)) == 1 and hyphens_asked(field):
            form.fill(field, _hyphenated(phone, self._phone_groups))
        else:
            _type_into(page, form, "連絡先電話番号", phone, groups=self._phone_groups)
        if kind == PageKind.CONTACT_AND_METHOD:
            # Number and method sit on one screen: nothing is sent until request_code.
            return tuple(method_choices(form))
        pressed = _press(form, "次へ", "確認", avoid=(*_NOT_ON, "変更"))
        picked = [el for el, _ in offered]
        if any(radio not in picked for radio in form.of_kind("radio")) or (
            pressed is not None and _sends_code(pressed)
        ):
            # A choice this client cannot read, or a button that sends the code now: the
            # site would send one by a method nobody chose. Only request_code sends a code.
            raise UnrecognizedPage("a contact number step that sends no code", outline(page.doc))
        page = await self._submit(form, pressed, page.charset)
        if page.kind == PageKind.CONTACT:
            raise ContactNumberMismatch
        self._expect(page, PageKind.METHOD, "ご連絡方法の選択")
        return tuple(_offered_methods(page, PageKind.METHOD)[1])

    async def _read_account(self, services: _Page) -> Account:
        """The account, with its contracts from 料金・ご利用明細 or else its 050 page."""
        holder = services
        found = contract_choices(services.doc, services.forms)
        if not found and (services_entry(services) is not None):
            holder = await self._open_entry(services)
            found = contract_choices(holder.doc, holder.forms)
            if shown := _shown_contract(holder, found):
                # The page shows that contract now: its first statement costs no request.
                self._statement = _OpenStatement(
                    shown.contract_number, holder, _shown_month(holder, shown)
                )
                self._statement_fresh = True
        if not found:
            # A page that shows no contract is one this client cannot read, never "this
            # account has none": that would take every contract's sensors away.
            raise UnrecognizedPage("a 050 contract", outline(holder.doc))
        number = (
            customer_number(services.doc)
            or customer_number(holder.doc)
            or self._customer_number
            or await self._customer_number_from_top()
        )
        if number is None:
            raise UnrecognizedPage("a customer number", outline(services.doc))
        self._openers = {c.contract_number: (holder, opener) for c, opener in found}
        return Account(number, tuple(contract for contract, _ in found))

    async def _customer_number_from_top(self) -> str | None:
        """Look the customer number up on the My Page top, as a person would."""
        page = await self._get(self._top_url or self._base_url)
        self._expect(page, PageKind.TOP, "the My Page top")
        return customer_number(page.doc) or self._customer_number

    async def _open_entry(self, services: _Page) -> _Page:
        """Press 料金・ご利用明細's 050IP電話利用明細 button, or follow its link."""
        entry = services_entry(services)
        if entry is None:
            raise UnrecognizedPage("the 050IP電話利用明細 entry", outline(services.doc))
        if isinstance(entry, str):
            page = await self._get(urljoin(services.url, entry))
        else:
            page = await self._submit(*entry, services.charset)
        if page.kind == PageKind.SERVICES:
            raise UnrecognizedPage("050IP電話利用明細", "料金・ご利用明細 again")
        return self._statement_kind(page)

    async def _open(self, holder: _Page, opener: Opener) -> _Page:
        """Open a contract's statement the way the page that lists it offers."""
        if opener.by == OpenBy.SHOWN:
            return holder
        if opener.by == OpenBy.LINK:
            page = await self._get(urljoin(holder.url, opener.value))
            if page.kind == PageKind.SERVICES:
                # The link chose the contract on 料金・ご利用明細: now press its 050 entry.
                page = await self._open_entry(page)
            return self._statement_kind(page)
        assert opener.form is not None
        form = holder.forms[opener.form]
        if opener.by == OpenBy.BUTTON:
            _pick_newest_month(form)
            page = await self._submit(form, form.buttons[int(opener.value)], holder.charset)
            return self._statement_kind(page)
        if opener.control is not None:
            control = holder.doc.getroottree().xpath(opener.control)[0]
            if opener.by == OpenBy.SELECT:
                form.fill(control, opener.value)
            else:
                form.check(control)
        _pick_newest_month(form)
        if (service := service_option(form)) is not None:
            form.fill(service[0], option_value(service[1]))
        pressed = service_button(form) or _press(form, *_SHOW_WORDS)
        page = await self._submit(form, pressed, holder.charset)
        if page.kind == PageKind.SERVICES:
            # The choice only reloaded 料金・ご利用明細 (a select that submits on change):
            # the contract is chosen there now, so press its 050 entry.
            page = await self._open_entry(page)
        return self._statement_kind(page)

    async def _listing_with(self, contract: Contract) -> tuple[_Page, Opener]:
        """A 050IP電話利用明細 page the site still takes a choice on, listing ``contract``.

        A site may accept only the newest page's form: the page loaded last if it lists the
        contract (a 契約番号 select beside ご確認月), else the list opened again from
        料金・ご利用明細.
        """
        if (held := self._choice_on_latest(contract)) is not None:
            return held
        assert self._services is not None
        page = await self._open_entry(self._services)
        if (opener := _opener_for(page, contract)) is None:
            raise UnrecognizedPage("the contract on 050IP電話利用明細", outline(page.doc))
        return page, opener

    def _choice_on_latest(self, contract: Contract) -> tuple[_Page, Opener] | None:
        """The 050 page loaded last and how it opens ``contract``, if it offers a choice."""
        latest = self._latest_statement
        if latest is None or (opener := _opener_for(latest, contract)) is None:
            return None
        # The page showing the contract is read again from the site, never from memory.
        return None if opener.by == OpenBy.SHOWN else (latest, opener)

    def _statement_kind(self, page: _Page) -> _Page:
        """The page a contract opened: 050IP電話利用明細, unless the site wants a code."""
        if page.kind in (PageKind.CONTACT, PageKind.CONTACT_AND_METHOD, PageKind.METHOD):
            raise CodeRequired
        self._expect(page, PageKind.STATEMENT, "050IP電話利用明細")
        return page

    async def _statement_page(self, contract: Contract) -> _Page:
        """The 050IP電話利用明細 page of a contract: the open one, else opened now."""
        if self._statement and self._statement.contract_number == contract.contract_number:
            return self._statement.page
        if self._services is None:
            raise SessionExpired
        if contract.contract_number not in self._openers:
            raise UnrecognizedPage("the contract among the 050 contracts", "not offered")
        holder, opener = self._openers[contract.contract_number]
        if opener.by == OpenBy.SHOWN:
            # The page that showed the contract was read already: the site is asked again,
            # never the page in memory.
            holder, opener = await self._listing_with(contract)
        elif holder.kind == PageKind.STATEMENT and holder is not self._latest_statement:
            holder, opener = await self._listing_with(contract)
        elif (held := self._choice_on_latest(contract)) is not None:
            # A 050 page held from before that lists the contract (a 契約番号 select beside
            # ご確認月) opens it with one request, where the list elsewhere may take two.
            holder, opener = held
        page = await self._open(holder, opener)
        if month_form(page.forms, contract) is None:
            # The 050 page lists the contracts before it shows one: choose this one there.
            if (chosen := _opener_for(page, contract)) is None:
                raise UnrecognizedPage("the contract on 050IP電話利用明細", outline(page.doc))
            page = await self._open(page, chosen)
        self._statement = _OpenStatement(
            contract.contract_number, page, _shown_month(page, contract)
        )
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
        return await self._load("GET", url, None, "utf-8")

    async def _submit(self, form: Form, pressed: Button | None, charset: str) -> _Page:
        """Send a form as its page's charset encodes it, with the pressed button.

        A form without any button (a select that submits on change) is sent with none.
        """
        if pressed is None and form.buttons:
            raise UnrecognizedPage(
                "a button to press", ", ".join(site_words(b.text) for b in form.buttons) or "none"
            )
        return await self._load(*_request(form, pressed, charset))

    async def _load(
        self, method: str, url: str, pairs: list[tuple[str, str]] | None, charset: str
    ) -> _Page:
        """Load a page, then pass interstitials (「ログインしています…」) as a browser does.

        A page the walk cannot otherwise read that refreshes itself to another address
        (``<meta http-equiv="refresh">``), submits its form once loaded, is a notice read
        on the way in (重要なお知らせ, left by 確認しました) or offers nothing but a こちら
        link, is followed, at most ``MAX_HOPS`` times; a frameset is read by
        the frame that holds the step (see ``_framed``). Each hop is a page load and keeps
        the pause.
        """
        page = await self._fetch(method, url, pairs, charset)
        for hops in range(MAX_HOPS + 1):
            loaded = page.url
            if _may_frame_the_step(page):
                page = await self._framed(page, 1)
            if page.kind == PageKind.TOP:
                self._top_url = loaded  # the frameset, when the top is one
            hop = _next_hop(page)
            if hop is None:
                return page
            if hops == MAX_HOPS:
                break
            if isinstance(hop, tuple):
                page = await self._fetch(*_request(*hop, page.charset))
            else:
                page = await self._fetch("GET", hop, None, "utf-8")
        raise LimitReached("a page after the interstitials", outline(page.doc))

    async def _framed(self, page: _Page, depth: int) -> _Page:
        """The frame of a frameset (or a page of iframes) that holds the step.

        Frames are loaded as a browser loads them, nested ones too (up to
        ``MAX_FRAME_DEPTH``). The frame read is the one showing a step of the walk, a menu
        (the My Page top) only when no frame shows more; the customer number may stand in
        any of them. A page that is a menu itself, its content in an inline frame beside
        it, stays the page read unless that frame shows a step.
        """
        frames: list[_Page] = []
        for source in _frame_sources(page)[:MAX_FRAMES]:
            frame = await self._fetch("GET", source, None, "utf-8")
            if depth < MAX_FRAME_DEPTH and _may_frame_the_step(frame):
                frame = await self._framed(frame, depth + 1)
            if frame.size < LARGE_PAGE:
                self._customer_number = customer_number(frame.doc) or self._customer_number
            frames.append(frame)
        steps = [f for f in frames if f.kind not in (PageKind.UNKNOWN, PageKind.TOP)]
        menus = [f for f in frames if f.kind == PageKind.TOP]
        hops = [f for f in frames if _next_hop(f) is not None]
        if steps:
            chosen = steps[-1]
        elif page.kind == PageKind.TOP:
            chosen = page
        else:
            chosen = (menus or hops or [page])[0]
        self._page = chosen
        self._last_doc = chosen.doc
        return chosen

    async def _calls_frame(self, statement: _Page) -> _Page | None:
        """The inline frame of a statement that holds its call list, if it has one.

        Only a statement page without a call list of its own is looked into, and only its
        frames on the site's own host: a banner or a tracker elsewhere is never asked.
        """
        if has_call_list(statement.doc):
            return None
        for source in _frame_sources(statement)[:MAX_FRAMES]:
            frame = await self._fetch("GET", source, None, "utf-8")
            if has_call_list(frame.doc):
                return frame
        return None

    async def _exchange(
        self, method: str, url: str, pairs: list[tuple[str, str]] | None, charset: str
    ) -> tuple[bytes, int, str, str, str, list[tuple[int, str, str]]]:
        """One request after the pause since the last, its redirects followed.

        Returns the body, status, final address, content type, charset and the redirects.
        """
        self._step_pages += 1
        if self._step_pages > MAX_STEP_PAGES:
            raise LimitReached(f"a step of at most {MAX_STEP_PAGES} pages", "more")
        loop = asyncio.get_running_loop()
        if (wait := self._next_request - loop.time()) > 0:
            await asyncio.sleep(wait)
        history: list[tuple[int, str, str]] = []
        target, verb, fields = URL(url), method, pairs
        try:
            # Redirects are followed here, not by aiohttp: a 307 or 308 sends the form again,
            # and one that would carry it (the OCN ID and password) to another host is
            # refused. Other redirects load the next address without the form.
            for _ in range(MAX_REDIRECTS + 1):
                data = aiohttp.FormData(fields, charset=charset) if fields is not None else None
                async with self._session.request(
                    verb, target, data=data, timeout=self._timeout, allow_redirects=False
                ) as response:
                    location = response.headers.get("Location")
                    if response.status in _REDIRECTS and location:
                        history.append((response.status, str(response.url), location))
                        target = response.url.join(URL(location))
                        if response.status not in (307, 308):
                            verb, fields = "GET", None
                        elif fields is not None and target.origin() != response.url.origin():
                            raise UnrecognizedPage(
                                "a form sent to the site it came from", "a redirect elsewhere"
                            )
                        continue
                    body = await _read_capped(response)
                    # The header's charset, else the page's meta tag: forms go back in it.
                    return (
                        body,
                        response.status,
                        str(response.url),
                        response.headers.get("Content-Type", ""),
                        charset_of(body, response.charset),
                        history,
                    )
            raise CannotConnect("TooManyRedirects")
        except (TimeoutError, aiohttp.ClientError) as err:
            # The exception's text can hold a URL; the type alone says enough.
            raise CannotConnect(type(err).__name__) from err
        finally:
            self._next_request = loop.time() + self._min_interval

    async def _fetch(
        self, method: str, url: str, pairs: list[tuple[str, str]] | None, charset: str
    ) -> _Page:
        exchange = await self._exchange(method, url, pairs, charset)
        return await self._read(method, url, pairs, charset, exchange)

    async def _read(
        self,
        method: str,
        url: str,
        pairs: list[tuple[str, str]] | None,
        charset: str,
        exchange: tuple[bytes, int, str, str, str, list[tuple[int, str, str]]],
    ) -> _Page:
        """The page an exchange answered, recorded and judged: the walk's next page."""
        body, status, final_url, content_type, encoding, history = exchange
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
            body=body,
            doc=doc,
            kind=kind,
        )
        if kind in _SHOWS_CUSTOMER:
            self._customer_number = customer_number(doc) or self._customer_number
        if kind == PageKind.MAINTENANCE:
            raise Maintenance(maintenance_end(doc))
        if status >= 500:
            raise CannotConnect(f"HTTP {status}")
        if status >= 400:
            raise UnrecognizedPage("a page of the walk", f"HTTP {status}: {outline(doc)}")
        _LOGGER.debug("%s %s → %s (%s)", method, URL(url).path, kind, status)
        self._page = _Page(final_url, doc, forms, kind, encoding, len(body))
        if kind == PageKind.STATEMENT:
            self._latest_statement = self._page
        return self._page

    async def _download(self, step: NextPage, charset: str) -> tuple[bytes, str]:
        """A file a statement offers (the calls as CSV): its bytes and declared charset.

        A page in its place (the session ended, an error) is read as a page: it ends the
        step as any page the walk did not expect.
        """
        if step.url is not None:
            request: tuple[str, str, list[tuple[str, str]] | None, str] = (
                "GET", step.url, None, "utf-8",
            )  # fmt: skip
        else:
            assert step.form is not None
            request = _request(step.form, step.button, charset)
        exchange = await self._exchange(*request)
        body, status, final_url, content_type, encoding, history = exchange
        if status >= 400 or "html" in content_type.lower() or body.lstrip()[:1] == b"<":
            page = await self._read(*request, exchange)
            self._expect(page, PageKind.STATEMENT, "a CSV of calls")
            raise UnrecognizedPage("a CSV of calls", "a 050IP電話利用明細 page")
        self.capture.record(
            method=request[0],
            url=request[1],
            pairs=request[2],
            form_charset=request[3],
            history=history,
            status=status,
            final_url=final_url,
            content_type=content_type,
            charset=encoding,
            body=b"",
            doc=None,
            kind="download",
            download=csv_text(body, encoding),
        )
        return body, encoding


async def _read_capped(response: aiohttp.ClientResponse) -> bytes:
    """The response's body, or ``UnrecognizedPage`` once it passes ``MAX_PAGE_BYTES``.

    Nothing of a longer page is kept: leaving the response unread closes the connection.
    """
    too_long = LimitReached(f"a page of at most {MAX_PAGE_BYTES // 2**20} MiB", "a longer one")
    if (response.content_length or 0) > MAX_PAGE_BYTES:
        raise too_long
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(2**16):
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            raise too_long
        chunks.append(chunk)
    return b"".join(chunks)


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


def _said(before: _Page, answer: _Page) -> str:
    """What the page answering a submit says about it.

    The text it adds to the page submitted from, whatever markup holds it: the standing
    hints both show (a code lasts 30 minutes, failures lock the login) are not the message.
    A page that adds nothing repeats the message it answered the attempt before with (the
    same mistake twice); without one, its whole text tells.
    """
    answer.said = added_text(before.doc, answer.doc) or before.said or text_of(answer.doc)
    return answer.said


def _locked(message: str) -> bool:
    """Whether a message says the site locked the login or the code out, not that it may."""
    return any(
        # A warning uses the same words: 「5回続けて誤るとロックされます」.
        any(word in sentence for word in _LOCKED_WORDS) and not CONDITIONAL.search(sentence)
        for sentence in sentences(message)
    )


def _expired(message: str) -> bool:
    """Whether a message says the code's time is over, not how long it lasts.

    A reminder names the time too (「有効期限内に入力してください」), and advice names it as
    over (「有効期限を過ぎた場合は再送信してください」).
    """
    return any(
        any(word in sentence for word in _EXPIRED_WORDS)
        and any(word in sentence for word in _OVER_WORDS)
        and not CONDITIONAL.search(sentence)
        for sentence in sentences(message)
    )


def _code_error(before: _Page, answer: _Page) -> OcnError:
    """What the page answering a code says went wrong."""
    message = _said(before, answer)
    if _expired(message):
        return CodeExpired()
    if _locked(message):
        return TooManyAttempts()
    return InvalidCode()


def _request(
    form: Form, pressed: Button | None, charset: str
) -> tuple[str, str, list[tuple[str, str]] | None, str]:
    """The request a browser makes for a form: method, address, fields, their charset."""
    if form.jump:
        # A jump menu opens the address the chosen option holds.
        option = form.selected_option(form.element)
        return (
            "GET",
            urljoin(form.action, option_value(option) if option is not None else ""),
            None,
            charset,
        )
    if form.element.get(SETS_ON_SUBMIT) or read_joins(form.element.get(JOINS)) is None:
        # Fields set by script as the form goes in a way not read (or joins of another
        # shape): sending what was typed would read as a wrong code or number, and spend
        # one of the site's tries.
        raise UnrecognizedPage(
            "a form that sends what was typed", outline(form.element.getroottree().getroot())
        )
    pairs = form.submission(pressed)
    action = (pressed.action if pressed else None) or form.action
    method = (pressed.method if pressed else None) or form.method
    if method == "GET":
        return "GET", f"{action.split('?')[0]}?{urlencode(pairs, encoding=charset)}", None, charset
    return "POST", action, pairs, charset


def _submits_on_change(select: Element) -> bool:
    """Whether a select sends its form as soon as a choice is made."""
    return "submit" in (select.get("onchange") or "")


def _calls_download(page: _Page) -> NextPage | None:
    """The CSV download of a statement that shows no table of calls, if it offers one."""
    if has_call_list(page.doc):
        return None
    return csv_download(page.doc, page.forms, page.url)


def _frame_sources(page: _Page) -> list[str]:
    """The addresses of a page's frames and inline frames on its own host, in its order.

    A frame elsewhere (a banner, a tracker) is never asked, nor one a browser with scripts
    on does not load (in ``<noscript>``).
    """
    host = URL(page.url).host
    sources = []
    for frame in page.doc.iter("frame", "iframe"):
        src = (frame.get("src") or "").strip()
        if not src or src.lower().startswith(("javascript:", "about:", "data:")):
            continue
        if next(frame.iterancestors("noscript"), None) is not None:
            continue
        address = urljoin(page.url, src)
        if URL(address).host == host:
            sources.append(address)
    return sources


def _may_frame_the_step(page: _Page) -> bool:
    """Whether the step may stand in the page's frames rather than on the page itself.

    A frameset shows nothing but its frames, whatever its title says; a page with inline
    frames may show no step of its own, or only a menu beside the content's frame.
    """
    if not _frame_sources(page):
        return False
    return page.kind in (PageKind.UNKNOWN, PageKind.TOP) or page.doc.find("frameset") is not None


def _next_hop(page: _Page) -> str | tuple[Form, Button | None] | None:
    """Where an interstitial page sends the browser on, if the page is one.

    An address to load, or a form to send: one the page submits by itself, or a notice's
    (重要なお知らせ) with the button that says it was read.
    """
    if page.kind != PageKind.UNKNOWN:
        return None
    for form in page.forms:
        if form.submits_itself:
            return form, None
    target = refresh_target(page.doc)
    if target is None and (way := notice_way_on(page.doc, page.forms)) is not None:
        if not isinstance(way, str):
            return way
        target = way
    if target is None and not page.forms and not _speaks_of_codes(page.doc):
        here = [a.get("href") for a in page.doc.iter("a") if "こちら" in shown_text(a)]
        target = here[0] if len(here) == 1 else None
    if target is None and any("料金・ご利用明細" in h for h in headings(page.doc)):
        # 料金・ご利用明細 opened on another tab (請求情報照会): the statements are listed on
        # its 利用状況照会 tab.
        target = find_link(page.doc, "利用状況")
    if target is None or urljoin(page.url, target) == page.url:
        return None
    return urljoin(page.url, target)


# Words of a page about sending a code: its こちら link may be the one that sends it.
_CODE_SENDING = (*CODE_WORDS, "SMS", "送信", "通知")


def _speaks_of_codes(doc: Element) -> bool:
    """Whether a page speaks of a code or of sending one: only a person follows its link."""
    text = text_of(doc)
    return any(word in text for word in _CODE_SENDING)


def services_entry(page: _Page) -> tuple[Form, Button] | str | None:
    """料金・ご利用明細's way into 050IP電話利用明細: a form's button, else a link's href.

    A form that offers the statements in a select has the 050 one chosen, and its button.
    """
    for form in page.forms:
        if (button := service_button(form)) is not None:
            return form, button
        if (service := service_option(form)) is not None and (
            button := _press(form, *_SHOW_WORDS)
        ) is not None:
            form.fill(service[0], option_value(service[1]))
            return form, button
    return service_link(page.doc)


# The words of the button that shows what a form's choices picked (表示する, 明細を見る).
_SHOW_WORDS = ("表示", "明細", "選択", "確認")


def _press(form: Form, *words: str, avoid: tuple[str, ...] = ("戻る",)) -> Button | None:
    """The button holding ``words``, else the form's one button not to ``avoid``.

    A person presses the only way on even when its image has no words; ``_submit`` then
    refuses a form whose buttons all fail to say what they do.
    """
    button = form.button(*words, avoid=avoid)
    if button is not None:
        return button
    usable = [b for b in form.buttons if not any(a in b.text for a in avoid)]
    return usable[0] if len(usable) == 1 else None


def _phone_code(page: _Page) -> _Page:
    """The page answering a code sent by phone, read as the code page it is.

    The e-mail one-time password comes only right after the password: here a box called
    ワンタイムパスワード is the box for the code the phone received.
    """
    if page.kind == PageKind.EMAIL_CODE:
        page.kind = PageKind.CODE
    return page


def _offered_methods(
    page: _Page, kind: PageKind
) -> tuple[Form | None, Mapping[AuthMethod, Element | Button | str]]:
    """The form that offers the methods and its choices, else the links that have a code sent.

    A choice is a radio button, an option or a button of the form, or a link's address.
    """
    for form in page.forms:
        if page_kind(page.doc, [form]) == kind:
            return form, method_choices(form)
    if kind == PageKind.METHOD and (links := method_links(page.doc)):
        return None, links
    raise UnrecognizedPage(f"a {kind} form", outline(page.doc))


def _code_form(page: _Page) -> Form:
    """The code page's form, its box called 認証番号 or ワンタイムパスワード."""
    for form in page.forms:
        if page_kind(page.doc, [form]) in (PageKind.CODE, PageKind.EMAIL_CODE):
            return form
    raise UnrecognizedPage("a code form", outline(page.doc))


def _resend_way(page: _Page) -> tuple[Form, Button] | str:
    """再通知する where a person finds it.

    A button of the code's form, else of another form (a link below the code's form that
    posts a small form of its own), else a link.
    """
    code_form = _code_form(page)
    for form in (code_form, *(f for f in page.forms if f is not code_form)):
        if (button := form.button(*RESEND_WORDS)) is not None:
            return form, button
    # A plain link only by the words that name sending again: 再度 and もう一度 also
    # start help links (「もう一度お試しください」).
    for word in ("再通知", "再送", "再発行"):
        if (href := find_link(page.doc, word)) is not None:
            return urljoin(page.url, href)
    raise UnrecognizedPage("a 再通知 button", outline(page.doc))


def _login_form(page: _Page) -> Form:
    """The OCN ID login among the page's login forms, never the dアカウント one.

    A page may hold both, the dアカウント one first: the form whose fields or heading name
    OCN ID wins, else the first one whose ID field does not name dアカウント.
    """
    usable: list[tuple[Form, str]] = []
    for form in page.forms:
        if page_kind(page.doc, [form]) != PageKind.LOGIN:
            continue
        fields = " ".join(label_of(el) for el in form.of_kind("text", "email", "password"))
        heading = form.element.xpath(
            "(preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::legend]"
            " | descendant::*[self::h2 or self::h3 or self::h4 or self::legend])[last()]"
        )
        named = fields + " " + (text_of(heading[0]) if heading else "")
        if "dアカウント" in fields or ("dアカウント" in named and "OCN" not in named):
            continue
        usable.append((form, named))
    if not usable:
        raise UnrecognizedPage("an OCN ID login form", outline(page.doc))
    return next((form for form, named in usable if "OCN" in named), usable[0][0])


def _sends_code(button: Button) -> bool:
    """Whether a button says it sends something (「認証番号を送信する」「通知する」)."""
    return any(word in button.text for word in ("送信", "通知"))


def _type_into(
    page: _Page,
    form: Form,
    words: str | tuple[str, ...],
    digits: str,
    groups: list[str] | None = None,
) -> None:
    """Type ``digits`` into the field labelled ``words``: one box, or the boxes of it.

    See ``boxes_of``. Fields that are not one value's boxes would make the client guess
    which to fill: that is an unrecognised page.
    """
    words = (words,) if isinstance(words, str) else words
    found = form.controls_labelled(*words, kinds=("text", "tel", "number", "password"))
    boxes = boxes_of(found[0]) if found else []
    parts = split_digits(boxes, digits, groups) if boxes else None
    if parts is None and len(boxes) > 1 and groups is not None:
        raise ContactNumberSplit  # the person can say where the number splits
    if parts is None or any(not any(box is f for box in boxes) for f in found):
        raise UnrecognizedPage(f"one {words[0]} field", outline(page.doc))
    for box, part in zip(boxes, parts, strict=True):
        form.fill(box, part)


def _hyphenated(phone: str, groups: list[str] | None) -> str:
    """The number with hyphens where it splits: as the person wrote it, else 3-4-4."""
    if groups and len(groups) == 3 and "".join(groups) == phone:
        return "-".join(groups)
    if len(phone) == 11 and phone.startswith(THREE_FOUR_FOUR):
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    raise ContactNumberSplit  # the person can say where the number splits


def _in_month(call: Call, month: date) -> bool:
    return (call.started_at.year, call.started_at.month) == (month.year, month.month)


def _type_after_prefix(
    page: _Page,
    form: Form,
    select: Element,
    prefixes: list[tuple[Element, str]],
    phone: str,
    *,
    groups: list[str] | None,
) -> None:
    """Pick the number's first part (090) in ``select``, type the rest in the boxes after it."""
    starts = [(option, prefix) for option, prefix in prefixes if phone.startswith(prefix)]
    if not starts:
        raise ContactNumberMismatch  # the number cannot be given here: not the registered one
    option, prefix = max(starts, key=lambda start: len(start[1]))
    form.fill(select, option_value(option))
    boxes = boxes_of(select)[1:]
    rest = groups[1:] if groups and groups[0] == prefix else None
    parts = split_digits(boxes, phone[len(prefix) :], rest)
    if parts is None and len(boxes) > 1:
        raise ContactNumberSplit  # the person can say where the number splits
    if parts is None:
        raise UnrecognizedPage("the 連絡先電話番号 boxes", outline(page.doc))
    for box, part in zip(boxes, parts, strict=True):
        form.fill(box, part)


def _opener_for(page: _Page, contract: Contract) -> Opener | None:
    """How ``page`` opens ``contract``, if it lists it."""
    for found, opener in contract_choices(page.doc, page.forms):
        if found.contract_number == contract.contract_number:
            return opener
    return None


def _pick_newest_month(form: Form) -> None:
    """Set a ご確認月 beside the contract choice to the newest month, which is read first.

    Otherwise the month last shown (perhaps an old one) comes along, and the current month
    would cost another request.
    """
    select = form.control("ご確認月", kinds=("select",))
    if select is None:
        return
    months = option_months(select)
    if months:
        form.fill(select, option_value(max(months, key=lambda item: item[1])[0]))


def _month_form(page: _Page, contract: Contract) -> Form:
    """The ご確認月 form of a contract's statement page."""
    form = month_form(page.forms, contract)
    if form is None:
        raise UnrecognizedPage("a ご確認月 form", outline(page.doc))
    return form


def _shown_month(page: _Page, contract: Contract) -> date | None:
    """The month a statement page shows, read before its form is filled in.

    None when the page shows only the form that opens a month (one contract's page before
    its 表示 is pressed).
    """
    form = month_form(page.forms, contract)
    if form is None or not shows_statement(page.doc):
        return None
    return selected_month(form)


def _shown_contract(page: _Page, found: list[tuple[Contract, Opener]]) -> Contract | None:
    """The contract a freshly opened 050IP電話利用明細 page shows, if it says which."""
    for contract, opener in found:
        if opener.by == OpenBy.SHOWN:
            return contract
        if opener.by == OpenBy.SELECT and opener.form is not None and opener.control:
            form = page.forms[opener.form]
            select = page.doc.getroottree().xpath(opener.control)[0]
            # Only an option marked selected: a select showing its first option by default
            # may stand on a page that shows no contract yet.
            marked = [o for o in select.iter("option") if o.get("selected") is not None]
            shows_month = form.control("ご確認月", kinds=("select",)) is not None
            if shows_month and len(marked) == 1 and option_value(marked[0]) == opener.value:
                return contract
    return None
