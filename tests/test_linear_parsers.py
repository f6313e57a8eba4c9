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
from quizdeck.interchange.anki_text import anki_clozes, html_lines, quiz_cloze
from quizdeck.kinds.cloze import numbered_cloze
from quizdeck.model import delimited, parse_blanks

OLD_BLANK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
OLD_ANKI_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::([^}]*))?\}\}", re.DOTALL)

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
    old = [
        (match.start(), match.end(), match.group(1), match.group(2) or "")
        for match in OLD_ANKI_CLOZE.finditer(text)
    ]
    assert list(anki_clozes(text)) == old


LINEAR: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
    ("blanks", parse_blanks, pumped("", "{{")),
    ("blanks", numbered_cloze, pumped("", "{{a}}{{")),
    ("slug", slugify, pumped("", "{{")),
    ("anki cloze", quiz_cloze, pumped("", "{{c1::")),
    ("anki cloze", quiz_cloze, pumped("{{c1::", "::}")),
    ("anki cloze", quiz_cloze, pumped("", "{{c1::a}}")),
    ("anki cloze", quiz_cloze, pumped("", "{{c1")),
    ("anki html", html_lines, pumped("<ol>", "<li>a<br>")),
    ("anki html", html_lines, pumped("", "</ul><")),
]


@pytest.mark.parametrize(("name", "run", "make"), LINEAR)
def test_parsing_is_linear(name: str, run: Callable[[str], object], make: object) -> None:
    assert callable(make)
    assert superlinear(run, make) is None, name


OLD_BRACKETED = re.compile(r"\s*[(\[]([^)\]]*)[)\]]")
OLD_TRAILING_PLACE = re.compile(r"(?:\s*,\s*|\s+in\s+)([^\W\d_][\w' -]*)$", re.IGNORECASE)
WORDING = st.lists(
    st.sampled_from(["(", ")", "[", "]", " ", "\t", ",", "in", "IN", "İn", "a", "b", "1", "'",
                     "-", "_", "é", "!"]),
    max_size=14,
).map("".join)  # fmt: skip


@given(WORDING)
def test_brackets_are_found_as_the_regex_found_them(text: str) -> None:
    from quizdeck.grading.wording import bracketed

    expected = [(m.start(), m.end(), m.group(1)) for m in OLD_BRACKETED.finditer(text)]
    assert list(bracketed(text)) == expected


@given(WORDING)
def test_a_trailing_place_is_found_as_the_regex_found_it(text: str) -> None:
    from quizdeck.grading.wording import trailing_place

    match = OLD_TRAILING_PLACE.search(text)
    assert trailing_place(text) == ((match.start(), match.group(1)) if match else None)


@given(st.lists(st.sampled_from(["1", "22", " ", ",", "x", "٣", ""]), max_size=8).map("".join))
def test_a_typed_source_is_read_as_before(text: str) -> None:
    from quizdeck.decks.authoring import source_value

    stripped = text.strip()  # numbers of more than 9 digits stay text (int() refuses 5000)
    if re.fullmatch(r"[0-9]{1,9}", stripped):
        assert source_value(text) == int(stripped)
    elif re.fullmatch(r"[0-9]{1,9}(\s*,\s*[0-9]{1,9})+", stripped):
        assert source_value(text) == [int(n) for n in re.split(r"\s*,\s*", stripped)]
    else:
        assert source_value(text) == (stripped or None)


OLD_BLANK_LIST = re.compile(r"\x00\d+\x00(?:\s*,\s*\x00\d+\x00)*\s*,?\s+(?:and|or|&)\s+\x00\d+\x00")
MARKED = st.lists(
    st.sampled_from(["\x000\x00", "\x001\x00", "\x0012\x00", ",", " ", "and", "or", "&", "x",
                     "\x00", "1"]),
    max_size=14,
).map("".join)  # fmt: skip


@given(MARKED)
def test_blank_lists_are_found_as_the_regex_found_them(marked: str) -> None:
    from quizdeck.lint.shapes import blank_lists

    expected = [
        [int(n) for n in re.findall(r"\x00(\d+)\x00", m.group(0))]
        for m in OLD_BLANK_LIST.finditer(marked)
    ]
    assert list(blank_lists(marked)) == expected
