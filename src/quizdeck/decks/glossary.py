"""A deck's glossary: the people, groups and places its cards name, each with all its names.

    [[entity]]
    names = ["Kataib Hezbollah", "KH", "Hezbollah Brigades"]

Every card of the deck uses it: an answer naming the card's own entity by any of its names
is right, and one naming another entity of the glossary is wrong (see
:mod:`quizdeck.grading.entities`). So a card's ``accept`` list needs only what is truly its
own, and the same spellings are not repeated card after card.
"""

from __future__ import annotations

from collections.abc import Callable

from quizdeck.decks.locate import Locator
from quizdeck.kinds.base import describe
from quizdeck.model import Glossary

#: Bounds on what a glossary may hold: a deck is read by every command.
MAX_ENTITIES = 5000
MAX_NAMES = 50
MAX_NAME_CHARS = 200
ENTITY_KEYS = ("names",)

Problem = Callable[[str, int, int], None]


def read_glossary(tables: object, locator: Locator, problem: Problem) -> Glossary:
    """The entities of a deck's ``[[entity]]`` tables; each problem goes to ``problem``."""
    if not isinstance(tables, list):
        problem("'entity' must be written as [[entity]] tables", 1, 0)
        return ()
    if len(tables) > MAX_ENTITIES:
        problem(f"the glossary has {len(tables)} entities; at most {MAX_ENTITIES}", 1, 0)
        return ()
    entities: list[tuple[str, ...]] = []
    owner: dict[str, int] = {}
    for index, table in enumerate(tables):
        line = locator.entity_line(index)
        names = _names(table, line, locator, problem)
        for name in names:
            key = " ".join(name.casefold().split())
            if key in owner and owner[key] != index:
                row, col = locator.key(line, "names")
                first = locator.entity_line(owner[key])
                problem(f"'{name}' names two entities (also line {first})", row, col)
            owner.setdefault(key, index)
        if names:
            entities.append(names)
    return tuple(entities)


def _names(table: object, line: int, locator: Locator, problem: Problem) -> tuple[str, ...]:
    if not isinstance(table, dict):
        problem(f"an entity must be a table, not {describe(table)}", line, 0)
        return ()
    for key in table:
        if key not in ENTITY_KEYS:
            row, col = locator.key(line, key)
            problem(f"unknown key '{key}' in [[entity]] (an entity has only 'names')", row, col)
    names = table.get("names")
    row, col = locator.key(line, "names")
    if names is None:
        problem("[[entity]] is missing 'names'", line, 0)
        return ()
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        problem(f"'names' must be a list of strings, not {describe(names)}", row, col)
        return ()
    cleaned = tuple(dict.fromkeys(" ".join(name.split()) for name in names if name.strip()))
    if not cleaned:
        problem("'names' is empty", row, col)
    elif len(cleaned) > MAX_NAMES:
        problem(f"an entity has {len(cleaned)} names; at most {MAX_NAMES}", row, col)
        return ()
    elif any(len(name) > MAX_NAME_CHARS for name in cleaned):
        problem(f"a name is longer than {MAX_NAME_CHARS} characters", row, col)
        return ()
    return cleaned
