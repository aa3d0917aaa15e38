"""Links and buttons that go on by script, read as the plain links and forms they stand for.

Old portals post forms from ``href="javascript:..."`` links and ``onclick`` handlers. A
person sees a link and clicks it; the client reads what the click would do, in the common
shapes only, and rewrites the page so that the rest of the walk meets ordinary HTML:

- ``location.href = '/path'`` (also ``location.assign``/``replace``, ``window.open``, a
  frame's location or an inline frame's ``src``) becomes a link to that address; the
  same on load fills in the frame's address, as the browser loads it there;
- assignments to a named form's fields and its ``action``, then ``form.submit()``, become a
  form of that page's hidden inputs with those values and a button with the link's words
  (or, for a link inside the form it submits, a button of that form);
- a call of a function the page defines (``doPost('/path', 'pageNo', '3')``) is read
  through that function's body, its parameters replaced by the call's arguments; a function
  the page loads from elsewhere is read only in the common shape of an action and then
  name/value pairs, sent with the page's one form.

Anything else (conditions, loops, computed values) is left as it is: the walk then meets a
link that leads nowhere and reports an unrecognised page, never a guess. A form that a
page submits on load (``<body onload="document.forms[0].submit()">``) is marked with
``AUTOSUBMIT`` for the walk to send as a browser would.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from lxml import etree
from lxml.etree import _Element as Element

#: The attribute that marks a form the page submits by itself once loaded.
AUTOSUBMIT = "data-autosubmit"
#: The attribute of a rewritten button: the fields its click sets, as a query string.
SETS = "data-sets"
#: The attribute of a form that sets its own fields by script as it is sent (``onsubmit``)
#: in a way not read: what it would send cannot be told.
SETS_ON_SUBMIT = "data-sets-on-submit"
#: The attribute of a form whose ``onsubmit`` joins fields into a field as it is sent (the
#: boxes of a number into a hidden one): JSON, ``[[field, [["value_of", name] or ["text",
#: text], ...]], ...]``, read by ``Form.submission``.
JOINS = "data-joins"
# A script statement that sets a field's value (not a comparison).
_ASSIGNS = re.compile(r"\.value\s*=(?!=)|\.val\(\s*[^)\s]")
# Script text read for function definitions: pages carry a few KB; a page made of
# megabytes of script is not read for them.
MAX_SCRIPT_CHARS = 256 * 1024
# Calls followed into a function that calls another: deeper chains are not read.
MAX_CALL_DEPTH = 3
# Statements of one handler: a handler longer than this is no simple click.
MAX_STATEMENTS = 40

_STRING = r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
_TOKENS = re.compile(rf"(?P<s>{_STRING})|(?P<w>[A-Za-z_$][\w$]*)|(?P<o>\s+|.)", re.DOTALL)
_LITERAL = rf"(?:{_STRING}|-?\d+(?:\.\d+)?)"
_FUNCTION = re.compile(r"function\s+([A-Za-z_$][\w$]*)\s*\(([^)]*)\)\s*\{")
_FUNCTION_VAR = re.compile(
    r"(?:var|let|const)?\s*([A-Za-z_$][\w$]*)\s*=\s*function\s*\(([^)]*)\)\s*\{"
)
# jQuery's way to a form or a field: $('#id'), $("form[name=x]"), $('input[name=x]').
_JQUERY = r"(?:\$|jQuery)\(\s*['\"]"
_FORM = (
    r"(?:" + _JQUERY + r"(?:form)?#(?P<fjq>[\w-]+)['\"]\s*\)"
    r"|" + _JQUERY + r"(?P<fjqall>form)['\"]\s*\)"
    r"|" + _JQUERY + r"form\[name=['\"]?(?P<fjqn>[\w-]+)['\"]?\]['\"]\s*\)"
    r"|document\.forms\s*\[\s*(?P<fkey>" + _LITERAL + r")\s*\]"
    r"|document\.forms\.(?P<fdot>\w+)"
    r"|document\.getElementById\(\s*(?P<fid>" + _STRING + r")\s*\)"
    r"|document\.querySelector\(\s*['\"]#(?P<fsel>[\w-]+)['\"]\s*\)"
    r"|this\.form"
    r"|document\.(?P<fname>(?!forms\b|getElementById\b|getElementsByName\b|location\b)\w+)"
    r"|(?P<fvar>\w+))"
)
_SUBMIT = re.compile(rf"^{_FORM}\s*\.\s*submit\s*\(\s*\)$")
_PROPERTY = re.compile(
    rf"^{_FORM}\s*\.\s*(?:(?P<prop>action|method)\s*=\s*(?P<set>{_LITERAL})"
    rf"|(?:setAttribute|attr|prop)\s*\(\s*['\"](?P<attr>action|method)['\"]\s*,"
    rf"\s*(?P<set2>{_LITERAL})\s*\))$"
)
_FIELD = re.compile(
    rf"^{_FORM}\s*(?:\.\s*elements\s*\[\s*(?P<key>{_STRING})\s*\]"
    rf"|\[\s*(?P<key2>{_STRING})\s*\]|\.\s*elements\.(?P<dot2>\w+)|\.\s*(?P<dot>\w+))"
    rf"\s*\.\s*value\s*=\s*(?P<set>{_LITERAL})$"
)
_BY_ID = re.compile(
    rf"^document\.getElementById\(\s*(?P<id>{_STRING})\s*\)\s*\.\s*value\s*=\s*(?P<set>{_LITERAL})$"
)
_BY_NAME = re.compile(
    rf"^document\.getElementsByName\(\s*(?P<name>{_STRING})\s*\)\s*\[\s*0\s*\]"
    rf"\s*\.\s*value\s*=\s*(?P<set>{_LITERAL})$"
)
_JQUERY_VAL = re.compile(
    rf"^{_JQUERY}(?:#(?P<id>[\w-]+)|(?:input)?\[name=['\"]?(?P<name>[\w.\-\[\]]+?)['\"]?\])['\"]\s*\)"
    rf"\s*\.\s*val\s*\(\s*(?P<set>{_LITERAL})\s*\)$"
)
# A jQuery chain, $('#f').attr('action', '/x').submit(): read as one statement per call.
_CHAIN = re.compile(
    rf"^(?P<target>{_JQUERY}[^'\"]*['\"]\s*\))(?P<chain>(?:\s*\.\s*\w+\s*\((?:{_STRING}|[^()'\"])*\))+)$"
)
_CHAINED_CALL = re.compile(rf"\.\s*\w+\s*\((?:{_STRING}|[^()'\"])*\)")
_ALIAS = re.compile(rf"^(?:var|let|const)\s+(?P<var>\w+)\s*=\s*{_FORM}$")
_LOCATION = re.compile(
    rf"^(?:(?:window|document|self|top|parent)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*(?P<url>{_STRING})$"
    rf"|^(?:(?:window|document|self|top|parent)\s*\.\s*)?location\s*\.\s*(?:assign|replace)\s*\(\s*(?P<url2>{_STRING})\s*\)$"
    rf"|^window\s*\.\s*open\s*\(\s*(?P<url3>{_STRING})\s*(?:,[^)]*)?\)$"
)
# A frame the script loads an address into: by its id, or by its name or place among the
# window's frames (parent.body.location.href = …, top.frames['right'].location = …).
_FRAME_SRC = re.compile(
    rf"^(?:document\.getElementById\(\s*(?P<id>{_STRING})\s*\)"
    rf"|document\.querySelector\(\s*['\"]#(?P<sel>[\w-]+)['\"]\s*\))"
    rf"\s*\.\s*src\s*=\s*(?P<url>{_STRING})$"
    rf"|^(?:(?:window|self|top|parent)\s*\.\s*)*(?:frames\s*\[\s*(?P<key>{_LITERAL})\s*\]"
    rf"|(?P<name>(?!window\b|self\b|top\b|parent\b|document\b|location\b)[A-Za-z_$][\w$]*))"
    rf"\s*\.\s*location(?:\s*\.\s*href)?\s*=\s*(?P<url2>{_STRING})$"
)
# An argument that hands a function a form (login(this.form), send(document.f1)): put into
# the function's body as it is written, where the body's form statements read it.
_FORM_ARG = (
    rf"this\.form|this|document\.forms\s*\[\s*{_LITERAL}\s*\]|document\.forms\.\w+"
    rf"|document\.getElementById\(\s*(?:{_STRING})\s*\)|document\.\w+"
)
_CALL = re.compile(
    rf"^(?P<name>[A-Za-z_$][\w$]*)\s*\((?P<args>(?:\s*(?:{_LITERAL}|{_FORM_ARG})\s*,?)*)\)$"
)
_ARG = re.compile(rf"(?P<literal>{_LITERAL})|{_FORM_ARG}")
# What a handler may also say without changing where the click goes.
_IDLE = re.compile(
    r"^(?:return\s+(?:false|true)|void\s*\(?\s*0\s*\)?|(?:event|e)\s*\.\s*preventDefault\s*\(\s*\)"
    r"|(?:event|e)\s*\.\s*returnValue\s*=\s*false|)$"
    # The window a form opens in (target) changes nothing that is sent.
    rf"|^{_FORM}\s*\.\s*target\s*=\s*{_STRING}$"
)
_RETURN = re.compile(r"^return\s+")
_ACTION_LIKE = re.compile(r"^(?:/|\.\.?/|https?://)|\.(?:do|jsp|php|aspx?|cgi|html?|action)\b")


@dataclass
class _Effect:
    """What one click does: go to an address, or submit a form with fields set."""

    url: str | None = None
    #: The frame ``url`` is loaded into (its id, name or place), if not the page itself.
    frame: str | None = None
    form: Element | None = None
    fields: list[tuple[str, str]] = field(default_factory=list)
    action: str | None = None
    method: str | None = None
    submitted: bool = False


class _Unreadable(Exception):
    """A handler outside the shapes read here."""


# A handler that stops the click's own effect (the button's submit).
_CANCELS = re.compile(r"return\s+false|preventDefault|returnValue\s*=\s*false")


def _submits(element: Element) -> bool:
    """Whether an element submits its form when clicked: a submit or image button."""
    kind = (element.get("type") or ("submit" if element.tag == "button" else "")).lower()
    return element.tag in ("input", "button") and kind in ("submit", "image")


def _chooses(element: Element) -> bool:
    """Whether an element is a choice a person ticks: a radio button or a checkbox."""
    return element.tag == "input" and (element.get("type") or "").lower() in ("radio", "checkbox")


def resolve_scripts(doc: Element) -> None:
    """Rewrite the page's script links and buttons as the links and forms they stand for.

    Runs before the page's scripts are dropped: their function definitions are read here.
    """
    # One query in C: a long call list has tens of thousands of cells, none of them links.
    handlers: list[Element] = []
    submitting: list[Element] = []
    for attribute in _HANDLER_QUERY(doc):
        element = attribute.getparent()
        if attribute.attrname == "onsubmit":
            if element.tag == "form":
                submitting.append(element)
            continue
        is_script = attribute.attrname == "onclick" or (
            element.tag == "a" and attribute.strip().lower().startswith("javascript:")
        )
        if is_script and (not handlers or handlers[-1] is not element):
            handlers.append(element)
    _mark_scripted_submits(doc, submitting)
    autosubmit = _autosubmit_code(doc)
    if not handlers and not autosubmit:
        return
    reader = _Reader(doc)
    for code in autosubmit:
        try:
            effect = reader.effect(code, None)
        except _Unreadable:
            continue
        if effect.submitted and effect.form is not None and not effect.fields:
            effect.form.set(AUTOSUBMIT, "1")
        elif effect.frame is not None:
            _load_frame(doc, effect.frame, effect.url or "")
        elif effect.url is not None:
            # A page that sends the browser on by script once loaded: a refresh to there.
            meta = etree.SubElement(doc, "meta")
            meta.set("http-equiv", "refresh")
            meta.set("content", f"0;url={effect.url}")
    for element in handlers:
        handler = _handler_code(element)
        if handler is None:
            continue
        try:
            effect = reader.effect(handler, element)
        except _Unreadable:
            continue
        _rewrite(element, effect)


# The attributes that may hold script, in one pass over the page's attributes (a union of
# paths walks the page once for each and sorts what it found).
_HANDLER_QUERY = etree.XPath("//@*[name() = 'onclick' or name() = 'href' or name() = 'onsubmit']")


def _load_frame(doc: Element, key: str, url: str) -> None:
    """Give the frame a script loads on the page's load its address, as the browser does.

    A frame named by id or name, or by its place among the page's frames; a frame the
    page does not hold (its parent's) is left alone.
    """
    frames = list(doc.iter("frame", "iframe"))
    if key.isdigit():
        found = frames[int(key)] if int(key) < len(frames) else None
    else:
        found = next((f for f in frames if key in (f.get("id"), f.get("name"))), None)
    if found is not None:
        found.set("src", url)


def _mark_scripted_submits(doc: Element, forms: list[Element]) -> None:
    """Mark the ``forms`` whose ``onsubmit`` sets fields, itself or in a function it calls.

    Fields joined from others and from text (``f.tel.value = f.tel1.value + '-' +
    f.tel2.value``) are read as such (``JOINS``); any other setting marks the form as one
    whose sending cannot be told (``SETS_ON_SUBMIT``).
    """
    if not forms:
        return
    reader = _Reader(doc)
    functions = reader.functions
    every = list(doc.iter("form"))
    for form in forms:
        code = form.get("onsubmit") or ""
        called = [
            body
            for name, (_, body) in functions.items()
            if re.search(rf"(?<![\w$.]){re.escape(name)}\s*\(", code)
        ]
        if not any(_ASSIGNS.search(text) for text in (code, *called)):
            continue
        # In the form's own handler, ``this`` is the form.
        code = re.sub(r"\bthis\b(?!\s*\.\s*form\b)", f"document.forms[{every.index(form)}]", code)
        try:
            joins = _joins(reader, form, code, {}, 0)
        except _Unreadable:
            form.set(SETS_ON_SUBMIT, "1")
        else:
            form.set(JOINS, json.dumps(joins, ensure_ascii=False))


# A field's value as a script reads or sets it: by its form and name, or by its id.
_VALUE = re.compile(
    rf"^(?:{_FORM}\s*(?:\.\s*elements\s*\[\s*(?P<key>{_STRING})\s*\]|\[\s*(?P<key2>{_STRING})\s*\]"
    rf"|\.\s*elements\.(?P<dot2>\w+)|\.\s*(?P<dot>\w+))"
    rf"|document\.getElementById\(\s*(?P<id>{_STRING})\s*\))\s*\.\s*value$"
)


def _joins(
    reader: _Reader, form: Element, code: str, aliases: dict[str, Element], depth: int
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The fields a submit handler joins from others and from text, in its order.

    A call of a function the page defines, without arguments, is read through its body.
    Anything else (a condition, a computed value) is unreadable.
    """
    joins: list[tuple[str, list[tuple[str, str]]]] = []
    for statement in _acting(code):
        if alias := _ALIAS.match(statement):
            aliases[alias.group("var")] = reader.form(alias, None, aliases)
            continue
        call = _CALL.match(statement)
        if call is not None and not call.group("args").strip():
            function = reader.functions.get(call.group("name"))
            if function is None or depth >= MAX_CALL_DEPTH:
                raise _Unreadable
            joins += _joins(reader, form, function[1], aliases, depth + 1)
            continue
        target, value = _assigned(statement)
        terms: list[tuple[str, str]] = []
        for term in _added(value):
            if re.fullmatch(_STRING, term):
                terms.append(("text", _unquote(term)))
            else:
                terms.append(("value_of", _field_name(reader, form, term, aliases)))
        joins.append((_field_name(reader, form, target, aliases), terms))
    return joins


# What a check of a form's fields does when it fails: tell the person, and send nothing.
_REFUSING = re.compile(
    r"^(?:(?:window\s*\.\s*)?alert\s*\(.*\)|[\w$.\[\]'\"]+\s*\.\s*(?:focus|select)\s*\(\s*\)"
    r"|return\s+false)$",
    re.DOTALL,
)


def _without_guards(code: str) -> str:
    """A handler without its checks of the fields: ``if (…) { alert(…); return false; }``.

    The walk fills every field, and a check that fails in a browser sends nothing, as the
    site would refuse it. Any other block stays, to be found unreadable.
    """
    tokens = [token.group() for token in _TOKENS.finditer(code)]
    out: list[str] = []
    at = 0
    while at < len(tokens):
        if tokens[at] == "if" and (end := _guard_end(tokens, at + 1)) is not None:
            at = end
            continue
        out.append(tokens[at])
        at += 1
    return "".join(out)


def _guard_end(tokens: list[str], at: int) -> int | None:
    """Where an ``if`` whose condition starts at ``at`` ends, if its block only refuses."""
    at = _after_blank(tokens, at)
    if at >= len(tokens) or tokens[at] != "(":
        return None
    condition_end = _closing(tokens, at, "(", ")")
    if condition_end is None:
        return None
    at = _after_blank(tokens, condition_end + 1)
    if at >= len(tokens) or tokens[at] != "{":
        return None
    end = _closing(tokens, at, "{", "}")
    if end is None:
        return None
    body = [part.strip() for part in "".join(tokens[at + 1 : end]).split(";")]
    if not all(_REFUSING.match(part) for part in body if part):
        return None
    return end + 1


def _after_blank(tokens: list[str], at: int) -> int:
    while at < len(tokens) and tokens[at].isspace():
        at += 1
    return at


def _closing(tokens: list[str], at: int, opening: str, closing: str) -> int | None:
    """The place of the bracket that closes the one at ``at``."""
    depth = 0
    for place in range(at, len(tokens)):
        depth += (tokens[place] == opening) - (tokens[place] == closing)
        if depth == 0:
            return place
    return None


def _assigned(statement: str) -> tuple[str, str]:
    """A statement's target and value, split at its one ``=``."""
    tokens = [token.group() for token in _TOKENS.finditer(statement)]
    for at, text in enumerate(tokens):
        if text == "=" and tokens[at - 1 : at] not in (["="], ["!"], ["<"], [">"]):
            if tokens[at + 1 : at + 2] == ["="]:
                break
            return "".join(tokens[:at]).strip(), "".join(tokens[at + 1 :]).strip()
    raise _Unreadable


def _added(value: str) -> list[str]:
    """The terms of a value added together with ``+``, outside strings and brackets."""
    terms: list[str] = []
    current: list[str] = []
    depth = 0
    for token in _TOKENS.finditer(value):
        text = token.group()
        if token.lastgroup == "o":
            depth += (text in "([") - (text in ")]")
        if text == "+" and depth == 0 and token.lastgroup == "o":
            terms.append("".join(current).strip())
            current = []
        else:
            current.append(text)
    terms.append("".join(current).strip())
    if not all(terms):
        raise _Unreadable
    return terms


def _field_name(reader: _Reader, form: Element, text: str, aliases: dict[str, Element]) -> str:
    """The name of the field of ``form`` that ``text`` reads or sets the value of."""
    match = _VALUE.match(text)
    if match is None:
        raise _Unreadable
    if (field_id := match.group("id")) is not None:
        wanted = _unquote(field_id)
        found = next((el for el in _controls(form) if el.get("id") == wanted), None)
        name = found.get("name") if found is not None else None
    else:
        if reader.form(match, None, aliases) is not form:
            raise _Unreadable  # another form's field
        key = match.group("key") or match.group("key2")
        name = _unquote(key) if key else match.group("dot2") or match.group("dot")
    if not name:
        raise _Unreadable
    return name


def _handler_code(element: Element) -> str | None:
    href = (element.get("href") or "").strip()
    onclick = (element.get("onclick") or "").strip()
    if onclick.lower().startswith("javascript:"):
        onclick = onclick[len("javascript:") :].strip()  # a label old pages put there
    if href.lower().startswith("javascript:"):
        body = href[len("javascript:") :].strip()
        if not _IDLE.match(body.rstrip(";").strip()):
            return f"{onclick};{body}" if onclick else body
    return onclick or None


# Script wrapped to run once the page has loaded: window.onload = function () {…},
# addEventListener('DOMContentLoaded', …), setTimeout(function () {…}, 0), $(function () {…}),
# $(document).ready(…); an arrow function as well.
_ON_LOAD = re.compile(
    r"(?:window\s*\.\s*onload\s*=|addEventListener\(\s*['\"](?:DOMContentLoaded|load)['\"]\s*,"
    r"|setTimeout\(|(?:\$|jQuery)\(\s*(?:document\s*\)\s*\.\s*ready\(\s*)?)"
    r"\s*(?:function\s*\(\s*\)|\(\s*\)\s*=>)\s*\{"
)
# Script that moves a page on by itself is a line or two: a page's long scripts are not it.
MAX_ONLOAD_CHARS = 2000
# A timer that moves a page on by itself fires at once; one set for later (30 minutes to the
# logout page) is a session-timeout notice.
MAX_ONLOAD_DELAY_MS = 10_000
_DELAY = re.compile(r"\s*,\s*(\d+)\s*\)")


def _autosubmit_code(doc: Element) -> list[str]:
    """Script run when the page loads.

    The body's ``onload``, top-level script lines and the bodies of load handlers.
    """
    # The body stands under the root: a search of the whole page would walk every cell.
    body = doc.find("body")
    found = [body.get("onload") or ""] if body is not None and body.get("onload") else []
    for script in doc.iter("script"):
        text = script.text or ""
        if not _moves_on_load(text) or len(text) >= MAX_ONLOAD_CHARS:
            continue
        if "function" not in text and "=>" not in text:
            found.append(text)
            continue
        for wrapper in _ON_LOAD.finditer(text):
            body = _block(text, wrapper.end())
            if body is None or not _moves_on_load(body):
                continue
            delay = _DELAY.match(text, wrapper.end() + len(body) + 1)
            if wrapper.group().startswith("setTimeout") and (
                delay is None or int(delay.group(1)) > MAX_ONLOAD_DELAY_MS
            ):
                continue  # a session-timeout notice set for later, not a hop
            found.append(body)
    for frameset in doc.iter("frameset"):
        if frameset.get("onload"):
            found.append(frameset.get("onload") or "")
    return found


def _moves_on_load(code: str) -> bool:
    """Whether script may send a form, the page or a frame somewhere: worth reading."""
    return "submit" in code or "location" in code or ".src" in code


class _Reader:
    """Reads handlers against one page: its forms and the functions its scripts define."""

    def __init__(self, doc: Element) -> None:
        self._doc = doc
        self._forms = list(doc.iter("form"))
        self.functions = _functions(doc)

    def effect(self, code: str, element: Element | None) -> _Effect:
        code = _without_guards(code)
        effect = _Effect()
        self._run(code, element, effect, {}, 0)
        if effect.url is not None or effect.submitted:
            return effect
        if not (effect.fields or effect.action or effect.method) or _CANCELS.search(code):
            raise _Unreadable
        own = next(element.iterancestors("form"), None) if element is not None else None
        if element is None or effect.form is not own:
            raise _Unreadable  # fields of another form: what the click sends is unclear
        if _submits(element):
            # A submit button's handler that sets fields or the action: the form goes with them.
            effect.submitted = True
        elif not (_chooses(element) and effect.fields) or effect.action or effect.method:
            raise _Unreadable
        return effect

    def _run(
        self,
        code: str,
        element: Element | None,
        effect: _Effect,
        aliases: dict[str, Element],
        depth: int,
    ) -> None:
        for statement in _acting(code, chained=True):
            if match := _LOCATION.match(statement):
                effect.url = _unquote(
                    match.group("url") or match.group("url2") or match.group("url3")
                )
                return
            if match := _FRAME_SRC.match(statement):
                effect.url = _unquote(match.group("url") or match.group("url2"))
                key = match.group("id") or match.group("key")
                effect.frame = _unquote(key) if key else match.group("sel") or match.group("name")
                return
            if match := _ALIAS.match(statement):
                aliases[match.group("var")] = self.form(match, element, aliases)
            elif match := _SUBMIT.match(statement):
                self._target(effect, self.form(match, element, aliases))
                effect.submitted = True
                return
            elif match := _PROPERTY.match(statement):
                self._target(effect, self.form(match, element, aliases))
                value = _unquote(match.group("set") or match.group("set2"))
                if (match.group("prop") or match.group("attr")) == "action":
                    effect.action = value
                else:
                    effect.method = value.upper()
            elif match := _FIELD.match(statement):
                form = self.form(match, element, aliases)
                self._target(effect, form)
                name = match.group("key") or match.group("key2")
                name = _unquote(name) if name else match.group("dot2") or match.group("dot")
                effect.fields.append((name, _unquote(match.group("set"))))
            elif match := (
                _BY_ID.match(statement) or _BY_NAME.match(statement) or _JQUERY_VAL.match(statement)
            ):
                self._set_by_element(effect, match)
            elif match := _CALL.match(statement):
                self._call(match, element, effect, depth)
                if effect.submitted or effect.url is not None:
                    return
            else:
                raise _Unreadable

    def form(
        self, match: re.Match[str], element: Element | None, aliases: dict[str, Element]
    ) -> Element:
        groups = match.groupdict()
        found: Element | None = None
        if (key := groups.get("fkey")) is not None:
            if key[0] in "'\"":
                found = self._named(_unquote(key))
            elif 0 <= int(float(key)) < len(self._forms):
                found = self._forms[int(float(key))]
        elif named := groups.get("fjq") or groups.get("fjqn"):
            found = self._named(named)
        elif groups.get("fjqall") and len(self._forms) == 1:
            found = self._forms[0]  # $('form'): the page's one form
        elif dotted := groups.get("fdot") or groups.get("fname"):
            found = self._named(dotted)
        elif form_id := groups.get("fid"):
            found = self._named(_unquote(form_id))
        elif selected := groups.get("fsel"):
            found = self._named(selected)
        elif variable := groups.get("fvar"):
            found = aliases.get(variable)
        elif element is not None:  # this.form
            found = next(element.iterancestors("form"), None)
        if found is None:
            raise _Unreadable
        return found

    def _named(self, name: str) -> Element | None:
        for form in self._forms:
            if name in (form.get("name"), form.get("id")):
                return form
        return None

    @staticmethod
    def _target(effect: _Effect, form: Element) -> None:
        if effect.form is not None and effect.form is not form:
            raise _Unreadable  # one click, two forms
        effect.form = form

    def _set_by_element(self, effect: _Effect, match: re.Match[str]) -> None:
        groups = match.groupdict()
        if groups.get("id"):
            wanted = _unquote(groups["id"])
            control = next((el for el in self._doc.iter() if el.get("id") == wanted), None)
        else:
            wanted = _unquote(groups["name"])
            control = next((el for el in self._doc.iter() if el.get("name") == wanted), None)
        form = next(control.iterancestors("form"), None) if control is not None else None
        if control is None or form is None or not control.get("name"):
            raise _Unreadable
        self._target(effect, form)
        effect.fields.append((control.get("name") or "", _unquote(groups["set"])))

    def _call(
        self, match: re.Match[str], element: Element | None, effect: _Effect, depth: int
    ) -> None:
        name = match.group("name")
        given = list(_ARG.finditer(match.group("args")))
        # Each argument as the body is to read it: a string or number quoted, a form as is.
        sources = [_quote(_unquote(a.group())) if a.group("literal") else a.group() for a in given]
        defined = self.functions.get(name)
        if defined is not None:
            if depth >= MAX_CALL_DEPTH:
                raise _Unreadable
            params, body = defined
            self._run(
                _substitute(body, dict(zip(params, sources, strict=False))),
                element,
                effect,
                {},
                depth + 1,
            )
            return
        if any(not a.group("literal") for a in given):
            raise _Unreadable  # a helper from elsewhere handed a form: what it does is unknown
        args = [_unquote(a.group()) for a in given]
        if not args:
            # A helper from elsewhere that takes nothing (a loading sign, a double-click
            # guard): the rest of the handler says what the click sends, or nothing does.
            return
        # A helper loaded from elsewhere: only an action, then name/value pairs, for the one
        # form the page (or the clicked element) has.
        if not _ACTION_LIKE.search(args[0]) or len(args) % 2 != 1:
            raise _Unreadable
        holder = next(element.iterancestors("form"), None) if element is not None else None
        if holder is None and len(self._forms) != 1:
            raise _Unreadable
        self._target(effect, holder if holder is not None else self._forms[0])
        effect.action = args[0]
        effect.fields.extend(zip(args[1::2], args[2::2], strict=True))
        effect.submitted = True


def _functions(doc: Element) -> dict[str, tuple[list[str], str]]:
    """The functions the page's scripts define: parameters and body."""
    text = "\n".join(script.text or "" for script in doc.iter("script"))[:MAX_SCRIPT_CHARS]
    found: dict[str, tuple[list[str], str]] = {}
    for pattern in (_FUNCTION, _FUNCTION_VAR):
        for match in pattern.finditer(text):
            body = _block(text, match.end())
            if body is not None:
                params = [p.strip() for p in match.group(2).split(",") if p.strip()]
                found.setdefault(match.group(1), (params, body))
    return found


def _block(text: str, start: int) -> str | None:
    """The text up to the brace that closes the block opened just before ``start``."""
    depth = 1
    for token in _TOKENS.finditer(text, start):
        char = token.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start : token.start()]
    return None


def _acting(code: str, *, chained: bool = False) -> list[str]:
    """A handler's statements that may act, each without its ``return``.

    Checks of the fields are passed over (``_without_guards``), as are statements that
    change nothing (``_IDLE``). ``chained``: jQuery chains as a statement per call, strings
    joined by ``+`` as one.
    """
    said = _statements(_without_guards(code))
    if chained:
        said = [part for each in said for part in _unchained(_joined(each))]
    if len(said) > MAX_STATEMENTS:
        raise _Unreadable
    return [_RETURN.sub("", each) for each in said if not _IDLE.match(each)]


def _statements(code: str) -> list[str]:
    """A handler's statements, split on ``;`` and line ends outside strings."""
    statements: list[str] = []
    current: list[str] = []
    for token in _TOKENS.finditer(code):
        text = token.group()
        if token.lastgroup == "o" and text in (";", "\n", "{", "}"):
            if text in "{}":
                raise _Unreadable  # a block: a condition, a loop
            statements.append("".join(current).strip())
            current = []
        else:
            current.append(text)
    statements.append("".join(current).strip())
    return [s for s in statements if s]


def _unchained(statement: str) -> list[str]:
    """A jQuery chain as one statement per call on its target; anything else as it is."""
    match = _CHAIN.match(_RETURN.sub("", statement))
    if match is None:
        return [statement]
    target = match.group("target")
    return [target + call.group() for call in _CHAINED_CALL.finditer(match.group("chain"))]


def _joined(statement: str) -> str:
    """A statement with strings joined by ``+`` written as the one string they make.

    ``"/meisai/" + id + ".do"`` once a call's argument stands for ``id``.
    """
    if "+" not in statement:
        return statement
    tokens = [(token.lastgroup, token.group()) for token in _TOKENS.finditer(statement)]
    out: list[str] = []
    at = 0
    while at < len(tokens):
        kind, text = tokens[at]
        at += 1
        if kind != "s":
            out.append(text)
            continue
        parts = [_unquote(text)]
        while (plus := _after_space(tokens, at)) < len(tokens) and tokens[plus][1] == "+":
            following = _after_space(tokens, plus + 1)
            if following >= len(tokens) or tokens[following][0] != "s":
                break
            parts.append(_unquote(tokens[following][1]))
            at = following + 1
        out.append(_quote("".join(parts)))
    return "".join(out)


def _after_space(tokens: list[tuple[str | None, str]], at: int) -> int:
    while at < len(tokens) and tokens[at][1].isspace():
        at += 1
    return at


def _substitute(body: str, values: dict[str, str]) -> str:
    """A function body with its parameters replaced by the call's arguments' sources."""
    out: list[str] = []
    previous = ""
    for token in _TOKENS.finditer(body):
        text = token.group()
        if token.lastgroup == "w" and text in values and previous != ".":
            out.append(values[text])
        else:
            out.append(text)
        if token.lastgroup != "o" or not text.isspace():
            previous = text
    return "".join(out)


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _unquote(literal: str) -> str:
    if literal[:1] in ("'", '"'):
        return re.sub(r"\\(.)", r"\1", literal[1:-1])
    return literal


def _rewrite(element: Element, effect: _Effect) -> None:
    """Put the link or form the click stands for in the element's place.

    A choice whose click sets fields of its form keeps them (``SETS``): choosing it sets
    them, as the click would.
    """
    if not effect.submitted and effect.url is None:
        element.set(SETS, urlencode(effect.fields))
        element.attrib.pop("onclick", None)
        return
    if effect.url is not None:
        if element.tag == "a":
            element.set("href", effect.url)
            element.attrib.pop("onclick", None)
        else:
            replace_element(element, _link(element, effect.url))
        return
    form = effect.form
    assert form is not None
    if form in element.iterancestors("form"):
        _as_button(element, effect)
    elif any(_visible(el) for el in _controls(form)):
        # The form holds what a person fills in: the click is that form's button, where it
        # stands (a contract's row), bound to the form as HTML binds one: ``form=id``.
        button = _button_of(element, effect)
        button.set("form", _form_id(form))
        if next(element.iterancestors("form"), None) is None:
            replace_element(element, button)
        else:
            form.append(button)
            remove_element(element)
    else:
        own = etree.Element("form", method=effect.method or form.get("method") or "get")
        own.set("action", effect.action or form.get("action") or "")
        sets = dict(effect.fields)
        for control in _controls(form):
            if name := control.get("name"):
                value = sets.pop(name, control.get("value") or "")
                etree.SubElement(own, "input", type="hidden", name=name, value=value)
        for name, value in sets.items():
            etree.SubElement(own, "input", type="hidden", name=name, value=value)
        plain = _Effect(submitted=True)
        own.append(_button_of(element, plain))
        holder = next(element.iterancestors("form"), None)
        if holder is not None:
            # Forms do not nest: the click's own form goes after the one it sits in.
            holder.addnext(own)
            remove_element(element)
        else:
            replace_element(element, own)


def _form_id(form: Element) -> str:
    """The form's id, given one (its name, else its place) when it has none."""
    if not form.get("id"):
        forms = list(form.getroottree().getroot().iter("form"))
        form.set("id", form.get("name") or f"form-{forms.index(form) + 1}")
    return form.get("id") or ""


def _controls(form: Element) -> list[Element]:
    return [
        el
        for el in form.iter("input", "select", "textarea")
        if (el.get("type") or "text").lower() not in ("submit", "button", "image", "reset")
    ]


def _visible(control: Element) -> bool:
    return control.tag != "input" or (control.get("type") or "text").lower() != "hidden"


def _words(element: Element) -> str:
    if element.tag == "input":
        return element.get("value") or element.get("alt") or ""
    return "".join(element.itertext())


def _button_of(element: Element, effect: _Effect) -> Element:
    """A submit button with the element's words (an image keeps its alt)."""
    button = etree.Element("button", type="submit")
    if element.tag in ("input", "img"):
        button.text = _words(element)
    else:
        button.text = element.text
        for child in element:
            button.append(child)
    for key in ("class", "id", "aria-current", "disabled"):
        if (value := element.get(key)) is not None:
            button.set(key, value)
    _set_effect(button, effect)
    return button


def _as_button(element: Element, effect: _Effect) -> None:
    """Make an element inside the form it submits into one of that form's buttons."""
    if element.tag in ("input", "button"):
        element.set("type", "submit")
        element.attrib.pop("onclick", None)
        _set_effect(element, effect)
    else:
        replace_element(element, _button_of(element, effect))


def _set_effect(button: Element, effect: _Effect) -> None:
    if effect.action:
        button.set("formaction", effect.action)
    if effect.method:
        button.set("formmethod", effect.method.lower())
    if effect.fields:
        button.set(SETS, urlencode(effect.fields))


def _link(element: Element, url: str) -> Element:
    link = etree.Element("a", href=url)
    link.text = _words(element)
    return link


def replace_element(old: Element, new: Element) -> None:
    """Put ``new`` where ``old`` stands, the text that followed ``old`` after it."""
    new.tail = old.tail
    parent = old.getparent()
    if parent is not None:
        parent.replace(old, new)


def remove_element(element: Element) -> None:
    """Take an element out of the page, the text that followed it kept where it stood."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
