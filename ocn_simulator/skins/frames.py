"""The ``frames`` skin: an old servlet portal whose top is a frameset, in Shift_JIS."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from html import escape
from itertools import groupby
from typing import Any, ClassVar
from urllib.parse import quote

from ..data import SimAccount, SimContract, SimStatement
from .fmt import FULL_WIDTH, hyphenated, japanese_duration, masked, phone_parts, yen
from .styled import Styled

# What each box of the contact number holds, as the boxes' titles and the line below them.
PHONE_PARTS = ("市外局番", "市内局番", "加入者番号")


class FramesSkin(Styled):
    """A servlet portal: a frameset top, hops through a self-posting form, one box per digit.

    The login answers a redirect to an SSO path with a ticket; that page sets a session
    cookie scoped to My Page's prefix and posts the ticket on to My Page by itself. The top
    is a header frame over a nested frameset of a menu frame and the main frame; the menu's
    links load ordinary pages into the main frame. The contact number goes in three boxes,
    the method is one of two submit buttons, the code one digit per box (再通知する a link
    below the form that posts a form of its own). 050IP電話利用明細
    names months by their place in the list, grouped by year; it shows the summary, while
    the calls download as CSV.
    """

    name = "frames"
    encoding = "cp932"
    charset = "Shift_JIS"
    charset_in_header = True
    lapse = "page"
    hand_over = True
    session_path = "/mypage/"
    one_contract = "hold"
    resend_apart = True
    #: The boxes' widths whatever the number (a site's generic 5, 4, 4, which do not tell
    #: 03-1234-5678 from 031-234-5678); None fits them to the registered number's split.
    contact_widths: tuple[int, int, int] | None = None
    #: The top frameset's title, where it names more than the top: a portal may title its
    #: one frameset after the service it is the portal of (「050IP電話利用明細」).
    frameset_title = "料金／手続き"
    #: Whether the menu frame's items post a form into the main frame through the page's
    #: ``goMenu(url, id)`` helper (``href="#"``) rather than being plain links.
    menu_posts = False
    paths: ClassVar[Mapping[str, str]] = {
        "login_choice": "/idp/servlet/LoginSelect",
        "login": "/idp/servlet/Login",
        "login_otp": "/idp/servlet/OneTimePassword",
        "login_notice": "/idp/servlet/LoginNotice",
        "terms": "/idp/servlet/Agreement",
        "sso": "/sso/servlet/Assertion",
        "sso_post": "/mypage/servlet/SsoLogin",
        "top": "/mypage/servlet/Top",
        "news": "/mypage/servlet/Oshirase",
        "top_header": "/mypage/servlet/Header",
        "top_menu": "/mypage/servlet/Menu",
        "top_main": "/mypage/servlet/Main",
        "charges": "/mypage/servlet/RyokinMeisai",
        "verify_contact": "/mypage/servlet/KeiyakuKakunin",
        "verify_method": "/mypage/servlet/RenrakuHohoSentaku",
        "verify_select": "/mypage/servlet/RenrakusakiSentaku",
        "verify_code": "/mypage/servlet/NinshoNoNyuryoku",
        "charges_detail": "/mypage/servlet/MeisaiSentaku",
        "ip050_detail": "/mypage/servlet/Ip050Meisai",
        "ip050_page": "/mypage/servlet/Ip050MeisaiPage",
        "ip050_csv": "/mypage/servlet/Ip050MeisaiCsv",
    }
    fields: ClassVar[Mapping[str, str]] = {
        "token": "CSRF_TOKEN",
        "target": "forwardUrl",
        "username": "ocnIdMail",
        "password": "ocnIdPass",
        "otp": "otpNo",
        # The contact number's boxes are telNo1 to telNo3, the code's ninsho1 to ninsho6.
        "contact": "telNo",
        "method": "sendKbn",
        "tel_index": "telIdx",
        "code": "ninsho",
        "contract": "keiyakuNo",
        "service": "meisaiKbn",
        "month": "kakuninTsuki",
        "page": "pageNo",
    }
    # The buttons' own words are what the form sends.
    method_values: ClassVar[Mapping[str, str]] = {
        "sms": "SMSで受け取る",
        "voice": "音声電話で受け取る",
    }
    label_styles: ClassVar[Mapping[str, str]] = {"default": "th"}
    info_style = "th"
    button_styles: ClassVar[Mapping[str, str]] = {"default": "submit"}
    method_buttons = True
    charges_style = "link"
    statement_style = "select"
    footer = "Copyright(C) NTT DOCOMO BUSINESS, Inc. All Rights Reserved."
    heading_steps = ("①確認内容入力", "②ご連絡方法選択", "③認証番号入力")

    # --- parts ----------------------------------------------------------------------

    def layout(self, title: str, body: str, *, step: int | None = None) -> str:
        """A page of the main frame: no header or menu of its own, the frameset holds them."""
        steps = ""
        if step is not None:
            cells = "".join(
                f'<td class="{"on" if i == step else "off"}">{name}</td>'
                for i, name in enumerate(self.heading_steps)
            )
            steps = f'<table class="steps"><tr>{cells}</tr></table>'
        return f"""{self.document(title)}
<body bgcolor="#FFFFFF" text="#333333">{steps}
{body}
<hr size="1"><p align="center"><font size="1">{self.footer}</font></p></body></html>"""

    def document(self, title: str, kind: str = "Transitional") -> str:
        """The start of an HTML 4.01 document up to its body: the doctype, charset and title."""
        dtd = "frameset.dtd" if kind == "Frameset" else "loose.dtd"
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 {kind}//EN" "http://www.w3.org/TR/html4/{dtd}">
<html lang="ja"><head>
<meta http-equiv="Content-Type" content="text/html; charset={self.charset}">
<title>{escape(title)}｜OCNマイページ</title></head>"""

    def error_box(self, message: str | None) -> str:
        """Errors listed above the form, as the servlet framework prints them."""
        if not message:
            return ""
        return f'<div class="errorArea"><ul><li><font color="#CC0000">{escape(message)}</font></li></ul></div>'

    def method_choices(self, account: SimAccount) -> str:
        """SMS or voice as two submit buttons of the form: the one pressed is the one sent."""
        name = self.field("method")
        sms_disabled = "" if account.is_mobile else " disabled"
        buttons = (
            f'<input type="submit" name="{name}" value="{self.method_values["sms"]}"{sms_disabled}> '
            f'<input type="submit" name="{name}" value="{self.method_values["voice"]}"><br>'
            "<small>SMSは070、080、090から始まる携帯電話番号の場合のみご利用いただけます。</small>"
        )
        return self.info("ご連絡方法", buttons)

    def contact_of(self, data: Mapping[str, Any]) -> str:
        """The three boxes joined: the number without its hyphens."""
        name = self.field("contact")
        if self.joined_on_submit:
            return str(data.get(name, "")).replace("-", "").strip()
        return "".join(str(data.get(f"{name}{i}", "")).strip() for i in (1, 2, 3))

    def code_of(self, data: Mapping[str, Any]) -> str:
        """The six one-digit boxes joined."""
        name = self.field("code")
        if self.joined_on_submit:
            return str(data.get(name, "")).strip()
        return "".join(str(data.get(f"{name}{i}", "")).strip() for i in range(1, 7))

    def joining(self, name: str, boxes: int, separator: str = "") -> tuple[str, str]:
        """With ``joined_on_submit``: the form's ``onsubmit`` and its hidden field."""
        if not self.joined_on_submit:
            return "", ""
        glue = f" + '{separator}' + " if separator else " + "
        joined = glue.join(f"f.{name}{i}.value" for i in range(1, boxes + 1))
        handler = (
            f' onsubmit="var f = this; f.{name}.value = {joined}; return true;"'
            if separator
            else f' onsubmit="return join_{name}();"'
        )
        script = (
            ""
            if separator
            else f'<script type="text/javascript">function join_{name}() {{'
            f" var f = document.forms[0]; if (f.{name}1.value == '') {{"
            f" alert('入力してください。'); f.{name}1.focus(); return false; }}"
            f" f.{name}.value = {joined}; return true; }}</script>"
        )
        return handler, f'<input type="hidden" name="{name}" value="">{script}'

    def month_values(self, months: list[date]) -> dict[str, date]:
        """The ご確認月 choice sends the month's place in the list, 0 the newest."""
        return {str(i): m for i, m in enumerate(months)}

    def month_options(self, months: list[date], selected: date | None) -> str:
        """The months grouped by year, each named like 12月分."""
        groups = []
        for year, group in groupby(enumerate(months), key=lambda item: item[1].year):
            options = "".join(
                f'<option value="{i}"{" selected" if m == selected else ""}>{m.month}月分</option>'
                for i, m in group
            )
            groups.append(f'<optgroup label="{year}年">{options}</optgroup>')
        return "".join(groups)

    # --- pages ----------------------------------------------------------------------

    def holder(self, kind: str) -> str | None:
        """The top is a frameset: a header frame over a menu frame beside the main frame."""
        if kind != "top":
            return None
        return f"""{self.document(self.frameset_title, "Frameset")}
<frameset rows="70,*" frameborder="0" border="0" framespacing="0">
<frame src="{self.url("top_header")}" name="header" scrolling="no" noresize>
<frameset cols="190,*" frameborder="0" border="0" framespacing="0">
<frame src="{self.url("top_menu")}" name="menu" scrolling="auto">
<frame src="{self.url("top_main")}" name="main" scrolling="auto">
</frameset>
<noframes><body><p>このページはフレームを使用しています。フレームに対応したブラウザでご覧ください。</p></body></noframes>
</frameset></html>"""

    def top_frame(self, part: str, account: SimAccount) -> str:
        """The header frame (logo, logout) or the menu frame, whose links load into "main"."""
        if part == "header":
            title = "ヘッダー"
            body = """<table width="100%" border="0"><tr>
<td><img src="/img/logo_ocn_mypage.gif" alt="OCNマイページ"></td>
<td align="right"><a href="/logout" target="_top">ログアウト</a></td></tr></table>"""
        elif self.menu_posts:
            title = "メニュー"
            items = "".join(
                f"<li><a href=\"#\" onclick=\"goMenu('{url}', '{function}'); return false;\">"
                f"{words}</a></li>"
                for url, function, words in (
                    (self.url("top_main"), "M000", "料金／手続き トップ"),
                    (self.url("charges"), "M010", "料金・ご利用明細"),
                    ("/mypage/servlet/Customer", "M020", "お客さま情報の変更"),
                )
            )
            body = f"""<p><b>メニュー</b></p>
<form name="menuForm" method="post" action="/mypage/servlet/Menu" target="main">
<input type="hidden" name="funcId" value=""></form>
<ul class="menu">{items}</ul>
<script type="text/javascript"><!--
function goMenu(url, id) {{
  document.menuForm.action = url;
  document.menuForm.funcId.value = id;
  document.menuForm.submit();
}}
//--></script>"""
        else:
            title = "メニュー"
            body = f"""<p><b>メニュー</b></p>
<ul class="menu">
<li><a href="{self.url("top_main")}" target="main">料金／手続き トップ</a></li>
<li><a href="{self.url("charges")}" target="main">料金・ご利用明細</a></li>
<li><a href="/mypage/servlet/Customer" target="main">お客さま情報の変更</a></li>
<li><a href="/mypage/servlet/Service" target="main">ご契約サービスの変更</a></li></ul>"""
        return f'{self.document(title)}\n<body bgcolor="#FFFFFF">{body}</body></html>'

    def top(self, account: SimAccount) -> str:
        """The top's main frame: a welcome and the お客さま番号."""
        body = f"""<h2>料金／手続き</h2>
<p>OCNマイページへようこそ。左のメニューからお手続きを選択してください。</p>
{self.info("お客さま番号", escape(account.customer_number))}"""
        return self.layout("料金／手続き", body)

    def lapsed(self, login_url: str) -> str:
        """The session's end, with a link that leaves the frames for the login."""
        body = f"""<h2>セッションの有効期限が切れました</h2>
<p>一定時間操作がなかったため、ログイン状態が解除されました。</p>
<p><a href="{escape(login_url)}" target="_top">ログイン画面へ</a></p>"""
        return self.layout("セッションの有効期限が切れました", body)

    def contact(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑤ 契約情報の確認: the number in three boxes, split where its hyphens go."""
        name = self.field("contact")
        parts = phone_parts(account.contact_phone)
        widths = self.contact_widths or [len(p) for p in parts]
        boxes = " - ".join(
            f'<input type="text" name="{name}{i}" size="{width + 1}" maxlength="{width}"'
            f' title="{title}" style="ime-mode:disabled">'
            for i, (width, title) in enumerate(zip(widths, PHONE_PARTS, strict=True), 1)
        )
        if self.contact_prefix_select:
            prefixes = dict.fromkeys(("070", "080", "090", parts[0]))
            options = "".join(f"<option>{p}</option>" for p in prefixes)
            first = (
                f'<select name="{name}1" title="{PHONE_PARTS[0]}">'
                f'<option value="">---</option>{options}</select>'
            )
            boxes = first + boxes[boxes.index(" - ") :]
        handler, joined = self.joining(name, 3, "-")
        body = f"""<h2>ご契約情報の確認</h2>{self.error_box(error)}
<p>ご登録の連絡先電話番号を、市外局番から入力してください。</p>
<form method="post" action="{self.url("verify_contact")}"{handler}>{self.token_input(token)}{joined}
<table class="form" border="1" cellspacing="0" cellpadding="4">
<tr><th>お客さま番号</th><td>{escape(account.customer_number)}</td></tr>
<tr><th>連絡先電話番号 <font color="red">【必須】</font></th><td>{boxes}<br>
<small>{"　".join(PHONE_PARTS)}</small><br>
登録されている電話番号：{masked(account.contact_phone)}</td></tr></table>
<p>{self.button("next", "次へ", named=False)}</p></form>"""
        return self.layout("ご契約情報の確認", body, step=0)

    def code(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑦ 認証番号入力: one box per digit."""
        name = self.field("code")
        boxes = "".join(
            f'<input type="text" name="{name}{i}" size="1" maxlength="1" inputmode="numeric">'
            for i in range(1, 7)
        )
        handler, joined = self.joining(name, 6)
        body = f"""<h2>認証番号入力</h2>
<p>「連絡先電話番号」に認証番号を送信しました。受信した6桁の番号を入力して下さい。</p>{self.error_box(error)}
<form method="post" action="{self.url("verify_code")}"{handler}>{self.token_input(token)}{joined}
<table class="form" border="1" cellspacing="0" cellpadding="4">
<tr><th>連絡先電話番号</th><td>{masked(account.contact_phone)}</td></tr>
<tr><th>認証番号 <font color="red">【必須】</font></th><td>{boxes}</td></tr></table>
{self.resend_button(self.button("resend", "再通知する"))}{self.remember_choice()}
<p>{self.button("auth", "認証する")}</p></form>{self.resend_form(token)}"""
        return self.layout("認証番号入力", body, step=2)

    def statement_form(
        self,
        account: SimAccount,
        contract: SimContract | None,
        token: str,
        months: list[date],
        selected: date,
    ) -> str:
        """The choice at the top of ⑨; an only contract is named above a form of the month alone."""
        if len(account.contracts) != 1:
            return super().statement_form(account, contract, token, months, selected)
        (only,) = account.contracts
        month_select = (
            f'<select name="{self.field("month")}">{self.month_options(months, selected)}</select>'
        )
        phone = (
            f"<dt>電話番号</dt><dd>{hyphenated(only.phone_number)}（{escape(only.service)}）</dd>"
            if self.contract_phone_shown
            else ""
        )
        if self.contract_in_form:
            shown = (
                f"（{hyphenated(only.phone_number)}　{escape(only.service)}）"
                if self.contract_phone_shown
                else ""
            )
            return f"""<form method="post" action="{self.url("ip050_detail")}">{self.token_input(token)}
<table class="form" border="1" cellspacing="0" cellpadding="4">
<tr><th>契約番号</th><td>{escape(only.contract_number)}{shown}</td></tr>
<tr><th>ご確認月</th><td>{month_select} {self.button("show", "表示", named=False)}</td></tr></table></form>"""
        return f"""<dl class="keiyaku"><dt>契約番号</dt><dd>{escape(only.contract_number)}</dd>
{phone}</dl>
<form method="post" action="{self.url("ip050_detail")}">{self.token_input(token)}
{self.info("ご確認月", month_select)}
<p>{self.button("show", "表示", named=False)}</p></form>"""

    def summary(self, statement: SimStatement) -> str:
        """A bordered table: a heading across it, a label cell over each group of rows."""

        def fee(amount: Any) -> str:
            return yen(amount, prefix="￥", suffix="", minus="▲", full_width=True)

        def charge(amount: Any) -> str:
            return yen(amount, minus="▲", full_width=True)

        count = f"{statement.call_count:,}".translate(FULL_WIDTH)
        duration = japanese_duration(int(statement.total_duration.total_seconds()))
        return f"""<table class="summary" border="1" cellspacing="0" cellpadding="4">
<tr><th colspan="3" bgcolor="#DDEEFF">ご利用金額（税込）</th></tr>
<tr><th rowspan="2">月額料金</th><th>月額基本料</th><td align="right">{fee(statement.base_fee)}</td></tr>
<tr><th>ユニバーサルサービス料</th><td align="right">{fee(statement.universal_service_fee)}</td></tr>
<tr><th rowspan="2">通話料金</th><th>通話料</th><td align="right">{charge(statement.call_charges)}</td></tr>
<tr><th>着割</th><td align="right">{charge(-statement.chakuwari_discount)}</td></tr>
<tr><th colspan="2">合計</th><td align="right"><b>{fee(statement.total)}</b></td></tr>
<tr><th rowspan="2">ご利用状況</th><th>通話回数</th><td align="right">{count}回</td></tr>
<tr><th>通話時間</th><td align="right">{duration}</td></tr></table>"""

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
        """⑨ 050IP電話利用明細: the choice, then the month's summary and its calls as CSV."""
        selected = statement.month if statement else months[0]
        head = "<h2>050IP電話利用明細</h2>" + self.statement_form(
            account, contract, token, months, selected
        )
        if statement is None:
            prompt = (
                "ご確認月を選択し、「表示」ボタンを押してください。"
                if len(account.contracts) == 1
                else "契約番号を選択してください。"
            )
            return self.layout("050IP電話利用明細", f"{head}<p>{prompt}</p>")
        query = (
            f"{self.field('contract')}={quote(statement.contract_number)}"
            f"&{self.field('month')}={months.index(statement.month)}"
        )
        if statement.calls:
            calls = f"""<p>通話明細は、CSV形式のファイルでご確認いただけます。</p>
<p><a href="{self.url("ip050_csv")}?{escape(query)}">通話明細をダウンロード（CSV）</a></p>"""
        else:
            calls = "<p>ご利用月の通話明細はありません。</p>"
        body = f"""{head}
<h3>{statement.month.year}年{statement.month.month}月ご利用分</h3>
<p align="right">{now:%Y年%m月%d日 %H:%M}現在</p>
{self.summary(statement)}
<p><small>※着割：着割対象通話の通話時間に応じて通話料から割り引きます（通話料が上限です）。</small></p>
<h3>通話明細</h3>{calls}"""
        return self.layout("050IP電話利用明細", body)


__all__ = ["FramesSkin"]
