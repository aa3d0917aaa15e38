"""Refresh cost against the simulator: ``.venv/bin/python benchmarks/refresh.py``.

For an account with two 050 contracts it prints, per kind of refresh, the requests the
simulator served and the median time without the pause between page loads (the client's own
cost) and the time of one run with the default pause (what a refresh takes in practice):

- cold start: the site session has lapsed; log in with the remembered browser, read the
  contract list, and every month the site offers for each contract (nothing stored yet:
  the first setup's back-fill of six closed months and the current one);
- warm restart: stored cookies still good and closed months stored; read the contract list
  and the current month of each contract;
- steady state: the same client a refresh later: the current month of each contract only;
- steady, new call: the same, with a call added on the site since the refresh before: the
  new call is found in the current month's page, with no request more (the last column
  counts the calls found new, as the Call event would fire them).

It does so on the classic skin and on the portal skin, whose call list of 40 calls takes two
pages of 25: there the first reading of a month reads every page (the latest call is on the
last), a steady refresh page 1 alone, and a refresh with a new call the page that holds it.
A refresh that read a further page leaves it open, so the one after it costs one request
more, to open the contract's statement again.

The walk is the one ``OcnCoordinator`` makes. Then, for a month of 10,000 calls, it prints
the longest time the event loop was blocked while the page was read and parsed, on the loop
and with ``parse_executor`` (as Home Assistant runs it), median of several runs.

The simulator runs on a thread of its own so that its page building does not count.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.ocn_dotphone.calls import CallMark, calls_wanted, new_calls
from custom_components.ocn_dotphone.client import AuthMethod, OcnMyPageClient
from custom_components.ocn_dotphone.data import MonthFigures
from ocn_simulator import SimAccount, SimCall, SimContract, Simulator

RUNS = 7
ACCOUNT = SimAccount(
    username="bench@ocn.ne.jp",
    password="bench pass 050",
    contact_phone="09012345678",
    customer_number="N1234567890",
    contracts=[
        SimContract("C0000000001", "05011112222", "OCNドットフォン オフィス"),
        SimContract("C0000000002", "05033334444", "050あんしんナンバー"),
    ],
)


class SimulatorThread:
    """A simulator serving from its own event loop and thread."""

    def __init__(self, calls_per_month: int, skin: str = "classic") -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.sim = Simulator([ACCOUNT], calls_per_month=calls_per_month, skin=skin)
        self.url = self.call(self.sim.start())

    def call(self, coro: Awaitable[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def run(self, func: Callable[[], Any]) -> Any:
        async def wrapped() -> Any:
            return func()

        return self.call(wrapped())

    def requests(self) -> int:
        return self.run(lambda: sum(self.sim.requests.values()))

    def stop(self) -> None:
        self.call(self.sim.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)


async def walk(
    client: OcnMyPageClient,
    reuse: bool,
    closed: dict[str, set[date]],
    marks: dict[str, CallMark],
) -> int:
    """Do what one coordinator refresh asks of the client (outside the daily re-check).

    Returns how many calls it found new.
    """
    found = 0
    account = await client.get_account(reuse=reuse)
    for contract in account.contracts:
        months = await client.list_months(contract)
        since, seen = calls_wanted(marks.get(contract.contract_number))
        statement = await client.fetch_statement(
            contract, months[0], calls_since=since, seen_count=seen
        )
        current = MonthFigures.from_statement(statement)
        calls = list(statement.calls)
        known = closed.setdefault(contract.contract_number, set())
        for month in months[1:]:
            if month not in known:
                calls.extend((await client.fetch_statement(contract, month)).calls)
                known.add(month)
        fresh, marks[contract.contract_number] = new_calls(
            marks.get(contract.contract_number),
            calls,
            current.started,
            current.call_count,
        )
        found += len(fresh)
    return found


async def sign_in(server: SimulatorThread) -> dict[str, Any]:
    """Cookies of a finished sign-in (session and remembered browser)."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        client = OcnMyPageClient(http, server.url, min_interval=0)
        await client.login(ACCOUNT.username, ACCOUNT.password)
        await client.submit_contact_number(ACCOUNT.contact_phone)
        await client.request_code(AuthMethod.SMS)
        await client.submit_code(server.run(server.sim.last_code))
        return client.export_session()


def add_call(sim: Simulator) -> None:
    """Someone just made a call on the first contract."""
    sim.add_call(
        ACCOUNT.contracts[0].contract_number,
        SimCall(
            started_at=(sim.now() - timedelta(seconds=30)).replace(microsecond=0),
            other_party="0101442079460000",
            duration=300,
            charge=Decimal(400),
            call_type="国際電話",
            chakuwari=False,
        ),
    )


async def scenario(server: SimulatorThread, kind: str, pause: float) -> tuple[int, float, int]:
    """Requests, seconds and calls found new of one refresh of the given kind."""
    cookies = await sign_in(server)
    closed: dict[str, set[date]] = {}
    marks: dict[str, CallMark] = {}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        client = OcnMyPageClient(http, server.url, min_interval=pause)
        client.import_session(cookies)
        if kind == "cold start":
            server.run(server.sim.expire_sessions)
            before, start = server.requests(), time.perf_counter()
            await client.login(ACCOUNT.username, ACCOUNT.password)
            found = await walk(client, False, closed, marks)
        else:
            # Fills the closed months and the calls seen, as the Store would.
            await walk(client, False, closed, marks)
            await asyncio.sleep(pause)
            if kind != "warm restart":
                # A refresh that read a further page leaves it open, and the next one opens
                # the statement again: steady is a refresh after one that read page 1 alone.
                await walk(client, True, closed, marks)
                await asyncio.sleep(pause)
            if kind == "warm restart":
                client = OcnMyPageClient(http, server.url, min_interval=pause)
            if kind == "steady, new call":
                server.run(lambda: add_call(server.sim))
            before, start = server.requests(), time.perf_counter()
            found = await walk(client, kind != "warm restart", closed, marks)
        return server.requests() - before, time.perf_counter() - start, found


async def blocked_while_parsing(server: SimulatorThread, offload: bool) -> float:
    """Longest event loop stall while a big month is fetched and parsed."""
    loop = asyncio.get_running_loop()
    executor = (lambda func, *args: loop.run_in_executor(None, func, *args)) if offload else None
    cookies = await sign_in(server)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        client = OcnMyPageClient(http, server.url, min_interval=0, parse_executor=executor)
        client.import_session(cookies)
        contract = (await client.get_account()).contracts[0]
        stalls: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            while not done.is_set():
                start = loop.time()
                await asyncio.sleep(0.001)
                stalls.append(loop.time() - start - 0.001)

        task = asyncio.create_task(ticker())
        months = await client.list_months(contract)
        statement = await client.fetch_statement(contract, months[1])
        done.set()
        await task
        assert len(statement.calls) == 10_000
        return max(stalls)


async def refreshes(skin: str) -> None:
    """Print the requests and times of each kind of refresh on one skin."""
    server = SimulatorThread(calls_per_month=40, skin=skin)
    print(
        f"{skin + ' skin':<17} {'requests':>8} {'ms, no pause':>13} {'s, 1 s pause':>13} "
        f"{'new calls':>9}"
    )
    try:
        for kind in ("cold start", "warm restart", "steady state", "steady, new call"):
            runs = [await scenario(server, kind, 0) for _ in range(RUNS)]
            requests = {r for r, _, _ in runs}
            found = {n for _, _, n in runs}
            paced = await scenario(server, kind, 1.0)
            print(
                f"{kind:<17} {'/'.join(map(str, sorted(requests))):>8} "
                f"{statistics.median(t for _, t, _ in runs) * 1e3:>13.1f} {paced[1]:>13.2f} "
                f"{'/'.join(map(str, sorted(found))):>9}"
            )
    finally:
        server.stop()


async def main() -> None:
    for skin in ("classic", "portal"):
        await refreshes(skin)
        print()

    # Month of 10,000 calls: 1.3 MB of HTML. Only the last closed month is complete.
    server = SimulatorThread(calls_per_month=10_000)
    try:
        on_loop = [await blocked_while_parsing(server, False) for _ in range(RUNS)]
        off_loop = [await blocked_while_parsing(server, True) for _ in range(RUNS)]
    finally:
        server.stop()
    a, b = statistics.median(on_loop), statistics.median(off_loop)
    print("longest event loop stall while a 10,000-call month is read (median of runs)")
    print(f"  parsed on the loop       {a * 1e3:8.1f} ms")
    print(f"  parse_executor (thread)  {b * 1e3:8.1f} ms   ratio {a / b:.0f}x")


if __name__ == "__main__":
    asyncio.run(main())
