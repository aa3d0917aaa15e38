"""Pure functions from page text and HTML to values and models."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

from lxml.etree import _Element as Element

from .errors import UnrecognizedPage
from .forms import (
    Button,
    Form,
    alert_text,
    clean,
    find_link,
    forms_of,
    headings,
    label_of,
    option_texts,
    option_value,
    outline,
    parse_html,
    shown_text,
    spaced_text,
    strip_scripts,
    text_of,
)
from .models import AuthMethod, Call, Contract, Statement

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
    #: A page saying the session has ended (timed out), with a way back to the login.
    SESSION_ENDED = "session_ended"
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
    if any(service_button(form) for form in forms) or service_link(doc):
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
    if session_ended(doc):
        return PageKind.SESSION_ENDED
    if find_link(doc, "料金", "明細"):
        return PageKind.TOP
    if find_link(doc, "OCN ID", "ログイン") or login_choice_button(forms):
        return PageKind.LOGIN_CHOICE
    return PageKind.UNKNOWN


def _names_code(label: str) -> bool:
    return "認証番号" in label or "ワンタイムパスワード" in label


def _statement_title(doc: Element) -> bool:
    """Whether the page's title or main heading names the 050 IP phone statements."""
    for el in doc.iter("title", "h1"):
        text = text_of(el)
        if "IP電話" in text and "明細" in text:
            return True
    return False


# What a page says when the session behind it has ended.
_LAPSE = re.compile(
    r"セッション|タイムアウト|有効期限(?:が|は)?切れ|再度ログイン|再ログイン|もう一度ログイン|ログインし(?:直|なお)"
)


def session_ended(doc: Element) -> bool:
    """Whether the page says the session has ended (timed out) and a new login is needed.

    Headings and error boxes are believed; the page's body text only when the page offers
    no way on to the statements (a top page may mention time-outs in its notices).
    """
    if _LAPSE.search(" ".join(headings(doc)) + " " + alert_text(doc)):
        return True
    return not find_link(doc, "料金", "明細") and bool(_LAPSE.search(text_of(doc)))


def login_choice_button(forms: list[Form]) -> tuple[Form, Button] | None:
    """The button that chooses the OCN ID login, on a choice screen made of forms."""
    for form in forms:
        button = form.button("OCN ID")
        if button is not None and "ログイン" in button.text and not form.of_kind("password"):
            return form, button
    return None


def service_button(form: Form) -> Button | None:
    """The button of the 050 IP phone statements on 料金・ご利用明細."""
    for button in form.buttons:
        if _names_service(button.text):
            return button
    return None


def service_link(doc: Element) -> str | None:
    """The link of the 050 IP phone statements on 料金・ご利用明細 (step ⑧'s first shape)."""
    for link in doc.iter("a"):
        if link.get("href") and _names_service(shown_text(link)):
            return link.get("href")
    return None


def _names_service(text: str) -> bool:
    return ("050" in text or "ドットフォン" in text) and "明細" in text


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
    #: The option's value, or the link's href.
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
        return []
    numbers = {tuple(sorted(c.contract_number for c, _ in group)) for group in lists}
    if len(numbers) > 1:
        raise UnrecognizedPage("one list of 050 contracts", f"{len(numbers)} that differ")
    return lists[0]


def _chooser_lists(doc: Element, forms: list[Form]) -> list[list[tuple[Contract, Opener]]]:
    """Every list of 050 contracts on the page, selects and radios first."""
    lists: list[list[tuple[Contract, Opener]]] = []
    own_forms: list[tuple[Contract, Opener]] = []
    for index, form in enumerate(forms):
        chooser = False
        for select in form.of_kind("select"):
            group = []
            for option, text in option_texts(select):
                if contract := _contract_in(text, option_value(option)):
                    value = option_value(option)
                    group.append((contract, Opener(OpenBy.SELECT, index, _path(select), value)))
            chooser = chooser or bool(group)
            lists.append(group)
        radios: dict[str, list[tuple[Contract, Opener]]] = {}
        for radio in form.of_kind("radio"):
            if contract := _contract_in(_row_text(radio) or label_of(radio), radio.get("value")):
                opener = Opener(OpenBy.RADIO, index, _path(radio), radio.get("value") or "on")
                radios.setdefault(radio.get("name") or "", []).append((contract, opener))
        lists.extend(radios.values())
        if chooser or radios or not form.buttons:
            continue
        hidden = " ".join(el.get("value") or "" for el in form.of_kind("hidden"))
        # The form's own words first: a layout table's row may hold the whole page.
        contract = _contract_in(spaced_text(form.element), hidden) or _contract_in(
            _row_text(form.element), hidden
        )
        if contract is not None:
            own_forms.append((contract, Opener(OpenBy.FORM, index)))
    lists.append(_shown_or_forms(own_forms, forms))
    lists.append(_contract_links(doc))
    return lists


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
        text = spaced_text(row) if row is not None else shown_text(link)
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
    label = " ".join(w for w in words if w.strip(_PUNCTUATION) not in _CHROME)
    return Contract(contract_number, digits, label.strip(_PUNCTUATION))


# Words a contract's row or form prints beside it that are not its name: headers, buttons.
_CHROME = frozenset(
    ("契約番号", "電話番号", "サービス", "サービス名", "選択", "選択中", "表示", "明細を見る")
)
_PUNCTUATION = "()（）:：・ "


def _row_text(element: Element) -> str:
    """The text of the table row that holds an element, if it sits in one."""
    row = next(element.iterancestors("tr"), None)
    return spaced_text(row) if row is not None else ""


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
    months = []
    for _, text in option_texts(select) if select is not None else []:
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
