"""Pure functions from page text and HTML to values and models."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

from lxml.etree import _Element as Element

from .errors import UnrecognizedPage
from .forms import (
    Button,
    Form,
    clean,
    find_link,
    forms_of,
    headings,
    label_of,
    option_texts,
    outline,
    parse_html,
    strip_scripts,
    text_of,
)
from .models import Account, AuthMethod, Call, Contract, Statement

JST = ZoneInfo("Asia/Tokyo")

# Signs that print a negative amount: △ and ▲ (accounting), hyphen, minus, full-width minus.
_NEGATIVE = ("△", "▲", "-", "−", "ー")
_MONEY_DROP = str.maketrans("", "", ",¥\\円 ")
_NOT_MONEY = re.compile(r"[^0-9.]")


def parse_yen(text: str) -> Decimal:
    """An amount as pages print it: ``1,234円``, ``¥1,234``, ``△55``, ``-5``, ``８.８円``."""
    value = text.translate(_MONEY_DROP).strip()
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value).translate(_MONEY_DROP)
    negative = value.startswith(_NEGATIVE)
    digits = value.lstrip("".join(_NEGATIVE))
    if not digits or _NOT_MONEY.search(digits):
        raise ValueError(f"not an amount: {len(text)} characters")
    try:
        amount = Decimal(digits)
    except InvalidOperation as err:
        raise ValueError("not an amount") from err
    return -amount if negative else amount


_HMS = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})$")
_JA_DURATION = re.compile(r"^(?:(\d+)時間)?(?:(\d+)分)?(?:(\d+)秒)?$")


def parse_duration(text: str) -> timedelta:
    """A duration: ``0:03:25``, ``03:25``, ``3分25秒``, ``1時間2分``, ``25秒``."""
    value = (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()
    match = _HMS.match(value)
    if match:
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    else:
        match = _JA_DURATION.match(value)
        if not value or not match:
            raise ValueError("not a duration")
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


_DATETIME = re.compile(
    r"(?:(\d{4})\s*[/年.-]\s*)?(\d{1,2})\s*[/月.-]\s*(\d{1,2})\s*日?(?:\s*\([^)]*\))?"
    r"\s*(\d{1,2})\s*[:時]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?"
)


def parse_datetime(text: str, year: int) -> datetime:
    """A call's start in Japan time: ``2026/10/01 09:15``, ``10月1日 9:15``, with seconds or not.

    ``year`` is used when the page leaves it out (the statement's month tells it).
    """
    if len(text) == 19 and text[4] == text[7] == "/" and text[13] == text[16] == ":":
        # The common "2026/10/01 09:15:07": slicing is several times cheaper than a regex.
        return datetime(
            int(text[:4]),
            int(text[5:7]),
            int(text[8:10]),
            int(text[11:13]),
            int(text[14:16]),
            int(text[17:]),
            tzinfo=JST,
        )
    match = _DATETIME.search(text if text.isascii() else unicodedata.normalize("NFKC", text))
    if not match:
        raise ValueError("not a date and time")
    y, mo, d, h, mi, s = match.groups()
    return datetime(
        int(y) if y else year, int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=JST
    )


_MONTH = re.compile(r"(\d{4})\s*(?:[/年.-]\s*)?(\d{1,2})\s*月?")


def parse_month(text: str) -> date:
    """A month: ``2026年11月``, ``2026/11``, ``202611``."""
    match = _MONTH.search(unicodedata.normalize("NFKC", text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError("not a month")
    return date(int(match.group(1)), int(match.group(2)), 1)


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
    UNKNOWN = "unknown"


def read_page(body: bytes, encoding: str | None, url: str) -> tuple[Element, list[Form], PageKind]:
    """A fetched page as the walk reads it: its tree without scripts, its forms, its kind."""
    doc = parse_html(body, encoding)
    strip_scripts(doc)
    forms = forms_of(doc, url)
    return doc, forms, page_kind(doc, forms)


def page_kind(doc: Element, forms: list[Form]) -> PageKind:
    """Tell the page apart by its headings, labels, controls and link texts."""
    if any("メンテナンス" in h for h in headings(doc) if "情報" not in h):
        return PageKind.MAINTENANCE
    for form in forms:
        if form.of_kind("password"):
            return PageKind.LOGIN
    for form in forms:
        if form.control("ワンタイムパスワード", kinds=("text", "tel", "number")) is not None:
            return PageKind.EMAIL_CODE
    titles = " ".join(headings(doc))
    if "パスワード変更のお願い" in titles:
        return PageKind.PASSWORD_CHANGE
    if "規約" in titles and any(form.button("同意") for form in forms):
        return PageKind.TERMS
    for form in forms:
        if form.control("ご確認月", kinds=("select",)) is not None:
            return PageKind.STATEMENT
    for form in forms:
        if form.control("契約番号", kinds=("select",)) is not None and service_button(form):
            return PageKind.SERVICES
    for form in forms:
        if form.control("認証番号", kinds=("text", "tel", "number", "password")) is not None:
            return PageKind.CODE
        has_methods = bool(method_choices(form))
        contact = form.control("連絡先電話番号", kinds=("text", "tel", "number", "select"))
        if contact is not None and has_methods:
            return PageKind.CONTACT_AND_METHOD
        if contact is not None:
            return PageKind.CONTACT
        if has_methods:
            return PageKind.METHOD
    if find_link(doc, "料金", "明細"):
        return PageKind.TOP
    if find_link(doc, "OCN ID", "ログイン"):
        return PageKind.LOGIN_CHOICE
    return PageKind.UNKNOWN


def service_button(form: Form) -> Button | None:
    """The button of the 050 IP phone statements on 料金・ご利用明細."""
    for button in form.buttons:
        if "050" in button.text and "明細" in button.text:
            return button
    return None


def method_choices(form: Form) -> dict[AuthMethod, Element]:
    """The code delivery methods the form offers, as enabled radio buttons."""
    found: dict[AuthMethod, Element] = {}
    for radio in form.of_kind("radio"):
        if radio.get("disabled") is not None:
            continue
        label = label_of(radio)
        if "SMS" in label.upper() or "ショートメッセージ" in label:
            found.setdefault(AuthMethod.SMS, radio)
        elif "音声" in label or "電話" in label:
            found.setdefault(AuthMethod.VOICE, radio)
    return found


def maintenance_end(doc: Element) -> datetime | None:
    """The announced end of a maintenance window, if the page gives one."""
    match = _MAINTENANCE_END.search(text_of(doc))
    if not match:
        return None
    y, mo, d, h, mi = match.groups()
    return datetime(int(y), int(mo), int(d), int(h), int(mi or 0), tzinfo=JST)


_CUSTOMER_NUMBER = re.compile(r"\bN\d{10}\b")
_PHONE_050 = re.compile(r"050-?\d{4}-?\d{4}")
_CONTRACT_NUMBER = re.compile(r"\b[A-Z]{0,3}\d{6,}\b")


def parse_account(doc: Element, form: Form) -> tuple[Account, dict[str, str]]:
    """The customer number and 050 contracts of 料金・ご利用明細.

    Returns the account and, per contract number, the selector value that picks it.
    """
    customer = form.control("お客さま番号")
    source = text_of(customer) if customer is not None else text_of(doc)
    match = _CUSTOMER_NUMBER.search(source) or _CUSTOMER_NUMBER.search(text_of(doc))
    if not match:
        raise UnrecognizedPage("a customer number", outline(doc))
    select = form.control("契約番号", kinds=("select",))
    contracts = []
    values = {}
    for option, text in option_texts(select):
        phone = _PHONE_050.search(text)
        if not phone:
            continue  # not a 050 contract (internet access, hikari denwa …)
        number = _CONTRACT_NUMBER.search(text.replace(phone.group(0), ""))
        contract_number = number.group(0) if number else (option.get("value") or text)
        label = clean(text.replace(phone.group(0), "").replace(contract_number, ""))
        contracts.append(
            Contract(
                contract_number=contract_number,
                phone_number=phone.group(0).replace("-", ""),
                label=label.strip("()（） "),
            )
        )
        values[contract_number] = option.get("value") or text
    return Account(customer_number=match.group(0), contracts=tuple(contracts)), values


def parse_months(form: Form) -> list[date]:
    """The months ご確認月 offers, in the page's order."""
    select = form.control("ご確認月", kinds=("select",))
    months = []
    for _, text in option_texts(select):
        try:
            months.append(parse_month(text))
        except ValueError:
            continue  # a prompt such as 選択してください
    return months


def selected_month(form: Form) -> date | None:
    """The month the statement page currently shows."""
    select = form.control("ご確認月", kinds=("select",))
    option = form.selected_option(select) if select is not None else None
    if option is None:
        return None
    try:
        return parse_month(text_of(option))
    except ValueError:
        return None


# Summary rows, by the words of their header. Order matters: the first match wins.
_SUMMARY = (
    ("chakuwari_discount", ("着割",)),
    ("universal_service_fee", ("ユニバーサル",)),
    ("base_fee", ("基本料", "月額料金")),
    ("call_count", ("通話回数", "通話件数", "件数")),
    ("total_duration", ("通話時間",)),
    ("call_charges", ("通話料",)),
    ("total", ("合計", "ご利用金額", "請求金額")),
)
# Call list columns, by the words of their header.
_COLUMNS = (
    ("started_at", ("開始", "日時")),
    ("other_party", ("相手先", "通話先", "着信先", "発信先")),
    ("duration", ("通話時間",)),
    ("charge", ("料金", "金額")),
    ("call_type", ("種別", "種類")),
    ("chakuwari", ("着割",)),
)
_COUNT = re.compile(r"\d[\d,]*")


def _summary(doc: Element, skip: Element | None = None) -> tuple[dict[str, str], Element | None]:
    """Label → printed value for rows with a header cell and one value cell.

    ``skip`` is the call list, whose rows are never summary rows and may be thousands.
    """
    found: dict[str, str] = {}
    holder = None
    rows = (row for table in doc.iter("table") if table is not skip for row in table.iter("tr"))
    for row in rows:
        cells = [c for c in row if c.tag in ("th", "td")]
        if len(cells) != 2 or cells[0].tag != "th" or cells[1].tag != "td":
            continue
        label = text_of(cells[0])
        for key, words in _SUMMARY:
            if key not in found and any(word in label for word in words):
                found[key] = text_of(cells[1])
                holder = row.getparent()
                break
    for term in doc.iter("dt"):
        value = term.getnext()
        if value is None or value.tag != "dd":
            continue
        label = text_of(term)
        for key, words in _SUMMARY:
            if key not in found and any(word in label for word in words):
                found[key] = text_of(value)
                break
    return found, holder


def _tax_included(doc: Element, holder: Element | None) -> bool:
    """Tax as the page states it beside the amounts, else in its headings and labels."""
    near: list[Element] = []
    for element in (holder, holder.getparent() if holder is not None else None):
        if element is not None:
            near.extend(
                el for el in (element.find("caption"), element.getprevious()) if el is not None
            )
    # Headings and header cells only: the call list's cells would cost a pass over every call.
    labels = doc.iter("title", "h1", "h2", "h3", "h4", "caption", "th", "dt", "p")
    for elements in (near, labels):
        text = " ".join(text_of(el) for el in elements)
        if "税抜" in text:
            return False
        if "税込" in text:
            return True
    return True


def _calls_table(doc: Element) -> tuple[Element, dict[str, int]] | None:
    """The call list: the table whose header names the other party and the duration."""
    for table in doc.iter("table"):
        header = next(iter(table.iter("tr")), None)
        if header is None:
            continue
        names = [text_of(cell) for cell in header if cell.tag in ("th", "td")]
        columns: dict[str, int] = {}
        for index, name in enumerate(names):
            for key, words in _COLUMNS:
                if key not in columns and any(word in name for word in words):
                    columns[key] = index
                    break
        if {"started_at", "other_party", "duration"} <= columns.keys():
            return table, columns
    return None


def _calls(table: Element, columns: dict[str, int], year: int) -> list[Call]:
    """Each row of the call list. Runs once per call, so it keeps to the cheap paths."""
    started_col = columns["started_at"]
    party_col = columns["other_party"]
    duration_col = columns["duration"]
    # A column the page lacks reads the empty string appended to every row (index -1).
    charge_col = columns.get("charge", -1)
    type_col = columns.get("call_type", -1)
    mark_col = columns.get("chakuwari", type_col)
    needed = max(started_col, party_col, duration_col)
    optional = max(charge_col, type_col, mark_col)
    # Charges, durations and types repeat across a month: parse each printing once.
    types: dict[str, str] = {}
    charges: dict[str, Decimal] = {"": Decimal(0)}
    durations: dict[str, timedelta] = {}
    calls = []
    rows = table.iter("tr")
    next(rows)  # the header
    for row in rows:
        cells = list(row)  # positions count th and td alike, as the header's do
        if len(cells) <= needed:
            continue  # a subtotal or note row
        # Most cells hold plain text: .text avoids joining an iterator.
        texts = [
            (cell.text or "").strip() if not len(cell) else "".join(cell.itertext()).strip()
            for cell in cells
        ]
        texts.append("")
        if len(texts) <= optional:
            # A short row (a broken page) reads its missing optional cells as empty.
            texts += [""] * (optional + 1 - len(texts))
        raw_type = texts[type_col]
        call_type = types.get(raw_type)
        if call_type is None:
            call_type = types[raw_type] = clean(raw_type).replace("*", "").strip()
        charge = charges.get(texts[charge_col])
        if charge is None:
            charge = charges[texts[charge_col]] = parse_yen(texts[charge_col])
        duration = durations.get(texts[duration_col])
        if duration is None:
            duration = durations[texts[duration_col]] = parse_duration(texts[duration_col])
        party = texts[party_col]
        mark = texts[mark_col]
        calls.append(
            Call(  # positional: the cheapest way to build one
                parse_datetime(texts[started_col], year),
                (party if party.isascii() else clean(party)).replace("-", ""),
                duration,
                charge,
                call_type,
                "*" in mark or "＊" in mark or "○" in mark,
            )
        )
    return calls


def parse_statement(
    body: bytes | str | Element, contract_number: str, month: date | None = None
) -> Statement:
    """A 050IP電話利用明細 page as a statement; amounts, counts and calls as printed."""
    doc = body if isinstance(body, Element) else parse_html(body)
    if month is None:
        heading = next((h for h in headings(doc) if "月" in h and any(c.isdigit() for c in h)), "")
        try:
            month = parse_month(heading)
        except ValueError as err:
            raise UnrecognizedPage("the statement's month", outline(doc)) from err
    table = _calls_table(doc)
    summary, holder = _summary(doc, table[0] if table else None)
    if "total" not in summary:
        raise UnrecognizedPage("a total amount on the statement", outline(doc))
    try:
        calls = _calls(*table, month.year) if table else []

        def amount(key: str) -> Decimal:
            return parse_yen(summary[key]) if summary.get(key) else Decimal(0)

        count_match = _COUNT.search(summary.get("call_count", ""))
        duration_text = summary.get("total_duration")
        return Statement(
            contract_number=contract_number,
            month=month,
            call_charges=amount("call_charges"),
            base_fee=amount("base_fee"),
            chakuwari_discount=abs(amount("chakuwari_discount")),
            universal_service_fee=amount("universal_service_fee"),
            total=amount("total"),
            tax_included=_tax_included(doc, holder),
            call_count=int(count_match.group(0).replace(",", "")) if count_match else len(calls),
            total_duration=parse_duration(duration_text)
            if duration_text
            else sum((c.duration for c in calls), timedelta()),
            calls=tuple(calls),
        )
    except ValueError as err:
        raise UnrecognizedPage("amounts, times and dates in the statement", outline(doc)) from err
