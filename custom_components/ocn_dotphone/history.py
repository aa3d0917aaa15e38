"""Monthly figures as long-term statistics, imported the way the core opower integration does.

Every figure of every contract is one external statistic, ``ocn_dotphone:<contract>_<figure>``,
with one row per month at the month's start in Japan time: ``state`` is the month's figure and
``sum`` the running total since the first month imported. A statistics graph card with
``period: month`` and ``stat_types: [change]`` then shows one bar per month, because the
change of a month is the difference of the sums, which is the month's figure. (Home
Assistant groups by months of its own time zone: with Asia/Tokyo, one row is one bar.)

After each refresh the months the site offers are written (the current one too, so its bar
grows), but only from the first row the recorder holds differently: refreshes and restarts
write nothing twice, and a revised month rewrites its row and the sums after it. The
back-fill (backfill.py) hands over the closed months one at a time as it reads them: each
is written then, with the sums after it, for that contract alone.

A series is named in the language Home Assistant is set to when the series is created
(Japanese, else English), and keeps that name: a change of language later does not
rename it. The ids never change.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    get_metadata,
    statistics_during_period,
)
from homeassistant.core import CALLBACK_TYPE, CoreState, HomeAssistant, callback
from homeassistant.helpers.recorder import get_instance
from homeassistant.helpers.start import async_at_started
from homeassistant.util import slugify

from .const import DOMAIN
from .coordinator import OcnConfigEntry
from .data import ContractData, MonthFigures, OcnData
from .phone import contract_name

#: (key in the statistic id, the figure)
SERIES: tuple[tuple[str, Callable[[MonthFigures], Decimal]], ...] = (
    ("total", lambda f: f.total),
    ("call_charges", lambda f: f.call_charges),
    ("chakuwari_discount", lambda f: f.chakuwari_discount),
    ("base_fee", lambda f: f.base_fee),
)
#: Language -> key -> name suffix of a new series.
SERIES_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "total": "total",
        "call_charges": "call charges",
        "chakuwari_discount": "chakuwari discount",
        "base_fee": "base fee",
    },
    "ja": {
        "total": "合計",
        "call_charges": "通話料",
        "chakuwari_discount": "着割",
        "base_fee": "基本料",
    },
}
UNIT = "JPY"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# unit_class came to StatisticMetaData after 2025.4, whose recorder rejects unknown keys.
_HAS_UNIT_CLASS = "unit_class" in (
    StatisticMetaData.__required_keys__ | StatisticMetaData.__optional_keys__
)


def statistic_id(contract_number: str, key: str) -> str:
    """Return the statistic id of a contract's figure, e.g. ``ocn_dotphone:c0000000001_total``."""
    return f"{DOMAIN}:{slugify(contract_number)}_{key}"


def series_name(item: ContractData, key: str, language: str) -> str:
    """Return the name of a new series: Japanese for a Japanese Home Assistant, else English."""
    names = SERIES_NAMES["ja" if language.lower().startswith("ja") else "en"]
    return f"{contract_name(item.contract)} {names[key]}"


def metadata(item: ContractData, key: str, name: str) -> StatisticMetaData:
    """Return the metadata of a series of yen amounts that has a sum and no mean."""
    meta = StatisticMetaData(
        mean_type=StatisticMeanType.NONE,
        has_sum=True,
        name=name,
        source=DOMAIN,
        statistic_id=statistic_id(item.contract.contract_number, key),
        unit_of_measurement=UNIT,
    )
    if _HAS_UNIT_CLASS:
        meta["unit_class"] = None  # type: ignore[typeddict-unknown-key]
    return meta


@callback
def async_track_statistics(hass: HomeAssistant, entry: OcnConfigEntry) -> CALLBACK_TYPE:
    """Import the statistics of the latest data once Home Assistant runs, and on every change."""
    coordinator = entry.runtime_data
    imported: OcnData | None = None
    # One import at a time, in order: each compares with the rows the one before wrote.
    lock = asyncio.Lock()

    async def _async_import(data: OcnData, before: OcnData | None) -> None:
        async with lock:
            await async_import_statistics(hass, data, before)

    @callback
    def _async_refreshed() -> None:
        nonlocal imported
        data = coordinator.data
        # Listeners also hear failed refreshes, which leave the data as it was.
        if "recorder" not in hass.config.components or data is imported:
            return
        if hass.state is not CoreState.running:
            # While Home Assistant starts, the recorder holds its queue until startup is
            # over, and startup would wait for an import that waits for it: the import
            # waits for the start instead. While it stops, the next start imports.
            return
        before, imported = imported, data
        # Tracked once started: a stop lets it finish before the recorder closes.
        entry.async_create_task(hass, _async_import(data, before), f"{DOMAIN} import statistics")

    @callback
    def _async_started(hass: HomeAssistant) -> None:
        _async_refreshed()

    stop_waiting = async_at_started(hass, _async_started)
    stop_listening = coordinator.async_add_listener(_async_refreshed)

    @callback
    def _async_stop() -> None:
        stop_waiting()
        stop_listening()

    return _async_stop


async def async_import_statistics(
    hass: HomeAssistant, data: OcnData, before: OcnData | None = None
) -> None:
    """Write the rows of every offered month that the recorder lacks or holds differently.

    Contracts whose figures are the very ones ``before`` held (the back-fill changed
    another) are left alone.
    """
    # The rows an earlier import queued must be in the database before they are compared
    # with: a refresh right after another would otherwise sum from rows not written yet.
    await get_instance(hass).async_block_till_done()
    for number, item in data.contracts.items():
        if before is not None and before.contracts.get(number) is item:
            continue
        months = [*item.closed, item.current]
        ids = {key: statistic_id(item.contract.contract_number, key) for key, _ in SERIES}
        # A series keeps the name it was created with.
        names = {
            sid: meta["name"]
            for sid, (_, meta) in (
                await get_instance(hass).async_add_executor_job(
                    partial(get_metadata, hass, statistic_ids=set(ids.values()))
                )
            ).items()
        }
        existing = await get_instance(hass).async_add_executor_job(
            statistics_during_period,
            hass,
            _EPOCH,
            None,
            set(ids.values()),
            "hour",
            None,
            {"state", "sum"},
        )
        first = months[0].started.timestamp()
        for key, figure in SERIES:
            rows = existing.get(ids[key], [])
            # The sum carries on from the last row before the months the site still offers.
            total = next(
                (float(row["sum"] or 0) for row in reversed(rows) if row["start"] < first), 0.0
            )
            held = {row["start"]: row for row in rows if row["start"] >= first}
            new_rows: list[StatisticData] = []
            for figures in months:
                value = float(figure(figures))
                total += value
                row = held.get(figures.started.timestamp())
                if (
                    new_rows
                    or row is None
                    or not _same(row.get("state"), value)
                    or not _same(row.get("sum"), total)
                ):
                    new_rows.append(StatisticData(start=figures.started, state=value, sum=total))
            if new_rows:
                name = names.get(ids[key]) or series_name(item, key, hass.config.language)
                async_add_external_statistics(hass, metadata(item, key, name), new_rows)


def _same(held: float | None, value: float) -> bool:
    return held is not None and math.isclose(held, value, abs_tol=0.001)
