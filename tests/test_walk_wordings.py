"""The sign-in steps on pages worded otherwise than the skins word them, over HTTP.

Each case rewrites one page of the classic skin the way another site might word it, and
checks what a person would notice: which button went, which code the phone received.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import aiohttp
import pytest

from custom_components.ocn_dotphone.client import (
    AuthMethod,
    InvalidCode,
    LoginResult,
    OcnMyPageClient,
    UnrecognizedPage,
)
from ocn_simulator import Simulator

from .helpers import MOBILE, PASSWORD, USERNAME, wrong_code


def rewrite(simulator: Simulator, page: str, change: Callable[[str], str]) -> None:
    """Have the simulator's ``page`` (login, contact, method, code) pass through ``change``."""
    render = getattr(simulator.skin, page)

    def rendered(*args: object, **kwargs: object) -> str:
        html = render(*args, **kwargs)
        changed = change(html)
        assert changed != html, f"the {page} page was not rewritten"
        return changed

    setattr(simulator.skin, page, rendered)


def sent(simulator: Simulator) -> list[str]:
    """How each code went out, in order."""
    return [code.method for code in simulator.outbox]


RESEND = '<button type="submit" name="action" value="resend">再通知する</button>'
FORWARD = '<button type="submit" name="action" value="auth">認証する</button>'


@pytest.mark.parametrize(
    ("resend", "forward"),
    [
        ("認証番号を再発行する", "認証する"),
        ("認証番号を再度送信する", "認証する"),
        ("認証番号をもう一度送る", "OK"),
    ],
    ids=["reissue", "again", "once_more"],
)
async def test_code_page_whose_resend_button_comes_first(
    simulator: Simulator, http: aiohttp.ClientSession, resend: str, forward: str
) -> None:
    """A resend button before the way on, worded with 認証: the code is confirmed with the
    way on, and the resend button is what asks for a new code."""
    rewrite(
        simulator,
        "code",
        lambda page: page.replace(RESEND, RESEND.replace("再通知する", resend)).replace(
            FORWARD, FORWARD.replace("認証する", forward)
        ),
    )
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    await client.resend_code()
    assert sent(simulator) == ["sms", "sms"]
    await client.submit_code(simulator.last_code())
    assert sent(simulator) == ["sms", "sms"]  # the code went in; no third code was asked for
    assert (await client.get_account()).contracts


async def test_contact_page_with_a_change_button_first(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """「登録内容の確認・変更」 before 次へ leads to changing the registration: not pressed."""
    rewrite(
        simulator,
        "contact",
        lambda page: page.replace(
            '<p class="btn">',
            '<p><button type="submit" formaction="/mypage/contact/change">'
            '登録内容の確認・変更</button></p><p class="btn">',
            1,
        ),
    )
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    assert set(await client.submit_contact_number(MOBILE)) == {AuthMethod.SMS, AuthMethod.VOICE}
    assert sent(simulator) == []


async def test_login_with_a_forgotten_password_button_first(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """「ログインID・パスワードをお忘れの方」 as a button before ログイン: not pressed."""
    rewrite(
        simulator,
        "login",
        lambda page: page.replace(
            '<p class="btn">',
            '<p><button type="submit" formaction="/help/forgot">'
            'ログインID・パスワードをお忘れの方</button></p><p class="btn">',
            1,
        ),
    )
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER


async def test_contact_step_whose_button_sends_the_code(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """⑤ whose one button is 「認証番号を送信する」 would send an SMS nobody asked for: the
    page is reported as not recognised, and no code goes out."""
    simulator.contact_sends_code = True
    rewrite(simulator, "contact", lambda page: page.replace(">次へ<", ">認証番号を送信する<"))
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    with pytest.raises(UnrecognizedPage):
        await client.submit_contact_number(MOBILE)
    assert sent(simulator) == []
    assert client.last_unrecognized is not None


@pytest.mark.parametrize("simulator", [{"layout": "modern"}], indirect=True)
async def test_one_screen_whose_method_radios_cannot_be_read(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """Number and method on one screen, the methods as pictures without words, SMS ticked:
    pressing 送信 would send that SMS. Nothing is pressed, no code goes out."""
    name, values = simulator.skin.field("method"), simulator.skin.method_values
    simulator.skin.method_choices = lambda account: (
        f'<label><input type="radio" name="{name}" value="{values["sms"]}" checked>'
        f'<img src="/img/1.png"></label><label><input type="radio" name="{name}" '
        f'value="{values["voice"]}"><img src="/img/2.png"></label>'
    )
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    with pytest.raises(UnrecognizedPage):
        await client.submit_contact_number(MOBILE)
    assert sent(simulator) == []


D_ACCOUNT = """<h2>dアカウントでログイン</h2><form method="post" action="/auth/daccount">
<p><label for="did">dアカウントID</label><input id="did" type="text" name="dId"></p>
<p><label for="dpw">パスワード</label><input id="dpw" type="password" name="dPw"></p>
<p><button type="submit">ログイン</button></p></form><h2>OCN IDでログイン</h2>"""


async def test_login_page_with_the_d_account_form_first(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """A dアカウント login form before the OCN ID one: the OCN ID and password go only to
    the form that names OCN ID."""
    rewrite(simulator, "login", lambda page: page.replace("<form ", D_ACCOUNT + "<form ", 1))
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER


FORM_TABLE = re.compile(r'<table class="form">.*?</table>', re.S)


@pytest.mark.parametrize(
    "field",
    [
        '<p><label for="c">確認コード</label><input id="c" type="text" name="{name}"></p>',
        '<p>確認番号 <input type="text" name="{name}" maxlength="6"></p>',
        '<p><label for="c">認証コード（6桁）</label><input id="c" type="text" name="{name}"'
        ' maxlength="6" autocomplete="one-time-code"></p>',
        # A 必須 badge between the label and the box.
        '<div class="form-row"><span class="label">認証番号</span><span class="badge">必須</span>'
        '\n<input type="text" name="{name}" maxlength="6" placeholder="6桁の数字"></div>',
    ],
    ids=["kakunin_code", "kakunin_bango", "ninsho_code", "badge"],
)
async def test_code_field_worded_otherwise(
    simulator: Simulator, http: aiohttp.ClientSession, field: str
) -> None:
    """The code's box labelled 確認コード, 確認番号 or 認証コード, or with a badge before it: the code
    the phone received goes in, and no other is asked for."""
    box = field.format(name=simulator.skin.field("code"))
    rewrite(simulator, "code", lambda page: FORM_TABLE.sub(lambda _: box, page, count=1))
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    await client.submit_code(simulator.last_code())
    assert sent(simulator) == ["sms"]
    assert (await client.get_account()).contracts


async def test_contact_number_with_a_badge_before_its_box(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """連絡先電話番号, then a 必須 badge, then the box: the number goes in that box."""
    box = (
        '<div class="form-row"><span class="label">連絡先電話番号</span><span class="badge">'
        f'必須</span>\n<input type="tel" name="{simulator.skin.field("contact")}"></div>'
    )
    rewrite(simulator, "contact", lambda page: FORM_TABLE.sub(lambda _: box, page, count=1))
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    assert set(await client.submit_contact_number(MOBILE)) == {AuthMethod.SMS, AuthMethod.VOICE}
    assert sent(simulator) == []


async def test_phone_code_called_a_one_time_password(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """The page after choosing SMS calls its box ワンタイムパスワード, as the e-mail step
    does: coming after the choice, it is the SMS code's box. A wrong code is a wrong code."""
    rewrite(
        simulator,
        "code",
        lambda page: page.replace('<label for="ninshoNo">認証番号</label>', "ワンタイムパスワード"),
    )
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    with pytest.raises(InvalidCode):
        await client.submit_code(wrong_code(simulator))
    await client.submit_code(simulator.last_code())
    assert sent(simulator) == ["sms"]
    assert (await client.get_account()).contracts


def _method_by_script(page: str, name: str, values: dict[str, str], radios: bool) -> str:
    """⑥ whose choices set a hidden field by script; the hidden field says SMS until then."""
    hidden = f'<input type="hidden" name="{name}" value="{values["sms"]}">'
    if radios:
        # Each radio's click sets the field the site reads; the radios' own name is another.
        choices = "".join(
            f'<label><input type="radio" name="choice" value="{key}" '
            f"onclick=\"document.forms[0].{name}.value='{values[key]}';\">{words}</label>"
            for key, words in (("sms", "SMS"), ("voice", "電話音声通知"))
        )
        page = re.sub(r'<ul class="radio-list">.*?</ul>', hidden + choices, page, flags=re.S)
        return page
    buttons = "".join(
        f'<input type="submit" value="{words}" '
        f"onclick=\"document.forms[0].{name}.value='{values[key]}';\">"
        for key, words in (("sms", "SMSで受け取る"), ("voice", "音声で受け取る"))
    )
    page = re.sub(r'<ul class="radio-list">.*?</ul>', hidden, page, flags=re.S)
    return page.replace(
        '<button type="submit" name="action" value="send">送信する &gt;</button>', buttons
    )


@pytest.mark.parametrize("radios", [False, True], ids=["buttons", "radios"])
async def test_method_whose_choice_sets_a_field_by_script(
    simulator: Simulator, http: aiohttp.ClientSession, radios: bool
) -> None:
    """SMS or voice chosen by a button or radio whose click sets a hidden field that says
    SMS until then: choosing voice has the code sent by voice, as the click would."""
    name, values = simulator.skin.field("method"), dict(simulator.skin.method_values)
    rewrite(simulator, "method", lambda page: _method_by_script(page, name, values, radios))
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    assert set(await client.submit_contact_number(MOBILE)) == {AuthMethod.SMS, AuthMethod.VOICE}
    await client.request_code(AuthMethod.VOICE)
    assert sent(simulator) == ["voice"]


async def test_a_link_that_sends_a_code_is_left_to_a_person(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """After the login, a page whose only way on is a こちら link that sends a code: the
    link is not followed (only asking for a code sends one); the page is not recognised."""
    target = simulator.skin.url("verify_method")
    simulator.skin.contact = lambda *args, **kwargs: (
        "<html><body><h1>ご本人確認</h1><p>ご登録の連絡先電話番号に認証番号を送信します。</p>"
        f'<p>認証番号の送信は<a href="{target}">こちら</a></p></body></html>'
    )
    client = OcnMyPageClient(http, simulator.base_url)
    with pytest.raises(UnrecognizedPage):
        await client.login(USERNAME, PASSWORD)
    assert simulator.requests["verify_method"] == 0
    assert sent(simulator) == []


async def assert_code_refused_unsent(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    """Walk to the code and type it: the code page is reported and nothing is sent."""
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    posts = simulator.requests["verify_code"]
    with pytest.raises(UnrecognizedPage):
        await client.submit_code(simulator.last_code())
    assert simulator.requests["verify_code"] == posts


async def test_code_boxes_joined_by_a_loop_as_the_form_is_sent(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """A code typed one digit per box that the form joins into a hidden field by a loop as
    it is sent: what it sends cannot be told, so nothing is sent, and no try of the site's
    is spent on a code reported wrong. (Boxes joined by ``+`` are read: test_client.)"""
    name = simulator.skin.field("code")
    boxes = "".join(f'<input type="text" name="c{i}" maxlength="1">' for i in range(6))
    handler = (
        f"var v = ''; for (var i = 0; i < 6; i++) v += this['c' + i].value; this.{name}.value = v;"
    )

    def joining(page: str) -> str:
        page = re.sub(rf'<input type="text" id="ninshoNo" name="{name}"[^>]*>', boxes, page)
        return page.replace(
            f'action="{simulator.skin.url("verify_code")}">',
            f'action="{simulator.skin.url("verify_code")}" '
            f'onsubmit="{handler}">'
            f'<input type="hidden" name="{name}" value="">',
        )

    rewrite(simulator, "code", joining)
    await assert_code_refused_unsent(simulator, http)


async def test_a_form_carrying_joins_of_another_shape_sends_nothing(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """A code form whose page itself carries the attribute the client marks joins with,
    in a shape the client never writes: nothing is sent, and the page is reported."""
    action = f'action="{simulator.skin.url("verify_code")}">'
    rewrite(
        simulator,
        "code",
        lambda page: page.replace(action, action[:-1] + " data-joins='{\"x\": 1}'>"),
    )
    await assert_code_refused_unsent(simulator, http)


async def test_a_script_link_left_unread_is_no_address(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """料金・ご利用明細 whose 050 entry is a script link built from a field's value: it is
    not read, so the page is reported as not recognised, never loaded as an address (which
    would read as a network failure and be tried again)."""
    entry = re.compile(r'<button type="submit" name="[^"]+" value="ip050">[^<]*</button>')
    rewrite(
        simulator,
        "charges",
        lambda page: entry.sub(
            '<a href="javascript:void(0)" onclick="location.href=\'/mypage/ip050?c=\' + '
            'document.forms[0].custNo.value;">050IP電話利用明細</a>',
            page,
        ),
    )
    client = OcnMyPageClient(http, simulator.base_url)
    assert await client.login(USERNAME, PASSWORD) == LoginResult.CONTACT_NUMBER
    await client.submit_contact_number(MOBILE)
    await client.request_code(AuthMethod.SMS)
    with pytest.raises(UnrecognizedPage):
        await client.submit_code(simulator.last_code())
