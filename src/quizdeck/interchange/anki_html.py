"""Plain text as Anki field HTML: shown as written, never run as markup."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Sequence

from quizdeck.model import Card, parse_blank, replace_blanks

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
    {{c2::1990}}``), or with ``together`` (blanks that are a set) all on one card (``c1``)."""

    def blank(index: int, body: str) -> str:
        first = parse_blank(body).answers[:1]
        return f"{{{{c{1 if together else index + 1}::{field_text(first[0] if first else '')}}}}}"

    return replace_blanks(prompt, blank, between=field_text)
