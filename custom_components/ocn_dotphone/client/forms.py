"""Reading pages as a person does: labels, link texts, whole forms.

Pure functions over parsed HTML. Nothing here knows the site's field names or paths:
controls are found by the words next to them, and a form is submitted whole, hidden
inputs included, the way a browser sends it.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin

from lxml import etree
from lxml.etree import _Element as Element

from .scripted import AUTOSUBMIT, JOINS, SETS, remove_element

_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Text as a person reads it: full-width folded, runs of space (and &nbsp;) collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


# Charset names Japanese pages use, as Python codecs. Pages that say Shift_JIS are
# written in Windows-31J (① ㈱ …), and EUC-JP pages carry NEC's extra rows: read both
# with the supersets.
_CODEC_ALIASES = {
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "x_sjis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "euc_jp": "euc_jis_2004",
    "x-euc-jp": "euc_jis_2004",
    "x_euc_jp": "euc_jis_2004",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def codec_of(charset: str | None) -> str | None:
    """The Python codec for a charset name a page or header gives, or None if unknown."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    if name in _CODEC_ALIASES:
        return _CODEC_ALIASES[name]
    try:
        info = codecs.lookup(name)
        # Only a codec from bytes to text reads a page: base64 or rot13 do not, and
        # "undefined" refuses everything. A name that cannot read "<" is no charset.
        if not getattr(info, "_is_text_encoding", True) or b"<".decode(info.name) != "<":
            return None
    except (LookupError, UnicodeError, TypeError, ValueError):
        return None
    return _CODEC_ALIASES.get(info.name, info.name)


def charset_of(body: bytes, declared: str | None = None) -> str:
    """The codec to read a page with: the header's charset, else its meta tag's, else UTF-8.

    Only the first 2 KB are searched for a meta tag, as browsers do: a statement page can
    be megabytes long.
    """
    codec = codec_of(declared)
    if codec is None:
        match = _META_CHARSET.search(body, 0, 2048)
        codec = codec_of(match.group(1).decode("ascii")) if match else None
    return codec or "utf-8"


def decode(body: bytes, codec: str) -> str:
    """The page's text; bytes its charset cannot read become U+FFFD rather than an error."""
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return body.decode(codec, errors="replace")


def parse_html(body: bytes | str, encoding: str | None = None) -> Element:
    """Parse a page; bytes are decoded by the header's charset, else the page's meta tag.

    The bytes are decoded here rather than by libxml2, whose guesses miss Windows-31J's
    extra characters and the meta tag of a page that names its charset late.
    """
    if isinstance(body, bytes):
        codec = charset_of(body, encoding)
        if codec != "utf-8":
            body = decode(body, codec)
        # UTF-8 bytes go to libxml2 as they are: it reads broken ones as U+FFFD itself,
        # and a statement of megabytes is not copied.
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not body.strip():
        body = b"<html></html>"
    # The plain etree parser: lxml.html's element classes cost a Python call per node.
    # The bytes are UTF-8 now, whatever a meta tag in them says.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    root = etree.fromstring(body, parser)
    return root if root is not None else etree.fromstring(b"<html></html>", parser)


def text_of(element: Element) -> str:
    """The visible text of an element, cleaned."""
    return clean("".join(element.itertext()))


def spaced_text(element: Element) -> str:
    """An element's text with a space between the texts of its parts (cells, options).

    For finding numbers: ``<td>C0000000001</td><td>OCN</td>`` must not read as one word.
    """
    return clean(" ".join(element.itertext()))


def shown_text(element: Element) -> str:
    """The text of a link or button as a person reads it, an image's ``alt`` included."""
    if element.find(".//img") is None:
        return text_of(element)
    parts: list[str] = []
    _shown_parts(element, parts)
    return clean(" ".join(parts[:-1]))  # the element's own tail is not its text


def way_words(element: Element) -> str:
    """The words of a link or button as a person reads them.

    A button's shown text, a submit input's value, an image button's ``alt``.
    """
    if element.tag != "input":
        return shown_text(element)
    if (element.get("type") or "").lower() == "image":
        return clean(element.get("alt") or element.get("value") or element.get("title") or "")
    return clean(element.get("value") or "")


def _shown_parts(element: Element, parts: list[str]) -> None:
    if element.tag == "img":
        parts.append(element.get("alt") or "")
    else:
        parts.append(element.text or "")
        for child in element:
            _shown_parts(child, parts)
    parts.append(element.tail or "")


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
        if kind == "submit":
            words = el.get("value") or ""
        elif kind == "image":
            words = el.get("alt") or ""
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
            words = site_words(shown_text(el))
            if words != "…":
                parts.append(f"a[{words}]")
        else:
            parts.append(f"{el.tag}[{site_words(text_of(el))}]")
    text = "; ".join(parts) or "an empty page"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def followable(href: str | None) -> bool:
    """Whether a link's address leads to a page.

    A script left unread (``javascript:``) is no address, and neither is nothing.
    """
    return (
        href is not None
        and bool(href.strip())
        and not href.strip().lower().startswith("javascript:")
    )


def find_link(doc: Element, *words: str) -> str | None:
    """The href of the link whose text (or image's alt) holds every one of ``words``.

    Of several, the one that says least besides, as a person tells a menu's 料金・ご利用明細
    from a headline about it (【重要】料金・ご利用明細の表示内容変更について); then the first.
    """
    found: list[tuple[int, str]] = []
    for link in doc.iter("a"):
        if followable(href := link.get("href")):
            text = shown_text(link)
            if all(word in text for word in words):
                found.append((len(text), href))
    return min(found, key=lambda each: each[0])[1] if found else None


_CONTROL_TAGS = ("input", "select", "textarea", "button")
# Where the text that names a control ends: a control's words never cross these.
_BLOCKS = ("tr", "li", "p", "div", "dd", "dt", "label", "fieldset", "form", "table", "body")
_CELLS = ("td", "th")


def label_of(control: Element) -> str:
    """The words a person sees for a control, by the first of these that names it.

    ``aria-labelledby``, ``aria-label``, ``<label for>``, a wrapping ``<label>``; for a
    radio button or checkbox the text that follows it up to the next control (its own
    option, not its group's name); then the header cell before it in its table row or the
    lone label in the row above, the ``dt`` of its ``dd``, the text or element just before
    it, a ``fieldset``'s ``legend``; last its placeholder or title.
    """
    return (
        _labelled_by(control)
        or clean(control.get("aria-label") or "")
        or _label_element(control)
        or (_following_text(control) if _kind(control) in ("radio", "checkbox") else "")
        or _context_label(control)
        or clean(control.get("placeholder") or control.get("title") or "")
    )


def group_label_of(control: Element) -> str:
    """The words that name the group a control belongs to (a radio group's legend).

    A ``fieldset``'s ``legend``, a ``role=radiogroup``/``group`` element's name, else the
    header of the table row or term that holds the group.
    """
    for ancestor in control.iterancestors():
        if ancestor.tag == "fieldset":
            legend = ancestor.find("legend")
            if legend is not None:
                return text_of(legend)
        if ancestor.get("role") in ("radiogroup", "group"):
            name = _labelled_by(ancestor) or clean(ancestor.get("aria-label") or "")
            if name:
                return name
        if ancestor.tag in ("td", "dd"):
            return _cell_header(ancestor)
        if ancestor.tag == "form":
            break
    return ""


def _labelled_by(control: Element) -> str:
    ids = (control.get("aria-labelledby") or "").split()
    if not ids:
        return ""
    doc = control.getroottree().getroot()
    by_id = {el.get("id"): el for el in doc.iter() if el.get("id") in ids}
    return clean(" ".join(text_of(by_id[i]) for i in ids if i in by_id))


def _label_element(control: Element) -> str:
    """A ``<label for>`` (looked up in the control's form first) or a wrapping label."""
    control_id = control.get("id")
    if control_id:
        form = next(control.iterancestors("form"), None)
        for scope in (form, control.getroottree().getroot()):
            if scope is None:
                continue
            for label in scope.iter("label"):
                if label.get("for") == control_id:
                    return _words_of(label)
    for ancestor in control.iterancestors("label", "form"):
        if ancestor.tag == "label":
            return _words_of(ancestor)
        break
    return ""


def _words_of(element: Element) -> str:
    """An element's text without the options of a select or a text area inside it.

    An image's ``alt`` counts as its words: a label may be a picture of them.
    """
    if (
        element.find(".//select") is None
        and element.find(".//textarea") is None
        and element.find(".//img") is None
        and element.tag != "img"
    ):
        return text_of(element)
    parts: list[str] = []
    _gather(element, parts, skip=("select", "textarea"))
    return clean("".join(parts[:-1]))  # the element's own tail is not its text


def _gather(element: Element, parts: list[str], skip: tuple[str, ...] = ()) -> None:
    if element.tag == "img":
        parts.append(element.get("alt") or "")
    elif element.tag not in skip:
        parts.append(element.text or "")
        for child in element:
            _gather(child, parts, skip)
    parts.append(element.tail or "")


def _following_text(control: Element) -> str:
    """The text after a control up to the next control, within its row or block."""
    container = next(control.iterancestors(*_BLOCKS), None)
    parts: list[str] = [control.tail or ""]
    # Walk the document forward: the next siblings of the control, then of its ancestors.
    node = control
    while node is not None and node is not container:
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                parts.append(sibling.tail or "")
                continue
            if sibling.tag in _CONTROL_TAGS or _holds_control(sibling):
                return clean("".join(parts))
            parts.append(_words_of(sibling))
            parts.append(sibling.tail or "")
        node = node.getparent()
        if node is not None and node is not container:
            parts.append(node.tail or "")
    return clean("".join(parts))


def _context_label(control: Element) -> str:
    """The label a layout places before a control: row header, dt, preceding text, legend."""
    node = control
    for ancestor in control.iterancestors():
        if ancestor.tag in ("td", "th", "dd"):
            words = _preceding_text(node, ancestor) or _cell_header(ancestor)
            if words:
                return words
        elif ancestor.tag == "fieldset":
            legend = ancestor.find("legend")
            return _preceding_text(node, ancestor) or (
                text_of(legend) if legend is not None else ""
            )
        elif ancestor.tag in ("form", "dl", "body"):
            return _preceding_text(node, ancestor)
        elif ancestor.tag in ("label", "li", "p", "div", "span"):
            words = _preceding_text(node, ancestor)
            if words:
                return words
        # Rows and sections of a table: their neighbours are other rows, never a label.
        node = ancestor
    return ""


# A badge between a label and its box (「必須」「任意」): it marks the field, never names it.
_BADGE = re.compile(r"[\[(【<]?※?(?:必須|任意)(?:項目)?[\])】>]?")


def _preceding_text(node: Element, parent: Element) -> str:
    """The text or element just before ``node`` inside ``parent``, unless it holds a control.

    Line breaks and 必須/任意 badges between are passed over.
    """
    previous = node.getprevious()
    while previous is not None:
        tail = clean(previous.tail or "")
        if tail and not _BADGE.fullmatch(tail):
            return tail
        if (
            isinstance(previous.tag, str)
            and previous.tag != "br"
            and not _BADGE.fullmatch(text_of(previous))
        ):
            break
        previous = previous.getprevious()
    if previous is None:
        text = clean(parent.text or "")
        return "" if _BADGE.fullmatch(text) else text
    if previous.tag in _CONTROL_TAGS or _holds_control(previous):
        return ""
    return text_of(previous)


def _cell_header(cell: Element) -> str:
    """The header of a table cell or ``dd``: a cell before it, or a lone label row above."""
    if cell.tag == "dd":
        previous = cell.getprevious()
        while previous is not None and previous.tag != "dt":
            previous = previous.getprevious()
        return text_of(previous) if previous is not None else ""
    previous = cell.getprevious()
    while previous is not None:
        if previous.tag in _CELLS and not _holds_control(previous):
            words = text_of(previous)
            if words:
                return words
        previous = previous.getprevious()
    row = cell.getparent()
    above = row.getprevious() if row is not None and row.tag == "tr" else None
    if above is not None and above.tag == "tr" and not _holds_control(above):
        texts = [text_of(c) for c in above if c.tag in _CELLS]
        filled = [t for t in texts if t]
        if len(filled) == 1:
            return filled[0]
    return ""


def _holds_control(element: Element) -> bool:
    return any(True for _ in element.iter(*_CONTROL_TAGS))


@dataclass
class Button:
    """A submit button: its name and value are sent only when it is the one pressed.

    An image button (``<input type=image>``) sends where it was clicked instead: ``name.x``
    and ``name.y``, or bare ``x`` and ``y`` when it has no name. A button may send its form
    elsewhere (``formaction``, ``formmethod``), and one that stands for a script's click
    sets fields of its form first (``sets``, see ``scripted``).
    """

    name: str | None
    value: str
    text: str
    image: bool = False
    action: str | None = None
    method: str | None = None
    sets: tuple[tuple[str, str], ...] = ()
    #: Shown but greyed out: a person cannot press it.
    disabled: bool = False
    #: Where it stands on the page (a contract's row may hold it).
    element: Element | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, element: Element, page_url: str) -> Button | None:
        """The button an element is, if it submits its form."""
        kind = (element.get("type") or ("submit" if element.tag == "button" else "text")).lower()
        if kind == "submit":
            button = cls(element.get("name"), element.get("value") or "", way_words(element))
        elif kind == "image":
            button = cls(element.get("name"), "", way_words(element), image=True)
        else:
            return None
        button.element = element
        button.disabled = element.get("disabled") is not None
        if action := element.get("formaction"):
            button.action = urljoin(page_url, action)
        if method := element.get("formmethod"):
            button.method = method.upper()
        if sets := element.get(SETS):
            button.sets = tuple(parse_qsl(sets, keep_blank_values=True))
        return button

    def pairs(self) -> list[tuple[str, str]]:
        """What pressing this button adds to the form's submission."""
        if self.image:
            prefix = f"{self.name}." if self.name else ""
            return [(f"{prefix}x", "1"), (f"{prefix}y", "1")]
        return [(self.name, self.value)] if self.name else []


@dataclass
class Form:
    """A form as a browser holds it while a person fills it in.

    A ``jump`` form is a select outside any form that sends the browser to the address its
    chosen option holds (a jump menu): its element is the select.
    """

    element: Element
    action: str
    method: str
    buttons: list[Button]
    values: dict[str, str] = field(default_factory=dict)
    checked: dict[str, bool] = field(default_factory=dict)
    jump: bool = False

    @classmethod
    def read(cls, element: Element, page_url: str) -> Form:
        """Take a form from a page, resolving its action against the page's URL."""
        elements = [el for el in element.iter("button", "input") if not el.get("form")]
        if form_id := element.get("id"):
            # Buttons elsewhere on the page that name this form (``form="id"``) are its own.
            root = element.getroottree().getroot()
            elements += root.xpath("//button[@form=$id] | //input[@form=$id]", id=form_id)
        buttons = [button for el in elements if (button := Button.of(el, page_url)) is not None]
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
        """The first control whose label holds one of ``words`` (and of one of ``kinds``).

        A control's own label is asked first; then the name of its group (a legend, a row
        header), so that a radio group is found by its legend while each radio keeps its
        option's words.
        """
        found = self.controls_labelled(*words, kinds=kinds)
        return found[0] if found else None

    def controls_labelled(self, *words: str, kinds: tuple[str, ...] = ()) -> list[Element]:
        """Every visible control whose label (else group name) holds one of ``words``."""
        visible = [
            el
            for el in self.controls()
            if _kind(el) != "hidden" and (not kinds or _kind(el) in kinds)
        ]
        for name_of in (label_of, group_label_of):
            found = [el for el in visible if any(word in name_of(el) for word in words)]
            if found:
                return found
        return []

    def of_kind(self, *kinds: str) -> list[Element]:
        """Controls of the given kinds (text, password, radio, select, …)."""
        return [el for el in self.controls() if _kind(el) in kinds]

    def fill(self, control: Element, value: str) -> None:
        """Type into a field or pick an option by its value."""
        self.values[_key(control)] = value

    def check(self, control: Element, on: bool = True) -> None:
        """Tick a checkbox, or choose a radio (clearing the others of its group).

        A choice whose click sets fields by script (``SETS``) sets them too.
        """
        if _kind(control) == "radio":
            for other in self.of_kind("radio"):
                if other.get("name") == control.get("name"):
                    self.checked[_key(other)] = False
        self.checked[_key(control)] = on
        if on and (sets := control.get(SETS)):
            for name, value in parse_qsl(sets, keep_blank_values=True):
                for box in self.controls():
                    if box.get("name") == name and _kind(box) not in ("radio", "checkbox"):
                        self.values[_key(box)] = value

    def selected_option(self, select: Element) -> Element | None:
        """The option a select shows: the one picked, else the marked one, else the first."""
        options = list(select.iter("option"))
        wanted = self.values.get(_key(select))
        for option in options:
            if wanted is not None and option_value(option) == wanted:
                return option
        if wanted is None:
            for option in options:
                if option.get("selected") is not None:
                    return option
        return options[0] if options else None

    def button(self, *words: str, avoid: tuple[str, ...] = ("戻る",)) -> Button | None:
        """The button whose text holds one of ``words`` and none of ``avoid``.

        The words go first to last: a button holding an earlier word wins over one earlier
        on the page holding a later word (for 次へ, 確認: 「次へ」 over 「登録内容の確認」).
        """
        for word in words:
            for button in self.buttons:
                if word in button.text and not any(a in button.text for a in avoid):
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
                    pairs.append((name, option_value(option)))
            elif kind == "file":
                continue
            else:
                pairs.append((name, self.values.get(_key(el), el.get("value") or el.text or "")))
        if pressed is not None:
            for name, value in pressed.sets:
                _set_pair(pairs, name, value)  # a script's click
        # The form's onsubmit joins boxes into a field, as the form goes.
        for name, terms in read_joins(self.element.get(JOINS)) or []:
            sent = dict(pairs)
            joined = "".join(
                sent.get(text, "") if kind == "value_of" else text for kind, text in terms
            )
            _set_pair(pairs, name, joined)
        if pressed is not None:
            pairs.extend(pressed.pairs())
        return pairs

    @property
    def submits_itself(self) -> bool:
        """Whether the page submits this form by itself once loaded."""
        return self.element.get(AUTOSUBMIT) is not None


_TEXT_KINDS = ("text", "tel", "number", "password")
# Where the boxes of one value sit together: a cell, a row, a group. Never wider than a
# table or the form: other fields live there.
_BOX_HOLDERS = ("td", "th", "dd", "tr", "fieldset", "li", "p", "div", "span", "label")


def read_joins(value: str | None) -> list[tuple[str, list[tuple[str, str]]]] | None:
    """A form's joins (``JOINS``) as pairs of a field and its terms; None if malformed.

    The attribute is the client's own, but a page could carry one: a value of another
    shape is no join to guess at.
    """
    if value is None:
        return []
    try:
        return [
            (str(name), [(str(kind), str(text)) for kind, text in terms])
            for name, terms in json.loads(value)
        ]
    except (ValueError, TypeError):
        return None


def _set_pair(pairs: list[tuple[str, str]], name: str, value: str) -> None:
    """Set the field the form sends, else add it."""
    at = next((i for i, (key, _) in enumerate(pairs) if key == name), None)
    if at is None:
        pairs.append((name, value))
    else:
        pairs[at] = (name, value)


def boxes_of(control: Element) -> list[Element]:
    """The boxes a value is typed into, from its first, in the page's order.

    ``control`` and the text boxes beside it: a phone number in three, a code one digit
    per box. The boxes share the smallest cell, row or group that holds more than one text box, and
    nothing else a person fills in; a lone box is a list of one.
    """
    for holder in control.iterancestors():
        if holder.tag not in _BOX_HOLDERS:
            break
        inside = [
            el
            for el in holder.iter("input", "select", "textarea")
            if _kind(el) not in ("hidden", "submit", "button", "image", "reset")
        ]
        if len(inside) > 1:
            if all(_kind(el) in _TEXT_KINDS for el in inside) and inside[0] is control:
                return inside
            break
    return _joined_boxes(control)


# What stands between the boxes of one value when nothing holds them apart: a hyphen,
# brackets (03(1234)5678), space.
_JOINERS = re.compile(r"[\s\-－ー‐―−()（）]*")
# Boxes of one value: a phone number's digits one per box is the most there are.
MAX_BOXES = 12


def _joined_boxes(control: Element) -> list[Element]:
    """``control`` and the text boxes right after it, with only a hyphen or space between.

    For boxes that sit in a form or a wider block beside other fields:
    ``連絡先 <input>-<input>-<input>`` reads as one number's boxes.
    """
    boxes = [control]
    box = control
    while len(boxes) < MAX_BOXES and _JOINERS.fullmatch(box.tail or ""):
        box = box.getnext()
        while box is not None and box.tag == "input" and _kind(box) == "hidden":
            if not _JOINERS.fullmatch(box.tail or ""):
                return boxes
            box = box.getnext()
        if box is None or box.tag != "input" or _kind(box) not in _TEXT_KINDS:
            break
        boxes.append(box)
    return boxes


def _width(box: Element) -> int | None:
    for key in ("maxlength", "size"):
        value = (box.get(key) or "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    return None


# Numbers written 3-4-4: mobiles, 050 IP phones, 020 and 0120-free numbers aside.
THREE_FOUR_FOUR = ("070", "080", "090", "050", "060", "020")


def split_digits(
    boxes: list[Element], digits: str, groups: list[str] | None = None
) -> list[str] | None:
    """How a person types ``digits`` into ``boxes``; None if no way fits.

    One digit each when the boxes are as many as the digits, else by the boxes' widths
    when they add up, else by the groups the person wrote (``03-1234-5678``), else 3-4-4
    for a mobile number; a code (no groups) in equal parts.
    """
    count = len(boxes)
    if count == 1:
        return [digits]
    if count == len(digits):
        return list(digits)
    widths = [_width(box) for box in boxes]
    cuts: list[int] | None = None
    if all(widths) and sum(w or 0 for w in widths) == len(digits):
        cuts = [w or 0 for w in widths]
    elif groups and len(groups) == count and "".join(groups) == digits:
        cuts = [len(g) for g in groups]
    elif count == 3 and len(digits) == 11 and digits.startswith(THREE_FOUR_FOUR):
        cuts = [3, 4, 4]
    elif groups is None and len(digits) % count == 0:
        cuts = [len(digits) // count] * count  # a code in equal boxes: 123-456
    if cuts is None or any(w is not None and cut > w for cut, w in zip(cuts, widths, strict=True)):
        return None
    parts, at = [], 0
    for cut in cuts:
        parts.append(digits[at : at + cut])
        at += cut
    return parts


def _key(el: Element) -> str:
    # lxml hands out fresh proxy objects, so id() is not stable: the tree path is.
    return el.getroottree().getpath(el)


def _kind(el: Element) -> str:
    if el.tag in ("select", "textarea"):
        return el.tag
    return (el.get("type") or "text").lower()


def option_value(option: Element) -> str:
    """The value an option sends: its value attribute, else its text."""
    value = option.get("value")
    return value if value is not None else text_of(option)


def option_texts(select: Element) -> list[tuple[Element, str]]:
    """Each option of a select with the text a person reads."""
    return [(option, text_of(option)) for option in select.iter("option")]


# A select whose change opens the address its chosen option holds:
# onchange="location.href=this.value", or this.options[this.selectedIndex].value.
_JUMP = re.compile(
    r"location(?:\.href\s*=|\.assign\s*\(|\s*=)\s*this\s*\."
    r"(?:value|options\s*\[\s*this\s*\.\s*selectedIndex\s*\]\s*\.\s*value)"
)


def forms_of(doc: Element, page_url: str) -> list[Form]:
    """Every form of a page, then each jump menu outside them (see ``Form``)."""
    forms = [Form.read(element, page_url) for element in doc.iter("form")]
    for select in doc.iter("select"):
        if (
            _JUMP.search(select.get("onchange") or "")
            and next(select.iterancestors("form"), None) is None
        ):
            forms.append(Form(select, page_url, "GET", [], jump=True))
    return forms


# The texts a person reads: not those of scripts and styles, which the page does not show.
_SHOWN_TEXTS = etree.XPath(
    "//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]",
    smart_strings=False,
)


# Words that make a sentence a rule or a warning, not news: 「5回続けて誤るとロックされます」,
# 「操作がない場合はタイムアウトします」.
CONDITIONAL = re.compile(r"ると|たら|場合|恐れ|おそれ|可能性")
_SENTENCE_END = re.compile(r"[。．!！\n]")


def sentences(text: str) -> list[str]:
    """A text's sentences, as 。 and ！ end them."""
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def shown_sentences(doc: Element) -> list[str]:
    """The sentences a page shows, each text of it split at its sentence ends."""
    return [sentence for raw in _SHOWN_TEXTS(doc) for sentence in sentences(clean(raw))]


def added_text(before: Element, after: Element) -> str:
    """The text ``after`` shows that ``before`` did not: what a submit added, its message.

    Markup plays no part: whatever box, class or colour a site gives its message, the
    message is what changed. A text both pages show (a hint that a code lasts 30 minutes,
    that failures lock the login) is left out, as often as ``before`` shows it.
    """
    shown = Counter(text for raw in _SHOWN_TEXTS(before) if (text := clean(raw)))
    added = []
    for raw in _SHOWN_TEXTS(after):
        if not (text := clean(raw)):
            continue
        if shown[text]:
            shown[text] -= 1
        else:
            added.append(text)
    return " ".join(added)


_REFRESH = re.compile(r"^\s*(\d*)\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.IGNORECASE)
# A page that moves on by itself does so within seconds; a refresh set for later is a
# session-timeout notice (30 minutes to the logout page), not a hop.
MAX_REFRESH_DELAY = 10


def refresh_target(doc: Element) -> str | None:
    """Where a ``<meta http-equiv="refresh">`` sends the browser, if the page has one."""
    for meta in doc.iter("meta"):
        if (meta.get("http-equiv") or "").lower() != "refresh":
            continue
        match = _REFRESH.match(meta.get("content") or "")
        if match and match.group(2).strip() and int(match.group(1) or 0) <= MAX_REFRESH_DELAY:
            return match.group(2).strip()
    return None


def strip_scripts(doc: Element) -> None:
    """Drop scripts and styles so that page text is what is shown."""
    etree.strip_elements(doc, "script", "style", with_tail=False)


_HIDDEN_ATTRIBUTES = etree.XPath("//body//@hidden")
_STYLES_OF_NONE = etree.XPath("//body//@style[contains(translate(., 'NOE', 'noe'), 'none')]")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)


def strip_hidden(doc: Element) -> None:
    """Drop what a page hides from a person: a detail row, a panel, a hidden total.

    Form controls a hidden element holds are kept, as a browser still sends them (a form's
    token in a hidden div): such an element stays.
    """
    hidden = [attribute.getparent() for attribute in _HIDDEN_ATTRIBUTES(doc)]
    hidden += [a.getparent() for a in _STYLES_OF_NONE(doc) if _DISPLAY_NONE.search(str(a))]
    for element in hidden:
        if element is None or next(element.iter(*_CONTROL_TAGS), None) is not None:
            continue
        remove_element(element)
