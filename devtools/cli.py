"""The options of ``scripts/develop``, readable before anything is installed.

Only the standard library here: ``scripts/develop --help`` answers from any Python 3 at
once, before ``scripts/setup`` has made the virtual environment.
"""

from __future__ import annotations

import argparse

# ocn_simulator.SKINS, written out so that the help needs no third-party package
# (tests/test_develop.py checks that they agree).
SKIN_NAMES = ("classic", "legacy", "portal", "spa", "compact", "frames", "script", "mixed")
LANGUAGES = ("en", "ja")


def parser() -> argparse.ArgumentParser:
    """The options, with their help."""
    found = argparse.ArgumentParser(
        prog="scripts/develop", description="Home Assistant with OCN ドットフォン and its simulator"
    )
    found.add_argument(
        "--demo",
        action="store_true",
        help="add the integration through the API, print the sensors and stop",
    )
    found.add_argument(
        "--language",
        choices=LANGUAGES,
        default="en",
        help="Home Assistant's language, the example dashboard's and this console's (default: en)",
    )
    found.add_argument(
        "--skin",
        choices=SKIN_NAMES,
        default="classic",
        help="the simulated site's markup (default: classic; see python -m ocn_simulator)",
    )
    found.add_argument(
        "--ha-port",
        type=int,
        help="Home Assistant's port (default: 8123; with --demo, a free one)",
    )
    found.add_argument(
        "--sim-port",
        type=int,
        help="the simulator's port (default: 8765; with --demo, a free one)",
    )
    return found


if __name__ == "__main__":
    parser().parse_args()
