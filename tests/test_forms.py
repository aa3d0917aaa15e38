"""Controls, buttons, links, charsets, error boxes and step ⑧ in the markups sites use."""

from __future__ import annotations

import pytest

from custom_components.ocn_dotphone.client import AuthMethod, UnrecognizedPage
from custom_components.ocn_dotphone.client.forms import (
    Form,
    added_text,
    charset_of,
    find_link,
    forms_of,
    group_label_of,
    label_of,
    parse_html,
    refresh_target,
    text_of,
)
from custom_components.ocn_dotphone.client.parsers import (
    OpenBy,
    PageKind,
    contract_choices,
    method_choices,
    month_form,
    page_kind,
    read_page,
    service_button,
    service_link,
)

URL = "https://mypage.example/p/"


def page(body: str, head: str = "") -> str:
    return f'<html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


def only_form(body: str) -> Form:
    (form,) = forms_of(parse_html(page(body)), URL)
    return form


def named(form: Form, name: str):
    return next(el for el in form.controls() if el.get("name") == name)


# --- which control is which -----------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        '<label for="a">認証番号</label><input id="a" name="f">',
        "<label>認証番号 <input name=f></label>",
        '<span id="l1">認証番号</span><span id="l2">必須</span><input name="f" aria-labelledby="l1 l2">',
        '<input name="f" aria-label="認証番号">',
        '<input name="f" placeholder="認証番号(6桁)">',
        '<input name="f" title="認証番号">',
        "<table><tr><th>認証番号</th><td><input name=f></td></tr></table>",
        "<table><tr><td>認証番号</td><td><input name=f></td></tr></table>",
        "<table><tr><td>認証番号</td></tr><tr><td><input name=f></td></tr></table>",
        "<dl><dt>認証番号</dt><dd><input name=f></dd></dl>",
        '<div class="row"><div>認証番号</div><div><input name="f"></div></div>',
        "<div><span>認証番号</span><input name=f></div>",
        "<p>認証番号：<input name=f></p>",
        "<p>認証番号<br><input name=f></p>",
        "<fieldset><legend>認証番号</legend><input name=f></fieldset>",
    ],
)
def test_a_field_is_named_in_every_layout(markup: str) -> None:
    form = only_form(f'<form><input type="hidden" name="t" value="x">{markup}</form>')
    assert "認証番号" in label_of(named(form, "f"))
    assert form.control("認証番号") is named(form, "f")


def test_the_nearest_words_win() -> None:
    """A label beats a placeholder; a row's header is not the row above's label."""
    form = only_form(
        """<form><table><tr><td>OCN ID</td></tr>
        <tr><th>パスワード</th><td><input type=password name=p placeholder="半角英数"></td></tr>
        </table><label>ログイン状態を保持する<input type=checkbox name=k></label></form>"""
    )
    assert label_of(named(form, "p")) == "パスワード"
    assert label_of(named(form, "k")) == "ログイン状態を保持する"


def test_a_select_in_its_label_is_named_without_its_options() -> None:
    form = only_form(
        "<form><label>ご確認月 <select name=m><option>2026年10月</select></label></form>"
    )
    assert label_of(named(form, "m")) == "ご確認月"


@pytest.mark.parametrize(
    "group",
    [
        """<fieldset><legend>認証方式</legend>
        <input type=radio name=m value=1> SMS（ショートメッセージサービス）<br>
        <input type=radio name=m value=2> 電話音声通知</fieldset>""",
        """<table><tr><th>認証方式</th><td>
        <input type=radio name=m value=1>SMS <input type=radio name=m value=2>電話音声通知
        </td></tr></table>""",
        """<div role="radiogroup" aria-label="認証方式"><ul>
        <li><input type=radio name=m value=1><span>SMS</span></li>
        <li><input type=radio name=m value=2><span>電話音声通知</span></li></ul></div>""",
        """<dl><dt>認証方式</dt><dd><label><input type=radio name=m value=1>SMS</label>
        <label><input type=radio name=m value=2>電話音声通知</label></dd></dl>""",
    ],
)
def test_radios_keep_their_own_words_and_their_group_its_name(group: str) -> None:
    form = only_form(f"<form>{group}</form>")
    sms, voice = form.of_kind("radio")
    assert "SMS" in label_of(sms)
    assert "電話音声通知" not in label_of(sms)
    assert label_of(voice) == "電話音声通知"
    assert group_label_of(sms) == group_label_of(voice) == "認証方式"
    assert method_choices(form) == {AuthMethod.SMS: sms, AuthMethod.VOICE: voice}
    assert form.control("認証方式", kinds=("radio",)) is sms


# --- what to press ----------------------------------------------------------------------


def test_buttons_by_text_value_and_alt() -> None:
    form = only_form(
        """<form method=post action="/go"><input type=hidden name=t value=x>
        <button name=a value=back>戻る</button><input type=submit name=b value="次へ">
        <input type=image name=send src="send.gif" alt="送信する">
        <input type=image src="ok.gif" alt="確認"><button><img src=a.gif alt="認証する"></button>
        </form>"""
    )
    assert [b.text for b in form.buttons] == ["戻る", "次へ", "送信する", "確認", "認証する"]
    assert form.submission(form.button("次へ")) == [("t", "x"), ("b", "次へ")]
    assert form.submission(form.button("送信")) == [("t", "x"), ("send.x", "1"), ("send.y", "1")]
    assert form.submission(form.button("確認")) == [("t", "x"), ("x", "1"), ("y", "1")]
    assert form.submission(form.button("認証")) == [("t", "x")]
    assert form.button("戻る") is None  # never pressed on its own


def test_a_form_without_buttons_is_sent_with_none() -> None:
    form = only_form(
        '<form><select name=m onchange="this.form.submit()"><option value=1 selected>2026年10月'
        "</option></select></form>"
    )
    assert form.buttons == []
    assert form.submission(None) == [("m", "1")]


def test_links_by_text_or_image_alt() -> None:
    doc = parse_html(
        page(
            '<a href="/a">ログ<b>イン</b></a><a href="/top"><img src="m.gif" alt="料金・ご利用明細">'
            '</a><a href="/x"><img src="x.gif"></a>'
        )
    )
    assert find_link(doc, "ログイン") == "/a"
    assert find_link(doc, "料金", "明細") == "/top"


# --- encodings ----------------------------------------------------------------------------

JAPANESE = "<html><head>{meta}</head><body><h1>料金・ご利用明細</h1><p>①㈱</p></body></html>"


@pytest.mark.parametrize(
    ("charset", "codec"),
    [
        ("Shift_JIS", "cp932"),
        ("x-sjis", "cp932"),
        ("Windows-31J", "cp932"),
        ("EUC-JP", "euc_jis_2004"),
    ],
)
@pytest.mark.parametrize("where", ["header", "meta", "http-equiv"])
def test_japanese_charsets_in_header_or_meta(charset: str, codec: str, where: str) -> None:
    meta = {
        "header": "",
        "meta": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
    }[where]
    body = JAPANESE.format(meta=meta).encode(codec)
    declared = charset if where == "header" else None
    assert charset_of(body, declared) == codec
    doc = parse_html(body, declared)
    assert text_of(doc.find(".//h1")) == "料金・ご利用明細"
    assert doc.find(".//p").text == "①㈱"  # Windows-31J and NEC's rows, as printed


def test_utf8_is_the_default_and_broken_bytes_are_read() -> None:
    assert charset_of(b"<html><body>x</body></html>") == "utf-8"
    doc = parse_html("<p>明細</p>".encode() + b"\xff<p>ok</p>")
    assert "明細" in text_of(doc)
    assert "ok" in text_of(doc)


def test_the_header_outranks_the_meta_tag() -> None:
    body = JAPANESE.format(meta='<meta charset="utf-8">').encode("cp932")
    assert charset_of(body, "Shift_JIS") == "cp932"
    assert parse_html(body, "Shift_JIS").find(".//p").text == "①㈱"


# --- error boxes, refreshes and lapses ------------------------------------------------------


@pytest.mark.parametrize(
    "box",
    [
        '<div role="alert">認証番号が正しくありません</div>',
        '<p class="msgErr">認証番号が正しくありません</p>',
        '<div class="c-Alert-box"><p>認証番号が正しくありません</p></div>',
        '<font color="#FF0000">認証番号が正しくありません</font>',
        '<font color="red"><b>認証番号が正しくありません</b></font>',
        '<span style="font-weight:bold; color : Red">認証番号が正しくありません</span>',
        "<p>認証番号が正しくありません</p>",
        '<table><tr><td><img src="x.gif" alt="">認証番号が正しくありません</td></tr></table>',
    ],
)
def test_an_error_is_what_the_answer_adds_in_any_box(box: str) -> None:
    """Whatever box, class or colour holds it: the page before the submit tells it apart."""
    before = parse_html(page("<p>ご入力ください</p>"))
    doc = parse_html(page(f"<p>ご入力ください</p>{box}"))
    assert added_text(before, doc) == "認証番号が正しくありません"


def test_nested_error_boxes_are_read_once() -> None:
    before = parse_html(page("<p>ログイン</p>"))
    doc = parse_html(
        page('<p>ログイン</p><div class="error" role="alert"><font color=red>上限</font></div>')
    )
    assert added_text(before, doc) == "上限"


def test_a_note_both_pages_show_is_no_message() -> None:
    """A standing note is left out as often as the page before showed it, and no more."""
    note = "<p>認証番号の有効時間は30分です。</p>"
    before = parse_html(page(note))
    doc = parse_html(
        page(f"{note}<p>認証番号が正しくありません</p>{note}<script>var a='x';</script>")
    )
    assert added_text(before, doc) == "認証番号が正しくありません 認証番号の有効時間は30分です。"


@pytest.mark.parametrize(
    "content",
    [
        "0;URL=/mypage/top",
        "0; url='/mypage/top'",
        "1;URL=&quot;/mypage/top&quot;",
        " 0 ; URL = /mypage/top",
    ],
)
def test_meta_refresh_targets(content: str) -> None:
    doc = parse_html(
        page("ログインしています…", f'<meta http-equiv="Refresh" content="{content}">')
    )
    assert refresh_target(doc) == "/mypage/top"


def test_a_refresh_without_address_goes_nowhere() -> None:
    assert refresh_target(parse_html(page("", '<meta http-equiv="refresh" content="30">'))) is None


@pytest.mark.parametrize(
    "body",
    [
        "<h1>セッションタイムアウト</h1><p>再度ログインしてください。</p>"
        '<a href="/login">ログイン画面へ</a>',
        "<p>一定時間操作がなかったため、有効期限が切れました。</p><a href='/'>こちら</a>",
        '<div class="error">セッションが切れました</div><a href="/mypage/charges">料金・ご利用明細</a>',
    ],
)
def test_a_page_that_says_the_session_ended(body: str) -> None:
    _, _, kind = read_page(page(body).encode(), None, URL)
    assert kind == PageKind.SESSION_ENDED


def test_a_top_page_that_mentions_time_outs_is_still_the_top() -> None:
    body = '<h1>マイページ</h1><a href="/c">料金・ご利用明細</a><p>30分でタイムアウトします</p>'
    assert read_page(page(body).encode(), None, URL)[2] == PageKind.TOP


def test_an_interstitial_is_no_known_page() -> None:
    body = "<p>ログインしています…</p><a href='/mypage/top'>こちら</a>"
    assert read_page(page(body).encode(), None, URL)[2] == PageKind.UNKNOWN


def test_a_login_choice_made_of_buttons() -> None:
    body = (
        '<form action="/d"><button>dアカウントでログイン</button></form>'
        '<form action="/o"><input type=submit value="OCN IDでログイン"></form>'
    )
    assert read_page(page(body).encode(), None, URL)[2] == PageKind.LOGIN_CHOICE


# --- step ⑧: the 050 contracts in every shape ------------------------------------------------

SERVICE_BUTTON = '<input type="image" name="ip" alt="050IP電話利用明細" src="b.gif">'
FIRST = ("C0000000001", "05011112222")
SECOND = ("C0000000002", "05033334444")


def account_of(body: str) -> tuple[list[tuple[str, str]], dict[str, tuple[OpenBy, str]]]:
    doc, forms, _ = read_page(page(body).encode(), None, URL)
    found = contract_choices(doc, forms)
    return (
        [(c.contract_number, c.phone_number) for c, _ in found],
        {c.contract_number: (o.by, o.value) for c, o in found},
    )


def test_contracts_as_radios_in_table_rows() -> None:
    contracts, openers = account_of(
        f"""<form method=post><table>
        <tr><th>選択</th><th>契約番号</th><th>サービス</th><th>電話番号</th></tr>
        <tr><td><input type=radio name=k value=T1 checked></td><td>T1234567890</td>
        <td>OCN 光 インターネット接続</td><td></td></tr>
        <tr><td><input type=radio name=k value=k1></td><td>C0000000001</td>
        <td>OCNドットフォン オフィス</td><td>050-1111-2222</td></tr>
        <tr><td><input type=radio name=k value=k2></td><td>C0000000002</td>
        <td>050あんしんナンバー</td><td>050-3333-4444</td></tr>
        <tr><td><input type=radio name=k value=H1></td><td>H7777777777</td>
        <td>OCN ひかり電話</td><td>03-1234-5678</td></tr></table>{SERVICE_BUTTON}</form>"""
    )
    assert contracts == [FIRST, SECOND]
    assert openers == {"C0000000001": (OpenBy.RADIO, "k1"), "C0000000002": (OpenBy.RADIO, "k2")}


def test_contracts_as_a_link_each() -> None:
    contracts, openers = account_of(
        f"""<table><tr><td><a href="?k=C0000000001">C0000000001</a></td>
        <td>OCNドットフォン 050-1111-2222</td><td><a href="/help">ヘルプ</a></td></tr>
        <tr><td><a href="?k=C0000000002">C0000000002</a></td>
        <td>050あんしんナンバー 050-3333-4444</td></tr>
        <tr><td><a href="?k=T1">T1234567890</a></td><td>インターネット接続</td></tr></table>
        <form method=post><input type=hidden name=k value=T1>{SERVICE_BUTTON}</form>"""
    )
    assert contracts == [FIRST, SECOND]
    assert openers["C0000000001"] == (OpenBy.LINK, "?k=C0000000001")


def test_the_050_link_alone_lists_no_contract_yet() -> None:
    body = (
        "<h3>050IP電話利用明細</h3>"
        '<a href="/ip050"><img alt="OCNドットフォン・050あんしんナンバーなどの利用明細"></a>'
    )
    doc, forms, kind = read_page(page(body).encode(), None, URL)
    assert kind == PageKind.SERVICES
    assert service_link(doc) == "/ip050"
    assert contract_choices(doc, forms) == []


def test_contracts_as_a_form_each_on_the_050_page() -> None:
    doc, forms, kind = read_page(
        page(
            """<h1>050IP電話利用明細</h1><table>
            <tr><td>C0000000001 OCNドットフォン 050-1111-2222</td><td><form method=post>
            <input type=hidden name=k value=a><button>表示</button></form></td></tr>
            <tr><td>C0000000002 050あんしんナンバー 050-3333-4444</td><td><form method=post>
            <input type=hidden name=k value=b><button>表示</button></form></td></tr></table>"""
        ).encode(),
        None,
        URL,
    )
    assert kind == PageKind.STATEMENT
    found = contract_choices(doc, forms)
    assert [(c.contract_number, o.by, o.form) for c, o in found] == [
        ("C0000000001", OpenBy.FORM, 0),
        ("C0000000002", OpenBy.FORM, 1),
    ]


def test_a_contract_select_beside_the_month() -> None:
    doc, forms, kind = read_page(
        page(
            """<h1>050IP電話利用明細</h1><form method=get><table><tr>
            <td>契約番号</td><td><select name=k><option value=1>C0000000001（050-1111-2222）</option>
            <option value=2 selected>C0000000002（050-3333-4444）</option></select></td>
            <td>ご確認月</td><td><select name=m><option>2026年10月</option></select></td>
            <td><input type=submit value=表示></td></tr></table></form>"""
        ).encode(),
        None,
        URL,
    )
    assert kind == PageKind.STATEMENT
    found = contract_choices(doc, forms)
    assert [(c.contract_number, o.by, o.value) for c, o in found] == [
        ("C0000000001", OpenBy.SELECT, "1"),
        ("C0000000002", OpenBy.SELECT, "2"),
    ]
    assert month_form(forms, found[1][0]) is forms[0]


def test_the_contract_a_statement_page_shows() -> None:
    doc, forms, _ = read_page(
        page(
            """<h1>050IP電話利用明細</h1><form><input type=hidden name=k value=C0000000001>
            契約番号 C0000000001（OCNドットフォン 050-1111-2222）
            ご確認月 <select name=m><option>2026年10月</option></select><button>表示</button></form>
            <table><tr><th>日時</th><th>相手先</th><th>通話時間</th></tr>
            <tr><td>10/01 09:15</td><td>050-9999-8888</td><td>0:01:00</td></tr>
            <tr><td><a href="/d">10/02 09:15</a></td><td>050-7777-6666</td><td>0:01:00</td></tr>
            </table>"""
        ).encode(),
        None,
        URL,
    )
    found = contract_choices(doc, forms)
    assert [(c.contract_number, c.phone_number, o.by) for c, o in found] == [
        ("C0000000001", "05011112222", OpenBy.SHOWN)
    ]


def test_lists_that_disagree_are_not_guessed_between() -> None:
    with pytest.raises(UnrecognizedPage) as err:
        account_of(
            f"""<form method=post><select name=k>
            <option value=1>C0000000001 050-1111-2222</option></select>{SERVICE_BUTTON}</form>
            <ul><li><a href="?k=2">C0000000002 050-3333-4444</a></li></ul>"""
        )
    assert "050" not in str(err.value).replace("050 contracts", "")


def test_lists_that_agree_are_one() -> None:
    contracts, openers = account_of(
        f"""<form method=post><select name=k><option value=1>C0000000001 050-1111-2222</option>
        </select>{SERVICE_BUTTON}</form>
        <ul><li><a href="?k=1">C0000000001 050-1111-2222</a></li></ul>"""
    )
    assert contracts == [FIRST]
    assert openers["C0000000001"] == (OpenBy.SELECT, "1")


def test_the_050_button_of_any_kind() -> None:
    form = only_form(f"<form>{SERVICE_BUTTON}<button>インターネット接続利用明細</button></form>")
    button = service_button(form)
    assert button is not None
    assert form.submission(button) == [("ip.x", "1"), ("ip.y", "1")]
    assert page_kind(parse_html(page(f"<form>{SERVICE_BUTTON}</form>")), [form]) == (
        PageKind.SERVICES
    )


def test_a_masked_code_field_is_no_login() -> None:
    body = (
        "<h1>認証番号入力</h1><form method=post><label>認証番号<input type=password name=c></label>"
        "<button>認証する</button><button>再通知する</button></form>"
    )
    assert read_page(page(body).encode(), None, URL)[2] == PageKind.CODE
    email = "<form method=post>ワンタイムパスワード<input type=password name=o><button>認証</button></form>"
    assert read_page(page(email).encode(), None, URL)[2] == PageKind.EMAIL_CODE


def test_two_fields_of_one_name_are_both_found() -> None:
    """The client refuses to guess between them (see ``controls_labelled``)."""
    form = only_form(
        "<form><p>認証番号<input name=a></p><p>認証番号（確認）<input name=b></p></form>"
    )
    assert [el.get("name") for el in form.controls_labelled("認証番号")] == ["a", "b"]
