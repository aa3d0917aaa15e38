"""``scripts/develop``: Home Assistant with the integration, against the simulator.

Without options it runs until Ctrl+C for a person to click through. With ``--demo`` it
adds the integration over Home Assistant's own HTTP API, prints every sensor and stops;
the exit status says whether every step worked.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import IO, Any

import aiohttp

from ocn_simulator import demo_account

from .cli import parser
from .console import say
from .harness import (
    CONFIG_TEMPLATE,
    HA_PASSWORD,
    HA_USERNAME,
    HarnessError,
    HomeAssistantProcess,
    SimulatorProcess,
    add_integration,
    dashboard_entities,
    free_port,
    port_in_use,
    wait_for_sensors,
)

DASHBOARD = "ocn-charges"
DEFAULT_HA_PORT = 8123
DEFAULT_SIM_PORT = 8765


def _start(
    config_dir: Path,
    args: argparse.Namespace,
    ports: tuple[int, int],
    ha_log: IO[str],
    sim_output: IO[str] | None,
) -> tuple[HomeAssistantProcess, SimulatorProcess]:
    ha_port, sim_port = ports
    sim = SimulatorProcess(sim_port, sim_output, "--skin", args.skin, "--language", args.language)
    ha = HomeAssistantProcess(config_dir, ha_port, ha_log, args.language)
    return ha, sim


async def _ready(
    ha: HomeAssistantProcess, sim: SimulatorProcess, http: aiohttp.ClientSession
) -> None:
    """Wait for both; onboard a new configuration, log in to a reused one; set the language."""
    await sim.wait_ready(http)
    await ha.wait_started(http)
    if ha.needs_onboarding:
        await ha.onboard(http)
    else:
        await ha.login(http)
    await ha.wait_running(http)
    await ha.set_language(http)


async def develop(args: argparse.Namespace) -> int:
    """Run both until Ctrl+C; the simulator's codes appear on this console."""
    args.ha_port = args.ha_port or DEFAULT_HA_PORT
    args.sim_port = args.sim_port or DEFAULT_SIM_PORT
    for port, option in ((args.ha_port, "--ha-port"), (args.sim_port, "--sim-port")):
        if port_in_use(port):
            print(say(args.language, "port_in_use", port=port, option=option))
            return 1
    _stop_on_sigterm()
    log_path = CONFIG_TEMPLATE / "console.log"
    with log_path.open("w") as ha_log:
        ha, sim = _start(CONFIG_TEMPLATE, args, (args.ha_port, args.sim_port), ha_log, None)
        try:
            async with aiohttp.ClientSession() as http:
                print(say(args.language, "starting_ha"))
                await _ready(ha, sim, http)
                _print_guide(args.language, ha, sim)
                while True:
                    ha.process.check_alive()
                    sim.process.check_alive()
                    await asyncio.sleep(1)
        except HarnessError as err:
            print(say(args.language, "stopped", error=err, log=log_path), file=sys.stderr)
            return 1
        finally:
            print(say(args.language, "stopping"))
            ha.stop()
            sim.stop()


def _stop_on_sigterm() -> None:
    """Let a plain ``kill`` stop the children too, as Ctrl+C does."""
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)


def _print_guide(language: str, ha: HomeAssistantProcess, sim: SimulatorProcess) -> None:
    account = demo_account()
    guide = say(
        language,
        "guide",
        ha_url=ha.url,
        user=HA_USERNAME,
        password=HA_PASSWORD,
        username=account.username,
        ocn_password=account.password,
        phone=account.contact_phone,
        sim_url=sim.base_url,
        dashboard=DASHBOARD,
    )
    print(guide, flush=True)


async def demo(args: argparse.Namespace) -> int:
    """Add the integration over the API, print the sensors, stop; 0 only if all worked."""
    _stop_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="ocn-demo-") as tmp:
        config_dir = Path(tmp) / "config"
        log_path = Path(tmp) / "console.log"
        with log_path.open("w") as log:
            # Free ports unless told: a demo runs beside a Home Assistant already running.
            ports = (args.ha_port or free_port(), args.sim_port or free_port())
            ha, sim = _start(config_dir, args, ports, log, log)
            try:
                async with aiohttp.ClientSession() as http:
                    await _demo_steps(args.language, ha, sim, http)
            except (HarnessError, aiohttp.ClientError) as err:
                print(say(args.language, "failed", error=err), file=sys.stderr)
                _print_tail(args.language, log_path, config_dir / "home-assistant.log")
                return 1
            finally:
                ha_status = ha.stop()
                sim.stop()
        if ha_status is not None and ha_status < 0:
            # Every step passed; Home Assistant 2025.4 has been seen to die by a signal
            # (SIGSEGV) while it stops, now and then, with nothing in its log. Say so.
            print(say(args.language, "died", signal=-ha_status), file=sys.stderr)
            print(say(args.language, "passed_then_died"))
            return 0
        if ha_status not in (0, None):
            print(say(args.language, "exit_status", status=ha_status), file=sys.stderr)
            return 1
    print(say(args.language, "stopped_cleanly"))
    return 0


async def _demo_steps(
    language: str, ha: HomeAssistantProcess, sim: SimulatorProcess, http: aiohttp.ClientSession
) -> None:
    print(say(language, "demo_start", sim_url=sim.base_url, ha_url=ha.url))
    await _ready(ha, sim, http)
    print(say(language, "demo_adding"))
    seen = len(await sim.outbox(http))
    entry = await add_integration(ha, http, sim.base_url, lambda: sim.next_code(http, seen))
    print(say(language, "demo_created", title=entry["title"]))
    states = await wait_for_sensors(ha, http)
    names = {key: state["attributes"].get("friendly_name", key) for key, state in states.items()}
    width = max(columns(name) for name in names.values())
    for entity_id, state in sorted(states.items()):
        name = names[entity_id]
        padding = " " * (width - columns(name))
        print(f"  {name}{padding}  {shown(state, ha.language)}")
    dashboard = await ha.websocket(http, {"type": "lovelace/config", "url_path": DASHBOARD})
    named = dashboard_entities(dashboard)
    if missing := sorted(named - (await ha.states(http)).keys()):
        raise HarnessError(f"The example dashboard names unknown entities: {missing}")
    print(say(language, "demo_dashboard", count=len(named)))


def columns(text: str) -> int:
    """How many columns a console gives a text: two for each wide (Japanese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shown(state: dict[str, Any], language: str) -> str:
    """A sensor's state as a person reads it: yen with commas, minutes and seconds."""
    value, unit = state["state"], state["attributes"].get("unit_of_measurement", "")
    try:
        number = float(value)
    except ValueError:
        return f"{value} {unit}".rstrip()
    if unit == "JPY":
        return f"{number:,.0f} 円" if language == "ja" else f"¥{number:,.0f}"
    if unit == "min":
        minutes, seconds = divmod(round(number * 60), 60)
        return (
            f"{minutes}分{seconds:02d}秒" if language == "ja" else f"{minutes} min {seconds:02d} s"
        )
    return f"{value} {unit}".rstrip()


def _print_tail(language: str, *paths: Path, lines: int = 40) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            print(say(language, "last_lines", name=path.name), *tail, sep="\n", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run."""
    args = parser().parse_args(argv)
    try:
        return asyncio.run(demo(args) if args.demo else develop(args))
    except (KeyboardInterrupt, asyncio.CancelledError):
        return 130
