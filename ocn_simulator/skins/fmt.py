"""Number, date and duration formats the skins print, one function per kind of figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")
# 令和 1 is 2019: the months and calls a site shows all fall in the Reiwa era.
REIWA_OFFSET = 2018


def masked(phone: str) -> str:
    """How the site shows a registered number: only the last three digits."""
    return "***-****-*" + phone[-3:]


def partly_hidden(phone: str, style: str = "stars") -> str:
    """How the newer screen offers a registered number.

    "stars" 090-****-5678, "crosses" 090-××××-5678, "ending" its last four digits alone
    (末尾5678).
    """
    if style == "ending":
        return f"末尾{phone[-4:]}"
    mark = "××××" if style == "crosses" else "****"
    return f"{phone[:-8]}-{mark}-{phone[-4:]}"


def hyphenated(phone: str) -> str:
    """A 050 or mobile number written the usual way."""
    return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}" if len(phone) == 11 else phone


def phone_parts(phone: str) -> tuple[str, str, str]:
    """A number split where its hyphens go: 090-1234-5678, 03-1234-5678, 045-123-4567."""
    if len(phone) == 11:
        return phone[:3], phone[3:7], phone[7:]
    area = 2 if phone[:2] in ("03", "06") else 3
    return phone[:area], phone[area:-4], phone[-4:]


def reiwa(day: date) -> str:
    """A date in the Japanese era, e.g. 令和8年12月3日."""
    return f"令和{day.year - REIWA_OFFSET}年{day.month}月{day.day}日"


def yen(
    amount: Decimal,
    *,
    prefix: str = "",
    suffix: str = "円",
    minus: str = "△",
    full_width: bool = False,
) -> str:
    """Money with the site's sign, currency mark and digit width, e.g. ``▲￥1,100``."""
    digits = f"{abs(amount):,.1f}".removesuffix(".0")
    if full_width:
        digits = digits.translate(FULL_WIDTH)
    sign = minus if amount < 0 else ""
    return f"{sign}{prefix}{digits}{suffix}"


def hms(seconds: int) -> str:
    """A duration as h:mm:ss."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def mmss(seconds: int) -> str:
    """A duration as mm:ss, the minutes running past 59."""
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def japanese_duration(seconds: int) -> str:
    """A duration as 4分05秒, or 1時間02分03秒 from an hour on."""
    hours, rest = divmod(seconds, 3600)
    text = f"{rest // 60:02d}分{rest % 60:02d}秒" if hours else f"{rest // 60}分{rest % 60:02d}秒"
    return f"{hours}時間{text}" if hours else text
