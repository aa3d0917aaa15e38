"""The pages of OCN My Page as the operator's guide shows them, in Japanese."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from html import escape

from .data import SimAccount, SimContract, SimStatement

STEPS = ("確認内容入力", "ご連絡方法選択", "認証番号入力")


def masked(phone: str) -> str:
    """How the site shows a registered number: only the last three digits."""
    return "***-****-*" + phone[-3:]


def hyphenated(phone: str) -> str:
    """A 050 or mobile number written the usual way."""
    return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}" if len(phone) == 11 else phone


def yen(amount: Decimal) -> str:
    """Money as the site prints it, negatives with △."""
    sign = "△" if amount < 0 else ""
    text = f"{abs(amount):,.1f}".removesuffix(".0")
    return f"{sign}{text}円"


def hms(seconds: int) -> str:
    """A duration as h:mm:ss."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def layout(title: str, body: str, *, step: int | None = None) -> str:
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


def error_box(message: str | None) -> str:
    """The red message box pages show above a form."""
    return f'<div class="msg-error" role="alert"><p>{escape(message)}</p></div>' if message else ""


def token_input(token: str) -> str:
    """The per-form token every form carries."""
    return f'<input type="hidden" name="_csrf_token" value="{token}">'


def login_page(token: str, error: str | None = None) -> str:
    """③ ログイン."""
    body = f"""<h1>ログイン</h1>{error_box(error)}
<form method="post" action="/auth/login" name="loginForm">{token_input(token)}
<input type="hidden" name="targetUrl" value="/mypage/top">
<dl><dt><label for="mailAddress">メールアドレス（OCN ID）</label></dt>
<dd><input type="text" id="mailAddress" name="mailAddress" autocomplete="username"></dd>
<dt><label for="mailPassword">メールパスワード（OCN ID パスワード）</label></dt>
<dd><input type="password" id="mailPassword" name="mailPassword" autocomplete="current-password"></dd></dl>
<p><input type="checkbox" id="keepLogin" name="keepLogin" value="on">
<label for="keepLogin">ログイン状態を一定期間保持する</label></p>
<p class="btn"><button type="submit">ログイン</button></p></form>
<ul class="links"><li><a href="/help/forgot">メールアドレス・パスワードをお忘れの方</a></li>
<li><a href="/help/password">パスワード変更</a></li><li><a href="/help/faq">よくあるご質問</a></li></ul>"""
    return layout("ログイン", body)


def login_choice_page(ocn_id_login: str) -> str:
    """The choice in front of the login: dアカウント or OCN ID."""
    body = f"""<h1>ログイン方法の選択</h1>
<p>ご利用になるログイン方法を選択してください。</p>
<ul class="login-kinds"><li><a href="/auth/daccount" class="btn">dアカウントでログイン</a></li>
<li><a href="{escape(ocn_id_login)}" class="btn">OCN IDでログイン</a>
<p class="note">これまでのログインはこちら</p></li></ul>"""
    return layout("ログイン方法の選択", body)


def email_otp_page(token: str, error: str | None = None) -> str:
    """ワンタイムパスワード認証: a code mailed to the OCN ID's mailbox."""
    body = f"""<h1>ワンタイムパスワード認証</h1>{error_box(error)}
<p>ご登録のメールアドレス（OCN ID）宛にワンタイムパスワード（6桁）を送信しました。メールに記載のワンタイムパスワードを入力してください。</p>
<form method="post" action="/auth/otp">{token_input(token)}
<p><label for="otp">ワンタイムパスワード</label>
<input type="text" id="otp" name="onetimePassword" maxlength="6" inputmode="numeric"></p>
<p class="btn"><button type="submit">認証する</button></p></form>"""
    return layout("ワンタイムパスワード認証", body)


def password_change_page() -> str:
    """The site's request to change the password before going on."""
    body = """<h1>メールアドレス(OCN ID)パスワード変更のお願い</h1>
<p>セキュリティ向上のため、メールアドレス(OCN ID)のパスワード変更をお願いしております。パスワードを変更のうえ、再度ログインしてください。</p>
<p><a href="/help/password">パスワードを変更する</a></p>"""
    return layout("パスワード変更のお願い", body)


def terms_page(token: str) -> str:
    """The terms of use a first login must accept."""
    body = f"""<h1>ご利用規約への同意</h1>
<p>OCN マイページのご利用にあたり、ご利用規約をご確認のうえ、同意してください。</p>
<form method="post" action="/auth/terms">{token_input(token)}
<p><input type="checkbox" id="agree" name="agree" value="1"><label for="agree">規約に同意する</label></p>
<p class="btn"><button type="submit">同意して次へ</button></p></form>"""
    return layout("ご利用規約への同意", body)


def top_page(account: SimAccount) -> str:
    """④ マイページ top with the left menu."""
    body = f"""<h1>料金／手続き</h1>
<nav class="side-menu"><ul>
<li><a href="/mypage/top">料金／手続き トップ</a></li>
<li><a href="/mypage/charges">料金・ご利用明細</a></li>
<li><a href="/mypage/customer">お客さま情報の変更</a></li>
<li><a href="/mypage/services">ご契約サービスの変更</a></li>
</ul></nav>
<section><h2>お手続き中の契約情報</h2><p>お客さま番号：{escape(account.customer_number)}</p></section>"""
    return layout("料金／手続き", body)


def contact_page(account: SimAccount, token: str, error: str | None = None) -> str:
    """⑤ 契約情報の確認 (the 2011 guide): the contact number is typed."""
    body = f"""<h1>ご契約情報の確認</h1>
<p>ご契約情報の確認を行います。ご登録の連絡先電話番号を入力してください。</p>{error_box(error)}
<form method="post" action="/mypage/verify/contact">{token_input(token)}
<table class="form"><tr><th>お客さま番号<br>（Nから始まる10桁の番号）</th><td>{escape(account.customer_number)}</td></tr>
<tr><th><label for="renrakuTel">連絡先電話番号</label> <span class="req">必須</span></th>
<td><input type="text" id="renrakuTel" name="renrakuTel" inputmode="numeric"> [半角数字]
<p class="hint">連絡先電話番号宛に認証番号が送信されます。お客さまが登録している電話番号の下3桁を以下に表示しています。<br>{masked(account.contact_phone)}</p></td></tr></table>
<p><a href="/mypage/contact/change">「連絡先電話番号」を変更する場合は、こちらより手続きを行ってください。</a></p>
<p>連絡先電話番号に携帯電話番号を入力の場合、SMSもしくは電話音声通知をご利用可能です。固定電話番号、050番号を入力の場合、電話音声通知のみご利用可能です。</p>
<p class="btn"><button type="submit" id="nextBtn" disabled>次へ</button></p></form>
<script>document.getElementById("renrakuTel").addEventListener("input",function(e){{document.getElementById("nextBtn").disabled=!e.target.value;}});</script>"""
    return layout("ご契約情報の確認", body, step=0)


def _method_choices(account: SimAccount) -> str:
    sms_disabled = "" if account.is_mobile else " disabled"
    return f"""<ul class="radio-list">
<li><input type="radio" id="notice_sms" name="noticeType" value="1"{sms_disabled}>
<label for="notice_sms">SMS（ショートメッセージサービス）</label>
<p class="note">「連絡先電話番号」にSMSで認証番号を送信します。070、080、090から始まる電話番号の場合に選択可能です。</p></li>
<li><input type="radio" id="notice_voice" name="noticeType" value="2">
<label for="notice_voice">電話音声通知</label>
<p class="note">「連絡先電話番号」に、自動音声で数字6桁の認証番号をお知らせします。お手元にメモをご用意ください。</p></li></ul>"""


NOTES = """<h3>注意事項</h3><ul class="notes">
<li>「送信する」をクリックすると、すぐに認証番号を通知いたします。</li>
<li>認証番号の有効時間は30分です。有効時間内でのお手続きをお願いします。</li>
<li>認証番号は「+1 714 *** ****」等の海外の電話番号から通知いたします。</li>
<li>SMSもしくは電話音声通知による認証をご利用後、再度同じ環境からアクセスいただいた際は、認証が省略される場合がございます。</li></ul>"""


def method_page(account: SimAccount, token: str, error: str | None = None) -> str:
    """⑥ ご連絡方法の選択."""
    body = f"""<h1>ご連絡方法の選択</h1>{error_box(error)}
<form method="post" action="/mypage/verify/method">{token_input(token)}
<table class="form"><tr><th>お客さま番号</th><td>{escape(account.customer_number)}</td></tr>
<tr><th>連絡先電話番号</th><td>{masked(account.contact_phone)}</td></tr>
<tr><th>ご連絡方法 <span class="req">必須</span></th><td>{_method_choices(account)}</td></tr></table>
<p>「送信する」ボタンをクリックする前に、受信する電話機をご準備ください。</p>{NOTES}
<p class="btn"><button type="submit" name="action" value="back">&lt; 戻る</button>
<button type="submit" name="action" value="send">送信する &gt;</button></p></form>"""
    return layout("ご連絡方法の選択", body, step=1)


def modern_contact_page(account: SimAccount, token: str, error: str | None = None) -> str:
    """The newer single screen: number picked from a list, method beside it."""
    body = f"""<h1>連絡先・認証方式の選択</h1>{error_box(error)}
<form method="post" action="/mypage/verify/select">{token_input(token)}
<div class="field"><label for="telSelect">連絡先電話番号</label>
<select id="telSelect" name="telIndex"><option value="">選択してください</option>
<option value="0">{escape(account.contact_phone[:3])}-****-{escape(account.contact_phone[-4:])}</option></select>
<a href="/mypage/contact/change">※「連絡先電話番号」を変更する</a></div>
<fieldset><legend>認証方式</legend>{_method_choices(account)}</fieldset>{NOTES}
<p class="btn"><button type="submit">送信</button></p></form>"""
    return layout("連絡先・認証方式の選択", body)


def code_page(account: SimAccount, token: str, error: str | None = None) -> str:
    """⑦ 認証番号入力."""
    body = f"""<h1>認証番号入力</h1>
<p>上記「連絡先電話番号」に認証番号を送信しました。受信した6桁の番号を入力して下さい。</p>{error_box(error)}
<form method="post" action="/mypage/verify/code">{token_input(token)}
<table class="form"><tr><th>連絡先電話番号</th><td>{masked(account.contact_phone)}</td></tr>
<tr><th><label for="ninshoNo">認証番号</label> <span class="req">必須</span></th>
<td><input type="text" id="ninshoNo" name="ninshoNo" maxlength="6" inputmode="numeric"> [6桁半角数字]</td></tr></table>
<p>認証番号をもう一度通知する場合は、「再通知する」ボタンをクリックして下さい。</p>
<p><button type="submit" name="action" value="resend">再通知する</button></p>{NOTES}
<p class="btn"><button type="submit" name="action" value="auth">認証する</button></p></form>"""
    return layout("認証番号入力", body, step=2)


SERVICES = (
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
SERVICE_HEADINGS = {
    "internet": "インターネット接続利用明細",
    "hikari": "OCN ひかり電話利用明細",
    "ip050": "050IP電話利用明細",
    "mobile": "OCN モバイル ONE 利用明細",
}


def contract_option_text(contract: SimContract) -> str:
    """How the contract selector names a 050 contract."""
    return f"{contract.contract_number}（{contract.service} {hyphenated(contract.phone_number)}）"


def charges_page(account: SimAccount, token: str, internet_contract: str) -> str:
    """⑧ 料金・ご利用明細."""
    options = [
        f'<option value="{escape(internet_contract)}">{escape(internet_contract)}（OCN 光）</option>'
    ] + [
        f'<option value="{escape(c.contract_number)}">{escape(contract_option_text(c))}</option>'
        for c in account.contracts
    ]
    services = "".join(
        f"""<div class="service"><h3>{SERVICE_HEADINGS[key]}</h3><p>{desc}</p>
<button type="submit" name="meisaiType" value="{key}">{label}</button></div>"""
        for key, label, desc in SERVICES
    )
    body = f"""<h1>料金・ご利用明細</h1>
<ul class="tabs"><li class="current"><a href="/mypage/charges">契約情報一覧</a></li>
<li><a href="/mypage/billing">請求情報照会</a></li><li><a href="/mypage/usage">利用状況照会</a></li></ul>
<form method="post" action="/mypage/charges/detail">{token_input(token)}
<table class="form"><tr><th><label for="custNo">お客さま番号</label></th><td>
<select id="custNo" name="custNo"><option value="{escape(account.customer_number)}" selected>{escape(account.customer_number)}</option></select></td></tr>
<tr><th><label for="keiyakuNo">契約番号</label></th><td><select id="keiyakuNo" name="keiyakuNo">{"".join(options)}</select></td></tr></table>
<p>複数の契約をお持ちの方は、確認したい契約番号を選択後、ご覧になりたい明細のボタンを押してください。</p>
{services}</form>"""
    return layout("料金・ご利用明細", body)


def _calls_table(statement: SimStatement) -> Iterable[str]:
    yield """<table class="meisai"><thead><tr><th>No.</th><th>通話開始日時</th><th>相手先電話番号</th>
<th>通話時間</th><th>通話料金</th><th>通話種別</th><th>着割対象</th></tr></thead><tbody>"""
    for index, call in enumerate(statement.calls, 1):
        yield (
            f"<tr><td>{index}</td><td>{call.started_at:%Y/%m/%d %H:%M:%S}</td>"
            f"<td>{hyphenated(call.other_party)}</td><td>{hms(call.duration)}</td>"
            f"<td>{yen(call.charge)}</td><td>{call.call_type}</td>"
            f"<td>{'*' if call.chakuwari else ''}</td></tr>\n"
        )
    yield "</tbody></table>"


def statement_page(
    contract: SimContract,
    token: str,
    months: list[date],
    statement: SimStatement,
    now: datetime,
) -> str:
    """⑨ 050IP電話利用明細 for one contract and month."""
    options = "".join(
        f'<option value="{m:%Y%m}"{" selected" if m == statement.month else ""}>{m.year}年{m.month}月</option>'
        for m in months
    )
    duration = int(statement.total_duration.total_seconds())
    if statement.calls:
        calls = "".join(_calls_table(statement))
    else:
        calls = "<p>ご利用月の通話明細はありません。</p>"
    body = f"""<h1>050IP電話利用明細</h1>
<form method="post" action="/mypage/ip050/detail">{token_input(token)}
<input type="hidden" name="keiyakuNo" value="{escape(contract.contract_number)}">
<table class="form"><tr><th>契約番号</th><td>{escape(contract_option_text(contract))}</td>
<th><label for="targetMonth">ご確認月</label></th><td><select id="targetMonth" name="targetMonth">{options}</select>
<button type="submit">表示</button></td></tr></table></form>
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
    return layout("050IP電話利用明細", body)


def maintenance_page(until: datetime | None) -> str:
    """What every page shows during a maintenance window."""
    end = f"<p>終了予定日時：{until:%Y年%m月%d日 %H:%M}</p>" if until else ""
    body = f"""<h1>メンテナンス中</h1><p>ただいまシステムメンテナンスのため、OCN マイページはご利用いただけません。</p>{end}
<p>ご迷惑をおかけしますが、しばらくお待ちください。</p>"""
    return layout("メンテナンスのお知らせ", body)


def simple_page(title: str, message: str) -> str:
    """A page with a heading and one paragraph."""
    return layout(title, f"<h1>{escape(title)}</h1><p>{escape(message)}</p>")
