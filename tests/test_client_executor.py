"""The client's parse_executor hook: pages are parsed where the caller says."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from custom_components.ocn_dotphone.client import AuthMethod, OcnMyPageClient
from custom_components.ocn_dotphone.client import client as client_module
from ocn_simulator import Simulator

from .helpers import CONTRACT, PASSWORD, USERNAME


async def test_parsing_runs_in_the_given_executor(
    simulator: Simulator, http: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large pages and statements are parsed off the event loop's thread."""
    monkeypatch.setattr(client_module, "LARGE_PAGE", 0)  # here every page counts as large
    loop_thread = threading.get_ident()
    parsed_in: list[tuple[str, int]] = []
    for name in ("read_page", "parse_statement"):
        original = getattr(client_module, name)

        def recorded(*args: Any, _original: Callable[..., Any] = original) -> Any:
            parsed_in.append((_original.__name__, threading.get_ident()))
            return _original(*args)

        monkeypatch.setattr(client_module, name, recorded)

    async def executor(func: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, func, *args)

    client = OcnMyPageClient(http, simulator.base_url, parse_executor=executor)
    await client.login(USERNAME, PASSWORD)
    await client.submit_contact_number(simulator.accounts[USERNAME].contact_phone)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(simulator.last_code())
    contract = (await client.get_account()).contracts[0]
    month = simulator.months()[1]
    statement = await client.fetch_statement(contract, month)

    expected = simulator.statement(CONTRACT.contract_number, month)
    assert statement.total == expected.total
    assert statement.call_count == expected.call_count
    names = [name for name, _ in parsed_in]
    assert names.count("parse_statement") == 1
    assert names.count("read_page") >= 6
    assert all(thread != loop_thread for _, thread in parsed_in)
