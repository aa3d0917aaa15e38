"""The simulator keeps the guide's rules and shows a person what a phone would."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import aiohttp
import pytest

from custom_components.ocn_dotphone.client import AuthMethod, OcnMyPageClient
from ocn_simulator import Simulator

from .helpers import CONTRACT, MOBILE, PASSWORD, USERNAME, make_account


async def test_outbox_and_request_counts_over_http(
    simulator: Simulator, http: aiohttp.ClientSession, capsys: pytest.CaptureFixture[str]
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await client.login(USERNAME, PASSWORD)
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    async with http.get(f"{simulator.base_url}_sim/outbox") as response:
        outbox = await response.json()
    assert [(s["to"], s["method"], s["code"]) for s in outbox] == [
        (MOBILE, "sms", simulator.last_code())
    ]
    assert simulator.last_code() in capsys.readouterr().out  # the console stands in for the phone
    async with http.get(f"{simulator.base_url}_sim/requests") as response:
        counts = await response.json()
    assert counts["login"] == 2  # the form, then its submission
    assert counts["verify_method"] == 2


async def test_control_over_http(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    async with http.post(f"{simulator.base_url}_sim/control", json={"maintenance": True}) as r:
        assert r.status == 200
    async with http.get(simulator.base_url) as response:
        assert response.status == 503
        assert "メンテナンス" in await response.text()
    async with http.post(
        f"{simulator.base_url}_sim/control",
        json={"maintenance": False, "advance_minutes": 90, "expire_sessions": True},
    ):
        pass
    async with http.get(simulator.base_url) as response:
        assert response.status == 200
        assert "ログイン" in await response.text()

    # A call listed by hand, as a person tries call events: in its month's statement.
    contract = next(iter(simulator.accounts.values())).contracts[0].contract_number
    async with http.post(
        f"{simulator.base_url}_sim/control",
        json={"add_call": {"minutes_ago": 40, "duration": 2100, "other_party": "09011112222"}},
    ) as response:
        assert response.status == 200
    now = simulator.now()
    calls = simulator.statement(contract, date(now.year, now.month, 1)).calls
    assert [
        (c.duration, now - c.started_at >= timedelta(minutes=40))
        for c in calls
        if c.other_party == "09011112222"
    ] == [(2100, True)]


def test_statements_are_deterministic_and_keep_the_rules() -> None:
    first = Simulator([make_account()], calls_per_month=200, seed=7)
    second = Simulator([make_account()], calls_per_month=200, seed=7)
    month = first.months()[1]
    a = first.statement(CONTRACT.contract_number, month)
    b = second.statement(CONTRACT.contract_number, month)
    assert a == b
    assert a.call_count == 200
    incoming = sum(c.duration for c in a.calls if c.chakuwari) // 60
    assert a.chakuwari_discount == min(Decimal("0.5") * incoming // 1, a.call_charges)
    assert a.total == a.base_fee + a.call_charges - a.chakuwari_discount + a.universal_service_fee
    assert all(c.charge == 0 for c in a.calls if c.call_type == "着信")


def test_current_month_grows_with_the_clock() -> None:
    sim = Simulator([make_account()], calls_per_month=300)
    current = sim.months()[0]
    before = sim.statement(CONTRACT.contract_number, current)
    assert all(c.started_at <= sim.now() for c in before.calls)
    sim.advance(timedelta(days=3))
    if sim.months()[0] == current:
        assert sim.statement(CONTRACT.contract_number, current).call_count >= before.call_count


def test_revised_month_changes() -> None:
    sim = Simulator([make_account()], calls_per_month=50)
    month = sim.months()[2]
    before = sim.statement(CONTRACT.contract_number, month)
    sim.revise(CONTRACT.contract_number, month)
    assert sim.statement(CONTRACT.contract_number, month).calls != before.calls


def test_months_offered() -> None:
    sim = Simulator([make_account()])
    months = sim.months()
    assert len(months) == 7  # six past months and the current one
    assert months == sorted(months, reverse=True)
    assert months[0].day == 1
