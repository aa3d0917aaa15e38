"""Statement parsing speed and memory: ``.venv/bin/python benchmarks/parse.py``.

For statements of 100, 1,000 and 10,000 calls on the default skin it prints the median
time per page and per call, the peak Python heap of one parse (tracemalloc: lxml's C tree
is not counted), and the ratio to a bare ``lxml.html.fromstring`` of the same bytes (the
floor any HTML-reading parser pays). Then, for every skin, the same at 10,000 calls: the
page in the skin's markup and encoding, read as the client reads it (decoded by the
charset its header names, else its meta tag), against a bare parse of the same bytes in
that charset, and the classic skin's calls laid out as cards (a term list per call, each
term alone or with its value in a div). A skin that splits its call list over pages shows
it on one page here.

Each parse is timed in blocks of runs, the bare parse's and ours in turn, and the ratio is
the median of the rounds' ratios (see ``medians``): on a busy machine a single run says
little, and timing all of one parser's runs before the other's lets a slow spell fall on
one side only.

Per skin, a second ratio ("load") times the page as the client loads it before reading:
``read_page`` (scripts read and dropped, hidden parts dropped, forms and the page's kind
told apart), then the statement read from that tree.
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from lxml import html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.ocn_dotphone.client.forms import parse_html
from custom_components.ocn_dotphone.client.parsers import (
    csv_text,
    parse_calls_csv,
    parse_statement,
    read_page,
)
from ocn_simulator.data import JST, SimAccount, SimContract, build_statement, generate_calls
from ocn_simulator.skins import SKINS, Skin, make_skin

MONTH = date(2026, 10, 1)
URL = "https://mypage.ocn.ne.jp/web/mypage/ip050"
CONTRACT = SimContract("C0000000001", "05011112222")
# Rounds per 10,000-call figure, and timed runs of each parser per round: enough for a
# median on a shared machine, the whole benchmark in about a minute.
RUNS = 7
BLOCK = 3


def page(calls: int, skin: Skin | None = None) -> bytes:
    skin = skin or make_skin()
    statement = build_statement(CONTRACT, MONTH, generate_calls(1, "C0000000001", MONTH, calls))
    months = [date(2026, m, 1) for m in range(11, 4, -1)]
    now = datetime(2026, 11, 1, tzinfo=JST)
    account = SimAccount("a@ocn.ne.jp", "-", "09000000000", "N0000000000", [CONTRACT])
    skin.page_size = None  # every call on one page
    text = skin.statement(account, CONTRACT, "TOKEN", months=months, statement=statement, now=now)
    return skin.encode(text)


def medians(funcs, body: bytes, rounds: int) -> list[float]:
    """The median CPU time of each function, and last the ratio of the last to the first.

    Each round times every function in a block of its own (``BLOCK`` runs, one parse after
    another, as a parser runs), after one untimed run: the first run after another
    parser pays for the state that one left (caches, the allocator's free lists). The
    blocks alternate, so a slow spell of a shared machine falls on every function alike,
    and the ratio is the median of the rounds' ratios of block medians. CPU time rather
    than wall time: other processes do not count.
    """
    times: list[list[float]] = [[] for _ in funcs]
    ratios = []
    for _ in range(rounds):
        block_medians = []
        for func, taken in zip(funcs, times, strict=True):
            func(body)
            block = []
            for _ in range(BLOCK):
                start = time.process_time()
                func(body)
                block.append(time.process_time() - start)
            taken.extend(block)
            block_medians.append(statistics.median(block))
        ratios.append(block_medians[-1] / block_medians[0])
    return [statistics.median(taken) for taken in times] + [statistics.median(ratios)]


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
        runs = max(RUNS, 2_000 // calls)
        assert len(parse_statement(body, "C0000000001", MONTH).calls) == calls
        bare, full, ratio = medians((html.fromstring, ours), body, runs)
        print(
            f"{calls:>7,} {len(body) / 1024:>9.0f} {full * 1e3:>9.2f} {full / calls * 1e6:>8.1f} "
            f"{peak_bytes(ours, body) / 2**20:>9.1f} {bare * 1e3:>8.2f} {ratio:>6.2f}"
        )
    print(
        f"\n10,000 calls per skin\n{'skin':>10} {'charset':>10} {'page KiB':>9} {'ms/page':>9} "
        f"{'lxml ms':>8} {'ratio':>6} {'load':>6}"
    )
    offered_as_csv: list[Skin] = []
    for name, skin in skins_timed():
        body = page(10_000, skin)
        header = skin.charset if skin.charset_in_header else None
        parser = html.HTMLParser(encoding=skin.charset)

        def bare(body: bytes, parser: html.HTMLParser = parser) -> None:
            html.fromstring(body, parser=parser)

        def read(body: bytes, header: str | None = header) -> None:
            parse_statement(parse_html(body, header), "C0000000001", MONTH)

        def load(body: bytes, header: str | None = header) -> None:
            parse_statement(read_page(body, header, URL)[0], "C0000000001", MONTH)

        statement = parse_statement(parse_html(body, header), "C0000000001", MONTH)
        if not statement.calls:
            offered_as_csv.append(skin)  # the calls come as a download: timed below
            continue
        assert len(statement.calls) == 10_000, name
        lxml_s, ours_s, ratio = medians((bare, read), body, RUNS)
        loaded = medians((bare, load), body, RUNS)[-1]
        print(
            f"{name:>10} {skin.charset:>10} {len(body) / 1024:>9.0f} {ours_s * 1e3:>9.2f} "
            f"{lxml_s * 1e3:>8.2f} {ratio:>6.2f} {loaded:>6.2f}"
        )

    csv_figures(offered_as_csv)


def skins_timed() -> Iterator[tuple[str, Skin]]:
    """Every skin, then the classic skin's calls as cards, each term alone or in a div."""
    for name in SKINS:
        yield name, make_skin(name)
    for name, grouped in (("cards", False), ("cards-div", True)):
        skin = make_skin("classic")
        skin.calls_as_cards, skin.card_groups = True, grouped
        yield name, skin


def csv_figures(skins: list[Skin]) -> None:
    """The calls of a 10,000-call month as a skin's CSV download, read as the client reads
    them, against the standard library's bare ``csv.reader`` over the decoded text.
    """
    print(
        f"\n10,000 calls as CSV\n{'skin':>8} {'charset':>10} {'KiB':>9} {'ms':>9} {'csv ms':>8} {'ratio':>6}"
    )
    for skin in skins:
        statement = build_statement(
            CONTRACT, MONTH, generate_calls(1, "C0000000001", MONTH, 10_000)
        )
        body, headers = skin.call_csv(statement)
        charset = headers["Content-Type"].partition("charset=")[2] or None

        def bare(body: bytes, charset: str | None = charset) -> None:
            list(csv.reader(io.StringIO(csv_text(body, charset), newline="")))

        def read(body: bytes, charset: str | None = charset) -> None:
            parse_calls_csv(body, MONTH, charset)

        assert len(parse_calls_csv(body, MONTH, charset)) == 10_000, skin.name
        bare_s, ours_s, ratio = medians((bare, read), body, RUNS)
        print(
            f"{skin.name:>8} {charset or '-':>10} {len(body) / 1024:>9.0f} {ours_s * 1e3:>9.2f} "
            f"{bare_s * 1e3:>8.2f} {ratio:>6.2f}"
        )


if __name__ == "__main__":
    main()
