"""Statement parsing speed and memory: ``.venv/bin/python benchmarks/parse.py``.

For statements of 100, 1,000 and 10,000 calls it prints the median time per page and
per call, the peak Python heap of one parse (tracemalloc: lxml's C tree is not counted),
and the ratio to a bare ``lxml.html.fromstring`` of the same bytes (the floor any
HTML-reading parser pays).
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path

from lxml import html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.ocn_dotphone.client.parsers import parse_statement
from ocn_simulator.data import JST, SimAccount, SimContract, build_statement, generate_calls
from ocn_simulator.skins import make_skin

MONTH = date(2026, 10, 1)
CONTRACT = SimContract("C0000000001", "05011112222")


def page(calls: int) -> bytes:
    statement = build_statement(CONTRACT, MONTH, generate_calls(1, "C0000000001", MONTH, calls))
    months = [date(2026, m, 1) for m in range(11, 4, -1)]
    now = datetime(2026, 11, 1, tzinfo=JST)
    account = SimAccount("a@ocn.ne.jp", "-", "09000000000", "N0000000000", [CONTRACT])
    text = make_skin().statement(
        account, CONTRACT, "TOKEN", months=months, statement=statement, now=now
    )
    return text.encode()


def median_seconds(func, body: bytes, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(body)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_bytes(func, body: bytes) -> int:
    tracemalloc.start()
    func(body)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    def ours(body: bytes) -> None:
        parse_statement(body, "C0000000001", MONTH)

    print(
        f"{'calls':>7} {'page KiB':>9} {'ms/page':>9} {'µs/call':>8} {'py MiB':>9} {'lxml ms':>8} {'ratio':>6}"
    )
    for calls in (100, 1_000, 10_000):
        body = page(calls)
        runs = max(5, 20_000 // calls)
        assert len(parse_statement(body, "C0000000001", MONTH).calls) == calls
        bare = median_seconds(html.fromstring, body, runs)
        full = median_seconds(ours, body, runs)
        print(
            f"{calls:>7,} {len(body) / 1024:>9.0f} {full * 1e3:>9.2f} {full / calls * 1e6:>8.1f} "
            f"{peak_bytes(ours, body) / 2**20:>9.1f} {bare * 1e3:>8.2f} {full / bare:>6.2f}"
        )


if __name__ == "__main__":
    main()
