"""Skins: interchangeable renderings of OCN My Page over the same rules.

A skin changes markup, paths, field names, encodings and number formats; the rules (codes,
expiry, lapses, remembered browsers, faults) stay in :class:`ocn_simulator.Simulator`.
``classic`` is the default and keeps the operator's guide's markup. The points are those of
"What a person handles" in the issue that introduced the skins:

========  ==========================================================================
skin      points covered
========  ==========================================================================
classic   1 ``label for``, ``dl`` login, fieldset+legend (modern layout); 2 ``<button>``
          text; 3 contract select + 050 button on 料金・ご利用明細, a non-050 contract
          first; 4 HTTP redirects, lapse = redirect to the login; 5 UTF-8 in the header;
          6 th summary, thead calls, ``YYYY/MM/DD hh:mm:ss``, ``h:mm:ss``, ``1,100円``,
          ``△``; 7 ``role=alert`` with class ``msg-error``
legacy    1 td label in the same row, radios named by the following text; 2 ``<input
          type=submit value>``, ``<input type=image alt>`` (050 button, 認証する);
          3 radio per contract row, the internet contract pre-selected, then the 050
          button; 4 meta-refresh 「ログインしています…」, lapse = 200 「セッションの有効期限が
          切れました」 page; 5 Shift_JIS (cp932: ①, ㈱) in a meta tag only; 6 td summary,
          first-row td call header, dates without the year, ``4分05秒``, ``▲``,
          full-width summary digits; 7 red ``<font>``
portal    1 ``aria-labelledby``, ``aria-label``, div/span grids, wrapping labels in a
          fieldset; 2 links, ``<a><img alt></a>`` in the menu; 3 the 「OCNドットフォン・
          050あんしんナンバーなどの利用明細」 link, then one small form per contract on
          050IP電話利用明細; 4 lapse = redirect to the login choice; 5 EUC-JP in the
          header; 6 dl summary, short header words, ``mm:ss``, ``1時間02分03秒`` total,
          ``￥``, ``−`` (U+2212), calls over pages of 25 (page numbers and 次へ);
          7 class ``alert``
spa       1 placeholder and title only, label alone in the row above, wrapping label;
          2 a form with no button (selects submit on change); 3 a link per contract on
          料金・ご利用明細, then the 050 button, and a 契約番号 select beside ご確認月;
          4 lapse = 200 「タイムアウトしました」 page; 5 UTF-8 in a meta tag only;
          6 ISO dates with seconds, amounts with nothing (header 通話料金(円)), ``¥``,
          ``-``; 7 class ``error-message``
compact   1 dl/dt/dd everywhere; 2 ``<input type=image>`` for every button, the 050 link
          as ``<a><img alt></a>``; 3 the 050 link, then a 契約番号 select beside ご確認月
          (with a button) on 050IP電話利用明細; 4 redirects, lapse = redirect to the login; 5 Shift_JIS in the header; 6 th summary,
          first-row td header, dates without the year, full-width call amounts, ``￥``,
          ``▲``; 7 errors in a plain paragraph under standing notes worded
          like them (有効時間, 制限)
frames    1 th labels, the contact number in three boxes (市外局番 / 市内局番 / 加入者番号 as
          titles, maxlength from the number's own split, "-" between), the code one digit
          per box (six, maxlength 1); 2 ``<input type=submit>``, SMS or voice as two submit
          buttons of one form (the pressed one is sent); 3 the 050 link, then a 契約番号
          select beside ご確認月 (optgroup per year, ``12月分``, values are the months'
          places in the list) and 表示; an only contract named as text above a form of the
          month alone, no statement until 表示; 4 the login's 302 to an SSO path with a
          ``ticket``, whose page sets the session cookie with ``Path=/mypage/`` and posts
          itself on load (``noscript`` 次へ); a frameset top (header frame, nested menu and
          main frames, each its own route); lapse = 200 page linking out of the frames;
          5 Shift_JIS in the header; 6 summary table with ``colspan`` / ``rowspan``,
          full-width ``￥`` or ``円`` figures, ``▲``; the calls only as CSV (Shift_JIS,
          ``attachment``); 7 an ``errorArea`` list in red ``<font>``
script    1 ``label for``, dl facts; 2 a login form without a submit button
          (``onclick``: an alert if no OCN ID was typed, then
          ``document.loginForm.submit()``), ``location.href`` on the menu's
          button, ``doPost(action, name, value)`` links (the 050 entry, the pager), named
          forms' fields set then submitted (the contract rows), ``<button name=method>``
          SMSで送信 / 音声で送信; 3 the 050 entry posted without a contract: the contract rows
          on 050IP電話利用明細, or an only contract's statement at once; 4 meta-refresh
          interstitial, then a redirect through the ticket path; the top and 料金・ご利用明細
          as a chrome page around an ``<iframe>`` of their content (routes of their own);
          lapse = redirect to the login; 5 UTF-8 in the header; 6 dl summary, ``1,234円``,
          ``−`` (U+2212), era months (``R0812``, 令和8年12月分) in a select that submits on
          change, calls with the era date once per day (``rowspan``) beside 開始時刻,
          ``3分05秒``, 15 a page (``1～15件目／全40件``, page numbers, 次ページ＞, a page
          select), a ``CSVダウンロード`` link (UTF-8 with a BOM); 7 class ``c-alert``
mixed     each kind of page rendered by one of the above, picked from a seed; ⑨ draws
          its switches (frame, cards, grouped terms, jump menu, months from today) from it too
replay    the pages of a capture from the integration's diagnostics, in their order
          (:mod:`ocn_simulator.skins.replay`)
========  ==========================================================================

A steady refresh reads this month's statement of each contract from the pages the client
holds: one request per contract on every skin. ``classic`` and ``legacy`` hold the contract
choice and the 050 button in one form on 料金・ご利用明細; on the others each
050IP電話利用明細 page carries the contract choice again, with a fresh token, so the next
contract is chosen there. What costs more:

- ``portal``, ``compact`` and ``spa`` cost one more request whenever 料金・ご利用明細 was
  opened anew (after a sign-in, and at the daily look for new contracts): ``portal`` and
  ``compact`` offer only the 050 link there, which opens the contract choice; ``spa``
  chooses a contract by a link that reloads 料金・ご利用明細 before its 050 button.
- ``portal``'s choice is one small form per contract that carries the month its page
  shows: after a refresh that read an older month last (the six-month back-fill, the daily
  recheck of closed months), the first contract opens on that month and costs one more
  request for the current one.
- ``frames`` and ``script`` cost one more request whenever 料金・ご利用明細 was opened
  anew, as ``portal`` does: ``frames`` offers only the 050 link there (the contract choice;
  an only contract's month form, whose 表示 shows the statement), ``script`` only the 050
  entry (the contract rows; an only contract's statement comes at once). ``script`` holds
  料金・ご利用明細 in an iframe, whose content is one request more.

Every form's token is renewed whenever its page is rendered again, on every skin (a rule).
``portal`` splits the call list over pages of 25, ``script`` over pages of 15; the summary
is on page 1 only, so the sensors need page 1 alone, while every call of the month costs
one request per page (counted as ``ip050_page`` in ``Simulator.requests``). ``frames``
lists no calls on the page: they cost one download (``ip050_csv``).

A skin serves the routes its paths name: only ``frames`` has the top's header and menu
frames and the hand-over's post (``sso_post``); ``frames`` and ``script`` the top's content
(``top_main``) and the CSV; ``script`` the content of 料金・ご利用明細 (``charges_main``). On
the mixed skin a route comes from the skin picked for its kind of page, so the frames and
iframes a picked page holds are served whichever skins render the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .base import LOGIN_ROUTES, PAGE_KINDS, ROUTE_PAGE, Skin, other_contracts
from .frames import FramesSkin
from .mixed import MixedSkin
from .replay import ReplaySkin, load_capture
from .script import ScriptSkin
from .variants import CompactSkin, LegacySkin, PortalSkin, SpaSkin

_FIXED: tuple[type[Skin], ...] = (
    Skin,
    LegacySkin,
    PortalSkin,
    SpaSkin,
    CompactSkin,
    FramesSkin,
    ScriptSkin,
)
#: The names of the fixed skins; "mixed" picks among them.
SKINS: tuple[str, ...] = tuple(cls.name for cls in _FIXED)


def make_skin(
    name: str = "classic",
    seed: int = 0,
    capture: str | Path | Mapping[str, Any] | None = None,
) -> Skin:
    """A fresh skin by name; ``seed`` drives the mixed skin's picks, ``capture`` the replay's."""
    if name == "mixed":
        return MixedSkin(_FIXED, seed)
    if name == "replay":
        if capture is None:
            raise ValueError("the replay skin needs a capture")
        return ReplaySkin(load_capture(capture))
    for cls in _FIXED:
        if cls.name == name:
            return cls()
    raise ValueError(f"unknown skin {name!r}; choose one of {', '.join((*SKINS, 'mixed'))}")


__all__ = [
    "LOGIN_ROUTES",
    "PAGE_KINDS",
    "ROUTE_PAGE",
    "SKINS",
    "MixedSkin",
    "ReplaySkin",
    "Skin",
    "load_capture",
    "make_skin",
    "other_contracts",
]
