"""A blind set of student answers (``blind_answers.toml``), graded as quiz grades them.

The set was written before the grading of issue 24 changed and is never tuned on: it measures
how well the grader generalises to cards and answers it has not seen. The goals: at least 95 %
of the right answers accepted, and no wrong answer accepted that names another number, year,
date or entity. ``python tests/test_blind_answers.py`` prints every answer graded the wrong way.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from quizdeck.kinds import grade, grade_answer
from quizdeck.model import Card, Kind, parse_blanks

BLIND = Path(__file__).with_name("blind_answers.toml")
#: The share of right answers that must be accepted.
GOAL_RIGHT = 0.95
#: The traps that must never be accepted.
ZERO_TRAPS = ("number", "year", "date", "entity")


@dataclass(frozen=True)
class Outcome:
    """One answer of the set: what it is, whether it should be right, and whether it was."""

    card: str
    given: str
    right: bool
    trap: str
    accepted: bool
    reason: str

    @property
    def graded_well(self) -> bool:
        """Whether quiz graded it as a fair teacher would."""
        return self.right == self.accepted


def _card(entry: dict[str, Any]) -> Card:
    """The card an entry of the set describes."""
    kind = Kind(entry["kind"])
    prompt = entry["prompt"]
    if kind is Kind.CLOZE:
        blanks = parse_blanks(prompt)
        return Card("blind", "c", kind, prompt, tuple(b.answers[0] for b in blanks), blanks=blanks)
    pairs = tuple((item, partner) for item, partner in entry["pairs"])
    return Card("blind", "m", kind, prompt, tuple(p for _, p in pairs), pairs=pairs)


def _grade(entry: dict[str, Any], given: str | list[str]) -> tuple[bool, str]:
    """Whether quiz accepts ``given`` for the entry's card, and why."""
    kind = Kind(entry["kind"])
    if kind in (Kind.CLOZE, Kind.MATCH):
        result = grade(_card(entry), given if isinstance(given, str) else tuple(given))
    else:
        assert isinstance(given, str)
        result = grade_answer(kind, entry["answer"], given, prompt=entry["prompt"])
    return result.correct, result.reason


def outcomes() -> list[Outcome]:
    """Every answer of the blind set, graded."""
    data = tomllib.loads(BLIND.read_text(encoding="utf-8"))
    found = []
    for entry in data["card"]:
        name = entry.get("answer", [entry["prompt"]])[0]
        tries = [(given, True, "") for given in entry["right"]]
        tries += [(wrong["given"], False, wrong["trap"]) for wrong in entry["wrong"]]
        for given, right, trap in tries:
            accepted, reason = _grade(entry, given)
            shown = given if isinstance(given, str) else " | ".join(given)
            found.append(Outcome(name, shown, right, trap, accepted, reason))
    return found


def summary(found: list[Outcome]) -> str:
    """The rates: right answers accepted, wrong answers refused, false accepts by trap."""
    right = [o for o in found if o.right]
    wrong = [o for o in found if not o.right]
    accepted = sum(o.accepted for o in right)
    false = Counter(o.trap for o in wrong if o.accepted)
    traps = Counter(o.trap for o in wrong)
    by_trap = ", ".join(f"{trap} {false[trap]}/{traps[trap]}" for trap in sorted(traps))
    return (
        f"{len(found)} answers: {accepted}/{len(right)} right answers accepted "
        f"({accepted / len(right):.1%}); {len(wrong) - sum(false.values())}/{len(wrong)} wrong "
        f"answers refused; false accepts by trap: {by_trap}"
    )


def test_the_blind_set_is_large_and_covers_every_typed_kind_cloze_and_match() -> None:
    data = tomllib.loads(BLIND.read_text(encoding="utf-8"))
    kinds = {entry["kind"] for entry in data["card"]}
    assert kinds >= {"text", "person", "number", "year", "date", "cloze", "match"}
    assert len(outcomes()) >= 200


def test_the_blind_set_meets_the_goals() -> None:
    found = outcomes()
    report = summary(found)
    print(report)
    right = [o for o in found if o.right]
    assert sum(o.accepted for o in right) / len(right) >= GOAL_RIGHT, report
    false = [o for o in found if not o.right and o.accepted and o.trap in ZERO_TRAPS]
    assert not false, f"{report}\n" + "\n".join(f"{o.card}: {o.given!r}" for o in false)


if __name__ == "__main__":
    graded = outcomes()
    for outcome in graded:
        if not outcome.graded_well:
            verdict = "refused" if outcome.right else f"accepted ({outcome.trap})"
            print(f"{verdict:22} {outcome.card:28} {outcome.given!r:50} {outcome.reason}")
    print(summary(graded))
