"""A sanitised copy of the pages of the last walks, for a bug report that rebuilds them.

Every page the client loads is recorded as it arrives. A capture keeps the whole element
tree, tag and attribute names, and replaces what could identify the user by a placeholder of
the same shape, so that a parser meets the same shapes:

- **Kept as they are:** the site's own words (:data:`CAPTURE_WORDS`); dates, months and
  years in text (``2026年11月``, ``2026/11/03``, ``11/03``, ``令和8年11月``, ``2026年``,
  ``12月``) and counts (``全250件``,
  ``40回``): not private, and a parser must still read them; punctuation and symbols (``円``, ``△``, ``￥``, ``*``); attribute values a browser
  navigates by or the client reads (``type``, ``method``, ``role``, ``http-equiv``,
  ``charset``, ``selected``, ``checked``, ``disabled``, ``colspan`` and the like).
- **Same shape, zeroed:** every other digit becomes ``0`` (full-width ``０``), so
  ``1,234円`` → ``0,000円``, ``090-1234-5678`` → ``000-0000-0000``, ``0:03:25`` →
  ``0:00:00``; a time of day too (``09:15`` → ``00:00``). A link that is just a number (a
  pager's ``2``) keeps it.
- **Same shape, numbered:** what tells two things apart keeps them apart, by a placeholder
  numbered per original (the same original, the same placeholder, within one capture):
  customer and contract numbers keep their letters (``N1234567890`` → ``N0000000000``,
  ``C0000000007`` → ``C0000000001``); a 050 number keeps its ``050`` (``050-1111-2222`` →
  ``050-0000-0000``); hidden-input, option, radio, checkbox and button values, query-string
  values and names or ids that hold such numbers are numbered the same way, so a form sent
  back from a captured page still names the same choice.
- **Filler:** other letters become ``x``/``X``, kana ``ぬ``/``ヌ``/``ﾇ``, kanji ``某``, one for
  one; so do titles, alt texts, placeholders and any attribute not listed above.
- **Always replaced:** typed values (text and password inputs and what the client typed
  into them: only their shape is kept, digits ``0``, ``@ . -`` and ``x``), hidden values, query-string values (numbered, as above, even a month's).
  Cookies are not recorded at all.

URLs keep their path; those on the site's own hosts become host-relative, so a capture can
be served from any address. A table longer than ``max_rows`` rows keeps its first rows and
its last few (a total row, say), and any other element with more than ``max_items``
children (a pager's 400 page links) its first and last few; the count left out is noted.
A month of 10,000 calls then stays far below 2 MB.

Cost: a page of ``EAGER_BYTES`` or more (a long call list) is sanitised as it arrives, from
the tree the client parsed anyway, walking only what it keeps: well under one parse of the
page. A smaller page keeps its bytes, in memory only (``MAX_PENDING_BYTES`` in all, and only
while a walk or a frozen capture holds it), and is parsed again and sanitised when the
capture is read: a refresh pays nothing for it, a diagnostics download pays once.

The capture holds the last ``walks`` walks (a walk starts at a login or a refresh), and
always the newest one that started at the site's entry (the first address the client
loaded): a replay needs the way in to reach the pages that came after it. When a page is
not recognised the capture is frozen as :attr:`Capture.unrecognized`; after each step that
succeeds, as :attr:`Capture.succeeded`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from lxml.etree import _Element as Element

from .forms import _SITE_WORDS, parse_html, strip_scripts
from .parsers import CODE_WORDS, LABEL_WORDS
from .scripted import AUTOSUBMIT, JOINS, SETS, resolve_scripts

CAPTURE_VERSION = 1
# Pages this large are sanitised as they arrive, from the client's own tree; smaller ones
# keep their bytes (at most MAX_PENDING_BYTES in all) until the capture is read.
EAGER_BYTES = 200_000
MAX_PENDING_BYTES = 4_000_000
#: Words a capture keeps besides the outline's: those the walk reads to understand a page
#: (error boxes, lapses, statement headings, call types, and every label word of the
#: summary and the call list). A word the client starts reading belongs here too, or a
#: replayed capture would not show it.
CAPTURE_WORDS = (
    *_SITE_WORDS,
    *LABEL_WORDS,
    *CODE_WORDS,
    "ハイフン", "を", "含め", "あり", "不要", "省略", "記憶", "050", "IP電話", "電話", "情報", "通知", "再送", "上限", "制限", "回数", "有効期限",
    "期限切れ", "有効時間", "パスワード変更のお願い", "ご利用分", "時点", "ユニバーサル",
    "月額", "件数", "請求金額", "着信先", "発信先", "種類", "着信", "発信", "固定電話",
    "携帯電話", "国内", "セッション", "タイムアウト", "ログインしています", "こちら", "画面",
    "メール", "ページ", "不正", "終了予定", "年", "月", "日", "時間", "分", "秒", "円", "回",
    "選択してください", "選択中", "必須", "切れ", "期限", "OCN", "有効期限が切れ",
    "有効期限は切れ", "再度ログイン", "再ログイン", "もう一度ログイン", "ログインし直",
    "ログインしなお", "次のページ", "件中", "全", "件", "基本使用料", "月額利用料",
    "支払い金額", "支払金額", "総額", "計", "末尾", "下", "桁", "最大割引", "対象通話", "区分", "サービス名",
    "サービス", "なし", "無し", "前", "後", "帯", "年月日", "日付", "時刻", "通話日", "相手",
    "明細を見る", "利用", "戻", "令和", "元", "電話番号", "ご連絡方法の選択", "契約情報の確認",
    "ワンタイムパスワード認証", "ログイン状態", "着割対象", "CSV", "ダウンロード", "平成",
    "ページ目", "件目", "確認しました", "確認済", "進む", "閉じる", "トップへ", "TOPへ",
    "ご案内", "ご注意", "ご確認ください", "同意", "申込", "申し込", "解約", "承諾", "削除",
    "ログアウト", "登録", "変更",
)  # fmt: skip

_DIGIT = "0-9"
_WIDE = "０-９"
_PATTERN = re.compile(
    # Dates and months, kept: 2026/11/03, 2026-11, 2026年11月3日, 11月3日, 11/03, 202611.
    r"(?P<date>(?<![0-9A-Za-z])(?:(?:19|20)[0-9]{2}(?:\s*[/.-]\s*|年)[0-9]{1,2}"
    r"(?:(?:\s*[/.-]\s*|月)[0-9]{1,2}日?|月)?|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"|[0-9]{1,2}月[0-9]{1,2}日|[0-9]{1,2}/[0-9]{1,2}"
    r"|(?:令和|平成)\s*(?:元|[0-9]{1,2})\s*年(?:\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?)?"
    # A year or a month alone: a select's year group (2026年) and its options (12月分).
    r"|(?:19|20)[0-9]{2}年|[0-9]{1,2}月"
    # Counts (全250件, 40回): how many calls a list holds, which a reader of it needs.
    r"|(?:全\s*)?[0-9０-９][0-9０-９,，]*\s*(?:件中|件|回))(?![0-9/]))"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    # Phone numbers, hyphenated (masked digits too) or as 10 or 11 digits from a 0.
    rf"|(?P<phone>(?<![{_DIGIT}{_WIDE}])(?:[{_DIGIT}{_WIDE}*＊]{{2,5}}[-－][{_DIGIT}{_WIDE}*＊]{{1,4}}"
    rf"[-－][{_DIGIT}{_WIDE}*＊]{{3,4}}|[0０][{_DIGIT}{_WIDE}]{{9,10}})(?![{_DIGIT}{_WIDE}]))"
    # Customer, contract and other long numbers, with a letter prefix or none.
    r"|(?P<ident>(?<![0-9A-Za-z])[A-Z]{0,3}[0-9]{6,}(?![0-9]))"
)
# The longest site word starting at each place, overlaps found too: words that share a
# character (発信日 and 日時 in 発信日時) are each kept whole.
_WORD_AT = re.compile(
    "(?=("
    + "|".join(re.escape(w) for w in sorted(set(CAPTURE_WORDS), key=len, reverse=True))
    + "))"
)
_IDENT_ONLY = re.compile(
    rf"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?P<phone>(?<![{_DIGIT}])(?:0[{_DIGIT}]{{9,10}}"
    # Hyphenated too: a path such as /contract/050-1111-2222/ names the number as well.
    rf"|0[{_DIGIT}]{{1,4}}[-－][{_DIGIT}]{{1,4}}[-－][{_DIGIT}]{{3,4}})(?![{_DIGIT}]))"
    rf"|(?P<ident>(?<![0-9A-Za-z])[A-Z]{{0,3}}[0-9]{{6,}}(?![0-9]))"
)


def _words_kept(text: str) -> str:
    """Text with the site's words kept and every other character a placeholder."""
    kept = bytearray(len(text))
    for match in _WORD_AT.finditer(text):
        start = match.start()
        kept[start : start + len(match.group(1))] = b"\x01" * len(match.group(1))
    if not any(kept):
        return text.translate(_FILL)
    return "".join(ch if keep else ch.translate(_FILL) for ch, keep in zip(text, kept, strict=True))


def _fill_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for start, end, to in (
        ("0", "9", "0"),
        ("０", "９", "０"),
        ("a", "z", "x"),
        ("A", "Z", "X"),
        ("ａ", "ｚ", "ｘ"),
        ("Ａ", "Ｚ", "Ｘ"),
        ("\u3041", "\u309f", "ぬ"),
        ("\u30a1", "\u30fa", "ヌ"),
        ("\uff66", "\uff9d", "ﾇ"),
        ("\u3400", "\u4dbf", "某"),
        ("\u4e00", "\u9fff", "某"),
        ("\uf900", "\ufaff", "某"),
    ):
        for code in range(ord(start), ord(end) + 1):
            table[code] = to
    table[ord("々")] = "某"
    return table


_FILL = _fill_table()
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param")
)
# Attribute values kept as they are: they steer a browser or the client, and hold no data.
_KEEP = frozenset(
    (
        "type", "method", "role", "http-equiv", "charset", "selected", "checked", "disabled",
        "readonly", "multiple", "colspan", "rowspan", "lang", "maxlength", "size",
        "inputmode", "autocomplete", "color", "align", "valign", "enctype", "accept-charset",
        "target", "rel", "width", "height", "border", "cellspacing", "cellpadding", "bgcolor",
        "scope", "hidden", "required", "novalidate", "autofocus", "formmethod", AUTOSUBMIT,
    )
)  # fmt: skip
# Attribute values that name things other attributes refer to: numbers in them are numbered.
_NAMES = frozenset(("name", "id", "for", "aria-labelledby", "aria-describedby", "headers", "form"))
_ROW_HOLDERS = frozenset(("table", "thead", "tbody", "tfoot"))
_TAIL = 5
_URLS = frozenset(("href", "action", "src", "formaction"))
_TEXT_INPUTS = frozenset(
    ("text", "password", "email", "tel", "number", "search", "url", "date", "month", "textarea")
)
_REFRESH = re.compile(r"^(\s*[0-9]*\s*;?\s*(?:url\s*=\s*)?)(.*)$", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)

type Exchange = dict[str, Any]


@dataclass(slots=True)
class _Load:
    """One page load as the client saw it, sanitised when first needed."""

    method: str
    url: str
    pairs: list[tuple[str, str]] | None
    form_charset: str
    history: list[tuple[int, str, str]]
    status: int
    final_url: str
    content_type: str
    charset: str
    kind: str
    body: bytes | None = None
    html: str | None = None
    left_out: int = 0
    error: str | None = None
    settled: bool = False
    exchange: Exchange | None = None


@dataclass
class _Walk:
    walk: str
    pages: list[_Load] = field(default_factory=list)
    entry: bool = False


type _Snapshot = list[tuple[str, list[_Load]]]


class Capture:
    """The sanitised pages of the client's last walks; see the module's docstring."""

    def __init__(
        self, walks: int = 3, max_pages: int = 64, max_rows: int = 200, max_items: int = 40
    ) -> None:
        """Keep ``walks`` walks of at most ``max_pages`` pages, tables of ``max_rows`` rows."""
        self.walks = walks
        self.max_pages = max_pages
        self.max_rows = max_rows
        self.max_items = max_items
        self._walks: list[_Walk] = []
        self._entry: str | None = None
        self._hosts: set[str] = set()
        # Loads not sanitised yet, oldest first, and the bytes they hold.
        self._pending: list[_Load] = []
        self._pending_bytes = 0
        # Placeholders numbered per original; (name, original value) a page offers → sent.
        self._numbered: dict[str, str] = {}
        self._counters: Counter[str] = Counter()
        self._offered: dict[tuple[str, str], str] = {}
        # Names and values repeat across a page (a pager's links): each is worked out once.
        self._names: dict[str, str] = {}
        self._values: dict[str, str] = {}
        self._unrecognized: _Snapshot | None = None
        self._succeeded: _Snapshot | None = None

    @property
    def unrecognized(self) -> dict[str, Any] | None:
        """The capture as it was when a page was last not recognised (JSON-safe)."""
        return self._export(self._unrecognized) if self._unrecognized is not None else None

    @property
    def succeeded(self) -> dict[str, Any] | None:
        """The capture as it was after the last step that succeeded (JSON-safe)."""
        return self._export(self._succeeded) if self._succeeded is not None else None

    # --- what the client calls --------------------------------------------------------

    def begin(self, walk: str) -> None:
        """Start a walk ("login" or "refresh"); the oldest beyond ``walks`` are dropped."""
        self._walks.append(_Walk(walk))
        newest_entry = next((w for w in reversed(self._walks) if w.entry), None)
        while len(self._walks) > self.walks:
            oldest = next(w for w in self._walks if w is not newest_entry)
            self._walks.remove(oldest)
        # What no walk and no frozen capture holds any more is never sanitised.
        kept = {id(load) for walk in self._walks for load in walk.pages}
        for snapshot in (self._unrecognized, self._succeeded):
            kept.update(id(load) for _, pages in snapshot or () for load in pages)
        self._pending = [load for load in self._pending if id(load) in kept]
        self._pending_bytes = sum(len(load.body or b"") for load in self._pending)
        if len(self._numbered) > 20_000:
            # A long-lived client: start numbering afresh; counters keep placeholders apart.
            self._settle()
            for memo in (self._numbered, self._offered, self._names, self._values):
                memo.clear()

    def record(
        self,
        *,
        method: str,
        url: str,
        pairs: Iterable[tuple[str, str]] | None,
        form_charset: str,
        history: Iterable[tuple[int, str, str]],
        status: int,
        final_url: str,
        content_type: str,
        charset: str | None,
        body: bytes,
        doc: Element | None,
        kind: str,
        download: str | None = None,
    ) -> None:
        """Add one page load: the request, its redirects ``(status, url, location)``, the page.

        A large page is sanitised now, from the tree the client parsed (cheaper than a parse
        of it); a small one keeps its bytes until the capture is read (no cost per refresh).
        A ``download`` (the text of a CSV) is sanitised now, line by line.
        """
        if not self._walks:
            self._walks.append(_Walk("login"))
        current = self._walks[-1]
        if self._entry is None:
            self._entry = url
        if not current.pages and url == self._entry:
            current.entry = True
        hops = list(history)
        for address in (url, final_url, *(hop[1] for hop in hops)):
            if host := urlsplit(address).hostname:
                self._hosts.add(host)
        load = _Load(
            method,
            url,
            list(pairs) if pairs is not None else None,
            form_charset,
            hops,
            status,
            final_url,
            content_type,
            charset or (_declared_charset(doc) if doc is not None else None) or "utf-8",
            kind,
        )
        if download is not None:
            # A download (a CSV of calls): its lines sanitised as text, the long ones cut
            # as a long table is.
            lines = download.splitlines()
            if len(lines) > self.max_rows + _TAIL:
                load.left_out = len(lines) - self.max_rows - _TAIL
                lines = [*lines[: self.max_rows], *lines[-_TAIL:]]
            load.html = "\n".join(self.text(line) for line in lines) + "\n"
        elif len(body) >= EAGER_BYTES and doc is not None:
            load.html, load.left_out = self._page(doc)
        else:
            load.body = body
            self._pending_bytes += len(body)
        self._pending.append(load)
        current.pages.append(load)
        del current.pages[: -self.max_pages]
        if self._pending_bytes > MAX_PENDING_BYTES:
            self._settle()

    def fail(self, error: BaseException) -> None:
        """Note the error the last page led to; an unrecognised page freezes the capture."""
        last = self._last()
        if last is not None and not last.settled:
            last.error = type(error).__name__
            last.settled = True
        if type(error).__name__ == "UnrecognizedPage":
            self._unrecognized = self._snapshot()

    def succeed(self) -> None:
        """A step went through: its last page led nowhere wrong; freeze the capture."""
        last = self._last()
        if last is not None:
            last.settled = True
        self._succeeded = self._snapshot()

    def export(self) -> dict[str, Any]:
        """The capture now, as JSON-safe data: what diagnostics carry and a replay serves."""
        return self._export(self._snapshot())

    # --- sanitising -------------------------------------------------------------------

    def _snapshot(self) -> _Snapshot:
        return [(walk.walk, list(walk.pages)) for walk in self._walks if walk.pages]

    def _export(self, snapshot: _Snapshot) -> dict[str, Any]:
        self._settle()
        return {
            "version": CAPTURE_VERSION,
            "walks": [
                {
                    "walk": walk,
                    "pages": [
                        {**load.exchange, "error": load.error}
                        for load in pages
                        if load.exchange is not None
                    ],
                }
                for walk, pages in snapshot
            ],
        }

    def _settle(self) -> None:
        """Sanitise every load not sanitised yet, oldest first, and let go of its bytes."""
        for load in self._pending:
            if load.body is not None:
                doc = parse_html(load.body, load.charset)
                # As the client read it: script links as the links and forms they stand for.
                resolve_scripts(doc)
                strip_scripts(doc)
                load.html, load.left_out = self._page(doc)
                load.body = None
            load.exchange = {
                "method": load.method,
                "url": self._url(load.url, load.form_charset),
                "form": self._pairs(load.pairs) if load.pairs is not None else None,
                "form_charset": load.form_charset,
                "redirects": [
                    {
                        "status": s,
                        "url": self._url(u, load.form_charset),
                        "location": self._url(loc),
                    }
                    for s, u, loc in load.history
                ],
                "status": load.status,
                "final_url": self._url(load.final_url, load.charset),
                "content_type": load.content_type,
                "charset": load.charset,
                "kind": load.kind,
                "html": load.html,
                "left_out": load.left_out,
            }
            # The typed values are gone once sanitised.
            load.pairs = None
        self._pending.clear()
        self._pending_bytes = 0

    def _last(self) -> _Load | None:
        return self._walks[-1].pages[-1] if self._walks and self._walks[-1].pages else None

    def text(self, text: str) -> str:
        """Text with the site's words and dates kept and everything else a placeholder."""
        out: list[str] = []
        end = 0
        for match in _PATTERN.finditer(text):
            out.append(_words_kept(text[end : match.start()]))
            end = match.end()
            value = match.group()
            group = match.lastgroup
            if group == "date":
                out.append(value)
            elif group == "phone":
                out.append(self._phone(value))
            elif group == "ident":
                out.append(self._ident(value))
            else:
                out.append(value.translate(_FILL))
        out.append(_words_kept(text[end:]))
        return "".join(out)

    def _phone(self, value: str) -> str:
        digits = "".join(c for c in value.translate(_ASCII_DIGITS) if c.isdigit())
        shape = value.translate(_FILL)
        if len(digits) == 11 and digits.startswith("050"):
            # A 050 number stays one, and two contracts stay two.
            return self._number("050" + digits, value[:3] + shape[3:], skip=3)
        return shape

    def _ident(self, value: str) -> str:
        letters = len(value) - len(value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        return self._number(value, value[:letters] + value[letters:].translate(_FILL), letters)

    def _number(self, key: str, shape: str, skip: int = 0) -> str:
        """The placeholder of ``key``: ``shape`` with a number per original written in."""
        if (found := self._numbered.get(key)) is not None:
            return found
        count = self._counters[shape]
        self._counters[shape] += 1
        chars = list(shape)
        digits = list(str(count))
        for index in range(len(chars) - 1, skip - 1, -1):
            if not digits:
                break
            if chars[index] in "0０":
                digit = digits.pop()
                chars[index] = digit.translate(_FULL_DIGITS) if chars[index] == "０" else digit
            elif chars[index] in "xX" and not any(c in "0０" for c in chars[skip:]):
                chars[index] = "abcdefghij"[int(digits.pop())]
        placeholder = "".join(digits) + "".join(chars)
        self._numbered[key] = placeholder
        return placeholder

    def _value(self, value: str) -> str:
        """A value sent back to the site, numbered: the same value, the same placeholder."""
        if (found := self._values.get(value)) is None:
            found = self._values[value] = self._new_value(value)
        return found

    def _new_value(self, value: str) -> str:
        if not value:
            return value
        match = _PATTERN.fullmatch(value)
        if match and match.lastgroup == "phone":
            return self._phone(value)
        if match and match.lastgroup == "ident":
            return self._ident(value)
        return self._number(value, value.translate(_FILL))

    def _name(self, value: str) -> str:
        """A name or id: numbers in it numbered, the rest as it is."""
        if (found := self._names.get(value)) is None:
            found = self._names[value] = self._new_name(value)
        return found

    def _new_name(self, value: str) -> str:
        return _IDENT_ONLY.sub(
            lambda m: (
                m.group().translate(_FILL)
                if m.lastgroup == "email"
                else self._phone(m.group())
                if m.lastgroup == "phone"
                else self._ident(m.group())
            ),
            value,
        )

    def _url(self, url: str, charset: str = "utf-8") -> str:
        """A URL with its path kept, query values numbered, the site's host dropped."""
        if not url:
            return url
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https"):
            return f"{parts.scheme}:{self.text(url[len(parts.scheme) + 1 :])}"
        head = ""
        if parts.netloc and parts.hostname not in self._hosts:
            head = f"{parts.scheme}://{parts.netloc}" if parts.scheme else f"//{parts.netloc}"
        path = self._name(parts.path)
        if ";" in path:
            path, _, params = path.partition(";")
            path += ";" + self._value(params)
        query = ""
        if parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True, encoding=charset)
            query = "?" + "&".join(
                f"{quote(self._name(k), safe='', encoding=charset)}="
                f"{quote(self._value(v), safe='', encoding=charset)}"
                for k, v in pairs
            )
        fragment = f"#{self._name(unquote(parts.fragment))}" if parts.fragment else ""
        return head + path + query + fragment

    def _pairs(self, pairs: Iterable[tuple[str, str]]) -> list[list[Any]]:
        """A form as sent: values the page offered as the page shows them, typed ones blanked."""
        sent: list[list[Any]] = []
        for name, value in pairs:
            offered = self._offered.get((name, value))
            if offered is not None:
                sent.append([self._name(name), offered, False])
            else:
                sent.append([self._name(name), _typed(value), True])
        return sent

    def _page(self, doc: Element) -> tuple[str, int]:
        out = ["<!DOCTYPE html>\n"]
        left_out = self._element(doc, out, None)
        return "".join(out), left_out

    def _element(self, el: Element, out: list[str], select: str | None) -> int:
        """Write ``el`` sanitised; returns how many elements were left out."""
        tag = el.tag
        if not isinstance(tag, str):
            return 0
        attrs = self._attributes(el, tag, select)
        out.append(f"<{tag}{attrs}>")
        if el.text:
            text = el.text
            # A pager's page numbers are not data, and a person follows them by their number.
            kept = tag == "a" and len(el) == 0 and text.strip().isdigit() and len(text) <= 4
            out.append(escape(text if kept else self.text(text), quote=False))
        inner = el.get("name", "") if tag == "select" else select
        count = len(el)
        limit = self.max_rows if tag in _ROW_HOLDERS else self.max_items
        children: Iterable[Element] = el
        left_out = 0
        if count > limit + _TAIL:
            # The head and the last few: a total row, a pager's 次へ.
            left_out = count - limit - _TAIL
            children = [*el[:limit], *el[count - _TAIL :]]
        for child in children:
            left_out += self._element(child, out, inner)
            if child.tail:
                out.append(escape(self.text(child.tail), quote=False))
        if tag not in _VOID:
            out.append(f"</{tag}>")
        return left_out

    def _attributes(self, el: Element, tag: str, select: str | None) -> str:
        parts: list[str] = []
        kind = (el.get("type") or ("submit" if tag == "button" else "text")).lower()
        refresh = tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh"
        for key, value in el.items():
            name = str(key)
            if name in _KEEP:
                kept = value
            elif name in _NAMES:
                kept = self._name(value)
            elif name in _URLS:
                kept = self._url(value)
            elif name == SETS:
                # The fields a script's click sets: named and numbered as a query string.
                kept = self._url("?" + value)[1:]
            elif name == JOINS:
                kept = self._joins(value)
            elif name in ("class", "style"):
                kept = value.translate(_ASCII_ZERO)
            elif name == "content" and tag == "meta":
                kept = self._content(el, value, refresh)
            elif name == "value":
                kept = self._control_value(el, tag, kind, value, select)
            else:
                kept = self.text(value)
            parts.append(f' {name}="{escape(kept)}"')
        return "".join(parts)

    def _joins(self, value: str) -> str:
        """The fields a form joins as it is sent, named as the capture names them."""
        try:
            joins = json.loads(value)
            return json.dumps(
                [
                    [
                        self._name(name),
                        [
                            [kind, self._name(text) if kind == "value_of" else self.text(text)]
                            for kind, text in terms
                        ],
                    ]
                    for name, terms in joins
                ],
                ensure_ascii=False,
            )
        except (ValueError, TypeError):
            return "[]"  # not the client's own: nothing joined

    def _content(self, el: Element, value: str, refresh: bool) -> str:
        if refresh:
            match = _REFRESH.match(value)
            assert match is not None
            return match.group(1) + self._url(match.group(2).strip("'\" "))
        if (el.get("http-equiv") or "").lower() == "content-type":
            return value
        return self.text(value)

    def _control_value(
        self, el: Element, tag: str, kind: str, value: str, select: str | None
    ) -> str:
        """The value attribute: typed ones blanked, offered ones numbered (and remembered)."""
        if tag == "option":
            name = select
        elif tag in ("input", "button"):
            name = el.get("name")
        else:
            return self.text(value)
        if tag == "input" and kind in _TEXT_INPUTS:
            return _typed(value)
        if tag == "input" and kind in ("submit", "reset", "button"):
            # The button's words: what the client reads, and sends back when pressed.
            shown = self.text(value)
        else:
            shown = self._value(value)
        if name:
            self._offered[(name, value)] = shown
        return shown


_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ASCII_ZERO = str.maketrans("123456789", "000000000")


def _typed(value: str) -> str:
    """A typed value's shape only: digits ``0``, ``@ . -`` kept, every other character ``x``."""
    return "".join("0" if c.isdigit() else c if c in "@.- " else "x" for c in value)


def _declared_charset(doc: Element) -> str | None:
    """The charset a page names in a meta tag."""
    for meta in doc.iter("meta"):
        if charset := meta.get("charset"):
            return charset
        if (meta.get("http-equiv") or "").lower() == "content-type":
            match = _CHARSET.search(meta.get("content") or "")
            if match:
                return match.group(1)
    return None
