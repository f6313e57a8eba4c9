"""``quiz check``: how an answer would be graded, without recording anything."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from quizdeck.decks.format import DeckError
from quizdeck.decks.loading import find_card, load_decks
from quizdeck.display import inert, inert_json, paint
from quizdeck.model import Kind

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

KIND_NAMES = [kind.value for kind in Kind]


@click.command()
@click.argument("args", nargs=-1, metavar="[DECK CARD_ID] GIVEN")
@click.option(
    "--kind",
    type=click.Choice(KIND_NAMES),
    help="Grade against --answer as this kind of question instead of a deck's card.",
)
@click.option(
    "--answer",
    "answers",
    multiple=True,
    metavar="EXPECTED",
    help="An accepted answer (repeat for more); used with --kind.",
)
@click.option(
    "--choice",
    "choices",
    multiple=True,
    metavar="OPTION",
    help="An option of a choice question (repeat for each); used with --kind choice.",
)
@click.option(
    "--prompt",
    default="",
    metavar="QUESTION",
    help="The question, with --kind: some rules read it (e.g. 'which country', a date's year).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object for scripts.")
def check(
    args: tuple[str, ...],
    kind: str | None,
    answers: tuple[str, ...],
    choices: tuple[str, ...],
    prompt: str,
    as_json: bool,
) -> None:
    """Show how an answer would be graded, without recording anything.

    \b
    quiz check DECK CARD_ID GIVEN
        grade GIVEN as an answer to one card of a deck
    quiz check --kind KIND --answer EXPECTED [--answer OTHER ...] GIVEN
        grade GIVEN against answers you supply

    Says why the answer is right or wrong (exact, accepted variant, title
    dropped, initials, typo at ..., a different number ...).
    Exits 0 whether the answer is right or wrong; 1 if the card is unknown.
    For order and cloze questions, separate the items or blanks with ';'.
    A flip card is self-rated: no string is checked; GIVEN is the student's
    rating (again, hard, good, easy or 1-4), and again counts as wrong.
    """
    given = _check_given(args, kind)
    if kind is not None:
        if not answers:
            raise click.UsageError("--kind needs at least one --answer")
        grade = _grade_kind(Kind(kind), answers, given, choices, prompt)
    else:
        grade = _grade_card(args[0], args[1], given)
    if as_json:
        payload = {
            "correct": bool(grade.correct),
            "score": float(grade.score),
            "expected": grade.expected,
            "note": grade.note,
            "reason": grade.reason,
        }
        click.echo(inert_json(json.dumps(payload, ensure_ascii=False)))
        return
    verdict = (
        paint("✓ right", fg="green", bold=True)
        if grade.correct
        else paint("✗ wrong", fg="red", bold=True)
    )
    click.echo(f"{verdict} (score {grade.score:.2f}) · expected: {inert(grade.expected)}")
    if grade.note:
        click.echo(inert(grade.note))
    if grade.reason:
        click.echo(f"why: {inert(grade.reason)}")


def _check_given(args: Sequence[str], kind: str | None) -> str:
    if kind is not None:
        if len(args) != 1:
            raise click.UsageError("with --kind, give exactly one answer to check: GIVEN")
        return args[0]
    if len(args) != 3:
        raise click.UsageError("give DECK CARD_ID GIVEN, or --kind KIND --answer EXPECTED GIVEN")
    return args[2]


def _grade_kind(
    kind: Kind, answers: Sequence[str], given: str, choices: Sequence[str], prompt: str
) -> Grade:
    from quizdeck.kinds import grade_answer

    return grade_answer(kind, list(answers), given, choices=tuple(choices), prompt=prompt)


def _grade_card(deck_ref: str, card_id: str, given: str) -> Grade:
    from quizdeck.kinds import grade

    try:
        decks = load_decks([deck_ref])
        deck_id = decks[0].id if len(decks) == 1 else deck_ref
        card = find_card(decks, deck_id, card_id)
    except DeckError as error:
        raise click.ClickException(str(error)) from None
    return grade(card, given)
