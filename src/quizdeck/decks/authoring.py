"""Writing decks: the new-deck template, fresh card ids, and appending cards safely.

Cards are appended with ``tomlkit`` so the file keeps its comments and layout.
The result is written to a temporary file next to the deck, checked with the
deck loader, and only then renamed over the original: a deck file is never left
half-written, and never replaced by one that does not validate.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quizdeck.decks.format import CARD_KEYS, Deck, Problem, display_path
from quizdeck.decks.reader import check_deck_file
from quizdeck.files import (
    DECK_LIMIT,
    MIB,
    describe_read_error,
    lock_beside,
    read_limited,
    temporary_beside,
    write_and_sync,
    write_atomic,
)
from quizdeck.model import Kind, replace_blanks

SCHEMA_FILE = "deck.schema.json"
CARD_HEADER = re.compile(r"^\s*\[\[\s*card\s*\]\]")
TABLE_HEADER = re.compile(r"^\s*\[")
ID_WORDS = 4
ID_LENGTH = 40
_STOP_WORDS_TEXT = """
a an and are as at by did do does for from had has have he her his how in into is it its of on
or she that the their they this to was were what when where which who whom whose why with true
false
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


class AuthoringError(Exception):
    """A deck could not be changed; ``problems`` are one-line messages (file:line when known)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems[0] if self.problems else "the deck could not be changed")


class CardError(AuthoringError):
    """A new card is not valid (the deck itself is fine)."""


@dataclass
class CardDraft:
    """A card being written, holding values as they will appear in the TOML file."""

    kind: Kind
    prompt: str
    answer: Any = None
    accept: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    auto_distractors: bool = False
    any_order: bool = False
    correction: str = ""
    explanation: str = ""
    source: Any = None
    tags: list[str] = field(default_factory=list)
    id: str = ""
    fact: str = ""
    image: str = ""

    def table(self) -> dict[str, Any]:
        """The card's keys in the order of the deck format, empty ones left out."""
        values: dict[str, Any] = {
            "id": self.id,
            "fact": self.fact,
            "kind": self.kind.value,
            "prompt": self.prompt,
            "answer": self.answer,
            "accept": self.accept,
            "choices": self.choices,
            "distractors": "auto" if self.auto_distractors else None,
            "any_order": True if self.any_order else None,
            "correction": self.correction,
            "explanation": self.explanation,
            "source": self.source,
            "tags": self.tags,
            "image": self.image,
        }
        return {key: values[key] for key in CARD_KEYS if _present(values[key])}


def _present(value: object) -> bool:
    return value is not None and value != "" and value != []


# --- values typed by a teacher -----------------------------------------------------------


def split_list(text: str) -> list[str]:
    """Items of a ``a | b | c`` list; ``\\|`` is a literal bar; empty items are dropped."""
    parts = re.split(r"(?<!\\)\|", text)
    return [part.replace("\\|", "|").strip() for part in parts if part.strip()]


def answer_value(kind: Kind, items: Sequence[str]) -> Any:
    """The TOML value of an answer typed as text (one item, or several for lists)."""
    from quizdeck.kinds import spec

    return spec(kind).answer_value(items)


def authored_prompt(kind: Kind, prompt: str) -> str:
    """A prompt typed as text, as the deck stores it (a cloze's date blanks become ISO)."""
    if kind is not Kind.CLOZE:
        return prompt
    from quizdeck.kinds.cloze import authored_blanks

    return authored_blanks(prompt)


def authored_answers(kind: Kind, items: Sequence[str]) -> list[str]:
    """Accepted answers typed as text, as the deck stores them (a date in words becomes ISO)."""
    from quizdeck.kinds.typed_kinds import TYPED

    typed = TYPED.get(kind)
    return [typed.authored(item) if typed else item for item in items]


def source_value(text: str) -> Any:
    """A card source as typed: ``3`` → 3, ``3, 4`` → [3, 4], anything else stays text."""
    text = text.strip()
    if not text:
        return None
    numbers = [part.strip() for part in text.split(",")]
    if all(number.isascii() and number.isdigit() and len(number) <= 9 for number in numbers):
        return int(numbers[0]) if len(numbers) == 1 else [int(number) for number in numbers]
    return text


# --- card ids ----------------------------------------------------------------------------


def slugify(text: str) -> str:
    """A short slug of the meaningful words of ``text``: "Who led Kataib Hezbollah?" → ..."""
    from anyascii import anyascii

    plain = replace_blanks(text, lambda _index, body: _blank_words(body))
    words = re.findall(r"[a-z0-9]+", anyascii(plain).lower())
    meaningful = [word for word in words if word not in STOP_WORDS] or words
    slug = ""
    for word in meaningful[:ID_WORDS]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > ID_LENGTH:
            break
        slug = candidate
    return slug or (meaningful[0][:ID_LENGTH] if meaningful else "card")


def _blank_words(body: str) -> str:
    head, sep, rest = body.partition(":")
    answer = rest if sep and head.strip() in {kind.value for kind in Kind} else body
    return f" {answer.split('|')[0]} "


def fresh_id(prompt: str, taken: Collection[str]) -> str:
    """A slug of ``prompt`` that no card in ``taken`` uses (``-2``, ``-3``... when needed)."""
    base = slugify(prompt)
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def card_ids(path: Path) -> dict[str, int]:
    """The ids of the cards in a deck file and the line of each, as far as it can be read."""
    try:
        lines = read_limited(path, DECK_LIMIT).decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[str, int] = {}
    in_card = False
    for number, line in enumerate(lines, start=1):
        if TABLE_HEADER.match(line):
            in_card = bool(CARD_HEADER.match(line))
            continue
        match = re.match(r"""^\s*["']?id["']?\s*=\s*["']([^"']*)["']""", line)
        if in_card and match:
            found.setdefault(match.group(1), number)
    return found


def card_prompts(path: Path) -> dict[str, str]:
    """The prompts of the cards in a deck file (stripped) and the id of each card."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        data = tomllib.loads(read_limited(path, DECK_LIMIT).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return {}
    cards = data.get("card")
    found: dict[str, str] = {}
    for card in cards if isinstance(cards, list) else []:
        prompt, card_id = (
            card.get(key) if isinstance(card, dict) else None for key in ("prompt", "id")
        )
        if isinstance(prompt, str) and isinstance(card_id, str):
            found.setdefault(prompt.strip(), card_id)
    return found


def assign_ids(drafts: Sequence[CardDraft], taken: Collection[str]) -> None:
    """Give every draft without an id a fresh one, unique in the deck and among the drafts."""
    used = set(taken) | {draft.id for draft in drafts if draft.id}
    for draft in drafts:
        if not draft.id:
            draft.id = fresh_id(draft.prompt, used)
            used.add(draft.id)


@dataclass
class Checked:
    """What the deck loader said about a deck with new cards appended."""

    text: str
    deck: Deck | None
    deck_problems: list[str]
    card_problems: dict[int, list[str]]


def check_new_cards(
    path: Path, drafts: Sequence[CardDraft], original: str | None = None
) -> Checked:
    """Append ``drafts`` to the deck at ``path`` in a temporary file and check it there.

    Problems of the new cards are sorted by draft; problems of the deck as it was
    are given with its own file name and lines. Nothing is written to ``path``.
    ``original`` is the deck's text when the file does not exist yet.
    """
    original = _read_deck_text(path) if original is None else original
    text = _appended(path, original, drafts)
    if len(text.encode("utf-8")) > DECK_LIMIT:  # quiz could not read the deck it wrote
        raise AuthoringError(
            [f"{display_path(path)}: with {len(drafts)} new card(s) the deck would be larger "
             f"than {DECK_LIMIT // MIB} MiB, the most quiz reads; add fewer cards at a time, "
             "or put them in another deck"]
        )  # fmt: skip
    with _writing(path), temporary_beside(path) as temporary:
        write_and_sync(temporary, text)
        deck, problems = check_deck_file(temporary)
    deck_problems, card_problems = _sort_problems(path, original, text, problems, len(drafts))
    _check_duplicate_ids(path, drafts, card_problems)
    return Checked(text, deck, deck_problems, card_problems)


def append_cards(path: Path, drafts: Sequence[CardDraft], original: str | None = None) -> Deck:
    """Append ``drafts`` to the deck at ``path`` if the result is valid; all or nothing.

    Raises ``AuthoringError`` listing every problem (the file is left as it was).
    With ``original``, the deck file is created with that text and the cards.
    """
    with _writing(path), lock_beside(path):
        return _append_locked(path, drafts, original)


def _append_locked(path: Path, drafts: Sequence[CardDraft], original: str | None) -> Deck:
    shown = display_path(path)
    if original is not None and os.path.lexists(path):
        raise AuthoringError(
            [f"{shown}: another command created this deck meanwhile; nothing was added: "
             "run this one again"]
        )  # fmt: skip
    checked = check_new_cards(path, drafts, original)
    if checked.deck_problems:
        raise AuthoringError(checked.deck_problems)
    messages = [
        f"{shown}: new card '{drafts[index].id}': {message}"
        for index, found in sorted(checked.card_problems.items())
        for message in found
    ]
    if messages:
        raise CardError(messages)
    if checked.deck is None:
        raise AuthoringError([f"{shown}: the deck does not validate"])
    write_atomic(path, checked.text)
    return replace(checked.deck, path=path)


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn a failed write next to ``path`` (read-only folder, full disk) into an AuthoringError."""
    try:
        yield
    except OSError as error:
        raise AuthoringError(
            [f"{display_path(path)}: cannot write: {error.strerror or error}"]
        ) from None


def _read_deck_text(path: Path) -> str:
    try:
        return read_limited(path, DECK_LIMIT).decode("utf-8-sig")
    except FileNotFoundError:
        raise AuthoringError([f"{display_path(path)}: no such file"]) from None
    except IsADirectoryError:
        raise AuthoringError([f"{display_path(path)}: is a directory, not a deck file"]) from None
    except OSError as error:
        message = describe_read_error(error)
        raise AuthoringError([f"{display_path(path)}: cannot read: {message}"]) from None
    except UnicodeDecodeError:
        raise AuthoringError([f"{display_path(path)}: not UTF-8 text"]) from None


def _appended(path: Path, original: str, drafts: Sequence[CardDraft]) -> str:
    """The deck text with the drafts appended as [[card]] tables, everything else unchanged."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    if original and not original.endswith("\n"):
        original += "\n"
    try:
        document = tomlkit.parse(original)
    except TOMLKitError:
        _, problems = check_deck_file(path)
        raise AuthoringError([str(problem) for problem in problems] or ["not valid TOML"]) from None
    cards = document.get("card")
    if cards is not None and not isinstance(cards, tomlkit.items.AoT):
        raise AuthoringError(
            [f"{display_path(path)}: 'card' must be written as [[card]] tables to add cards"]
        )
    tables = tomlkit.aot() if cards is None else cards
    for number, draft in enumerate(drafts):
        table = tomlkit.table()
        for key, value in draft.table().items():
            table[key] = value
        # one blank line before each new card
        table.trivia.indent = "" if number == 0 and original.endswith("\n\n") else "\n"
        tables.append(table)
    if cards is None:
        document.append("card", tables)
    return tomlkit.dumps(document)


def _sort_problems(
    path: Path, original: str, text: str, problems: Sequence[Problem], count: int
) -> tuple[list[str], dict[int, list[str]]]:
    """Split loader problems into those of the deck as it was and those of each new card."""
    lines = text.splitlines()
    headers = [number for number, line in enumerate(lines, 1) if CARD_HEADER.match(line)]
    starts = headers[len(headers) - count :] if count else []
    end = _table_end(lines, starts[-1]) if starts else 0
    shift = len(lines) - len(original.splitlines())
    shown = display_path(path)
    deck_problems: list[str] = []
    card_problems: dict[int, list[str]] = {}
    for problem in problems:
        if starts and starts[0] <= problem.line <= end:
            index = max(i for i, start in enumerate(starts) if start <= problem.line)
            card_problems.setdefault(index, []).append(problem.message)
            continue
        line = problem.line - shift if starts and problem.line > end else problem.line
        deck_problems.append(str(Problem(shown, line, problem.col, problem.message)))
    return deck_problems, card_problems


def _table_end(lines: Sequence[str], start: int) -> int:
    """The last line of the table whose header is on line ``start``."""
    for number in range(start + 1, len(lines) + 1):
        if TABLE_HEADER.match(lines[number - 1]):
            return number - 1
    return len(lines)


def _check_duplicate_ids(
    path: Path, drafts: Sequence[CardDraft], card_problems: dict[int, list[str]]
) -> None:
    """Say plainly which id a new card repeats (the loader's line numbers are the temp file's)."""
    existing = card_ids(path)
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        found = [m for m in card_problems.get(index, []) if not m.startswith("duplicate card id")]
        if draft.id in existing:
            found.append(f"card id '{draft.id}' is already used (line {existing[draft.id]})")
        elif draft.id in seen:
            found.append(f"card id '{draft.id}' is given to an earlier new card too")
        seen.add(draft.id)
        if found:
            card_problems[index] = found
        else:
            card_problems.pop(index, None)
