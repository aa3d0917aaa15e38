"""The page families a person reads on Japanese portals, each on a page of its own.

Every case is a shape a real site uses that a reader of only the simulator's skins would
miss: the walk over whole skins is in ``test_skins.py``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from custom_components.ocn_dotphone.client.errors import UnrecognizedPage
from custom_components.ocn_dotphone.client.forms import (
    boxes_of,
    find_link,
    refresh_target,
    split_digits,
)
from custom_components.ocn_dotphone.client.models import AuthMethod
from custom_components.ocn_dotphone.client.parsers import (
    JST,
    OpenBy,
    PageKind,
    contract_choices,
    csv_download,
    method_choices,
    next_page,
    option_months,
    parse_calls,
    parse_calls_csv,
    parse_datetime,
    parse_month,
    parse_statement,
    parse_yen,
    read_page,
    shows_statement,
)

URL = "https://mypage.example/page"


def page(body: str, head: str = ""):
    return read_page(f"<html><head>{head}</head><body>{body}</body></html>".encode(), "utf-8", URL)


# --- 7. links and buttons that post by script -------------------------------------

HELPER = """<script>
function doPost(action, name, value) {
  var f = document.forms['mainForm'];
  f.action = action;
  f.elements[name].value = value;
  f.submit();
}
</script>"""
TOKEN_FORM = (
    '<form name="mainForm" method="post" action="/x">'
    '<input type="hidden" name="token" value="T1"><input type="hidden" name="pageNo" value="">'
    "</form>"
)


def test_location_link_becomes_a_link() -> None:
    doc, _, _ = (
        page("""<a href="#" onclick="location.href='/charges'; return false;">料金・ご利用明細</a>
        <button type="button" onclick="window.location = '/top'">トップ</button>""")
    )
    assert find_link(doc, "料金", "明細") == "/charges"
    assert find_link(doc, "トップ") == "/top"


def test_a_frame_loaded_by_script_is_read_where_it_leads() -> None:
    """A menu's click that loads a frame is a link there; a frame a script points once the
    page has loaded has that address, whether it is named by id, name or place.
    """
    doc, _, _ = page(
        """<a href="#" onclick="parent.main.location.href='/charges'; return false;">料金・ご利用明細</a>
        <a href="javascript:void(0)" onclick="top.frames['main'].location = '/top'">トップ</a>"""
    )
    assert find_link(doc, "料金", "明細") == "/charges"
    assert find_link(doc, "トップ") == "/top"
    loads = (
        "document.getElementById('main').src = '/content';",
        "window.frames['main'].location.href = '/content';",
        "parent.frames[1].location = '/content';",
    )
    for load in loads:
        doc, _, _ = page(
            f"""<iframe src="/banner"></iframe><iframe id="main" name="main"></iframe>
            <script>window.addEventListener('load', function () {{ {load} }});</script>"""
        )
        assert [f.get("src") for f in doc.iter("iframe")] == ["/banner", "/content"], load


def test_assignments_then_submit_post_the_named_form() -> None:
    _, forms, _ = page(
        TOKEN_FORM
        + """<table><tr><td>050-1111-2222 C0000001</td><td>
        <a href="javascript:void(0)" onclick="document.forms['mainForm'].elements['keiyakuNo']
        .value='C0000001'; document.forms['mainForm'].submit(); return false;">明細を見る</a>
        </td></tr></table>"""
    )
    [clicked] = [f for f in forms if f.buttons]
    assert clicked.action == "https://mypage.example/x"
    assert clicked.submission(clicked.buttons[0]) == [
        ("token", "T1"),
        ("pageNo", ""),
        ("keiyakuNo", "C0000001"),
    ]


def test_helper_is_read_through_its_body() -> None:
    doc, forms, _ = page(
        TOKEN_FORM
        + """<p><a href="javascript:doPost('/ip050/page','pageNo','2')">次ページ＞</a></p>""",
        head=HELPER,
    )
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.form is not None
    assert step.form.action == "https://mypage.example/ip050/page"
    assert step.form.submission(step.button) == [("token", "T1"), ("pageNo", "2")]


def test_addresses_joined_from_strings_and_set_as_an_attribute() -> None:
    doc, forms, _ = page(
        TOKEN_FORM
        + """<a href="javascript:go('ip050')">050IP電話利用明細</a>
        <a href="#" onclick="document.mainForm.setAttribute('action', '/ryokin.do');
        document.mainForm.submit(); return false;">料金・ご利用明細</a>
        <a href="javascript:void(0)" onclick="top('menu')">トップ</a>""",
        head="""<script>function go(id) { document.mainForm.action = "/mypage/" + id + ".do";
        document.mainForm.pageNo.value = '1' + "0"; document.mainForm.submit(); }
        function top(p) { location.href = '/' + p + '?from=' + "top"; }</script>""",
    )
    actions = {
        f.buttons[0].text: (f.action, f.submission(f.buttons[0])) for f in forms if f.buttons
    }
    assert actions["050IP電話利用明細"] == (
        "https://mypage.example/mypage/ip050.do",
        [("token", "T1"), ("pageNo", "10")],
    )
    assert actions["料金・ご利用明細"][0] == "https://mypage.example/ryokin.do"
    assert find_link(doc, "トップ") == "/menu?from=top"


@pytest.mark.parametrize(
    "handler",
    [
        "$('#keiyakuNo').val('C0000001'); $('#mainForm').submit(); return false;",
        "jQuery('input[name=keiyakuNo]').val('C0000001'); jQuery('form[name=mainForm]').submit();",
        "$('#keiyakuNo').val('C0000001'); $('#mainForm').attr('action', '/y').submit();",
    ],
)
def test_jquery_fills_and_submits_a_form(handler: str) -> None:
    _, forms, _ = page(
        TOKEN_FORM.replace('name="mainForm"', 'name="mainForm" id="mainForm"').replace(
            "</form>", '<input type="hidden" id="keiyakuNo" name="keiyakuNo" value=""></form>'
        )
        + f"""<a href="#" onclick="{handler}">明細を見る</a>"""
    )
    [clicked] = [f for f in forms if f.buttons]
    assert ("keiyakuNo", "C0000001") in clicked.submission(clicked.buttons[0])
    assert clicked.action.endswith("/y" if "attr" in handler else "/x")


def test_helper_from_elsewhere_in_its_common_shape() -> None:
    _, forms, _ = page(
        TOKEN_FORM
        + """<a href="#" onclick="submitTo('/meisai.do', 'svc', '050'); return false;">
        050IP電話利用明細</a>"""
    )
    [clicked] = [f for f in forms if f.buttons]
    assert clicked.action == "https://mypage.example/meisai.do"
    assert ("svc", "050") in clicked.submission(clicked.buttons[0])


def test_button_inside_its_form_sets_a_field() -> None:
    _, forms, _ = page(
        """<form name="f" method="post" action="/method"><input type="hidden" name="kbn" value="">
        <a href="#" onclick="document.f.kbn.value='1'; document.f.submit();">SMSで受け取る</a>
        <a href="#" onclick="document.f.kbn.value='2'; document.f.submit();">音声電話で受け取る</a>
        </form>"""
    )
    [form] = forms
    choices = method_choices(form)
    assert set(choices) == {AuthMethod.SMS, AuthMethod.VOICE}
    assert form.submission(choices[AuthMethod.VOICE]) == [("kbn", "2")]


def test_a_window_target_and_a_helper_of_no_arguments_change_nothing_sent() -> None:
    _, forms, _ = page(
        TOKEN_FORM
        + """<a href="#" onclick="showLoading(); document.mainForm.target = '_self';
        document.mainForm.pageNo.value = '2'; document.mainForm.submit(); return false;">次へ</a>
        <a href="#" onclick="goNext(); return false;">最後へ</a>"""
    )
    [clicked] = [f for f in forms if f.buttons]
    assert [b.text for b in clicked.buttons] == ["次へ"]  # goNext() alone is not guessed at
    assert clicked.submission(clicked.buttons[0]) == [("token", "T1"), ("pageNo", "2")]


def test_script_it_cannot_read_is_left_alone() -> None:
    doc, forms, _ = page(
        TOKEN_FORM + """<a href="#" onclick="if (ok()) { go(1); }">料金・ご利用明細</a>"""
    )
    assert find_link(doc, "料金") == "#"
    assert not any(f.buttons for f in forms)


def test_form_that_submits_itself_on_load_is_marked() -> None:
    _, forms, kind = read_page(
        b"""<html><body onload="document.forms[0].submit()"><form method="post" action="/sso">
        <input type="hidden" name="ticket" value="abc"></form></body></html>""",
        "utf-8",
        URL,
    )
    assert kind == PageKind.UNKNOWN
    assert forms[0].submits_itself


# --- 1. one value in several boxes; 2. a choice made by pressing a button ---------


def test_contact_number_in_three_boxes() -> None:
    _, forms, kind = page("""<form method="post" action="/c"><table><tr><th>連絡先電話番号</th><td>
        <input name="t1" maxlength="3" title="市外局番">-<input name="t2" maxlength="4"
        title="市内局番">-<input name="t3" maxlength="4" title="加入者番号"></td></tr></table>
        <input type="submit" value="次へ"></form>""")
    assert kind == PageKind.CONTACT
    [form] = forms
    first = form.control("連絡先電話番号", kinds=("text",))
    boxes = boxes_of(first)
    assert [b.get("name") for b in boxes] == ["t1", "t2", "t3"]
    assert split_digits(boxes, "09012345678") == ["090", "1234", "5678"]


def test_landline_split_by_widths_or_by_how_it_was_written() -> None:
    _, forms, _ = page("""<form><p>連絡先電話番号 <input name="a" maxlength="5"> -
        <input name="b" maxlength="4"> - <input name="c" maxlength="4"></p></form>""")
    boxes = boxes_of(forms[0].control("連絡先電話番号", kinds=("text",)))
    assert split_digits(boxes, "0312345678") is None  # 03-1234 or 031-234: not guessed
    assert split_digits(boxes, "0312345678", ["03", "1234", "5678"]) == ["03", "1234", "5678"]


def test_code_one_digit_per_box() -> None:
    boxes_html = "".join(f'<input name="n{i}" maxlength="1">' for i in range(6))
    _, forms, kind = page(f"""<form method="post"><table><tr><th>認証番号</th><td>{boxes_html}
        </td></tr></table><input type="submit" value="認証する"></form>""")
    assert kind == PageKind.CODE
    boxes = boxes_of(forms[0].control("認証番号", kinds=("text",)))
    assert split_digits(boxes, "123456") == list("123456")


def test_code_in_two_boxes_of_three() -> None:
    _, forms, _ = page("""<form method="post"><p>認証番号 <input name="c1"> - <input name="c2"></p>
        <input type="submit" value="認証する"></form>""")
    boxes = boxes_of(forms[0].control("認証番号", kinds=("text",)))
    assert split_digits(boxes, "123456") == ["123", "456"]


def test_boxes_straight_in_the_form_joined_by_hyphens() -> None:
    _, forms, kind = page("""<form method="post"><label for="t">連絡先電話番号</label>
        <input type="tel" id="t" name="t1">-<input type="tel" name="t2">
        <input type="hidden" name="x" value="1">-<input type="tel" name="t3">
        <input type="submit" value="次へ"></form>""")
    assert kind == PageKind.CONTACT
    boxes = boxes_of(forms[0].control("連絡先電話番号", kinds=("tel",)))
    assert [b.get("name") for b in boxes] == ["t1", "t2", "t3"]
    assert split_digits(boxes, "09012345678") == ["090", "1234", "5678"]


def test_code_boxes_straight_in_the_form() -> None:
    boxes_html = "".join(f'<input type="number" name="n{i}" maxlength="1">' for i in range(6))
    _, forms, kind = page(f"""<form method="post">認証番号 {boxes_html}
        <input type="submit" value="認証する"></form>""")
    assert kind == PageKind.CODE
    boxes = boxes_of(forms[0].control("認証番号", kinds=("number",)))
    assert split_digits(boxes, "123456") == list("123456")


def test_fields_with_words_between_are_not_one_value() -> None:
    _, forms, _ = page("""<form>連絡先電話番号 <input name="a"> 確認用 <input name="b"></form>""")
    boxes = boxes_of(forms[0].control("連絡先電話番号", kinds=("text",)))
    assert [b.get("name") for b in boxes] == ["a"]


def test_method_as_two_submit_buttons_sends_only_the_pressed_one() -> None:
    _, forms, kind = page("""<form method="post"><p>ご連絡方法を選択してください</p>
        <input type="hidden" name="tk" value="1">
        <input type="submit" name="sendKbn" value="SMSで受け取る">
        <input type="submit" name="sendKbn" value="音声電話で受け取る"></form>""")
    assert kind == PageKind.METHOD
    choices = method_choices(forms[0])
    assert forms[0].submission(choices[AuthMethod.SMS]) == [
        ("tk", "1"),
        ("sendKbn", "SMSで受け取る"),
    ]


# --- 3. selects as people label them; 4. figures as people write them --------------


def test_months_under_year_groups_with_index_values() -> None:
    doc, _, _ = page("""<select><optgroup label="2026年"><option value="0">12月分</option>
        <option value="1">11月分</option></optgroup><optgroup label="令和7年">
        <option value="2">12月分</option></optgroup><option value="">選択してください</option>
        </select>""")
    select = next(doc.iter("select"))
    assert [(o.get("value"), m) for o, m in option_months(select)] == [
        ("0", date(2026, 12, 1)),
        ("1", date(2026, 11, 1)),
        ("2", date(2025, 12, 1)),
    ]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("令和8年12月分", date(2026, 12, 1)),
        ("令和元年5月", date(2019, 5, 1)),
        ("平成31年4月", date(2019, 4, 1)),
        ("２０２６年１２月", date(2026, 12, 1)),
        ("R8.12", date(2026, 12, 1)),
        ("R08/12", date(2026, 12, 1)),
        ("H31年4月", date(2019, 4, 1)),
        ("Ｒ８．１２月分", date(2026, 12, 1)),
    ],
)
def test_era_and_full_width_months(text: str, month: date) -> None:
    assert parse_month(text) == month


def test_era_dates_of_calls() -> None:
    started = parse_datetime("令和8年12月3日 9:05", 2000)
    assert (started.year, started.month, started.day, started.hour) == (2026, 12, 3, 9)
    # 午前 and 午後: the 12-hour clock.
    assert parse_datetime("2026/12/03 午後1:05", 2026).hour == 13
    assert parse_datetime("12月3日 午前12時30分", 2026).hour == 0
    # Abbreviated: the era year is read, not taken from the statement's.
    started = parse_datetime("R8.10.01 09:15", 2000)
    assert (started.year, started.month, started.day) == (2026, 10, 1)


STATEMENT_HEAD = "<title>050IP電話利用明細</title>"


def test_day_printed_once_for_its_calls_and_summary_across_columns() -> None:
    statement = parse_statement(
        page(
            """<h2>令和8年11月ご利用分</h2>
        <table><tr><th colspan="2">ご利用金額</th></tr>
        <tr><th>合計</th><td>￥１，２３４円</td></tr><tr><th>着割</th><td>▲５５円</td></tr></table>
        <table><tr><th>通話日</th><th>開始時刻</th><th>通話先</th><th>通話時間</th>
        <th>通話料金</th></tr>
        <tr><td rowspan="2">令和8年11月3日</td><td>09:05</td><td>090-1111-2222</td>
        <td>3分05秒</td><td>８円</td></tr>
        <tr><td>10:00</td><td>03-1234-5678</td><td>1分00秒</td><td>８円</td></tr>
        <tr><td>11月4日</td><td>08:00</td><td>050-3333-4444</td><td>0分30秒</td><td>０円</td></tr>
        <tr><td colspan="4">合計</td><td>16円</td></tr></table>""",
            STATEMENT_HEAD,
        )[0],
        "C1",
    )
    assert statement.month == date(2026, 11, 1)
    assert statement.total == Decimal(1234)
    assert statement.chakuwari_discount == Decimal(55)
    assert [(c.started_at.day, c.started_at.hour, c.other_party) for c in statement.calls] == [
        (3, 9, "09011112222"),
        (3, 10, "0312345678"),
        (4, 8, "05033334444"),
    ]
    assert statement.calls[0].duration == timedelta(minutes=3, seconds=5)


CALL_TABLE = """<table><tr><th>通話開始日時</th><th>通話先電話番号</th><th>通話時間</th>
    <th>通話料金</th></tr><tr><td>2026/11/03 09:05</td><td>090-1111-2222</td><td>0:03:05</td>
    <td>8円</td></tr></table>"""


def test_call_cards_each_in_an_item_of_a_list() -> None:
    """A term list per call, each in a list item of its own: every card is a call, and
    the second card's 通話料金 is no summary line."""

    def card(day: int, party: str) -> str:
        return (
            f"<li><dl><dt>通話開始日時</dt><dd>2026/11/0{day} 09:15</dd><dt>通話先電話番号</dt>"
            f"<dd>{party}</dd><dt>通話時間</dt><dd>0:01:05</dd><dt>通話料金</dt><dd>8円</dd></dl></li>"
        )

    doc, _, _ = page(
        "<dl><dt>月額基本料</dt><dd>500円</dd><dt>合計</dt><dd>516円</dd></dl>"
        f'<ul class="calls">{card(3, "090-1111-2222")}{card(4, "03-1234-5678")}</ul>',
        STATEMENT_HEAD,
    )
    statement = parse_statement(doc, "C1", date(2026, 11, 1))
    assert [(c.started_at.day, c.other_party) for c in statement.calls] == [
        (3, "09011112222"),
        (4, "0312345678"),
    ]
    assert (statement.total, statement.call_charges) == (516, 0)


@pytest.mark.parametrize(
    "hidden",
    [
        '<tr style="display: none"><td>2026/11/05 10:00</td><td>03-9999-9999</td>'
        "<td>0:05:00</td><td>40円</td></tr>",
        "<tr hidden><td>2026/11/05 10:00</td><td>03-9999-9999</td><td>0:05:00</td><td>40円</td></tr>",
    ],
)
def test_what_a_page_hides_is_not_read(hidden: str) -> None:
    """Rows, lines and figures hidden from view (a detail row, a panel) are none of the page's."""
    doc, _, _ = page(
        """<table><tr><th>合計</th><td><span hidden>482円</span>530円</td></tr></table>
        <div style="DISPLAY:NONE"><dl><dt>通話回数</dt><dd>7回</dd><dt>着割</dt><dd>▲12円</dd></dl>
        </div>"""
        + CALL_TABLE.replace("</table>", hidden + "</table>"),
        STATEMENT_HEAD,
    )
    statement = parse_statement(doc, "C1", date(2026, 11, 1))
    assert (statement.total, statement.chakuwari_discount, statement.call_count) == (530, 0, 1)
    assert [c.other_party for c in statement.calls] == ["09011112222"]


def test_calls_in_read_only_boxes_and_calls_not_answered() -> None:
    """Figures printed in read-only text boxes (old portals); a call with no time or charge
    (a dash: not answered)."""
    boxes = "".join(
        f'<td><input type="text" readonly value="{value}"></td>'
        for value in ("2026/11/03 09:05", "090-1111-2222", "0:03:05", "8円")
    )
    doc, _, _ = page(
        """<table><tr><th>合計</th><td>530円</td></tr></table>
        <table><tr><th>通話開始日時</th><th>通話先電話番号</th><th>通話時間</th><th>通話料金</th></tr>"""
        f"<tr>{boxes}</tr><tr><td>2026/11/04 10:00</td><td>03-1234-5678</td><td>－</td>"
        "<td>－</td></tr></table>",
        STATEMENT_HEAD,
    )
    statement = parse_statement(doc, "C1", date(2026, 11, 1))
    assert [(c.other_party, c.duration, c.charge) for c in statement.calls] == [
        ("09011112222", timedelta(minutes=3, seconds=5), 8),
        ("0312345678", timedelta(), 0),
    ]


def test_note_across_the_call_list_is_no_call() -> None:
    """A note in one cell over every column, dates in it and all, is passed over."""
    doc, _, _ = page(
        """<table><tr><th>合計</th><td>530円</td></tr></table>
        <table><tr><th>通話開始日時</th><th>通話先電話番号</th><th>通話時間</th><th>通話料金</th>
        </tr><tr><td>2026/11/03 09:05</td><td>090-1111-2222</td><td>0:03:05</td><td>8円</td></tr>
        <tr><td colspan="4">※11月5日 10:00～12:00 の通話は、メンテナンスのため翌日以降に反映されます。</td>
        </tr><tr><td>2026/11/06 10:00</td><td>03-1234-5678</td><td>0:01:00</td><td>8円</td></tr>
        </table>""",
        STATEMENT_HEAD,
    )
    statement = parse_statement(doc, "C1", date(2026, 11, 1))
    assert [c.started_at.day for c in statement.calls] == [3, 6]


@pytest.mark.parametrize("group", ["通話開始", "通話日時"])
def test_call_list_whose_header_groups_the_start_over_two_rows(group: str) -> None:
    """通話開始 over 日付 and 時刻 (``colspan``), the other headers over both rows."""
    doc, _, _ = page(
        f"""<table><tr><th>合計</th><td>530円</td></tr></table>
        <table><tr><th rowspan="2">相手先電話番号</th><th colspan="2">{group}</th>
        <th rowspan="2">通話時間</th><th rowspan="2">通話料金</th></tr>
        <tr><th>日付</th><th>時刻</th></tr>
        <tr><td>090-1111-2222</td><td>2026/11/03</td><td>09:05:07</td><td>0:03:05</td>
        <td>8円</td></tr>
        <tr><td>03-1234-5678</td><td>2026/11/04</td><td>10:00:00</td><td>0:01:00</td>
        <td>8円</td></tr></table>""",
        STATEMENT_HEAD,
    )
    statement = parse_statement(doc, "C1", date(2026, 11, 1))
    assert [(c.started_at.day, c.started_at.hour, c.other_party) for c in statement.calls] == [
        (3, 9, "09011112222"),
        (4, 10, "0312345678"),
    ]


@pytest.mark.parametrize(
    "head",
    [
        ("", "税抜", "税込"),
        ("", "税込", "税抜"),
        ("", "2026年10月分", "2026年11月分"),
        ("", "2026年11月分", "2026年10月分"),
        ("", "10月", "11月"),
        ("", "前月", "当月"),
    ],
)
def test_summary_columns_told_apart_by_their_head(head: tuple[str, str, str]) -> None:
    """Amounts before and after tax, or two months, side by side: the billed, of this month."""
    billed = {"税込": (500, 30, 530), "2026年11月分": (500, 30, 530), "11月": (500, 30, 530)}
    billed["当月"] = billed["税込"]
    other = (455, 27, 482)
    columns = [billed.get(text, other) for text in head[1:]]
    lines = "".join(
        f"<tr><th>{label}</th>" + "".join(f"<td>{amounts[i]}円</td>" for amounts in columns)
        for i, label in enumerate(("月額基本料", "通話料", "合計"))
    )
    table = "<table><tr>" + "".join(f"<th>{text}</th>" for text in head) + f"</tr>{lines}</table>"
    statement = parse_statement(
        page(table + CALL_TABLE, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1)
    )
    assert (statement.total, statement.base_fee, statement.call_charges) == (530, 500, 30)
    if "税込" in head:
        assert statement.tax_included


@pytest.mark.parametrize(
    "summary",
    [
        # One cell a row, as on a phone: each label over its value.
        """<table><tr><th>月額基本料</th></tr><tr><td>500円</td></tr><tr><th>通話料</th></tr>
        <tr><td>30円</td></tr><tr><th>合計</th></tr><tr><td>530円</td></tr></table>""",
        # Labels across over their values, under a row of one text (units, a title).
        """<table><tr><td colspan="3">（単位：円）</td></tr><tr><th>月額基本料</th><th>通話料</th>
        <th>合計</th></tr><tr><td>500</td><td>30</td><td>530</td></tr></table>""",
        """<table><tr><th colspan="3">2026年11月ご利用分</th></tr><tr><th>月額基本料</th>
        <th>通話料</th><th>合計</th></tr><tr><td>500円</td><td>30円</td><td>530円</td></tr></table>""",
        # A title beside the labels over both rows, itself a word of the total.
        """<table><tr><th rowspan="2">ご利用金額</th><th>月額基本料</th><th>通話料</th>
        <th>合計</th></tr><tr><td>500円</td><td>30円</td><td>530円</td></tr></table>""",
        # The charges before 着割 beside those after it; a footnote's mark on a figure.
        """<table><tr><th>月額基本料</th><td>500円</td></tr><tr><th>通話料（着割適用前）</th>
        <td>40円</td></tr><tr><th>通話料（着割適用後）</th><td>30円<sup>1</sup></td></tr>
        <tr><th>合計</th><td>530円</td></tr></table>""",
    ],
)
def test_summary_tables_of_other_shapes(summary: str) -> None:
    statement = parse_statement(
        page(summary + CALL_TABLE, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1)
    )
    assert (statement.total, statement.base_fee, statement.call_charges) == (530, 500, 30)


@pytest.mark.parametrize(
    "summary",
    [
        # Label and value in elements side by side, as styled blocks lay them out.
        """<div class="summary"><div><span>月額基本料</span><span>500円</span></div>
        <div><span>通話料</span><span>30円</span></div>
        <div><span>ご請求金額</span><span>￥530</span></div></div>""",
        # 「label：value」 lines of one paragraph; a sentence holding a word is no line.
        """<p>ご利用金額の合計は下のとおりです。</p>
        <p>月額基本料：500円<br>通話料：30円<br>合計：530円</p>""",
        # The figure marked up inside the line: after a colon, or a space.
        """<p>月額基本料：<strong>500</strong>円</p><p>通話料 <span class="num">30</span>円</p>
        <p>ご利用金額合計：<strong class="total">530円</strong></p>""",
    ],
)
def test_summary_outside_tables_and_term_lists(summary: str) -> None:
    statement = parse_statement(
        page(summary + CALL_TABLE, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1)
    )
    assert (statement.total, statement.base_fee, statement.call_charges) == (530, 500, 30)
    assert len(statement.calls) == 1


@pytest.mark.parametrize(
    "calls",
    [
        """<div class="calls"><div class="head"><span>通話開始日時</span><span>通話先</span>
        <span>通話時間</span><span>通話料金</span></div>
        <div class="row"><span>2026/11/03 09:05</span><span>090-1111-2222</span>
        <span>0:03:05</span><span>8円</span></div>
        <div class="row"><span>2026/11/04 10:00</span><span>03-1234-5678</span>
        <span>0:01:00</span><span>8円</span></div></div>""",
        # The header in a block of its own, the calls in the next.
        """<div role="table"><div role="rowgroup"><div role="row"><div>通話開始日時</div>
        <div>通話先</div><div>通話時間</div><div>通話料金</div></div></div>
        <div role="rowgroup"><div role="row"><div>2026/11/03 09:05</div><div>090-1111-2222</div>
        <div>0:03:05</div><div>8円</div></div><div role="row"><div>2026/11/04 10:00</div>
        <div>03-1234-5678</div><div>0:01:00</div><div>8円</div></div></div></div>""",
    ],
)
def test_call_list_laid_out_in_blocks(calls: str) -> None:
    summary = "<dl><dt>合計</dt><dd>530円</dd></dl>"
    statement = parse_statement(page(summary + calls, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1))
    assert [(c.started_at.day, c.other_party) for c in statement.calls] == [
        (3, "09011112222"),
        (4, "0312345678"),
    ]


def test_summary_duration_in_the_unit_its_label_names() -> None:
    summary = """<dl><dt>合計</dt><dd>530円</dd><dt>通話時間（秒）</dt><dd>185</dd>
    <dt>通話回数</dt><dd>1回</dd></dl>"""
    statement = parse_statement(
        page(summary + CALL_TABLE, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1)
    )
    assert statement.total_duration == timedelta(minutes=3, seconds=5)


def test_a_breakdown_and_its_total_read_as_the_total() -> None:
    summary = """<table><tr><th>月額基本料</th><td>500円</td></tr>
    <tr><th>国内通話料</th><td>30円</td></tr><tr><th>国際通話料</th><td>0円</td></tr>
    <tr><th>通話料計</th><td>30円</td></tr><tr><th>合計</th><td>530円</td></tr></table>"""
    statement = parse_statement(
        page(summary + CALL_TABLE, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1)
    )
    assert (statement.call_charges, statement.total) == (30, 530)


def test_calls_under_a_row_per_day() -> None:
    """Times alone under the row naming their day; a day's 小計 row names no day, nor
    does a note that ends with a date."""
    body = """<table><tr><th>時刻</th><th>通話先電話番号</th><th>通話時間</th><th>通話料金</th></tr>
    <tr><th colspan="4">11月3日（火）</th></tr>
    <tr><td>09:05</td><td>090-1111-2222</td><td>0:03:05</td><td>8円</td></tr>
    <tr><td colspan="4">※通話の開始日時の順に表示しています。最終更新：2026年11月30日</td></tr>
    <tr><td>午後1:00</td><td>03-1111-2222</td><td>0:01:00</td><td>22円</td></tr>
    <tr><td colspan="2">11月3日 小計</td><td>0:04:05</td><td>30円</td></tr>
    <tr><td>１１月４日（水）</td></tr>
    <tr><td>0:10</td><td>090-1111-2222</td><td>0:00:30</td><td>8円</td></tr></table>"""
    calls = parse_calls(page(body, STATEMENT_HEAD)[0], date(2026, 11, 1))
    assert [call.started_at for call in calls] == [
        datetime(2026, 11, 3, 9, 5, tzinfo=JST),
        datetime(2026, 11, 3, 13, 0, tzinfo=JST),
        datetime(2026, 11, 4, 0, 10, tzinfo=JST),
    ]


def test_a_table_per_day_under_its_heading() -> None:
    """Tables of times alone, each under a heading or caption naming its day: one list."""
    head = "<tr><th>時刻</th><th>通話先電話番号</th><th>通話時間</th><th>通話料金</th></tr>"
    body = f"""<h3>11月3日（火）</h3><table>{head}
    <tr><td>09:05</td><td>090-1111-2222</td><td>0:03:05</td><td>8円</td></tr></table>
    <table><caption>11月4日（水）</caption>{head}
    <tr><td>09:05</td><td>090-1111-3333</td><td>0:03:05</td><td>8円</td></tr></table>"""
    calls = parse_calls(page(body, STATEMENT_HEAD)[0], date(2026, 11, 1))
    assert [call.started_at.day for call in calls] == [3, 4]


LISTED = """<table><tr><th>通話開始日時</th><th>通話先電話番号</th><th>通話時間</th>
    <th>通話料金</th></tr>{foot}
    <tr><td>2026/11/03 09:05</td><td>090-1111-2222</td><td>0:03:05</td><td>8円</td></tr>
    <tr><td>2026/11/03 10:00</td><td>03-1111-2222</td><td>0:01:00</td><td>22円</td></tr>
    <tr><td colspan="2">11月3日 小計</td><td>0:04:05</td><td>30円</td></tr>{tail}</table>"""


@pytest.mark.parametrize(
    ("summary", "foot", "tail", "total"),
    [
        ("", "", '<tr><td colspan="2">合計</td><td>0:04:05</td><td>30円</td></tr>', 30),
        ("", '<tfoot><tr><th colspan="3">ご利用金額合計</th><td>30円</td></tr></tfoot>', "", 30),
        (
            "<p>ご請求金額：1,530円</p>",
            "",
            '<tr><td colspan="2">合計</td><td>0:04:05</td><td>30円</td></tr>',
            1530,
        ),
    ],
    ids=["a 合計 row under the calls", "in the tfoot, before them", "a total elsewhere first"],
)
def test_a_total_under_the_call_list(summary: str, foot: str, tail: str, total: int) -> None:
    """A total printed only at the call list's foot is the month's; a day's 小計 is none,
    and neither is the list's own total when the page prints one elsewhere.
    """
    body = summary + LISTED.format(foot=foot, tail=tail)
    statement = parse_statement(page(body, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1))
    assert statement.total == total
    assert len(statement.calls) == 2


@pytest.mark.parametrize(
    "summary",
    [
        """<table><tr><th rowspan="2">合計</th><th>税抜</th><td>1,000円</td></tr>
        <tr><th>税込</th><td>1,100円</td></tr></table>""",
        """<table><tr><th>合計</th><td>（税抜）</td><td>1,000円</td></tr>
        <tr><th>合計</th><td>（税込）</td><td>1,100円</td></tr></table>""",
    ],
    ids=["a total joined over its rows", "a total in each row"],
)
def test_a_total_before_and_after_tax_in_rows(summary: str) -> None:
    """税抜 and 税込 in rows of their own beside the total: the one with tax, as billed."""
    statement = parse_statement(
        page(summary + CALL_TABLE, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1)
    )
    assert (statement.total, statement.tax_included) == (1100, True)


def test_two_lines_of_one_kind_that_differ_are_not_guessed_between() -> None:
    summary = """<table><tr><th>通話料</th><td>30円</td></tr><tr><th>通話料</th><td>40円</td></tr>
    <tr><th>合計</th><td>530円</td></tr></table>"""
    with pytest.raises(UnrecognizedPage):
        parse_statement(page(summary + CALL_TABLE, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1))


# --- 5. the statement as a download ----------------------------------------------

CSV = "通話開始日時,通話先電話番号,通話時間,通話料金,種別\r\n2026/11/03 09:05:00,090-1111-2222,0:03:05,8,携帯\r\n"


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        (CSV.encode("cp932"), "Shift_JIS"),
        (CSV.encode("cp932"), None),
        (b"\xef\xbb\xbf" + CSV.encode(), None),
        (CSV.encode("euc_jp"), None),
        (CSV.encode("euc_jp"), "EUC-JP"),
        (CSV.encode("utf-16"), None),
        (CSV.encode("utf-16-be").join((b"\xfe\xff", b"")), None),
    ],
    ids=[
        "Shift_JIS",
        "Shift_JIS unsaid",
        "UTF-8 BOM",
        "EUC-JP unsaid",
        "EUC-JP",
        "UTF-16",
        "UTF-16BE",
    ],
)
def test_calls_from_csv(body: bytes, charset: str | None) -> None:
    [call] = parse_calls_csv(body, date(2026, 11, 1), charset)
    assert call.other_party == "09011112222"
    assert call.charge == Decimal(8)


@pytest.mark.parametrize(
    "text",
    [
        # A title, the contract and the month before the header row; a total row after.
        "050IP電話利用明細\r\n契約番号,C0000000001\r\nご利用月,2026年11月\r\n\r\n"
        "通話日,開始時刻,通話先,通話時間,料金(円)\r\n2026/11/03,09:05:00,090-1111-2222,"
        "3分05秒,8\r\n合計,,,,8\r\n",
        # The day and the time in columns of their own, both named 開始.
        "通話開始日,開始時刻,通話先,通話時間,料金\n2026/11/03,09:05,090-1111-2222,0:03:05,8\n",
        # Tab separated, under a .csv name.
        "通話開始日時\t通話先電話番号\t通話時間\t通話料金\n2026/11/03 09:05\t09011112222\t0:03:05\t8\n",
        # Quoted, the duration in seconds as its header says.
        '"通話日時","相手先番号","通話時間(秒)","金額"\n"2026/11/03 09:05","09011112222","185","8"\n',
        "通話日時,相手先番号,通話秒数,金額\n2026/11/03 09:05,09011112222,185,8\n",
        # Excel's text form, which keeps a number's leading 0: as typed, or quoted.
        '通話日時,相手先番号,通話時間,金額\n2026/11/03 09:05,="09011112222",="0:03:05",8\n',
        '"通話日時","相手先番号","通話時間","金額"\n'
        '"2026/11/03 09:05","=""090-1111-2222""","0:03:05","=""8"""\n',
        # Dates and times without separators.
        "通話日時,相手先番号,通話時間,金額\n20261103 0905,09011112222,0:03:05,8\n",
        "通話日,開始時刻,相手先番号,通話時間,金額\n20261103,090500,09011112222,0:03:05,8\n",
        # Notes on the account before the header row, a line each.
        "".join(f"注意事項{n}\r\n" for n in range(15))
        + "通話日時,相手先番号,通話時間,金額\r\n2026/11/03 09:05,09011112222,0:03:05,8\r\n",
    ],
)
def test_calls_from_csv_as_downloads_write_them(text: str) -> None:
    [call] = parse_calls_csv(text.encode("cp932"), date(2026, 11, 1))
    assert (call.started_at.day, call.started_at.hour, call.other_party) == (3, 9, "09011112222")
    assert call.duration == timedelta(minutes=3, seconds=5)
    assert call.charge == Decimal(8)


def test_bare_durations_without_a_unit_are_not_guessed() -> None:
    text = "通話日時,相手先番号,通話時間,金額\n2026/11/03 09:05,09011112222,185,8\n"
    with pytest.raises(UnrecognizedPage):
        parse_calls_csv(text.encode(), date(2026, 11, 1))


def test_statement_without_a_table_offers_its_csv() -> None:
    doc, forms, _ = page(
        """<table><tr><th>合計</th><td>1,100円</td></tr></table>
        <a href="/meisai.csv?m=202611">通話明細をダウンロード（CSV）</a>""",
        STATEMENT_HEAD,
    )
    step = csv_download(doc, forms, URL)
    assert step is not None
    assert step.url == "https://mypage.example/meisai.csv?m=202611"


# --- 9. pagers in any shape ------------------------------------------------------


def test_pager_with_a_count_line_and_the_current_page_going_nowhere() -> None:
    doc, forms, _ = page(
        TOKEN_FORM
        + """<div class="pager">16～30件目／全40件 <a href="?p=1">1</a>
        <a href="#" class="current">2</a> <a href="?p=3">3</a></div>"""
    )
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url == "https://mypage.example/page?p=3"


@pytest.mark.parametrize(
    "greyed",
    [
        '<li class="page-item disabled"><a class="page-link" href="?p=4">次へ</a></li>',
        '<li><a href="?p=3" aria-disabled="true">次へ</a></li>',
    ],
)
def test_pager_whose_next_is_greyed_out_on_the_last_page(greyed: str) -> None:
    """The last page's 次へ shown disabled, its href still set: there is no next page."""
    doc, forms, _ = page(
        """<ul class="pagination"><li><a href="?p=2">前へ</a></li><li><a href="?p=1">1</a></li>
        <li><a href="?p=2">2</a></li><li class="active"><a href="?p=3">3</a></li>"""
        + greyed
        + "</ul>"
    )
    assert next_page(doc, forms, "https://mypage.example/page?p=3") is None


@pytest.mark.parametrize("more", ["もっと見る", "さらに100件表示"])
def test_list_that_grows_by_a_page(more: str) -> None:
    doc, forms, _ = page(f'<p>全150件中 1～100件を表示</p><a href="?offset=100">{more}</a>')
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url == "https://mypage.example/page?offset=100"


def test_pager_of_two_pages_whose_number_posts_by_script() -> None:
    """A month of two pages: the page shown printed, the other a link that posts by script."""
    doc, forms, _ = page(
        HELPER
        + TOKEN_FORM
        + """<div class="pager"><span class="current">1</span>
        <a href="javascript:doPost('/list', 'pageNo', '2')">2</a></div>"""
    )
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.form is not None
    assert step.form.action == "https://mypage.example/list"
    assert dict(step.form.submission(step.button)) == {"token": "T1", "pageNo": "2"}


def test_pager_placed_only_by_its_count_line() -> None:
    doc, forms, _ = page("""<p>31～40件目（全40件）</p><p><a href="?p=1">1</a> <a href="?p=2">2</a>
        <a href="?p=3">3</a></p>""")
    assert next_page(doc, forms, URL) is None


@pytest.mark.parametrize(
    "bar",
    [
        # First, previous, numbers, next, last: the single arrow is the next page.
        """<a href="?p=1">&lt;&lt;</a> <a href="?p=1">&lt;</a> <a href="?p=1">1</a> <b>2</b>
        <a href="?p=3">3</a> <a href="?p=3">&gt;</a> <a href="?p=9">&gt;&gt;</a>""",
        """<a href="?p=1">«</a> <a href="?p=1">‹</a> 2 <a href="?p=3">3</a>
        <a href="?p=3">›</a> <a href="?p=9">»</a>""",
        # A doubled arrow where page numbers say which comes next.
        """<a href="?p=1">1</a> <a href="#" class="current">2</a> <a href="?p=3">3</a>
        <a href="?p=9">≫</a>""",
        # Only a doubled arrow: it is the way on.
        """<a href="?p=1">«</a> <a href="?p=3">»</a>""",
    ],
)
def test_pager_arrows_single_before_doubled(bar: str) -> None:
    doc, forms, _ = page(f"<div>{bar}</div>")
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url == "https://mypage.example/page?p=3"


@pytest.mark.parametrize(
    ("bar", "following"),
    [
        # The page shown in bold, in the link or styled so.
        ('<a href="?p=1"><b>1</b></a> <a href="?p=2">2</a> <a href="?p=3">3</a>', "?p=2"),
        (
            '<a href="?p=1">1</a> <a href="?p=2" style="font-weight: bold">2</a> <a href="?p=3">3</a>',
            "?p=3",
        ),
        # Nothing marks it but the way back: a 前へ to page 1 is page 2.
        (
            '<a href="?p=1">前へ</a> <a href="?p=1">1</a> <a href="?p=2">2</a> <a href="?p=3">3</a>',
            "?p=3",
        ),
    ],
)
def test_pager_whose_page_is_shown_in_bold_or_told_by_the_way_back(
    bar: str, following: str
) -> None:
    doc, forms, _ = page(f"<div>{bar}</div>")
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url == f"https://mypage.example/page{following}"


def test_pager_with_a_way_back_by_button_is_not_guessed() -> None:
    doc, forms, _ = page("""<form method="post"><input type="submit" name="prev" value="前へ">
        <input type="submit" name="p" value="1"><input type="submit" name="p" value="2"></form>""")
    with pytest.raises(UnrecognizedPage):
        next_page(doc, forms, URL)
    doc, forms, _ = page('<div><a href="?p=1">1</a> <a href="?p=2">2</a></div>')
    with pytest.raises(UnrecognizedPage):
        next_page(doc, forms, URL)  # no mark, no way back: page 1 or not, it is not guessed


def test_pager_placed_by_a_count_line_with_its_counters() -> None:
    doc, forms, _ = page("""<p>16件～30件 / 40件中</p><a href="?p=1">1</a> <a href="?p=2">2</a>
        <a href="?p=3">3</a>""")
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url == "https://mypage.example/page?p=3"


def test_page_select() -> None:
    doc, forms, _ = page("""<form action="/calls"><select name="p" onchange="this.form.submit()">
        <option value="1" selected>1/3ページ</option><option value="2">2/3ページ</option>
        <option value="3">3/3ページ</option></select></form>""")
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.form is not None
    assert step.form.submission(step.button) == [("p", "2")]


# --- 10. one contract ------------------------------------------------------------


def test_one_contract_as_text_beside_the_month_form() -> None:
    doc, forms, kind = page(
        """<dl><dt>契約番号</dt><dd>C0000000042</dd><dt>電話番号</dt><dd>050-1111-2222</dd></dl>
        <form method="post" action="/show"><table><tr><th>ご確認月</th><td><select name="ym">
        <option value="202611">2026年11月</option></select></td></tr></table>
        <input type="submit" value="表示"></form>""",
        STATEMENT_HEAD,
    )
    assert kind == PageKind.STATEMENT
    [(contract, opener)] = contract_choices(doc, forms)
    assert (contract.contract_number, contract.phone_number) == ("C0000000042", "05011112222")
    assert opener.by == OpenBy.SHOWN
    assert not shows_statement(doc)  # the month is shown only once 表示 is pressed


MONTH_FORM = """<form method="post" action="/show">ご確認月 <select name="ym">
    <option value="202611">2026年11月</option></select> <input type="submit" value="表示"></form>"""


@pytest.mark.parametrize(
    "named",
    [
        "<p>契約番号：C0000000042</p>",
        "<p>お客さま番号 N1234567890</p><table><tr><th>契約番号</th><td>C0000000042</td></tr></table>",
        "<dl><dt>契約番号</dt><dd>C0000000042</dd></dl>",
    ],
)
def test_one_contract_named_by_its_contract_number_alone(named: str) -> None:
    doc, forms, _ = page(named + MONTH_FORM, STATEMENT_HEAD)
    [(contract, opener)] = contract_choices(doc, forms)
    assert (contract.contract_number, contract.phone_number) == ("C0000000042", "")
    assert opener.by == OpenBy.SHOWN


CONTRACT_SELECT = """<tr><th>契約番号</th><td><select name="k">
    <option value="">選択してください</option>
    <option value="C0000000042">C0000000042（OCNドットフォン オフィス）</option>
    <option value="C0000000043">C0000000043（050あんしんナンバー）</option></select></td></tr>"""


def test_contracts_offered_by_number_beside_the_month() -> None:
    doc, forms, _ = page(
        f"""<form method="post" action="/show"><table>{CONTRACT_SELECT}<tr><th>ご確認月</th><td>
        <select name="ym"><option value="202611">2026年11月</option></select></td></tr></table>
        <input type="submit" value="表示"></form>""",
        STATEMENT_HEAD,
    )
    found = contract_choices(doc, forms)
    assert [(c.contract_number, c.phone_number, c.label) for c, _ in found] == [
        ("C0000000042", "", "OCNドットフォン オフィス"),
        ("C0000000043", "", "050あんしんナンバー"),
    ]
    assert [(o.by, o.value) for _, o in found] == [
        (OpenBy.SELECT, "C0000000042"),
        (OpenBy.SELECT, "C0000000043"),
    ]


def test_contracts_by_number_take_the_050_numbers_shown_beside_them() -> None:
    doc, forms, _ = page(
        f"""<table><tr><td>C0000000042</td><td>050-1111-2222</td></tr>
        <tr><td>C0000000043</td><td>050-3333-4444</td></tr></table>
        <form method="post" action="/show"><table>{CONTRACT_SELECT}<tr><th>ご確認月</th><td>
        <select name="ym"><option value="202611">2026年11月</option></select></td></tr></table>
        <input type="submit" value="表示"></form>""",
        STATEMENT_HEAD,
    )
    found = contract_choices(doc, forms)
    assert [(c.contract_number, c.phone_number, o.by) for c, o in found] == [
        ("C0000000042", "05011112222", OpenBy.SELECT),
        ("C0000000043", "05033334444", OpenBy.SELECT),
    ]


def test_contract_numbers_without_a_month_are_not_taken_for_050_contracts() -> None:
    # 料金・ご利用明細's choice holds every service's contracts: numbers alone name none.
    doc, forms, _ = page(
        f"""<form method="post"><table>{CONTRACT_SELECT}</table>
        <button type="submit" name="svc" value="ip050">050IP電話利用明細</button></form>"""
    )
    assert contract_choices(doc, forms) == []


def test_two_contract_numbers_beside_one_month_form_are_not_guessed_between() -> None:
    doc, forms, _ = page(
        "<p>契約番号：C0000000042</p><p>契約番号：C0000000043</p>" + MONTH_FORM, STATEMENT_HEAD
    )
    assert contract_choices(doc, forms) == []


def test_page_that_moves_on_by_script_once_loaded() -> None:
    """「ログインしています…」 that sends the browser on with location.replace."""
    doc, _, kind = page(
        "<p>ログインしています…</p>", head="<script>location.replace('/mypage/top');</script>"
    )
    assert kind == PageKind.UNKNOWN
    assert refresh_target(doc) == "/mypage/top"


@pytest.mark.parametrize(
    "script",
    [
        "window.onload = function () { document.forms[0].submit(); };",
        "document.addEventListener('DOMContentLoaded', function () { document.sso.submit(); });",
        "setTimeout(function () { document.sso.submit(); }, 0);",
        "$(function () { $('form').submit(); });",
        "$(document).ready(() => { $('#sso').submit(); });",
    ],
)
def test_form_submitted_by_a_load_handler_is_marked(script: str) -> None:
    _, forms, _ = page(
        """<form name="sso" id="sso" method="post" action="/mypage/sso">
        <input type="hidden" name="ticket" value="T"></form>"""
        f"<script>{script}</script>"
    )
    assert forms[0].submits_itself


def test_a_timer_or_refresh_set_for_later_is_no_hop() -> None:
    _, forms, _ = page(
        """<form name="out" method="post" action="/logout"></form>
        <script>setTimeout(function () { document.out.submit(); }, 1800000);</script>""",
        head='<meta http-equiv="refresh" content="1800;url=/timeout">',
    )
    assert not forms[0].submits_itself
    doc, _, _ = page("", head='<meta http-equiv="refresh" content="1800;url=/timeout">')
    assert refresh_target(doc) is None


def test_onclick_with_a_javascript_label_and_query_selector() -> None:
    _, forms, _ = page(
        TOKEN_FORM.replace('name="mainForm"', 'id="main"')
        + """<a href="#" onclick="javascript:document.querySelector('#main').submit();">
        050IP電話利用明細</a>"""
    )
    [clicked] = [f for f in forms if f.buttons]
    assert clicked.submission(clicked.buttons[0]) == [("token", "T1"), ("pageNo", "")]


@pytest.mark.parametrize(
    ("text", "yen"), [("¥1,234-", 1234), ("￥１，２３４－", 1234), ("1,234 円", 1234)]
)
def test_amounts_closed_by_a_dash(text: str, yen: int) -> None:
    assert parse_yen(text) == Decimal(yen)


def test_pager_whose_current_page_is_printed_after_its_label() -> None:
    doc, forms, _ = page("""<p>ページ： [1] <a href="?p=2">[2]</a> <a href="?p=3">[3]</a></p>
        <p>1～25件目（全60件）</p>""")
    step = next_page(doc, forms, URL)
    assert step is not None
    assert step.url == "https://mypage.example/page?p=2"


def test_method_as_a_select() -> None:
    _, forms, kind = page("""<form method="post"><label>ご連絡方法 <select name="m">
        <option value="">選択してください</option><option value="1">SMS（ショートメッセージ）</option>
        <option value="2">音声電話</option></select></label><input type="submit" value="送信する">
        </form>""")
    assert kind == PageKind.METHOD
    assert {m: o.get("value") for m, o in method_choices(forms[0]).items()} == {
        AuthMethod.SMS: "1",
        AuthMethod.VOICE: "2",
    }


@pytest.mark.parametrize(
    "choices",
    [
        # The voice choice's note names SMS: the choice is what its label names first.
        """<ul><li><input type="radio" name="m" value="v"> 電話音声通知<br>
        <span class="note">SMSを受信できない電話番号の場合はこちら</span></li>
        <li><input type="radio" name="m" value="s"> SMS<br><span>携帯電話のみ</span></li></ul>""",
        """<input type="radio" id="m2" name="m" value="v">
        <label for="m2">電話音声通知（SMSが受信できない固定電話の方）</label>
        <input type="radio" id="m1" name="m" value="s"><label for="m1">SMS</label>""",
        """<label><input type="radio" name="m" value="s">SMS（ショートメッセージ）</label>
        <label><input type="radio" name="m" value="v">音声電話（SMSを受信できない場合）</label>""",
        # ショートメール is SMS; 電話 outside the note is voice whatever the note says.
        """<label><input type="radio" name="m" value="s" checked>ショートメール</label>
        <label><input type="radio" name="m" value="v">電話（自動音声）</label>""",
        """<label><input type="radio" name="m" value="v">電話（SMS不可の方）</label>
        <label><input type="radio" name="m" value="s">携帯電話へSMSでお知らせ</label>""",
        # Labels that are pictures of their words.
        """<input type="radio" id="m1" name="m" value="s"><label for="m1"><img src="/s.png"
        alt="SMS"></label><input type="radio" id="m2" name="m" value="v"><label for="m2">
        <img src="/t.png" alt="電話音声通知"></label>""",
        """<input type="radio" name="m" value="s"><img src="/s.png" alt="ショートメッセージ">
        <input type="radio" name="m" value="v"><img src="/t.png" alt="音声">""",
    ],
    ids=["note", "note_in_brackets", "note_sms_first", "short_mail", "phone", "alt", "alt_after"],
)
def test_method_named_by_its_own_words(choices: str) -> None:
    """Each choice is the method its own words name, never one its note mentions: the
    flow sends at once when one method is found, so a misread one calls nobody's choice."""
    _, forms, kind = page(f"""<form method="post"><table><tr><th>ご連絡方法</th><td>{choices}
        </td></tr></table><input type="submit" value="送信する"></form>""")
    assert kind == PageKind.METHOD
    assert {m: c.get("value") for m, c in method_choices(forms[0]).items()} == {
        AuthMethod.SMS: "s",
        AuthMethod.VOICE: "v",
    }


@pytest.mark.parametrize("label", ["今回ご請求額", "ご請求額（税込）", "お支払額", "ご利用額合計"])
def test_a_total_by_the_words_a_bill_uses(label: str) -> None:
    """The month's total may be labelled as the bill says it (ご請求額, お支払額, ご利用額)."""
    body = f"<table><tr><th>通話料</th><td>30円</td></tr><tr><th>{label}</th><td>1,530円</td></tr></table>"
    statement = parse_statement(page(body, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1))
    assert (statement.total, statement.call_charges) == (1530, 30)


@pytest.mark.parametrize(
    "summary",
    [
        "<ul><li>基本料 330円</li><li>通話料 1,200円</li><li>合計 1,530円</li></ul>",
        "<h3>今月のご請求金額　１，５３０円</h3>",
        "<p><strong>合計</strong> 1,530円（税込）</p>",
    ],
    ids=["label and amount a space apart", "in a heading", "the amount after the label"],
)
def test_a_total_a_space_after_its_label(summary: str) -> None:
    """A summary line outside tables with no colon: the label, a space and the amount in
    one text, or the amount after the label's element (<strong>合計</strong> 1,530円).
    """
    calls = (
        "<table><tr><th>通話開始日時</th><th>相手先</th><th>通話時間</th><th>料金</th></tr>"
        "<tr><td>2026/11/03 09:15</td><td>0312345678</td><td>0:01:00</td><td>8円</td></tr></table>"
    )
    statement = parse_statement(page(summary + calls, STATEMENT_HEAD)[0], "C1", date(2026, 11, 1))
    assert statement.total == 1530
