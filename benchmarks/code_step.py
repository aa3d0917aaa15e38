"""The code step as a user's app sees it: ``.venv/bin/python benchmarks/code_step.py``.

Starts Home Assistant with the development configuration (as ``scripts/develop`` does) and
the simulator with the demo account holding two, then five, 050 numbers, walks the config
flow over the REST API and times the submit of the code, from the request to the created
entry, with the client's one-second pause between page loads. Each run adds the account
anew (a new simulator, so a new code) and removes the entry afterwards. Prints each run's
seconds and the median.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.harness import HomeAssistantProcess, free_port, onboarded_home_assistant
from ocn_simulator import SimContract, Simulator, demo_account

RUNS = 5


async def code_step_seconds(
    ha: HomeAssistantProcess, http: aiohttp.ClientSession, count: int
) -> float:
    """Add the demo account with ``count`` numbers; return the seconds of the code's submit."""
    account = replace(
        demo_account(),
        contracts=[
            SimContract(f"C000000000{i}", f"050{i}000{i}{i}{i}{i}") for i in range(1, count + 1)
        ],
    )
    sim = Simulator([account])
    await sim.start("127.0.0.1", free_port())
    try:
        result = await ha.request(
            http,
            "POST",
            "/api/config/config_entries/flow",
            json={"handler": "ocn_dotphone"},
        )
        user = {
            "username": account.username,
            "password": account.password,
            "phone": account.contact_phone,
            "advanced": {"base_url": sim.base_url},
        }
        result = await ha.configure_flow(http, result["flow_id"], user)
        result = await ha.configure_flow(http, result["flow_id"], {"method": "sms"})
        start = time.perf_counter()
        result = await ha.configure_flow(http, result["flow_id"], {"code": sim.last_code()})
        seconds = time.perf_counter() - start
        assert result["type"] == "create_entry", result
        entry_id = result["result"]["entry_id"]
        await ha.request(http, "DELETE", f"/api/config/config_entries/entry/{entry_id}")
        return seconds
    finally:
        await sim.stop()


async def main() -> None:
    async with onboarded_home_assistant("ocn-code-step-") as (ha, http):
        print(f"{'contracts':>9} {'median s':>9}  runs")
        for count in (2, 5):
            runs = [await code_step_seconds(ha, http, count) for _ in range(RUNS)]
            shown = " ".join(f"{seconds:.2f}" for seconds in runs)
            print(f"{count:>9} {statistics.median(runs):>9.2f}  {shown}")


if __name__ == "__main__":
    asyncio.run(main())
