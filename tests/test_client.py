"""The client walks the simulator over HTTP, as a person walks OCN My Page, on every skin."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie

import aiohttp
import pytest
from yarl import URL

from custom_components.ocn_dotphone.client import (
    AuthMethod,
    CannotConnect,
    CodeExpired,
    CodeRequired,
    ContactNumberAmbiguous,
    ContactNumberMismatch,
    Contract,
    InvalidCode,
    InvalidCredentials,
    LoginResult,
    Maintenance,
    OcnMyPageClient,
    SessionExpired,
    TooManyAttempts,
    UnrecognizedPage,
)
from ocn_simulator import SimContract, Simulator

from .helpers import (
    CONTRACT,
    CUSTOMER_NUMBER,
    MOBILE,
    PASSWORD,
    USERNAME,
    make_account,
    wrong_code,
)

pytestmark = pytest.mark.every_skin

FIXED_LINE = "0312345678"


async def walk_to_code(client: OcnMyPageClient, phone: str = MOBILE) -> tuple[AuthMethod, ...]:
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    return await client.submit_contact_number(phone)


async def sign_in(client: OcnMyPageClient, sim: Simulator) -> None:
    """The whole walk by SMS, with the code the phone received."""
    await walk_to_code(client)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(sim.last_code())


def rewrite_statements(simulator: Simulator, rewrite: Callable[[str], str]) -> None:
    """Have the simulator's ⑨ pages pass through ``rewrite``: markup no skin has."""
    render = simulator.skin.statement
    simulator.skin.statement = lambda *args, **kwargs: rewrite(render(*args, **kwargs))


async def signed_in_with_one_contract(
    simulator: Simulator, http: aiohttp.ClientSession
) -> tuple[OcnMyPageClient, Contract]:
    """A client signed in by SMS, and the account's only contract."""
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    (contract,) = (await client.get_account()).contracts
    return client, contract


@pytest.mark.parametrize("skin", ["classic"])
@pytest.mark.parametrize(
    "shape",
    [
        "calls_in_two_tables",
        "calls_under_day_rows",
        "calls_table_per_day",
        "calls_in_two_rows",
        "calls_header_apart",
    ],
)
async def test_call_lists_in_other_shapes(
    simulator: Simulator, http: aiohttp.ClientSession, shape: str
) -> None:
    """A call list as two tables (発信, then 着信 with header words of its own and no
    charges), naming each day once (in a row across it, or in a heading over a table of
    its own) with each call's time alone, giving each call two rows under a header of
    two, or printing the header in a table of its own above the calls': the month's calls
    are read all the same.
    """
    setattr(simulator.skin, shape, True)
    client, contract = await signed_in_with_one_contract(simulator, http)
    for month in simulator.months()[:3]:
        expected = simulator.statement(contract.contract_number, month)
        statement = await client.fetch_statement(contract, month, all_calls=True)
        assert statement.total == expected.total
        assert sorted(
            (c.started_at, c.other_party, c.duration, c.charge, c.call_type, c.chakuwari)
            for c in statement.calls
        ) == sorted(
            (
                c.started_at.replace(microsecond=0),
                c.other_party,
                timedelta(seconds=c.duration),
                c.charge,
                c.call_type,
                c.chakuwari,
            )
            for c in expected.calls
        )


@pytest.mark.parametrize("skin", ["classic"])
@pytest.mark.parametrize("header_apart", [False, True], ids=["one table", "header apart"])
async def test_a_total_printed_only_under_the_call_list(
    simulator: Simulator, http: aiohttp.ClientSession, header_apart: bool
) -> None:
    """⑨ without a summary, its total in the call list's foot across joined cells: that is
    the month's total, and the 合計 row is no call; the same under a header printed in a
    table of its own, which names no summary lines.
    """
    simulator.skin.total_in_call_list = True
    simulator.skin.calls_header_apart = header_apart
    client, contract = await signed_in_with_one_contract(simulator, http)
    for month in simulator.months()[:3]:
        expected = simulator.statement(contract.contract_number, month)
        statement = await client.fetch_statement(contract, month, all_calls=True)
        assert statement.total == expected.total
        assert statement.call_count == len(statement.calls) == len(expected.calls)
        assert statement.total_duration == expected.total_duration


@pytest.mark.parametrize("skin", ["classic"])
async def test_call_list_held_in_an_inline_frame(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """⑨ with its summary on the page and its call list in an iframe: the frame is read."""
    simulator.skin.calls_in_frame = True
    # A frame on another host (an advert, a tracker) comes first: it is never asked.
    rewrite_statements(
        simulator,
        lambda page: page.replace(
            "<iframe", '<iframe src="http://127.0.0.2:9/banner"></iframe><iframe', 1
        ),
    )
    client, contract = await signed_in_with_one_contract(simulator, http)
    for month in simulator.months()[:2]:
        expected = simulator.statement(contract.contract_number, month)
        statement = await client.fetch_statement(contract, month, all_calls=True)
        assert statement.total == expected.total
        assert [(c.started_at, c.other_party, c.charge) for c in statement.calls] == [
            (c.started_at.replace(microsecond=0), c.other_party, c.charge) for c in expected.calls
        ]
    assert simulator.requests["ip050_frame"] == sum(
        1 for m in simulator.months()[:2] if simulator.statement(contract.contract_number, m).calls
    )


async def test_full_walk_by_sms(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    methods = await walk_to_code(client, "０９０-1234 5678")
    assert set(methods) == {AuthMethod.SMS, AuthMethod.VOICE}
    assert simulator.outbox == []  # giving the number sends nothing

    await client.request_code(AuthMethod.SMS)
    assert [(s.to, s.method) for s in simulator.outbox] == [(MOBILE, "sms")]
    await client.submit_code(simulator.last_code())

    account = await client.get_account()
    assert account.customer_number == CUSTOMER_NUMBER
    assert [(c.contract_number, c.phone_number) for c in account.contracts] == [
        (CONTRACT.contract_number, CONTRACT.phone_number)
    ]
    months = await client.list_months(account.contracts[0])
    assert months == simulator.months()
    for month in (months[0], months[3]):
        statement = await client.fetch_statement(account.contracts[0], month, all_calls=True)
        expected = simulator.statement(CONTRACT.contract_number, month)
        assert statement.month == month
        assert statement.total == expected.total
        assert statement.call_charges == expected.call_charges
        assert statement.base_fee == expected.base_fee
        assert statement.chakuwari_discount == expected.chakuwari_discount
        assert statement.universal_service_fee == expected.universal_service_fee
        assert statement.tax_included is True
        assert statement.call_count == expected.call_count == len(statement.calls)
        assert statement.total_duration == expected.total_duration
        assert [(c.started_at, c.other_party, c.charge, c.chakuwari) for c in statement.calls] == [
            (c.started_at.replace(microsecond=0), c.other_party, c.charge, c.chakuwari)
            for c in expected.calls
        ]
    assert len(simulator.outbox) == 1


async def test_voice_only_for_a_fixed_line(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    sim = Simulator([make_account(FIXED_LINE)], calls_per_month=5, skin=skin)
    await sim.start()
    try:
        client = OcnMyPageClient(http, sim.base_url)
        assert await walk_to_code(client, "03-1234-5678") == (AuthMethod.VOICE,)
        with pytest.raises(UnrecognizedPage):
            await client.request_code(AuthMethod.SMS)
        await client.request_code(AuthMethod.VOICE)
        assert [(s.to, s.method) for s in sim.outbox] == [(FIXED_LINE, "voice")]
        await client.submit_code(sim.last_code())
        assert (await client.get_account()).customer_number == CUSTOMER_NUMBER
    finally:
        await sim.stop()


@pytest.mark.parametrize("skin", ["classic", "legacy"])
async def test_months_named_from_today(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    """ご確認月 naming its newest months 今月 and 先月, their values saying which: every
    month is offered and read, the current one first."""
    simulator.skin.months_from_today = True
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    contract = (await client.get_account()).contracts[0]
    assert await client.list_months(contract) == simulator.months()
    for month in simulator.months()[:3]:
        statement = await client.fetch_statement(contract, month)
        assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize("skin", ["classic"])
@pytest.mark.parametrize("shape", ["month_jump", "month_tabs"], ids=["jump menu", "tabs"])
async def test_months_that_open_their_address(
    simulator: Simulator, http: aiohttp.ClientSession, shape: str
) -> None:
    """ご確認月 as a select outside any form whose choice opens its month's address, or as
    tabs: a link per month to its statement, the month shown as plain text.
    """
    setattr(simulator.skin, shape, True)
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    contract = (await client.get_account()).contracts[0]
    assert await client.list_months(contract) == simulator.months()
    for month in reversed(simulator.months()[:3]):
        statement = await client.fetch_statement(contract, month)
        assert statement.month == month
        assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize("skin", ["classic"])
async def test_services_in_a_select(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    """料金・ご利用明細 offers the statements in a select beside 契約番号, with one 表示
    button: the 050IP電話利用明細 option is chosen for each contract.
    """
    simulator.skin.service_select = True
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    month = simulator.months()[0]
    for contract in (await client.get_account()).contracts:
        statement = await client.fetch_statement(contract, month)
        assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize(
    ("skin", "switch", "value"),
    [
        ("script", "menu_beside_frame", True),
        ("script", "frame_src_by_script", True),
        ("frames", "frameset_title", "050IP電話利用明細"),
        ("frames", "menu_posts", True),
    ],
    ids=[
        "a menu beside the content's frame",
        "a frame whose address a script sets",
        "a frameset titled after the statements",
        "a menu frame whose items post a form",
    ],
)
async def test_the_step_in_a_frame_is_read(
    simulator: Simulator, http: aiohttp.ClientSession, switch: str, value: object
) -> None:
    """A page that shows the site's menu beside the iframe of its content reads as the
    top, and the step in its frame is what is read; a frameset shows its frames whatever
    its title says (one titled 050IP電話利用明細 is the top its frames show). A frame
    that starts blank is read where the page's script points it once loaded. A menu whose
    料金・ご利用明細 posts a form by script is the top, then and on the next visit.
    """
    setattr(simulator.skin, switch, value)
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    contract = (await client.get_account()).contracts[0]
    month = simulator.months()[0]
    statement = await client.fetch_statement(contract, month)
    assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize(
    ("skin", "knob"),
    [
        ("classic", "months_billed"),
        ("portal", "months_billed"),
        ("classic", "months_as_radios"),
    ],
)
async def test_months_offered_otherwise(
    simulator: Simulator, http: aiohttp.ClientSession, knob: str
) -> None:
    """ご確認月 options named by the month billed, the month used in brackets
    (2027年1月ご請求分（12月ご利用分）), or months offered as radio buttons (2026年11月, the
    month shown checked) beside 表示: each is the month used, whose statement it opens.
    """
    setattr(simulator.skin, knob, True)
    client, contract = await signed_in_with_one_contract(simulator, http)
    assert await client.list_months(contract) == simulator.months()
    for month in simulator.months()[:3]:
        statement = await client.fetch_statement(contract, month)
        assert statement.month == month
        assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize("skin", ["classic", "portal"])
async def test_months_named_by_year_and_month_alone(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """ご確認月 options named 2026/11 are months, not the pages of a call list: a month's
    statement holds its own calls and no other month's.
    """
    simulator.skin.months_slashed = True
    client, contract = await signed_in_with_one_contract(simulator, http)
    assert await client.list_months(contract) == simulator.months()
    for month in simulator.months()[:2]:
        statement = await client.fetch_statement(contract, month, all_calls=True)
        expected = simulator.statement(contract.contract_number, month)
        assert statement.month == month
        assert [(c.started_at, c.charge) for c in statement.calls] == [
            (c.started_at.replace(microsecond=0), c.charge) for c in expected.calls
        ]


@pytest.mark.parametrize("skin", ["classic"])
@pytest.mark.parametrize(
    ("typed", "sent"),
    [(MOBILE, True), ("090 1234 5678", True), ("03-1234-5678", False)],
    ids=["digits", "spaced", "another number"],
)
async def test_a_contact_number_asked_for_with_hyphens(
    simulator: Simulator, http: aiohttp.ClientSession, typed: str, sent: bool
) -> None:
    """契約情報の確認 that asks for the number with its hyphens (ハイフン（-）を含めて入力)
    gets them where the number splits, however the person wrote it."""
    simulator.skin.contact_hyphens = True
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    if not sent:
        with pytest.raises(ContactNumberMismatch):
            await client.submit_contact_number(typed)
        return
    assert await client.submit_contact_number(typed)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(simulator.last_code())
    assert (await client.get_account()).contracts


@pytest.mark.parametrize("skin", ["frames"])
@pytest.mark.parametrize("joined", [False, True], ids=["boxes", "joined on submit"])
async def test_a_contact_number_whose_first_part_is_picked(
    simulator: Simulator, http: aiohttp.ClientSession, joined: bool
) -> None:
    """契約情報の確認 whose first box is a select of 070, 080, 090: the number's first
    part is picked there and the rest typed in the boxes after it; a number that none of
    them starts is not the registered one.
    """
    simulator.skin.contact_prefix_select = True
    simulator.skin.joined_on_submit = joined
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    with pytest.raises(ContactNumberMismatch):
        await client.submit_contact_number("03-1111-2222")
    assert await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(simulator.last_code())
    assert (await client.get_account()).contracts


@pytest.mark.parametrize("skin", ["frames"])
async def test_boxes_joined_as_the_form_is_sent(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """A form whose onsubmit joins the contact number's boxes (with hyphens) or the code's
    into a hidden field, which alone the site reads: the joined field is sent too, and a
    wrong code is still told from a right one.
    """
    simulator.skin.joined_on_submit = True
    client = OcnMyPageClient(http, simulator.base_url)
    await walk_to_code(client)
    await client.request_code(AuthMethod.SMS)
    wrong = "000000" if simulator.last_code() != "000000" else "111111"
    with pytest.raises(InvalidCode):
        await client.submit_code(wrong)
    await client.submit_code(simulator.last_code())
    contract = (await client.get_account()).contracts[0]
    month = simulator.months()[0]
    statement = await client.fetch_statement(contract, month)
    assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize("skin", ["classic", "spa"])
async def test_statements_listed_on_another_tab(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """料金・ご利用明細 that opens on its 請求情報照会 tab and lists the statements on its
    利用状況照会 tab: the tab is opened on the way, and each later visit finds it again.
    """
    simulator.skin.services_on_tab = True
    client, contract = await signed_in_with_one_contract(simulator, http)
    month = simulator.months()[0]
    statement = await client.fetch_statement(contract, month)
    assert statement.total == simulator.statement(contract.contract_number, month).total
    account = await client.get_account()
    assert [c.contract_number for c in account.contracts] == [contract.contract_number]


@pytest.mark.parametrize("skin", ["frames"])
async def test_an_only_contract_named_in_the_month_form(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """050IP電話利用明細 whose one form names the only contract in a row above ご確認月:
    the contract is named by its row, not by the months offered beside it."""
    simulator.skin.contract_in_form = True
    client, contract = await signed_in_with_one_contract(simulator, http)
    assert contract.label == "OCNドットフォン オフィス"
    month = simulator.months()[0]
    statement = await client.fetch_statement(contract, month)
    assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize("skin", ["classic"])
@pytest.mark.parametrize(
    "shape",
    ["table rows", "sections", "a form each", "one after another"],
    ids=["table rows", "sections", "forms", "flat"],
)
async def test_services_as_rows_with_the_same_button(
    simulator: Simulator, http: aiohttp.ClientSession, shape: str
) -> None:
    """料金・ご利用明細 with a 「明細を見る」 button in each service's row, a table's or a
    section of its own, in one form or each in a form of its own under the section's
    heading, or with nothing around each service (its heading, words and button one after
    another): the 050 row's.
    """
    simulator.skin.service_rows = True
    simulator.skin.service_sections = shape != "table rows"
    simulator.skin.service_forms = shape == "a form each"
    simulator.skin.service_flat = shape == "one after another"
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    (contract,) = (await client.get_account()).contracts
    month = simulator.months()[0]
    statement = await client.fetch_statement(contract, month)
    assert statement.total == simulator.statement(contract.contract_number, month).total


@pytest.mark.parametrize("skin", ["classic"])
@pytest.mark.parametrize("card", ["terms", "terms in divs", "tables", "tables of term pairs"])
async def test_calls_laid_out_as_cards(
    simulator: Simulator, http: aiohttp.ClientSession, card: str
) -> None:
    """⑨ with a term list per call, as a phone-sized site shows calls: every call is read,
    the cards' terms (通話料金, 通話時間) are no summary lines, and the summary as a term
    list beside the cards is read as the summary, not as a card. Each term may stand with
    its value in a div, in the cards and in the summary alike. A card may be a small table
    of its own instead, beside the summary's table, with a term or two to a row."""
    simulator.skin.calls_as_cards = True
    simulator.skin.card_groups = card == "terms in divs"
    simulator.skin.card_tables = card.startswith("tables")
    simulator.skin.card_pairs = card == "tables of term pairs"
    grouped = card == "terms in divs"
    pair = r"<div><dt>\1</dt><dd>\2</dd></div>" if grouped else r"<dt>\1</dt><dd>\2</dd>"

    def summary_beside_cards(page: str) -> str:
        table = re.search(r'<table class="summary">.*?</table>', page, re.S)
        assert table is not None
        terms = re.sub(r"<tr[^>]*><th>(.*?)</th><td>(.*?)</td></tr>", pair, table[0])
        summary = re.sub(r"<table[^>]*>|</table>|<caption>.*?</caption>", "", terms)
        page = page.replace(table[0], "" if "call-cards" in page else f"<dl>{summary}</dl>")
        return page.replace(
            '<div class="call-cards">', f'<div class="call-cards"><dl>{summary}</dl>'
        )

    if not card.startswith("tables"):
        rewrite_statements(simulator, summary_beside_cards)
    client, contract = await signed_in_with_one_contract(simulator, http)
    for month in simulator.months()[:2]:
        expected = simulator.statement(contract.contract_number, month)
        statement = await client.fetch_statement(contract, month, all_calls=True)
        assert (statement.total, statement.call_charges) == (expected.total, expected.call_charges)
        assert [(c.started_at, c.other_party, c.charge, c.chakuwari) for c in statement.calls] == [
            (c.started_at.replace(microsecond=0), c.other_party, c.charge, c.chakuwari)
            for c in expected.calls
        ]


@pytest.mark.parametrize("skin", ["classic"])
async def test_total_before_and_after_tax(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """A summary with the total before tax, the tax and the total billed: the billed one."""

    def with_tax_lines(page: str) -> str:
        def lines(total: re.Match[str]) -> str:
            billed = Decimal(total[1].replace(",", ""))
            before = (billed / Decimal("1.1")).quantize(Decimal(1))
            return (
                f"<tr><th>合計（税抜）</th><td>{before:,}円</td></tr>"
                f"<tr><th>消費税等（10%）</th><td>{billed - before:,}円</td></tr>"
                f"<tr><th>ご請求金額合計（税込）</th><td>{total[1]}円</td></tr>"
            )

        page = page.replace(
            "<caption>ご利用金額（税込）</caption>", "<caption>ご利用金額</caption>"
        )
        return re.sub(r'<tr class="total"><th>合計</th><td>([\d,.]+)円</td></tr>', lines, page)

    rewrite_statements(simulator, with_tax_lines)
    client, contract = await signed_in_with_one_contract(simulator, http)
    for month in simulator.months()[:2]:
        statement = await client.fetch_statement(contract, month)
        assert statement.total == simulator.statement(contract.contract_number, month).total
        assert statement.tax_included


async def test_resend_issues_a_new_code(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await walk_to_code(client)
    await client.request_code(AuthMethod.SMS)
    first = simulator.last_code()
    await client.resend_code()
    assert len(simulator.outbox) == 2
    if simulator.last_code() != first:
        with pytest.raises(InvalidCode):
            await client.submit_code(first)
    await client.submit_code(simulator.last_code())
    assert (await client.get_account()).contracts


async def test_wrong_password(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    with pytest.raises(InvalidCredentials) as err:
        await client.login(USERNAME, "wrong password")
    assert "wrong password" not in str(err.value)


async def test_unknown_ocn_id(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    with pytest.raises(InvalidCredentials):
        await OcnMyPageClient(http, simulator.base_url).login("nobody@ocn.ne.jp", PASSWORD)


async def test_repeated_wrong_passwords_lock_the_login(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await client.login(USERNAME, "wrong")
    with pytest.raises(TooManyAttempts):
        await client.login(USERNAME, "wrong")
    with pytest.raises(TooManyAttempts):
        await client.login(USERNAME, PASSWORD)


async def test_contact_number_not_registered(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    with pytest.raises(ContactNumberMismatch):
        await walk_to_code(client, "08099998888")
    assert simulator.outbox == []


async def test_wrong_code_then_right_code(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await walk_to_code(client)
    await client.request_code(AuthMethod.VOICE)
    wrong = wrong_code(simulator)
    with pytest.raises(InvalidCode):
        await client.submit_code(wrong)
    await client.submit_code("".join(chr(ord(d) + 0xFEE0) for d in simulator.last_code()))
    assert (await client.get_account()).contracts


async def test_too_many_wrong_codes(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await walk_to_code(client)
    await client.request_code(AuthMethod.SMS)
    wrong = wrong_code(simulator)
    for _ in range(4):
        with pytest.raises(InvalidCode):
            await client.submit_code(wrong)
    with pytest.raises(TooManyAttempts):
        await client.submit_code(wrong)
    assert len(simulator.outbox) == 1  # nothing was re-sent on the user's behalf


# Hints a page may show at all times, worded as the errors are: a test of reading only
# what a submit added.
STANDING_HINTS = (
    "<p>認証番号の有効期限は30分です。</p>"
    "<p>パスワードを一定回数以上間違えると、ログインが制限されます。</p>"
)


async def test_errors_in_plain_paragraphs_beside_standing_hints(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """An error in a bare paragraph (no role, class or colour) on pages whose standing hints
    name a code's lifetime and a lock-out: the words the answer added are the message. A
    warning of a lock-out in it, or a count of the attempts left, is no lock-out; a reminder
    of the code's lifetime, or advice for when it is over, is no expiry."""
    simulator.skin.error_box = lambda message: (
        STANDING_HINTS
        + (
            f"<p>{html.escape(message)}有効期限内に入力してください。"
            "有効期限を過ぎた場合は、認証番号を再送信してください。"
            "5回続けて誤るとロックされます。</p><p>残り入力回数：2回</p>"
            if message
            else ""
        )
    )
    client = OcnMyPageClient(http, simulator.base_url)
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            await client.login(USERNAME, "wrong")
    await walk_to_code(client)
    await client.request_code(AuthMethod.SMS)
    wrong = wrong_code(simulator)
    for _ in range(2):  # the second answer repeats the first one's message
        with pytest.raises(InvalidCode):
            await client.submit_code(wrong)
    simulator.advance(timedelta(minutes=31))
    with pytest.raises(CodeExpired):
        await client.submit_code(simulator.last_code())


async def test_expired_code_then_a_new_one(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await walk_to_code(client)
    await client.request_code(AuthMethod.SMS)
    simulator.advance(timedelta(minutes=31))
    with pytest.raises(CodeExpired):
        await client.submit_code(simulator.last_code())
    assert len(simulator.outbox) == 1
    await client.request_code(AuthMethod.VOICE)
    assert [s.method for s in simulator.outbox] == ["sms", "voice"]
    await client.submit_code(simulator.last_code())
    assert (await client.get_account()).contracts


async def test_newer_layout_picks_the_number_from_a_list(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    sim = Simulator([make_account()], calls_per_month=5, layout="modern", skin=skin)
    await sim.start()
    try:
        client = OcnMyPageClient(http, sim.base_url)
        assert set(await walk_to_code(client)) == {AuthMethod.SMS, AuthMethod.VOICE}
        assert sim.outbox == []
        await client.request_code(AuthMethod.SMS)
        await client.submit_code(sim.last_code())
        assert (await client.get_account()).customer_number == CUSTOMER_NUMBER
        other = OcnMyPageClient(http, sim.base_url)
        sim.forget_devices()
        sim.expire_sessions()
        with pytest.raises(ContactNumberMismatch):
            await walk_to_code(other, "09012340000")
    finally:
        await sim.stop()


@pytest.mark.parametrize("shown", ["stars", "crosses", "ending"])
async def test_newer_layout_picks_the_number_from_radio_buttons(
    socket_enabled: None, http: aiohttp.ClientSession, shown: str
) -> None:
    """The registered numbers as radio buttons, another number first, their digits hidden
    behind * or ×, or shown by their last four alone (末尾5678): the contact number's own
    is chosen, and a number none of them shows is refused before any code.
    """
    sim = Simulator([make_account()], calls_per_month=5, layout="modern", skin="classic")
    sim.skin.contact_radios = True
    sim.skin.contact_shown = shown
    await sim.start()
    try:
        client = OcnMyPageClient(http, sim.base_url)
        assert set(await walk_to_code(client)) == {AuthMethod.SMS, AuthMethod.VOICE}
        await client.request_code(AuthMethod.VOICE)
        assert [s.method for s in sim.outbox] == ["voice"]
        await client.submit_code(sim.last_code())
        assert (await client.get_account()).customer_number == CUSTOMER_NUMBER
        sim.forget_devices()
        sim.expire_sessions()
        with pytest.raises(ContactNumberMismatch):
            await walk_to_code(OcnMyPageClient(http, sim.base_url), "09012349999")
        assert len(sim.outbox) == 1
    finally:
        await sim.stop()


async def test_two_registered_numbers_with_the_same_last_digits_are_not_guessed_between(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    """Numbers shown by their last four digits alone, two of them alike (末尾0000): no
    number is picked and no code is sent, where a guess could send it to another phone; the
    user is told why.
    """
    sim = Simulator(
        [make_account("09011110000")], calls_per_month=5, layout="modern", skin="classic"
    )
    sim.skin.contact_radios = True
    sim.skin.contact_shown = "ending"
    await sim.start()
    try:
        with pytest.raises(ContactNumberAmbiguous):
            await walk_to_code(OcnMyPageClient(http, sim.base_url), "09011110000")
        assert sim.outbox == []
    finally:
        await sim.stop()


@pytest.mark.parametrize("skin", ["classic"])
async def test_methods_as_links(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    """ご連絡方法の選択 with a plain link per method: none is followed until a method is
    asked for, then only that one.
    """
    simulator.skin.method_links = True
    client = OcnMyPageClient(http, simulator.base_url)
    assert set(await walk_to_code(client)) == {AuthMethod.SMS, AuthMethod.VOICE}
    assert simulator.outbox == []
    await client.request_code(AuthMethod.VOICE)
    assert [s.method for s in simulator.outbox] == ["voice"]
    await client.submit_code(simulator.last_code())
    assert (await client.get_account()).customer_number == CUSTOMER_NUMBER


async def test_session_export_and_import_skips_the_code(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    state = client.export_session()
    assert PASSWORD not in str(state)

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as fresh:
        restored = OcnMyPageClient(fresh, simulator.base_url)
        restored.import_session(state)
        assert restored.export_session() == state  # nothing lost on the way, lifetimes included
        account = await restored.get_account()  # the live session: no login at all
        assert account.customer_number == CUSTOMER_NUMBER

        simulator.expire_sessions()  # the session lapses, the browser stays remembered
        with pytest.raises(SessionExpired):
            await restored.get_account()
        assert await restored.login(USERNAME, PASSWORD) == LoginResult.AUTHENTICATED
        assert (await restored.get_account()).contracts
    assert len(simulator.outbox) == 1


async def test_cookies_keep_their_scope_across_a_restart() -> None:
    """A cookie set without a Domain reaches its own host only, after the restore as before."""
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as before,
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as after,
    ):
        before.cookie_jar.update_cookies({"MYPAGE": "host"}, URL("http://mypage.example/"))
        parent = SimpleCookie()
        parent["LOGIN"] = "domain"
        parent["LOGIN"]["domain"] = "example"
        before.cookie_jar.update_cookies(parent, URL("http://login.example/"))
        state = OcnMyPageClient(before, "http://mypage.example/").export_session()
        OcnMyPageClient(after, "http://mypage.example/").import_session(state)
        for session in (before, after):
            own = session.cookie_jar.filter_cookies(URL("http://mypage.example/"))
            sub = session.cookie_jar.filter_cookies(URL("http://app.mypage.example/"))
            assert (set(own), set(sub)) == ({"MYPAGE", "LOGIN"}, {"LOGIN"})


async def test_lapse_that_needs_a_new_code(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    simulator.advance(timedelta(hours=13))  # past the session lifetime
    with pytest.raises(SessionExpired):
        await client.get_account()
    simulator.forget_devices()
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    with pytest.raises(CodeRequired):
        await client.get_account()
    assert len(simulator.outbox) == 1


async def test_several_contracts(
    socket_enabled: None, http: aiohttp.ClientSession, skin: str
) -> None:
    second = SimContract("C0000000002", "05033334444", "050あんしんナンバー")
    sim = Simulator([make_account(contracts=[CONTRACT, second])], calls_per_month=8, skin=skin)
    await sim.start()
    try:
        client = OcnMyPageClient(http, sim.base_url)
        await sign_in(client, sim)
        account = await client.get_account()
        assert [c.phone_number for c in account.contracts] == ["05011112222", "05033334444"]
        assert account.contracts[1].label == "050あんしんナンバー"
        month = sim.months()[1]
        for contract in account.contracts:
            statement = await client.fetch_statement(contract, month)
            assert statement.total == sim.statement(contract.contract_number, month).total
    finally:
        await sim.stop()


async def test_month_not_offered(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    contract = (await client.get_account()).contracts[0]
    with pytest.raises(UnrecognizedPage):
        await client.fetch_statement(contract, simulator.months()[-1].replace(year=2020))


async def test_maintenance_with_end_time(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    simulator.maintenance_until = datetime(2026, 12, 1, 6, 0, tzinfo=simulator.now().tzinfo)
    with pytest.raises(Maintenance) as err:
        await OcnMyPageClient(http, simulator.base_url).login(USERNAME, PASSWORD)
    assert err.value.until == simulator.maintenance_until
    simulator.maintenance_until = None
    simulator.maintenance = True
    with pytest.raises(Maintenance) as err:
        await OcnMyPageClient(http, simulator.base_url).login(USERNAME, PASSWORD)
    assert err.value.until is None


async def test_server_error(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    simulator.fail_status = 500
    with pytest.raises(CannotConnect):
        await OcnMyPageClient(http, simulator.base_url).login(USERNAME, PASSWORD)


async def test_hang_times_out(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    simulator.hang = True
    client = OcnMyPageClient(http, simulator.base_url, request_timeout=0.3)
    with pytest.raises(CannotConnect):
        await client.login(USERNAME, PASSWORD)


async def test_truncated_page(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    simulator.truncate = True
    # A cut-off answer is a transfer fault, not a new layout: no repair issue follows.
    with pytest.raises(CannotConnect) as err:
        await OcnMyPageClient(http, simulator.base_url).login(USERNAME, PASSWORD)
    assert USERNAME not in str(err.value)


async def test_nothing_listening(socket_enabled: None, http: aiohttp.ClientSession) -> None:
    sim = Simulator([make_account()])
    url = await sim.start()
    await sim.stop()
    with pytest.raises(CannotConnect):
        await OcnMyPageClient(http, url).login(USERNAME, PASSWORD)


async def test_code_steps_out_of_order(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    with pytest.raises(UnrecognizedPage):
        await client.submit_code("123456")
    with pytest.raises(UnrecognizedPage):
        await client.request_code(AuthMethod.SMS)
    assert simulator.outbox == []


async def test_a_new_visit_reads_the_new_month(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    contract = (await client.get_account()).contracts[0]
    before = await client.list_months(contract)
    simulator.into_next_month()
    assert await client.login(USERNAME, PASSWORD) == LoginResult.AUTHENTICATED
    after = await client.list_months((await client.get_account()).contracts[0])
    assert after[0] > before[0]
    assert after[1] == before[0]


async def test_a_statement_read_twice_is_asked_for_twice(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    client = OcnMyPageClient(http, simulator.base_url)
    await sign_in(client, simulator)
    contract = (await client.get_account()).contracts[0]
    month = (await client.list_months(contract))[1]
    first = await client.fetch_statement(contract, month)
    simulator.revise(CONTRACT.contract_number, month)  # the operator corrects the month
    revised = simulator.statement(CONTRACT.contract_number, month)
    assert revised.total != first.total
    assert (await client.fetch_statement(contract, month)).total == revised.total
