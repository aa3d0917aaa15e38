"""Reading pages as a person does: labels, link texts, whole forms.

Pure functions over parsed HTML. Nothing here knows the site's field names or paths:
controls are found by the words next to them, and a form is submitted whole, hidden
inputs included, the way a browser sends it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml.etree import _Element as Element

_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Text as a person reads it: full-width folded, runs of space (and &nbsp;) collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def parse_html(body: bytes | str, encoding: str | None = None) -> Element:
    """Parse a page; bytes are decoded with the charset the server named, else by lxml."""
    if isinstance(body, str):
        body = body.encode("utf-8")
        encoding = "utf-8"
    if not body.strip():
        body = b"<html></html>"
    # The plain etree parser: lxml.html's element classes cost a Python call per node.
    parser = etree.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True)
    root = etree.fromstring(body, parser)
    return root if root is not None else etree.fromstring(b"<html></html>", parser)


def text_of(element: Element) -> str:
    """The visible text of an element, cleaned."""
    return clean("".join(element.itertext()))


def headings(doc: Element) -> list[str]:
    """The page's title and h1/h2 headings: what a person reads first."""
    found = [text_of(el) for el in doc.iter("title", "h1", "h2")]
    return [text for text in found if text]


# The only words an outline may show: what the walk looks for and the site's own chrome.
# Anything else on a page (names, numbers, amounts, typed values) is left out, so an
# outline can be shared in a bug report.
_SITE_WORDS = (
    "ワンタイムパスワード", "パスワード変更", "パスワード", "メールアドレス", "OCN ID",
    "dアカウント", "ログイン", "保持", "マイページ", "お客さま番号", "契約番号", "契約情報",
    "連絡先電話番号", "連絡先", "ご連絡方法", "認証方式", "認証番号", "認証", "SMS",
    "ショートメッセージ", "電話音声通知", "音声", "再通知", "送信", "次へ", "戻る", "確認",
    "ご確認月", "表示", "料金", "ご利用明細", "利用明細", "明細", "IP電話", "ドットフォン",
    "あんしんナンバー", "ひかり電話", "インターネット", "モバイル", "通話料", "通話時間",
    "通話回数", "通話", "基本料", "月額料金", "着割", "ユニバーサルサービス料", "合計",
    "ご利用金額", "請求", "税込", "税抜", "開始", "日時", "相手先", "通話先", "種別", "金額",
    "メンテナンス", "規約", "同意", "エラー", "お知らせ", "手続き", "選択",
)  # fmt: skip
_WORDS = re.compile("|".join(re.escape(w) for w in sorted(_SITE_WORDS, key=len, reverse=True)))
_OUTLINED = ("title", "h1", "h2", "h3", "form", "table", "dl", "a")


def site_words(text: str) -> str:
    """The site words a text holds, in order; ``…`` when it holds none of them."""
    found: list[str] = []
    for word in _WORDS.findall(clean(text)):
        if not found or found[-1] != word:
            found.append(word)
    return " ".join(found) or "…"


def _form_outline(form: Element) -> str:
    parts = []
    for el in form.iter("input", "select", "textarea", "button"):
        kind = "button" if el.tag == "button" else _kind(el)
        if kind == "hidden":
            continue
        words = text_of(el) if el.tag == "button" else label_of(el)
        if kind in ("submit", "image"):
            words = el.get("value") or ""
        parts.append(f"{kind}[{site_words(words)}]")
    return f"form({(form.get('method') or 'get').lower()}): {', '.join(parts) or 'no fields'}"


def outline(doc: Element, limit: int = 200) -> str:
    """A page's shape for a bug report: tags, site words of its labels, no values.

    Headings, forms with their control kinds and labels, table headers, term lists and
    links, each reduced to the site's own words (see ``site_words``): no digits, names or
    typed values can appear.
    """
    parts: list[str] = []
    for el in doc.iter(*_OUTLINED):
        if el.tag == "form":
            parts.append(_form_outline(el))
        elif el.tag == "table":
            header = next(iter(el.iter("tr")), None)
            cells = (
                [text_of(c) for c in header if c.tag in ("th", "td")] if header is not None else []
            )
            parts.append(f"table[{' | '.join(site_words(c) for c in cells)}]")
        elif el.tag == "dl":
            parts.append(f"dl[{' | '.join(site_words(text_of(t)) for t in el.iter('dt'))}]")
        elif el.tag == "a":
            words = site_words(text_of(el))
            if words != "…":
                parts.append(f"a[{words}]")
        else:
            parts.append(f"{el.tag}[{site_words(text_of(el))}]")
    text = "; ".join(parts) or "an empty page"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def find_link(doc: Element, *words: str) -> str | None:
    """The href of the first link whose text holds every one of ``words``."""
    for link in doc.iter("a"):
        text = text_of(link)
        if link.get("href") and all(word in text for word in words):
            return link.get("href")
    return None


def label_of(control: Element) -> str:
    """The words a person sees for a control: its label, row header or legend."""
    doc = control.getroottree().getroot()
    control_id = control.get("id")
    if control_id:
        for label in doc.iter("label"):
            if label.get("for") == control_id:
                return text_of(label)
    for ancestor in control.iterancestors():
        if ancestor.tag == "label":
            return text_of(ancestor)
        if ancestor.tag in ("td", "dd"):
            header = _row_header(ancestor)
            if header:
                return header
        if ancestor.tag == "fieldset":
            legend = ancestor.find("legend")
            if legend is not None:
                return text_of(legend)
        if ancestor.tag == "form":
            break
    return clean(
        control.get("aria-label") or control.get("placeholder") or control.get("title") or ""
    )


def _row_header(cell: Element) -> str:
    if cell.tag == "dd":
        previous = cell.getprevious()
        while previous is not None and previous.tag != "dt":
            previous = previous.getprevious()
        return text_of(previous) if previous is not None else ""
    previous = cell.getprevious()
    while previous is not None:
        if previous.tag == "th":
            return text_of(previous)
        previous = previous.getprevious()
    return ""


@dataclass
class Button:
    """A submit button: its name and value are sent only when it is the one pressed."""

    name: str | None
    value: str
    text: str


@dataclass
class Form:
    """A form as a browser holds it while a person fills it in."""

    element: Element
    action: str
    method: str
    buttons: list[Button]
    values: dict[str, str] = field(default_factory=dict)
    checked: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def read(cls, element: Element, page_url: str) -> Form:
        """Take a form from a page, resolving its action against the page's URL."""
        buttons = []
        for el in element.iter("button", "input"):
            kind = (el.get("type") or ("submit" if el.tag == "button" else "text")).lower()
            if kind in ("submit", "image"):
                text = text_of(el) if el.tag == "button" else clean(el.get("value") or "")
                buttons.append(Button(el.get("name"), el.get("value") or "", text))
        return cls(
            element=element,
            action=urljoin(page_url, element.get("action") or page_url),
            method=(element.get("method") or "get").upper(),
            buttons=buttons,
        )

    def controls(self) -> list[Element]:
        """Inputs, selects and text areas a person can see or the browser sends."""
        return [
            el
            for el in self.element.iter("input", "select", "textarea")
            if (el.get("type") or "").lower() not in ("submit", "button", "image", "reset")
        ]

    def control(self, *words: str, kinds: tuple[str, ...] = ()) -> Element | None:
        """The first control whose label holds one of ``words`` (and of one of ``kinds``)."""
        for el in self.controls():
            if kinds and _kind(el) not in kinds:
                continue
            label = label_of(el)
            if any(word in label for word in words):
                return el
        return None

    def of_kind(self, *kinds: str) -> list[Element]:
        """Controls of the given kinds (text, password, radio, select, …)."""
        return [el for el in self.controls() if _kind(el) in kinds]

    def fill(self, control: Element, value: str) -> None:
        """Type into a field or pick an option by its value."""
        self.values[_key(control)] = value

    def check(self, control: Element, on: bool = True) -> None:
        """Tick a checkbox, or choose a radio (clearing the others of its group)."""
        if _kind(control) == "radio":
            for other in self.of_kind("radio"):
                if other.get("name") == control.get("name"):
                    self.checked[_key(other)] = False
        self.checked[_key(control)] = on

    def selected_option(self, select: Element) -> Element | None:
        """The option a select shows: the one picked, else the marked one, else the first."""
        options = list(select.iter("option"))
        wanted = self.values.get(_key(select))
        for option in options:
            if wanted is not None and _option_value(option) == wanted:
                return option
        if wanted is None:
            for option in options:
                if option.get("selected") is not None:
                    return option
        return options[0] if options else None

    def button(self, *words: str, avoid: tuple[str, ...] = ("戻る",)) -> Button | None:
        """The button whose text holds one of ``words`` and none of ``avoid``."""
        for button in self.buttons:
            if any(w in button.text for w in words) and not any(a in button.text for a in avoid):
                return button
        return None

    def submission(self, pressed: Button | None) -> list[tuple[str, str]]:
        """What a browser sends: every successful control, then the pressed button."""
        pairs: list[tuple[str, str]] = []
        for el in self.controls():
            name = el.get("name")
            if not name or el.get("disabled") is not None:
                continue
            kind = _kind(el)
            if kind in ("checkbox", "radio"):
                on = self.checked.get(_key(el), el.get("checked") is not None)
                if on:
                    pairs.append((name, el.get("value") or "on"))
            elif kind == "select":
                option = self.selected_option(el)
                if option is not None:
                    pairs.append((name, _option_value(option)))
            elif kind == "file":
                continue
            else:
                pairs.append((name, self.values.get(_key(el), el.get("value") or el.text or "")))
        if pressed is not None and pressed.name:
            pairs.append((pressed.name, pressed.value))
        return pairs


def _key(el: Element) -> str:
    # lxml hands out fresh proxy objects, so id() is not stable: the tree path is.
    return el.getroottree().getpath(el)


def _kind(el: Element) -> str:
    if el.tag in ("select", "textarea"):
        return el.tag
    return (el.get("type") or "text").lower()


def _option_value(option: Element) -> str:
    value = option.get("value")
    return value if value is not None else text_of(option)


def option_texts(select: Element) -> list[tuple[Element, str]]:
    """Each option of a select with the text a person reads."""
    return [(option, text_of(option)) for option in select.iter("option")]


def forms_of(doc: Element, page_url: str) -> list[Form]:
    """Every form of a page."""
    return [Form.read(element, page_url) for element in doc.iter("form")]


def alert_text(doc: Element) -> str:
    """The text of the page's error boxes, as marked for screen readers or by class."""
    found = doc.xpath(
        "//*[@role='alert'] | //*[contains(translate(@class,'ERROR','error'),'error')]"
    )
    return " ".join(text_of(el) for el in found)


def strip_scripts(doc: Element) -> None:
    """Drop scripts and styles so that page text is what is shown."""
    etree.strip_elements(doc, "script", "style", with_tail=False)
