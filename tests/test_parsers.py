"""Parsers on saved pages and on the number, time and date formats Japanese pages print."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.ocn_dotphone.client import AuthMethod, UnrecognizedPage
from custom_components.ocn_dotphone.client.forms import forms_of, label_of, parse_html
from custom_components.ocn_dotphone.client.parsers import (
    JST,
    OpenBy,
    PageKind,
    contract_choices,
    customer_number,
    hyphens_asked,
    maintenance_end,
    method_choices,
    notice_way_on,
    page_kind,
    parse_calls,
    parse_datetime,
    parse_duration,
    parse_month,
    parse_months,
    parse_statement,
    parse_yen,
    read_page,
    selected_month,
    shown_number,
)

PAGES = Path(__file__).parent / "pages"
FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def load(name: str):
    doc = parse_html((PAGES / name).read_bytes())
    return doc, forms_of(doc, "https://mypage.example/")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("login.html", PageKind.LOGIN),
        ("login_error.html", PageKind.LOGIN),
        ("top.html", PageKind.TOP),
        ("contact.html", PageKind.CONTACT),
        ("method.html", PageKind.METHOD),
        ("method_fixed_line.html", PageKind.METHOD),
        ("contact_and_method.html", PageKind.CONTACT_AND_METHOD),
        ("code.html", PageKind.CODE),
        ("charges.html", PageKind.SERVICES),
        ("statement.html", PageKind.STATEMENT),
        ("statement_empty.html", PageKind.STATEMENT),
        ("statement_variant.html", PageKind.STATEMENT),
        ("maintenance.html", PageKind.MAINTENANCE),
        ("login_choice.html", PageKind.LOGIN_CHOICE),
        ("email_otp.html", PageKind.EMAIL_CODE),
        ("password_change.html", PageKind.PASSWORD_CHANGE),
        ("terms.html", PageKind.TERMS),
    ],
)
def test_pages_are_told_apart(name: str, kind: PageKind) -> None:
    assert page_kind(*load(name)) == kind


@pytest.mark.parametrize(
    ("choices", "kind"),
    [
        (("090-****-5678", "03-****-0000"), PageKind.CONTACT_AND_METHOD),
        (("携帯電話（末尾5678）", "自宅（末尾0000）"), PageKind.CONTACT_AND_METHOD),
        (("連絡先電話番号にSMSで送信", "連絡先電話番号に電話で通知"), PageKind.METHOD),
        (("末尾5678にSMSで送信", "末尾5678に音声で通知"), PageKind.METHOD),
    ],
    ids=[
        "registered numbers",
        "registered numbers by their endings",
        "methods that name the number",
        "methods that show the number's ending",
    ],
)
def test_radios_under_the_contact_number_are_numbers_or_methods(
    choices: tuple[str, str], kind: PageKind
) -> None:
    """Radio buttons under 連絡先電話番号 that show numbers are the number to pick; ones
    that say how the code reaches that number are the method.
    """
    numbers = kind == PageKind.CONTACT_AND_METHOD
    radios = "".join(
        f'<label><input type="radio" name="{"tel" if numbers else "how"}" value="{i}">{c}</label>'
        for i, c in enumerate(choices)
    )
    methods = (
        '<label><input type="radio" name="how" value="1">SMS</label>'
        '<label><input type="radio" name="how" value="2">電話音声通知</label>'
        if numbers
        else ""
    )
    doc = parse_html(
        f"<html><body><h1>ご本人確認</h1><form method='post' action='/next'>"
        f"<dl><dt>連絡先電話番号</dt><dd>{radios}</dd></dl>{methods}"
        "<button type='submit'>送信する</button></form></body></html>"
    )
    assert page_kind(doc, forms_of(doc, "https://mypage.example/")) == kind


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        ("090-****-5678", "090****5678"),
        ("０９０－＊＊＊＊－５６７８", "090****5678"),
        ("090-●●●●-5678", "090****5678"),
        ("090-××××-5678", "090****5678"),
        ("携帯 090-XXXX-5678", "090****5678"),
        ("FAX 03-1234-5678", "0312345678"),
        ("末尾5678", "*5678"),
        ("携帯電話（下4桁：5678）", "*5678"),
        ("*******5678", "*******5678"),
        ("****5678", "*5678"),
        ("SMS（ショートメッセージサービス）", None),
        ("電話音声通知（050番号は不可）", None),
        ("第2連絡先", None),
    ],
)
def test_shown_numbers(words: str, shown: str | None) -> None:
    """What a registered number shows of its digits: hidden ones as *, and a number shown
    by its ending alone as * and those digits; words about a number show none.
    """
    assert shown_number(words) == shown


@pytest.mark.parametrize(
    ("tabs", "months", "shown"),
    [
        (
            '<li><a href="?m=11">2026年11月分</a></li><li><b>2026年10月分</b></li>'
            '<li><a href="?m=9">令和8年9月ご利用分</a></li>',
            [date(2026, 11, 1), date(2026, 10, 1), date(2026, 9, 1)],
            date(2026, 10, 1),
        ),
        (
            '<li><div class="tab"><a href="?m=11"><span>2026年11月分</span></a></div></li>'
            '<li><div class="tab is-current"><a href="#">2026年10月分</a></div></li>',
            [date(2026, 11, 1), date(2026, 10, 1)],
            date(2026, 10, 1),
        ),
        ('<li><a href="?m=11">2026年11月分</a></li><li><a href="?all">すべて</a></li>', [], None),
        (
            '<li><a href="/news/1">2026年11月のお知らせ</a></li><li><a href="/news/2">2026年10月のお知らせ</a></li>',
            [],
            None,
        ),
    ],
    ids=[
        "month tabs",
        "tabs in blocks, the shown one a link to nowhere",
        "a tab that is no month",
        "news by month",
    ],
)
def test_months_as_tabs_read_as_a_month_menu(
    tabs: str, months: list[date], shown: date | None
) -> None:
    """A row of tabs that each name a month is ご確認月, the tab without a link the month
    shown; a row with anything else, or links that name more than a month, is not.
    """
    body = (
        "<html><head><title>050IP電話利用明細</title></head><body><h1>050IP電話利用明細</h1>"
        f"<ul class='tabs'>{tabs}</ul><p>合計 1,234円</p></body></html>"
    )
    _, forms, _ = read_page(body.encode(), "utf-8", "https://mypage.example/ip050?m=10")
    found = [form for form in forms if parse_months(form)]
    assert [parse_months(form) for form in found] == ([months] if months else [])
    assert [selected_month(form) for form in found] == ([shown] if shown else [])


def test_month_tabs_under_a_page_named_in_its_first_h2() -> None:
    """An old page's title names the site alone and its h2 the statements: its tabs are
    still ご確認月, and the page a statement.
    """
    body = (
        "<html><head><title>OCNマイページ</title></head><body><h2>050IP電話利用明細</h2>"
        '<ul><li><a href="?m=11">2026年11月分</a></li><li>2026年10月分</li></ul>'
        "<h3>通話明細</h3><p>合計 1,234円</p></body></html>"
    )
    _, forms, kind = read_page(body.encode(), "utf-8", "https://mypage.example/ip050?m=10")
    assert kind == PageKind.STATEMENT
    assert [parse_months(form) for form in forms] == [[date(2026, 11, 1), date(2026, 10, 1)]]


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        (
            "<h1>ご連絡方法の選択</h1><p>認証番号の受け取り方法を選んでください。</p>"
            "<a href='/m?x=1'>SMSで受け取る</a><a href='/m?x=2'>音声電話で受け取る</a>",
            PageKind.METHOD,
        ),
        (
            "<h1>料金／手続き</h1><a href='/sms'>SMS送信サービスのお申し込み</a>"
            "<a href='/ryokin'>料金・ご利用明細</a>",
            PageKind.TOP,
        ),
    ],
    ids=["links that have the code sent", "a menu's SMS service"],
)
def test_methods_as_links_only_on_a_page_about_the_code(page: str, kind: PageKind) -> None:
    doc = parse_html(f"<html><body>{page}</body></html>")
    assert page_kind(doc, forms_of(doc, "https://mypage.example/")) == kind


_NOTICE = "<h1>重要なお知らせ</h1><ul><li><a href='/news/1'>メンテナンスのお知らせ</a></li></ul>"


@pytest.mark.parametrize(
    ("page", "way_on"),
    [
        (
            "<form action='/ack' method='post'><input type='hidden' name='t' value='1'>"
            "<input type='checkbox' name='hide'>次回から表示しない"
            "<button name='ok' value='1'>確認しました</button></form>",
            "確認しました",
        ),
        ("<p><a href='/top?from=news'>マイページへ進む</a></p>", "/top?from=news"),
        (
            "<form action='/ack'><input type='text' name='memo'>"
            "<button>確認しました</button></form>",
            None,
        ),
        ("<form action='/agree'><button>同意して次へ</button></form>", None),
        ("<a href='/top'>マイページへ進む</a><a href='/news?p=2'>次へ</a>", None),
        ("<a href='#'>閉じる</a>", None),
        ("<p>認証番号をお知らせします。</p><a href='/voice'>次へ</a>", None),
    ],
    ids=[
        "confirmed",
        "a link on",
        "a box to fill",
        "an agreement",
        "two ways on",
        "nowhere",
        "about a code",
    ],
)
def test_a_notice_is_left_only_by_its_one_way_on(page: str, way_on: str | None) -> None:
    """A notice is left by the one button or link that moves on and decides nothing."""
    doc = parse_html(f"<html><body>{_NOTICE}{page}</body></html>")
    found = notice_way_on(doc, forms_of(doc, "https://mypage.example/news"))
    assert (found if found is None or isinstance(found, str) else found[1].text) == way_on


def test_login_form_is_sent_whole() -> None:
    _, (form,) = load("login.html")
    user = form.control("メールアドレス")
    secret = form.of_kind("password")[0]
    assert label_of(secret) == "メールパスワード(OCN ID パスワード)"
    form.fill(user, "taro@ocn.ne.jp")
    form.fill(secret, "pw")
    form.check(form.control("保持", kinds=("checkbox",)))
    sent = dict(form.submission(form.button("ログイン")))
    assert sent["_csrf_token"] == "TOKEN"  # hidden inputs travel with the form
    assert sent["targetUrl"] == "/mypage/top"
    assert sent["mailAddress"] == "taro@ocn.ne.jp"
    assert sent["keepLogin"] == "on"
    assert form.action == "https://mypage.example/auth/login"


def test_methods_follow_what_is_enabled() -> None:
    assert set(method_choices(load("method.html")[1][0])) == {AuthMethod.SMS, AuthMethod.VOICE}
    assert set(method_choices(load("method_fixed_line.html")[1][0])) == {AuthMethod.VOICE}


def test_method_form_presses_send_not_back() -> None:
    _, (form,) = load("method.html")
    assert form.button("送信").value == "send"


def test_account_on_charges_page() -> None:
    doc, forms = load("charges.html")
    found = contract_choices(doc, forms)
    assert customer_number(doc) == "N1234567890"
    assert [(c.contract_number, c.phone_number, c.label) for c, _ in found] == [
        ("C0000000001", "05011112222", "OCNドットフォン オフィス"),
        ("C0000000002", "05033334444", "050あんしんナンバー"),
    ]
    assert [(o.by, o.value) for _, o in found] == [
        (OpenBy.SELECT, "C0000000001"),
        (OpenBy.SELECT, "C0000000002"),
    ]


def test_statement_page() -> None:
    doc, (form,) = load("statement.html")
    assert parse_months(form)[0] == date(2026, 11, 1)
    assert len(parse_months(form)) == 7
    assert selected_month(form) == date(2026, 10, 1)
    statement = parse_statement(doc, "C0000000001", date(2026, 10, 1))
    assert statement.base_fee == Decimal(1100)
    assert statement.call_charges == Decimal(79)
    assert statement.chakuwari_discount == Decimal(12)
    assert statement.universal_service_fee == Decimal(2)
    assert statement.total == Decimal(1169)
    assert statement.tax_included
    assert statement.call_count == len(statement.calls) == 12
    assert statement.total_duration == sum((c.duration for c in statement.calls), timedelta())
    first = statement.calls[0]
    assert first.started_at == datetime(2026, 10, 1, 6, 57, 11, tzinfo=JST)
    assert first.other_party == "05034559260"
    assert first.call_type == "着信"
    assert [c.chakuwari for c in statement.calls].count(True) >= 1
    assert statement.calls[4].charge == Decimal("8.8")


def test_empty_month() -> None:
    doc, _ = load("statement_empty.html")
    statement = parse_statement(doc, "C0000000002")
    assert statement.month == date(2026, 11, 1)
    assert statement.calls == ()
    assert statement.call_count == 0
    assert statement.total == Decimal(332)


def test_statement_in_other_markup_and_shift_jis() -> None:
    doc, (form,) = load("statement_variant.html")
    assert selected_month(form) == date(2026, 9, 1)
    statement = parse_statement(doc, "C0000000009", selected_month(form))
    assert statement.base_fee == Decimal(1000)
    assert statement.call_charges == Decimal(1234)
    assert statement.chakuwari_discount == Decimal(50)
    assert statement.total == Decimal(2186)
    assert statement.tax_included is False
    assert statement.call_count == 3
    assert [c.call_type for c in statement.calls] == ["携帯電話", "着信", "国内固定電話"]
    assert [c.chakuwari for c in statement.calls] == [False, True, False]
    assert statement.calls[0].duration == timedelta(minutes=3, seconds=25)
    assert statement.calls[0].charge == Decimal("52.8")
    assert statement.calls[1].started_at == datetime(2026, 9, 2, 18, 30, tzinfo=JST)
    assert statement.calls[1].duration == timedelta(hours=1, minutes=2)
    assert statement.calls[2].started_at == datetime(2026, 9, 30, 23, 59, 59, tzinfo=JST)
    assert statement.total_duration == timedelta(hours=1, minutes=5, seconds=30)


def test_statement_without_totals_is_not_guessed() -> None:
    doc, _ = load("charges.html")
    with pytest.raises(UnrecognizedPage) as err:
        parse_statement(doc, "C0000000001", date(2026, 10, 1))
    assert "N1234567890" not in str(err.value)


def test_maintenance_end() -> None:
    doc, _ = load("maintenance.html")
    assert maintenance_end(doc) == datetime(2026, 12, 1, 6, 0, tzinfo=JST)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,234円", Decimal(1234)),
        ("¥1,234", Decimal(1234)),
        ("￥１，２３４", Decimal(1234)),
        ("△123", Decimal(-123)),
        ("▲ 55 円", Decimal(-55)),
        ("-123", Decimal(-123)),
        ("\xa01,100円\xa0", Decimal(1100)),
        ("８.８円", Decimal("8.8")),
        ("0円", Decimal(0)),
        ("1,137\u200b円", Decimal(1137)),
        ("(55)", Decimal(-55)),
        ("（５５円）", Decimal(-55)),
        ("(¥1,100)", Decimal(-1100)),
    ],
)
def test_yen(text: str, amount: Decimal) -> None:
    assert parse_yen(text) == amount


# Two figures side by side are no amount, never one number made of both.
@pytest.mark.parametrize(
    "text",
    ["", "円", "abc", "1,2a3", "△", "1,200円 1,137円", "35円1", "1 137", "()", "(-5)", "(税込)"],
)
def test_not_yen(text: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        parse_yen(text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:03:25", 205),
        ("03:25", 205),
        ("3分25秒", 205),
        ("1時間2分3秒", 3723),
        ("25秒", 25),
        ("３分", 180),
        (" 1:00:00 ", 3600),
    ],
)
def test_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "3 minutes", "1:2:3:4"])
def test_not_duration(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/10/01 09:15", datetime(2026, 10, 1, 9, 15, tzinfo=JST)),
        ("2026/10/01 09:15:07", datetime(2026, 10, 1, 9, 15, 7, tzinfo=JST)),
        ("10月1日 9:15", datetime(2026, 10, 1, 9, 15, tzinfo=JST)),
        ("２０２６年１０月１日　９時１５分", datetime(2026, 10, 1, 9, 15, tzinfo=JST)),
        ("10/01(木) 21:05", datetime(2026, 10, 1, 21, 5, tzinfo=JST)),
    ],
)
def test_datetime(text: str, expected: datetime) -> None:
    assert parse_datetime(text, 2026) == expected


@pytest.mark.parametrize("relative", ["今月", "先月分", "当月（速報）"])
def test_months_named_from_today_are_not_read(relative: str) -> None:
    """ご確認月 naming a month by where it stands from today (今月, 先月): not read as the
    months beside it alone, which would make the current month look not listed yet, but by
    its value when that is a date."""
    page = (
        '<form><label for="ym">ご確認月</label><select id="ym" name="ym">'
        '<option value="">選択してください</option>'
        f'<option value="0">{relative}</option><option value="2">2026年9月</option>'
        '</select><input type="submit" value="表示"></form>'
    )
    (form,) = forms_of(parse_html(page), "https://example.jp/")
    with pytest.raises(UnrecognizedPage, match="months by their dates"):
        parse_months(form)
    # A choice that names no month at all is left out, as before.
    (form,) = forms_of(parse_html(page.replace(relative, "-")), "https://example.jp/")
    assert parse_months(form) == [date(2026, 9, 1)]
    # Its value, when a date, says which month it is.
    dated = page.replace('value="0"', 'value="202610"').replace('value="2"', 'value="202609"')
    (form,) = forms_of(parse_html(dated), "https://example.jp/")
    assert parse_months(form) == [date(2026, 10, 1), date(2026, 9, 1)]


def test_month() -> None:
    assert parse_month("2026年11月") == date(2026, 11, 1)
    assert parse_month("2026/3") == date(2026, 3, 1)
    assert parse_month("202611") == date(2026, 11, 1)
    with pytest.raises(ValueError, match="month"):
        parse_month("2026年13月")


@pytest.mark.parametrize(
    "text",
    [
        "2027年1月ご請求分（12月ご利用分）",
        "2027年1月請求（2026年12月利用）",
        "2026年12月ご利用分（2027年1月ご請求）",
        "令和9年1月ご請求（令和8年12月ご利用）",
        "2027/01 請求 (2026/12 利用)",
    ],
)
def test_a_month_billed_beside_the_month_used_is_the_month_used(text: str) -> None:
    """A label naming the month billed and the month used names the month used, the year
    before when that month is December and the bill January.
    """
    assert parse_month(text) == date(2026, 12, 1)


def _printed(amount: int, style: int) -> str:
    text = f"{abs(amount):,}"
    sign = "△" if style % 2 else "-"
    if style >= 2:
        text = text.translate(FULL_WIDTH)
    body = f"¥{text}" if style in (3, 5) else f"{text}円"
    if style >= 4:
        # An amount taken off in parentheses, as accounts print it: (55円), （¥55）.
        return f" {('(', '（')[style - 4]}{body}{(')', '）')[style - 4]}" if amount < 0 else body
    return f" {sign if amount < 0 else ''}{body}\xa0"


@given(st.integers(-(10**9), 10**9), st.integers(0, 5))
def test_yen_reads_every_printing(amount: int, style: int) -> None:
    assert parse_yen(_printed(amount, style)) == amount


@given(st.integers(0, 99 * 3600), st.booleans(), st.booleans())
def test_duration_reads_every_printing(seconds: int, japanese: bool, wide: bool) -> None:
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    text = f"{h}時間{m}分{s}秒" if japanese else f"{h}:{m:02d}:{s:02d}"
    if wide:
        text = text.translate(FULL_WIDTH)
    assert parse_duration(text) == timedelta(seconds=seconds)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    st.integers(0, 2),
)
def test_datetime_reads_every_printing(moment: datetime, style: int) -> None:
    moment = moment.replace(second=0, microsecond=0)
    text = (
        f"{moment:%Y/%m/%d %H:%M}",
        f"{moment.month}月{moment.day}日 {moment.hour}:{moment:%M}",
        f"{moment:%Y年%m月%d日 %H時%M分}".translate(FULL_WIDTH),
    )[style]
    assert parse_datetime(text, moment.year) == moment.replace(tzinfo=JST)


_CALL_HEADER = ("通話日", "開始時刻", "通話先電話番号", "通話時間", "通話料金", "種別")


@st.composite
def call_rows(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """Rows of a call list in which neighbouring calls often share a day, charge or type."""
    days = sorted(draw(st.lists(st.integers(1, 30), min_size=1, max_size=25)))
    return [
        (
            f"2026/10/{day:02d}",
            f"{index % 24:02d}:{index % 60:02d}:07",
            draw(st.sampled_from(("090-1111-2222", "03-1234-5678"))),
            f"0:0{draw(st.integers(1, 3))}:00",
            draw(st.sampled_from(("8円", "16円"))),
            draw(st.sampled_from(("携帯電話", "国内固定電話"))),
        )
        for index, day in enumerate(days)
    ]


def _call_list(rows: list[tuple[str, ...]], joins: list[list[bool]] | None = None) -> str:
    """A call list; ``joins[r][c]`` joins cell (r, c) to the cell above when they are equal."""
    joined: set[tuple[int, int]] = set()
    html = ["<table><tr>", *(f"<th>{label}</th>" for label in _CALL_HEADER), "</tr>"]
    for r, row in enumerate(rows):
        html.append("<tr>")
        for c, text in enumerate(row):
            if (r, c) in joined:
                continue
            span = 1
            while (
                joins and r + span < len(rows) and rows[r + span][c] == text and joins[r + span][c]
            ):
                joined.add((r + span, c))
                span += 1
            html.append(f'<td rowspan="{span}">{text}</td>' if span > 1 else f"<td>{text}</td>")
        html.append("</tr>")
    return "<html><body><h2>050IP電話利用明細</h2>" + "".join(html) + "</table></body></html>"


@given(
    st.lists(
        st.tuples(
            st.datetimes(datetime(2026, 10, 1), datetime(2026, 10, 31, 23, 59, 59)),
            st.integers(0, 3),
            st.integers(0, 4),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_a_day_column_and_a_time_column_read_as_one_start(
    starts: list[tuple[datetime, int, int]],
) -> None:
    """A day in one column and its time in the next read as the call's start, in the
    printings pages use for either (a time without its leading zero or seconds, 午後,
    full-width digits), a day printed once for its calls or in every row.
    """
    month = date(2026, 10, 1)
    rows, expected = [], []
    for moment, day_style, time_style in sorted(starts):
        at = moment.replace(microsecond=0, second=moment.second if time_style in (0, 3) else 0)
        day = (
            f"{at:%Y/%m/%d}",
            f"{at.month}月{at.day}日",
            f"令和8年{at.month}月{at.day}日",
            f"{at:%m/%d}".translate(FULL_WIDTH),
        )[day_style]
        clock = (
            f"{at:%H:%M:%S}",
            f"{at.hour}:{at:%M}",
            f"{'午後' if at.hour >= 12 else '午前'}{at.hour % 12}:{at:%M}",
            f"{at:%H:%M:%S}".translate(FULL_WIDTH),
            f"{at:%H:%M}",
        )[time_style]
        rows.append((day, clock, "0312345678", "0:01:00", "8円", "国内固定電話"))
        expected.append(at.replace(tzinfo=JST))
    joined = [[c == 0 for c in range(len(_CALL_HEADER))] for _ in rows]
    for joins in (None, joined):
        calls = parse_calls(_call_list(rows, joins), month)
        assert [call.started_at for call in calls] == expected


@given(call_rows(), st.data())
def test_cells_joined_down_read_as_in_every_row(
    rows: list[tuple[str, ...]], data: st.DataObject
) -> None:
    """A day, a charge or a type printed once for the calls under it (``rowspan``), in
    any column and any runs, reads as the same calls as the list that prints every cell.
    """
    joins = data.draw(
        st.lists(
            st.lists(st.booleans(), min_size=len(_CALL_HEADER), max_size=len(_CALL_HEADER)),
            min_size=len(rows),
            max_size=len(rows),
        )
    )
    month = date(2026, 10, 1)
    plain = parse_calls(_call_list(rows), month)
    assert len(plain) == len(rows)
    assert parse_calls(_call_list(rows, joins), month) == plain


_TWO_ROW_HEADER = (
    "<tr><th>通話開始日時</th><th>相手先電話番号</th><th>通話種別</th></tr>"
    "<tr><th>通話時間</th><th>通話料金</th><th>着割対象</th></tr>"
)


def test_calls_on_two_rows_each() -> None:
    """A header of two rows that name the columns between them: each call is its two
    rows, and a row of its own width (a day's 小計) stands apart and is no call.
    """
    page = (
        f"<table>{_TWO_ROW_HEADER}"
        "<tr><td>2026/10/01 09:15:00</td><td>03-1234-5678</td><td>国内固定電話</td></tr>"
        "<tr><td>0:01:30</td><td>8.8円</td><td></td></tr>"
        "<tr><td colspan='2'>小計</td><td>8.8円</td></tr>"
        "<tr><td>2026/10/02 18:00:05</td><td>090-1111-2222</td><td>着信</td></tr>"
        "<tr><td>0:10:00</td><td>0円</td><td>*</td></tr></table>"
    )
    calls = parse_calls(page, date(2026, 10, 1))
    assert [
        (c.started_at, c.other_party, c.duration, c.charge, c.call_type, c.chakuwari) for c in calls
    ] == [
        (
            datetime(2026, 10, 1, 9, 15, tzinfo=JST),
            "0312345678",
            timedelta(seconds=90),
            Decimal("8.8"),
            "国内固定電話",
            False,
        ),
        (
            datetime(2026, 10, 2, 18, 0, 5, tzinfo=JST),
            "09011112222",
            timedelta(minutes=10),
            Decimal(0),
            "着信",
            True,
        ),
    ]


def test_calls_on_two_rows_the_start_below() -> None:
    """The header's lower row may name the start: the number above it is read all the same."""
    page = (
        "<table><tr><th>相手先電話番号</th><th>通話種別</th></tr>"
        "<tr><th>通話開始日時</th><th>通話時間</th><th>通話料金</th></tr>"
        "<tr><td>03-1234-5678</td><td>国内固定電話</td></tr>"
        "<tr><td>2026/10/01 09:15:00</td><td>0:01:30</td><td>8.8円</td></tr></table>"
    )
    (call,) = parse_calls(page, date(2026, 10, 1))
    assert (call.started_at, call.other_party, call.duration, call.charge) == (
        datetime(2026, 10, 1, 9, 15, tzinfo=JST),
        "0312345678",
        timedelta(seconds=90),
        Decimal("8.8"),
    )


@pytest.mark.parametrize(
    "day_row",
    [
        "<tr><th colspan='4'>11月3日（火）</th></tr>",
        "<tr><th colspan='4'>2026年11月3日（火）　3件</th></tr>",
        "<tr><th colspan='2'>11月3日（火）</th><td colspan='2'>（通話3件）</td></tr>",
    ],
    ids=["the day alone", "with its count", "its count in a cell of its own"],
)
def test_a_row_across_the_list_names_the_day_of_the_times_under_it(day_row: str) -> None:
    """A row naming a day, with its count of calls beside it or not, dates the calls under
    it that show their time alone.
    """
    page = (
        "<table><tr><th>開始時刻</th><th>相手先電話番号</th><th>通話時間</th><th>通話料金</th></tr>"
        f"{day_row}<tr><td>09:15</td><td>0312345678</td><td>1分30秒</td><td>8.8円</td></tr></table>"
    )
    (call,) = parse_calls(page, date(2026, 11, 1))
    assert call.started_at == datetime(2026, 11, 3, 9, 15, tzinfo=JST)


@pytest.mark.parametrize("rows", ["</tr><tr>", ""], ids=["two terms a row", "one row"])
def test_cards_of_terms_side_by_side_are_calls_not_a_header(rows: str) -> None:
    """A small table per call whose rows hold terms with their values side by side
    (通話開始日時 and its value beside 相手先電話番号 and its): each is a call, though its
    rows name the columns as a header, of two rows or of one, would.
    """
    card = (
        "<table class='card'><tr><th>通話開始日時</th><td>2026/10/0{day} 09:15:00</td>"
        f"<th>相手先電話番号</th><td>03-1234-567{{day}}</td>{rows}"
        "<th>通話時間</th><td>0:01:30</td><th>通話料金</th><td>8.8円</td></tr></table>"
    )
    page = "".join(card.format(day=day) for day in (1, 2, 3))
    calls = parse_calls(page, date(2026, 10, 1))
    assert [(c.started_at.day, c.other_party, c.duration, c.charge) for c in calls] == [
        (day, f"031234567{day}", timedelta(seconds=90), Decimal("8.8")) for day in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [("", ""), ("<div class='scroll'>", "</div>")],
    ids=["the table under its heading", "the table in a box under its heading"],
)
def test_a_heading_names_the_day_of_the_table_under_it(before: str, after: str) -> None:
    """Calls that show their time alone, in a table per day under a heading that names the
    day: the table may stand in a box of its own (one that scrolls on a phone).
    """
    table = (
        "<table><tr><th>開始時刻</th><th>相手先電話番号</th><th>通話時間</th><th>通話料金</th></tr>"
        "<tr><td>{time}</td><td>0312345678</td><td>1分30秒</td><td>8.8円</td></tr></table>"
    )
    page = "".join(
        f"<h3>11月{day}日</h3>{before}{table.format(time=time)}{after}"
        for day, time in ((3, "09:15"), (4, "10:20"))
    )
    calls = parse_calls(page, date(2026, 11, 1))
    assert [c.started_at for c in calls] == [
        datetime(2026, 11, 3, 9, 15, tzinfo=JST),
        datetime(2026, 11, 4, 10, 20, tzinfo=JST),
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [("", ""), ("<div style='height:300px;overflow:auto'>", "</div>")],
    ids=["the next table", "the next table in a scrolling box"],
)
def test_a_header_in_a_table_of_its_own_heads_the_calls_in_the_next(
    before: str, after: str
) -> None:
    """A header kept in view while the calls scroll: the header is a table of its own and
    the calls are the next table's rows, as wide as it. A table that follows an empty
    list's header and is not as wide (a footer) holds no calls.
    """
    head = (
        "<table><tr><th>通話開始日時</th><th>相手先電話番号</th><th>通話時間</th>"
        "<th>通話料金</th></tr></table>"
    )
    calls = (
        "<table><tr><td>2026/10/03 09:15:07</td><td>03-1234-5678</td><td>0:03:12</td>"
        "<td>24円</td></tr><tr><td>2026/10/04 19:01:00</td><td>090-1234-5678</td>"
        "<td>0:00:40</td><td>11円</td></tr></table>"
    )
    page = f"<p>合計：35円</p>{head}{before}{calls}{after}"
    statement = parse_statement(page, "C0000000001", date(2026, 10, 1))
    assert [(c.started_at.day, c.other_party, c.charge) for c in statement.calls] == [
        (3, "0312345678", Decimal(24)),
        (4, "09012345678", Decimal(11)),
    ]
    assert statement.call_count == 2
    footer = "<table><tr><td>お問い合わせ</td><td>0120-000-000</td></tr></table>"
    assert parse_calls(f"{head}{footer}", date(2026, 10, 1)) == ()


@pytest.mark.parametrize(
    "way",
    [
        '<a href="/ip050?k={number}">照会</a>',
        '<a href="javascript:void(0)" onclick="sel(\'{number}\');">照会</a>',
        '<a href="/ip050?k={number}">{service}</a>',
    ],
    ids=["a link", "a script link", "a link on the service's name"],
)
def test_a_contract_row_is_named_without_its_way_on(way: str) -> None:
    """A row per contract with its way on (照会): the contract is named by the row's
    words, not the link's, unless the link's words are all that name it.
    """
    rows = "".join(
        f"<tr><td>{number}</td><td>{phone}</td>"
        + (f"<td>{service}</td>" if "{service}" not in way else "")
        + f"<td>{way.format(number=number, service=service)}</td></tr>"
        for number, phone, service in (
            ("C0000000001", "050-1111-2222", "OCNドットフォン オフィス"),
            ("C0000000002", "050-3333-4444", "050あんしんナンバー"),
        )
    )
    page = (
        "<form name='kf' method='post' action='/ip050'><input type='hidden' name='k'></form>"
        f"<table>{rows}</table>"
        "<script>function sel(k) { document.kf.k.value = k; document.kf.submit(); }</script>"
    )
    doc, forms, _ = read_page(page.encode(), "utf-8", "https://mypage.example/charges")
    assert [(c.contract_number, c.label) for c, _ in contract_choices(doc, forms)] == [
        ("C0000000001", "OCNドットフォン オフィス"),
        ("C0000000002", "050あんしんナンバー"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "ご契約番号 X123456789 ／ 050-7777-8888",
        "契約番号：X123456789｜050-7777-8888",
        "ご契約番号　X123456789（050-7777-8888）",
    ],
    ids=["a slash between", "a bar between", "brackets"],
)
def test_an_only_contract_named_by_its_header_alone_has_no_name(line: str) -> None:
    """The only contract shown as a line of its header, its numbers and a ／ between them
    is named by nothing: the header and the punctuation are no part of its name."""
    page = (
        f"<h1>050IP電話利用明細</h1><p>{line}</p><form method='get' action='/ip050'>"
        "<label>ご確認月 <select name='ym'><option value='202611'>2026年11月</option>"
        "</select></label><input type='submit' value='表示'></form>"
    )
    doc, forms, _ = read_page(page.encode(), "utf-8", "https://mypage.example/ip050")
    assert [
        (c.contract_number, c.phone_number, c.label) for c, _ in contract_choices(doc, forms)
    ] == [("X123456789", "05077778888", "")]


def test_a_contract_row_named_by_its_numbers_alone_has_no_name() -> None:
    """A row of a contract's numbers and its way on (照会) alone: the way on is no name."""
    page = (
        "<table><tr><td>C0000000001</td><td>050-1111-2222</td>"
        "<td><a href='/ip050?k=C0000000001'>照会</a></td></tr></table>"
    )
    doc, forms, _ = read_page(page.encode(), "utf-8", "https://mypage.example/charges")
    assert [(c.contract_number, c.label) for c, _ in contract_choices(doc, forms)] == [
        ("C0000000001", "")
    ]


def test_a_caller_column_and_minutes_counted() -> None:
    """An incoming list names the other party 発信者番号, and a duration may be counted in
    minutes (通話分数).
    """
    page = (
        "<table><tr><th>着信日時</th><th>発信者番号</th><th>通話分数</th></tr>"
        "<tr><td>2026/10/03 09:15</td><td>03-1234-5678</td><td>3</td></tr></table>"
    )
    (call,) = parse_calls(page, date(2026, 10, 1))
    assert (call.other_party, call.duration) == ("0312345678", timedelta(minutes=3))


@pytest.mark.parametrize(
    ("link", "script", "read"),
    [
        (
            "<a href=\"#\" onclick=\"if (document.f.id.value == '') { alert('入力してください');"
            ' return false; } document.f.submit(); return false;">ログイン</a>',
            "",
            True,
        ),
        (
            '<a href="javascript:doLogin()">ログイン</a>',
            "function doLogin() { var f = document.f; if (f.id.value == '' || f.pw.value == '')"
            " { alert('入力してください'); f.id.focus(); return false; } f.submit(); }",
            True,
        ),
        (
            '<a href="javascript:doLogin()">ログイン</a>',
            "function doLogin() { var f = document.f; if (f.id.value.indexOf('@') < 0)"
            " { f.action = '/auth/other'; } f.submit(); }",
            False,
        ),
    ],
    ids=["a check in the handler", "a check in its function", "a condition that acts"],
)
def test_a_script_links_checks_of_the_fields_are_passed_over(
    link: str, script: str, read: bool
) -> None:
    """A login link whose script checks the fields before it submits the form (an alert
    and ``return false`` when one is empty) is the form's login button: the walk fills
    every field. A condition that changes what is sent is not guessed at.
    """
    page = (
        "<form name='f' method='post' action='/auth'><label>OCN ID <input name='id'></label>"
        f"<label>パスワード <input type='password' name='pw'></label>{link}</form>"
        f"<script>{script}</script>"
    )
    _, forms, _ = read_page(page.encode(), "utf-8", "https://mypage.example/login")
    assert (forms[0].button("ログイン") is not None) is read


@pytest.mark.parametrize(
    ("box", "asked"),
    [
        ("<td><input name='t'> ※ハイフン（－）を含めて入力してください</td>", True),
        ("<td><input name='t'>（ハイフンあり）</td>", True),
        ("<td><input name='t' placeholder='例）090-1234-5678'></td>", True),
        ("<td><input name='t' placeholder='例）09012345678'> 半角数字</td>", False),
        ("<td><input name='t'>（ハイフンなし、半角数字）</td>", False),
        ("<td><input name='t' placeholder='090-1234-5678'> ハイフン不要</td>", False),
    ],
    ids=["を含めて", "あり", "an example with them", "an example without", "なし", "不要"],
)
def test_a_phone_box_asks_for_hyphens_as_it_says(box: str, asked: bool) -> None:
    """A box for the contact number wants hyphens when its words or its example say so."""
    doc = parse_html(f"<table><tr><th>連絡先電話番号</th>{box}</tr></table>".encode(), "utf-8")
    assert hyphens_asked(next(doc.iter("input"))) is asked


@pytest.mark.parametrize(
    ("call", "read"),
    [
        ("login(this.form)", True),
        ("return login(document.f);", True),
        ("login(document.forms[0])", True),
        ("login(document.getElementById('lf'))", True),
        ("send(this.form)", False),
    ],
    ids=["this.form", "by name", "by place", "by id", "a helper from elsewhere"],
)
def test_a_function_handed_the_form_is_read(call: str, read: bool) -> None:
    """A button that hands its form to the page's function (``login(this.form)``), which
    points it at the login and submits it, sends the form there. A function the page does
    not define might do anything with the form: it is not guessed at.
    """
    page = (
        "<script>function login(f) { f.action = '/auth/login'; f.submit(); }</script>"
        "<form id='lf' name='f' method='post' action='/nojs.html'>"
        "<label>OCN ID <input name='id'></label>"
        f"<label>パスワード <input type='password' name='pw'></label>"
        f"<input type='button' value='ログイン' onclick=\"{call}\"></form>"
    )
    _, forms, _ = read_page(page.encode(), "utf-8", "https://mypage.example/login")
    button = forms[0].button("ログイン")
    assert (button is not None) is read
    if button is not None:
        assert button.action == "https://mypage.example/auth/login"


def test_names_drawn_as_images_are_read_by_their_alt() -> None:
    """A summary label and a call list's column names drawn as images (old portals draw
    headings so) are read by their ``alt``, as a person without the images reads them.
    """
    head = "".join(
        f'<th><img src="/img/h{i}.gif" alt="{name}"></th>'
        for i, name in enumerate(("通話開始日時", "相手先電話番号", "通話時間", "通話料金"))
    )
    page = (
        '<table><tr><th><img src="/img/total.gif" alt="合計"></th><td>1,530円</td></tr></table>'
        f"<table><tr>{head}</tr><tr><td>2026/10/03 09:15:07</td><td>03-1234-5678</td>"
        "<td>0:03:12</td><td>24円</td></tr></table>"
    )
    statement = parse_statement(page, "C0000000001", date(2026, 10, 1))
    assert statement.total == 1530
    assert [(c.other_party, c.charge) for c in statement.calls] == [("0312345678", 24)]
