"""The example dashboards and the blueprints speak Japanese and English alike."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.util.yaml import load_yaml

from devtools.harness import DASHBOARDS, EXAMPLES, ROOT, dashboard_entities, prepare_config

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
BLUEPRINTS = [
    EXAMPLES / "blueprints" / "monthly_total_threshold.yaml",
    *sorted((ROOT / "blueprints" / "automation" / "ocn_dotphone").glob("*.yaml")),
]


def _load(name: str) -> Any:
    return yaml.safe_load((EXAMPLES / name).read_text())


def _cards(config: Any) -> list[dict[str, Any]]:
    """Every card of every view, those in stacks and conditional cards too."""

    def flat(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = []
        for card in cards:
            found.append(card)
            found += flat(card.get("cards", []) + ([card["card"]] if "card" in card else []))
        return found

    return [card for view in config["views"] for card in flat(view["cards"])]


def _titles(config: Any) -> list[str]:
    """Every title and row name a person reads."""
    found = [config["title"]]
    for view in config["views"]:
        found.append(view["title"])
    for card in _cards(config):
        found += [card[key] for key in ("title", "name") if key in card]
        found += [row["name"] for row in card.get("entities", []) if "name" in row]
    return found


def test_dashboards_show_the_same_in_both_languages() -> None:
    """The Japanese dashboard is the English one with Japanese titles."""
    english, japanese = _load(DASHBOARDS["en"]), _load(DASHBOARDS["ja"])
    assert dashboard_entities(english) == dashboard_entities(japanese)
    assert [card["type"] for card in _cards(english)] == [card["type"] for card in _cards(japanese)]
    assert all(JAPANESE.search(title) for title in _titles(japanese)), _titles(japanese)
    assert not any(
        JAPANESE.search(title) and not re.search(r"\(着割\)", title) for title in _titles(english)
    )


@pytest.mark.parametrize("language", sorted(DASHBOARDS))
def test_statistics_graph_shows_the_back_filled_months(language: str) -> None:
    """A monthly bar graph of the long-term statistics, which hold the back-fill from day one."""
    (graph,) = [c for c in _cards(_load(DASHBOARDS[language])) if c["type"] == "statistics-graph"]
    assert graph["period"] == "month"
    assert graph["stat_types"] == ["change"]
    # The current month and the six the site offers.
    assert graph["days_to_show"] >= 7 * 30
    assert [row["entity"] for row in graph["entities"]] == [
        "ocn_dotphone:c0000000001_total",
        "ocn_dotphone:c0000000001_call_charges",
    ]


@pytest.mark.parametrize("language", sorted(DASHBOARDS))
def test_develop_links_the_dashboard_of_its_language(tmp_path: Path, language: str) -> None:
    """``scripts/develop --language ja`` shows the Japanese dashboard."""
    prepare_config(tmp_path, language)
    link = tmp_path / "dashboards" / "ocn_charges.yaml"
    assert link.resolve() == (EXAMPLES / DASHBOARDS[language]).resolve()


@pytest.mark.parametrize("path", BLUEPRINTS, ids=lambda path: path.name)
def test_blueprints_speak_both_languages(path: Path) -> None:
    """The name, description and every input's name and description, in both languages."""
    blueprint = load_yaml(path)["blueprint"]
    texts = [blueprint["name"], blueprint["description"]]
    for item in blueprint["input"].values():
        texts += [item["name"], item.get("description", item["name"])]
    for text in texts:
        assert JAPANESE.search(text), text
        assert re.search(r"[A-Za-z]{3}", text), text
