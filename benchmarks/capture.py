"""Capture size and cost at 10,000 calls a month: ``.venv/bin/python benchmarks/capture.py``.

Per skin, for one 050IP電話利用明細 page of a 10,000-call month (all of it; on ``portal``
the first of 400 pages of 25 calls) it prints the median time the client takes to read the
page (``read_page``: parse, forms, page kind), the median time ``Capture.record`` adds to
each page load, and the time of recording and exporting it (what a diagnostics download
adds, once), each with its ratio to the read (the capture must cost no more than one extra
parse), and the page's size in the capture. A large page is sanitised as it arrives from
the tree already parsed; a small one keeps its bytes and is parsed again only on export.
Then it walks the whole setup and the six-month back-fill of two contracts at 10,000 calls a
month on the default skin and prints the size of the exported capture (must stay < 2 MB).
The call list is cut at ``Capture.max_rows`` rows (the count left out is noted), which keeps
both the size and the pass bounded whatever the month holds.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.ocn_dotphone.client import AuthMethod, OcnMyPageClient
from custom_components.ocn_dotphone.client.capture import Capture
from custom_components.ocn_dotphone.client.parsers import read_page
from ocn_simulator import SKINS, Simulator, demo_account
from ocn_simulator.data import JST, SimAccount, SimContract, build_statement, generate_calls
from ocn_simulator.skins import make_skin

MONTH = date(2026, 10, 1)
CONTRACT = SimContract("C0000000001", "05011112222")
CALLS = 10_000
RUNS = 9


def page(skin_name: str) -> tuple[bytes, str]:
    """A statement page of CALLS calls in a skin's markup and encoding."""
    skin = make_skin(skin_name)
    statement = build_statement(CONTRACT, MONTH, generate_calls(1, "C0000000001", MONTH, CALLS))
    months = [date(2026, m, 1) for m in range(11, 4, -1)]
    account = SimAccount("a@ocn.ne.jp", "-", "09000000000", "N0000000000", [CONTRACT])
    text = skin.statement(
        account,
        CONTRACT,
        "TOKEN",
        months=months,
        statement=statement,
        now=datetime(2026, 11, 1, tzinfo=JST),
    )
    return skin.encode(text), skin.charset


def median(func) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


URL = "https://mypage.example/ip050"


def record(capture: Capture, body: bytes, doc, kind: str, charset: str) -> None:
    """What the client does with each page it loads: hand it to the capture."""
    capture.record(
        method="POST",
        url=URL,
        pairs=[("token", "TOKEN")],
        form_charset=charset,
        history=[],
        status=200,
        final_url=URL,
        content_type=f"text/html; charset={charset}",
        charset=charset,
        body=body,
        doc=doc,
        kind=kind,
    )


def recorded_and_read(body: bytes, doc, kind: str, charset: str) -> None:
    capture = Capture()
    record(capture, body, doc, kind, charset)
    capture.export()


def per_skin() -> None:
    print(f"{CALLS:,} calls a month, one page of it per skin")
    print(
        f"{'skin':>8} {'page KiB':>9} {'read ms':>8} {'record ms':>10} {'ratio':>6} "
        f"{'+export ms':>11} {'ratio':>6} {'KiB kept':>9}"
    )
    for name in SKINS:
        body, charset = page(name)
        doc, _, kind = read_page(body, charset, URL)
        read = median(lambda body=body, charset=charset: read_page(body, charset, URL))
        cost = median(
            lambda body=body, doc=doc, kind=kind, charset=charset: record(
                Capture(), body, doc, kind, charset
            )
        )
        full = median(
            lambda body=body, doc=doc, kind=kind, charset=charset: recorded_and_read(
                body, doc, kind, charset
            )
        )
        capture = Capture()
        record(capture, body, doc, kind, charset)
        kept = len(json.dumps(capture.export(), ensure_ascii=False).encode())
        print(
            f"{name:>8} {len(body) / 1024:>9.0f} {read * 1e3:>8.1f} {cost * 1e3:>10.2f} "
            f"{cost / read:>6.2f} {full * 1e3:>11.2f} {full / read:>6.2f} {kept / 1024:>9.0f}"
        )


async def whole_walk() -> None:
    account = demo_account()
    sim = Simulator([account], calls_per_month=CALLS)
    await sim.start()
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            client = OcnMyPageClient(http, sim.base_url, min_interval=0)
            await client.login(account.username, account.password)
            await client.submit_contact_number(account.contact_phone)
            await client.request_code(AuthMethod.SMS)
            await client.submit_code(sim.last_code())
            found = await client.get_account()
            pages = 0
            for contract in found.contracts:
                for month in await client.list_months(contract):
                    await client.fetch_statement(contract, month)
                    pages += 1
            size = len(json.dumps(client.capture.export(), ensure_ascii=False).encode())
    finally:
        await sim.stop()
    print(
        f"setup and back-fill of {len(found.contracts)} contracts, {pages} statement pages of "
        f"{CALLS:,} calls: capture {size / 2**20:.2f} MB (limit 2 MB)"
    )


if __name__ == "__main__":
    per_skin()
    asyncio.run(whole_walk())
