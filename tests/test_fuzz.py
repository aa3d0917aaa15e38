"""Fuzzing: mutated real pages and random HTML never make a parser raise anything but our errors.

Each test runs ``EXAMPLES`` generated cases (hypothesis, without its example database, so a
run is independent of the previous one).
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.ocn_dotphone.client import OcnError
from custom_components.ocn_dotphone.client.forms import added_text, outline, parse_html
from custom_components.ocn_dotphone.client.parsers import (
    PageKind,
    contract_choices,
    maintenance_end,
    method_choices,
    page_kind,
    parse_months,
    parse_statement,
    read_page,
    selected_month,
    service_button,
)

PAGES = sorted((Path(__file__).parent / "pages").glob("*.html"))
REAL = [page.read_bytes() for page in PAGES]
EXAMPLES = 300
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Words and marks the pages are made of, so random pages come near the parsers' paths.
WORDS = [
    "ご確認月", "契約番号", "お客さま番号", "050IP電話利用明細", "表示", "合計", "通話料",
    "基本料", "着割", "通話時間", "通話回数", "開始日時", "相手先", "種別", "金額", "税込",
    "税抜", "連絡先電話番号", "認証番号", "SMS", "電話音声通知", "送信", "次へ", "戻る",
    "ワンタイムパスワード", "メンテナンス", "規約", "同意", "料金・ご利用明細", "ログイン",
    "OCN ID", "2026年11月", "2026/10/01 09:15:07", "0:01:05", "△55円", "1,234円", "N1234567890",
    "050-1111-2222", "C0000000001", "*", "＊", "○", "１２３", "--", "円", "年", "月", "日",
]  # fmt: skip
TAGS = ["div", "p", "table", "tr", "th", "td", "form", "select", "option", "label", "dl", "dt",
        "dd", "h1", "h2", "title", "a", "button", "fieldset", "legend", "caption"]  # fmt: skip
ATTRS = [
    ' type="text"', ' type="radio"', ' type="password"', ' type="submit"', ' type="hidden"',
    ' type="checkbox"', ' name="x"', ' value="1"', ' selected', ' checked', ' disabled',
    ' id="f"', ' for="f"', ' href="/mypage/x"', ' method="post"', ' action="?a=1"',
    ' role="alert"', ' class="msg-error"',
]  # fmt: skip


def read_like_the_client(body: bytes) -> None:
    """Every parser the walk may run on a page, as the client runs them."""
    doc, forms, kind = read_page(body, None, "https://mypage.example/path")
    outline(doc, 4000)
    added_text(parse_html("<p>入力</p>"), doc)  # what a page answering a form adds
    maintenance_end(doc)
    for form in forms:
        form_kind = page_kind(doc, [form])
        method_choices(form)
        service_button(form)
        form.submission(form.buttons[0] if form.buttons else None)
        if form_kind == PageKind.SERVICES:
            contract_choices(doc, [form])
        if form_kind == PageKind.STATEMENT:
            parse_months(form)
            selected_month(form)
    if kind == PageKind.STATEMENT:
        parse_statement(doc, "C0000000001", date(2026, 10, 1))
    parse_statement(doc, "C0000000001")


def survives(body: bytes) -> None:
    """Only the client's own errors may leave the parsers."""
    with contextlib.suppress(OcnError):
        read_like_the_client(body)


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    """A saved page with a few slices cut, repeated, replaced or tags renamed."""
    body = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(body)))
        end = draw(st.integers(start, min(len(body), start + 400)))
        match draw(st.sampled_from(["cut", "repeat", "replace", "retag", "word"])):
            case "cut":
                body = body[:start] + body[end:]
            case "repeat":
                body = body[:end] + body[start:end] + body[end:]
            case "replace":
                body = body[:start] + draw(st.binary(max_size=40)) + body[end:]
            case "retag":
                old, new = draw(st.sampled_from(TAGS)), draw(st.sampled_from(TAGS))
                body = re.sub(rb"<(/?)" + old.encode() + rb"\b", rb"<\1" + new.encode(), body)
            case "word":
                word = draw(st.sampled_from(WORDS)).encode()
                body = body[:start] + word + body[end:]
    return body


def random_html() -> st.SearchStrategy[str]:
    """Nested elements of the pages' tags, attributes and words, with arbitrary text."""
    text = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))

    def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, attrs, inner: f"<{tag}{''.join(attrs)}>{''.join(inner)}</{tag}>",
            st.sampled_from([*TAGS, "input"]),
            st.lists(st.sampled_from(ATTRS), max_size=3),
            st.lists(children, max_size=5),
        )

    return st.builds(
        lambda head, body: f"<html><head><title>{head}</title></head><body>{body}</body></html>",
        text,
        st.recursive(text, element, max_leaves=40),
    )


@FUZZ
@given(mutated_pages())
def test_mutated_real_pages(body: bytes) -> None:
    survives(body)


@FUZZ
@given(random_html())
def test_random_html(page: str) -> None:
    survives(page.encode())


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(body: bytes) -> None:
    survives(body)


def test_short_call_row() -> None:
    """Found by the fuzzer: a call row missing its trailing cells is read, not a crash."""
    page = """<html><head><meta charset="utf-8"></head><body><h1>050IP電話利用明細</h1>
<table><tr><th>合計</th><td>100円</td></tr></table>
<table><tr><th>通話開始日時</th><th>相手先</th><th>通話時間</th><th>通話料</th><th>種別</th></tr>
<tr><td>2026/10/01 09:15:07</td><td>0311112222</td><td>0:01:05</td></tr></table>
</body></html>"""
    statement = parse_statement(page.encode(), "C0000000001", date(2026, 10, 1))
    assert len(statement.calls) == 1
    assert statement.calls[0].charge == 0
    assert statement.calls[0].call_type == ""
