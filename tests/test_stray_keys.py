"""Issue 26, finding 1: a stray Enter never answers or reveals anything, at any prompt, however
soon after the prompt was drawn it comes. Keys through a pipe; the time between the prompt
being drawn and each key is an injected clock (no sleeping, no thresholds)."""

from __future__ import annotations

import pytest

from quizdeck.model import Blank, Card, Kind
from quizdeck.session.asking import EndOfInput, Followup
from test_ui import ENTER, asker, card, keys, outcome, question

#: Seconds the clock moves between reads: at once, about half the settle time, long after.
SPACINGS = [0.0, 0.3, 10.0]

TYPED = card("t", Kind.TEXT, ["Ur"])
TRUE_FALSE = card("s", Kind.TRUEFALSE, ["false"])
CHOICE = card("c", Kind.CHOICE, ["Uruk"], choices=("Ur", "Uruk", "Lagash"))
ORDER = card("o", Kind.ORDER, ["x", "y", "z"])
MATCH = card("m", Kind.MATCH, ["Ur", "Uruk"], pairs=(("king", "Ur"), ("queen", "Uruk")))
CLOZE = card("z", Kind.CLOZE, ["Ur"], prompt="{{Ur}} fell.", blanks=(Blank(Kind.TEXT, ("Ur",)),))

PICKING = [
    (TRUE_FALSE, ["true", "false"]),
    (CHOICE, ["Ur", "Uruk", "Lagash"]),
    (ORDER, ["z", "x", "y"]),
    (MATCH, ["Uruk", "Ur"]),
]


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("enters", [1, 2, 3, 4])
@pytest.mark.parametrize(("shown", "options"), PICKING)
def test_enter_with_nothing_picked_answers_nothing(
    shown: Card, options: tuple[str, ...], enters: int, spacing: float
) -> None:
    ask, _ = asker(spacing)
    with keys(ENTER * enters), pytest.raises(EndOfInput):  # the input ends: nothing answered
        ask.ask(question(shown, options))


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("enters", [1, 2, 3, 4])
@pytest.mark.parametrize("typed", [TYPED, CLOZE])
def test_enters_at_a_typed_prompt_never_reveal_the_answer(
    typed: Card, enters: int, spacing: float
) -> None:
    """Soon after the prompt is drawn an empty Enter does nothing; later it asks "Show the
    answer?", where only y shows it: Enter does nothing there either."""
    ask, _ = asker(spacing)
    with keys(ENTER * enters), pytest.raises(EndOfInput):
        ask.ask(question(typed))
    with keys(ENTER * enters + "Ur" + ENTER):  # typing goes on as if no Enter had come
        answer = ask.ask(question(typed))
    assert answer in ("Ur", ("Ur",))


def test_an_empty_enter_soon_after_the_prompt_is_drawn_does_not_even_ask() -> None:
    ask, _ = asker(0.0)  # every key comes at once
    with keys(ENTER + "y" + ENTER):  # had the Enter asked "Show the answer?", y would say yes
        assert ask.ask(question(TYPED)) == "y"
    ask, _ = asker(10.0)  # long after: the same keys give up
    with keys(ENTER + "y"):
        assert ask.ask(question(TYPED)) == ""


def test_n_at_show_the_answer_goes_back_to_typing() -> None:
    ask, _ = asker(10.0)
    with keys(ENTER + "n" + "Ur" + ENTER):
        assert ask.ask(question(TYPED)) == "Ur"


@pytest.mark.parametrize("enters", [1, 2, 3])
def test_an_enter_as_the_feedback_is_drawn_is_not_next(enters: int) -> None:
    """The feedback's Enter (next) works once the verdict has been on screen a moment: a second
    Enter of the answer before does not skip it."""
    ask, _ = asker(0.0)
    with keys(ENTER * enters), pytest.raises(EndOfInput):
        ask.feedback(outcome(TYPED, "Uruk", correct=False))
    ask, _ = asker(10.0)
    with keys(ENTER):
        assert ask.feedback(outcome(TYPED, "Uruk", correct=False)) is Followup.NEXT


def test_a_key_that_is_no_option_says_why_enter_does_nothing() -> None:
    """Finding 3: typing a word on a true/false card picks nothing, and says so."""
    from io import StringIO

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    ask, _ = asker()
    screen = StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")
    with keys("false" + ENTER, output=output), pytest.raises(EndOfInput):
        ask.ask(question(TRUE_FALSE, ["true", "false"]))
    # The screen is redrawn as it changes: the note's end is what the last redraw shows.
    assert "press t or f (or ↑/↓), then Enter." in screen.getvalue()
