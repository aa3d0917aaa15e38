"""Run the simulator for a person: ``python -m ocn_simulator --port 8765 [--skin NAME]``.

``--replay CAPTURE.json`` serves a capture from the integration's diagnostics instead.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from datetime import timedelta

from . import SKINS, Simulator, demo_account
from .skins import load_capture


async def _serve(args: argparse.Namespace) -> None:
    sim = Simulator(
        [demo_account()],
        calls_per_month=args.calls,
        session_lifetime=timedelta(minutes=args.session_minutes),
        layout=args.layout,
        login_host=args.login_host,
        login_choice=args.login_choice,
        skin="replay" if args.replay else args.skin,
        skin_seed=args.skin_seed,
        replay=args.replay,
    )
    sim.console_language = args.language
    url = await sim.start(args.host, args.port)
    account = demo_account()
    if args.replay:
        print(f"OCN My Page replayed from {args.replay} at {url}")
        print("  any OCN ID, password and contact number; codes appear below")
        await _wait(sim)
        return
    print(f"OCN My Page simulator at {url} (skin {args.skin})")
    print(f"  OCN ID: {account.username}  password: {account.password}")
    print(
        f"  contact number: {account.contact_phone}  (codes appear below and at {url}_sim/outbox)"
    )
    await _wait(sim)


async def _wait(sim: Simulator) -> None:
    try:
        await asyncio.Event().wait()
    finally:
        await sim.stop()


def main() -> None:
    """Parse the options and serve until interrupted."""
    parser = argparse.ArgumentParser(description="OCN My Page simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--calls", type=int, default=40, help="calls per contract and month")
    parser.add_argument("--session-minutes", type=float, default=720)
    parser.add_argument(
        "--layout",
        choices=("classic", "modern"),
        help="default: the skin's (classic but for mixed)",
    )
    parser.add_argument("--login-host", help="serve the login on this second host, e.g. localhost")
    parser.add_argument(
        "--login-choice", action="store_true", help="show the dアカウント / OCN ID choice first"
    )
    parser.add_argument(
        "--skin",
        default="classic",
        help=f"the pages' markup: {', '.join(SKINS)} or mixed; 'list' prints them",
    )
    parser.add_argument(
        "--skin-seed", type=int, default=0, help="which rendering the mixed skin picks per page"
    )
    parser.add_argument(
        "--language",
        choices=("en", "ja"),
        default="en",
        help="the language of the codes printed on this console",
    )
    parser.add_argument(
        "--replay",
        metavar="CAPTURE.json",
        help="serve a capture (or a diagnostics download holding one) instead of a skin",
    )
    args = parser.parse_args()
    if args.skin == "list":
        print("\n".join((*SKINS, "mixed")))
        return
    if args.replay:
        try:
            load_capture(args.replay)
        except (OSError, ValueError) as err:
            parser.error(f"cannot replay {args.replay}: {err}")
    elif args.skin not in (*SKINS, "mixed"):
        parser.error(f"unknown skin {args.skin!r}; choose one of {', '.join((*SKINS, 'mixed'))}")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
