"""A restart with a live session, as a user's update does: ``.venv/bin/python benchmarks/restart.py``.

Starts Home Assistant with the development configuration, adds the demo account (two 050
numbers) against a simulator that keeps running, lets the back-fill finish, then restarts
Home Assistant a few times: with the entry, and with the entry disabled for comparison.
Each restart is timed from the new process to the end of startup (state RUNNING), with the
client's one-second pause between page loads; Home Assistant's own record of the
integration's setup time and the pages the site served before startup ended are printed
too. The daily re-reading of the closed months is made due before each restart, so that
the back-fill has work to do at every start: startup must not wait for it.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.harness import (
    DOMAIN,
    HomeAssistantProcess,
    add_integration,
    free_port,
    onboarded_home_assistant,
    wait_for,
)
from ocn_simulator import Simulator, demo_account

RUNS = 3


def make_recheck_due(config_dir: Path, entry_id: str) -> None:
    """Date the last re-reading of the closed months two days back (Home Assistant stopped)."""
    path = config_dir / ".storage" / f"{DOMAIN}.{entry_id}"
    stored = json.loads(path.read_text())
    stored["data"]["history_checked_at"] = "2000-01-01T00:00:00+00:00"
    path.write_text(json.dumps(stored))


async def quiet(sim: Simulator, seconds: float = 5) -> None:
    """Wait until the site has served no page for ``seconds`` (the back-fill is done)."""
    last, since = -1, time.monotonic()
    while time.monotonic() - since < seconds:
        await asyncio.sleep(0.5)
        if (served := sum(sim.requests.values())) != last:
            last, since = served, time.monotonic()


async def restart(
    ha: HomeAssistantProcess, http: aiohttp.ClientSession, sim: Simulator, entry_id: str
) -> tuple[HomeAssistantProcess, float, float | None, int]:
    """Restart Home Assistant; return it, the seconds to RUNNING, our setup seconds, pages."""
    ha.stop()
    if entry_id:
        make_recheck_due(ha.config_dir, entry_id)
    served = sum(sim.requests.values())
    start = time.perf_counter()
    new = HomeAssistantProcess(ha.config_dir, int(ha.url.rsplit(":", 1)[1]), ha.log)
    await new.wait_started(http)
    await new.login(http)
    await new.wait_running(http)
    seconds = time.perf_counter() - start
    pages = sum(sim.requests.values()) - served
    setup = await new.websocket(http, {"type": "integration/setup_info"})
    ours = next((item["seconds"] for item in setup if item["domain"] == DOMAIN), None)
    return new, seconds, ours, pages


async def main() -> None:
    sim = Simulator([demo_account()])
    await sim.start("127.0.0.1", free_port())
    try:
        async with onboarded_home_assistant("ocn-restart-") as (ha, http):

            async def sent() -> bool:
                return bool(sim.outbox)

            async def read_code() -> str:
                await wait_for(sent, 30, "the SMS")
                return sim.last_code()

            entry = await add_integration(ha, http, sim.base_url, read_code)
            await quiet(sim)
            running = ha
            try:
                print(f"{'restart':<16} {'median s':>9} {'setup s':>8} {'pages':>6}  runs (s)")
                for label, entry_id in (
                    ("with the entry", entry["entry_id"]),
                    ("entry disabled", ""),
                ):
                    if not entry_id:
                        await running.websocket(
                            http,
                            {
                                "type": "config_entries/disable",
                                "entry_id": entry["entry_id"],
                                "disabled_by": "user",
                            },
                        )
                    runs, setups, pages = [], [], []
                    for _ in range(RUNS):
                        running, seconds, ours, served = await restart(running, http, sim, entry_id)
                        runs.append(seconds)
                        setups.append(ours or 0.0)
                        pages.append(served)
                        await quiet(sim)
                    shown = " ".join(f"{seconds:.2f}" for seconds in runs)
                    print(
                        f"{label:<16} {statistics.median(runs):>9.2f} "
                        f"{statistics.median(setups):>8.2f} {statistics.median(pages):>6.0f}"
                        f"  {shown}"
                    )
            finally:
                running.stop()
    finally:
        await sim.stop()


if __name__ == "__main__":
    asyncio.run(main())
