"""Cards kept apart beyond siblings, in sessions: each card's keep-apart groups.

A card belongs to its fact and to one group per card it is kept apart from (see
:mod:`quizdeck.decks.giveaways`, which finds them); the session keeps cards of one group
apart as it keeps siblings apart. Light on purpose: every command that builds a scope loads
it, and finding give-aways (with the grading library) only happens when one is needed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

Key = tuple[str, str]


class Shown(Protocol):
    """A give-away as :class:`KeepApart` reads it: the card that shows, the card shown."""

    @property
    def shower(self) -> Key: ...
    @property
    def owner(self) -> Key: ...


def group_name(one: Key, other: Key) -> str:
    """The keep-apart group of two cards (the same whichever comes first)."""
    first, second = sorted((one, other))
    return f"~{first[0]}/{first[1]}|{second[0]}/{second[1]}"


class KeepApart:
    """Which cards are kept apart from which, beyond siblings: a card's keep-apart groups."""

    def __init__(self, pairs: Iterable[tuple[Key, Key]] = ()) -> None:
        self._related: dict[Key, set[Key]] = defaultdict(set)
        for one, other in pairs:
            if one != other:
                self._related[one].add(other)
                self._related[other].add(one)

    @classmethod
    def of_giveaways(cls, giveaways: Iterable[Shown]) -> KeepApart:
        """Both cards of every give-away kept apart."""
        return cls((giveaway.shower, giveaway.owner) for giveaway in giveaways)

    def __len__(self) -> int:
        """How many cards are kept apart from another one."""
        return len(self._related)

    def related(self, key: Key) -> frozenset[Key]:
        """The cards ``key`` is kept apart from (siblings aside)."""
        found = self._related.get(key)
        return frozenset(found) if found else frozenset()

    def groups(self, key: Key) -> tuple[str, ...]:
        """The keep-apart groups of the card ``key``, one per card it is kept apart from."""
        found = self._related.get(key)
        if not found:
            return ()
        return tuple(group_name(key, other) for other in found)

    def pairs(self) -> list[tuple[Key, Key]]:
        """Every pair once, in a stable order (what the deck cache stores)."""
        return sorted(
            (one, other) for one, others in self._related.items() for other in others if one < other
        )


#: Nothing kept apart but siblings.
NOTHING_APART = KeepApart()
