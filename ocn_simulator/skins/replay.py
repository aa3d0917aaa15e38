"""The replay skin: a capture from the integration's diagnostics served as the site.

A capture (``custom_components/ocn_dotphone/client/capture.py``) holds the pages of a user's
last walks, sanitised, with the requests that led to them and their redirects. Replayed, each
request is answered by the captured answer to the same request (method, path, query, and the
form values the page offered), in the captured order, so a client meets the same pages in
the same order and fails where it failed for the user.

The simulator's rules still drive it (see ``Simulator._replay``): a captured login opens a
session that lapses with ``expire_sessions`` or the clock, and a page behind the login then
answers as the captured lapse did (else with a redirect to the captured login); a captured
code request sends a code to the outbox, and the captured code entry accepts that code only
(within its lifetime): another gets the captured answer to a wrong code, else the code page
again with the site's message in an alert box. What the user typed was sanitised away, so
any OCN ID, password and contact number are accepted; form tokens are not checked (they are
placeholders), and a remembered browser is remembered as the capture shows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .base import Skin

# Pages only a signed-in browser sees: without a session they answer as the lapse did.
_BEHIND_LOGIN = ("top", "contact", "method", "contact_and_method", "code", "services", "statement")
_CODE_ERRORS = ("InvalidCode", "CodeExpired", "TooManyAttempts")
_CODECS = {"shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932"}


def load_capture(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """A capture from a file or data: a capture itself, or a diagnostics download holding one.

    From diagnostics, the capture of the unrecognised walk is taken, else the successful one.
    """
    data: Any = source
    if isinstance(source, (str, Path)):
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    for key in ("data", "capture"):
        if isinstance(data, Mapping) and key in data and "walks" not in data:
            data = data[key]
    if isinstance(data, Mapping) and "walks" not in data:
        data = data.get("unrecognized") or data.get("succeeded")
    if not isinstance(data, Mapping) or "walks" not in data:
        raise ValueError("no capture found: expected a capture or a diagnostics download")
    return dict(data)


def codec(charset: str) -> str:
    """The Python codec of a page's charset; Shift_JIS is Windows-31J, as sites mean it."""
    return _CODECS.get(charset.lower(), charset)


@dataclass
class Step:
    """One answer: a redirect hop or a page, to one request."""

    exchange: int
    hop: int
    method: str
    path: str
    query: list[tuple[str, str]]
    status: int
    location: str = ""
    html: str = ""
    content_type: str = ""
    charset: str = "utf-8"
    # The form values the page offered (name, value): a request must send the same ones.
    offered: list[tuple[str, str]] = field(default_factory=list)

    def body(self) -> bytes:
        """The page's bytes in its own charset."""
        return self.html.encode(codec(self.charset), errors="xmlcharrefreplace")


@dataclass
class Exchange:
    """One captured page load and what it meant in the walk."""

    index: int
    kind: str
    source: str
    method: str
    error: str | None
    form_charset: str
    typed: list[str]
    first_step: int = 0

    @property
    def login(self) -> bool:
        """A login form sent: the walk is signed in after it."""
        return self.method == "POST" and self.source in ("login", "email_code")

    @property
    def lapse(self) -> bool:
        """The page the site answered a lapsed session with."""
        return self.error == "SessionExpired"

    @property
    def guarded(self) -> bool:
        """Whether only a signed-in browser gets this page."""
        return not self.login and (self.lapse or self.kind in _BEHIND_LOGIN)

    @property
    def sends_code(self) -> bool:
        """A code request (or 再通知) the site answered with the code entry page."""
        if self.kind != "code" or self.method != "POST":
            return False
        return self.source in ("method", "contact_and_method") or (
            self.source == "code" and self.error is None
        )

    @property
    def checks_code(self) -> bool:
        """A code the site accepted."""
        return self.source == "code" and self.method == "POST" and self.kind != "code"

    @property
    def sends_email_code(self) -> bool:
        """A login the site answered with the e-mailed one-time password page."""
        return self.login and self.kind == "email_code"

    @property
    def checks_email_code(self) -> bool:
        """A one-time password the site accepted."""
        return self.source == "email_code" and self.method == "POST" and self.kind != "email_code"


class ReplaySkin(Skin):
    """A capture served in order; routes are the captured paths, pages the captured pages."""

    name = "replay"

    def __init__(self, capture: Mapping[str, Any]) -> None:
        """Lay the capture's page loads out as the answers a server gives, one per request."""
        super().__init__()
        self.steps: list[Step] = []
        self.exchanges: list[Exchange] = []
        previous = ""
        for walk in capture["walks"]:
            for page in walk["pages"]:
                exchange = Exchange(
                    index=len(self.exchanges),
                    kind=page["kind"],
                    source=previous,
                    method=page["method"],
                    error=page.get("error"),
                    form_charset=page.get("form_charset") or "utf-8",
                    typed=[name for name, _, typed in page.get("form") or () if typed],
                    first_step=len(self.steps),
                )
                self.exchanges.append(exchange)
                self._lay_out(exchange, page)
                previous = page["kind"]
        self.cursor = 0
        self.signs_in = any(e.login for e in self.exchanges)
        self.login_url = next(
            (s.path for s in self.steps if s.html and self.exchanges[s.exchange].kind == "login"),
            "/",
        )

    def _lay_out(self, exchange: Exchange, page: Mapping[str, Any]) -> None:
        offered = [(name, value) for name, value, typed in page.get("form") or () if not typed]
        method = page["method"]
        for hop, redirect in enumerate(page.get("redirects") or ()):
            self.steps.append(
                Step(
                    exchange.index,
                    hop,
                    method,
                    *self._where(redirect["url"], exchange.form_charset),
                    redirect["status"],
                    location=redirect["location"],
                    offered=offered if hop == 0 else [],
                )
            )
            if redirect["status"] in (301, 302, 303):
                method = "GET"
        first = not page.get("redirects")
        self.steps.append(
            Step(
                exchange.index,
                len(page.get("redirects") or ()),
                method,
                *self._where(page["final_url"], exchange.form_charset),
                page["status"],
                html=page["html"],
                content_type=page.get("content_type") or "",
                charset=page.get("charset") or "utf-8",
                offered=offered if first else [],
            )
        )

    @staticmethod
    def _where(url: str, charset: str) -> tuple[str, list[tuple[str, str]]]:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True, encoding=charset)
        return unquote(parts.path) or "/", query

    def match(self, method: str, path: str, query: str, body: bytes, *, live: bool) -> Step:
        """The step that answers a request: the next one in order for the same request.

        ``live`` says whether the browser still holds a session; without one, a page behind
        the login answers as the captured lapse did.
        """
        order = [*range(self.cursor, len(self.steps)), *range(self.cursor)]
        exact: Step | None = None
        loose: Step | None = None
        lapse: Step | None = None
        for index in order:
            step = self.steps[index]
            if step.method != method or step.path != path:
                continue
            exchange = self.exchanges[step.exchange]
            if step.hop == 0 and live and exchange.lapse:
                lapse = lapse or step
                continue
            charset = exchange.form_charset
            sent = parse_qsl(query, keep_blank_values=True, encoding=charset)
            if body:
                sent += parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding=charset)
            if all(pair in sent for pair in (*step.query, *step.offered)):
                exact = step
                break
            loose = loose or step
        step = exact or loose or lapse
        if step is None:
            raise LookupError(f"{method} {path} is not in the capture")
        exchange = self.exchanges[step.exchange]
        if step.hop == 0 and not live and exchange.guarded and not exchange.lapse:
            step = self.lapse_step()
        if step.exchange >= 0:
            self.cursor = self.steps.index(step) + 1
        return step

    def lapse_step(self) -> Step:
        """How the capture answered a lapsed session, else a redirect to its login."""
        for exchange in self.exchanges:
            if exchange.lapse:
                return self.steps[exchange.first_step]
        return Step(-1, 0, "GET", "/", [], 302, location=self.login_url)

    def exchange_of(self, step: Step) -> Exchange | None:
        """The page load a step belongs to (None for a made-up redirect)."""
        return self.exchanges[step.exchange] if step.exchange >= 0 else None

    def wrong_code(self, exchange: Exchange, message: str) -> Step:
        """What a wrong code gets: the captured answer to one, else the code page again.

        The page again carries ``message`` in an alert box before its form: the capture does
        not show how this site prints one, so it is printed the way screen readers are told.
        """
        for other in self.exchanges:
            if other.source == exchange.source and other.error in _CODE_ERRORS:
                return self.steps[other.first_step]
        previous = self.exchanges[exchange.index - 1]
        page = next(s for s in reversed(self.steps) if s.exchange == previous.index and s.html)
        before, form, after = page.html.partition("<form")
        alert = f'<div role="alert"><p>{escape(message)}</p></div>'
        html = before + alert + form + after if form else page.html
        return Step(-1, 0, "GET", page.path, [], 200, html=html, charset=page.charset,
                    content_type=page.content_type)  # fmt: skip


__all__ = ["ReplaySkin", "Step", "codec", "load_capture"]
