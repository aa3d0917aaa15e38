"""Pure functions from page text and HTML to values and models."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import islice, pairwise
from typing import Any, NamedTuple
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from lxml import etree
from lxml.etree import _Element as Element

from .errors import UnrecognizedPage
from .forms import (
    CONDITIONAL,
    Button,
    Form,
    boxes_of,
    clean,
    codec_of,
    decode,
    find_link,
    followable,
    forms_of,
    headings,
    label_of,
    option_texts,
    option_value,
    outline,
    parse_html,
    shown_sentences,
    shown_text,
    spaced_text,
    strip_hidden,
    strip_scripts,
    text_of,
    way_words,
)
from .models import AuthMethod, Call, Contract, Statement
from .scripted import remove_element, replace_element, resolve_scripts

JST = ZoneInfo("Asia/Tokyo")

# Signs that print a negative amount: △ and ▲ (accounting), hyphen, minus (U+2212), the
# prolonged-sound mark some pages type for a minus; NFKC turns a full-width hyphen into "-".
_NEGATIVE = ("△", "▲", "-", "−", "ー", "‐", "–")
# Marks inside an amount that say nothing of it: commas, the yen sign (a backslash where a
# Japanese font draws one), a zero-width space a page breaks lines with.
_MONEY_DROP = str.maketrans("", "", ",¥\\\u200b")
_NOT_MONEY = re.compile(r"[^0-9.]")


def parse_yen(text: str) -> Decimal:
    """An amount as pages print it: ``1,234円``, ``¥1,234``, ``△55``, ``-5``, ``(55)``, ``８.８円``.

    One amount only: two figures side by side (``1,200円 1,137円``, a footnote's number
    after 円) are no amount, never one number made of both.
    """
    value = text.translate(_MONEY_DROP).strip()
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value).translate(_MONEY_DROP).strip()
    value = value.removesuffix("円").rstrip()
    if value.startswith("(") and value.endswith(")"):
        # (55) or (55円): an amount taken off, as accounts print it; never (-55).
        inner = value[1:-1].strip().removesuffix("円").rstrip()
        if inner.startswith(_NEGATIVE):
            raise ValueError("not an amount: a sign in parentheses")
        value = "-" + inner
    if value.endswith(("-", "ー", "―")) and value[:-1].replace(".", "").isdigit():
        value = value[:-1]  # ¥1,234- : the mark that closes an amount on a receipt
    negative = value.startswith(_NEGATIVE)
    digits = value.lstrip("".join(_NEGATIVE)).lstrip()
    if not digits or _NOT_MONEY.search(digits):
        raise ValueError(f"not an amount: {len(text)} characters")
    try:
        amount = Decimal(digits)
    except InvalidOperation as err:
        raise ValueError("not an amount") from err
    return -amount if negative else amount


_HMS = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2})$")
_JA_DURATION = re.compile(r"^(?:(\d+)\s*時間)?\s*(?:(\d+)\s*分)?\s*(?:(\d+)\s*秒)?$")


def parse_duration(text: str) -> timedelta:
    """A duration: ``0:03:25``, ``03:25``, ``3分25秒``, ``1時間02分03秒``, ``65秒``."""
    value = (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()
    match = _HMS.match(value)
    if match:
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    else:
        match = _JA_DURATION.match(value)
        if not value or not match:
            raise ValueError("not a duration")
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    try:
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError as err:
        raise ValueError("not a duration") from err


_DATETIME = re.compile(
    r"(?:(\d{4})\s*[/年.-]\s*)?(\d{1,2})\s*[/月.-]\s*(\d{1,2})\s*日?(?:\s*\([^)]*\))?"
    r"\s*T?\s*(\d{1,2})\s*[:時]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?"
)


# A date or time written without separators, as downloads do: 20261001 0915,
# 20261001091507, a day read apart and its time 091507.
_COMPACT = re.compile(
    r"^\s*(\d{4})[/.-]?(\d{2})[/.-]?(\d{2})\s*T?\s*(\d{1,2}):?(\d{2})(?::?(\d{2}))?\s*$"
)
_ISO = datetime.fromisoformat
# 午前 and 午後 (or AM, PM) before a time of the 12-hour clock.
_MERIDIEM = re.compile(r"(午前|午後|AM|PM|A\.M\.|P\.M\.)\s*(?=\d)", re.I)


def parse_datetime(text: str, year: int, month: int = 0) -> datetime:
    """A call's start in Japan time: ``2026/10/01 09:15``, ``10月1日 9:15``, with seconds or not.

    ``year`` is used when the page leaves it out (the statement's month tells it). Given the
    statement's ``month`` too, a December date on a January statement is of the year before,
    and a January date on a December statement of the year after.
    """
    if (
        len(text) in (16, 19)
        and text[4] == text[7] in "/-"
        and text[13] == ":"
        and (len(text) == 16 or text[16] == ":")
    ):
        # The common "2026/10/01 09:15:07" (or with hyphens, or without the seconds, as a
        # day read once and its time are joined into): the C ISO reader is several
        # times cheaper than a regex or six int() calls. Full-width digits fail it and take
        # the regex below.
        try:
            return _ISO(text.replace("/", "-")).replace(tzinfo=JST)
        except ValueError:
            pass
    elif len(text) in (11, 14) and text[2] == "/" and text[5] == " " and text[8] == ":":
        # "10/01 09:15:07", the year left out: the same reader, with the year put in.
        shown = text[:2]
        if month == 1 and shown == "12":
            year -= 1
        elif month == 12 and shown == "01":
            year += 1
        try:
            return _ISO(f"{year:04d}-{shown}-{text[3:5]} {text[6:]}").replace(tzinfo=JST)
        except ValueError:
            pass
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if "年" in text or "R" in text or "H" in text:
        text = _western(text)
    afternoon = None
    if (meridiem := _MERIDIEM.search(text)) is not None:
        afternoon = meridiem.group(1).upper() in ("午後", "PM", "P.M.")
        text = text[: meridiem.start()] + " " + text[meridiem.end() :]
    match = _COMPACT.match(text) or _DATETIME.search(text)
    if not match:
        raise ValueError("not a date and time")
    y, mo, d, h, mi, s = match.groups()
    if afternoon is not None:
        # 午後1:05 is 13:05, 午前12:30 is 0:30.
        h = str(int(h) % 12 + (12 if afternoon else 0))
    if y:
        year = int(y)
    elif month == 1 and int(mo) == 12:
        year -= 1  # a call of late December carried over to January's list
    elif month == 12 and int(mo) == 1:
        year += 1
    return datetime(year, int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=JST)


_MONTH = re.compile(r"(\d{4})\s*(?:[/年.-]\s*)?(\d{1,2})\s*月?")
# Japanese era years as pages print them: 令和元年 is 2019, 平成元年 1989.
# Abbreviated as R8 or H31 before 年 or a separator (R8.12, R08/12).
_ERA = re.compile(r"(令和|平成|(?<![A-Za-z])[RH])\s*(元|\d{1,2})\s*(?:(年)|(?=[./-]\s*\d))")
_ERA_START = {"令和": 2018, "平成": 1988, "R": 2018, "H": 1988}


def _western_year(match: re.Match[str]) -> str:
    era, year, nen = match.groups()
    return f"{_ERA_START[era] + (1 if year == '元' else int(year))}{nen or ''}"


def _western(text: str) -> str:
    """A text with its era years (令和8年, R8.) written as years of the Western calendar."""
    return _ERA.sub(_western_year, text)


def parse_month(text: str) -> date:
    """A month: ``2026年11月``, ``2026/11``, ``202611``, ``令和8年11月``, ``R8.11``.

    A text naming the month billed and the month used (2027年1月ご請求分（12月ご利用分）)
    names the month used: a statement is of the calls of a month.
    """
    value = _western(unicodedata.normalize("NFKC", text))
    match = _MONTH.search(value)
    if not match:
        raise ValueError("not a month")
    year, month = int(match.group(1)), int(match.group(2))
    if "請求" in value and (used := _USED.search(value)) is not None:
        used_month = int(used.group(2))
        if used.group(1):
            year = int(used.group(1))
        elif used_month > month:
            year -= 1  # 12月ご利用 billed in January
        month = used_month
    if not 1 <= month <= 12:
        raise ValueError("not a month")
    return date(year, month, 1)


# The month used, beside the month billed: (2026年)12月ご利用(分).
_USED = re.compile(r"(?:(\d{4})\s*[年/.-]\s*)?(\d{1,2})\s*(?:月\s*分?)?\s*(?:ご|御)?利用")


def option_months(select: Element) -> list[tuple[Element, date]]:
    """Each option of a month select with its month, in the page's order.

    An option may print the month alone (``12月分``) under an ``optgroup`` that names the
    year; options that name no month (選択してください) are left out. An option that names a
    month by where it stands from today (今月, 先月) is read by its value when that is a date
    (``202612``); else the page is not read: left out, the current month would look not
    listed yet, and which month it is depends on the site's clock.
    """
    found = []
    for option, shown in option_texts(select):
        group = option.getparent()
        named = shown
        if group is not None and group.tag == "optgroup" and not _YEAR.search(_western(shown)):
            named = f"{clean(group.get('label') or '')} {shown}"
        month = _month_or_none(named)
        if month is None and _RELATIVE_MONTH.search(shown):
            # Named from today: only its value can say which month it is.
            month = _month_or_none(option_value(option))
            if month is None:
                raise UnrecognizedPage("months by their dates in ご確認月", outline(select))
        if month is not None:
            found.append((option, month))
    return found


def _month_or_none(text: str) -> date | None:
    try:
        return parse_month(text)
    except ValueError:
        return None


_YEAR = re.compile(r"\d{4}")
# A month named by where it stands from today: this month, last month, the month before.
_RELATIVE_MONTH = re.compile("今月|当月|先月|前月|先々月|前々月")


_MAINTENANCE_END = re.compile(
    r"(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日(?:\s*\([^)]*\))?\s*(\d{1,2})[:時](\d{2})?"
)


class PageKind(StrEnum):
    """What a page is, judged by what a person sees on it."""

    MAINTENANCE = "maintenance"
    LOGIN_CHOICE = "login_choice"
    LOGIN = "login"
    EMAIL_CODE = "email_code"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 - a page, not a secret
    TERMS = "terms"
    TOP = "top"
    CONTACT = "contact"
    METHOD = "method"
    CONTACT_AND_METHOD = "contact_and_method"
    CODE = "code"
    SERVICES = "services"
    STATEMENT = "statement"
    #: A page saying the session has ended (timed out), with a way back to the login.
    SESSION_ENDED = "session_ended"
    UNKNOWN = "unknown"


# What a page that acts by script holds somewhere: searched in the bytes, far cheaper than
# a look through the tree of a long call list that has none.
# Bytes of a page (lower-cased) that may hold script to read: handlers, script links, a
# script's submit(), location or a frame's src. Plain searches: a case-blind regex over a
# statement of megabytes costs as much as parsing it.
_SCRIPT_WORDS = (b"onclick", b"javascript:", b"onload", b"onsubmit", b"location", b".src")
_SUBMIT_CALL = re.compile(rb"submit\s*\(")
# Bytes of a page (lower-cased) that may hide something: the hidden attribute (type="hidden"
# has a quote before it), or a style of none.
_HIDING_WORDS = (b" hidden", b"\thidden", b"\nhidden", b"none")


def read_page(body: bytes, encoding: str | None, url: str) -> tuple[Element, list[Form], PageKind]:
    """A fetched page as the walk reads it: its tree without scripts, its forms, its kind."""
    doc = parse_html(body, encoding)
    lowered = body.lower()
    if b"<area" in lowered:
        _areas_as_links(doc)
    if any(word in lowered for word in _SCRIPT_WORDS) or _SUBMIT_CALL.search(lowered):
        resolve_scripts(doc)
    strip_scripts(doc)
    if any(word in lowered for word in _HIDING_WORDS):
        strip_hidden(doc)
    _month_tabs_as_menu(doc)
    if b"radio" in lowered:
        _month_radios_as_select(doc)
    forms = forms_of(doc, url)
    return doc, forms, page_kind(doc, forms)


def _areas_as_links(doc: Element) -> None:
    """An image map's areas as the links a person sees on the image, each named by its alt.

    Old portals draw a menu as one image with an area per item (``<map><area href alt>``):
    rewritten as links (their scripts too), the menu reads like any other.
    """
    for area in list(doc.iter("area")):
        words = clean(area.get("alt") or area.get("title") or "")
        kept = {k: v for k, v in area.attrib.items() if k in ("href", "onclick", "target")}
        link = doc.makeelement("a", kept)
        link.text = words
        replace_element(area, link)


# A tab that names a month and nothing more: 2026年10月, 2026年10月分, 令和8年10月ご利用分.
_MONTH_TAB = re.compile(
    r"(?:\d{4}年|令和\s*(?:元|\d{1,2})年)\s*\d{1,2}月(?:ご利用)?分?|\d{4}/\d{1,2}"
)
# Months a statement offers as tabs: a year's and a few more, never a page of links.
MAX_MONTH_TABS = 24


def _month_tabs_as_menu(doc: Element) -> None:
    """Months offered as tabs on a statement, rewritten as the ご確認月 jump menu they work as.

    Each tab a link to its month's statement, the month shown a tab of plain text (or a
    link that leads nowhere): the menu's options in the tabs' order, that one selected
    (its address the page's own).
    Only one such row of tabs on a page named after the statements (``_statement_heading``)
    that offers no month in a select; links that name anything besides a month are no tabs.
    """
    if not _statement_heading(doc) or any(option_months(s) for s in doc.iter("select")):
        return
    rows = {
        _tab_item(link).getparent()
        for link in doc.iter("a")
        if followable(link.get("href")) and _MONTH_TAB.fullmatch(clean(text_of(link)))
    }
    rows.discard(None)
    if len(rows) != 1:
        return
    row = rows.pop()
    tabs: list[tuple[str, str]] = []  # (address, words); no address for the month shown
    for item in row:
        if not isinstance(item.tag, str):
            continue  # a comment
        words = clean(text_of(item))
        if not _MONTH_TAB.fullmatch(words):
            return  # something in the row besides month tabs: not read as a menu
        link = item if item.tag == "a" else next(item.iter("a"), None)
        # The month shown: a tab without a link, or one that leads nowhere (href="#").
        href = link.get("href") if link is not None else None
        tabs.append((href if href and followable(href) and not href.startswith("#") else "", words))
    if not 2 <= len(tabs) <= MAX_MONTH_TABS or sum(not href for href, _ in tabs) > 1:
        return
    menu = etree.Element(
        "select", {"aria-label": "ご確認月", "onchange": "location.href=this.value"}
    )
    for href, words in tabs:
        option = etree.SubElement(menu, "option", value=href)
        option.text = words
        if not href:
            option.set("selected", "selected")
    replace_element(row, menu)


def _month_radios_as_select(doc: Element) -> None:
    """Months offered as radio buttons, rewritten as the ご確認月 select they work as.

    A group of at least two radio buttons of a form, each named by a month and nothing
    more: a select of that name where the first stands, an option per button (its value,
    its month's words), the checked one selected; the buttons and their words go.
    """
    groups: dict[tuple[Element, str], list[Element]] = {}
    for radio in doc.iter("input"):
        if (radio.get("type") or "").lower() != "radio" or not radio.get("name"):
            continue
        form = next(radio.iterancestors("form"), None)
        if form is not None:
            groups.setdefault((form, radio.get("name") or ""), []).append(radio)
    for (_, name), radios in groups.items():
        words = [label_of(radio) for radio in radios]
        if not 2 <= len(radios) <= MAX_MONTH_TABS or not all(
            _MONTH_TAB.fullmatch(w) for w in words
        ):
            continue
        select = etree.Element("select", {"name": name, "aria-label": "ご確認月"})
        for radio, said in zip(radios, words, strict=True):
            option = etree.SubElement(select, "option", value=radio.get("value") or "on")
            option.text = said
            if radio.get("checked") is not None:
                option.set("selected", "selected")
        first = radios[0]
        holder = first.getparent()
        (holder if holder is not None and holder.tag == "label" else first).addprevious(select)
        for radio in radios:
            _drop_with_words(doc, radio)


def _drop_with_words(doc: Element, radio: Element) -> None:
    """Take a radio button out of the page with the words that name it."""
    if radio_id := radio.get("id"):
        for label in doc.xpath("//label[@for=$id]", id=radio_id):
            remove_element(label)
    holder = radio.getparent()
    if holder is not None and holder.tag == "label":
        remove_element(holder)
        return
    radio.tail = None
    remove_element(radio)


def _tab_item(link: Element) -> Element:
    """The widest block around a tab's link that says its month and nothing more.

    An ``li``, a table cell, a ``div`` or ``span`` of a tab, or the link itself.
    """
    item = link
    for block in link.iterancestors():
        if block.tag in ("body", "form") or not _MONTH_TAB.fullmatch(clean(text_of(block))):
            break
        item = block
    return item


# How a code page names the code sent by SMS or voice.
CODE_WORDS = ("認証番号", "認証コード", "確認コード", "確認番号")


def page_kind(doc: Element, forms: list[Form]) -> PageKind:
    """Tell the page apart by its headings, labels, controls and link texts."""
    if any("メンテナンス" in h for h in headings(doc) if "情報" not in h):
        return PageKind.MAINTENANCE
    for form in forms:
        # A masked code field is a password field too: that page is not the login.
        if any(not _names_code(label_of(el)) for el in form.of_kind("password")):
            return PageKind.LOGIN
    for form in forms:
        if (
            form.control("ワンタイムパスワード", kinds=("text", "tel", "number", "password"))
            is not None
        ):
            return PageKind.EMAIL_CODE
    titles = " ".join(headings(doc))
    if "パスワード変更のお願い" in titles:
        return PageKind.PASSWORD_CHANGE
    if "規約" in titles and any(form.button("同意") for form in forms):
        return PageKind.TERMS
    for form in forms:
        if form.control("ご確認月", kinds=("select",)) is not None:
            return PageKind.STATEMENT
    if _statement_title(doc):
        # The 050IP電話利用明細 page that lists the contracts before it shows one.
        return PageKind.STATEMENT
    if any(service_button(form) or service_option(form) for form in forms) or service_link(doc):
        return PageKind.SERVICES
    for form in forms:
        if form.control(*CODE_WORDS, kinds=("text", "tel", "number", "password")) is not None:
            return PageKind.CODE
        has_methods = bool(method_choices(form))
        contact = contact_field(form)
        if contact is not None and has_methods:
            return PageKind.CONTACT_AND_METHOD
        if contact is not None:
            return PageKind.CONTACT
        if has_methods:
            return PageKind.METHOD
    if method_links(doc) and any(word in text_of(doc) for word in CODE_WORDS):
        # Links that have the code sent, on a page about the code (a menu's 「SMS送信
        # サービス」 is another thing).
        return PageKind.METHOD
    way_on = charges_way(doc, forms) is not None
    if session_ended(doc, way_on):
        return PageKind.SESSION_ENDED
    if way_on:
        return PageKind.TOP
    if find_link(doc, "OCN ID", "ログイン") or login_choice_button(forms):
        return PageKind.LOGIN_CHOICE
    return PageKind.UNKNOWN


# How 契約情報の確認 takes the contact number: typed, or picked from the registered numbers
# in a select or as radio buttons.
_CONTACT_KINDS = ("text", "tel", "number", "select", "radio")


def contact_field(form: Form) -> Element | None:
    """The control that takes the contact number (連絡先電話番号), if the form has one.

    A radio button counts when its own words show a number (``090-****-5678``) and name
    no method: one that says to send the code to the contact number, by SMS or voice, is a
    choice of method (「末尾5678にSMSで送信」 too).
    """
    for field in form.controls_labelled("連絡先電話番号", kinds=_CONTACT_KINDS):
        if (field.get("type") or "").lower() != "radio":
            return field
        words = label_of(field)
        if _shows_a_number(words) and _named_method(words, weak=()) is None:
            return field
    return None


def registered_numbers(form: Form, field: Element) -> list[tuple[Element, str]]:
    """The numbers a contact field offers to pick, each with the words that show it.

    A select's options, or the radio buttons of the field's group; none for a field a
    number is typed into.
    """
    if field.tag == "select":
        return option_texts(field)
    if (field.get("type") or "").lower() != "radio":
        return []
    return [
        (radio, label_of(radio))
        for radio in form.of_kind("radio")
        if radio.get("name") == field.get("name") and radio.get("disabled") is None
    ]


# What a contact number's box says of hyphens: to type them (ハイフン（-）を含めて, ハイフンあり),
# or not (ハイフンなし, ハイフン不要); an example with them (090-1234-5678) asks for them too.
_HYPHENS_ASKED = re.compile(
    r"ハイフン\s*(?:\(\s*[-ー]\s*\))?\s*(?:あり|有り|付き|つき|を含め|を入れて|を付けて)"
)
_HYPHENS_REFUSED = re.compile(
    r"ハイフン\s*(?:\(\s*[-ー]\s*\))?\s*(?:なし|無し|不要|を除|は不要|を入れず|は入れず)"
)
_HYPHENATED = re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}")


def hyphens_asked(field: Element) -> bool:
    """Whether a box for a phone number asks for it with hyphens, by its words or example."""
    near = next(field.iterancestors("tr", "li", "dd", "p", "div", "td"), None)
    placeholder = clean(field.get("placeholder") or "")
    hint = " ".join(
        (label_of(field), placeholder, clean(field.get("title") or ""))
        + ((spaced_text(near),) if near is not None else ())
    )
    if _HYPHENS_REFUSED.search(hint):
        return False
    return bool(_HYPHENS_ASKED.search(hint) or _HYPHENATED.search(placeholder))


# A number's first part offered in a select: 070, 080, 090, an area code.
_PREFIX = re.compile(r"0\d{1,4}")


def number_prefixes(select: Element) -> list[tuple[Element, str]]:
    """The first parts of a number a select offers, the rest typed in the boxes after it.

    Each option (a blank one aside) is digits alone (070, 080, 090) and text boxes follow
    the select; otherwise none (a select of registered numbers, say).
    """
    if len(boxes_of(select)) < 2:
        return []
    found: list[tuple[Element, str]] = []
    for option, text in option_texts(select):
        if not option_value(option).strip():
            continue  # 選択してください, ---
        if not _PREFIX.fullmatch(digits := clean(text)):
            return []
        found.append((option, digits))
    return found


def _shows_a_number(words: str) -> bool:
    """Whether words show a phone number, digits hidden or not (``090-****-5678``)."""
    return shown_number(words) is not None


# The marks a site hides a registered number's digits behind: 090-****-5678, 090-●●●●-5678,
# 090-××××-5678 (NFKC makes ＊ its half-width form). Letters hide digits only in a run
# (090-XXXX-5678): a lone X is a word's (FAX).
_HIDDEN_DIGIT = frozenset("*●○■×")
_HIDDEN_LETTERS = re.compile(r"[xX]{2,}")
# 「末尾5678」, 「下4桁：5678」: the words that say only a number's last digits follow; the
# 4 of 下4桁 is no digit of the number.
_LAST_DIGITS = re.compile(r"(?:末尾|下\s*\d\s*桁)[:\s]*(\d{3,4})(?!\d)")
# A number shown by its end alone, its other digits hidden: ****5678, *******678.
_ENDING = re.compile(r"\*+(\d{3,4})")


def shown_number(words: str) -> str | None:
    """The digits words show of a phone number, a hidden digit as ``*``, if they show one.

    ``090-****-5678`` is ``090****5678``: as long as the number, compared digit by digit.
    A number shown by its last digits alone (``****5678``, 「末尾5678」, 「下4桁 5678」) is
    those digits after a ``*`` (``*5678``): any number that ends so.
    """
    shown = unicodedata.normalize("NFKC", words)
    if (last := _LAST_DIGITS.search(shown)) is not None:
        return "*" + last.group(1)
    shown = _HIDDEN_LETTERS.sub(lambda run: "*" * len(run.group()), shown)
    pattern = "".join(
        ch if ch.isdigit() else "*" for ch in shown if ch.isdigit() or ch in _HIDDEN_DIGIT
    )
    if len(pattern) in (10, 11):
        return pattern
    if (ending := _ENDING.fullmatch(pattern)) is not None:
        return "*" + ending.group(1)
    return None


def _names_code(label: str) -> bool:
    return any(word in label for word in (*CODE_WORDS, "ワンタイムパスワード"))


def _statement_title(doc: Element) -> bool:
    """Whether the page's title or first heading names the 050 IP phone statements."""
    return any(_names_statements(text_of(el)) for el in doc.iter("title", "h1"))


def _names_statements(text: str) -> bool:
    return "IP電話" in text and "明細" in text


def _statement_heading(doc: Element) -> bool:
    """Whether the page is named after the statements, by its title or h1.

    On a page without an h1 (old portals head a page with h2), its first h2 names it.
    """
    if _statement_title(doc):
        return True
    if next(doc.iter("h1"), None) is not None:
        return False
    first = next(doc.iter("h2"), None)
    return first is not None and _names_statements(text_of(first))


# What a page says when the session behind it has ended.
_LAPSE = re.compile(
    r"セッション|タイムアウト|有効期限(?:が|は)?切れ|再度ログイン|再ログイン|もう一度ログイン|ログインし(?:直|なお)"
)


# A lapse told as done: 切れました, タイムアウトしています.
_HAPPENED = re.compile(r"ました|ています|ていました")


def session_ended(doc: Element, way_on: bool) -> bool:
    """Whether the page says the session has ended (timed out) and a new login is needed.

    Headings are believed, and so is the body text of a page that offers no way on to the
    statements (``way_on``: see ``charges_way``). A page that does (a top page may note when sessions time out) must say
    the lapse happened, in a sentence that is no rule: 「セッションが切れました」, not
    「30分でタイムアウトします」.
    """
    if _LAPSE.search(" ".join(headings(doc))):
        return True
    if not way_on:
        return bool(_LAPSE.search(text_of(doc)))
    return any(
        _LAPSE.search(sentence) and _HAPPENED.search(sentence) and not CONDITIONAL.search(sentence)
        for sentence in shown_sentences(doc)
    )


# The heading of a notice a site shows on the way in (重要なお知らせ, ご案内): read, then left.
_NOTICE_TITLES = ("お知らせ", "ご案内", "ご注意", "ご確認ください")
# The words of the way on from such a notice: 確認しました, マイページへ進む, 閉じる.
_MOVING_ON = (
    "確認しました",
    "確認済",
    "次へ",
    "進む",
    "マイページへ",
    "トップへ",
    "TOPへ",
    "閉じる",
)
# A way on that decides something for the person is never taken, whatever else it says.
_DECIDING = (
    "同意",
    "登録",
    "変更",
    "送信",
    "申込",
    "申し込",
    "解約",
    "承諾",
    "削除",
    "ログアウト",
    "戻る",
)


def notice_way_on(doc: Element, forms: list[Form]) -> tuple[Form, Button] | str | None:
    """The one way on from a notice shown on the way in, if the page is one.

    A page whose heading names a notice (重要なお知らせ), with nothing to fill in or choose
    but a box a person may leave unticked (次回から表示しない), and one button or link
    that moves on and decides nothing (確認しました, マイページへ進む): the button with its
    form, or the link's address. The news items a notice lists are no way on, and a page
    that speaks of a code is never left so: its way on may send one.
    """
    if not any(word in heading for heading in headings(doc) for word in _NOTICE_TITLES):
        return None
    if any(word in text_of(doc) for word in CODE_WORDS):
        return None
    ways: list[tuple[Form, Button] | str] = []
    for form in forms:
        if form.jump or any(
            el.tag != "input" or (el.get("type") or "text").lower() not in ("hidden", "checkbox")
            for el in form.controls()
        ):
            return None  # something to fill in or choose: the person's decision
        ways += [(form, b) for b in form.buttons if not b.disabled and _moves_on(b.text)]
    for link in doc.iter("a"):
        href = link.get("href")
        if followable(href) and not href.strip().startswith("#") and _moves_on(shown_text(link)):
            ways.append(href)
    return ways[0] if len(ways) == 1 else None


def _moves_on(words: str) -> bool:
    return any(word in words for word in _MOVING_ON) and not any(w in words for w in _DECIDING)


_CHARGES_WORDS = ("料金", "明細")


def charges_way(doc: Element, forms: list[Form]) -> str | tuple[Form, Button] | None:
    """The My Page menu's way to 料金・ご利用明細: a link's href, else a form's button.

    A menu item that posts a form (a script link read as one, or a menu made of buttons)
    is the button that says least besides, as ``find_link`` picks among links.
    """
    if (href := find_link(doc, *_CHARGES_WORDS)) is not None:
        return href
    pressed = [
        (len(button.text), index, form, button)
        for index, form in enumerate(forms)
        for button in form.buttons
        if all(word in button.text for word in _CHARGES_WORDS)
    ]
    if not pressed:
        return None
    _, _, form, button = min(pressed, key=lambda each: each[:2])
    return form, button


def login_choice_button(forms: list[Form]) -> tuple[Form, Button] | None:
    """The button that chooses the OCN ID login, on a choice screen made of forms."""
    for form in forms:
        button = form.button("OCN ID")
        if button is not None and "ログイン" in button.text and not form.of_kind("password"):
            return form, button
    return None


def service_button(form: Form) -> Button | None:
    """The button of the 050 IP phone statements on 料金・ご利用明細.

    Its own words name the service, or, where each service's row holds the same button
    (明細を見る), the words of its row do: in one form, or each in a form of its own.
    """
    for button in form.buttons:
        if _names_service(button.text):
            return button
    if not form.buttons:
        return None
    alike = _way_words(form.element)
    in_rows = [
        button
        for button in form.buttons
        if button.element is not None
        and alike[button.text] > 1
        and _names_service(_service_row(button.element))
    ]
    return in_rows[0] if len(in_rows) == 1 else None


def service_option(form: Form) -> tuple[Element, Element] | None:
    """A select of 料金・ご利用明細 that offers the statements, and its 050 IP phone option.

    Chosen, then the form's button (表示) is pressed.
    """
    for select in form.of_kind("select"):
        for option, words in option_texts(select):
            if _names_service(words):
                return select, option
    return None


def service_link(doc: Element) -> str | None:
    """The link of the 050 IP phone statements on 料金・ご利用明細 (step ⑧'s first shape).

    Named by its own words, else by its row's, as ``service_button``.
    """
    links = {link: shown_text(link) for link in doc.iter("a") if followable(link.get("href"))}
    for link, words in links.items():
        if _names_service(words):
            return link.get("href")
    alike = _way_words(doc)
    in_rows = [
        link
        for link, words in links.items()
        if alike[words] > 1 and _names_service(_service_row(link))
    ]
    return in_rows[0].get("href") if len(in_rows) == 1 else None


def _service_row(element: Element) -> str:
    """The words of the widest block that holds a way on and no other one.

    A table row, a list item, a section with its heading: whatever the markup, the block
    around one service's button is where its name stands, a form of its own around the
    button included. A block that says nothing but its way on (a term's value, a
    paragraph after the service's heading and words, with nothing around each service)
    is named by what stands before it: back to its heading or term, never past the way on
    before it.
    """
    row = None
    for block in element.iterancestors():
        if block.tag == "body" or _ways_on(block) != [element]:
            break
        row = block
    if row is None:
        return ""
    words = spaced_text(row)
    if words.replace(way_words(element), "").strip():
        return words
    before = []
    for sibling in islice(row.itersiblings(preceding=True), MAX_NAMING_SIBLINGS):
        if next(_ways(sibling), None) is not None:
            break
        before.append(spaced_text(sibling))
        if sibling.tag in _NAMING_HEADS:
            break
    return " ".join([*reversed(before), words])


# Where a service's words begin when nothing holds them together: its heading or term.
_NAMING_HEADS = ("h1", "h2", "h3", "h4", "h5", "h6", "dt")


# Elements before a block that holds only a way on, read for the service it opens: a
# heading and a few lines of words.
MAX_NAMING_SIBLINGS = 6


def _ways_on(block: Element) -> list[Element]:
    """The first two links and buttons in a block: enough to tell one from several."""
    return list(islice(_ways(block), 2))


def _ways(block: Element) -> Iterator[Element]:
    """The links and buttons in a block."""
    return (
        el
        for el in block.iter("a", "button", "input")
        if el.tag != "input" or (el.get("type") or "").lower() in ("submit", "image")
    )


def _way_words(element: Element) -> Counter[str]:
    """How often each link's or button's words stand on the page that holds ``element``.

    A 「明細を見る」 beside each service counts once per service, whichever forms hold them.
    """
    return Counter(way_words(way) for way in _ways(element.getroottree().getroot()))


def _names_service(text: str) -> bool:
    return ("050" in text or "ドットフォン" in text) and "明細" in text


# Buttons that ask for the code again (「再通知する」「認証番号を再発行する」): never a way on.
RESEND_WORDS = ("再通知", "再送", "再発行", "再度", "もう一度")


# The words that name a method. 電話 alone is weak: 「携帯電話へSMSでお知らせ」 is SMS.
_SMS_WORDS = ("SMS", "ショートメッセージ", "ショートメール")
_VOICE_WORDS = ("音声",)
# A choice's notes: words in brackets and after ※ say when to choose it, not what it is
# (「電話音声通知（SMSが受信できない固定電話の方）」).
_METHOD_NOTE = re.compile(r"[(（][^)）]*[)）]|※.*")


def _named_method(words: str, weak: tuple[str, ...] = ("電話",)) -> AuthMethod | None:
    """The method a choice's words name: the first method word outside its notes.

    A label naming both (「電話音声通知 SMSを受信できない場合はこちら」) is the method
    named first, and 電話 outside the notes (「電話（SMS不可）」) names voice; the notes
    are read only when the rest names no method at all.
    """
    upper = words.upper()
    outside = _METHOD_NOTE.sub(" ", upper)
    for text in (outside, upper):
        found = [
            (at, method)
            for method, names in ((AuthMethod.SMS, _SMS_WORDS), (AuthMethod.VOICE, _VOICE_WORDS))
            for name in names
            if (at := text.find(name)) >= 0
        ]
        if found:
            return min(found)[1]
        if any(word in text for word in weak):
            return AuthMethod.VOICE
    return None


def method_choices(form: Form) -> dict[AuthMethod, Element | Button]:
    """The code delivery methods the form offers: radio buttons, a select's options, buttons.

    A form may offer the choice as two submit buttons (「SMSで受け取る」「音声で受け取る」):
    pressing one is the choice, and only that button is sent.
    """
    found: dict[AuthMethod, Element | Button] = {}
    for radio in form.of_kind("radio"):
        if radio.get("disabled") is not None:
            continue
        if (method := _named_method(label_of(radio))) is not None:
            found.setdefault(method, radio)
    if found:
        return found
    for select in form.of_kind("select"):
        # A select of methods (its options say SMS and 音声): the option is the choice.
        for option, words in option_texts(select):
            if (method := _named_method(words, weak=())) is not None:
                found.setdefault(method, option)
        if found:
            return found
    for button in form.buttons:
        words = button.text
        if button.disabled or any(word in words for word in (*RESEND_WORDS, "戻る")):
            continue
        if (method := _named_method(words, weak=("電話で", "電話に"))) is not None:
            found.setdefault(method, button)
    return found


# What a link that has the code sent says besides its method: 「SMSで受け取る」「音声で通知する」.
_SENDING_WORDS = ("送信", "受け取", "受信", "通知", "送る", "届け")


def method_links(doc: Element) -> dict[AuthMethod, str]:
    """The methods a page offers as plain links that have the code sent, and their hrefs.

    A link counts when its words name a method and say that the code is sent or received
    (「SMSで受け取る」), never one that asks again: 「SMS認証とは」 is no choice.
    """
    found: dict[AuthMethod, str] = {}
    for link in doc.iter("a"):
        href = link.get("href")
        words = shown_text(link)
        if (
            not followable(href)
            or not any(word in words for word in _SENDING_WORDS)
            or any(word in words for word in (*RESEND_WORDS, "戻る"))
        ):
            continue
        if (method := _named_method(words, weak=("電話で", "電話に"))) is not None:
            found.setdefault(method, href or "")
    return found


def maintenance_end(doc: Element) -> datetime | None:
    """The announced end of a maintenance window, if the page gives one."""
    match = _MAINTENANCE_END.search(text_of(doc))
    if not match:
        return None
    y, mo, d, h, mi = match.groups()
    return datetime(int(y), int(mo), int(d), int(h), int(mi or 0), tzinfo=JST)


_CUSTOMER_NUMBER = re.compile(r"\bN\d{10}\b")
_PHONE_050 = re.compile(r"050[-‐−ー ]?\d{4}[-‐−ー ]?\d{4}")
_CONTRACT_NUMBER = re.compile(r"\b[A-Z]{0,3}\d{6,}\b")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


class OpenBy(StrEnum):
    """How a person opens one contract's 050IP電話利用明細 from the page that lists it."""

    #: Pick the contract's option in a select, then press the form's button.
    SELECT = "select"
    #: Choose the radio button in the contract's row, then press the form's button.
    RADIO = "radio"
    #: Follow the link in the contract's row.
    LINK = "link"
    #: Send the contract's own small form.
    FORM = "form"
    #: Press the button in the contract's row, which sends a form of the page.
    BUTTON = "button"
    #: Nothing to do: the page already shows this contract's statement.
    SHOWN = "shown"


@dataclass(frozen=True, slots=True)
class Opener:
    """What to do on a page to open one contract: which form and control, which value."""

    by: OpenBy
    #: The index of the form among the page's forms (none for a link).
    form: int | None = None
    #: The tree path of the select or radio button to set.
    control: str | None = None
    #: The option's value, the link's href, or the button's index among its form's.
    value: str = ""


def customer_number(doc: Element) -> str | None:
    """The customer number (お客さま番号, N and ten digits) the page shows, if any."""
    match = _CUSTOMER_NUMBER.search(spaced_text(doc))
    return match.group(0) if match else None


def contract_choices(doc: Element, forms: list[Form]) -> list[tuple[Contract, Opener]]:
    """The page's 050 contracts, each with how to open it; other contracts are left out.

    A page may list the contracts in a select, as radio buttons in table rows, as a link
    per contract, or as a small form per contract. Lists that name different contracts
    are not guessed between: that fails with ``UnrecognizedPage``.
    """
    lists = [group for group in _chooser_lists(doc, forms) if group]
    if not lists:
        return _lone_contract(doc, forms)
    numbers = {tuple(sorted(c.contract_number for c, _ in group)) for group in lists}
    if len(numbers) > 1:
        raise UnrecognizedPage("one list of 050 contracts", f"{len(numbers)} that differ")
    chosen = lists[0]
    if all(c.phone_number for c, _ in chosen):
        return chosen
    # A choice by number alone takes the 050 numbers the page shows beside those numbers.
    shown = _shown_with_phones(doc)
    return [(c if c.phone_number else shown.get(c.contract_number, c), o) for c, o in chosen]


# Texts holding a 050 number looked through for a contract's: a call list may hold
# thousands, and the contracts are listed before it.
MAX_PHONE_TEXTS = 200


def _shown_with_phones(doc: Element) -> dict[str, Contract]:
    """The contracts a page shows with their 050 numbers (a row, a line), by number."""
    found: dict[str, Contract] = {}
    texts = doc.xpath("//text()[contains(., '050') or contains(., '０５０')]")
    for text in texts[:MAX_PHONE_TEXTS]:
        holder = next(text.getparent().iterancestors(*_HOLDERS), text.getparent())
        words = spaced_text(holder)
        contract = None if _CLOCK.search(words) else _contract_in(words)
        if contract is not None and contract.contract_number != contract.phone_number:
            found.setdefault(contract.contract_number, contract)
    return found


def _chooser_lists(doc: Element, forms: list[Form]) -> list[list[tuple[Contract, Opener]]]:
    """Every list of 050 contracts on the page, selects and radios first."""
    lists: list[list[tuple[Contract, Opener]]] = []
    own_forms: list[tuple[Contract, Opener]] = []
    for index, form in enumerate(forms):
        chooser = False
        by_number = _by_number_selects(form)
        for select in form.of_kind("select"):
            group = []
            for option, text in option_texts(select):
                if contract := _contract_in(text, option_value(option)):
                    value = option_value(option)
                    group.append((contract, Opener(OpenBy.SELECT, index, _path(select), value)))
            if not group and select in by_number:
                group = _numbered_options(select, index)
            chooser = chooser or bool(group)
            lists.append(group)
        radios: dict[str, list[tuple[Contract, Opener]]] = {}
        for radio in form.of_kind("radio"):
            if contract := _contract_in(_row_text(radio) or label_of(radio), radio.get("value")):
                opener = Opener(OpenBy.RADIO, index, _path(radio), radio.get("value") or "on")
                radios.setdefault(radio.get("name") or "", []).append((contract, opener))
        lists.extend(radios.values())
        rows = _row_buttons(form, index)
        lists.append(rows)
        if chooser or radios or rows or not form.buttons:
            continue
        hidden = " ".join(el.get("value") or "" for el in form.of_kind("hidden"))
        # The form's own words first: a layout table's row may hold the whole page.
        contract = _contract_in(_named_text(form.element), hidden) or _contract_in(
            _row_text(form.element), hidden
        )
        if contract is not None:
            own_forms.append((contract, Opener(OpenBy.FORM, index)))
    lists.append(_shown_or_forms(own_forms, forms))
    lists.append(_contract_links(doc))
    return lists


def _by_number_selects(form: Form) -> list[Element]:
    """Selects labelled 契約番号 in a form with ご確認月: 050IP電話利用明細's contract choice.

    Beside ご確認月 (on the 050 page, never 料金・ご利用明細, whose choice holds every
    service's contracts), a contract may be offered by its number alone.
    """
    month = form.control("ご確認月", kinds=("select",))
    if month is None:
        return []
    return [s for s in form.controls_labelled("契約番号", kinds=("select",)) if s is not month]


def _numbered_options(select: Element, index: int) -> list[tuple[Contract, Opener]]:
    """The contracts a select names by their 契約番号 alone; none if an option names none."""
    group = []
    for option, text in option_texts(select):
        value = option_value(option)
        if not value.strip():
            continue  # 選択してください
        numbers = [
            m.group(0)
            for m in _CONTRACT_NUMBER.finditer(clean(f"{text} {value}"))
            if not _CUSTOMER_NUMBER.fullmatch(m.group(0))
        ]
        if not numbers:
            return []
        label = clean(text.replace(numbers[0], " ")).strip(_PUNCTUATION)
        contract = Contract(numbers[0], "", label)
        group.append((contract, Opener(OpenBy.SELECT, index, _path(select), value)))
    return group


# Elements whose text names a contract shown on its own: a line, a term, a cell.
_HOLDERS = ("p", "dd", "dl", "li", "tr", "div", "td", "th", "span", "h2", "h3", "h4", "caption")


def _lone_contract(doc: Element, forms: list[Form]) -> list[tuple[Contract, Opener]]:
    """The one contract a 050 page shows as text beside its only ご確認月 form.

    Found by its 050 number outside the call list; a page that names two numbers so is
    not guessed between.
    """
    months = [
        i for i, f in enumerate(forms) if f.control("ご確認月", kinds=("select",)) is not None
    ]
    if len(months) != 1:
        return []
    found: dict[str, Contract] = {}
    for text in doc.xpath("//text()[contains(., '050') or contains(., '０５０')]"):
        holder = next(text.getparent().iterancestors(*_HOLDERS), text.getparent())
        if holder.tag not in _HOLDERS and text.getparent().tag in _HOLDERS:
            holder = text.getparent()
        words = spaced_text(holder)
        if _CLOCK.search(words) or (contract := _contract_in(words)) is None:
            continue  # a line of the call list, whose other party may be a 050 number
        if contract.contract_number == contract.phone_number:
            # The number alone: the contract number may stand beside it, a term or a cell on.
            for wider in list(holder.iterancestors())[:3]:
                if _CLOCK.search(spaced_text(wider)):
                    break
                named = _contract_in(spaced_text(wider))
                if (
                    named is not None
                    and named.phone_number == contract.phone_number
                    and named.contract_number != named.phone_number
                ):
                    contract = Contract(
                        named.contract_number, contract.phone_number, contract.label
                    )
                    break
        found.setdefault(contract.phone_number, contract)
    if not found and (named := _named_contract(doc)) is not None:
        found[""] = named
    if len(found) != 1:
        return []
    return [(found.popitem()[1], Opener(OpenBy.SHOWN, months[0]))]


# Where a label stands apart from its value: a term, a header cell, a label element.
_LABEL_TAGS = ("dt", "th", "td", "label", "span", "b", "strong")


def _named_contract(doc: Element) -> Contract | None:
    """The contract a page names only by its 契約番号 (the 050 number not shown), if one.

    The number is in the label's line or cell, else in the element after it (``dt``/``dd``,
    ``th``/``td``). Its 050 number stays unknown: the contract is named by its number.
    """
    numbers: set[str] = set()
    for text in doc.xpath("//text()[contains(., '契約番号')][not(ancestor::select)]"):
        label = text.getparent()
        holder = next(label.iterancestors(*_HOLDERS), label) if label.tag not in _HOLDERS else label
        near = [holder]
        if holder.tag in _LABEL_TAGS or label.tag in _LABEL_TAGS:
            after = (holder if holder.tag in _LABEL_TAGS else label).getnext()
            if after is not None:
                near.append(after)
        for element in near:
            words = spaced_text(element)
            if _CLOCK.search(words):
                break  # a line of a call list
            found = [
                m.group(0)
                for m in _CONTRACT_NUMBER.finditer(words)
                if not _CUSTOMER_NUMBER.fullmatch(m.group(0))
            ]
            if found:
                numbers.update(found)
                break
    if len(numbers) != 1:
        return None
    return Contract(numbers.pop(), "", "")


def shows_statement(doc: Element) -> bool:
    """Whether a 050 page shows a month's statement, not only the form that opens one."""
    table = _calls_table(doc)
    if table is not None:
        return True
    try:
        return "total" in _summary(doc)[0]
    except (ValueError, UnrecognizedPage):
        return True  # figures it cannot read: the statement's reader says so


def _row_buttons(form: Form, index: int) -> list[tuple[Contract, Opener]]:
    """A button per contract row, outside the form it sends (``form="id"``).

    A script link in a contract's row becomes such a button of a form elsewhere.
    """
    found: list[tuple[Contract, Opener]] = []
    for number, button in enumerate(form.buttons):
        element = button.element
        if element is None or any(a is form.element for a in element.iterancestors()):
            continue  # a button inside its form: the form is the choice (OpenBy.FORM)
        row = next(element.iterancestors("tr", "li"), None)
        if row is None:
            continue
        text = _row_words(row)
        values = " ".join(value for _, value in button.sets) or button.value
        if not _CLOCK.search(text) and (contract := _contract_in(text, values)):
            found.append((contract, Opener(OpenBy.BUTTON, index, value=str(number))))
    return found


def _shown_or_forms(
    own_forms: list[tuple[Contract, Opener]], forms: list[Form]
) -> list[tuple[Contract, Opener]]:
    """Small forms per contract; a lone statement form shows the contract it names."""
    if len(own_forms) == 1:
        contract, opener = own_forms[0]
        assert opener.form is not None
        if forms[opener.form].control("ご確認月", kinds=("select",)) is not None:
            return [(contract, Opener(OpenBy.SHOWN, opener.form))]
    return own_forms


def _contract_links(doc: Element) -> list[tuple[Contract, Opener]]:
    """A link per contract: the link in a row (or list item) that names a 050 contract."""
    found: list[tuple[Contract, Opener]] = []
    seen: set[Element] = set()  # the rows read already: one opener per row
    for link in doc.iter("a"):
        href = link.get("href")
        if not href or next(link.iterancestors("form"), None) is not None:
            continue
        row = next(link.iterancestors("tr", "li", "dd", "p"), None)
        if row is not None and row in seen:
            continue
        text = _row_words(row) if row is not None else shown_text(link)
        if _CLOCK.search(text):
            continue  # a line of a call list, whose other party may be a 050 number
        contract = _contract_in(text, href)
        if contract is None:
            continue
        if row is not None:
            seen.add(row)
            chosen = _row_link(row, contract)
            href = (chosen if chosen is not None else link).get("href") or href
        found.append((contract, Opener(OpenBy.LINK, value=href)))
    return found


def _row_link(row: Element, contract: Contract) -> Element | None:
    """The link of a row that opens the contract: the one naming it, else its statement."""
    links = [a for a in row.iter("a") if a.get("href")]
    for words in ((contract.contract_number, contract.phone_number), ("明細", "表示", "選択")):
        for link in links:
            text = shown_text(link).replace("-", "")
            if any(word in text for word in words):
                return link
    return links[0] if links else None


def _contract_in(text: str, value: str | None = None) -> Contract | None:
    """The 050 contract a text names (number, phone, label), or None if it names none."""
    text = clean(text)
    phone = _PHONE_050.search(text)
    if not phone:
        return None  # not a 050 contract (internet access, hikari denwa …)
    rest = text.replace(phone.group(0), " ")
    numbers = [m.group(0) for m in _CONTRACT_NUMBER.finditer(rest)]
    # A customer number beside the contract's in the same row is not the contract's.
    numbers = [n for n in numbers if not _CUSTOMER_NUMBER.fullmatch(n)] or numbers
    if not numbers and value:
        numbers = [m.group(0) for m in _CONTRACT_NUMBER.finditer(value)]
    digits = "".join(ch for ch in phone.group(0) if ch.isdigit())
    contract_number = numbers[0] if numbers else (value or digits)
    words = clean(rest.replace(contract_number, " ")).split(" ")
    label = " ".join(w for w in words if not _chrome(w))
    return Contract(contract_number, digits, label.strip(_PUNCTUATION))


def _chrome(word: str) -> bool:
    """Whether a word beside a contract is no part of its name.

    A header (ご契約番号), a button's word, or punctuation alone (a ／ between its number
    and its 050 number).
    """
    core = word.strip(_PUNCTUATION)
    return not core or core in _CHROME or core.removeprefix("ご") in _CHROME


# Words a contract's row or form prints beside it that are not its name: headers, buttons.
_CHROME = frozenset(
    (
        "契約番号",
        "電話番号",
        "サービス",
        "サービス名",
        "選択",
        "選択中",
        "表示",
        "明細を見る",
        "ご確認月",
        "照会",
        "照会する",
        "詳細",
        "詳細へ",
    )
)
_PUNCTUATION = "()（）:：・ /|"


def _named_text(form: Element) -> str:
    """A form's words as they name its contract, without its selects' options.

    A lone contract's form offers the months (or other choices) beside it.
    """
    return clean(" ".join(form.xpath(".//text()[not(ancestor::select)]")))


def _row_text(element: Element) -> str:
    """The text of the table row that holds an element, if it sits in one."""
    row = next(element.iterancestors("tr"), None)
    return _row_words(row) if row is not None else ""


def _row_words(row: Element) -> str:
    """A contract's row as it names the contract: its words without its ways on.

    A link or button that names no number (照会, 詳細へ) is no part of the contract's
    name, unless nothing else in the row names it (a link on the service's name beside
    the numbers); one showing the contract's number (a link on 050-1111-2222) is.
    """
    whole = text = spaced_text(row)
    for way in row.iter("a", "button", "input"):
        if way.tag == "input" and (way.get("type") or "").lower() not in ("submit", "button"):
            continue
        words = clean(way.get("value") or "") if way.tag == "input" else shown_text(way)
        if words and not any(ch.isdigit() for ch in words):
            head, found, tail = text.rpartition(words)
            text = f"{head} {tail}" if found else text
    named = any(not _NUMBER_WORD.fullmatch(word) and not _chrome(word) for word in text.split())
    return text if named else whole


# A word of a contract's row that is one of its numbers (C0000000001, 050-1111-2222).
_NUMBER_WORD = re.compile(r"[(（]?[A-Z]{0,3}[\d\-－]+[)）]?")


def _path(element: Element) -> str:
    return element.getroottree().getpath(element)


def month_form(forms: list[Form], contract: Contract | None = None) -> Form | None:
    """The form with ご確認月; of several (one per contract), the one naming ``contract``."""
    found = [form for form in forms if form.control("ご確認月", kinds=("select",)) is not None]
    if len(found) > 1 and contract is not None:
        found = [
            form
            for form in found
            if contract.contract_number in (text := _row_text(form.element) + _form_words(form))
            or contract.phone_number in text.replace("-", "")
        ]
    if len(found) > 1:
        raise UnrecognizedPage("one ご確認月 form", f"{len(found)} forms")
    return found[0] if found else None


def _form_words(form: Form) -> str:
    """A form's text and its hidden values: where a per-contract form names its contract."""
    hidden = " ".join(el.get("value") or "" for el in form.of_kind("hidden"))
    return f"{spaced_text(form.element)} {hidden}"


def parse_months(form: Form) -> list[date]:
    """The months ご確認月 offers, in the page's order."""
    select = form.control("ご確認月", kinds=("select",))
    return [month for _, month in option_months(select)] if select is not None else []


def selected_month(form: Form) -> date | None:
    """The month the statement page currently shows."""
    select = form.control("ご確認月", kinds=("select",))
    option = form.selected_option(select) if select is not None else None
    if option is None:
        return None
    return next((month for o, month in option_months(select) if o is option), None)


# Summary lines, by the words of their label and the words that make it another line.
# Order matters: the first match wins (通話料 after 通話時間, 合計 last). Lines about the
# calls counted for 着割 (着割対象通話, its time) and notes on its cap are none of ours: the
# empty key skips them, as the charges before 着割 (通話料（着割適用前）): 通話料（着割適用後）
# is the call charges.
_SUMMARY = (
    ("", ("着割対象", "対象通話", "最大割引", "適用前"), ()),
    ("chakuwari_discount", ("着割",), ("後", "前")),
    ("universal_service_fee", ("ユニバーサル",), ()),
    ("base_fee", ("基本料", "基本使用料", "月額料金", "月額利用料", "月額使用料"), ()),
    ("call_count", ("通話回数", "通話件数", "件数"), ()),
    ("total_duration", ("通話時間",), ()),
    ("call_charges", ("通話料",), ()),
    (
        "total",
        (
            "合計",
            "ご利用金額",
            "請求金額",
            "請求額",
            "支払金額",
            "支払い金額",
            "支払額",
            "利用額",
            "総額",
        ),
        (),
    ),
)
# Call list columns, by the words of their header. Order matters: 日時 and 開始 are the
# start before 時間 can make it the duration (通話開始日時 holds 時 but not 時間). A list
# may print the day and the time in two columns (通話日 or 通話開始日, 開始時刻). The end
# (通話終了日時) is no start, the line's own number (ご利用電話番号) no other party, and a
# classifier (料金区分, 時間区分) neither the charge nor the duration: their words fall through.
_COLUMNS = (
    (
        "started_day",
        ("日付", "通話日", "月日", "開始日", "利用日", "発信日"),
        ("日時", "時刻", "時間", "終"),
    ),
    ("started_at", ("日時", "開始", "時刻"), ("終了", "終話")),
    (
        "other_party",
        (
            "相手",
            "通話先",
            "着信先",
            "発信先",
            "発信者",
            "電話番号",
            "ダイヤル番号",
            "接続先",
            "宛先",
        ),
        ("ご利用", "利用電話", "契約", "自番号"),
    ),
    ("duration", ("時間", "秒数", "分数"), ("帯", "区分", "種別")),
    ("charge", ("料金", "金額", "通話料"), ("区分", "種別", "種類")),
    ("call_type", ("種別", "種類", "区分"), ("時間",)),
    ("chakuwari", ("着割",), ()),
)
#: Every word the summary's and the call list's labels are read by: a capture keeps them.
LABEL_WORDS = tuple(
    word for table in (_SUMMARY, _COLUMNS) for _, words, avoid in table for word in (*words, *avoid)
)
_COUNT = re.compile(r"\d[\d,]*")
# What a page prints for nothing (no discount, a free call), as cleaned and as typed.
_NIL = frozenset(("-", "－", "―", "—", "ー", "−", "‐", "–", "なし", "無し"))
# A note beside a summary value: 1,169円（税込）, 12円 ※1.
_NOTE = re.compile(r"\([^)]*\)|※.*")
_SECTIONS = ("thead", "tbody", "tfoot")


def _key_of(label: str, keys: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]) -> str:
    """The first key whose words the label holds and whose other words it does not."""
    for key, words, avoid in keys:
        if any(word in label for word in words) and not any(word in label for word in avoid):
            return key
    return ""


def _summary_key(label: str) -> str:
    """The summary line a label names.

    A note may hold the words of a line that is none of ours: 「着割（着割対象通話 62分）」
    is the discount itself, counted on those calls.
    """
    key = _key_of(label, _SUMMARY)
    if not key and "(" in label and _key_of(_NOTE.sub("", label), _SUMMARY) == "chakuwari_discount":
        return "chakuwari_discount"
    return key


def _rows(table: Element) -> list[Element]:
    """A table's own rows, not those of tables nested in its cells."""
    rows: list[Element] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _SECTIONS:
            rows.extend(child.iterchildren("tr"))
    return rows


# Attribute queries in C: a millisecond or two for 10,000 rows, and usually nothing found.
# One pass that tests each attribute's name costs half a union of two paths, which walks
# the table twice and sorts what it found.
_SPAN_QUERY = etree.XPath("descendant::*/@*[name() = 'rowspan' or name() = 'colspan']")


def _spanned(table: Element) -> frozenset[Element]:
    """The cells of a table that join rows or columns (``rowspan``, ``colspan``)."""
    return frozenset(attribute.getparent() for attribute in _SPAN_QUERY(table))


def _span(cell: Element, key: str) -> int:
    value = (cell.get(key) or "").strip()
    # A span beyond any real table's is a broken or hostile page: read it as one cell.
    return int(value) if value.isdigit() and 1 <= int(value) <= MAX_SPAN else 1


# Rows or columns one cell may span: a day's calls or a summary's columns, never more.
MAX_SPAN = 1000


# Children that start a new line where a cell shows them: their texts are apart words.
_BREAKS = ("br", "p", "div", "li", "dt", "dd", "tr", "td", "th", "table", "ul", "ol", "dl", "hr")


def _nested_text(cell: Element) -> str:
    """The text of a cell with child elements, a ``<br>`` or block between words a space.

    ``2026/10/1<br>12:30:00`` is a day and a time, not 2026/10/11 2:30; inline children
    (``<b>``, ``<font>``, ``8<span>.8</span>円``) join their texts as printed. A text box
    shows its value (old portals print figures in read-only boxes), and an image its
    ``alt`` (a column's name drawn as an image); a footnote's mark (``35円<sup>1</sup>``) is
    no part of the figure.
    """
    if next(cell.iterdescendants(*_BREAKS, "input", "sup", "img"), None) is None:
        return "".join(cell.itertext())
    parts: list[str] = []
    _gather_spaced(cell, parts)
    return "".join(parts)


def _gather_spaced(element: Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str):  # comments and processing instructions show nothing
            if child.tag == "input":
                if (child.get("type") or "text").lower() == "text":
                    parts.append(child.get("value") or "")
            elif child.tag == "sup":
                pass
            elif child.tag == "img":
                parts.append(child.get("alt") or "")
            elif child.tag in _BREAKS:
                parts.append(" ")
                _gather_spaced(child, parts)
                parts.append(" ")
            else:
                _gather_spaced(child, parts)
        if child.tail:
            parts.append(child.tail)


def _row_texts(
    rows: Sequence[Element], spanned: frozenset[Element], read: list[list[str]] | None = None
) -> list[list[str]]:
    """Each row's cell texts by position, th and td alike.

    In a table that joins cells, a cell counts in every position it covers: a day printed
    once for its calls (``rowspan``) is read in each of their rows, a label over two
    columns (``colspan``) in both. ``read`` holds each row's own cell texts when they were
    read already; they are completed in place.
    """
    if read is None:
        # Most cells hold plain text: .text avoids joining an iterator.
        read = [
            [cell.text or "" if not len(cell) else _nested_text(cell) for cell in row]
            for row in rows
        ]
    if not spanned:
        return read
    holders = {cell.getparent() for cell in spanned}
    joining = [index for index, row in enumerate(rows) if row in holders]
    # Position: the text joined from above and the index of the last row it covers.
    carried: dict[int, tuple[str, int]] = {}
    index = 0
    for holder in (*joining, len(rows)):
        # The rows up to the next that joins cells itself (nearly all) take the cells
        # joined from above at their positions, in runs over which those stay the same.
        while index < holder:
            carried = {at: joined for at, joined in carried.items() if joined[1] >= index}
            end = min((joined[1] + 1 for joined in carried.values()), default=holder)
            end = min(end, holder)
            order = [(at, joined[0]) for at, joined in sorted(carried.items())]
            if len(order) == 1 and (at := order[0][0]) == 0:
                text = order[0][1]
                for texts in read[index:end]:
                    texts.insert(0, text)  # a day printed once for its calls
            elif order:
                for texts in read[index:end]:
                    for at, text in order:
                        if at > len(texts):
                            texts.extend([""] * (at - len(texts)))  # a row short of it
                        texts.insert(at, text)
            index = end
        if index < len(rows):
            read[index] = _joining_row(rows[index], index, spanned, carried)
            index += 1
    return read


def _joining_row(
    row: Element, index: int, spanned: frozenset[Element], carried: dict[int, tuple[str, int]]
) -> list[str]:
    """The texts of a row that joins cells itself, those joined from above put in.

    ``carried`` loses the joined cells spent before this row and gains those it joins
    downwards.
    """
    for at in [at for at, joined in carried.items() if joined[1] < index]:
        del carried[at]

    def fill(texts: list[str]) -> None:
        # The cells joined from rows above that stand at the row's next positions.
        while (at := len(texts)) in carried:
            texts.append(carried[at][0])

    texts: list[str] = []
    for cell in row:
        if carried and len(texts) in carried:
            fill(texts)
        text = cell.text or "" if not len(cell) else _nested_text(cell)
        if cell not in spanned:
            texts.append(text)
            continue
        down = _span(cell, "rowspan")
        for _ in range(_span(cell, "colspan")):
            if down > 1:
                carried[len(texts)] = (text, index + down - 1)
            texts.append(text)
    while carried and any(at >= len(texts) for at in carried):
        fill(texts)
        if any(at >= len(texts) for at in carried) and len(texts) not in carried:
            texts.append("")  # a gap before a cell joined from above
    return texts


def _summary_value(key: str, text: str, label: str = "") -> Decimal | int | timedelta:
    """A summary line's value, read as the kind its label names; a dash is none.

    A duration whose label names its unit (通話時間(秒)) may be a bare number.
    """
    if clean(text) in _NIL:
        return timedelta() if key == "total_duration" else 0 if key == "call_count" else Decimal(0)
    if key == "call_count":
        match = _COUNT.search(clean(text))
        if not match:
            raise ValueError("not a count")
        return int(match.group(0).replace(",", ""))
    text = _NOTE.sub("", clean(text))
    if key == "total_duration":
        unit = next((seconds for word, seconds in _DURATION_UNITS if word in label), None)
        return _duration(text, unit)
    amount = parse_yen(text)
    return abs(amount) if key == "chakuwari_discount" else amount


class _Line(NamedTuple):
    """A summary line: what it is, its label as printed, the texts after it, its holder."""

    key: str
    label: str
    values: list[str]
    parent: Element | None


def _labelled(texts: list[str], parent: Element | None) -> list[_Line]:
    """Each cell that names a summary line, with the cells after it up to the next such."""
    lines: list[_Line] = []
    for text in texts:
        key = _summary_key(text) if text else ""
        if key:
            lines.append(_Line(key, text, [], parent))
        elif lines and text:
            if not lines[-1].values and _tax_word(text):
                # 合計 joined over a row 税抜 and a row 税込: the label's words, no value.
                lines[-1] = lines[-1]._replace(label=f"{lines[-1].label} {text}")
            else:
                lines[-1].values.append(text)
    return lines


def _tax_word(text: str) -> bool:
    """Whether a cell says only whether tax is in (税込, （税抜）), no figure."""
    return len(text) <= MAX_TAX_WORD and _stated_tax(text) is not None and not _FIGURE.search(text)


# A cell that says only 税込 or （税抜き） is short; one with more says more than that.
MAX_TAX_WORD = 6
_FIGURE = re.compile(r"[0-9０-９]")


def _down(rows: list[tuple[Element, list[str]]]) -> list[_Line]:
    """Summary lines of a table whose rows each start with a label (in th or td)."""
    return [
        line for row, texts in rows if len(texts) > 1 for line in _labelled(texts, row.getparent())
    ]


def _across(rows: list[tuple[Element, list[str]]]) -> list[_Line]:
    """Summary lines of a table of two rows: the labels, and under each its value.

    A row of one text across the table (a title, 「単位：円」) is passed over, and so is a
    column whose one cell spans both rows (a title beside the labels: ご利用金額).
    """
    if len(rows) > 2:
        rows = [(row, texts) for row, texts in rows if len(set(texts)) > 1]
    if len(rows) != 2 or len(rows[0][1]) != len(rows[1][1]):
        return []
    (top, labels), (_, values) = rows
    if any(label == value for label, value in zip(labels, values, strict=True)):
        kept = [
            (label, value) for label, value in zip(labels, values, strict=True) if label != value
        ]
        labels, values = [label for label, _ in kept], [value for _, value in kept]
    keys = [_summary_key(text) for text in labels]
    if sum(bool(key) for key in keys) < 2 or any(_summary_key(text) for text in values):
        return []
    return [
        _Line(key, label, [value], top.getparent())
        for key, label, value in zip(keys, labels, values, strict=True)
        if key
    ]


def _billed_column(rows: list[tuple[Element, list[str]]], month: date | None) -> int | None:
    """The value column of a summary table whose head row tells its columns apart.

    The amount with tax beside the one without (税抜 | 税込), as billed; the statement's
    month beside others (2026年9月分 | 2026年10月分).
    """
    for _, texts in rows[:2]:
        if len(texts) < 3 or _summary_key(texts[0]):
            continue  # a summary line, not a head
        taxed = [index for index, text in enumerate(texts) if "税込" in text]
        if len(taxed) == 1 and any("税抜" in text for text in texts):
            return taxed[0]
        if month is not None:
            months = [_head_month(text, month) for text in texts[1:]]
            if months.count(month) == 1 and len(set(months) - {None}) > 1:
                return months.index(month) + 1
    return None


# A column head naming a month without its year: 10月, 10月分.
_MONTH_ONLY = re.compile(r"^(\d{1,2})\s*月分?$")
# Heads naming the statement's month, and the one before it, by where they stand.
_THIS_MONTH = ("当月", "今月", "当月分", "今月分")
_LAST_MONTH = ("前月", "先月", "前月分", "先月分")


def _head_month(text: str, month: date) -> date | None:
    """The month a summary column's head names, for a statement of ``month``."""
    if found := _month_or_none(_western(text)):
        return found
    if text in _THIS_MONTH:
        return month
    if text in _LAST_MONTH:
        return (month - timedelta(days=1)).replace(day=1)
    if match := _MONTH_ONLY.match(text):
        number = int(match.group(1))
        # The nearest such month to the statement's: 12月 beside a January statement is
        # the December before it.
        year = month.year - (number > month.month + 6) + (number < month.month - 6)
        return date(year, number, 1) if 1 <= number <= 12 else None
    return None


def _column_first(
    rows: list[tuple[Element, list[str]]], column: int
) -> list[tuple[Element, list[str]]]:
    """The rows with the billed column's value first after each label, named by its head."""
    head = next(texts[column] for _, texts in rows if len(texts) > column)
    moved = []
    for row, texts in rows:
        if len(texts) > column and _summary_key(texts[0]):
            rest = [text for index, text in enumerate(texts[1:], 1) if index != column]
            moved.append((row, [f"{texts[0]}（{head}）", texts[column], *rest]))
        else:
            moved.append((row, texts))
    return moved


def _stacked(rows: list[tuple[Element, list[str]]]) -> list[_Line]:
    """Summary lines of a table of one cell a row, as on a phone: a label, then its value."""
    lines = []
    for (above, labels), (_, values) in pairwise(rows):
        if len(set(labels)) == len(set(values)) == 1 and values[0]:
            key = _summary_key(labels[0])
            if key and not _summary_key(values[0]):
                lines.append(_Line(key, labels[0], [values[0]], above.getparent()))
    return lines


def _outside(
    doc: Element, calls: tuple[Element, list[Element], dict[str, int]] | None, *tags: str
) -> Iterator[Element]:
    """The page's elements of ``tags`` in document order, but for those of a call list's table.

    A table of calls holds nearly every element of a long statement: a walk that skips it
    looks at a few hundred. Cards or blocks of calls may stand beside a summary in their
    holder, so lxml's own walk goes through them.
    """
    skip = calls[0] if calls and calls[0].tag == "table" else None
    if skip is None:
        yield from doc.iter(*tags)
        return
    stack = [doc]
    while stack:
        element = stack.pop()
        if element.tag in tags:
            yield element
        stack.extend(child for child in reversed(element) if child is not skip)


_TAX_LABELS = ("title", "h1", "h2", "h3", "h4", "caption", "th", "dt", "p")


def _summary(
    doc: Element,
    calls: tuple[Element, list[Element], dict[str, int]] | None = None,
    month: date | None = None,
) -> tuple[dict[str, Any], Element | None]:
    """Each summary line's value, from table rows (header in th or td) and term lists.

    ``calls`` is the call list (see ``_calls_table``), whose rows or cards are never summary
    lines and may be thousands. A line's value is the first cell or ``dd`` after its label
    that reads as that line's kind (a count, a duration, an amount); a line printed twice
    must agree with itself. In a table whose head tells its value columns apart, the value
    is the column's billed (see ``_billed_column``), for the statement's ``month``.
    """
    cards = (
        frozenset(calls[1])
        if calls and calls[1] and calls[1][0].tag in ("dl", "table")
        else frozenset()
    )
    groups: list[_Line] = []
    for table in _outside(doc, calls, "table"):
        if table in cards:
            continue  # a call's card
        rows = []
        own = _rows(table)
        for row, texts in zip(own, _row_texts(own, _spanned(table)), strict=True):
            # A layout cell holding a whole table is no label: its text may be the call list.
            if any(next(c.iter("table"), None) is not None for c in row):
                continue
            cleaned = [clean(text) for text in texts]
            if _columns(cleaned).keys() >= _REQUIRED_COLUMNS:
                continue  # a call list's header, in a table of its own over the calls
            rows.append((row, cleaned))
        if (column := _billed_column(rows, month)) is not None:
            rows = _column_first(rows, column)
        groups.extend(_across(rows) or _down(rows) + _stacked(rows))
    for term in _outside(doc, calls, "dt"):
        if cards and _term_list(term) in cards:
            continue  # a call's card
        key = _summary_key(text_of(term))
        if not key:
            continue
        values = []
        sibling = term.getnext()
        while sibling is not None and sibling.tag != "dt":
            if sibling.tag == "dd" and next(sibling.iter("dl", "table"), None) is None:
                values.append(clean(_nested_text(sibling)))
            sibling = sibling.getnext()
        groups.append(_Line(key, text_of(term), values, term.getparent()))
    loose = [] if any(line.key == "total" for line in groups) else _loose_lines(doc)
    if calls and not any(line.key == "total" for line in groups + loose):
        loose += _listed_totals(calls)
    found: dict[str, dict[Any, list[str]]] = {}  # key: each value read, with its labels
    unreadable: set[str] = set()
    holder = None
    for index, line in enumerate(groups + loose):
        for text in line.values:
            try:
                value = _summary_value(line.key, text, line.label)
            except ValueError:
                continue
            found.setdefault(line.key, {}).setdefault(value, []).append(line.label)
            holder = line.parent if holder is None else holder
            break
        else:
            # An empty cell is a line left blank, not one misread; a loose line may be
            # anything that holds the word (a heading, a note).
            if line.values and index < len(groups):
                unreadable.add(line.key)
    if unreadable - found.keys():
        raise ValueError("a summary line that reads as nothing")
    summary: dict[str, Any] = {}
    for key, readings in found.items():
        summary[key], labels = _one_reading(key, readings, doc)
        if key == "total" and (stated := _stated_tax(" ".join(labels))) is not None:
            summary["tax_included"] = stated
    return summary, holder


# Rows at the foot of a call list looked through for a total printed there: a 合計 row or
# two after the calls (or in the table's tfoot), never the calls themselves.
MAX_FOOT_ROWS = 5


def _listed_totals(calls: tuple[Element, list[Element], dict[str, int]]) -> list[_Line]:
    """The lines of a row at the call list's foot that states a total (合計 under the calls).

    Read only where the page prints its total nowhere else: the list's own total is of
    its calls, which a summary elsewhere outranks.
    """
    holder, rows, _ = calls
    if holder.tag != "table":
        return []
    foot = rows[-MAX_FOOT_ROWS:]
    foot += [
        row
        for section in holder.iterchildren("tfoot")
        for row in section.iterchildren("tr")
        if row not in foot
    ]
    spanned = frozenset(c for row in foot for c in row if c.get("rowspan") or c.get("colspan"))
    lines = []
    for texts in _row_texts(foot, spanned):
        cleaned = [clean(text) for text in texts]
        if any(_summary_key(text) == "total" for text in cleaned):
            lines += _labelled(cleaned, holder)
    return lines


def _one_reading(key: str, readings: dict[Any, list[str]], doc: Element) -> tuple[Any, list[str]]:
    """The value of a summary line read once, or in lines that agree, with its labels.

    Lines that differ are the amount before and after tax (合計（税抜）, 合計（税込）): the one
    with tax, as billed. Or they are a breakdown and its total (国内通話料, 国際通話料,
    通話料計): the line whose label says 計. Otherwise the page is not guessed at.
    """
    if len(readings) > 1 and any(
        _stated_tax(" ".join(labels)) is False for labels in readings.values()
    ):
        with_tax = {
            value: labels for value, labels in readings.items() if _stated_tax(" ".join(labels))
        }
        readings = with_tax or readings
    if len(readings) == 1:
        return next(iter(readings.items()))
    totals = [
        (value, labels)
        for value, labels in readings.items()
        if any("計" in label for label in labels)
    ]
    if len(totals) != 1:
        raise UnrecognizedPage(f"one value for {key} on the statement", outline(doc))
    return totals[0]


def _stated_tax(text: str) -> bool | None:
    """Whether a text says its amounts include tax (税込), exclude it (税抜), or neither."""
    if "税抜" in text:
        return False
    if "税込" in text:
        return True
    return None


# The words that name a summary line, for finding them outside tables and term lists.
_SUMMARY_WORDS = tuple(word for key, words, _ in _SUMMARY if key for word in words)
_LOOSE_QUERY = etree.XPath(
    "//text()[{}][not(ancestor::table or ancestor::dl or ancestor::select or ancestor::script)]".format(
        " or ".join(f"contains(., '{word}')" for word in _SUMMARY_WORDS)
    )
)
# 「合計：530円」: a label, a colon, the value, as one line of text.
_LINE = re.compile(r"^(?P<words>[^:：]{1,20})[:：]\s*(?P<figure>.+)$")
# 「合計 1,530円」: a label, a space, an amount (a note after it), as one line of text.
_SPACED_LINE = re.compile(
    r"^(?P<words>[^\d:：]{1,20}?)\s+(?P<figure>[-−▲△¥]?\s*\d[\d,.]*\s*円?(?:\s*\([^)]*\))?)$"
)
# A label is short; a longer text holding the word is a sentence, not a summary line.
MAX_LABEL_CHARS = 20
# Texts outside tables and term lists looked at for summary lines: a summary has a dozen.
MAX_LOOSE_LINES = 200


def _loose_lines(doc: Element) -> list[_Line]:
    """Summary lines outside tables and term lists.

    「合計：530円」 lines (or 「合計 530円」), the figure marked up inside the label's element
    (「合計：<strong>530</strong>円」), or a label element with its value in the element
    after it (``<span>合計</span><span>530円</span>``) or after its end
    (``<strong>合計</strong> 530円``).
    """
    lines: list[_Line] = []
    for text in _LOOSE_QUERY(doc)[:MAX_LOOSE_LINES]:
        line = clean(str(text))
        element = text.getparent()
        if match := _LINE.match(line) or _SPACED_LINE.match(line):
            label, values = match["words"], [match["figure"]]
        elif len(line) <= MAX_LABEL_CHARS and text.is_text and element is not None:
            label, values = line.rstrip(":：").strip(), []
            if len(element) and (whole := text_of(element)).startswith(line):
                values.append(whole[len(line) :].strip())
            if element.tail and element.tail.strip():
                values.append(clean(element.tail).lstrip(":："))
            if (after := element.getnext()) is not None:
                values.append(text_of(after))
        else:
            continue
        if key := _summary_key(label):
            parent = element.getparent() if element is not None else None
            lines.append(_Line(key, label, values, parent))
    return lines


def _tax_included(
    doc: Element,
    holder: Element | None,
    calls: tuple[Element, list[Element], dict[str, int]] | None,
) -> bool:
    """Tax as the page states it beside the amounts, else in its headings and labels."""
    near: list[Element] = []
    for element in (holder, holder.getparent() if holder is not None else None):
        if element is not None:
            near.extend(
                el for el in (element.find("caption"), element.getprevious()) if el is not None
            )
    # Headings and header cells only, outside the call list.
    labels = _outside(doc, calls, *_TAX_LABELS)
    for elements in (near, labels):
        if (stated := _stated_tax(" ".join(text_of(el) for el in elements))) is not None:
            return stated
    return True


# A duration column whose header names its unit (通話時間(秒), 通話時間（分）) may print bare
# numbers: seconds in it, as ``duration_unit``.
_DURATION_UNITS = (("秒", 1), ("分", 60))


def _columns(texts: list[str]) -> dict[str, int]:
    """Call list columns a header row names, by position (th and td alike)."""
    columns: dict[str, int] = {}
    taxed = False  # whether the charge column found says 税込
    for index, text in enumerate(texts):
        label = clean(text)
        key = _key_of(label, _COLUMNS)
        if key == "charge" and not taxed and _stated_tax(label):
            # 通話料金(税抜) then 通話料金(税込): the charge billed is the one with tax.
            columns.pop(key, None)
            taxed = True
        if key and key not in columns:
            columns[key] = index
            if key == "duration":
                unit = next((s for word, s in _DURATION_UNITS if word in label), None)
                if unit is not None:
                    columns["duration_unit"] = unit
    return columns


def _duration(text: str, unit: int | None) -> timedelta:
    """A call's duration; a bare number counts in the unit its column names.

    A dash or なし (a call not answered) is no time at all.
    """
    if text.strip() in _NIL:
        return timedelta()
    if unit is not None and (value := clean(text).replace(",", "")).isdigit():
        return timedelta(seconds=int(value) * unit)
    return parse_duration(text)


_REQUIRED_COLUMNS = frozenset(("started_at", "other_party", "duration"))


def _calls_table(doc: Element) -> tuple[Element, list[Element], dict[str, int]] | None:
    """The call list: its table, its rows after the header, and its columns.

    The header (in ``thead``, of ``th`` or of ``td``) is one of the first rows, and names
    the start, the other party and the duration. A header of two rows (通話開始 over 日付
    and 時刻) names the columns in its lower row; or, when neither row names them all, in
    both rows: each call then takes two rows (see ``_two_row_header``). A header alone in
    its table heads the next table's rows (see ``_body_table``). Several tables that read
    as call lists are one list (see ``_one_list``).
    """
    found: list[tuple[Element, list[Element], dict[str, int]]] = []
    for table in doc.iter("table"):
        rows = _rows(table)
        head = rows[:3]
        spanned = frozenset(c for row in head for c in row if c.get("rowspan") or c.get("colspan"))
        header: tuple[int, dict[str, int]] | None = None
        read = _row_texts(head, spanned)
        for index, texts in enumerate(read):
            # A row of terms, each with its value beside it, is a card: no header.
            columns = {} if _pairs_terms(texts) else _columns(texts)
            if columns.keys() >= _REQUIRED_COLUMNS:
                header = index, columns
            elif header is not None:
                break
        if header is None:
            header = _two_row_header(read)
        if header is not None:
            index, columns = header
            holder, below = table, rows[index + 1 :]
            if not below and SECOND_ROW not in columns:
                holder, below = _body_table(table, len(read[index]))
            found.append((holder, below, columns))
    if len(found) > 1:
        return _one_list(doc, found)
    return found[0] if found else _calls_cards(doc) or _calls_grid(doc)


_NEXT_TABLE = etree.XPath("following::table[1]")


def _body_table(head: Element, width: int) -> tuple[Element, list[Element]]:
    """A header table's calls, in the next table if the header stands alone.

    A list whose header stays in view while its calls scroll prints the header in a table
    of its own and the calls in the table after it, as wide as the header.
    """
    after = _NEXT_TABLE(head)
    if after:
        rows = _rows(after[0])
        if any(len(row) == width for row in rows[:3]):
            return after[0], rows
    return head, []


def _pairs_terms(texts: list[str]) -> bool:
    """Whether a row pairs terms with their figures, as a card in one table row does.

    通話開始日時 | 2026/10/01 09:15 | 相手先 | 03-1234-5678: a header names no figures.
    """
    return (
        sum(
            1
            for term, value in pairwise(texts)
            if any(ch.isdigit() for ch in value)
            and _key_of(clean(term), _COLUMNS)
            and not _key_of(clean(value), _COLUMNS)
        )
        > 1
    )


# In a call list's columns, where a call's second row starts (see ``_two_row_header``).
SECOND_ROW = "second_row"


def _two_row_header(read: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """A header of two rows that name a call's columns between them, each some.

    通話開始日時 and 相手先 above, 通話時間 and 通話料金 below: each call takes two rows
    too, read as one row of both rows' cells (``SECOND_ROW`` says where the lower row's
    cells start). A row that names no column, or one named in both rows, makes no such
    header, nor do rows holding figures: a card of two terms per row (通話開始日時 and its
    value beside 相手先 and its value) is one call, not a header. The index is the lower
    row's.
    """
    for index, (upper, lower) in enumerate(pairwise(read)):
        if any(ch.isdigit() for text in (*upper, *lower) for ch in text):
            continue
        above, below = _columns(upper), _columns(lower)
        keys = above.keys() | below.keys()
        if above and below and not above.keys() & below.keys() and keys >= _REQUIRED_COLUMNS:
            width = len(upper)
            columns = {
                key: at if key == "duration_unit" else at + width for key, at in below.items()
            }
            return index + 1, {**above, **columns, SECOND_ROW: width}
    return None


def _paired_rows(texts: list[list[str]], columns: dict[str, int]) -> list[list[str]]:
    """Each call's two rows as one: a row as wide as the header's upper row and the next.

    A row of another width, or one that is no call (a day across the list, a 小計), stands
    alone: judged by a column the upper row holds of those every call fills (the upper
    row names one, or the lower would be the header alone).
    """
    width = columns[SECOND_ROW]
    anchor = min(columns[key] for key in _REQUIRED_COLUMNS if columns[key] < width)
    paired = []
    index = 0
    while index < len(texts):
        row = texts[index]
        if len(row) == width and index + 1 < len(texts) and not _not_a_call(row, anchor):
            paired.append(row + texts[index + 1])
            index += 2
        else:
            paired.append(row)
            index += 1
    return paired


def _listed_calls(texts: list[str]) -> set[str]:
    """The rows of a list that may be calls: not blank, not a 計 line (each list has one)."""
    return {text for text in texts if text and "計" not in text}


# Call lists a page may split its calls into (発信 and 着信, a table a day): a month's days.
MAX_CALL_TABLES = 31


def _one_list(
    doc: Element, found: list[tuple[Element, list[Element], dict[str, int]]]
) -> tuple[Element, list[Element], dict[str, int]]:
    """Several call lists on one page, read as the one list a person reads.

    Lists showing the same rows are one list shown twice. Lists of other calls (発信 and
    着信) are joined: the rows of each after the first are moved under the first, each
    cell to the first's column of the same kind (a column the first lacks is left out, one
    the other lacks is empty), and the other tables leave the page, which then shows one
    list to every reader. Lists that share some calls but not all (a list of recent calls
    beside the month's), that join cells across rows (or, after the first, across
    columns), or that time their calls in another unit, are not guessed at.
    """
    holder, rows, columns = found[0]
    shown = [text_of(row) for row in rows]
    seen = _listed_calls(shown)
    others = []
    for other in found[1:]:
        texts = [text_of(row) for row in other[1]]
        if texts == shown:
            continue  # the same list shown twice
        if seen & (calls := _listed_calls(texts)):
            raise UnrecognizedPage("one call list", outline(doc))
        seen |= calls
        others.append(other)
    if not others:
        return found[0]
    if (
        len(found) > MAX_CALL_TABLES
        # The first list's rows stay as they are: a total across its columns is no bar.
        or any(_span(cell, "rowspan") > 1 for cell in _spanned(holder))
        or any(_spanned(table) for table, _, _ in others)
        or any(their.get("duration_unit") != columns.get("duration_unit") for _, _, their in others)
        or any(SECOND_ROW in their for _, _, their in found)
    ):
        raise UnrecognizedPage("one call list", outline(doc))
    width = max(position for key, position in columns.items() if key != "duration_unit") + 1
    body = rows[-1].getparent() if rows else holder
    for table, extra, their in others:
        if (heading := _day_heading(table)) is not None:
            # The day its heading names, as a row across the list above its calls.
            named = etree.SubElement(body, "tr")
            etree.SubElement(named, "td").text = heading
            rows.append(named)
        for row in extra:
            cells = list(row)
            placed = {
                columns[key]: cells[at]
                for key, at in their.items()
                if key in columns and key != "duration_unit" and at < len(cells)
            }
            joined = etree.SubElement(body, "tr")
            for position in range(width):
                cell = placed.get(position)
                joined.append(cell if cell is not None else etree.Element("td"))
            rows.append(joined)
        remove_element(table)
    return holder, rows, columns


# A header cell of a call list laid out without a table: the duration's names it.
_GRID_QUERY = etree.XPath("//text()[contains(., '時間')][not(ancestor::table or ancestor::script)]")
# Texts naming a duration looked at for a header row: a page has a handful.
MAX_GRID_HEADERS = 50


def _calls_grid(doc: Element) -> tuple[Element, list[Element], dict[str, int]] | None:
    """A call list laid out in blocks (``div``, ``li``) rather than a table.

    Its header is a block whose children name the start, the other party and the
    duration; each block after it (or, when the header stands in a block of its own, each
    block of the one after that) is a call with a child per column.
    """
    for text in _GRID_QUERY(doc)[:MAX_GRID_HEADERS]:
        cell = text.getparent()
        row = cell.getparent() if cell is not None else None
        if row is None or row.tag == "dl" or row.getparent() is None:
            continue  # a card of terms and values, no header row
        columns = _columns([text_of(child) for child in row])
        if not columns.keys() >= _REQUIRED_COLUMNS:
            continue
        rows = list(row.itersiblings())
        if not rows and (body := row.getparent().getnext()) is not None:
            rows = list(body)
        return row.getparent(), rows, columns
    return None


# Term lists looked at for a call card: a statement's summary comes in a few.
MAX_CARD_LISTS = 50


def _calls_cards(doc: Element) -> tuple[Element, list[Element], dict[str, int]] | None:
    """A call list laid out as cards: a term list (``dl``) or a small table per call.

    A card's terms (or a table's row headers) are the columns. Each card is read as a row of its terms and values in turn: a column stands where its
    term's value does. The cards are the first that names the start, the other party and
    the duration, and the cards like it beside it, or each in an item of its own
    (``<li><dl>…</dl></li>``) beside it.
    """
    for dl in islice(doc.iter("dl", "table"), MAX_CARD_LISTS):
        terms = [text_of(child) if child.tag in ("dt", "th") else "" for child in _terms(dl)]
        columns = _columns(terms)
        if not columns.keys() >= _REQUIRED_COLUMNS or (holder := dl.getparent()) is None:
            continue
        unit = columns.pop("duration_unit", None)
        at_values = {key: at + 1 for key, at in columns.items()}
        if unit is not None:
            at_values["duration_unit"] = unit
        cards = _alike(dl, holder)
        if len(cards) == 1 and (outer := holder.getparent()) is not None:
            # A card in an item of its own: the cards are those of the items beside it.
            items = _alike(dl, (card for item in outer if item.tag == holder.tag for card in item))
            if len(items) > 1:
                holder, cards = outer, items
        return holder, cards, at_values
    return None


def _alike(dl: Element, elements: Iterable[Element]) -> list[Element]:
    """The cards among ``elements`` that are cards like ``dl``.

    Cards are alike; a term list or table beside them that is not (a summary) is none.
    """
    first = _first_term(dl)
    if dl.tag == "table":
        size = len(_terms(dl))
        return [
            card
            for card in elements
            if card.tag == "table" and len(_terms(card)) == size and _first_term(card) == first
        ]
    # A term list's own length stands for its terms': cheaper over thousands of cards.
    return [
        card
        for card in elements
        if card.tag == "dl" and len(card) == len(dl) and _first_term(card) == first
    ]


def _terms(dl: Element) -> list[Element]:
    """A card's terms and values in order, or a table card's row headers and cells.

    HTML lets a term list wrap each term with its values in a ``div``.
    """
    if dl.tag == "table":
        return [cell for row in _rows(dl) for cell in row if cell.tag in ("th", "td")]
    cells: list[Element] = []
    for child in dl:
        if child.tag == "div":
            cells.extend(cell for cell in child if cell.tag in ("dt", "dd"))
        else:
            cells.append(child)
    return cells


def _first_term(dl: Element) -> str | None:
    """The text of a card's first term, grouped in a ``div`` or not, or first row header."""
    if dl.tag == "table":
        terms = _terms(dl)
        return terms[0].text if terms else None
    if not len(dl):
        return None
    first = dl[0]
    if first.tag == "div" and len(first):
        first = first[0]
    return first.text


def _term_list(term: Element) -> Element | None:
    """The term list a term stands in, grouped in a ``div`` or not."""
    parent = term.getparent()
    if parent is not None and parent.tag == "div":
        parent = parent.getparent()
    return parent


def _not_a_call(texts: list[str], started_col: int) -> bool:
    """A row inside the call list that is no call.

    A subtotal, a repeated header, a blank, a note across the list (one cell over every
    column: the same text in each, a day's count of calls beside it or not).
    """
    return (
        not any(c.isdigit() for c in texts[started_col])
        or any("計" in t for t in texts)
        or _says_one_thing(texts)
    )


def _says_one_thing(texts: list[str]) -> bool:
    """Whether a row's cells say one thing: a note, or a day with its count of calls (3件)."""
    shown = {text.strip() for text in texts if text.strip()}
    if len(shown) == 2:  # a call says more; only a count beside one text is looked for
        shown = {kept for text in shown if (kept := _DAY_COUNT.sub("", text).strip())}
    return len(shown) <= 1


# A day as a heading or row names it: 2026年11月3日（火曜日）, a few words more at most.
MAX_DAY_CHARS = 24


def _day_row(texts: list[str], year: int, month: int) -> str | None:
    """The day a row across the call list names for the calls under it, as ``2026/11/03``.

    One short text over the row (11月3日（火）, in a cell across the columns or in each),
    no 計: a longer text that holds a date (「2026年11月30日時点の内容です」) is a note. The
    day's count of calls beside it (3件, （3通話）) is passed over.
    """
    shown = {kept for text in texts if (kept := _DAY_COUNT.sub("", text).strip())}
    if len(shown) != 1 or "計" in (text := shown.pop()) or len(text) > MAX_DAY_CHARS:
        return None
    day, printed = _day_of(text, year, month)
    return printed if day is not None else None


# How many calls a day row says it heads: 3件, （3通話）, 通話3回.
_DAY_COUNT = re.compile(r"[（(]?\s*(?:通話\s*)?\d[\d,]*\s*(?:件|通話|回)\s*[）)]?")


def _day_of(text: str, year: int, month: int) -> tuple[date | None, str]:
    """A call's day, and as ``2026/12/03``, however the page prints it (令和8年12月3日, 12/03)."""
    try:
        day = parse_datetime(f"{text} 0:00", year, month).date()
    except ValueError:
        return None, text  # not a day: the row is judged as a whole below
    return day, f"{day:%Y/%m/%d}"


_TIME_OF = time.fromisoformat
_AT = datetime.combine


def _table_calls(table: tuple[Element, list[Element], dict[str, int]], month: date) -> list[Call]:
    """The calls of a call list table.

    Rows of equal length join no cells (a day printed once for its calls leaves the rows
    under it short, a total across columns its own row): only a list with rows of other
    lengths is looked through for ``rowspan`` and ``colspan``, which costs a pass.
    """
    holder, rows, columns = table
    if rows and (
        rows[0].tag == "table"
        or (rows[0].tag == "dl" and any(child.tag == "div" for child in rows[0]))
    ):
        # Cards of table rows, or whose terms stand with their values in a div each: the
        # terms are the cells.
        cells: Iterable[Iterable[Element]] = (_terms(row) for row in rows)
    else:
        cells = rows
    texts = [
        [cell.text or "" if not len(cell) else _nested_text(cell) for cell in row] for row in cells
    ]
    heading = _day_heading(holder)
    headed = _day_row([heading], month.year, month.month) if heading else None
    if len({len(row) for row in texts}) > 1 and (spanned := _spanned(holder)):
        texts = _row_texts(rows, spanned, texts)
    if SECOND_ROW in columns:
        texts = _paired_rows(texts, columns)
    return _calls(texts, columns, month, headed)


def _day_heading(table: Element) -> str | None:
    """The caption or heading just above a call list, if it names a day (11月3日（火）).

    It is the day of those calls that show their time alone. A table alone in a wrapper (a
    box that scrolls on a phone) has the heading above the wrapper.
    """
    above = table
    while (
        above.getprevious() is None
        and (parent := above.getparent()) is not None
        and parent.tag == "div"
        and len(parent) == 1
    ):
        above = parent
    for element in (table.find("caption"), above.getprevious()):
        if element is not None and element.tag in _DAY_HEADINGS:
            text = text_of(element)
            # Any year reads a day as a day; the statement's month dates it later.
            return text if _day_row([text], 2000, 0) else None
    return None


# What names a day above its calls: a caption, a heading, a line of text.
_DAY_HEADINGS = ("caption", "h2", "h3", "h4", "h5", "h6", "p", "div", "dt", "strong", "b")


# Elements before a statement's call list looked through for its 050 number: the page's
# head, menus, forms and summary come in a few hundred.
MAX_HEAD_ELEMENTS = 2000


def _statement_phone(
    doc: Element, calls: tuple[Element, list[Element], dict[str, int]] | None
) -> str:
    """The 050 number a statement shows for its contract (ご利用番号 050-1111-2222), if one.

    Read before the call list, whose other parties may be 050 numbers, and outside the
    options of a choice; a page that shows two numbers there is not guessed between.
    """
    holder = calls[0] if calls else None
    found: set[str] = set()
    for element in islice(doc.iter(), MAX_HEAD_ELEMENTS):
        if element is holder:
            break
        if element.tag in ("option", "script", "style"):
            continue
        for text in (element.text, element.tail):
            if text and "050" in (text := clean(text)) and (match := _PHONE_050.search(text)):
                found.add("".join(ch for ch in match.group(0) if ch.isdigit()))
    return found.pop() if len(found) == 1 else ""


# Beyond what one 050 line's month can cost or hold: a page misread, or written to harm
# (a 40-digit total would break the arithmetic of the sensors that use it).
MAX_YEN = Decimal(100_000_000)
MAX_CALLS = 1_000_000
# A number with a note after it: a name, 「(登録名なし)」, on a line of its own or not.
_NOTED_PARTY = re.compile(r"(\+?\d(?:[\d ]*\d)?)(?: *\(| +[^\d ])")
# A named tuple's own constructor is a Python function that checks its arguments; the
# tuple's, given all six in order, builds the same value in half the time.
_new_call = tuple.__new__


def _call_charge(printed: str) -> Decimal:
    """A call's charge, a note beside it (8.8円（税込）, 26円 ※1) left out."""
    try:
        return parse_yen(printed)
    except ValueError:
        return parse_yen(_NOTE.sub("", clean(printed)))


def _calls(
    rows: Iterable[list[str]],
    columns: dict[str, int],
    month: date,
    headed: str | None = None,
) -> list[Call]:
    """Each call row of the call list. Runs once per call, so it keeps to the cheap paths.

    ``headed`` (2026/11/03) is the day the list's heading names: of the calls above any row
    that names one.
    """
    started_col = columns["started_at"]
    party_col = columns["other_party"]
    duration_col = columns["duration"]
    # A column the page lacks reads the empty string appended to every row (index -1).
    charge_col = columns.get("charge", -1)
    type_col = columns.get("call_type", -1)
    mark_col = columns.get("chakuwari", type_col)
    day_col = columns.get("started_day")
    unit = columns.get("duration_unit")
    needed = max(started_col, party_col, duration_col, day_col or 0)
    optional = max(charge_col, type_col, mark_col)
    lacking = min(charge_col, type_col, mark_col) < 0
    year, month_number = month.year, month.month
    # Charges, durations and types repeat across a month: parse each printing once.
    types: dict[str, str] = {}
    charges = dict.fromkeys(("", *_NIL, "無料"), Decimal(0))
    durations: dict[str, timedelta] = {}
    days: dict[str, tuple[date | None, str]] = {}
    marks: dict[str, bool] = {}
    # The day a row across the list names (11月3日（火）) for the times under it.
    listed_day = headed
    calls = []
    for texts in rows:
        # The readers below take spaces around a value, so only the values used as they
        # are get stripped.
        if len(texts) <= needed:
            # A subtotal or note row, or the day of the calls under it.
            if day_col is None and (named := _day_row(texts, year, month_number)):
                listed_day = named
            continue
        if lacking:
            texts.append("")
        if len(texts) <= optional:
            # A short row (a broken page) reads its missing optional cells as empty.
            texts.extend([""] * (optional + 1 - len(texts)))
        started = None
        if day_col is not None:
            # A day repeats over its calls (and is printed once for them): read it once.
            raw_day = texts[day_col]
            found = days.get(raw_day)
            if found is None:
                found = days[raw_day] = _day_of(raw_day, year, month_number)
            day, clock = found[0], texts[started_col]
            if day is not None and (
                (len(clock) == 5 and clock[2] == ":")
                or (len(clock) == 8 and clock[2] == clock[5] == ":")
            ):
                # 09:15 or 09:15:07 on a day read already: the C readers, a third of the
                # cost of reading the day and time joined.
                # (contextlib.suppress would cost as much as the read it saves.)
                try:  # noqa: SIM105
                    started = _AT(day, _TIME_OF(clock), JST)
                except ValueError:
                    pass  # 09:15:7 and the like: read below as the page prints it
            if started is None:
                texts[started_col] = f"{found[1]} {clock}"
        try:
            if started is None:
                try:
                    started = parse_datetime(texts[started_col], year, month_number)
                except ValueError:
                    if listed_day is None:
                        raise
                    # A time alone, under the row that names its day.
                    started = parse_datetime(
                        f"{listed_day} {texts[started_col]}", year, month_number
                    )
            raw_type = texts[type_col]
            call_type = types.get(raw_type)
            if call_type is None:
                call_type = types[raw_type] = clean(raw_type).replace("*", "").strip()
            printed = texts[charge_col]
            charge = charges.get(printed)
            if charge is None:
                charge = charges[printed] = _call_charge(printed.strip())
                if abs(charge) >= MAX_YEN:
                    raise ValueError("a call charge beyond any month's")
            duration = durations.get(texts[duration_col])
            if duration is None:
                duration = durations[texts[duration_col]] = _duration(texts[duration_col], unit)
        except ValueError:
            if _not_a_call(texts, started_col):
                if day_col is None and (named := _day_row(texts, year, month_number)):
                    listed_day = named
                continue
            raise
        party = texts[party_col]
        if not (party.isdigit() and party.isascii()):  # full-width digits are digits too
            party = party.strip()
            party = (party if party.isascii() else clean(party)).replace("-", "")
            if not party.isdigit() and (noted := _NOTED_PARTY.match(party)) is not None:
                party = noted.group(1)  # 0312345678 (登録名なし): the number without its note
        mark = marks.get(texts[mark_col])
        if mark is None:
            raw_mark = texts[mark_col]
            mark = marks[raw_mark] = any(sign in raw_mark for sign in _CHAKUWARI_MARKS)
        calls.append(
            _new_call(
                Call,
                (
                    started,
                    party,
                    duration,
                    charge,
                    call_type,
                    mark,
                ),
            )
        )
    return calls


# The marks of a call that counts for 着割, in its own column or beside its type.
_CHAKUWARI_MARKS = ("*", "＊", "○", "◯")


# How a paged list says how long it is: 全250件, 250件中 1～100件.
_LISTED = re.compile(r"全\s*(\d[\d,]*)\s*件|(\d[\d,]*)\s*件中")


# Where no count of the calls stands: a link's words (a way elsewhere), a choice's options.
_NOT_COUNT_LINES = frozenset(("a", "select", "script", "style"))
# What a line counting the list's calls says besides its figures: 「1～15件目／全40件」,
# 「全120件中 1～100件を表示」, 「通話明細 全40件」. A line that names something else
# (お知らせ 全2件, メッセージ 全5件) counts that, not the calls.
_COUNT_LINE_WORDS = re.compile(
    r"[\d,\s~～〜\-－/／:：()（）]|全|件|中|目|を|の|表示|ページ|頁|通話|明細|検索|結果|該当|一覧"
)


def _listed_count(doc: Element, skip: Element | None) -> int | None:
    """The number of calls a paged list says it holds, when it says so.

    ``skip`` is the call list: its thousands of cells hold no such line. Nor do links, nor
    lines that count something else.
    """
    counts = set()
    stack = [doc]
    while stack:
        element = stack.pop()
        passed = element is skip or element.tag in _NOT_COUNT_LINES
        texts = [element.tail] if passed else [element.text, element.tail]
        for text in texts:
            if text and "件" in text and not _COUNT_LINE_WORDS.sub("", line := clean(text)):
                for match in _LISTED.finditer(line):
                    counts.add(int((match.group(1) or match.group(2)).replace(",", "")))
        if not passed:
            stack.extend(element)
    if len(counts) > 1:
        raise UnrecognizedPage("one number of calls", outline(doc))
    return counts.pop() if counts else None


# Headings that name the statement's month, before any other dated heading (an "as of").
_MONTH_WORDS = ("利用", "分")


def _statement_month(doc: Element) -> date:
    """The month the statement's headings name, else the one its ご確認月 shows."""
    texts = [text_of(el) for el in doc.iter("title", "h1", "h2", "h3", "h4", "caption")]
    for wanted in (_MONTH_WORDS, ("",)):
        for text in texts:
            if not any(word in text for word in wanted):
                continue
            try:
                return parse_month(text)
            except ValueError:
                continue
    for form in forms_of(doc, ""):
        if (month := selected_month(form)) is not None:
            return month
    raise UnrecognizedPage("the statement's month", outline(doc))


def parse_statement(
    body: bytes | str | Element, contract_number: str, month: date | None = None
) -> Statement:
    """A 050IP電話利用明細 page as a statement; amounts, counts and the calls on this page.

    Without ``month``, the page's headings tell it. A call list split over pages gives the
    calls of this page only: see ``next_page``, ``parse_calls`` and ``merge_call_pages``.
    """
    doc = body if isinstance(body, Element) else parse_html(body)
    if month is None:
        month = _statement_month(doc)
    table = _calls_table(doc)
    try:
        summary, holder = _summary(doc, table, month)
        if "total" not in summary:
            raise UnrecognizedPage("a total amount on the statement", outline(doc))
        calls = _table_calls(table, month) if table else []
        # Without a count in the summary, a paged list's own (全250件) covers every page.
        count = summary.get("call_count")
        if count is None:
            count = _listed_count(doc, table[0] if table else None)
        duration = summary.get("total_duration")
        # The total's own label (合計（税込）) says best; else the words around it.
        tax_included = summary.get("tax_included")
        if tax_included is None:
            tax_included = _tax_included(doc, holder, table)
        statement = Statement(
            contract_number=contract_number,
            month=month,
            call_charges=summary.get("call_charges", Decimal(0)),
            base_fee=summary.get("base_fee", Decimal(0)),
            chakuwari_discount=summary.get("chakuwari_discount", Decimal(0)),
            universal_service_fee=summary.get("universal_service_fee", Decimal(0)),
            total=summary["total"],
            tax_included=tax_included,
            call_count=len(calls) if count is None else count,
            total_duration=sum((c.duration for c in calls), timedelta())
            if duration is None
            else duration,
            calls=tuple(calls),
            phone_number=_statement_phone(doc, table),
        )
    except ValueError as err:
        raise UnrecognizedPage("amounts, times and dates in the statement", outline(doc)) from err
    return _plausible(statement, doc)


def _plausible(statement: Statement, doc: Element) -> Statement:
    """The statement, if its figures are within what a month of a 050 line can be."""
    amounts = (
        statement.total,
        statement.call_charges,
        statement.base_fee,
        statement.chakuwari_discount,
        statement.universal_service_fee,
    )
    if (
        any(not amount.is_finite() or abs(amount) >= MAX_YEN for amount in amounts)
        or not 0 <= statement.call_count <= MAX_CALLS
    ):
        raise UnrecognizedPage(
            f"amounts below ¥{MAX_YEN:,} and at most {MAX_CALLS:,} calls on the statement",
            outline(doc),
        )
    return statement


def parse_calls(body: bytes | str | Element, month: date) -> tuple[Call, ...]:
    """The calls on a further page of a month's call list."""
    doc = body if isinstance(body, Element) else parse_html(body)
    table = _calls_table(doc)
    if table is None:
        raise UnrecognizedPage("the call list", outline(doc))
    try:
        return tuple(_table_calls(table, month))
    except ValueError as err:
        raise UnrecognizedPage("times and dates in the call list", outline(doc)) from err


def has_call_list(doc: Element) -> bool:
    """Whether the page shows a table of calls (else a statement may offer them as CSV)."""
    return _calls_table(doc) is not None


def _names_download(text: str) -> bool:
    return "CSV" in text.upper() or ("ダウンロード" in text and ("明細" in text or "通話" in text))


def csv_download(doc: Element, forms: list[Form], url: str) -> NextPage | None:
    """Where a statement offers its calls as a CSV download: a link, or a form's button."""
    for link, address in _links(doc, url).items():
        if _names_download(_link_text(link)):
            return NextPage(url=address)
    for form in forms:
        for button in form.buttons:
            if _names_download(button.text):
                return NextPage(form=form, button=button)
    return None


_BOM = b"\xef\xbb\xbf"


def csv_text(body: bytes, charset: str | None = None) -> str:
    """A CSV download's text.

    UTF-8 or UTF-16 by its byte order mark, else UTF-8, else its declared charset, else the
    Japanese charset in which its header row reads as words (通話…): Windows-31J, what
    Shift_JIS downloads are written in, or EUC-JP. Bytes no charset reads wholly are read
    as Windows-31J.
    """
    if body.startswith(_BOM):
        return body[len(_BOM) :].decode("utf-8", errors="replace")
    if body.startswith(_UTF16_BOMS):
        return body.decode("utf-16", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = codec_of(charset)
    if declared is not None and declared != "utf-8":
        return decode(body, declared)
    for codec in _CSV_CODECS:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CSV_WORD in text[:CSV_HEAD_CHARS]:
            return text
    return decode(body, _CSV_CODECS[0])


# Byte order marks of UTF-16, little- and big-endian, as spreadsheets write it.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# The charsets of a CSV that does not say: Windows-31J, then EUC-JP (both read many
# byte strings; the one whose header row says 通話 is the CSV's).
_CSV_CODECS = ("cp932", "euc_jis_2004")
_CSV_WORD = "通話"


# Lines before a CSV's header row: a title, the contract, the customer, the month, notes,
# blank lines; a few dozen at most.
MAX_CSV_PREAMBLE = 30
# Enough of a CSV to tell its separator by: the preamble and header row.
CSV_HEAD_CHARS = 4096


def parse_calls_csv(body: bytes, month: date, charset: str | None = None) -> tuple[Call, ...]:
    """The calls of a statement's CSV download.

    A header row names the columns as the page's call list does (通話開始日時,
    通話先電話番号, 通話時間 …), then each row is a call; the text as ``csv_text`` reads it.
    """
    text = csv_text(body, charset)
    head = text[:CSV_HEAD_CHARS]
    # Some downloads separate by tabs (TSV) under a .csv name.
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    rows: Iterator[list[str]] = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    if '="' in text:
        rows = _formula_texts(rows)
    for _, texts in zip(range(MAX_CSV_PREAMBLE + 1), rows, strict=False):
        columns = _columns(texts)
        if columns.keys() >= _REQUIRED_COLUMNS:
            break
    else:
        raise UnrecognizedPage("a call list in the CSV download", "no header row")
    try:
        return tuple(_calls(rows, columns, month))
    except (ValueError, csv.Error) as err:
        raise UnrecognizedPage("times and dates in the CSV download", "unreadable") from err


def _formula_texts(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """Rows whose fields Excel's text form keeps as typed (``="0312345678"``) read as text."""
    for row in rows:
        yield [
            field[2:-1] if field.startswith('="') and field.endswith('"') else field
            for field in row
        ]


def merge_call_pages(first: Statement, more: Iterable[Sequence[Call]]) -> Statement:
    """The statement of a call list's first page with the calls of its further pages.

    A count or a total duration the summary prints is kept; one counted from the first
    page's calls (it equals that page's) is counted again over every page.
    """
    extra = tuple(call for calls in more for call in calls)
    if not extra:
        return first
    calls = first.calls + extra
    counted = first.call_count == len(first.calls)
    summed = first.total_duration == sum((c.duration for c in first.calls), timedelta())
    return replace(
        first,
        calls=calls,
        call_count=len(calls) if counted else first.call_count,
        total_duration=sum((c.duration for c in calls), timedelta())
        if summed
        else first.total_duration,
    )


@dataclass(frozen=True, slots=True)
class NextPage:
    """Where a call list goes on: a link's address, or a form and the button to press."""

    url: str | None = None
    form: Form | None = None
    button: Button | None = None


# 次へ, 次ページ, 次頁, 次の100件, 次の明細へ, 次 >, a lone arrow; もっと見る and さらに100件表示
# (a list that grows by a page); never 次回 or 次月.
_NEXT = re.compile(
    r"次(?:へ|の?(?:ページ|頁)|の\s*\d+\s*件|の(?:明細|一覧)へ)|^(?:次|(?:次\s*)?[>»›≫〉]+)$"
    r"|^(?:もっと見る|続きを見る|さらに(?:\d+件)?表示)"
)
# A doubled arrow (>>, », ≫) is as often the last page as the next: it is followed only
# when no word, single arrow or page number says which page comes next.
_DOUBLED = re.compile(r"^(?:[>»›≫〉]{2,}|[»≫])$")
_PAGE_NUMBER = re.compile(r"^\[?(\d{1,4})\]?$")
_NUMBER = re.compile(r"(?<!\d)\d{1,4}(?!\d)")


def _is_next(text: str) -> bool:
    return bool(_NEXT.search(text)) and "前" not in text and "戻" not in text


def _next_rank(text: str) -> int | None:
    """How plainly words say "the next page": 0 a word or one arrow, 1 a doubled arrow."""
    if not _is_next(text):
        return None
    return 1 if _DOUBLED.match(text) else 0


def _link_text(link: Element) -> str:
    """A link's words: its text, else the alt of its image."""
    return text_of(link) or clean(" ".join(img.get("alt") or "" for img in link.iter("img")))


def _address(link: Element, url: str) -> str | None:
    """Where a link leads, or None when it leads nowhere (no href, #, javascript:, garbage)."""
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:")):
        return None
    try:
        return urljoin(url, href)
    except ValueError:
        return None


def _button_elements(form: Form) -> list[tuple[Element, str]]:
    """A form's submit buttons as elements, each with the words a person reads on it."""
    found = []
    for el in form.element.iter("button", "input"):
        kind = (el.get("type") or ("submit" if el.tag == "button" else "text")).lower()
        if kind in ("submit", "image"):
            words = text_of(el) if el.tag == "button" else clean(el.get("value") or "")
            found.append((el, words or clean(el.get("alt") or "")))
    return found


def next_page(doc: Element, forms: list[Form], url: str) -> NextPage | None:
    """Where the call list's next page is, or None on its last (or only) page.

    A 次へ (次のページ, 次の100件, ＞) link or button comes first; else the page-number link
    or button after the current page; else the option after the chosen one in a page
    select (``2/3ページ``). The current page is the number marked ``aria-current`` or by a
    class such as ``current``, linked to this very page or to nowhere (``#``), a disabled
    button, the number printed without a link; else the page a 「16～30件目」 line places.

    A client reads a month's calls as ``parse_statement`` of the first page, then, while
    ``next_page`` gives a step, follows ``url`` or submits ``form`` pressing ``button`` and
    reads that page with ``parse_calls``; ``merge_call_pages`` joins them.
    """
    links = _links(doc, url)
    steps: list[list[NextPage]] = [[], []]  # by rank: plain, then doubled arrows
    targets: list[set[str]] = [set(), set()]
    for link, address in links.items():
        if _greyed_out(link):
            continue  # a 次へ shown disabled on the last page, whatever its href
        if (rank := _next_rank(_link_text(link))) is not None and address not in targets[rank]:
            targets[rank].add(address)
            steps[rank].append(NextPage(url=address))
    for form in forms:
        disabled = {words for el, words in _button_elements(form) if el.get("disabled") is not None}
        for button in form.buttons:
            if (rank := _next_rank(button.text)) is not None and button.text not in disabled:
                steps[rank].append(NextPage(form=form, button=button))
    plain, doubled = steps
    if len(targets[0]) > 1 or (len(targets[1]) > 1 and not plain):
        raise UnrecognizedPage("one 次へ link", outline(doc))
    if plain:
        return plain[0]
    numbered, current = _page_numbers(doc, links, forms, url)
    if numbered:
        if len(current) != 1:
            current = _unlinked_number(numbered) - numbered.keys()
        if len(current) != 1:
            current = _ranged_page(doc)
        if len(current) != 1:
            current = _after_previous(links, numbered)
        if len(current) == 1:
            following = numbered.get(current.pop() + 1)
            return following[1] if following else None
        if not doubled:
            raise UnrecognizedPage("the current page of the call list", "page numbers")
    if doubled:
        return doubled[0]
    return _page_select(forms)


def numbered_page(doc: Element, forms: list[Form], url: str, number: int) -> NextPage | None:
    """Where page ``number`` of the call list is, when the page-number bar offers it."""
    found = _page_numbers(doc, _links(doc, url), forms, url)[0].get(number)
    return found[1] if found else None


def _links(doc: Element, url: str) -> dict[Element, str]:
    """The links of a page that lead somewhere, with their addresses."""
    return {a: address for a in doc.iter("a") if (address := _address(a, url)) is not None}


# Classes a pager gives the number of the page shown.
_CURRENT_CLASS = re.compile(
    r"(?:^|[\s_-])(?:current|active|selected|now|here|on|is-current)(?:$|[\s_-])", re.I
)


_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)


_DISABLED_CLASS = re.compile(r"(?:^|[\s_-])disabled(?:$|[\s_-])", re.I)


def _greyed_out(link: Element) -> bool:
    """Whether a pager shows a link as one that cannot be pressed.

    By ``aria-disabled``, or a ``disabled`` class on it or the item holding it.
    """
    if link.get("aria-disabled") == "true":
        return True
    parent = link.getparent()
    return any(
        el is not None and _DISABLED_CLASS.search(el.get("class") or "") for el in (link, parent)
    )


def _marked_current(element: Element) -> bool:
    """Whether a pager marks this number (or the item holding it) as the page shown.

    By ``aria-current``, a class such as ``current``, or bold: the number in ``b`` or
    ``strong``, or styled so.
    """
    for el in (element, element.getparent()):
        if el is None:
            continue
        if el.get("aria-current") or _CURRENT_CLASS.search(el.get("class") or ""):
            return True
    if _BOLD.search(element.get("style") or ""):
        return True
    inner = list(element)
    return len(inner) == 1 and (
        inner[0].tag in ("b", "strong") or bool(_BOLD.search(inner[0].get("style") or ""))
    )


def _page_numbers(
    doc: Element, links: dict[Element, str], forms: list[Form], url: str
) -> tuple[dict[int, tuple[Element, NextPage]], set[int]]:
    """The page-number links and buttons by number, and the numbers marked as this page."""
    numbered: dict[int, tuple[Element, NextPage]] = {}
    current: set[int] = set()
    for link, address in links.items():
        if match := _PAGE_NUMBER.match(_link_text(link)):
            number = int(match.group(1))
            numbered.setdefault(number, (link, NextPage(url=address)))
            if _marked_current(link) or address == url:
                current.add(number)
    for form in forms:
        for el, words in _button_elements(form):
            pressed = next((b for b in form.buttons if b.text == words), None)
            if (match := _PAGE_NUMBER.match(words)) and pressed is not None:
                number = int(match.group(1))
                numbered.setdefault(number, (el, NextPage(form=form, button=pressed)))
                if el.get("disabled") is not None or _marked_current(el):
                    current.add(number)
    if numbered:
        # A number among them that leads nowhere (href="#", no href) is the page shown.
        for link in doc.iter("a"):
            if link not in links and (match := _PAGE_NUMBER.match(_link_text(link))):
                current.add(int(match.group(1)))
    return numbered, current


_COUNTS = re.compile(r"\d[\d,]*\s*[～~〜\-－]\s*\d[\d,]*|\d+\s*/\s*\d+|\d[\d,]*\s*(?:件|ページ|頁)")


def _unlinked_number(numbered: dict[int, tuple[Element, NextPage]]) -> set[int]:
    """Numbers printed in the page-number bar outside its links and buttons."""
    elements = [element for element, _ in numbered.values()]
    bar = elements[0].getparent()
    while bar is not None and not all(any(a is bar for a in el.iterancestors()) for el in elements):
        bar = bar.getparent()
    if (
        len(elements) == 1
        and bar is not None
        and bar.tag == "form"
        and "".join(bar.itertext()).split() == "".join(elements[0].itertext()).split()
    ):
        # One number link that posts by script became a form of its own: the bar is the
        # element that holds that form.
        bar = bar.getparent()
    shown: set[int] = set()
    if bar is not None:
        for text in bar.xpath(".//text()[not(ancestor::a) and not(ancestor::button)]"):
            # 「1～15件目／全40件」, 「1/3ページ」 are counts, not the page shown: left out.
            words = _COUNTS.sub(" ", clean(str(text)))
            shown.update(int(n) for n in _NUMBER.findall(words))
    return shown


_PREVIOUS = re.compile(r"前(?:へ|の?ページ|の\s*\d+\s*件)|^(?:前|[<«‹≪〈]+)$")


def _after_previous(
    links: dict[Element, str], numbered: dict[int, tuple[Element, NextPage]]
) -> set[int]:
    """The page after the one a 前へ link leads to, when one does.

    With no way back shown, the page is not guessed: page 1, or a pager that marks nothing.
    """
    back = {address for link, address in links.items() if _PREVIOUS.search(_link_text(link))}
    return {
        number + 1
        for number, (_, step) in numbered.items()
        if step.url is not None and step.url in back
    }


# 「16～30件目」, 「16-30件を表示」: the calls shown, which place the page in the list.
_RANGE = re.compile(r"(\d[\d,]*)\s*件?\s*[～~〜\-－ー]\s*(\d[\d,]*)\s*件")


def _ranged_page(doc: Element) -> set[int]:
    """The page a 「16～30件目」 line places, counting pages as long as the one shown."""
    pages: set[int] = set()
    for text in doc.xpath("//text()[contains(., '件')]"):
        for match in _RANGE.finditer(clean(str(text))):
            first, last = (int(g.replace(",", "")) for g in match.groups())
            if 1 <= first <= last:
                pages.add((first - 1) // (last - first + 1) + 1)
    return pages


_PAGE_OPTION = re.compile(r"^(\d{1,4})\s*(?:/\s*\d{1,4})?\s*(?:ページ|頁)?(?:目)?$")


def _page_select(forms: list[Form]) -> NextPage | None:
    """The page after the chosen one in a select of pages (``1/3ページ``), if any.

    Its options number the pages 1, 2, 3 … in order: a select of months (2026/11) or
    years is none.
    """
    for form in forms:
        for select in form.of_kind("select"):
            options = [(o, _PAGE_OPTION.match(t)) for o, t in option_texts(select)]
            numbers = [int(match.group(1)) if match else 0 for _, match in options]
            if len(options) < 2 or numbers != list(range(1, len(options) + 1)):
                continue
            chosen = form.selected_option(select)
            at = next(i for i, (o, _) in enumerate(options) if o is chosen)
            if at + 1 >= len(options):
                return None
            form.fill(select, option_value(options[at + 1][0]))
            pressed = form.button("表示", "移動", "検索", "ページ") or (
                form.buttons[0] if len(form.buttons) == 1 else None
            )
            if form.buttons and pressed is None:
                continue
            return NextPage(form=form, button=pressed)
    return None
