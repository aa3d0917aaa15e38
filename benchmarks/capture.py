"""Capture size and cost at 10,000 calls a month: ``.venv/bin/python benchmarks/capture.py``.

Per skin, for one 050IP電話利用明細 page of 10,000 calls it prints the median time the client
takes to read the page (``read_page``: parse, forms, page kind), the median time the capture
adds (``Capture.record`` on the tree already parsed: the sanitising pass), their ratio (the
capture must cost no more than one extra parse), and the page's size in the capture.
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


def record(capture: Capture, doc, kind: str, charset: str) -> None:
    """What the client does with each page it loads: hand the parsed tree to the capture."""
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
        doc=doc,
        kind=kind,
    )


def per_skin() -> None:
    print(f"{CALLS:,} calls a page")
    print(
        f"{'skin':>8} {'page KiB':>9} {'read ms':>8} {'capture ms':>11} {'ratio':>6} {'KiB kept':>9}"
    )
    for name in SKINS:
        body, charset = page(name)
        doc, _, kind = read_page(body, charset, URL)
        read = median(lambda body=body, charset=charset: read_page(body, charset, URL))
        cost = median(
            lambda doc=doc, kind=kind, charset=charset: record(Capture(), doc, kind, charset)
        )
        capture = Capture()
        record(capture, doc, kind, charset)
        kept = len(json.dumps(capture.export(), ensure_ascii=False).encode())
        print(
            f"{name:>8} {len(body) / 1024:>9.0f} {read * 1e3:>8.1f} {cost * 1e3:>11.2f} "
            f"{cost / read:>6.2f} {kept / 1024:>9.0f}"
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
