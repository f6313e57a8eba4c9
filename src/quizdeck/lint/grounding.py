"""Grounding: each card's answer is in the source paragraphs it cites."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizdeck.decks.format import Deck, display_path
from quizdeck.kinds import kind_of
from quizdeck.kinds.base import Claim
from quizdeck.lint.answers import answer_in, answer_kind, support
from quizdeck.lint.explanations import ground_explanation
from quizdeck.lint.findings import Finding, Level, at, deck_line
from quizdeck.model import Card, Kind


class SourceError(Exception):
    """The source text could not be read."""


@dataclass(frozen=True)
class Source:
    """A source text: its non-empty lines are its paragraphs, counted from 1."""

    path: Path
    paragraphs: tuple[str, ...]
    lines: tuple[int, ...]  # the file line of each paragraph

    @classmethod
    def read(cls, path: Path) -> Source:
        """Read ``path``; ``SourceError`` if it cannot be read as UTF-8 text."""
        from quizdeck.files import SOURCE_LIMIT, describe_read_error, read_limited

        try:
            text = read_limited(path, SOURCE_LIMIT).decode("utf-8-sig")
        except OSError as error:
            raise SourceError(f"cannot read source {path}: {describe_read_error(error)}") from None
        except UnicodeDecodeError as error:
            raise SourceError(f"cannot read source {path}: {error}") from None
        numbered = [
            (n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()
        ]
        return cls(path, tuple(line for _, line in numbered), tuple(n for n, _ in numbered))

    @property
    def name(self) -> str:
        return display_path(self.path)

    def paragraph(self, number: int) -> str:
        return self.paragraphs[number - 1]


def _numbers(paragraphs: Sequence[int]) -> str:
    return ", ".join(str(number) for number in paragraphs)


def _where(source: Source, paragraphs: Sequence[int]) -> str:
    return f"paragraph(s) {_numbers(paragraphs)} of {source.name}"


def _answer_found(kind: Kind, answers: Sequence[str], texts: Sequence[str]) -> bool:
    return any(answer_in(kind, answers, text) for text in texts)


def _ground_statement(
    card: Card, what: str, text: str, source: Source, cited: Sequence[int]
) -> list[Finding]:
    backing = support(text, " ".join(source.paragraph(n) for n in cited))
    if backing.ok:
        return []
    message = f"{what} '{text}' not found in {_where(source, cited)} ({backing.describe()})"
    return [at(card, Level.ERROR, message)]


def _ground_answers(card: Card, source: Source, cited: Sequence[int]) -> list[Finding]:
    """Findings on each claim the card's kind says it makes (see ``CardKind.claims``)."""
    texts = [source.paragraph(n) for n in cited]
    found: list[Finding] = []
    for claim in kind_of(card).claims(card):
        if claim.answers:
            kind = claim.kind or answer_kind(card)
            if not _claim_found(kind, claim, texts):
                found.append(
                    at(card, Level.ERROR, f"{claim.what} not found in {_where(source, cited)}")
                )
        elif not claim.statement.strip():
            message = f"false statement has no {claim.what}, so it cannot be checked"
            found.append(at(card, Level.WARNING, message))
        else:
            found += _ground_statement(card, claim.what, claim.statement, source, cited)
    return found


def _claim_found(kind: Kind, claim: Claim, texts: Sequence[str]) -> bool:
    """Whether an answer of ``claim`` is in one of ``texts`` (with one of its partners)."""
    return any(
        answer_in(kind, claim.answers, text)
        and (not claim.partners or answer_in(kind, claim.partners, text))
        for text in texts
    )


def ground_card(card: Card, source: Source) -> list[Finding]:
    """Findings on whether ``card``'s answer is in the paragraphs of ``source`` it cites."""
    if not card.paragraphs:
        return [at(card, Level.ERROR, f"card cites no paragraph of {source.name}")]
    count = len(source.paragraphs)
    beyond = [n for n in card.paragraphs if not 1 <= n <= count]
    found = [
        at(card, Level.ERROR, f"cites paragraph {n}, but {source.name} has {count} paragraph(s)")
        for n in beyond
    ]
    cited = list(dict.fromkeys(n for n in card.paragraphs if 1 <= n <= count))
    if cited:
        found += _ground_answers(card, source, cited)
        found += ground_explanation(card, [source.paragraph(n) for n in cited])
    return found


def uses_source(deck: Deck, source: Source) -> bool:
    """Whether ``deck`` was written from ``source``: it names that file, or names none."""
    return not deck.source.strip() or Path(deck.source).name == source.path.name


@dataclass(frozen=True)
class Coverage:
    """Which paragraphs of the source the grounded cards cite."""

    source: Source
    cited: frozenset[int]

    @property
    def uncited(self) -> list[int]:
        """Paragraphs stating facts that no card cites (not headings, links or repeats)."""
        return [
            n
            for n in range(1, len(self.source.paragraphs) + 1)
            if n not in self.cited and not self.states_nothing_new(n)
        ]

    def states_nothing_new(self, number: int) -> bool:
        """Whether paragraph ``number`` is a heading, a bracketed link to another article,
        or a repeat of (a part of) a paragraph that cards cite, like a pull quote."""
        text = self.source.paragraph(number).strip()
        if text.startswith("[") and text.endswith("]"):
            return True
        if len(text.split()) <= 6 and not text.endswith((".", "!", "?", ":", "”", '"')):
            return True
        folded = " ".join(text.split()).rstrip(".")
        return any(
            folded in " ".join(self.source.paragraph(other).split())
            for other in self.cited
            if other != number
        )

    def summary(self) -> str:
        total = len(self.source.paragraphs)
        skipped = sum(
            1 for n in range(1, total + 1) if n not in self.cited and self.states_nothing_new(n)
        )
        text = f"{len(self.cited)} of {total} paragraph(s) of {self.source.name} cited by a card"
        return text + (
            f" ({skipped} heading(s), link(s) or repeat(s) need none)" if skipped else ""
        )

    def findings(self) -> list[Finding]:
        """An information line for each paragraph no card cites, at its line in the source."""
        found = []
        for number in self.uncited:
            text = self.source.paragraph(number)
            snippet = text if len(text) <= 70 else text[:69] + "…"
            message = f"paragraph {number} is cited by no card: {snippet}"
            found.append(
                Finding(self.source.name, self.source.lines[number - 1], Level.INFO, message)
            )
        return found


def ground_decks(decks: Sequence[Deck], source: Source) -> tuple[list[Finding], Coverage]:
    """Grounding findings for the decks written from ``source``, and the paragraphs they cite."""
    found: list[Finding] = []
    cited: set[int] = set()
    for deck in decks:
        if not uses_source(deck, source):
            message = f"deck '{deck.id}' is written from {deck.source}, not checked against it"
            found.append(
                Finding(display_path(deck.path), deck_line(deck.path), Level.INFO, message)
            )
            continue
        for card in deck.cards:
            found += ground_card(card, source)
            cited.update(n for n in card.paragraphs if 1 <= n <= len(source.paragraphs))
    return found, Coverage(source, frozenset(cited))
