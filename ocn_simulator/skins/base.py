"""The skin interface and the default skin, ``classic``: the markup of the operator's guide."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from html import escape
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from ..data import SimAccount, SimContract, SimStatement
from .fmt import hms, hyphenated, masked, partly_hidden, yen

STEPS = ("確認内容入力", "ご連絡方法選択", "認証番号入力")

#: The kinds of page a skin renders; the mixed skin picks a rendering for each.
PAGE_KINDS = (
    "login_choice",
    "login",
    "email_otp",
    "notice",
    "signing_in",
    "lapsed",
    "top",
    "contact",
    "method",
    "code",
    "charges",
    "statement",
    "message",
)
#: Which page kind renders the form (or link) that each route answers. A skin serves the
#: routes its paths name: the frames of a page, the hand-over's post and the call list as
#: CSV are only some skins'.
ROUTE_PAGE = {
    "login_choice": "login_choice",
    "login": "login",
    "login_otp": "email_otp",
    "login_notice": "notice",
    "terms": "notice",
    "sso": "signing_in",
    "sso_post": "signing_in",
    "top": "top",
    "news": "top",
    "top_header": "top",
    "top_menu": "top",
    "top_main": "top",
    "charges": "charges",
    "charges_main": "charges",
    "verify_contact": "contact",
    "verify_method": "method",
    "verify_select": "contact",
    "verify_code": "code",
    "charges_detail": "charges",
    "ip050_detail": "statement",
    "ip050_page": "statement",
    "ip050_csv": "statement",
    "ip050_frame": "statement",
}
# The newest months as a site may name them from today (``months_from_today``).
_FROM_TODAY = ("今月", "先月")
#: Routes served by the login host when the site keeps the login on its own host.
LOGIN_ROUTES = ("login_choice", "login", "login_otp", "login_notice", "terms")


# The head of a call list whose calls show their time alone, under their day.
_TIMES_HEAD = """<table class="meisai"><thead><tr><th>開始時刻</th><th>相手先電話番号</th>
<th>通話時間</th><th>通話料金</th><th>通話種別</th><th>着割対象</th></tr></thead><tbody>"""
_WEEKDAYS = "月火水木金土日"


def _time_row(call: Any) -> str:
    """A call's row in a list that shows its time alone, under its day."""
    return (
        f"<tr><td>{call.started_at:%H:%M:%S}</td><td>{hyphenated(call.other_party)}</td>"
        f"<td>{hms(call.duration)}</td><td>{yen(call.charge)}</td><td>{call.call_type}</td>"
        f"<td>{'*' if call.chakuwari else ''}</td></tr>\n"
    )


def _numbered_row(index: int, call: Any) -> str:
    """A call's row in the plain list, numbered."""
    return (
        f"<tr><td>{index}</td><td>{call.started_at:%Y/%m/%d %H:%M:%S}</td>"
        f"<td>{hyphenated(call.other_party)}</td><td>{hms(call.duration)}</td>"
        f"<td>{yen(call.charge)}</td><td>{call.call_type}</td>"
        f"<td>{'*' if call.chakuwari else ''}</td></tr>\n"
    )


def other_contracts(account: SimAccount) -> list[tuple[str, str]]:
    """The account's contracts that are not 050 ones: internet access and ひかり電話."""
    digits = account.customer_number[1:]
    return [("T" + digits, "OCN 光"), ("H" + digits, "OCN ひかり電話")]


class Skin:
    """How the site prints its pages: paths, field names, markup and number formats.

    This base class is the ``classic`` skin, the markup of the operator's guide. Other skins
    override the attributes and the page methods they change; the site's rules stay in
    :class:`ocn_simulator.Simulator`.
    """

    name = "classic"
    #: Codec used for the bytes, and the charset name the page declares.
    encoding = "utf-8"
    charset = "utf-8"
    #: Whether the charset is in the Content-Type header (otherwise only in a meta tag).
    charset_in_header = True
    #: Whether the contact number's and the code's boxes are joined by the form's
    #: ``onsubmit`` into a hidden field, the only one the site reads (the frames skin's
    #: boxes; the other skins have none).
    joined_on_submit = False
    #: Whether the contact number's first part is picked in a select (070, 080, 090, and
    #: the registered number's own first part), the rest typed in the boxes after it (the
    #: frames skin's boxes; the other skins have none).
    contact_prefix_select = False
    #: Whether the classic 契約情報の確認 asks for the number with its hyphens
    #: (090-1234-5678, as its example shows) and refuses it without them.
    contact_hyphens = False
    #: Whether 料金・ご利用明細 opens on its 請求情報照会 tab (the bills), the statements
    #: listed on its 利用状況照会 tab (``?tab=usage``) alone (skins that hold ⑧ in no frame).
    services_on_tab = False
    #: Whether the code page offers 「次回からこのブラウザでの認証を省略する」, and the site
    #: remembers the browser only when it is ticked (otherwise always, as the guide says).
    remember_box = False
    #: Whether 再通知する is a link below the code's form that posts a small form of its
    #: own by script, rather than a button of the code's form.
    resend_apart = False
    #: Whether a "hold" page names its only contract in a row of the month's form, above
    #: ご確認月, rather than above the form (the frames skin's ⑨; the others have none).
    contract_in_form = False
    #: Whether a login passes through a 「ログインしています…」 page with a meta refresh.
    interstitial = False
    #: A lapsed session: "login" or "choice" (a redirect there) or "page" (a 200 page).
    lapse = "login"
    #: Calls per page of the call list; None shows them all on one page.
    page_size: int | None = None
    #: Whether the login reaches My Page through a page that posts a form by itself (the
    #: ``sso`` route answers it, ``sso_post`` reads it) rather than a redirect.
    hand_over = False
    #: The path the session cookie is scoped to: My Page's prefix.
    session_path = "/"
    #: 050IP電話利用明細 for an account with one 050 contract: "choose" asks for it as for
    #: several; "hold" names it and shows its statement once a month is sent (the form
    #: names no contract); "direct" shows its statement at once.
    one_contract = "choose"
    #: Whether the contract choices (and a "hold" page's only contract) name a 050 contract's
    #: 050 number beside its contract number; the operator's guide shows ⑨ with the
    #: contract number alone.
    contract_phone_shown = True
    #: Whether the call list as CSV (in the page's charset) starts with a byte-order mark.
    csv_bom = False
    #: Whether ⑨'s ご確認月 names its first two months 今月 and 先月, their values saying which
    #: (the skins whose options ``month_options`` prints: not ``frames`` or ``script``).
    months_from_today = False
    #: Whether ⑨'s ご確認月 names each month by the month it is billed in, the month used in
    #: brackets (2027年1月ご請求分（12月ご利用分）), on the same skins.
    months_billed = False
    #: Whether ⑨'s ご確認月 names each month by its year and month alone (2026/11), on
    #: the same skins.
    months_slashed = False
    #: Whether ⑨ offers a contract's months as radio buttons (2026年11月), the month shown
    #: checked, beside 表示 (the classic skin's ⑨).
    months_as_radios = False
    #: Whether the top's menu is one image with an area per item (``<map>``), each named
    #: by its ``alt`` (the styled skins' top; the compact skin's by default).
    menu_map = False
    # The four below change the classic skin's ⑨ only: the other skins draw ⑨ their own way.
    #: Whether ⑨ holds its call list in an inline frame (``ip050_frame``), the summary on
    #: the page itself.
    calls_in_frame = False
    #: Whether ⑨ lays its calls out as cards, a term list (``dl``) per call, not a table.
    calls_as_cards = False
    #: Whether each term of a card stands with its value in a ``div`` (as HTML allows).
    card_groups = False
    #: Whether each card is a small table, a row per term (th) and its value (td), not a
    #: term list (wins over ``card_groups``).
    card_tables = False
    #: Whether each row of a card table holds two terms with their values (th td th td).
    card_pairs = False
    #: Whether ⑨ offers a contract's months in a jump menu, outside any form: choosing one
    #: opens its address (``onchange="location.href=this.value"``).
    month_jump = False
    #: Whether ⑨'s call list prints each day once, in a row across the list above its
    #: calls (2026年10月1日（木）), each call with its time alone.
    calls_under_day_rows = False
    #: Whether ⑨'s call list is two tables: 発信, then 着信 (its own header words, no
    #: charge column).
    calls_in_two_tables = False
    #: Whether ⑨'s call list is a table per day under a heading that names the day without
    #: its year (10月1日（木）), each call with its time alone.
    calls_table_per_day = False
    #: Whether ⑨'s call list gives each call two rows: its start, number and type above,
    #: its duration, charge and 着割 mark below, its number joined down both (wins over
    #: ``calls_in_two_tables``).
    calls_in_two_rows = False
    #: Whether ⑨'s call list prints its header in a table of its own and its calls in the
    #: next table, in a box that scrolls under the header (wins over ``calls_in_two_tables``).
    calls_header_apart = False
    #: Whether ⑨ prints its total only under its call list, in the table's ``tfoot`` (placed
    #: before the calls, as HTML 4 had it) across joined cells, with no summary table.
    total_in_call_list = False
    #: Whether ⑨ offers a contract's months as tabs: a link per month to its address, the
    #: month shown as plain text (wins over ``month_jump``).
    month_tabs = False
    #: Whether ⑧ lists the services as table rows, each with the same 「明細を見る」 button,
    #: the row naming its service (the classic skin's ⑧ only).
    service_rows = False
    #: Whether ⑧ offers the statements in a select (明細の種類) with one 表示 button
    #: (the classic skin's ⑧ only; it wins over ``service_rows``).
    service_select = False
    #: Whether ⑧ gives each statement a section of its own (heading, words, the same
    #: 「明細を見る」 button), not a table row (with ``service_rows``).
    service_sections = False
    #: Whether each statement's section on ⑧ is a form of its own around its 「明細を見る」
    #: button, its heading outside the form, and ⑧ offers no contract choice (the 050
    #: page asks for the contract). With ``service_rows`` and ``service_sections``.
    service_forms = False
    #: Whether ⑧'s sections stand one after another with nothing around each (heading,
    #: words, the paragraph of its button), not in an element of their own (with
    #: ``service_rows`` and ``service_sections``, not ``service_forms``).
    service_flat = False
    #: Whether ⑥ offers SMS and voice as plain links that have the code sent (a GET with
    #: the token and the method), not as a form (the classic skin's ⑥ only).
    method_links = False
    #: Whether the newer single screen (layout "modern") offers the registered contact
    #: numbers as radio buttons, another registered number first, not in a select (the
    #: classic skin's screen only).
    contact_radios = False
    #: How the newer single screen shows the registered numbers: "stars" (090-****-5678),
    #: "crosses" (090-××××-5678) or "ending" (末尾5678, the last four digits alone).
    contact_shown = "stars"
    #: The walk a simulator of this skin follows unless told: "classic" (the 2011 guide) or
    #: "modern" (number and method on one screen).
    default_layout = "classic"
    #: Whether a login stops at 重要なお知らせ before My Page, and how it is left: "button"
    #: (確認しました in a form, beside a box 次回から表示しない) or "link" (マイページへ進む);
    #: None shows no notice. Read from the top's skin.
    news_after_login: str | None = None
    paths: ClassVar[Mapping[str, str]] = {
        "login_choice": "/auth/choice",
        "login": "/auth/login",
        "login_otp": "/auth/otp",
        "login_notice": "/auth/notice",
        "terms": "/auth/terms",
        "sso": "/sso/callback",
        "top": "/mypage/top",
        "news": "/mypage/news",
        "charges": "/mypage/charges",
        "verify_contact": "/mypage/verify/contact",
        "verify_method": "/mypage/verify/method",
        "verify_select": "/mypage/verify/select",
        "verify_code": "/mypage/verify/code",
        "charges_detail": "/mypage/charges/detail",
        "ip050_detail": "/mypage/ip050/detail",
        "ip050_page": "/mypage/ip050/page",
        "ip050_frame": "/mypage/ip050/calls",
    }
    fields: ClassVar[Mapping[str, str]] = {
        "token": "_csrf_token",
        "target": "targetUrl",
        "username": "mailAddress",
        "password": "mailPassword",
        "otp": "onetimePassword",
        "contact": "renrakuTel",
        "method": "noticeType",
        "tel_index": "telIndex",
        "code": "ninshoNo",
        "contract": "keiyakuNo",
        "service": "meisaiType",
        "month": "targetMonth",
        "page": "page",
    }
    method_values: ClassVar[Mapping[str, str]] = {"sms": "1", "voice": "2"}

    def __init__(self) -> None:
        """Route every link and form to this skin's own paths."""
        self.routes: dict[str, str] = dict(self.paths)

    # --- what the simulator asks of a skin ------------------------------------------

    def for_page(self, kind: str) -> Skin:
        """The skin that renders pages of ``kind``: this one, except for the mixed skin."""
        return self

    def url(self, route: str) -> str:
        """The path of a route on this server."""
        return self.routes[route]

    def field(self, key: str) -> str:
        """A form field's name."""
        return self.fields[key]

    def content_type(self) -> str:
        """The Content-Type header of a page."""
        return f"text/html; charset={self.charset}" if self.charset_in_header else "text/html"

    def encode(self, text: str) -> bytes:
        """A page's bytes; characters the codec lacks become character references."""
        return text.encode(self.encoding, errors="xmlcharrefreplace")

    def month_value(self, month: date) -> str:
        """How the ご確認月 choice names a month."""
        return f"{month:%Y%m}"

    def month_values(self, months: list[date]) -> dict[str, date]:
        """What the ご確認月 choice sends for each of the months offered."""
        return {self.month_value(m): m for m in months}

    def contact_of(self, data: Mapping[str, Any]) -> str:
        """The contact number typed on 契約情報の確認 (its digits, hyphens where asked)."""
        typed = str(data.get(self.field("contact"), "")).strip()
        if not self.contact_hyphens:
            return typed
        digits = typed.replace("-", "")
        return digits if typed == hyphenated(digits) else ""

    def code_of(self, data: Mapping[str, Any]) -> str:
        """The code typed on 認証番号入力."""
        return str(data.get(self.field("code"), ""))

    def method_of(self, data: Mapping[str, Any]) -> str | None:
        """The contact method chosen on the form: "sms", "voice" or None."""
        value = str(data.get(self.field("method"), ""))
        return next((m for m, v in self.method_values.items() if v == value), None)

    def pressed(self, data: Mapping[str, Any], button: str) -> bool:
        """Whether the form was sent with the button named ``button`` ("back", "resend")."""
        return data.get("action") == button

    def service(self, data: Mapping[str, Any]) -> str | None:
        """Which statement the 料金・ご利用明細 form asked for ("ip050", "internet", ...)."""
        value = data.get(self.field("service"))
        return str(value) if value is not None else None

    def statement_query(self, contract: str, month: date, page: int) -> str:
        """The query string of a link to one page of a call list."""
        f = self.field
        return (
            f"{f('contract')}={quote(contract)}&{f('month')}={self.month_value(month)}"
            f"&{f('page')}={page}"
        )

    # --- page frame and pieces ------------------------------------------------------

    def layout(self, title: str, body: str, *, step: int | None = None) -> str:
        """Wrap a page body in My Page's frame: header, left menu, footer."""
        steps = ""
        if step is not None:
            items = "".join(
                f'<li class="{"current" if i == step else ""}">{name}</li>'
                for i, name in enumerate(STEPS)
            )
            steps = f'<ol class="flow-steps">{items}</ol>'
        return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>{escape(title)} | OCN マイページ</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head><body>
<header id="hd"><div class="logo">OCN マイページ（会員サポート／手続き）</div>
<ul class="hd-links"><li><a href="https://www.ocn.ne.jp/">OCNトップ</a></li>
<li><a href="/info/maintenance">メンテナンス情報</a></li></ul></header>
<div id="contents">{steps}
<main>{body}</main></div>
<footer id="ft"><small>&copy; NTT DOCOMO BUSINESS, Inc.</small></footer>
</body></html>"""

    def error_box(self, message: str | None) -> str:
        """The red message box pages show above a form."""
        if not message:
            return ""
        return f'<div class="msg-error" role="alert"><p>{escape(message)}</p></div>'

    def token_input(self, token: str) -> str:
        """The per-form token every form carries."""
        return f'<input type="hidden" name="{self.field("token")}" value="{token}">'

    # --- pages ----------------------------------------------------------------------

    def login(self, token: str, target: str, error: str | None = None) -> str:
        """③ ログイン."""
        body = f"""<h1>ログイン</h1>{self.error_box(error)}
<form method="post" action="{self.url("login")}" name="loginForm">{self.token_input(token)}
<input type="hidden" name="{self.field("target")}" value="{escape(target)}">
<dl><dt><label for="mailAddress">メールアドレス（OCN ID）</label></dt>
<dd><input type="text" id="mailAddress" name="{self.field("username")}" autocomplete="username"></dd>
<dt><label for="mailPassword">メールパスワード（OCN ID パスワード）</label></dt>
<dd><input type="password" id="mailPassword" name="{self.field("password")}" autocomplete="current-password"></dd></dl>
<p><input type="checkbox" id="keepLogin" name="keepLogin" value="on">
<label for="keepLogin">ログイン状態を一定期間保持する</label></p>
<p class="btn"><button type="submit">ログイン</button></p></form>
<ul class="links"><li><a href="/help/forgot">メールアドレス・パスワードをお忘れの方</a></li>
<li><a href="/help/password">パスワード変更</a></li><li><a href="/help/faq">よくあるご質問</a></li></ul>"""
        return self.layout("ログイン", body)

    def login_choice(self, ocn_id_login: str) -> str:
        """The choice in front of the login: dアカウント or OCN ID."""
        body = f"""<h1>ログイン方法の選択</h1>
<p>ご利用になるログイン方法を選択してください。</p>
<ul class="login-kinds"><li><a href="/auth/daccount" class="btn">dアカウントでログイン</a></li>
<li><a href="{escape(ocn_id_login)}" class="btn">OCN IDでログイン</a>
<p class="note">これまでのログインはこちら</p></li></ul>"""
        return self.layout("ログイン方法の選択", body)

    def email_otp(self, token: str, error: str | None = None) -> str:
        """ワンタイムパスワード認証: a code mailed to the OCN ID's mailbox."""
        body = f"""<h1>ワンタイムパスワード認証</h1>{self.error_box(error)}
<p>ご登録のメールアドレス（OCN ID）宛にワンタイムパスワード（6桁）を送信しました。メールに記載のワンタイムパスワードを入力してください。</p>
<form method="post" action="{self.url("login_otp")}">{self.token_input(token)}
<p><label for="otp">ワンタイムパスワード</label>
<input type="text" id="otp" name="{self.field("otp")}" maxlength="6" inputmode="numeric"></p>
<p class="btn"><button type="submit">認証する</button></p></form>"""
        return self.layout("ワンタイムパスワード認証", body)

    def password_change(self) -> str:
        """The site's request to change the password before going on."""
        body = """<h1>メールアドレス(OCN ID)パスワード変更のお願い</h1>
<p>セキュリティ向上のため、メールアドレス(OCN ID)のパスワード変更をお願いしております。パスワードを変更のうえ、再度ログインしてください。</p>
<p><a href="/help/password">パスワードを変更する</a></p>"""
        return self.layout("パスワード変更のお願い", body)

    def terms(self, token: str) -> str:
        """The terms of use a first login must accept."""
        body = f"""<h1>ご利用規約への同意</h1>
<p>OCN マイページのご利用にあたり、ご利用規約をご確認のうえ、同意してください。</p>
<form method="post" action="{self.url("terms")}">{self.token_input(token)}
<p><input type="checkbox" id="agree" name="agree" value="1"><label for="agree">規約に同意する</label></p>
<p class="btn"><button type="submit">同意して次へ</button></p></form>"""
        return self.layout("ご利用規約への同意", body)

    def news(self, action: str, token: str, target: str) -> str:
        """重要なお知らせ on the way in: news items, then the way on to My Page."""
        if self.news_after_login == "link":
            query = urlencode({self.field("token"): token, self.field("target"): target})
            way = f'<p class="btn"><a href="{escape(action)}?{escape(query)}">マイページへ進む</a></p>'
        else:
            way = f"""<form method="post" action="{escape(action)}">{self.token_input(token)}
<input type="hidden" name="{self.field("target")}" value="{escape(target)}">
<p><input type="checkbox" id="hideNews" name="hideNews" value="1"><label for="hideNews">次回からこのお知らせを表示しない</label></p>
<p class="btn"><button type="submit" name="confirm" value="1">確認しました</button></p></form>"""
        body = f"""<h1>重要なお知らせ</h1>
<p>お客さまへ重要なお知らせがあります。内容をご確認のうえ、お進みください。</p>
<ul class="news"><li><a href="/info/news/2026120101">【重要】メンテナンス作業に伴うサービス停止について</a></li>
<li><a href="/info/news/2026112001">OCNをかたる不審なメール・SMSにご注意ください</a></li></ul>
{way}"""
        return self.layout("重要なお知らせ", body)

    def signing_in(self, url: str) -> str:
        """「ログインしています…」: a page that moves on by itself after a login."""
        return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="{self.charset}">
<meta http-equiv="refresh" content="0;URL={escape(url)}"><title>ログイン中</title></head>
<body><p>ログインしています…</p>
<p>画面が切り替わらない場合は<a href="{escape(url)}">こちら</a>をクリックしてください。</p></body></html>"""

    def handing_over(self, action: str, fields: Mapping[str, str]) -> str:
        """A page that posts the login's hand-over to My Page by itself once loaded."""
        hidden = "".join(
            f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
            for name, value in fields.items()
        )
        return f"""<!DOCTYPE html>
<html lang="ja"><head><meta http-equiv="Content-Type" content="text/html; charset={self.charset}">
<title>OCN マイページ</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{escape(action)}">{hidden}
<noscript><p>JavaScriptが無効になっているため、自動的に画面が切り替わりません。「次へ」ボタンを押してください。</p>
<input type="submit" value="次へ"></noscript></form></body></html>"""

    def lapsed(self, login_url: str) -> str:
        """A 200 page saying the session has ended, with a link to the login."""
        body = f"""<h1>セッションの有効期限が切れました</h1>
<p>一定時間操作がなかったため、ログイン状態が解除されました。</p>
<p><a href="{escape(login_url)}">ログイン画面へ</a></p>"""
        return self.layout("セッションの有効期限が切れました", body)

    def holder(self, kind: str) -> str | None:
        """The page that holds a page of ``kind`` in frames or an iframe; None if it stands alone."""
        return None

    def top_frame(self, part: str, account: SimAccount) -> str:
        """The "header" or "menu" frame beside the top's content, where the top is a frameset.

        Only a skin whose paths name those frames' routes is asked for them.
        """
        raise NotImplementedError(f"the {self.name} skin's top has no {part} frame")

    def top(self, account: SimAccount) -> str:
        """④ マイページ top with the left menu."""
        # A headline that names the menu's words comes first, as news does on a portal.
        body = f"""<h1>料金／手続き</h1>
<section class="news"><h2>お知らせ</h2><ul>
<li><a href="/mypage/info/20261101">【重要】料金・ご利用明細の表示内容変更について</a></li></ul></section>
<nav class="side-menu"><ul>
<li><a href="{self.url("top")}">料金／手続き トップ</a></li>
<li><a href="{self.url("charges")}">料金・ご利用明細</a></li>
<li><a href="/mypage/customer">お客さま情報の変更</a></li>
<li><a href="/mypage/services">ご契約サービスの変更</a></li>
</ul></nav>
<section><h2>お手続き中の契約情報</h2><p>お客さま番号：{escape(account.customer_number)}</p></section>"""
        return self.layout("料金／手続き", body)

    def contact(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑤ 契約情報の確認 (the 2011 guide): the contact number is typed."""
        hyphens = (
            ' placeholder="例）090-1234-5678"> [半角数字、ハイフン（-）を含めて入力]'
            if self.contact_hyphens
            else "> [半角数字]"
        )
        body = f"""<h1>ご契約情報の確認</h1>
<p>ご契約情報の確認を行います。ご登録の連絡先電話番号を入力してください。</p>{self.error_box(error)}
<form method="post" action="{self.url("verify_contact")}">{self.token_input(token)}
<table class="form"><tr><th>お客さま番号<br>（Nから始まる10桁の番号）</th><td>{escape(account.customer_number)}</td></tr>
<tr><th><label for="renrakuTel">連絡先電話番号</label> <span class="req">必須</span></th>
<td><input type="text" id="renrakuTel" name="{self.field("contact")}" inputmode="numeric"{hyphens}
<p class="hint">連絡先電話番号宛に認証番号が送信されます。お客さまが登録している電話番号の下3桁を以下に表示しています。<br>{masked(account.contact_phone)}</p></td></tr></table>
<p><a href="/mypage/contact/change">「連絡先電話番号」を変更する場合は、こちらより手続きを行ってください。</a></p>
<p>連絡先電話番号に携帯電話番号を入力の場合、SMSもしくは電話音声通知をご利用可能です。固定電話番号、050番号を入力の場合、電話音声通知のみご利用可能です。</p>
<p class="btn"><button type="submit" id="nextBtn" disabled>次へ</button></p></form>
<script>document.getElementById("renrakuTel").addEventListener("input",function(e){{document.getElementById("nextBtn").disabled=!e.target.value;}});</script>"""
        return self.layout("ご契約情報の確認", body, step=0)

    def method_choices(self, account: SimAccount) -> str:
        """The SMS / 電話音声通知 radio buttons."""
        sms_disabled = "" if account.is_mobile else " disabled"
        return f"""<ul class="radio-list">
<li><input type="radio" id="notice_sms" name="{self.field("method")}" value="{self.method_values["sms"]}"{sms_disabled}>
<label for="notice_sms">SMS（ショートメッセージサービス）</label>
<p class="note">「連絡先電話番号」にSMSで認証番号を送信します。070、080、090から始まる電話番号の場合に選択可能です。</p></li>
<li><input type="radio" id="notice_voice" name="{self.field("method")}" value="{self.method_values["voice"]}">
<label for="notice_voice">電話音声通知</label>
<p class="note">「連絡先電話番号」に、自動音声で数字6桁の認証番号をお知らせします。お手元にメモをご用意ください。</p></li></ul>"""

    notes = """<h3>注意事項</h3><ul class="notes">
<li>「送信する」をクリックすると、すぐに認証番号を通知いたします。</li>
<li>認証番号の有効時間は30分です。有効時間内でのお手続きをお願いします。</li>
<li>認証番号は「+1 714 *** ****」等の海外の電話番号から通知いたします。</li>
<li>SMSもしくは電話音声通知による認証をご利用後、再度同じ環境からアクセスいただいた際は、認証が省略される場合がございます。</li></ul>"""

    def method(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑥ ご連絡方法の選択."""
        if self.method_links:
            return self.method_as_links(account, token, error)
        body = f"""<h1>ご連絡方法の選択</h1>{self.error_box(error)}
<form method="post" action="{self.url("verify_method")}">{self.token_input(token)}
<table class="form"><tr><th>お客さま番号</th><td>{escape(account.customer_number)}</td></tr>
<tr><th>連絡先電話番号</th><td>{masked(account.contact_phone)}</td></tr>
<tr><th>ご連絡方法 <span class="req">必須</span></th><td>{self.method_choices(account)}</td></tr></table>
<p>「送信する」ボタンをクリックする前に、受信する電話機をご準備ください。</p>{self.notes}
<p class="btn"><button type="submit" name="action" value="back">&lt; 戻る</button>
<button type="submit" name="action" value="send">送信する &gt;</button></p></form>"""
        return self.layout("ご連絡方法の選択", body, step=1)

    def method_as_links(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑥ with a link per method, SMS only for a mobile number."""
        choices = (("sms", "SMSで認証番号を受け取る"), ("voice", "音声電話で認証番号を受け取る"))
        links = "".join(
            f'<li><a href="{self.url("verify_method")}?{self.field("token")}={quote(token)}'
            f'&amp;{self.field("method")}={self.method_values[key]}">{words}</a></li>'
            for key, words in choices
            if key == "voice" or account.is_mobile
        )
        body = f"""<h1>ご連絡方法の選択</h1>{self.error_box(error)}
<table class="form"><tr><th>連絡先電話番号</th><td>{masked(account.contact_phone)}</td></tr></table>
<p>認証番号の受け取り方法を選んでください。</p><ul class="methods">{links}</ul>{self.notes}
<p><a href="{self.url("verify_contact")}">&lt; 戻る</a></p>"""
        return self.layout("ご連絡方法の選択", body, step=1)

    def modern_contact(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """The newer single screen: number picked from a list, method beside it."""
        shown = escape(partly_hidden(account.contact_phone, self.contact_shown))
        name = self.field("tel_index")
        if self.contact_radios:
            # The account's number second, after a landline of the same household.
            landline = escape(partly_hidden("0300000000", self.contact_shown))
            radios = "".join(
                f'<label><input type="radio" name="{name}" value="{value}"> {number}</label><br>'
                for value, number in (("1", landline), ("0", shown))
            )
            field = f"""<dl class="field"><dt>連絡先電話番号</dt><dd>{radios}
<a href="/mypage/contact/change">※「連絡先電話番号」を変更する</a></dd></dl>"""
        else:
            field = f"""<div class="field"><label for="telSelect">連絡先電話番号</label>
<select id="telSelect" name="{name}"><option value="">選択してください</option>
<option value="0">{shown}</option></select>
<a href="/mypage/contact/change">※「連絡先電話番号」を変更する</a></div>"""
        body = f"""<h1>連絡先・認証方式の選択</h1>{self.error_box(error)}
<form method="post" action="{self.url("verify_select")}">{self.token_input(token)}
{field}
<fieldset><legend>認証方式</legend>{self.method_choices(account)}</fieldset>{self.notes}
<p class="btn"><button type="submit">送信</button></p></form>"""
        return self.layout("連絡先・認証方式の選択", body)

    def remember_choice(self) -> str:
        """The box that has the site remember this browser, where the code page offers it."""
        if not self.remember_box:
            return ""
        return (
            '<p><label><input type="checkbox" name="rememberDevice" value="1">'
            " 次回からこのブラウザでの認証を省略する</label></p>"
        )

    def resend_button(self, button: str) -> str:
        """再通知する in the code's form, unless it stands apart below it."""
        return "" if self.resend_apart else f"<p>{button}</p>"

    def resend_form(self, token: str) -> str:
        """再通知する apart: a script link below the code's form posting a form of its own."""
        if not self.resend_apart:
            return ""
        return f"""<form name="resendForm" method="post" action="{self.url("verify_code")}">{self.token_input(token)}
<input type="hidden" name="action" value="resend"></form>
<script type="text/javascript">function resendCode() {{ document.resendForm.submit(); }}</script>
<p>認証番号が届かない場合は <a href="javascript:resendCode()">認証番号を再通知する</a></p>"""

    def code(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑦ 認証番号入力."""
        body = f"""<h1>認証番号入力</h1>
<p>上記「連絡先電話番号」に認証番号を送信しました。受信した6桁の番号を入力して下さい。</p>{self.error_box(error)}
<form method="post" action="{self.url("verify_code")}">{self.token_input(token)}
<table class="form"><tr><th>連絡先電話番号</th><td>{masked(account.contact_phone)}</td></tr>
<tr><th><label for="ninshoNo">認証番号</label> <span class="req">必須</span></th>
<td><input type="text" id="ninshoNo" name="{self.field("code")}" maxlength="6" inputmode="numeric"> [6桁半角数字]</td></tr></table>
<p>認証番号をもう一度通知する場合は、「再通知する」ボタンをクリックして下さい。</p>
{self.resend_button('<button type="submit" name="action" value="resend">再通知する</button>')}{self.notes}{self.remember_choice()}
<p class="btn"><button type="submit" name="action" value="auth">認証する</button></p></form>{self.resend_form(token)}"""
        return self.layout("認証番号入力", body, step=2)

    services = (
        ("internet", "インターネット接続利用明細", "インターネット接続の利用明細が確認できます。"),
        ("hikari", "OCN ひかり電話利用明細", "OCN ひかり電話の利用明細が確認できます。"),
        (
            "ip050",
            "OCNドットフォン・050あんしんナンバーなどの利用明細",
            "050IP電話サービスの利用明細、050あんしんナンバーの利用明細が確認できます。",
        ),
        (
            "mobile",
            "OCN モバイル ONE 利用明細",
            "OCN モバイル ONEのSMSおよび音声通話の利用明細が確認できます。ご利用月の利用明細は、翌月28日頃よりご確認いただけます。",
        ),
    )
    service_headings: ClassVar[Mapping[str, str]] = {
        "internet": "インターネット接続利用明細",
        "hikari": "OCN ひかり電話利用明細",
        "ip050": "050IP電話利用明細",
        "mobile": "OCN モバイル ONE 利用明細",
    }

    def contract_text(self, contract: SimContract, *, phone: bool | None = None) -> str:
        """How a contract choice names a 050 contract (⑧'s always with its 050 number)."""
        if not (self.contract_phone_shown if phone is None else phone):
            return f"{contract.contract_number}（{contract.service}）"
        return (
            f"{contract.contract_number}（{contract.service} {hyphenated(contract.phone_number)}）"
        )

    def billing_tab(self, account: SimAccount) -> str:
        """⑧ opened on its 請求情報照会 tab: the bills; the statements are on 利用状況照会."""
        body = f"""<h1>料金・ご利用明細</h1>
<ul class="tabs"><li><a href="/mypage/contracts">契約情報一覧</a></li>
<li class="current"><a href="{self.url("charges")}">請求情報照会</a></li>
<li><a href="{self.url("charges")}?tab=usage">利用状況照会</a></li></ul>
<p>お客さま番号：{escape(account.customer_number)}</p>
<table class="bills"><tr><th>ご請求月</th><th>お支払い方法</th></tr>
<tr><td>今月分</td><td>クレジットカード</td></tr></table>"""
        return self.layout("料金・ご利用明細", body)

    def charges(self, account: SimAccount, token: str, chosen: str | None = None) -> str:
        """⑧ 料金・ご利用明細."""
        internet, _ = other_contracts(account)[0]
        options = [f'<option value="{escape(internet)}">{escape(internet)}（OCN 光）</option>'] + [
            f'<option value="{escape(c.contract_number)}">{escape(self.contract_text(c, phone=True))}</option>'
            for c in account.contracts
        ]
        services = "".join(
            f"""<div class="service"><h3>{self.service_headings[key]}</h3><p>{desc}</p>
<button type="submit" name="{self.field("service")}" value="{key}">{label}</button></div>"""
            for key, label, desc in self.services
        )
        if self.service_rows:
            rows = "".join(
                f"""<tr><td>{self.service_headings[key]}</td><td>{desc}</td>
<td><button type="submit" name="{self.field("service")}" value="{key}">明細を見る</button></td></tr>"""
                for key, _, desc in self.services
            )
            services = f'<table class="svc-table"><tr><th>サービス</th><th>内容</th><th></th></tr>{rows}</table>'
            if self.service_sections:
                # Each section in an element of its own, or only one after another.
                start, end = (
                    ("", "") if self.service_flat else ('<section class="service">', "</section>")
                )
                services = "".join(
                    f"""{start}<h3>{self.service_headings[key]}</h3><p>{desc}</p>
<p><button type="submit" name="{self.field("service")}" value="{key}">明細を見る</button></p>{end}"""
                    for key, _, desc in self.services
                )
            if self.service_sections and self.service_forms:
                return self.layout("料金・ご利用明細", self.service_forms_page(token))
        if self.service_select:
            kinds = "".join(
                f'<option value="{key}">{label}</option>' for key, label, _ in self.services
            )
            services = f"""<table class="form"><tr><th><label for="meisaiType">明細の種類</label></th>
<td><select id="meisaiType" name="{self.field("service")}"><option value="">選択してください</option>{kinds}</select></td></tr></table>
<p class="btn"><button type="submit">表示する</button></p>"""
        body = f"""<h1>料金・ご利用明細</h1>
<ul class="tabs"><li class="current"><a href="{self.url("charges")}">契約情報一覧</a></li>
<li><a href="/mypage/billing">請求情報照会</a></li><li><a href="/mypage/usage">利用状況照会</a></li></ul>
<form method="post" action="{self.url("charges_detail")}">{self.token_input(token)}
<table class="form"><tr><th><label for="custNo">お客さま番号</label></th><td>
<select id="custNo" name="custNo"><option value="{escape(account.customer_number)}" selected>{escape(account.customer_number)}</option></select></td></tr>
<tr><th><label for="keiyakuNo">契約番号</label></th><td><select id="keiyakuNo" name="{self.field("contract")}">{"".join(options)}</select></td></tr></table>
<p>複数の契約をお持ちの方は、確認したい契約番号を選択後、ご覧になりたい明細のボタンを押してください。</p>
{services}</form>"""
        return self.layout("料金・ご利用明細", body)

    def service_forms_page(self, token: str) -> str:
        """⑧ as a section per statement, each with a form of its own around its button."""
        sections = "".join(
            f"""<section class="service"><h3>{self.service_headings[key]}</h3><p>{desc}</p>
<form method="post" action="{self.url("charges_detail")}">{self.token_input(token)}
<p><button type="submit" name="{self.field("service")}" value="{key}">明細を見る</button></p></form></section>"""
            for key, _, desc in self.services
        )
        return f"""<h1>料金・ご利用明細</h1>
<p>ご覧になりたい明細のボタンを押してください。</p>
{sections}"""

    def calls_table(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The call list, numbered from its first call's index.

        In the first other shape switched on, in this order; else in one table.
        """
        for shown, shape in (
            (self.calls_as_cards, self.call_cards),
            (self.calls_under_day_rows, self.calls_by_day),
            (self.calls_table_per_day, self.call_tables_by_day),
            (self.calls_in_two_rows, self.calls_on_two_rows),
            (self.calls_header_apart, self.calls_under_fixed_header),
        ):
            if shown:
                yield from shape(calls)
                return
        listed = list(calls)
        if self.calls_in_two_tables:
            incoming = [(index, call) for index, call in listed if call.call_type == "着信"]
            listed = [(index, call) for index, call in listed if call.call_type != "着信"]
            yield "<h3>発信</h3>"
        yield """<table class="meisai"><thead><tr><th>No.</th><th>通話開始日時</th><th>相手先電話番号</th>
<th>通話時間</th><th>通話料金</th><th>通話種別</th><th>着割対象</th></tr></thead><tbody>"""
        yield from (_numbered_row(index, call) for index, call in listed)
        yield "</tbody></table>"
        if self.calls_in_two_tables:
            yield from self.incoming_calls(incoming)

    def calls_on_two_rows(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The call list with two rows per call, as is its header; the number spans both."""
        yield """<table class="meisai"><thead>
<tr><th rowspan="2">No.</th><th>通話開始日時</th><th>相手先電話番号</th><th>通話種別</th></tr>
<tr><th>通話時間</th><th>通話料金</th><th>着割対象</th></tr></thead><tbody>"""
        for index, call in calls:
            yield (
                f'<tr><td rowspan="2">{index}</td><td>{call.started_at:%Y/%m/%d %H:%M:%S}</td>'
                f"<td>{hyphenated(call.other_party)}</td><td>{call.call_type}</td></tr>\n"
                f"<tr><td>{hms(call.duration)}</td><td>{yen(call.charge)}</td>"
                f"<td>{'*' if call.chakuwari else ''}</td></tr>\n"
            )
        yield "</tbody></table>"

    def calls_under_fixed_header(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The call list's header in a table of its own, the calls in a scrolling box below."""
        yield """<table class="meisai-head"><tr><th>No.</th><th>通話開始日時</th>
<th>相手先電話番号</th><th>通話時間</th><th>通話料金</th><th>通話種別</th><th>着割対象</th></tr>
</table><div class="scroll" style="height:400px;overflow-y:scroll"><table class="meisai">"""
        yield from (_numbered_row(index, call) for index, call in calls)
        yield "</table></div>"

    def incoming_calls(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The 着信 table of a call list in two: its own header words, no charge column."""
        yield """<h3>着信</h3><table class="meisai"><thead><tr><th>No.</th><th>着信日時</th>
<th>発信元電話番号</th><th>通話時間</th><th>通話種別</th><th>着割対象</th></tr></thead><tbody>"""
        for index, call in calls:
            yield (
                f"<tr><td>{index}</td><td>{call.started_at:%Y/%m/%d %H:%M:%S}</td>"
                f"<td>{hyphenated(call.other_party)}</td><td>{hms(call.duration)}</td>"
                f"<td>{call.call_type}</td><td>{'*' if call.chakuwari else ''}</td></tr>\n"
            )
        yield "</tbody></table>"

    def call_tables_by_day(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The call list as a table per day; times alone.

        Each under a heading naming the day and its count of calls (10月1日（木）　3件).
        """
        by_day: dict[date, list[Any]] = {}
        for _, call in calls:
            by_day.setdefault(call.started_at.date(), []).append(call)
        for day, listed in by_day.items():
            yield (
                f'<h3 class="day">{day.month}月{day.day}日（{_WEEKDAYS[day.weekday()]}）'
                f"　{len(listed)}件</h3>"
            )
            # Each table in a box of its own, as a site lets a wide table scroll on a phone.
            yield f'<div class="scroll">{_TIMES_HEAD}'
            yield from (_time_row(call) for call in listed)
            yield "</tbody></table></div>"

    def calls_by_day(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The call list under a row per day: each call's time alone below its day."""
        yield _TIMES_HEAD
        shown = None
        for _, call in calls:
            if (day := call.started_at.date()) != shown:
                shown = day
                yield (
                    f'<tr class="day"><th colspan="6">{day.year}年{day.month}月{day.day}日'
                    f"（{_WEEKDAYS[day.weekday()]}）</th></tr>\n"
                )
            yield _time_row(call)
        yield "</tbody></table>"

    def call_cards(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The call list as a phone-sized site shows it: a card of terms per call."""
        yield '<div class="call-cards">'
        group, end = ('<div class="row">', "</div>") if self.card_groups else ("", "")
        for index, call in calls:
            terms = (
                ("No.", index),
                ("通話開始日時", f"{call.started_at:%Y/%m/%d %H:%M:%S}"),
                ("相手先電話番号", hyphenated(call.other_party)),
                ("通話時間", hms(call.duration)),
                ("通話料金", yen(call.charge)),
                ("通話種別", call.call_type),
                ("着割対象", "*" if call.chakuwari else "-"),
            )
            if self.card_tables:
                per_row = 2 if self.card_pairs else 1
                cells = "".join(
                    "<tr>"
                    + "".join(f"<th>{t}</th><td>{v}</td>" for t, v in terms[at : at + per_row])
                    + "</tr>"
                    for at in range(0, len(terms), per_row)
                )
                yield f'<table class="card">{cells}</table>\n'
                continue
            cells = "".join(f"{group}<dt>{term}</dt><dd>{value}</dd>{end}" for term, value in terms)
            yield f'<dl class="card">{cells}</dl>\n'
        yield "</div>"

    def month_options(self, months: list[date], selected: date | None) -> str:
        """The ご確認月 options."""
        return "".join(
            f'<option value="{self.month_value(m)}"{" selected" if m == selected else ""}>'
            f"{self.month_shown(index, m)}</option>"
            for index, m in enumerate(months)
        )

    def month_shown(self, index: int, month: date) -> str:
        """How the ご確認月 option of the ``index``-th month, newest first, names it."""
        if self.months_from_today and index < len(_FROM_TODAY):
            return _FROM_TODAY[index]
        if self.months_billed:
            billed = (month + timedelta(days=31)).replace(day=1)
            return f"{billed.year}年{billed.month}月ご請求分（{month.month}月ご利用分）"
        if self.months_slashed:
            return f"{month.year}/{month.month:02d}"
        return f"{month.year}年{month.month}月"

    def month_jumps(self, contract: SimContract, months: list[date], selected: date) -> str:
        """The options of a ご確認月 jump menu: each the address of its month's statement."""
        return "".join(
            f'<option value="{self.url("ip050_detail")}?{self.field("contract")}='
            f'{quote(contract.contract_number)}&amp;{self.field("month")}={self.month_value(m)}"'
            f"{' selected' if m == selected else ''}>{m.year}年{m.month}月</option>"
            for m in months
        )

    def month_tab_list(self, contract: SimContract, months: list[date], selected: date) -> str:
        """The months as tabs: each a link to its statement, the one shown without a link."""
        tabs = []
        for m in months:
            if m == selected:
                tabs.append(f'<li class="current"><span>{m.year}年{m.month}月分</span></li>')
                continue
            href = (
                f"{self.url('ip050_detail')}?{self.field('contract')}="
                f"{quote(contract.contract_number)}&amp;{self.field('month')}={self.month_value(m)}"
            )
            tabs.append(f'<li><a href="{href}">{m.year}年{m.month}月分</a></li>')
        return f'<ul class="month-tabs">{"".join(tabs)}</ul>'

    def page_calls(self, statement: SimStatement, page: int) -> list[tuple[int, Any]]:
        """The numbered calls one page of the call list shows."""
        numbered = list(enumerate(statement.calls, 1))
        if self.page_size is None:
            return numbered
        return numbered[(page - 1) * self.page_size : page * self.page_size]

    def page_count(self, statement: SimStatement) -> int:
        """How many pages the call list takes."""
        if self.page_size is None or not statement.calls:
            return 1
        return -(-len(statement.calls) // self.page_size)

    def statement(
        self,
        account: SimAccount,
        contract: SimContract | None,
        token: str,
        *,
        months: list[date],
        statement: SimStatement | None,
        now: datetime,
        page: int = 1,
    ) -> str:
        """⑨ 050IP電話利用明細 for one contract and month, or the contract choice."""
        selected = statement.month if statement else months[0]
        if contract is None:
            options = "".join(
                f'<option value="{escape(c.contract_number)}">{escape(self.contract_text(c))}</option>'
                for c in account.contracts
            )
            chosen = f'<select name="{self.field("contract")}">{options}</select>'
        else:
            chosen = f'<input type="hidden" name="{self.field("contract")}" value="{escape(contract.contract_number)}">'
        head = f"""<h1>050IP電話利用明細</h1>
<form method="post" action="{self.url("ip050_detail")}">{self.token_input(token)}
{chosen if contract else ""}
<table class="form"><tr><th>契約番号</th><td>{escape(self.contract_text(contract)) if contract else chosen}</td>
<th><label for="targetMonth">ご確認月</label></th><td><select id="targetMonth" name="{self.field("month")}">{self.month_options(months, selected)}</select>
<button type="submit">表示</button></td></tr></table></form>"""
        if contract is not None and self.month_jump:
            head = f"""<h1>050IP電話利用明細</h1>
<table class="form"><tr><th>契約番号</th><td>{escape(self.contract_text(contract))}</td>
<th>ご確認月</th><td><select onchange="location.href=this.value">{self.month_jumps(contract, months, selected)}</select></td></tr></table>"""
        if contract is not None and self.months_as_radios:
            radios = " ".join(
                f'<label><input type="radio" name="{self.field("month")}" value="{self.month_value(m)}"'
                f"{' checked' if m == selected else ''}> {m.year}年{m.month}月</label>"
                for m in months
            )
            head = f"""<h1>050IP電話利用明細</h1>
<form method="post" action="{self.url("ip050_detail")}">{self.token_input(token)}
{chosen}
<table class="form"><tr><th>契約番号</th><td>{escape(self.contract_text(contract))}</td></tr>
<tr><th>ご確認月</th><td>{radios} <button type="submit">表示</button></td></tr></table></form>"""
        if contract is not None and self.month_tabs:
            head = f"""<h1>050IP電話利用明細</h1>
<table class="form"><tr><th>契約番号</th><td>{escape(self.contract_text(contract))}</td></tr></table>
{self.month_tab_list(contract, months, selected)}"""
        if contract is None or statement is None:
            return self.layout("050IP電話利用明細", head)
        duration = int(statement.total_duration.total_seconds())
        if statement.calls and self.calls_in_frame:
            query = (
                f"{self.field('contract')}={quote(statement.contract_number)}"
                f"&{self.field('month')}={self.month_value(statement.month)}"
            )
            calls = (
                f'<iframe src="{self.url("ip050_frame")}?{escape(query)}" title="通話明細" '
                'width="100%" height="400"></iframe>'
            )
        elif statement.calls and self.total_in_call_list and not self.calls_as_cards:
            foot = (
                f'<tfoot><tr class="total"><td colspan="3">{len(statement.calls):,}回</td>'
                f'<th>合計</th><td>{yen(statement.total)}</td><td colspan="2"></td></tr></tfoot>'
            )
            calls = "".join(self.calls_table(self.page_calls(statement, page)))
            # In the head's table, or in the calls' table under a head of its own.
            head_end = "</thead>" if "</thead>" in calls else '<table class="meisai">'
            calls = calls.replace(head_end, head_end + foot, 1)
            body = f"""{head}
<h2>{statement.month.year}年{statement.month.month}月ご利用分</h2>
<p class="as-of">{now:%Y年%m月%d日 %H:%M}時点</p>
{calls}"""
            return self.layout("050IP電話利用明細", body)
        elif statement.calls:
            calls = "".join(self.calls_table(self.page_calls(statement, page)))
        else:
            calls = "<p>ご利用月の通話明細はありません。</p>"
        body = f"""{head}
<h2>{statement.month.year}年{statement.month.month}月ご利用分</h2>
<p class="as-of">{now:%Y年%m月%d日 %H:%M}時点</p>
<table class="summary"><caption>ご利用金額（税込）</caption>
<tr><th>月額基本料</th><td>{yen(statement.base_fee)}</td></tr>
<tr><th>通話料</th><td>{yen(statement.call_charges)}</td></tr>
<tr><th>着割 ※</th><td>{yen(-statement.chakuwari_discount)}</td></tr>
<tr><th>ユニバーサルサービス料</th><td>{yen(statement.universal_service_fee)}</td></tr>
<tr class="total"><th>合計</th><td>{yen(statement.total)}</td></tr>
<tr><th>通話回数</th><td>{len(statement.calls):,}回</td></tr>
<tr><th>通話時間</th><td>{hms(duration)}</td></tr></table>
{calls}
<ul class="notes"><li>*着割対象通話：着割の割引額の計算対象となった着信通話です。</li>
<li>*着割の最大割引額：通話料金を上限として割引を適用します。</li></ul>"""
        return self.layout("050IP電話利用明細", body)

    def call_frame(self, statement: SimStatement) -> str:
        """The page an inline frame of ⑨ loads: the month's call list alone."""
        calls = "".join(self.calls_table(self.page_calls(statement, 1)))
        return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="{self.charset}">
<title>通話明細</title></head><body>{calls}</body></html>"""

    def call_csv(self, statement: SimStatement) -> tuple[bytes, dict[str, str]]:
        """The month's call list as a download: its bytes and its headers."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            ("通話開始日時", "通話先電話番号", "通話時間", "通話料金", "種別", "着割対象")
        )
        for call in statement.calls:
            writer.writerow(
                (
                    f"{call.started_at:%Y/%m/%d %H:%M:%S}",
                    hyphenated(call.other_party),
                    hms(call.duration),
                    f"{call.charge}",
                    call.call_type,
                    "○" if call.chakuwari else "",
                )
            )
        text = ("\ufeff" if self.csv_bom else "") + out.getvalue()
        name = f"ip050meisai_{statement.contract_number}_{statement.month:%Y%m}.csv"
        return text.encode(self.encoding), {
            "Content-Type": f"text/csv; charset={self.charset}",
            "Content-Disposition": f'attachment; filename="{name}"',
        }

    def maintenance(self, until: datetime | None) -> str:
        """What every page shows during a maintenance window."""
        end = f"<p>終了予定日時：{until:%Y年%m月%d日 %H:%M}</p>" if until else ""
        body = f"""<h1>メンテナンス中</h1><p>ただいまシステムメンテナンスのため、OCN マイページはご利用いただけません。</p>{end}
<p>ご迷惑をおかけしますが、しばらくお待ちください。</p>"""
        return self.layout("メンテナンスのお知らせ", body)

    def message(self, title: str, message: str) -> str:
        """A page with a heading and one paragraph."""
        return self.layout(title, f"<h1>{escape(title)}</h1><p>{escape(message)}</p>")
