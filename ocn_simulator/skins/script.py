"""The ``script`` skin: a portal whose links and buttons go on by script, in UTF-8."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from html import escape
from itertools import groupby
from typing import Any, ClassVar
from urllib.parse import quote

from ..data import SimAccount, SimContract, SimStatement
from .fmt import REIWA_OFFSET, hyphenated, japanese_duration, reiwa
from .styled import Styled

# The pages held in the chrome's iframe: their title and the route of the content.
HELD = {"top": ("料金／手続き", "top_main"), "charges": ("料金・ご利用明細", "charges_main")}


class ScriptSkin(Styled):
    """A script-heavy portal: pages in an iframe, links that post by script, a paged call list.

    The top and 料金・ご利用明細 are a chrome page (logo, logout) holding their content in an
    iframe. The login button, the menu, the 050 entry, the contract rows and the pager go on
    by script: ``location.href``, a named form's fields set and submitted, or the page's
    ``doPost`` helper. Months are era codes in a select that submits itself; calls are
    listed 15 a page, with a CSV download beside them.
    """

    name = "script"
    charset = "UTF-8"
    charset_in_header = True
    interstitial = True
    lapse = "login"
    page_size = 15
    one_contract = "direct"
    csv_bom = True
    paths: ClassVar[Mapping[str, str]] = {
        "login_choice": "/web/login/select",
        "login": "/web/login",
        "login_otp": "/web/login/otp",
        "login_notice": "/web/login/notice",
        "terms": "/web/login/terms",
        "sso": "/web/sso/ticket",
        "top": "/web/mypage",
        "news": "/web/mypage/news",
        "top_main": "/web/mypage/frame/top",
        "charges": "/web/mypage/ryokin",
        "charges_main": "/web/mypage/frame/ryokin",
        "verify_contact": "/web/mypage/auth/tel",
        "verify_method": "/web/mypage/auth/method",
        "verify_select": "/web/mypage/auth/select",
        "verify_code": "/web/mypage/auth/code",
        "charges_detail": "/web/mypage/ryokin/meisai",
        "ip050_detail": "/web/mypage/ip050",
        "ip050_page": "/web/mypage/ip050/page",
        "ip050_csv": "/web/mypage/ip050/csv",
    }
    fields: ClassVar[Mapping[str, str]] = {
        "token": "csrf",
        "target": "returnUrl",
        "username": "loginOcnId",
        "password": "loginOcnPass",
        "otp": "otpCode",
        "contact": "renrakusakiTel",
        "method": "method",
        "tel_index": "telSelect",
        "code": "authNo",
        "contract": "keiyakuNo",
        "service": "meisaiType",
        "month": "taishoTsuki",
        "page": "pageNo",
    }
    method_values: ClassVar[Mapping[str, str]] = {"sms": "sms", "voice": "voice"}
    label_styles: ClassVar[Mapping[str, str]] = {"default": "for"}
    info_style = "dl"
    method_buttons = True
    summary_style = "dl"
    summary_yen: ClassVar[Mapping[str, Any]] = {"minus": "−"}
    footer = "&copy; NTT DOCOMO BUSINESS, Inc."
    #: Whether the chrome page shows the site's menu (plain links, 料金・ご利用明細 among
    #: them) beside the iframe of its content: then the page reads as a menu itself.
    menu_beside_frame = False
    #: Whether the chrome's iframe starts blank and a script sets its address once the page
    #: has loaded (``document.getElementById('contentFrame').src = …``).
    frame_src_by_script = False

    # --- parts ----------------------------------------------------------------------

    def layout(self, title: str, body: str, *, step: int | None = None) -> str:
        """A page of its own, under the site's bar."""
        steps = ""
        if step is not None:
            items = "".join(
                f'<li class="{"is-current" if i == step else ""}">{name}</li>'
                for i, name in enumerate(self.heading_steps)
            )
            steps = f'<ol class="c-steps">{items}</ol>'
        return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}｜OCNマイページ</title></head>
<body><header class="l-header"><p class="l-header__logo"><img src="/web/img/logo.svg" alt="OCN マイページ"></p></header>
<main class="l-main">{steps}
{body}</main>
<footer class="l-footer"><small>{self.footer}</small></footer></body></html>"""

    def content(self, title: str, body: str) -> str:
        """A page shown in the chrome's iframe: the content alone."""
        return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8"><title>{escape(title)}</title></head>
<body class="is-framed">{body}</body></html>"""

    def error_box(self, message: str | None) -> str:
        """An alert block known by its class."""
        if not message:
            return ""
        return f'<div class="c-alert c-alert--error"><p class="c-alert__text">{escape(message)}</p></div>'

    def post_helper(self, form: str) -> str:
        """The page's helper that posts its named form to an address, with one field set."""
        return f"""<script type="text/javascript">
function doPost(action, name, value) {{
  var f = document.forms['{form}'];
  f.action = action;
  f.elements[name].value = value;
  f.submit();
}}
</script>"""

    def method_choices(self, account: SimAccount) -> str:
        """SMS or voice as two buttons that send the form, each naming its way."""
        name = self.field("method")
        sms_disabled = "" if account.is_mobile else " disabled"
        return f"""<p class="c-note">SMSは070、080、090から始まる携帯電話番号でご利用いただけます。</p>
<p class="c-btns"><button type="submit" name="{name}" value="{self.method_values["sms"]}"{sms_disabled}>SMSで送信</button>
<button type="submit" name="{name}" value="{self.method_values["voice"]}">音声で送信</button></p>"""

    def month_value(self, month: date) -> str:
        """Months as era codes: R0812 is 令和8年12月."""
        return f"R{month.year - REIWA_OFFSET:02d}{month.month:02d}"

    def month_options(self, months: list[date], selected: date | None) -> str:
        """The months in the era, like 令和8年12月分."""
        return "".join(
            f'<option value="{self.month_value(m)}"{" selected" if m == selected else ""}>'
            f"令和{m.year - REIWA_OFFSET}年{m.month}月分</option>"
            for m in months
        )

    def statement_fields(self, contract: str, month: date) -> str:
        """The hidden fields that say which statement a form of ⑨ is about."""
        return (
            f'<input type="hidden" name="{self.field("contract")}" value="{escape(contract)}">'
            f'<input type="hidden" name="{self.field("month")}" value="{self.month_value(month)}">'
        )

    # --- pages ----------------------------------------------------------------------

    def holder(self, kind: str) -> str | None:
        """The top and 料金・ご利用明細: the site's bar (logo, logout) over an iframe of the content.

        Beside it, a banner from another host and a tag manager's frame for browsers
        without script.
        """
        if kind not in HELD:
            return None
        title, route = HELD[kind]
        src, script = self.url(route), ""
        if self.frame_src_by_script:
            src, script = (
                "about:blank",
                f"""
<script>
document.addEventListener('DOMContentLoaded', function () {{
  document.getElementById('contentFrame').src = '{src}';
}});
</script>""",
            )
        return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}｜OCNマイページ</title></head>
<body><header class="l-header"><p class="l-header__logo"><img src="/web/img/logo.svg" alt="OCN マイページ"></p>
<p class="l-header__logout"><a href="/web/logout">ログアウト</a></p></header>{self.chrome_menu()}
<iframe id="contentFrame" name="contentFrame" src="{src}" title="{title}" width="100%" height="1200" frameborder="0"></iframe>
<aside class="l-banner"><iframe src="https://ad.example.invalid/banner?slot=mypage" width="300" height="250" frameborder="0"></iframe></aside>
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-XXXXXX" height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>{script}
</body></html>"""

    def chrome_menu(self) -> str:
        """The menu beside the content's iframe, where the chrome shows one."""
        if not self.menu_beside_frame:
            return ""
        return f"""
<nav class="l-nav"><ul><li><a href="{self.url("top")}">料金／手続き</a></li>
<li><a href="{self.url("charges")}">料金・ご利用明細</a></li></ul></nav>"""

    #: The login button's script: the page's ``doLogin``, handed the button's form.
    login_click = "return doLogin(this.form);"

    def login_helper(self) -> str:
        """``doLogin(f)``: check that an OCN ID was typed, point the form at the login, submit.

        The form's own action is the page for browsers without script: only the helper
        says where the login goes.
        """
        return f"""<script type="text/javascript">
function doLogin(f) {{
  if (f.{self.field("username")}.value == '') {{ alert('メールアドレスを入力してください。'); return false; }}
  f.action = '{self.url("login")}';
  f.submit();
  return true;
}}
</script>"""

    def login(self, token: str, target: str, error: str | None = None) -> str:
        """③ ログイン: no submit button; a plain button hands its form to the page's helper."""
        body = f"""<h2>ログイン</h2>{self.error_box(error)}{self.login_helper()}
<form name="loginForm" method="post" action="/web/login/nojs.html">{self.token_input(token)}
<input type="hidden" name="{self.field("target")}" value="{escape(target)}">
{self.control("username", "メールアドレス（OCN ID）")}
{self.control("password", "メールパスワード（OCN ID パスワード）", "password")}
<p><label><input type="checkbox" name="keepLogin" value="1"> ログイン状態を一定期間保持する</label></p>
<p><input type="button" class="c-btn" value="ログイン" onclick="{self.login_click}"></p></form>
<p><a href="/help/forgot">メールアドレス・パスワードをお忘れの方</a></p>"""
        return self.layout("ログイン", body)

    def top(self, account: SimAccount) -> str:
        """The top's content: a menu whose entries go on by ``location.href``."""
        body = f"""<h2>料金／手続き</h2>
<ul class="c-menu">
<li><button type="button" class="c-btn" onclick="location.href='{self.url("charges")}'">料金・ご利用明細</button></li>
<li><a href="#" onclick="location.href='/web/mypage/customer'; return false;">お客さま情報の変更</a></li>
<li><a href="#" onclick="location.href='/web/mypage/service'; return false;">ご契約サービスの変更</a></li></ul>
{self.info("お客さま番号", escape(account.customer_number))}"""
        return self.content("料金／手続き", body)

    def charges(self, account: SimAccount, token: str, chosen: str | None = None) -> str:
        """⑧ 料金・ご利用明細 (in the iframe): contracts as text, each statement's entry by doPost."""
        action = self.url("charges_detail")
        service = self.field("service")
        rows = "".join(
            f"<tr><td>{n}</td><td>{escape(s)}</td></tr>" for n, s in self.contract_rows(account)
        )
        sections = "".join(
            f'<section class="c-service"><h3>{self.service_headings[key]}</h3><p>{desc}</p>'
            f"<p><a href=\"#\" onclick=\"doPost('{action}', '{service}', '{key}'); return false;\">"
            f"{label}</a></p></section>"
            for key, label, desc in self.services
        )
        body = f"""<h2>料金・ご利用明細</h2>
<table class="c-table"><thead><tr><th>契約番号</th><th>サービス</th></tr></thead><tbody>{rows}</tbody></table>
{sections}
<form name="meisaiForm" method="post" action="{action}">{self.token_input(token)}
<input type="hidden" name="{service}" value=""></form>
{self.post_helper("meisaiForm")}"""
        return self.content("料金・ご利用明細", body)

    def contract_choice(self, account: SimAccount, contract: SimContract | None) -> str:
        """An only contract as text; several as rows whose numbers choose by script."""
        if len(account.contracts) == 1:
            return self.info("契約番号", escape(self.contract_text(account.contracts[0])))
        form = "document.forms['ip050Form']"
        rows = "".join(
            f'<tr><td><a href="javascript:void(0)" onclick="{form}.elements[\'{self.field("contract")}\']'
            f".value='{c.contract_number}'; {form}.submit(); return false;\">{c.contract_number}</a>"
            f"{'（表示中）' if contract and c.contract_number == contract.contract_number else ''}</td>"
            f"<td>{escape(c.service)}</td><td>{hyphenated(c.phone_number)}</td></tr>"
            for c in account.contracts
        )
        return f"""<table class="c-table"><thead><tr><th>契約番号</th><th>サービス</th><th>電話番号</th></tr></thead>
<tbody>{rows}</tbody></table>"""

    def calls_table(self, calls: Iterable[tuple[int, Any]]) -> Iterable[str]:
        """A page's calls: each day's date once, in the era, over the rows of its calls."""
        yield (
            '<table class="c-table c-calls"><thead><tr><th>通話日</th><th>開始時刻</th>'
            "<th>通話先電話番号</th><th>通話時間</th><th>通話料金</th><th>種別</th><th>着割</th>"
            "</tr></thead><tbody>"
        )
        for day, group in groupby((call for _, call in calls), key=lambda c: c.started_at.date()):
            day_calls = list(group)
            for i, call in enumerate(day_calls):
                day_cell = f'<td rowspan="{len(day_calls)}">{reiwa(day)}</td>' if i == 0 else ""
                yield (
                    f"<tr>{day_cell}<td>{call.started_at:%H:%M:%S}</td>"
                    f"<td>{hyphenated(call.other_party)}</td><td>{japanese_duration(call.duration)}</td>"
                    f"<td>{self.money(call.charge)}</td><td>{call.call_type}</td>"
                    f"<td>{'○' if call.chakuwari else ''}</td></tr>\n"
                )
        yield "</tbody></table>"

    def page_bar(self, statement: SimStatement, page: int, token: str) -> str:
        """Where the page's calls sit among the month's, and the ways to another page.

        Page numbers (the current one a link that goes nowhere) and 前ページ/次ページ post by
        the doPost helper; a select of the pages submits its own form.
        """
        shown = self.page_calls(statement, page)
        count = self.page_count(statement)
        where = f'<p class="c-pager__count">{shown[0][0]}～{shown[-1][0]}件目／全{statement.call_count}件</p>'
        if count == 1:
            return f'<div class="c-pager">{where}</div>'
        action = self.url("ip050_page")
        name = self.field("page")

        def go(number: int) -> str:
            return f"doPost('{action}', '{name}', '{number}')"

        numbers = "".join(
            f'<li><a href="#" class="current">{n}</a></li>'
            if n == page
            else f'<li><a href="#" onclick="{go(n)}; return false;">{n}</a></li>'
            for n in range(1, count + 1)
        )
        before = f'<li><a href="javascript:{go(page - 1)}">＜前ページ</a></li>' if page > 1 else ""
        after = (
            f'<li><a href="javascript:{go(page + 1)}">次ページ＞</a></li>' if page < count else ""
        )
        options = "".join(
            f'<option value="{n}"{" selected" if n == page else ""}>{n}/{count}ページ</option>'
            for n in range(1, count + 1)
        )
        return f"""<div class="c-pager">{where}
<ul class="c-pager__pages">{before}{numbers}{after}</ul>
<form name="pageForm" method="post" action="{action}">{self.token_input(token)}
{self.statement_fields(statement.contract_number, statement.month)}
<select name="{name}" title="ページ" onchange="this.form.submit()">{options}</select></form></div>"""

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
        """⑨ 050IP電話利用明細: contracts chosen by script, the month by a select, calls paged."""
        selected = statement.month if statement else months[0]
        number = contract.contract_number if contract else ""
        month_select = (
            f'<select name="{self.field("month")}" onchange="this.form.submit()">'
            f"{self.month_options(months, selected)}</select>"
        )
        head = f"""<h2>050IP電話利用明細</h2>{self.contract_choice(account, contract)}
<form name="ip050Form" method="post" action="{self.url("ip050_detail")}">{self.token_input(token)}
<input type="hidden" name="{self.field("contract")}" value="{escape(number)}">
{self.info("ご確認月", month_select)}</form>"""
        if statement is None:
            return self.layout("050IP電話利用明細", f"{head}<p>契約番号を選択してください。</p>")
        title = f"<h3>{statement.month.year}年{statement.month.month}月ご利用分</h3>"
        summary = self.summary(statement) if page == 1 else ""
        if statement.calls:
            query = (
                f"{self.field('contract')}={quote(statement.contract_number)}"
                f"&{self.field('month')}={self.month_value(statement.month)}"
            )
            calls = f"""<p class="c-download"><a href="{self.url("ip050_csv")}?{escape(query)}">CSVダウンロード</a></p>
{"".join(self.calls_table(self.page_calls(statement, page)))}
{self.page_bar(statement, page, token)}
<form name="postForm" method="post" action="{self.url("ip050_page")}">{self.token_input(token)}
{self.statement_fields(statement.contract_number, statement.month)}
<input type="hidden" name="{self.field("page")}" value="{page}"></form>
{self.post_helper("postForm")}"""
        else:
            calls = "<p>ご利用月の通話明細はありません。</p>"
        body = f"""{head}{title}<p class="c-asof">{now:%Y年%m月%d日 %H:%M}時点</p>
{summary}<h3>通話明細</h3>{calls}"""
        return self.layout("050IP電話利用明細", body)


__all__ = ["ScriptSkin"]
