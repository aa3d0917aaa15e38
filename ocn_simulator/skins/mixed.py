"""The mixed skin: every kind of page rendered by a skin picked from a seed."""

from __future__ import annotations

import random
from collections.abc import Sequence

from .base import PAGE_KINDS, ROUTE_PAGE, Skin

# Switches of a skin's 050IP電話利用明細 (⑨), most of them read by the classic skin alone.
_STATEMENT_KNOBS = (
    "calls_in_frame",
    "calls_as_cards",
    "card_groups",
    "card_tables",
    "month_jump",
    "months_from_today",
    "month_tabs",
    "total_in_call_list",
    "calls_under_day_rows",
    "calls_in_two_tables",
    "calls_table_per_day",
    "calls_in_two_rows",
    "card_pairs",
    "calls_header_apart",
    "months_billed",
    "months_slashed",
    "months_as_radios",
    "contract_in_form",
)

# Switches of the top: read by the script skin (the first two), the frames skin (menu_posts)
# or the styled skins (menu_map).
_TOP_KNOBS = ("menu_beside_frame", "frame_src_by_script", "menu_posts", "menu_map")


class MixedSkin(Skin):
    """Pick, per kind of page, one of ``choices`` from ``seed``; the same seed, the same site.

    The pick is made once per server, so a form's fields and the route that reads them always
    come from the same skin, and every link goes to the path its target page's skin serves.
    """

    name = "mixed"

    def __init__(self, choices: Sequence[type[Skin]], seed: int) -> None:
        """Pick the renderings and share one route table between them."""
        super().__init__()
        rng = random.Random(f"mixed:{seed}")
        instances = {cls: cls() for cls in choices}
        self.picks: dict[str, Skin] = {kind: instances[rng.choice(choices)] for kind in PAGE_KINDS}
        # A route is served where its page's pick serves it: the frames of a top rendered in
        # frames, the call list as CSV of a statement that links it.
        self.routes = {
            route: self.picks[page].paths[route]
            for route, page in ROUTE_PAGE.items()
            if route in self.picks[page].paths
        }
        for skin in instances.values():
            skin.routes = self.routes
        # The other ways of drawing ⑨ (base.py), drawn too; a skin that has none ignores them.
        for knob in _STATEMENT_KNOBS:
            setattr(self.picks["statement"], knob, rng.random() < 0.5)
        self.picks["charges"].service_rows = rng.random() < 0.5
        self.picks["charges"].service_select = rng.random() < 0.3
        self.picks["charges"].service_sections = rng.random() < 0.5
        self.picks["method"].method_links = rng.random() < 0.3
        for knob in _TOP_KNOBS:
            setattr(self.picks["top"], knob, rng.random() < 0.5)
        self.picks["top"].news_after_login = rng.choice((None, None, "button", "link"))
        self.picks["charges"].service_forms = rng.random() < 0.5
        self.default_layout = rng.choice(("classic", "classic", "modern"))
        self.picks["contact"].contact_radios = rng.random() < 0.5
        self.picks["contact"].contact_shown = rng.choice(("stars", "crosses", "ending"))
        self.picks["charges"].service_flat = rng.random() < 0.5
        for kind in ("contact", "code"):
            self.picks[kind].joined_on_submit = rng.random() < 0.5
        self.picks["code"].resend_apart = rng.random() < 0.5
        self.picks["code"].remember_box = rng.random() < 0.5
        self.picks["contact"].contact_prefix_select = rng.random() < 0.5

    def for_page(self, kind: str) -> Skin:
        """The skin picked for pages of ``kind``."""
        return self.picks[kind]
