"""Adding an accepted answer to one card of a deck file (``quiz accept``): a teacher who sees
a fair answer marked wrong teaches the grader, and the file keeps its layout and comments."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from quizdeck.decks.authoring import AuthoringError
from quizdeck.decks.format import Deck, display_path
from quizdeck.decks.reader import check_deck_file
from quizdeck.display import did_you_mean
from quizdeck.files import temporary_beside, write_and_sync, write_atomic
from quizdeck.kinds import grade, spec
from quizdeck.kinds.typed import TypedKind
from quizdeck.model import Card

#: The longest accepted answer a teacher may add (as long as a student's answer may be).
MAX_ACCEPTED_CHARS = 1000


class Accepted(NamedTuple):
    """What ``accept_answer`` did: ``added`` False when the grader already took the answer."""

    card: Card
    answer: str
    added: bool
    reason: str  # the grader's reason when it already accepted the answer


def accept_answer(path: Path, card_id: str, answer: str, *, glossary: bool = False) -> Accepted:
    """Add ``answer`` to the ``accept`` list of card ``card_id`` in the deck file at ``path``;
    with ``glossary``, to the names of the glossary entity the card's answer names (a new
    ``[[entity]]`` when none does), so every card of that entity takes it.

    Nothing is written when the grader already accepts the answer, or when the deck would
    not validate afterwards. Raises ``AuthoringError`` with one line per problem.
    """
    shown = display_path(path)
    deck = _valid_deck(path)
    card = _card(deck, card_id, shown)
    value = _accepted_value(card, answer, shown)
    graded = grade(card, value)
    if graded.correct and not graded.note:
        return Accepted(card, value, False, graded.reason)
    try:
        original = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise AuthoringError([f"{shown}: cannot read the deck file"]) from None
    if glossary:
        text = _with_name(original, card.answers[0], value, shown)
    else:
        text = _with_accepted(original, card_id, value, shown)
    _write_checked(path, text)
    return Accepted(card, value, True, "")


def _with_name(original: str, named: str, value: str, shown: str) -> str:
    """The deck text with ``value`` added to the names of the ``[[entity]]`` that lists
    ``named`` (a new entity of the two names when none does), the rest unchanged."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(original)
    except TOMLKitError:
        raise AuthoringError([f"{shown}: not valid TOML"]) from None
    key = " ".join(named.casefold().split())
    entities = document.get("entity")
    if entities is None:
        entities = tomlkit.aot()
        document.append("entity", entities)
    if not isinstance(entities, tomlkit.items.AoT):
        raise AuthoringError([f"{shown}: 'entity' must be written as [[entity]] tables"])
    for table in entities.body:
        names = table.get("names")
        if isinstance(names, list) and any(
            " ".join(str(n).casefold().split()) == key for n in names
        ):
            names.append(value)
            return tomlkit.dumps(document)
    table = tomlkit.table()
    table.add("names", [named, value])
    entities.append(table)
    return tomlkit.dumps(document)


def _valid_deck(path: Path) -> Deck:
    deck, problems = check_deck_file(path)
    if deck is None:
        raise AuthoringError([str(problem) for problem in problems] or ["the deck is not valid"])
    return deck


def _card(deck: Deck, card_id: str, shown: str) -> Card:
    found = next((card for card in deck.cards if card.id == card_id), None)
    if found is None:
        ids = [card.id for card in deck.cards]
        raise AuthoringError([f"{shown}: no card '{card_id}'{did_you_mean(card_id, ids)}"])
    return found


def _accepted_value(card: Card, answer: str, shown: str) -> str:
    """The answer as the card's ``accept`` list holds it; a problem when it cannot."""
    card_kind = spec(card.kind)
    where = f"{shown}: card '{card.id}'"
    if "accept" not in card_kind.keys:
        raise AuthoringError([f"{where}: {card.kind.value} cards have no 'accept' list"])
    value = " ".join(answer.split())
    if not value:
        raise AuthoringError([f"{where}: the answer to accept is empty"])
    if len(value) > MAX_ACCEPTED_CHARS:
        raise AuthoringError(
            [f"{where}: the answer is longer than {MAX_ACCEPTED_CHARS} characters"]
        )
    if isinstance(card_kind, TypedKind) and card_kind.format_hint:
        parsed = card_kind.parse(value)
        if parsed is None:
            raise AuthoringError(
                [f"{where}: '{value}' does not read as a {card.kind.value}{card_kind.format_hint}"]
            )
    return value


def _with_accepted(original: str, card_id: str, value: str, shown: str) -> str:
    """The deck text with ``value`` added to the card's ``accept`` list, the rest unchanged."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(original)
    except TOMLKitError:
        raise AuthoringError([f"{shown}: not valid TOML"]) from None
    tables = document.get("card")
    if not isinstance(tables, tomlkit.items.AoT):
        raise AuthoringError([f"{shown}: 'card' must be written as [[card]] tables"])
    table = next(table for table in tables.body if table.get("id") == card_id)
    listed = table.get("accept")
    if listed is None:
        table.add("accept", [value])
    elif isinstance(listed, list):
        listed.append(value)
    else:
        raise AuthoringError([f"{shown}: card '{card_id}': 'accept' must be a list"])
    return tomlkit.dumps(document)


def _write_checked(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` only if it still reads as a valid deck; all or nothing."""
    shown = display_path(path)
    try:
        with temporary_beside(path) as trial:
            write_and_sync(trial, text)
            deck, problems = check_deck_file(trial)
        if deck is None:
            first = problems[0].message if problems else "it does not validate"
            raise AuthoringError([f"{shown}: not changed, the deck would not validate: {first}"])
        write_atomic(path, text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise AuthoringError([f"{shown}: cannot write: {reason}"]) from None
