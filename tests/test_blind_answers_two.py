"""A second blind set (``blind_answers_two.toml``): new subjects, every kind that reads text.

Written before reading the grader, as the first set was (``test_blind_answers.py``): six small
decks (chemistry, capitals, literature, sports records, medieval kings, biology), the answers
real students type, right ones in other wordings and wrong ones that look close. It measures
how the grading generalises to cards it was not built on. The goals: at least 95 % of the right
answers accepted and no wrong answer accepted at all.
``python tests/test_blind_answers_two.py`` prints every answer graded the wrong way.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from quizdeck.kinds import grade, grade_answer
from quizdeck.model import Card, Kind, parse_blanks
from test_blind_answers import GOAL_RIGHT, Outcome, summary

BLIND_TWO = Path(__file__).with_name("blind_answers_two.toml")


def _card(entry: dict[str, Any]) -> Card:
    """The cloze or match card an entry describes."""
    kind = Kind(entry["kind"])
    prompt = entry["prompt"]
    if kind is Kind.CLOZE:
        blanks = parse_blanks(prompt)
        answers = tuple(blank.answers[0] for blank in blanks)
        return Card(entry["deck"], "c", kind, prompt, answers, blanks=blanks)
    pairs = tuple((item, partner) for item, partner in entry["pairs"])
    return Card(entry["deck"], "m", kind, prompt, tuple(p for _, p in pairs), pairs=pairs)


def _grade(entry: dict[str, Any], given: str | list[str]) -> tuple[bool, str]:
    """Whether quiz accepts ``given`` for the entry's card, and why."""
    kind = Kind(entry["kind"])
    if kind in (Kind.CLOZE, Kind.MATCH):
        result = grade(_card(entry), given if isinstance(given, str) else tuple(given))
    else:
        assert isinstance(given, str)
        choices = tuple(entry.get("choices", ()))
        result = grade_answer(kind, entry["answer"], given, choices=choices, prompt=entry["prompt"])
    return result.correct, result.reason


def outcomes() -> list[Outcome]:
    """Every answer of the second blind set, graded."""
    data = tomllib.loads(BLIND_TWO.read_text(encoding="utf-8"))
    found = []
    for entry in data["card"]:
        name = f"{entry['deck']}: " + entry.get("answer", [entry["prompt"]])[0]
        tries = [(given, True, "") for given in entry["right"]]
        tries += [(wrong["given"], False, wrong["trap"]) for wrong in entry["wrong"]]
        for given, right, trap in tries:
            accepted, reason = _grade(entry, given)
            shown = given if isinstance(given, str) else " | ".join(given)
            found.append(Outcome(name, shown, right, trap, accepted, reason))
    return found


def test_the_second_set_is_large_and_covers_every_kind_that_reads_text() -> None:
    data = tomllib.loads(BLIND_TWO.read_text(encoding="utf-8"))
    kinds = {entry["kind"] for entry in data["card"]}
    assert kinds == {kind.value for kind in Kind} - {"flip"}
    assert len({entry["deck"] for entry in data["card"]}) >= 5
    assert len(outcomes()) >= 400


def test_the_second_set_meets_the_goals() -> None:
    found = outcomes()
    report = summary(found)
    print(report)
    right = [o for o in found if o.right]
    assert sum(o.accepted for o in right) / len(right) >= GOAL_RIGHT, report
    false = [o for o in found if not o.right and o.accepted]
    assert not false, f"{report}\n" + "\n".join(f"{o.card}: {o.given!r}" for o in false)


if __name__ == "__main__":
    graded = outcomes()
    for outcome in graded:
        if not outcome.graded_well:
            verdict = "refused" if outcome.right else f"accepted ({outcome.trap})"
            print(f"{verdict:20} {outcome.card:34} {outcome.given!r:52} {outcome.reason}")
    print(summary(graded))
