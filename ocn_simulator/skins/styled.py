"""A skin built from small parts, so each variant says only how its labels, buttons and figures look."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import Any, ClassVar

from ..data import SimAccount, SimContract, SimStatement
from .base import Skin, other_contracts
from .fmt import hms, hyphenated, masked, partly_hidden, yen

SERVICE_KEYS = ("internet", "hikari", "ip050", "mobile")


class Styled(Skin):
    """Pages assembled from parts each variant chooses: label, button, table and number styles."""

    #: How each field is named on screen, by field key; "default" for the rest.
    label_styles: ClassVar[Mapping[str, str]] = {"default": "for"}
    #: How read-only facts (お客さま番号 and the like) are printed: "th", "td", "dl" or "grid".
    info_style = "th"
    #: How a button is printed, by its action; "default" for the rest.
    button_styles: ClassVar[Mapping[str, str]] = {"default": "button"}
    #: How the SMS / 電話音声通知 radios are named: "for", "wrap" or "following".
    radio_style = "for"
    radio_fieldset = False
    #: Whether each contact method is a button that sends the form (no 送信する button).
    method_buttons = False
    #: ⑧: "radio_image" (radio per contract row, then a 050 button), "link" (the 050 link),
    #: or "contract_links" (a link per contract, then the 050 button).
    charges_style = "radio_image"
    #: ⑨: "hidden" (contract fixed, month select), "forms" (a small form per contract),
    #: "select" (a 契約番号 select beside ご確認月) or "select_onchange" (the same selects
    #: submitting on change, no button).
    statement_style = "hidden"
    summary_style = "th"
    #: The summary's label of the month's total, as the bill names it.
    total_label = "合計"
    #: The call list's header: "thead" (th cells), "td_row" (a row of td cells) or
    #: "images" (a row of cells whose images draw the names, each with its alt).
    calls_header = "thead"
    call_columns = ("日時", "相手先", "時間", "料金", "種別", "着割")
    call_date = "%Y/%m/%d %H:%M:%S"
    call_duration: Callable[[int], str] = staticmethod(hms)
    total_duration: Callable[[int], str] = staticmethod(hms)
    call_yen: ClassVar[Mapping[str, Any]] = {}
    summary_yen: ClassVar[Mapping[str, Any]] = {}
    footer = "&copy; NTT DOCOMO BUSINESS, Inc."
    heading_steps = ("確認内容入力", "ご連絡方法選択", "認証番号入力")

    # --- parts ----------------------------------------------------------------------

    def layout(self, title: str, body: str, *, step: int | None = None) -> str:
        """The page frame; the charset is declared in a meta tag as well."""
        steps = ""
        if step is not None:
            steps = (
                "<p class='steps'>"
                + " &gt; ".join(
                    f"<b>{n}</b>" if i == step else n for i, n in enumerate(self.heading_steps)
                )
                + "</p>"
            )
        return f"""<!DOCTYPE html>
<html lang="ja"><head>
<meta http-equiv="Content-Type" content="text/html; charset={self.charset}">
<title>{escape(title)}｜OCNマイページ</title></head><body>
<div class="header">OCNマイページ</div>{steps}
<div class="main">{body}</div>
<div class="footer">{self.footer}</div></body></html>"""

    def control(self, key: str, label: str, kind: str = "text", extra: str = "") -> str:
        """One input named ``key``, labelled the way this skin labels that field."""
        style = self.label_styles.get(key, self.label_styles["default"])
        ident = f"f_{key}"
        name = self.field(key)
        plain = f'<input type="{kind}" name="{name}"{extra}'
        text = escape(label)
        if style == "for":
            return f'<p><label for="{ident}">{text}</label> {plain} id="{ident}"></p>'
        if style == "wrap":
            return f"<p><label>{text} {plain}></label></p>"
        if style == "labelledby":
            return f'<div class="row"><span id="l_{key}">{text}</span> {plain} aria-labelledby="l_{key}"></div>'
        if style == "aria":
            return f'<p>{plain} aria-label="{text}"></p>'
        if style in ("placeholder", "title"):
            return f'<p>{plain} {style}="{text}"></p>'
        return self.info(label, f"{plain}>", style)

    def info(self, label: str, value: str, style: str | None = None) -> str:
        """A label and its value (already markup) side by side."""
        style = style or self.info_style
        text = escape(label)
        if style == "th":
            return f'<table class="form"><tr><th>{text}</th><td>{value}</td></tr></table>'
        if style == "td":
            return (
                f'<table class="form"><tr><td class="item">{text}</td><td>{value}</td></tr></table>'
            )
        if style == "above":
            return f'<table class="form"><tr><td class="item">{text}</td></tr><tr><td>{value}</td></tr></table>'
        if style == "dl":
            return f"<dl><dt>{text}</dt><dd>{value}</dd></dl>"
        return f'<div class="grid"><span class="koumoku">{text}</span><span class="naiyou">{value}</span></div>'

    def button(self, action: str, text: str, *, named: bool = True) -> str:
        """A submit control; named ones tell the server which was pressed."""
        style = self.button_styles.get(action, self.button_styles["default"])
        name = f' name="action_{action}"' if named else ""
        if style == "submit":
            return f'<input type="submit"{name} value="{escape(text)}">'
        if style == "image":
            return f'<input type="image"{name} src="/img/btn_{action}.gif" alt="{escape(text)}">'
        value = f' name="action" value="{action}"' if named else ""
        return f'<button type="submit"{value}>{escape(text)}</button>'

    def pressed(self, data: Mapping[str, Any], button: str) -> bool:
        """A <button> sends action=NAME, an input action_NAME, an image action_NAME.x/.y."""
        return (
            data.get("action") == button
            or f"action_{button}" in data
            or f"action_{button}.x" in data
        )

    def service(self, data: Mapping[str, Any]) -> str | None:
        """The statement asked for: by the button pressed, or the link's kind."""
        for key in SERVICE_KEYS:
            if self.pressed(data, key):
                return key
        return super().service(data)

    def radios(
        self, name: str, choices: Iterable[tuple[str, str, bool, bool]], kind: str = "radio"
    ) -> str:
        """Radio buttons (or checkboxes): (value, text, disabled, checked)."""
        items = []
        for index, (value, text, disabled, checked) in enumerate(choices):
            attrs = f'type="{kind}" name="{name}" value="{escape(value)}"'
            attrs += " disabled" if disabled else ""
            attrs += " checked" if checked else ""
            ident = f"r_{name}_{index}"
            if self.radio_style == "wrap":
                items.append(f"<label><input {attrs}> {escape(text)}</label><br>")
            elif self.radio_style == "following":
                items.append(f"<input {attrs}> {escape(text)}<br>")
            else:
                items.append(
                    f'<input {attrs} id="{ident}"><label for="{ident}">{escape(text)}</label><br>'
                )
        return "\n".join(items)

    def method_choices(self, account: SimAccount) -> str:
        """The SMS / 電話音声通知 choice."""
        radios = self.radios(
            self.field("method"),
            [
                (
                    self.method_values["sms"],
                    "SMS（ショートメッセージサービス）",
                    not account.is_mobile,
                    False,
                ),
                (self.method_values["voice"], "電話音声通知", False, False),
            ],
        )
        if self.radio_fieldset:
            return f"<fieldset><legend>ご連絡方法</legend>{radios}</fieldset>"
        return self.info("ご連絡方法", radios)

    # --- pages ----------------------------------------------------------------------

    def login(self, token: str, target: str, error: str | None = None) -> str:
        """③ ログイン."""
        body = f"""<h2>ログイン</h2>{self.error_box(error)}
<form method="post" action="{self.url("login")}">{self.token_input(token)}
<input type="hidden" name="{self.field("target")}" value="{escape(target)}">
{self.control("username", "メールアドレス（OCN ID）")}
{self.control("password", "メールパスワード（OCN ID パスワード）", "password")}
<p>{self.button("login", "ログイン", named=False)}</p></form>
<p><a href="/help/forgot">メールアドレス・パスワードをお忘れの方</a></p>"""
        return self.layout("ログイン", body)

    def login_choice(self, ocn_id_login: str) -> str:
        """The choice in front of the login: dアカウント or OCN ID."""
        body = f"""<h2>ログイン方法の選択</h2>
<p><a href="/daccount/login">dアカウントでログイン</a></p>
<p><a href="{escape(ocn_id_login)}">OCN IDでログイン</a></p>"""
        return self.layout("ログイン方法の選択", body)

    def email_otp(self, token: str, error: str | None = None) -> str:
        """ワンタイムパスワード認証."""
        body = f"""<h2>ワンタイムパスワード認証</h2>{self.error_box(error)}
<p>ご登録のメールアドレス（OCN ID）宛にワンタイムパスワード（6桁）を送信しました。</p>
<form method="post" action="{self.url("login_otp")}">{self.token_input(token)}
{self.control("otp", "ワンタイムパスワード")}
<p>{self.button("auth", "認証する", named=False)}</p></form>"""
        return self.layout("ワンタイムパスワード認証", body)

    def password_change(self) -> str:
        """The site's request to change the password."""
        body = """<h2>メールアドレス(OCN ID)パスワード変更のお願い</h2>
<p>セキュリティ向上のため、パスワードを変更のうえ、再度ログインしてください。</p>
<p><a href="/help/password">パスワードを変更する</a></p>"""
        return self.layout("パスワード変更のお願い", body)

    def terms(self, token: str) -> str:
        """The terms of use a first login must accept."""
        body = f"""<h2>ご利用規約への同意</h2>
<form method="post" action="{self.url("terms")}">{self.token_input(token)}
{self.radios("agree", [("1", "規約に同意する", False, False)], "checkbox")}
<p>{self.button("agree", "同意して次へ", named=False)}</p></form>"""
        return self.layout("ご利用規約への同意", body)

    def top(self, account: SimAccount) -> str:
        """④ マイページ top."""
        menu = f"""<ul class="menu"><li>{self.menu_link(self.url("charges"), "料金・ご利用明細")}</li>
<li><a href="/customer">お客さま情報の変更</a></li></ul>"""
        if self.menu_map:
            menu = f"""<p><img src="/img/menu.gif" usemap="#menu" alt="" width="180" height="60"></p>
<map name="menu"><area shape="rect" coords="0,0,180,30" href="{self.url("charges")}" alt="料金・ご利用明細">
<area shape="rect" coords="0,30,180,60" href="/customer" alt="お客さま情報の変更"></map>"""
        body = f"""<h2>料金／手続き</h2>
{menu}
{self.info("お客さま番号", escape(account.customer_number))}"""
        return self.layout("料金／手続き", body)

    def menu_link(self, href: str, text: str) -> str:
        """A link of the top page's menu."""
        return f'<a href="{href}">{text}</a>'

    def service_link(self, key: str, label: str) -> str:
        """A statement's link on 料金・ご利用明細; only the 050 one leads anywhere here."""
        if key == "ip050":
            return self.ip050_link(self.url("ip050_detail"), label)
        return f'<a href="/bill/{key}">{label}</a>'

    def ip050_link(self, href: str, text: str) -> str:
        """The step ⑧ link to the 050IP電話利用明細 page."""
        return f'<a href="{href}">{text}</a>'

    def contact(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑤ 契約情報の確認."""
        body = f"""<h2>ご契約情報の確認</h2>{self.error_box(error)}
<p>ご登録の連絡先電話番号を入力してください。</p>
<form method="post" action="{self.url("verify_contact")}">{self.token_input(token)}
{self.info("お客さま番号", escape(account.customer_number))}
{self.control("contact", "連絡先電話番号")}
<p>登録されている電話番号：{masked(account.contact_phone)}</p>
<p>{self.button("next", "次へ", named=False)}</p></form>"""
        return self.layout("ご契約情報の確認", body, step=0)

    def method(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑥ ご連絡方法の選択."""
        send = "" if self.method_buttons else f" {self.button('send', '送信する')}"
        body = f"""<h2>ご連絡方法の選択</h2>{self.error_box(error)}
<form method="post" action="{self.url("verify_method")}">{self.token_input(token)}
{self.info("連絡先電話番号", masked(account.contact_phone))}
{self.method_choices(account)}
<p>認証番号の有効時間は30分です。</p>
<p>{self.button("back", "戻る")}{send}</p></form>"""
        return self.layout("ご連絡方法の選択", body, step=1)

    def modern_contact(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """The newer single screen: number picked from a list, method beside it."""
        shown = escape(partly_hidden(account.contact_phone, self.contact_shown))
        select = (
            f'<select name="{self.field("tel_index")}"><option value="">選択してください</option>'
            f'<option value="0">{shown}</option></select>'
        )
        send = "" if self.method_buttons else f"\n<p>{self.button('send', '送信', named=False)}</p>"
        body = f"""<h2>連絡先・認証方式の選択</h2>{self.error_box(error)}
<form method="post" action="{self.url("verify_select")}">{self.token_input(token)}
{self.info("連絡先電話番号", select)}
{self.method_choices(account)}{send}</form>"""
        return self.layout("連絡先・認証方式の選択", body)

    def code(self, account: SimAccount, token: str, error: str | None = None) -> str:
        """⑦ 認証番号入力."""
        body = f"""<h2>認証番号入力</h2>
<p>「連絡先電話番号」に認証番号を送信しました。受信した6桁の番号を入力して下さい。</p>{self.error_box(error)}
<form method="post" action="{self.url("verify_code")}">{self.token_input(token)}
{self.info("連絡先電話番号", masked(account.contact_phone))}
{self.control("code", "認証番号", extra=' maxlength="6"')}
{self.resend_button(self.button("resend", "再通知する"))}{self.remember_choice()}
<p>{self.button("auth", "認証する")}</p></form>{self.resend_form(token)}"""
        return self.layout("認証番号入力", body, step=2)

    def contract_rows(self, account: SimAccount) -> list[tuple[str, str]]:
        """Every contract as (number, what it is), non-050 ones first."""
        return [(n, s) for n, s in other_contracts(account)] + [
            (c.contract_number, f"{c.service} {hyphenated(c.phone_number)}")
            for c in account.contracts
        ]

    def charges(self, account: SimAccount, token: str, chosen: str | None = None) -> str:
        """⑧ 料金・ご利用明細, in this skin's way of choosing the contract."""
        rows = self.contract_rows(account)
        form = (
            f'<form method="post" action="{self.url("charges_detail")}">{self.token_input(token)}'
        )
        if self.charges_style == "link":
            table = "".join(f"<tr><td>{n}</td><td>{escape(s)}</td></tr>" for n, s in rows)
            sections = "".join(
                f"<h3>{self.service_headings[key]}</h3><p>{desc}</p>"
                f"<p>{self.service_link(key, label)}</p>"
                for key, label, desc in self.services
            )
            body = f"""<h2>料金・ご利用明細</h2>
<table class="list"><tr><th>契約番号</th><th>サービス</th></tr>{table}</table>{sections}"""
        elif self.charges_style == "contract_links":
            links = "".join(
                f'<li><a href="{self.url("charges")}?{self.field("contract")}={n}">{n}（{escape(s)}）</a>'
                f"{'（選択中）' if n == chosen else ''}</li>"
                for n, s in rows
            )
            picked = (
                f'<input type="hidden" name="{self.field("contract")}" value="{escape(chosen)}">'
                f"<p>選択中の契約番号：{escape(chosen)}</p>"
                if chosen
                else "<p>契約番号を選択してください。</p>"
            )
            buttons = " ".join(
                self.button(k, self.service_headings[k]) for k, _, _ in self.services
            )
            body = f"""<h2>料金・ご利用明細</h2><h3>契約番号</h3><ul>{links}</ul>
{form}{picked}<p>{buttons}</p></form>"""
        else:
            radios = "".join(
                f'<tr><td><input type="radio" name="{self.field("contract")}" value="{n}"'
                f"{' checked' if i == 0 else ''}></td><td>{n}</td><td>{escape(s)}</td></tr>"
                for i, (n, s) in enumerate(rows)
            )
            buttons = "".join(
                f"<p>{self.button(k, self.service_headings[k])}</p>" for k, _, _ in self.services
            )
            body = f"""<h2>料金・ご利用明細</h2>{form}
<table class="list"><tr><td>選択</td><td>契約番号</td><td>サービス</td></tr>{radios}</table>
<p>契約番号を選択後、ご覧になりたい明細のボタンを押してください。</p>{buttons}</form>"""
        return self.layout("料金・ご利用明細", body)

    def statement_form(
        self,
        account: SimAccount,
        contract: SimContract | None,
        token: str,
        months: list[date],
        selected: date,
    ) -> str:
        """The contract and ご確認月 choice at the top of ⑨."""
        action = self.url("ip050_detail")
        month_select = (
            f'<select name="{self.field("month")}"{self.onchange}>'
            f"{self.month_options(months, selected)}</select>"
        )
        if self.statement_style == "forms":
            forms = "".join(
                f'<form method="post" action="{action}">{self.token_input(token)}'
                f'<input type="hidden" name="{self.field("contract")}" value="{c.contract_number}">'
                f'<input type="hidden" name="{self.field("month")}" value="{self.month_value(selected)}">'
                f'<div class="contract">契約番号 {c.contract_number}　{escape(c.service)} '
                f"{hyphenated(c.phone_number)} {self.button('show', '表示', named=False)}</div></form>"
                for c in account.contracts
            )
            choose = f'<div class="contracts">{forms}</div>'
            if contract is None:
                return choose
            return f"""{choose}<form method="post" action="{action}">{self.token_input(token)}
<input type="hidden" name="{self.field("contract")}" value="{contract.contract_number}">
{self.info("ご確認月", month_select)} {self.button("show", "表示", named=False)}</form>"""
        if contract is None or self.statement_style in ("select", "select_onchange"):
            options = "".join(
                f'<option value="{c.contract_number}"'
                f"{' selected' if contract and c.contract_number == contract.contract_number else ''}>"
                f"{escape(self.contract_text(c))}</option>"
                for c in account.contracts
            )
            empty = '<option value="">選択してください</option>' if contract is None else ""
            contract_select = (
                f'<select name="{self.field("contract")}"{self.onchange}>{empty}{options}</select>'
            )
            show = "" if self.onchange else self.button("show", "表示", named=False)
            return f"""<form method="post" action="{action}">{self.token_input(token)}
{self.info("契約番号", contract_select)}{self.info("ご確認月", month_select)}{show}</form>"""
        return f"""<form method="post" action="{action}">{self.token_input(token)}
<input type="hidden" name="{self.field("contract")}" value="{contract.contract_number}">
{self.info("契約番号", escape(self.contract_text(contract)))}
{self.info("ご確認月", month_select)}{self.button("show", "表示", named=False)}</form>"""

    @property
    def onchange(self) -> str:
        """The attribute that makes a select submit its form when changed."""
        return ' onchange="this.form.submit()"' if self.statement_style == "select_onchange" else ""

    def summary(self, statement: SimStatement) -> str:
        """The month's figures."""
        rows = [
            ("月額基本料", self.money(statement.base_fee, summary=True)),
            ("通話料", self.money(statement.call_charges, summary=True)),
            ("着割", self.money(-statement.chakuwari_discount, summary=True)),
            ("ユニバーサルサービス料", self.money(statement.universal_service_fee, summary=True)),
            (self.total_label, self.money(statement.total, summary=True)),
            ("通話回数", f"{statement.call_count:,}回"),
            ("通話時間", self.total_duration(int(statement.total_duration.total_seconds()))),
        ]
        if self.summary_style == "dl":
            return (
                "<dl class='summary'>"
                + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
                + "</dl>"
            )
        cell = "th" if self.summary_style == "th" else "td"
        body = "".join(f"<tr><{cell}>{k}</{cell}><td>{v}</td></tr>" for k, v in rows)
        return f'<table class="summary">{body}</table>'

    def money(self, amount: Decimal, *, summary: bool = False) -> str:
        """An amount in this skin's style."""
        return yen(amount, **(self.summary_yen if summary else self.call_yen))

    def calls_table(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """The call list in this skin's columns and formats."""
        if self.calls_header == "thead":
            head = "".join(f"<th>{c}</th>" for c in self.call_columns)
            yield f'<table class="calls"><thead><tr>{head}</tr></thead><tbody>'
        else:
            # A row of td cells, or of images that draw the columns' names.
            head = "".join(
                f'<td><img src="/img/col{i}.gif" alt="{c}"></td>'
                if self.calls_header == "images"
                else f"<td>{c}</td>"
                for i, c in enumerate(self.call_columns)
            )
            yield f'<table class="calls"><tr class="head">{head}</tr>'
        for _, call in calls:
            yield (
                f"<tr><td>{call.started_at.strftime(self.call_date)}</td>"
                f"<td>{hyphenated(call.other_party)}</td><td>{self.call_duration(call.duration)}</td>"
                f"<td>{self.money(call.charge)}</td><td>{call.call_type}</td>"
                f"<td>{'○' if call.chakuwari else ''}</td></tr>\n"
            )
        yield "</tbody></table>" if self.calls_header == "thead" else "</table>"

    def pager(self, statement: SimStatement, page: int) -> str:
        """Page numbers and 次へ under a call list split over pages."""
        count = self.page_count(statement)
        if count == 1:
            return ""
        link = f"{self.url('ip050_page')}?"
        numbers = " ".join(
            str(n)
            if n == page
            else f'<a href="{link}{self.statement_query(statement.contract_number, statement.month, n)}">{n}</a>'
            for n in range(1, count + 1)
        )
        after = (
            f' <a href="{link}{self.statement_query(statement.contract_number, statement.month, page + 1)}">次へ</a>'
            if page < count
            else ""
        )
        return f'<p class="pager">{numbers}{after}</p>'

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
        """⑨ 050IP電話利用明細: the choice, then the summary (page 1) and the calls."""
        selected = statement.month if statement else months[0]
        head = "<h2>050IP電話利用明細</h2>" + self.statement_form(
            account, contract, token, months, selected
        )
        if contract is None or statement is None:
            return self.layout("050IP電話利用明細", head + "<p>契約番号を選択してください。</p>")
        title = f"<h3>{statement.month.year}年{statement.month.month}月ご利用分</h3>"
        summary = self.summary(statement) if page == 1 else ""
        if statement.calls:
            calls = "".join(self.calls_table(self.page_calls(statement, page)))
            calls += self.pager(statement, page)
        else:
            calls = "<p>ご利用月の通話明細はありません。</p>"
        return self.layout("050IP電話利用明細", f"{head}{title}{summary}<h3>通話明細</h3>{calls}")

    def maintenance(self, until: datetime | None) -> str:
        """What every page shows during a maintenance window."""
        end = f"<p>終了予定日時：{until:%Y年%m月%d日 %H:%M}</p>" if until else ""
        return self.layout(
            "メンテナンスのお知らせ",
            f"<h2>メンテナンス中</h2><p>ただいまシステムメンテナンスのため、OCN マイページはご利用いただけません。</p>{end}",
        )

    def message(self, title: str, message: str) -> str:
        """A page with a heading and one paragraph."""
        return self.layout(title, f"<h2>{escape(title)}</h2><p>{escape(message)}</p>")
