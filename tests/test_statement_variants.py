"""Statements in other markup: summaries, call lists, printings of amounts and times, pages."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

from custom_components.ocn_dotphone.client import OcnError, UnrecognizedPage
from custom_components.ocn_dotphone.client.forms import forms_of, parse_html
from custom_components.ocn_dotphone.client.parsers import (
    JST,
    merge_call_pages,
    next_page,
    numbered_page,
    parse_calls,
    parse_calls_csv,
    parse_datetime,
    parse_duration,
    parse_month,
    parse_statement,
    parse_yen,
    read_page,
)

from .test_fuzz import FUZZ, mutated_pages, random_html

PAGES = Path(__file__).parent / "pages"
URL = "https://mypage.example/ip/meisai"
OCTOBER = date(2026, 10, 1)


def load(name: str):
    doc = parse_html((PAGES / name).read_bytes())
    return doc, forms_of(doc, URL)


def page(body: str):
    doc = parse_html(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>")
    return doc, forms_of(doc, URL)


SUMMARY = "<table><tr><th>合計</th><td>100円</td></tr></table>"
CALLS = """<table><tr><th>日時</th><th>相手先</th><th>時間</th><th>料金</th></tr>
<tr><td>2026/10/01 09:15:07</td><td>0311112222</td><td>0:01:05</td><td>8.8円</td></tr>{more}
</table>"""


def test_summary_and_calls_in_td_cells() -> None:
    doc, forms = load("statement_td_cells.html")
    statement = parse_statement(doc, "C0000000003")
    assert statement.month == OCTOBER  # 令和8年10月
    assert statement.base_fee == Decimal(1100)
    assert statement.call_charges == Decimal(79)
    assert statement.chakuwari_discount == Decimal(12)
    assert statement.universal_service_fee == Decimal(2)
    assert statement.total == Decimal(1169)
    assert statement.tax_included
    # The repeated header and the 合計 row inside the list are no calls.
    assert [c.started_at for c in statement.calls] == [
        datetime(2026, 10, 1, 9, 15, tzinfo=JST),
        datetime(2026, 10, 2, 18, 30, 5, tzinfo=JST),
        datetime(2026, 10, 31, 23, 59, tzinfo=JST),
    ]
    assert [c.other_party for c in statement.calls] == ["0312345678", "05012345678", "09011112222"]
    assert [c.duration for c in statement.calls] == [
        timedelta(minutes=3, seconds=25),
        timedelta(minutes=12, seconds=5),
        timedelta(hours=2, minutes=5, seconds=30),
    ]
    assert [c.charge for c in statement.calls] == [Decimal("8.8"), 0, Decimal("70.2")]
    assert [c.chakuwari for c in statement.calls] == [False, True, False]
    assert statement.call_count == 3
    assert statement.total_duration == timedelta(hours=2, minutes=21)
    assert next_page(doc, forms, URL).url == f"{URL}?page=2"


def test_summary_as_term_list_and_call_list_in_thead() -> None:
    doc, forms = load("statement_term_list.html")
    statement = parse_statement(doc, "C0000000004")
    assert statement.month == OCTOBER  # 2026/10
    assert statement.base_fee == Decimal(1100)
    assert statement.call_charges == Decimal(79)  # the dd that reads as an amount, not 3回
    assert statement.chakuwari_discount == Decimal(12)
    assert statement.universal_service_fee == Decimal(2)
    assert statement.total == Decimal(1169)  # nested and with a note, it agrees with itself
    # 着割対象通話時間 is not the month's call time: the calls' sum is.
    assert statement.total_duration == timedelta(hours=1, minutes=7, seconds=13)
    assert statement.call_count == 3
    assert [c.started_at for c in statement.calls] == [
        datetime(2026, 10, 1, 9, 15, tzinfo=JST),
        datetime(2026, 10, 1, 21, 5, tzinfo=JST),
        datetime(2026, 10, 31, 23, 59, tzinfo=JST),
    ]
    assert [c.duration.total_seconds() for c in statement.calls] == [245, 3723, 65]
    assert [c.charge for c in statement.calls] == [Decimal("8.8"), 0, Decimal("70.2")]
    assert [c.call_type for c in statement.calls] == ["国内固定電話", "着信", "携帯電話"]
    assert [c.chakuwari for c in statement.calls] == [False, True, False]
    assert next_page(doc, forms, URL).url == "https://mypage.example/ip/list?p=2"


def test_three_cell_summary_rows_are_no_calls() -> None:
    doc, _ = page(
        """<h2>2026年10月ご利用分</h2>
<table><tr><th>項目</th><th>回数・時間</th><th>金額</th></tr>
<tr><th>通話料</th><td>2回</td><td>26円</td></tr>
<tr><th>通話時間</th><td>0:06:00</td><td></td></tr>
<tr><th>通話回数</th><td>２回</td><td></td></tr>
<tr><th>合計</th><td></td><td>1,126円</td></tr></table>"""
    )
    statement = parse_statement(doc, "C0000000001")
    assert statement.call_charges == Decimal(26)
    assert statement.total == Decimal(1126)
    assert statement.total_duration == timedelta(minutes=6)
    assert statement.call_count == 2
    assert statement.calls == ()


@pytest.mark.parametrize(
    "header",
    [
        "<tr><th>日時</th><th>相手先</th><th>時間</th><th>料金</th><th>種別</th></tr>",
        "<thead><tr><th>No.</th><th>通話開始日時</th><th>通話先電話番号</th><th>通話時間</th>"
        "<th>通話料金</th><th>通話種別</th></tr></thead>",
        "<tr><td>開始日時</td><td>相手先電話番号</td><td>時間</td><td>金額</td><td>種別</td></tr>",
        "<tr><td colspan='5'>通話明細</td></tr>"
        "<tr><th>相手先</th><th>通話時間</th><th>日時</th><th>種別</th><th>料金</th></tr>",
    ],
)
def test_call_list_header_words(header: str) -> None:
    last_row = header.rsplit("<tr>", maxsplit=1)[-1].replace("</td>", "</th>")
    names = [part.split(">")[-1] for part in last_row.split("</th>")[:-1]]
    row = {
        "start": "10/05 08:00:09",
        "party": "0311112222",
        "duration": "2分03秒",
        "charge": "8.8円",
        "type": "国内固定電話",
    }
    cells = []
    for name in names:
        if name.startswith("No"):
            cells.append("1")
        elif "日時" in name:
            cells.append(row["start"])
        elif "時間" in name:
            cells.append(row["duration"])
        elif "先" in name:
            cells.append(row["party"])
        elif "種別" in name:
            cells.append(row["type"])
        else:
            cells.append(row["charge"])
    body = "".join(f"<td>{c}</td>" for c in cells)
    doc, _ = page(f"{SUMMARY}<table>{header}<tr>{body}</tr></table>")
    (call,) = parse_statement(doc, "C0000000001", OCTOBER).calls
    assert call.started_at == datetime(2026, 10, 5, 8, 0, 9, tzinfo=JST)
    assert call.other_party == "0311112222"
    assert call.duration == timedelta(minutes=2, seconds=3)
    assert call.charge == Decimal("8.8")
    assert call.call_type == "国内固定電話"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,234円", 1234),
        ("￥1,234", 1234),  # full-width yen sign
        ("¥1,234", 1234),
        ("\\1,234", 1234),
        ("1234", 1234),
        ("１，２３４円", 1234),
        ("8.8", Decimal("8.8")),
        ("８．８円", Decimal("8.8")),
        ("△12円", -12),
        ("▲12", -12),
        ("-12円", -12),
        ("−12円", -12),  # minus sign
        ("－１２円", -12),  # full-width hyphen-minus
        ("￥－１２", -12),
    ],
)
def test_every_amount_printing(text: str, amount: Decimal | int) -> None:
    assert parse_yen(text) == amount


@pytest.mark.parametrize("discount", ["△12円", "-12円", "12円", "−１２円"])
def test_discount_is_stored_positive(discount: str) -> None:
    doc, _ = page(f"<table><tr><th>着割</th><td>{discount} ※1</td></tr></table>{SUMMARY}")
    assert parse_statement(doc, "C0000000001", OCTOBER).chakuwari_discount == 12


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1:02:03", 3723),
        ("04:05", 245),
        ("125:30", 7530),
        ("4分05秒", 245),
        ("1時間02分03秒", 3723),
        ("1時間 2分", 3720),
        ("65秒", 65),
        ("１：０２：０３", 3723),
        ("４分０５秒", 245),
    ],
)
def test_every_duration_printing(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text",
    [
        "2026/10/01 09:15:07",
        "10/01 09:15:07",
        "10月1日 9時15分7秒",
        "2026年10月1日(木) 09:15:07",
        "2026-10-01 09:15:07",
        "2026-10-01T09:15:07",
        "２０２６/１０/０１ ０９:１５:０７",
        "１０月１日（木）　９：１５：０７",
    ],
)
def test_every_date_printing(text: str) -> None:
    assert parse_datetime(text, 2026, 10) == datetime(2026, 10, 1, 9, 15, 7, tzinfo=JST)


def test_dates_across_the_new_year() -> None:
    assert parse_datetime("12/31 23:59", 2027, 1) == datetime(2026, 12, 31, 23, 59, tzinfo=JST)
    assert parse_datetime("1/1 0:01", 2026, 12) == datetime(2027, 1, 1, 0, 1, tzinfo=JST)
    assert parse_datetime("12/31 23:59", 2026, 12) == datetime(2026, 12, 31, 23, 59, tzinfo=JST)
    assert parse_datetime("1/1 0:01", 2027, 1) == datetime(2027, 1, 1, 0, 1, tzinfo=JST)
    # A printed year is never second-guessed.
    assert parse_datetime("2027/01/01 00:01", 2026, 12).year == 2027


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026年10月ご利用分", OCTOBER),
        ("2026/10", OCTOBER),
        ("２０２６年１０月", OCTOBER),
        ("令和8年10月ご利用分", OCTOBER),
        ("令和８年１０月", OCTOBER),
        ("令和元年5月", date(2019, 5, 1)),
        ("令和7年12月", date(2025, 12, 1)),
    ],
)
def test_every_month_printing(text: str, month: date) -> None:
    assert parse_month(text) == month


def test_month_from_the_heading_not_the_as_of_date() -> None:
    doc, _ = page(f"<h2>2026年11月25日 09:00時点</h2><h3>令和8年10月ご利用分</h3>{SUMMARY}")
    assert parse_statement(doc, "C0000000001").month == OCTOBER
    # A month passed in is the month read.
    assert parse_statement(doc, "C0000000001", date(2026, 9, 1)).month == date(2026, 9, 1)


def test_call_list_over_pages() -> None:
    doc, forms = load("statement_paged_1.html")
    first = parse_statement(doc, "C0000000005")
    assert first.month == date(2027, 1, 1)
    # A list for January carries a call of 31 December over: the year before.
    assert first.calls[0].started_at == datetime(2026, 12, 31, 23, 58, tzinfo=JST)
    assert first.calls[1].started_at == datetime(2027, 1, 1, 0, 3, tzinfo=JST)
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url == f"{URL}?page=2"
    doc, forms = load("statement_paged_2.html")
    second = parse_calls(doc, first.month)
    assert next_page(doc, forms, f"{URL}?page=2").url == f"{URL}?page=3"
    last, _ = page(
        "<table><tr><th>日時</th><th>相手先</th><th>時間</th></tr>"
        "<tr><td>01/31 23:00</td><td>0311112222</td><td>0:00:30</td></tr></table>"
        '<p><a href="meisai?page=1">1</a> <a href="meisai?page=2">2</a> <b>3</b></p>'
    )
    third = parse_calls(last, first.month)
    assert next_page(last, [], f"{URL}?page=3") is None
    statement = merge_call_pages(first, [second, third])
    assert len(statement.calls) == statement.call_count == 4  # the summary prints no count
    assert statement.total_duration == timedelta(minutes=7)
    assert statement.total == Decimal(1126)
    assert statement.calls[-1].started_at == datetime(2027, 1, 31, 23, tzinfo=JST)


def test_merge_keeps_the_printed_count() -> None:
    doc, _ = page(
        "<table><tr><th>通話回数</th><td>40回</td></tr><tr><th>通話時間</th><td>2:00:00</td></tr>"
        "<tr><th>合計</th><td>100円</td></tr></table>" + CALLS.format(more="")
    )
    first = parse_statement(doc, "C0000000001", OCTOBER)
    more = [first.calls * 2]
    statement = merge_call_pages(first, more)
    assert len(statement.calls) == 3
    assert statement.call_count == 40
    assert statement.total_duration == timedelta(hours=2)
    assert merge_call_pages(first, []) is first


def test_december_list_with_january_dates() -> None:
    doc, _ = page(
        "<h2>2026年12月ご利用分</h2>"
        + SUMMARY
        + CALLS.format(more="").replace("2026/10/01 09:15:07", "1月1日 0時01分")
    )
    (call,) = parse_statement(doc, "C0000000001").calls
    assert call.started_at == datetime(2027, 1, 1, 0, 1, tzinfo=JST)


@pytest.mark.parametrize(
    ("pager", "expected"),
    [
        ('<a href="?p=2">次へ</a>', f"{URL}?p=2"),
        ('<a href="?p=2">次の100件</a>', f"{URL}?p=2"),
        ('<a href="?p=2">＞</a>', f"{URL}?p=2"),
        ('<a href="?p=2"><img src="n.gif" alt="次のページ"></a>', f"{URL}?p=2"),
        ('<a href="?p=2">次へ</a> … <a href="?p=2">次へ</a>', f"{URL}?p=2"),
        ('<a href="?p=1">前へ</a> <span>次へ</span>', None),
        ('<a href="#">次へ</a>', None),
        ('<a href="?p=1">1</a> <strong>2</strong> <a href="?p=3">3</a>', f"{URL}?p=3"),
        ('<a href="?p=1" aria-current="page">1</a> <a href="?p=2">2</a>', f"{URL}?p=2"),
        ('<a href="meisai">1</a> <a href="?p=2">2</a>', f"{URL}?p=2"),
        ("<p>全1件</p>", None),
    ],
)
def test_next_page_links(pager: str, expected: str | None) -> None:
    doc, forms = page(pager)
    step = next_page(doc, forms, URL)
    assert (step.url if step else None) == expected


def test_numbered_page() -> None:
    doc, forms = page(
        '<strong>1</strong> <a href="?p=2">2</a> <a href="?p=3">[3]</a> <a href="?p=2">次へ</a>'
    )
    assert [
        (step.url if (step := numbered_page(doc, forms, URL, n)) else None) for n in (2, 3, 4)
    ] == [
        f"{URL}?p=2",
        f"{URL}?p=3",
        None,
    ]
    doc, forms = page(
        '<form method="post" action="/ip/list"><input type="hidden" name="t" value="x">'
        '<button name="page" value="1" disabled>1</button>'
        '<button name="page" value="2">2</button></form>'
    )
    step = numbered_page(doc, forms, URL, 2)
    assert step is not None
    assert step.form is not None
    assert step.button is not None
    assert dict(step.form.submission(step.button)) == {"t": "x", "page": "2"}
    assert numbered_page(*page('<a href="?p=2">次へ</a>'), URL, 2) is None


def test_next_page_button() -> None:
    doc, forms = page(
        '<form method="post" action="/ip/list"><input type="hidden" name="t" value="x">'
        '<button name="move" value="prev">前へ</button>'
        '<button name="move" value="next">次へ</button></form>'
    )
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url is None
    assert step.form is not None
    assert step.button is not None
    assert dict(step.form.submission(step.button)) == {"t": "x", "move": "next"}
    doc, forms = page('<form><input type="submit" name="move" value="次へ" disabled></form>')
    assert next_page(doc, forms, URL) is None


def test_pages_that_read_two_ways_are_not_guessed() -> None:
    two_links, forms = page('<a href="?p=2">次へ</a><a href="?q=9">次へ</a>')
    with pytest.raises(UnrecognizedPage):
        next_page(two_links, forms, URL)
    no_current, forms = page('<p><a href="?p=1">1</a> <a href="?p=2">2</a></p>')
    with pytest.raises(UnrecognizedPage):
        next_page(no_current, forms, URL)
    row = "<tr><td>2026/10/02 10:00:00</td><td>0322223333</td><td>0:02:00</td><td>0円</td></tr>"
    two_lists, _ = page(SUMMARY + CALLS.format(more="") + CALLS.format(more=row))
    with pytest.raises(UnrecognizedPage, match="one call list"):
        parse_statement(two_lists, "C0000000001", OCTOBER)
    same_lists, _ = page(SUMMARY + CALLS.format(more=row) + CALLS.format(more=row))
    assert len(parse_statement(same_lists, "C0000000001", OCTOBER).calls) == 2
    totals = (
        "<table><tr><th>合計</th><td>1,169円</td></tr></table><dl><dt>合計</dt><dd>{}</dd></dl>"
    )
    with pytest.raises(UnrecognizedPage, match="total"):
        parse_statement(page(totals.format("1,170円"))[0], "C0000000001", OCTOBER)
    repeated = parse_statement(page(totals.format("¥1,169"))[0], "C0000000001", OCTOBER)
    assert repeated.total == 1169


def test_unreadable_summary_line_is_not_zero() -> None:
    doc, _ = page("<table><tr><th>基本料</th><td>お問い合わせください</td></tr></table>" + SUMMARY)
    with pytest.raises(UnrecognizedPage):
        parse_statement(doc, "C0000000001", OCTOBER)


def test_garbled_call_row_is_not_skipped() -> None:
    row = "<tr><td>2026/13/45 10:00:00</td><td>0322223333</td><td>0:02:00</td><td>0円</td></tr>"
    doc, _ = page(SUMMARY + CALLS.format(more=row))
    with pytest.raises(UnrecognizedPage):
        parse_statement(doc, "C0000000001", OCTOBER)
    with pytest.raises(UnrecognizedPage):
        parse_calls(doc, OCTOBER)
    with pytest.raises(UnrecognizedPage, match="call list"):
        parse_calls(page(SUMMARY)[0], OCTOBER)


def test_a_call_charge_beyond_any_bill_is_refused_on_every_page() -> None:
    """A 40-digit charge is a misread or hostile page: on a further page and in a CSV too."""
    charge = "1" + "0" * 40
    row = f"<tr><td>2026/10/05 10:00:00</td><td>0322223333</td><td>0:02:00</td><td>{charge}円</td></tr>"
    doc, _ = page(SUMMARY + CALLS.format(more=row))
    with pytest.raises(UnrecognizedPage):
        parse_statement(doc, "C0000000001", OCTOBER)
    with pytest.raises(UnrecognizedPage):
        parse_calls(doc, OCTOBER)
    download = f"通話日時,通話先,通話時間,通話料\n2026/10/05 10:00,0322223333,0:02:00,{charge}\n"
    with pytest.raises(UnrecognizedPage):
        parse_calls_csv(download.encode(), OCTOBER)


def test_the_050_number_a_statement_shows_outside_its_call_list() -> None:
    """Before the call list and outside any choice; two numbers there are not guessed between."""
    called = (
        "<tr><td>2026/10/02 10:00:00</td><td>050-9999-8888</td><td>0:01:00</td><td>0円</td></tr>"
    )
    shown = "<p>ご利用電話番号：０５０－１１１１－２２２２</p>"
    choice = "<select><option>050-3333-4444</option></select>"
    doc, _ = page(shown + choice + SUMMARY + CALLS.format(more=called))
    assert parse_statement(doc, "C0000000001", OCTOBER).phone_number == "05011112222"
    doc, _ = page(SUMMARY + CALLS.format(more=called))
    assert parse_statement(doc, "C0000000001", OCTOBER).phone_number == ""
    doc, _ = page(shown + "<p>050-3333-4444</p>" + SUMMARY + CALLS.format(more=called))
    assert parse_statement(doc, "C0000000001", OCTOBER).phone_number == ""


def test_summary_with_labels_above_values() -> None:
    doc, _ = page(
        "<table><thead><tr><th>基本使用料</th><th>通話料</th><th>着割</th><th>お支払い金額</th>"
        "</tr></thead><tbody><tr><td>1,100円</td><td>79円</td><td>－</td><td>1,179円</td></tr>"
        "</tbody></table>"
    )
    statement = parse_statement(doc, "C0000000001", OCTOBER)
    assert statement.base_fee == 1100
    assert statement.call_charges == 79
    assert statement.chakuwari_discount == 0  # a dash: no discount
    assert statement.total == 1179


def test_blank_and_dashed_lines_read_as_none() -> None:
    doc, _ = page(
        "<table><tr><td>着割</td><td></td></tr><tr><td>通話料</td><td>―</td></tr>"
        "<tr><td>合計</td><td>1,100円</td></tr></table>"
        + CALLS.format(
            more="<tr><td>2026/10/02 10:00:00</td><td>0322223333</td><td>0:02:00</td>"
            "<td>－</td></tr>"
        )
    )
    statement = parse_statement(doc, "C0000000001", OCTOBER)
    assert statement.chakuwari_discount == statement.call_charges == 0
    assert [c.charge for c in statement.calls] == [Decimal("8.8"), 0]


@FUZZ
@given(mutated_pages())
def test_paging_survives_mutated_pages(body: bytes) -> None:
    with contextlib.suppress(OcnError):
        doc, forms, _ = read_page(body, None, URL)
        next_page(doc, forms, URL)
        merge_call_pages(parse_statement(doc, "C0000000001", OCTOBER), [parse_calls(doc, OCTOBER)])


@FUZZ
@given(random_html())
def test_paging_survives_random_html(html: str) -> None:
    with contextlib.suppress(OcnError):
        doc, forms, _ = read_page(html.encode(), None, URL)
        next_page(doc, forms, URL)
        parse_calls(doc, OCTOBER)


def test_garbage_reads_as_not_a_value() -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration("99999999999999:00:00")
    doc, forms = page('<a href="http://[broken/">次へ</a>')
    assert next_page(doc, forms, URL) is None


def test_month_from_the_month_shown_when_no_heading_names_it() -> None:
    doc, _ = page(
        '<h1>050IP電話利用明細</h1><form><label>ご確認月<select name="m">'
        '<option value="1">2026年11月</option><option value="2" selected>2026年10月</option>'
        "</select></label><button>表示</button></form>" + SUMMARY
    )
    assert parse_statement(doc, "C0000000001").month == OCTOBER
    with pytest.raises(UnrecognizedPage, match="month"):
        parse_statement(page(SUMMARY)[0], "C0000000001")


@pytest.mark.parametrize(
    ("buttons", "expected"),
    [
        (
            '<button name="p" value="1" disabled>1</button><button name="p" value="2">2</button>',
            "2",
        ),
        (
            '<button name="p" value="1">1</button><button name="p" value="2" disabled>2</button>',
            None,
        ),
        ('<span>1</span> <input type="submit" name="p" value="2">', "2"),
    ],
)
def test_page_number_buttons(buttons: str, expected: str | None) -> None:
    doc, forms = page(f'<form method="post" action="/ip/list">{buttons}</form>')
    step = next_page(doc, forms, URL)
    assert (dict(step.form.submission(step.button))["p"] if step else None) == expected


def test_lines_that_only_mention_chakuwari() -> None:
    doc, _ = page(
        "<table><tr><td>通話料（着割適用後）</td><td>67円</td></tr>"
        "<tr><td>着割の最大割引額</td><td>通話料金を上限として割引を適用します。</td></tr>"
        "<tr><td>着割対象通話</td><td>3回</td></tr></table>" + SUMMARY
    )
    statement = parse_statement(doc, "C0000000001", OCTOBER)
    assert statement.call_charges == 67
    assert statement.chakuwari_discount == 0
    assert statement.call_count == 0


def test_count_a_paged_list_prints() -> None:
    row = "<tr><td>2026/10/02 10:00:00</td><td>0322223333</td><td>0:02:00</td><td>0円</td></tr>"
    listed = page(
        SUMMARY
        + "<p>全１２０件中 1～2件を表示</p>"
        + CALLS.format(more=row)
        + '<a href="?p=2">次へ</a>'
    )[0]
    first = parse_statement(listed, "C0000000001", OCTOBER)
    assert first.call_count == 120  # the sensors' count costs no further page
    assert merge_call_pages(first, [first.calls]).call_count == 120
    # A count in a link, or of something else, is no count of the calls.
    news = page(
        '<div class="head"><a href="/info">お知らせ（全2件）</a></div><div>メッセージ 全5件</div>'
        + SUMMARY
        + CALLS.format(more=row)
    )[0]
    assert parse_statement(news, "C0000000001", OCTOBER).call_count == 2
    two_counts = page(SUMMARY + "<p>全120件</p><p>全121件</p>" + CALLS.format(more=""))[0]
    with pytest.raises(UnrecognizedPage, match="number of calls"):
        parse_statement(two_counts, "C0000000001", OCTOBER)


@pytest.mark.parametrize("day", ["通話日", "ご利用日", "発信日", "月日"])
def test_day_and_time_in_two_columns(day: str) -> None:
    doc, _ = page(
        SUMMARY + f"<table><tr><th>{day}</th><th>開始時刻</th><th>相手先</th><th>通話時間</th></tr>"
        "<tr><td>10月3日</td><td>8:05</td><td>0311112222</td><td>0:01:00</td></tr></table>"
    )
    (call,) = parse_statement(doc, "C0000000001", OCTOBER).calls
    assert call.started_at == datetime(2026, 10, 3, 8, 5, tzinfo=JST)


@pytest.mark.parametrize("printed", ["8.8円(税込)", "8.8円（税込）", "8.8円 ※1"])
def test_call_charge_with_a_note_beside_it(printed: str) -> None:
    doc, _ = page(SUMMARY + CALLS.replace("8.8円", printed).format(more=""))
    (call,) = parse_statement(doc, "C0000000001", OCTOBER).calls
    assert call.charge == Decimal("8.8")


@pytest.mark.parametrize(
    ("started", "charge"),
    [
        ("2026/10/1<br>12:30:00", "8.8円"),
        ("2026/10/1<br/>12:30:00", "<b>8</b>.8円"),
        ("<div>2026/10/1</div><div>12:30:00</div>", "8<span>.8</span>円"),
        ("<p>2026/10/1</p>12:30:00", "8.8<!-- 税込 -->円"),
    ],
)
def test_a_line_break_in_a_cell_parts_its_words(started: str, charge: str) -> None:
    doc, _ = page(
        "<table><tr><th>通話料</th><td>8<br>円</td></tr><tr><th>合計</th><td>1,108円</td></tr>"
        "</table><table><tr><th>通話開始日時</th><th>相手先電話番号</th><th>通話時間</th>"
        f"<th>通話料金</th></tr><tr><td>{started}</td><td>0311112222</td><td>0:01:05</td>"
        f"<td>{charge}</td></tr></table>"
    )
    statement = parse_statement(doc, "C0000000001", OCTOBER)
    (call,) = statement.calls
    assert call.started_at == datetime(2026, 10, 1, 12, 30, tzinfo=JST)  # not 10/11 2:30
    assert call.charge == Decimal("8.8")
    assert statement.call_charges == 8
    assert statement.total == 1108


@pytest.mark.parametrize(
    ("headers", "cells"),
    [
        # The line's own number is no other party.
        (
            ["ご利用電話番号", "通話開始日時", "通話先電話番号", "通話時間", "通話料金"],
            ["050-9999-0000", "2026/10/01 09:15:07", "03-1111-2222", "0:01:05", "8.8円"],
        ),
        (
            ["契約電話番号", "通話開始日時", "ダイヤル番号", "通話時間", "通話料金"],
            ["05099990000", "2026/10/01 09:15:07", "0311112222", "0:01:05", "8.8円"],
        ),
        (
            ["ご利用番号", "通話開始日時", "接続先", "通話時間", "通話料金"],
            ["05099990000", "2026/10/01 09:15:07", "0311112222", "0:01:05", "8.8円"],
        ),
        # The end is no start.
        (
            ["通話終了日時", "通話開始日時", "宛先", "通話時間", "通話料金"],
            ["2026/10/01 09:16:12", "2026/10/01 09:15:07", "0311112222", "0:01:05", "8.8円"],
        ),
        (
            ["通話日", "終了時刻", "開始時刻", "相手先", "通話時間", "通話料金"],
            ["2026/10/01", "09:16:12", "09:15:07", "0311112222", "0:01:05", "8.8円"],
        ),
        # The charge billed is the one with tax.
        (
            ["通話開始日時", "相手先電話番号", "通話時間", "通話料金(税抜)", "通話料金(税込)"],
            ["2026/10/01 09:15:07", "0311112222", "0:01:05", "8円", "8.8円"],
        ),
        (
            ["通話開始日時", "相手先電話番号", "通話時間", "通話料金（税込）", "通話料金（税抜）"],
            ["2026/10/01 09:15:07", "0311112222", "0:01:05", "8.8円", "8円"],
        ),
        # A classifier before the figure it classes is neither.
        (
            ["通話開始日時", "相手先電話番号", "料金区分", "時間区分", "通話時間", "通話料金"],
            ["2026/10/01 09:15:07", "0311112222", "市内", "昼間", "0:01:05", "8.8円"],
        ),
    ],
)
def test_call_list_columns_that_are_not_the_call_figures(
    headers: list[str], cells: list[str]
) -> None:
    head = "".join(f"<th>{h}</th>" for h in headers)
    row = "".join(f"<td>{c}</td>" for c in cells)
    doc, _ = page(f"{SUMMARY}<table><tr>{head}</tr><tr>{row}</tr></table>")
    (call,) = parse_statement(doc, "C0000000001", OCTOBER).calls
    assert call.started_at == datetime(2026, 10, 1, 9, 15, 7, tzinfo=JST)
    assert call.other_party == "0311112222"
    assert call.duration == timedelta(minutes=1, seconds=5)
    assert call.charge == Decimal("8.8")


def test_per_call_marks_notes_and_free_calls() -> None:
    doc, _ = page(
        f"{SUMMARY}<table><tr><th>通話開始日時</th><th>相手先電話番号</th><th>通話時間</th>"
        "<th>通話料金</th><th>着割</th></tr>"
        "<tr><td>2026/10/01 09:15:07</td><td>03-1234-5678<br><small>(登録名なし)</small></td>"
        "<td>0:01:05</td><td>無料</td><td>◯</td></tr>"
        "<tr><td>2026/10/02 10:00:00</td><td>090-1111-2222 山田</td><td>0:02:00</td>"
        "<td>17.6円</td><td>○</td></tr>"
        "<tr><td>2026/10/03 11:00:00</td><td>非通知</td><td>0:00:30</td><td>0円</td><td></td></tr>"
        "</table>"
    )
    calls = parse_statement(doc, "C0000000001", OCTOBER).calls
    assert [c.other_party for c in calls] == ["0312345678", "09011112222", "非通知"]
    assert [c.charge for c in calls] == [0, Decimal("17.6"), 0]
    assert [c.chakuwari for c in calls] == [True, True, False]


@pytest.mark.parametrize(
    ("pager", "expected"),
    [
        ('<a href="?p=2">次 &gt;</a>', f"{URL}?p=2"),
        ('<a href="?p=2">次＞</a>', f"{URL}?p=2"),
        ('<a href="?p=2">次頁</a>', f"{URL}?p=2"),
        ('<a href="?p=2">次の明細へ</a>', f"{URL}?p=2"),
        ('<a href="/info">次回のメンテナンス</a>', None),
        ('<a href="?m=11">次月</a>', None),
        ('<a href="/info">次回 &gt;</a>', None),
    ],
)
def test_next_page_wordings(pager: str, expected: str | None) -> None:
    doc, forms = page(pager)
    step = next_page(doc, forms, URL)
    assert (step.url if step else None) == expected


def test_summary_labels_for_the_fee_and_a_noted_discount() -> None:
    doc, _ = page(
        "<table><tr><th>月額使用料</th><td>1,100円</td></tr><tr><th>通話料</th><td>35円</td></tr>"
        "<tr><th>着割（着割対象通話 62分）</th><td>▲31円</td></tr>"
        "<tr><th>着割対象通話</th><td>3回</td></tr><tr><th>合計</th><td>1,104円</td></tr></table>"
    )
    statement = parse_statement(doc, "C0000000001", OCTOBER)
    assert statement.base_fee == 1100
    assert statement.call_charges == 35
    assert statement.chakuwari_discount == 31
    assert statement.total == 1104
    assert statement.call_count == 0  # 着割対象通話 counts the discounted calls only
