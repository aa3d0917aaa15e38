"""The non-interactive form of scripts/develop: a whole Home Assistant against the simulator."""

from __future__ import annotations

import subprocess
import sys

from devtools.harness import ROOT


def test_demo_adds_the_integration_and_prints_every_sensor() -> None:
    """Onboarding, the config flow with the SMS code and the first data, over the real API.

    On the legacy skin (Shift_JIS, image buttons, an interstitial): the browser test walks
    the default one.
    """
    done = subprocess.run(
        [sys.executable, "-m", "devtools", "--demo", "--skin", "legacy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "Created 'OCN N1234567890'; waiting for the first data ..." in lines
    # Both contracts of the demo account, every sensor with a value.
    for phone in ("050-1111-2222", "050-3333-4444"):
        shown = [line.split() for line in lines if line.strip().startswith(phone)]
        names = {" ".join(words[1:-2]) for words in shown if words[-1] == "JPY"}
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
    assert "The example dashboard shows 9 of these sensors." in lines
    assert lines[-1] == "Stopped cleanly."
