"""Parsers that replaced regexes on outside text: they read what the regex read, in linear time.

Adversarial review F4: ``\\{\\{(.*?)\\}\\}`` (cloze blanks, ids of imported rows) was quadratic on
``{{{{…``, and Anki's cloze regex cubic on ``{{c1::{{c1::…``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from growth import pumped, superlinear
from quizdeck.decks.authoring import slugify
from quizdeck.interchange.anki_text import quiz_cloze
from quizdeck.kinds.cloze import numbered_cloze
from quizdeck.model import delimited, parse_blanks

OLD_BLANK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
OLD_ANKI_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)

BRACES = st.lists(
    st.sampled_from(["{", "}", "{{", "}}", "c", "1", "٣", ":", "::", "x", " ", "\n", "|", "<li>",
                     "</li>", "li"]),
    max_size=16,
).map("".join)  # fmt: skip


@given(BRACES)
def test_blanks_are_found_as_the_regex_found_them(text: str) -> None:
    found = [(start, end, body) for start, end, body in delimited(text, "{{", "}}")]
    assert found == [(m.start(), m.end(), m.group(1)) for m in OLD_BLANK.finditer(text)]


@given(BRACES)
def test_anki_clozes_are_read_as_the_regex_read_them(text: str) -> None:
    old = (
        OLD_ANKI_CLOZE.sub(lambda match: "{{" + match.group(1).strip() + "}}", text)
        if OLD_ANKI_CLOZE.search(text)
        else None
    )
    assert quiz_cloze(text) == old


LINEAR: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
    ("blanks", parse_blanks, pumped("", "{{")),
    ("blanks", numbered_cloze, pumped("", "{{a}}{{")),
    ("slug", slugify, pumped("", "{{")),
    ("anki cloze", quiz_cloze, pumped("", "{{c1::")),
    ("anki cloze", quiz_cloze, pumped("{{c1::", "::}")),
    ("anki cloze", quiz_cloze, pumped("", "{{c1::a}}")),
    ("anki cloze", quiz_cloze, pumped("", "{{c1")),
]


@pytest.mark.parametrize(("name", "run", "make"), LINEAR)
def test_parsing_is_linear(name: str, run: Callable[[str], object], make: object) -> None:
    assert callable(make)
    assert superlinear(run, make) is None, name
