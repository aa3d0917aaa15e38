"""The non-default skins: each one another plausible rendering of the same site."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any, ClassVar

from .fmt import hms, japanese_duration, mmss
from .styled import Styled


def _paths(**paths: str) -> dict[str, str]:
    return paths


class LegacySkin(Styled):
    """An old servlet site: Shift_JIS (cp932) declared only in a meta tag, tables with td labels."""

    name = "legacy"
    encoding = "cp932"
    charset = "Shift_JIS"
    charset_in_header = False
    interstitial = True
    lapse = "page"
    paths = _paths(
        login_choice="/servlet/LoginSelect",
        login="/servlet/Login",
        login_otp="/servlet/OneTimePassword",
        login_notice="/servlet/LoginNotice",
        terms="/servlet/Agreement",
        sso="/servlet/SsoReceive",
        top="/servlet/Top",
        news="/servlet/Oshirase",
        charges="/servlet/RyokinMeisai",
        verify_contact="/servlet/RenrakusakiKakunin",
        verify_method="/servlet/RenrakuHoho",
        verify_select="/servlet/RenrakusakiSentaku",
        verify_code="/servlet/NinshoNo",
        charges_detail="/servlet/MeisaiSentaku",
        ip050_detail="/servlet/Ip050Meisai",
        ip050_page="/servlet/Ip050MeisaiPage",
    )
    fields: ClassVar[Mapping[str, str]] = {
        "token": "org.apache.struts.taglib.html.TOKEN",
        "target": "forward",
        "username": "id_1",
        "password": "id_2",
        "otp": "otpCd",
        "contact": "tel",
        "method": "sendKbn",
        "tel_index": "telNo",
        "code": "ninshoCd",
        "contract": "selKeiyaku",
        "service": "svc",
        "month": "ym",
        "page": "pageNo",
    }
    method_values: ClassVar[Mapping[str, str]] = {"sms": "SMS", "voice": "TEL"}
    label_styles: ClassVar[Mapping[str, str]] = {"default": "td"}
    info_style = "td"
    button_styles: ClassVar[Mapping[str, str]] = {
        "default": "submit",
        "ip050": "image",
        "auth": "image",
    }
    radio_style = "following"
    charges_style = "radio_image"
    statement_style = "hidden"
    summary_style = "td"
    calls_header = "td_row"
    call_columns = ("通話開始日時", "通話先電話番号", "通話時間", "通話料金", "種別", "着割")
    call_date = "%m/%d %H:%M:%S"
    call_duration = staticmethod(japanese_duration)
    total_duration = staticmethod(japanese_duration)
    call_yen: ClassVar[Mapping[str, Any]] = {"minus": "▲"}
    summary_yen: ClassVar[Mapping[str, Any]] = {"minus": "▲", "full_width": True}
    footer = "Copyright(C) ㈱NTTドコモビジネス All Rights Reserved."
    heading_steps = ("①確認内容入力", "②ご連絡方法選択", "③認証番号入力")

    def month_value(self, month: date) -> str:
        """Months as 2026/11."""
        return f"{month:%Y/%m}"

    def error_box(self, message: str | None) -> str:
        """Red font text, as old sites print errors."""
        return f'<p><font color="red">{escape(message)}</font></p>' if message else ""


class PortalSkin(Styled):
    """A portal in EUC-JP (charset in the header) with ARIA labels, div grids and a paged call list."""

    name = "portal"
    encoding = "euc_jp"
    charset = "EUC-JP"
    charset_in_header = True
    lapse = "choice"
    page_size = 25
    paths = _paths(
        login_choice="/portal/auth/select",
        login="/portal/auth/signin",
        login_otp="/portal/auth/onetime",
        login_notice="/portal/auth/info",
        terms="/portal/auth/agree",
        sso="/portal/sso",
        top="/portal/home",
        news="/portal/news",
        charges="/portal/bill",
        verify_contact="/portal/confirm/tel",
        verify_method="/portal/confirm/channel",
        verify_select="/portal/confirm/select",
        verify_code="/portal/confirm/code",
        charges_detail="/portal/bill/detail",
        ip050_detail="/portal/bill/ip050",
        ip050_page="/portal/bill/ip050/list",
    )
    fields: ClassVar[Mapping[str, str]] = {
        "token": "token",
        "target": "returnTo",
        "username": "userId",
        "password": "passwd",
        "otp": "oneTimePass",
        "contact": "contactTel",
        "method": "authType",
        "tel_index": "contactIdx",
        "code": "authCode",
        "contract": "contractNo",
        "service": "kind",
        "month": "month",
        "page": "p",
    }
    method_values: ClassVar[Mapping[str, str]] = {"sms": "sms", "voice": "voice"}
    label_styles: ClassVar[Mapping[str, str]] = {
        "default": "grid",
        "username": "labelledby",
        "password": "aria",
    }
    info_style = "grid"
    radio_style = "wrap"
    radio_fieldset = True
    charges_style = "link"
    statement_style = "forms"
    summary_style = "dl"
    call_duration = staticmethod(mmss)
    total_duration = staticmethod(japanese_duration)
    call_yen: ClassVar[Mapping[str, Any]] = {"prefix": "￥", "suffix": "", "minus": "−"}
    summary_yen: ClassVar[Mapping[str, Any]] = {"prefix": "￥", "suffix": "", "minus": "−"}

    def month_value(self, month: date) -> str:
        """Months as 2026-11."""
        return f"{month:%Y-%m}"

    def error_box(self, message: str | None) -> str:
        """A Bootstrap-style alert without a role."""
        return f'<div class="alert alert-danger">{escape(message)}</div>' if message else ""

    def menu_link(self, href: str, text: str) -> str:
        """Menu entries are images with their words in alt."""
        return f'<a href="{href}"><img src="/img/menu.png" alt="{text}"></a>'


class SpaSkin(Styled):
    """A newer site: UTF-8 in a meta tag only, placeholders, a link per contract, selects that submit."""

    name = "spa"
    charset_in_header = False
    lapse = "page"
    paths = _paths(
        login_choice="/app/login/method",
        login="/app/login",
        login_otp="/app/login/otp",
        login_notice="/app/login/notice",
        terms="/app/login/terms",
        sso="/app/session",
        top="/app/",
        news="/app/news",
        charges="/app/billing",
        verify_contact="/app/verify/phone",
        verify_method="/app/verify/channel",
        verify_select="/app/verify/select",
        verify_code="/app/verify/code",
        charges_detail="/app/billing/detail",
        ip050_detail="/app/billing/ip050",
        ip050_page="/app/billing/ip050/more",
    )
    fields: ClassVar[Mapping[str, str]] = {
        "token": "authenticity_token",
        "target": "redirect",
        "username": "loginId",
        "password": "loginPassword",
        "otp": "otp",
        "contact": "phone",
        "method": "channel",
        "tel_index": "phoneIndex",
        "code": "verificationCode",
        "contract": "contractId",
        "service": "detail",
        "month": "period",
        "page": "page",
    }
    method_values: ClassVar[Mapping[str, str]] = {"sms": "SMS", "voice": "VOICE"}
    label_styles: ClassVar[Mapping[str, str]] = {
        "default": "th",
        "username": "placeholder",
        "password": "title",
        "contact": "above",
        "code": "wrap",
    }
    radio_fieldset = True
    charges_style = "contract_links"
    statement_style = "select_onchange"
    call_columns = ("通話開始日時", "通話先電話番号", "通話時間", "通話料金(円)", "種別", "着割")
    call_date = "%Y-%m-%d %H:%M:%S"
    call_duration = staticmethod(hms)
    total_duration = staticmethod(japanese_duration)
    call_yen: ClassVar[Mapping[str, Any]] = {"suffix": "", "minus": "-"}
    summary_yen: ClassVar[Mapping[str, Any]] = {"prefix": "¥", "suffix": "", "minus": "-"}

    def error_box(self, message: str | None) -> str:
        """An error paragraph known by its class only."""
        return f'<p class="error-message">{escape(message)}</p>' if message else ""

    def lapsed(self, login_url: str) -> str:
        """A timeout notice with a link to the login."""
        body = f"""<h2>タイムアウトしました</h2>
<p>一定時間操作がなかったため、タイムアウトしました。お手数ですが、もう一度ログインしてください。</p>
<p><a href="{escape(login_url)}">ログインページへ</a></p>"""
        return self.layout("タイムアウトしました", body)


class CompactSkin(Styled):
    """A terse site in Shift_JIS (charset in the header): dl forms, image buttons and image links."""

    name = "compact"
    encoding = "cp932"
    charset = "Shift_JIS"
    charset_in_header = True
    total_label = "今回ご請求額"
    menu_map = True
    paths = _paths(
        login_choice="/c/loginSelect.do",
        login="/c/login.do",
        login_otp="/c/otp.do",
        login_notice="/c/notice.do",
        terms="/c/terms.do",
        sso="/c/sso.do",
        top="/c/top.do",
        news="/c/news.do",
        charges="/c/charge.do",
        verify_contact="/c/tel.do",
        verify_method="/c/method.do",
        verify_select="/c/telSelect.do",
        verify_code="/c/code.do",
        charges_detail="/c/chargeDetail.do",
        ip050_detail="/c/ip050.do",
        ip050_page="/c/ip050Page.do",
    )
    fields: ClassVar[Mapping[str, str]] = {
        "token": "TOKEN",
        "target": "url",
        "username": "ocnId",
        "password": "pass",
        "otp": "otpNo",
        "contact": "telNo",
        "method": "kind",
        "tel_index": "telIdx",
        "code": "code",
        "contract": "keiyaku",
        "service": "meisai",
        "month": "yyyymm",
        "page": "pg",
    }
    label_styles: ClassVar[Mapping[str, str]] = {"default": "dl", "otp": "wrap"}
    info_style = "dl"
    button_styles: ClassVar[Mapping[str, str]] = {"default": "image"}
    radio_style = "wrap"
    charges_style = "link"
    statement_style = "select"
    summary_style = "th"
    calls_header = "images"
    call_date = "%m/%d %H:%M:%S"
    call_duration = staticmethod(mmss)
    total_duration = staticmethod(hms)
    call_yen: ClassVar[Mapping[str, Any]] = {"full_width": True, "minus": "△"}
    summary_yen: ClassVar[Mapping[str, Any]] = {"prefix": "￥", "suffix": "", "minus": "▲"}
    footer = "①お問い合わせ ②よくあるご質問 ㈱NTTドコモビジネス"

    def error_box(self, message: str | None) -> str:
        """A message in a plain paragraph, under notes every form shows in the errors' words."""
        notes = (
            "<p>※認証番号の有効時間は30分です。パスワード・認証番号を一定回数以上誤ると、"
            "ご利用を制限します。</p>"
        )
        return notes + (f"<p>{escape(message)}</p>" if message else "")

    def ip050_link(self, href: str, text: str) -> str:
        """The step ⑧ link is an image whose alt holds the words."""
        return f'<a href="{href}"><img src="/img/ip050.gif" alt="{text}"></a>'


__all__ = ["CompactSkin", "LegacySkin", "PortalSkin", "SpaSkin"]
