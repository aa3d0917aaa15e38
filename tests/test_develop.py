"""The non-interactive form of scripts/develop: a whole Home Assistant against the simulator."""

from __future__ import annotations

import re
import subprocess
import sys

from devtools.cli import SKIN_NAMES
from devtools.console import MESSAGES, say
from devtools.develop import shown
from devtools.harness import ROOT, free_port
from ocn_simulator import SKINS

YEN = re.compile(r"¥[0-9]{1,3}(?:,[0-9]{3})*")
DURATION = re.compile(r" [0-9]+ min [0-5][0-9] s$")


def test_help_answers_before_anything_is_installed() -> None:
    """scripts/develop --help runs on a bare Python 3, without the virtual environment."""
    done = subprocess.run(
        ["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "bash", "scripts/develop", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--sim-port" in done.stdout
    assert (*SKINS, "mixed") == SKIN_NAMES


def test_figures_read_as_people_write_them() -> None:
    minutes = {"state": "39.7666666666667", "attributes": {"unit_of_measurement": "min"}}
    yen = {"state": "12345.0", "attributes": {"unit_of_measurement": "JPY"}}
    assert (shown(minutes, "en"), shown(yen, "en")) == ("39 min 46 s", "¥12,345")
    assert (shown(minutes, "ja"), shown(yen, "ja")) == ("39分46秒", "12,345 円")


def test_the_console_speaks_japanese() -> None:
    """Every message has its Japanese, with the same blanks, and no English words in it."""
    fields = re.compile(r"{(\w+)")
    assert MESSAGES["ja"].keys() == MESSAGES["en"].keys()
    for key, english in MESSAGES["en"].items():
        japanese = MESSAGES["ja"][key]
        assert set(fields.findall(japanese)) == set(fields.findall(english)), key
        words = re.sub(
            r"{[^}]*}|OCN|ID|SMS|Home Assistant|Ctrl\+C|config/[\w.-]+|_sim/\w+", "", japanese
        )
        assert not re.search(r"[A-Za-z]{3,}", words), (key, words)
    assert say("ja", "stopped_cleanly") == "正常に停止しました。"


def test_demo_adds_the_integration_and_prints_every_sensor(socket_enabled: None) -> None:
    """Onboarding, the config flow with the SMS code and the first data, over the real API.

    On the legacy skin (Shift_JIS, image buttons, an interstitial): the browser test walks
    the default one.
    """
    ha_port, sim_port = free_port(), free_port()
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "devtools",
            "--demo",
            "--skin",
            "legacy",
            "--ha-port",
            str(ha_port),
            "--sim-port",
            str(sim_port),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    # The ports asked for.
    assert lines[0] == (
        f"Starting the simulator at http://127.0.0.1:{sim_port}/ and Home Assistant at "
        f"http://127.0.0.1:{ha_port}/ ..."
    )
    assert "Created 'OCN My Page'; waiting for the first data ..." in lines
    # Both contracts of the demo account, every sensor with a value.
    for phone in ("050-1111-2222", "050-3333-4444"):
        shown = [line.split() for line in lines if line.strip().startswith(phone)]
        # Yen as people write them (¥1,100), durations in minutes and seconds (39 min 46 s).
        names = {" ".join(words[1:-1]) for words in shown if YEN.fullmatch(words[-1])}
        assert names == {
            "Base fee",
            "Call charges",
            "Chakuwari discount",
            "Current month total",
            "Last month total",
            "Projected month total",
        }
        # With the call count, the duration and the projection; the last-update sensor is
        # disabled by default.
        assert len(shown) == 8
        assert any(DURATION.search(" ".join(words)) for words in shown)
    assert "The example dashboard shows 11 of the integration's entities." in lines
    # A rare crash of Home Assistant 2025.4 while it stops is reported, not failed on.
    assert lines[-1] in ("Stopped cleanly.", "Stopped after every step passed.")
