"""Home Assistant and the simulator as separate processes, driven over their own HTTP APIs.

Shared by ``scripts/develop``, its non-interactive demo and the tests that need a whole
Home Assistant with its frontend (the browser test), so all of them start things the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import IO, Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
CONFIG_TEMPLATE = ROOT / "config"
EXAMPLES = ROOT / "examples"
DOMAIN = "ocn_dotphone"

# The owner that onboarding creates; a development instance on loopback only.
HA_NAME = "Developer"
HA_USERNAME = "dev"
HA_PASSWORD = "dev-password"  # noqa: S105 - a local development login, printed for the user

# What onboarding sets up by itself (homeassistant/components/onboarding/views.py).
ONBOARDING_EXTRAS = frozenset({"google_translate", "met", "radio_browser", "shopping_list"})

# Home Assistant on two shared cores can take a while, mostly for the recorder and frontend.
HA_START_TIMEOUT = 240.0
# No single request may hold a wait up: one that hangs fails and is tried again.
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=20)


class HarnessError(Exception):
    """A step of starting or driving Home Assistant failed."""


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    """Whether something listens on the loopback port already."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


#: Home Assistant's language -> the example dashboard in that language, and its sidebar title.
DASHBOARDS = {"en": "dashboard.yaml", "ja": "dashboard_ja.yaml"}
DASHBOARD_TITLES = {"en": "OCN charges", "ja": "OCN 料金"}


def prepare_config(config_dir: Path, language: str = "en") -> None:
    """Make ``config_dir`` a development configuration.

    Links the integration, the example dashboard in ``language`` and the blueprints into
    it, so edits in the repository show on the next restart, and creates the files that
    the UI editors write to.
    """
    config_dir.mkdir(parents=True, exist_ok=True)
    if config_dir.resolve() != CONFIG_TEMPLATE.resolve():
        shutil.copy(CONFIG_TEMPLATE / "configuration.yaml", config_dir / "configuration.yaml")
    links = {
        config_dir / "custom_components" / DOMAIN: ROOT / "custom_components" / DOMAIN,
        config_dir / "dashboards" / "ocn_charges.yaml": EXAMPLES / DASHBOARDS[language],
        config_dir / "blueprints" / "automation" / DOMAIN / "monthly_total_threshold.yaml": (
            EXAMPLES / "blueprints" / "monthly_total_threshold.yaml"
        ),
    }
    for blueprint in (ROOT / "blueprints" / "automation" / DOMAIN).glob("*.yaml"):
        links[config_dir / "blueprints" / "automation" / DOMAIN / blueprint.name] = blueprint
    for link, target in links.items():
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() and link.readlink() != target:
            link.unlink()  # left by a checkout that has moved
        if not link.is_symlink():
            link.symlink_to(target)
    automations = config_dir / "automations.yaml"
    if not automations.exists():
        automations.write_text("[]\n")


async def wait_for(
    check: Callable[[], Awaitable[Any]], within: float, what: str, interval: float = 0.5
) -> Any:
    """Poll ``check`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + within
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if result := await check():
                return result
        except (aiohttp.ClientError, OSError, TimeoutError) as err:
            last_error = err
        await asyncio.sleep(interval)
    detail = f" (last error: {last_error})" if last_error else ""
    raise HarnessError(f"Timed out after {within:.0f} s waiting for {what}{detail}")


class Process:
    """A child process in its own process group, stopped with SIGINT then SIGKILL."""

    def __init__(self, name: str, args: list[str], output: IO[str] | None, **kwargs: Any) -> None:
        """Start it; ``output`` None leaves stdout and stderr on the console."""
        self.name = name
        self._proc = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            args,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
            **kwargs,
        )

    def check_alive(self) -> None:
        """Fail if the process has ended."""
        if (code := self._proc.poll()) is not None:
            raise HarnessError(f"{self.name} exited with status {code}")

    def stop(self, timeout: float = 30) -> int | None:
        """Ask it to stop, as Ctrl+C would; kill it if it does not."""
        if self._proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, signal.SIGINT)
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait()
        return self._proc.returncode


class SimulatorProcess:
    """``python -m ocn_simulator`` on a loopback port."""

    def __init__(self, port: int, output: IO[str] | None = None, *extra: str) -> None:
        """Start it; codes it sends are printed to ``output``, as a phone would show them."""
        self.base_url = f"http://127.0.0.1:{port}/"
        self.process = Process(
            "The simulator",
            [sys.executable, "-u", "-m", "ocn_simulator", "--port", str(port), *extra],
            output,
            cwd=ROOT,
        )

    async def wait_ready(self, http: aiohttp.ClientSession) -> None:
        """Wait until it answers."""

        async def ready() -> bool:
            self.process.check_alive()
            async with http.get(self.base_url + "_sim/outbox", timeout=REQUEST_TIMEOUT) as response:
                return response.status == 200

        await wait_for(ready, 30, "the simulator")

    async def outbox(self, http: aiohttp.ClientSession) -> list[dict[str, Any]]:
        """Every code sent so far, oldest first."""
        async with http.get(self.base_url + "_sim/outbox") as response:
            response.raise_for_status()
            return await response.json()

    async def next_code(self, http: aiohttp.ClientSession, seen: int, within: float = 30) -> str:
        """The code of the first message after the ``seen`` ones already in the outbox."""

        async def arrived() -> str | None:
            sent = await self.outbox(http)
            return sent[seen]["code"] if len(sent) > seen else None

        return await wait_for(arrived, within, "a code in the simulator's outbox")

    async def control(self, http: aiohttp.ClientSession, **switches: Any) -> None:
        """Flip the simulator's switches (expire_sessions, forget_devices, ...)."""
        async with http.post(self.base_url + "_sim/control", json=switches) as response:
            response.raise_for_status()

    def stop(self) -> None:
        """Stop serving."""
        self.process.stop()


class HomeAssistantProcess:
    """``python -m homeassistant`` with a development configuration, and its HTTP API."""

    def __init__(self, config_dir: Path, port: int, log: IO[str], language: str = "en") -> None:
        """Start it on ``port`` in ``language`` (en or ja); what it prints goes to ``log``."""
        self.config_dir = config_dir
        self.log = log
        self.language = language
        self.url = f"http://127.0.0.1:{port}"
        # The client id of OAuth in Home Assistant is the address of the app using it.
        self.client_id = self.url + "/"
        self.token: str | None = None
        # Onboarding keeps its progress here from its first step on.
        self.needs_onboarding = not (config_dir / ".storage" / "onboarding").exists()
        prepare_config(config_dir, language)
        self.process = Process(
            "Home Assistant",
            # Every requirement is pinned in requirements_dev.txt: nothing to install.
            [sys.executable, "-m", "homeassistant", "-c", str(config_dir), "--skip-pip"],
            log,
            env=os.environ
            | {"OCN_DEV_HA_PORT": str(port), "OCN_DEV_DASHBOARD_TITLE": DASHBOARD_TITLES[language]},
        )

    def stop(self) -> int | None:
        """Stop Home Assistant; it saves its state on the way out."""
        return self.process.stop(60)

    # --- plain HTTP ---------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(
        self, http: aiohttp.ClientSession, method: str, path: str, **kwargs: Any
    ) -> Any:
        """Call the API; fail with the response text on an error status."""
        async with http.request(
            method, self.url + path, headers=self._headers(), timeout=REQUEST_TIMEOUT, **kwargs
        ) as response:
            if response.status >= 400:
                text = await response.text()
                raise HarnessError(f"{method} {path} answered {response.status}: {text[:300]}")
            if response.content_type == "application/json":
                return await response.json()
            return await response.text()

    async def wait_started(self, http: aiohttp.ClientSession) -> None:
        """Wait until the HTTP server answers what the next step needs.

        Onboarding answers only until it is done; the login page's providers only after.
        """
        path = "/api/onboarding" if self.needs_onboarding else "/auth/providers"

        async def answers() -> bool:
            self.process.check_alive()
            async with http.get(self.url + path, timeout=REQUEST_TIMEOUT) as response:
                return response.status == 200

        await wait_for(answers, HA_START_TIMEOUT, "Home Assistant to start")

    async def wait_running(self, http: aiohttp.ClientSession) -> None:
        """Wait until startup is over (every integration set up), which needs a token."""

        async def running() -> bool:
            self.process.check_alive()
            return (await self.request(http, "GET", "/api/config"))["state"] == "RUNNING"

        await wait_for(running, HA_START_TIMEOUT, "Home Assistant to finish starting")

    # --- onboarding and login -------------------------------------------------------

    async def onboard(self, http: aiohttp.ClientSession) -> None:
        """Create the owner and finish onboarding, as the first screens of the UI do."""
        created = await self.request(
            http,
            "POST",
            "/api/onboarding/users",
            json={
                "client_id": self.client_id,
                "name": HA_NAME,
                "username": HA_USERNAME,
                "password": HA_PASSWORD,
                "language": self.language,
            },
        )
        await self._token(http, created["auth_code"])
        await self.request(http, "POST", "/api/onboarding/core_config", json={})
        await self.request(http, "POST", "/api/onboarding/analytics", json={})
        await self.request(
            http,
            "POST",
            "/api/onboarding/integration",
            json={"client_id": self.client_id, "redirect_uri": self.client_id},
        )
        await self._remove_onboarding_extras(http)

    async def _remove_onboarding_extras(self, http: aiohttp.ClientSession) -> None:
        """Remove the integrations onboarding adds on its own, in the background.

        Google Translate would fail to set up without its packages (nothing is installed
        at startup here), and none of them belong on a development instance. Shopping
        List is added without any network, so its entry shows that the others are done.
        """

        async def entries() -> list[dict[str, Any]]:
            found = await self.request(http, "GET", "/api/config/config_entries/entry")
            return [entry for entry in found if entry["domain"] in ONBOARDING_EXTRAS]

        async def shopping_list_added() -> bool:
            return any(entry["domain"] == "shopping_list" for entry in await entries())

        with contextlib.suppress(HarnessError):
            await wait_for(shopping_list_added, 30, "onboarding's own integrations")
        for entry in await entries():
            await self.request(
                http, "DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}"
            )

    async def login(self, http: aiohttp.ClientSession) -> None:
        """Log in as the owner through the login flow the login page uses."""
        flow = await self.request(
            http,
            "POST",
            "/auth/login_flow",
            json={
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.client_id,
            },
        )
        result = await self.request(
            http,
            "POST",
            f"/auth/login_flow/{flow['flow_id']}",
            json={
                "client_id": self.client_id,
                "username": HA_USERNAME,
                "password": HA_PASSWORD,
            },
        )
        if result.get("type") != "create_entry":
            raise HarnessError(f"Logging in to Home Assistant failed: {result.get('errors')}")
        await self._token(http, result["result"])

    async def _token(self, http: aiohttp.ClientSession, code: str) -> None:
        tokens = await self.request(
            http,
            "POST",
            "/auth/token",
            data={"grant_type": "authorization_code", "code": code, "client_id": self.client_id},
        )
        self.token = tokens["access_token"]

    async def websocket(self, http: aiohttp.ClientSession, message: dict[str, Any]) -> Any:
        """Send one command over the websocket API and return its result."""
        async with http.ws_connect(self.url + "/api/websocket") as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (reply := await ws.receive_json())["type"] != "auth_ok":
                raise HarnessError(f"Websocket login failed: {reply}")
            await ws.send_json({"id": 1, **message})
            reply = await ws.receive_json()
        if not reply.get("success"):
            raise HarnessError(f"{message['type']} failed: {reply.get('error')}")
        return reply.get("result")

    async def set_language(self, http: aiohttp.ClientSession) -> None:
        """Set Home Assistant's language and the owner's, as Settings and the profile do.

        Entity names, statistic names and the integration's dialogs follow the first;
        the frontend's own texts the second.
        """
        await self.websocket(http, {"type": "config/core/update", "language": self.language})
        await self.websocket(
            http,
            {
                "type": "frontend/set_user_data",
                "key": "language",
                "value": {"language": self.language, "number_format": "language"},
            },
        )

    # --- the integration --------------------------------------------------------------

    async def configure_flow(
        self, http: aiohttp.ClientSession, flow_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """Submit one step of a config flow."""
        return await self.request(
            http, "POST", f"/api/config/config_entries/flow/{flow_id}", json=data
        )

    async def states(self, http: aiohttp.ClientSession) -> dict[str, dict[str, Any]]:
        """Entity id -> state object of every entity."""
        return {
            state["entity_id"]: state for state in await self.request(http, "GET", "/api/states")
        }

    async def integration_entities(self, http: aiohttp.ClientSession) -> list[str]:
        """Entity ids of the integration, as the template helper lists them."""
        rendered = await self.request(
            http,
            "POST",
            "/api/template",
            json={"template": f"{{{{ integration_entities('{DOMAIN}') | sort | join(',') }}}}"},
        )
        return [entity for entity in rendered.split(",") if entity]


@contextlib.asynccontextmanager
async def onboarded_home_assistant(
    prefix: str, language: str = "en"
) -> AsyncIterator[tuple[HomeAssistantProcess, aiohttp.ClientSession]]:
    """Run a Home Assistant in a new temporary configuration, onboarded, with an API session.

    In ``language``: Home Assistant's own and its owner's (the frontend's).
    """
    with (
        tempfile.TemporaryDirectory(prefix=prefix) as tmp,
        (Path(tmp) / "console.log").open("w") as log,
    ):
        ha = HomeAssistantProcess(Path(tmp) / "config", free_port(), log, language)
        try:
            async with aiohttp.ClientSession() as http:
                await ha.wait_started(http)
                await ha.onboard(http)
                await ha.wait_running(http)
                await ha.set_language(http)
                yield ha, http
        finally:
            ha.stop()


async def add_integration(
    ha: HomeAssistantProcess,
    http: aiohttp.ClientSession,
    base_url: str,
    read_code: Callable[[], Awaitable[str]],
) -> dict[str, Any]:
    """Walk the config flow over the REST API for the demo account, as the dialog would.

    ``read_code`` returns the code the simulator sent, as the phone would show it; it
    is called once the SMS was asked for. Returns the created entry.
    """
    from ocn_simulator import demo_account

    account = demo_account()
    result = await ha.request(
        http, "POST", "/api/config/config_entries/flow", json={"handler": DOMAIN}
    )
    steps = [
        (
            "user",
            {
                "username": account.username,
                "password": account.password,
                "phone": account.contact_phone,
                # The site address, in its collapsed section: the simulator.
                "advanced": {"base_url": base_url},
            },
        ),
        ("method", {"method": "sms"}),
    ]
    for step_id, data in steps:
        _expect_form(result, step_id)
        result = await ha.configure_flow(http, result["flow_id"], data)
    _expect_form(result, "code")
    result = await ha.configure_flow(http, result["flow_id"], {"code": await read_code()})
    if result.get("type") != "create_entry":
        raise HarnessError(f"The code step did not create an entry: {_describe(result)}")
    return result["result"]


def _expect_form(result: dict[str, Any], step_id: str) -> None:
    if result.get("type") != "form" or result.get("step_id") != step_id:
        raise HarnessError(f"Expected the {step_id!r} form, got {_describe(result)}")
    if result.get("errors"):
        raise HarnessError(f"The {step_id!r} form shows errors: {result['errors']}")


def _describe(result: dict[str, Any]) -> str:
    return ", ".join(
        f"{key}={result[key]}" for key in ("type", "step_id", "reason", "errors") if result.get(key)
    )


async def wait_for_sensors(
    ha: HomeAssistantProcess, http: aiohttp.ClientSession, within: float = 120
) -> dict[str, dict[str, Any]]:
    """Wait until every sensor of the integration has a value; return their states."""

    async def valued() -> dict[str, dict[str, Any]] | None:
        entities = await ha.integration_entities(http)
        states = await ha.states(http)
        # Sensors only: an event entity stays unknown until its first event.
        found = {
            entity: states[entity]
            for entity in entities
            if entity in states and entity.startswith("sensor.")
        }
        if not found or any(
            state["state"] in ("unknown", "unavailable") for state in found.values()
        ):
            return None
        return found

    return await wait_for(valued, within, "the integration's sensors to show values", 1)


def dashboard_entities(config: Any) -> set[str]:
    """Every entity id a Lovelace configuration names, at any depth.

    Statistic ids (``ocn_dotphone:…``, with a colon) of statistics graphs are no entities.
    """
    found: set[str] = set()
    if isinstance(config, dict):
        for key, value in config.items():
            if key == "entity" and isinstance(value, str):
                found.add(value)
            elif key == "entities" and isinstance(value, list):
                found.update(item for item in value if isinstance(item, str))
            found |= dashboard_entities(value)
        found = {name for name in found if ":" not in name}
    elif isinstance(config, list):
        for item in config:
            found |= dashboard_entities(item)
    return found
