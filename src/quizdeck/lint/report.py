"""The whole ``quiz lint`` run: every check, in the order to print them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from quizdeck.decks.format import Deck, Problem
from quizdeck.lint.findings import Finding, Level
from quizdeck.lint.grounding import Coverage, Source, ground_decks
from quizdeck.lint.images import image_problems
from quizdeck.lint.quality import lint_decks


@dataclass
class Report:
    """Everything ``quiz lint`` found, in the order to print it."""

    findings: list[Finding] = field(default_factory=list)
    decks: int = 0
    cards: int = 0
    coverage: Coverage | None = None

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)

    @property
    def failed(self) -> bool:
        return self.count(Level.ERROR) > 0


def lint(
    decks: Sequence[Deck], problems: Sequence[Problem] = (), source: Source | None = None
) -> Report:
    """Lint ``decks`` (the valid ones) after reporting ``problems`` (of the invalid ones)."""
    findings = [Finding.of_problem(problem) for problem in problems]
    checks = lint_decks(decks, grounding=source is not None)
    checks += [Finding.of_problem(problem) for problem in image_problems(decks)]
    coverage = None
    if source is not None:
        grounded, coverage = ground_decks(decks, source)
        checks += grounded
    findings += sorted(checks, key=lambda f: (f.path, f.line, f.level != Level.ERROR))
    return Report(findings, len(decks), sum(len(deck.cards) for deck in decks), coverage)
