"""Plain text as Anki field HTML: shown as written, never run as markup."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Sequence

from quizdeck.model import Card, Kind, delimited, parse_blank

#: How a cloze hint Anki shows in the gap ("{{c1::Paris::city}}") is kept in a quiz prompt, after
#: its blank: "{{Paris}} (hint: city)". quiz has no hint of its own; the Anki export reads it back.
HINT_OPEN = " (hint: "
HINT_CLOSE = ")"
#: Control characters (but newline and tab) and bidi overrides: dropped from fields.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Text Anki would read as markup, written as character references instead: template
#: and cloze braces (``{{c2::``), media tags (``[sound:x]``) and hint separators (``::``).
_ANKI_MARKUP = {"{": "&#123;", "}": "&#125;", "[": "&#91;", "::": "&#58;&#58;"}
_MARKUP = re.compile("|".join(re.escape(key) for key in sorted(_ANKI_MARKUP, key=len)[::-1]))


def field_text(value: str) -> str:
    """Plain text as Anki field HTML: shown as written, never run as markup."""
    value = CONTROLS.sub("", value.replace("\t", " "))
    escaped = html.escape(value, quote=False)
    return _MARKUP.sub(lambda match: _ANKI_MARKUP[match.group(0)], escaped).replace("\n", "<br>")


def html_list(items: Sequence[str], tag: str = "ul") -> str:
    """``items`` as an HTML list (``ul`` or ``ol``)."""
    return f"<{tag}>" + "".join(f"<li>{field_text(item)}</li>" for item in items) + f"</{tag}>"


def accepted_list(answers: Sequence[str]) -> str:
    """Accepted answers as an HTML list, which keeps an answer with a comma whole ("Paris,
    France"); nothing when there are none (Anki's ``{{#Accepted}}`` then shows nothing). Exports
    before this joined them with ", "; the Anki import reads both."""
    return html_list(answers) if answers else ""


def card_random(card: Card) -> random.Random:
    """A random source fixed by the card, so every export shuffles it the same way."""
    return random.Random(f"{card.deck_id}:{card.id}")


def fixed_shuffle(card: Card, items: Sequence[str]) -> list[str]:
    """``items`` in an order fixed by the card (the same in every export)."""
    mixed = list(items)
    card_random(card).shuffle(mixed)
    return mixed


def cloze_prompt(prompt: str, *, together: bool = False) -> str:
    """A quiz cloze prompt in Anki's syntax: each blank its own Anki card (``{{c1::Ur}} fell in
    {{c2::1990}}``), or with ``together`` (blanks that are a set) all on one card (``c1``). A
    blank's kind is its Anki hint (``{{year:1804}}`` → ``{{c1::1804::year}}``), and so is a hint
    quiz keeps after a text blank (``{{Paris}} (hint: city)`` → ``{{c1::Paris::city}}``)."""
    pieces: list[str] = []
    last = 0
    for index, (start, end, body) in enumerate(delimited(prompt, "{{", "}}")):
        pieces.append(field_text(prompt[last:start]))
        last = end
        blank = parse_blank(body)
        hint = "" if blank.kind is Kind.TEXT else blank.kind.value
        close = prompt.find(HINT_CLOSE, end + len(HINT_OPEN))
        if not hint and prompt.startswith(HINT_OPEN, end) and close > 0:
            hint, last = prompt[end + len(HINT_OPEN) : close].strip(), close + len(HINT_CLOSE)
        answer = field_text(blank.answers[0] if blank.answers else "")
        hinted = f"::{field_text(hint)}" if hint else ""
        pieces.append(f"{{{{c{1 if together else index + 1}::{answer}{hinted}}}}}")
    pieces.append(field_text(prompt[last:]))
    return "".join(pieces)
