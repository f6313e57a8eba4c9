"""Commands that quiz: start, practice, exam, and check (how one answer is graded).

Only click and light quizdeck modules are imported here; questionary, the
store and grading are imported inside the commands, so start-up stays quick.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import click

from quizdeck import Collector
from quizdeck.commands.decks import load_or_fail
from quizdeck.commands.options import open_store, profile_option, recap_json_option, wrapped
from quizdeck.decks.format import Deck, collection_paused
from quizdeck.decks.scope import Scope
from quizdeck.display import is_terminal, plural
from quizdeck.model import Card, Kind, Mode

if TYPE_CHECKING:
    from quizdeck.session.asking import Summary
    from quizdeck.session.log import Asker, ReviewLog
    from quizdeck.session.options import OptionMaker
    from quizdeck.store import Store

KIND_NAMES = [kind.value for kind in Kind]


def plain_option(function: click.decorators.FC) -> click.decorators.FC:
    """``--plain``: ask line by line, without menus."""
    return click.option(
        "--plain",
        is_flag=True,
        help="Ask line by line without menus (automatic when not in a terminal).",
    )(function)


def seed_option(function: click.decorators.FC) -> click.decorators.FC:
    """A hidden ``--seed`` that makes shuffling repeatable (for tests and demos)."""
    return click.option("--seed", type=int, default=None, hidden=True)(function)


def filter_options(function: click.decorators.FC) -> click.decorators.FC:
    """``--tag`` and ``--kinds``: which cards a practice or an exam draws from."""
    function = click.option(
        "--kinds",
        metavar="KINDS",
        help=f"Only these kinds of question, comma separated ({', '.join(KIND_NAMES)}).",
    )(function)
    return click.option(
        "--tag", "tags", multiple=True, metavar="TAG", help="Only cards with this tag (repeatable)."
    )(function)


def parse_kinds(value: str | None) -> tuple[Kind, ...]:
    """``"text,person"`` → the kinds; a usage error names the valid ones."""
    if not value:
        return ()
    kinds = []
    for name in (part.strip() for part in value.split(",")):
        if name not in KIND_NAMES:
            raise click.BadParameter(
                f"unknown kind '{name}'; kinds are {', '.join(KIND_NAMES)}", param_hint="--kinds"
            )
        kinds.append(Kind(name))
    return tuple(kinds)


#: About how long one card takes, for the first session's "about N min".
SECONDS_PER_CARD = 15

#: The longest exam ``--time-limit`` (minutes): a day.
EXAM_MINUTES = 24 * 60


def _minutes(value: float | None) -> float | None:
    """``--time-limit`` as given, but never nan (which every range lets through)."""
    if value is not None and value != value:
        raise click.BadParameter(f"give a number of minutes up to {EXAM_MINUTES}")
    return value


def wants_plain(plain: bool) -> bool:
    """Plain mode when asked, or when stdin or stdout is not a terminal."""
    return plain or not (is_terminal(sys.stdin) and is_terminal(sys.stdout))


def make_asker(plain: bool, decks: Sequence[Deck]) -> Asker:
    """The questionary asker in a terminal, the line-by-line one otherwise; only it is imported."""
    from quizdeck.decks.sources import Sources

    sources = Sources(decks)
    if wants_plain(plain):
        from quizdeck.ui.plain import PlainAsker

        return PlainAsker(sources=sources)
    from quizdeck.ui.terminal import QuestionaryAsker

    return QuestionaryAsker(sources)


@contextlib.contextmanager
def _deferred_interrupts() -> Iterator[None]:
    """Ctrl-C between two prompts stops at the next prompt, and keys typed then are not
    echoed (see ui.prompt.Interrupts)."""
    from quizdeck.ui.prompt import Interrupts

    with Interrupts.deferred(), Interrupts.unechoed():
        yield


def run_session(
    mode: Mode,
    queue: list[Card],
    decks: Sequence[Deck],
    log: ReviewLog,
    *,
    plain: bool,
    seed: int | None,
    time_limit: float | None = None,
    as_json: bool = False,
    scope: Scope | None = None,
    limit: int | None = None,
    waiting: Sequence[tuple[Card, datetime]] = (),
) -> Summary:
    """Ask ``queue`` and exit with the session's status (130 when stopped early); ``scope``
    (default: ``decks``') is what the next due time is computed over."""
    from quizdeck import clock
    from quizdeck.session.engine import Session

    asker = make_asker(plain, decks)
    if as_json:
        from quizdeck.session.recap import JsonRecap

        asker = JsonRecap(asker, click.echo)
    session = Session(
        asker,
        log,
        mode=mode,
        now=clock.now,
        seed=seed,
        options=_option_maker(queue, waiting, decks, seed),
        time_limit=time_limit,
        limit=limit,
    )
    terminal = not wants_plain(plain)
    with (
        Collector.frozen_for_session(terminal),
        _deferred_interrupts() if terminal else contextlib.nullcontext(),
    ):
        summary = session.run(queue, scope or Scope.of_decks(decks), waiting)
    if summary.exit_code:
        raise SystemExit(summary.exit_code)
    return summary


def _option_maker(
    queue: Sequence[Card], waiting: Sequence[tuple[Card, datetime]], decks: Sequence[Deck],
    seed: int | None,
) -> OptionMaker:  # fmt: skip
    """Wrong options drawn from the decks for the choice cards that ask for them; else the
    cards' own (what draws them is then not even imported)."""
    wanted = any(card.auto_distractors for card in queue)
    if wanted or any(card.auto_distractors for card, _ in waiting):
        from quizdeck.session.distractors import option_maker, sibling_pool

        return option_maker(sibling_pool(decks) if wanted else (), seed=seed or 0)
    from quizdeck.session.options import card_options

    return card_options


@click.command()
@click.argument("decks", nargs=-1)
@click.option(
    "--new",
    "new_limit",
    type=click.IntRange(min=0),
    metavar="N",
    default=None,
    help="Introduce at most N new cards (default: your daily limit).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    default=None,
    help="Ask at most N questions in this session (a card asked again counts again).",
)
@plain_option
@profile_option
@seed_option
@recap_json_option
def start(
    decks: tuple[str, ...],
    new_limit: int | None,
    limit: int | None,
    plain: bool,
    profile: str,
    seed: int | None,
    as_json: bool,
) -> None:
    """Study: the cards that are due for review, then new cards up to the daily limit.

    After each answer you see whether it was right, the right answer and the
    explanation. Say "I was right" if quiz misjudged you, or mark a right
    answer as hard or easy. Esc or Ctrl-C stops at any time; your answers so
    far are saved.

    New cards come from each deck in turn, spread over the deck. Cards that
    test the same fact from another angle are never asked on the same day:
    once you answer one, the others wait until tomorrow.

    DECKS are deck ids, deck files or folders; with none, every deck found is used.
    """
    from quizdeck.commands.sync import sync_quietly

    with collection_paused():  # until the session starts: see Collector
        chosen = load_or_fail(decks)
        scope = Scope.of_decks(chosen)
        with open_store(profile, create=True) as store:
            sync_quietly(store, profile)
            try:
                _start(store, scope, chosen, new_limit, limit, plain, seed, as_json)
            finally:
                sync_quietly(store, profile)


def _start(
    store: Store,
    scope: Scope,
    chosen: list[Deck],
    new_limit: int | None,
    limit: int | None,
    plain: bool,
    seed: int | None,
    as_json: bool,
) -> None:
    """A start session over ``chosen`` (the body of ``quiz start``)."""
    from quizdeck import clock
    from quizdeck.session.again import LEARN_AHEAD
    from quizdeck.session.queue import start_queue

    now = clock.now()
    queue = start_queue(store, scope, now, new_limit=new_limit, limit=limit, seed=seed or 0)
    waiting = store.learning_soon(scope, now, LEARN_AHEAD)
    if not queue and not waiting:
        _nothing_due(store, scope)
        return
    if not as_json and not store.history(limit=1):
        minutes = max(1, round(len(queue) * SECONDS_PER_CARD / 60))
        click.echo(
            wrapped(
                f"{plural(len(queue), 'card')} today, about {minutes} min. Esc or Ctrl-C "
                "stops; every answer is kept."
            )
        )
    run_session(
        Mode.START, queue, chosen, store, plain=plain, seed=seed, as_json=as_json,
        scope=scope, limit=limit, waiting=waiting,
    )  # fmt: skip


def _nothing_due(log: ReviewLog, scope: Scope) -> None:
    from quizdeck import clock
    from quizdeck.ui.text import when_text

    click.echo("Nothing to review right now.")
    due = log.next_due(scope, clock.now())
    if due is not None:
        click.echo(f"Next review: {when_text(due)}")
    click.echo("To go over cards anyway: quiz practice")


@click.command()
@click.argument("decks", nargs=-1)
@filter_options
@click.option(
    "--count",
    type=click.IntRange(min=1),
    metavar="N",
    default=20,
    show_default=True,
    help="Ask this many questions.",
)
@plain_option
@profile_option
@seed_option
@recap_json_option
def practice(
    decks: tuple[str, ...],
    tags: tuple[str, ...],
    kinds: str | None,
    count: int,
    plain: bool,
    profile: str,
    seed: int | None,
    as_json: bool,
) -> None:
    """Practise any cards, shuffled, whether they are due or not.

    Your answers are kept in your history but do not change when cards come
    up for review in 'quiz start'. Cards that test the same fact are asked
    at most once per practice, so one question never gives away the next.

    DECKS are deck ids, deck files or folders; with none, every deck found is used.
    """
    queue, chosen = _shuffled_queue(decks, tags, parse_kinds(kinds), count, seed)
    with open_store(profile, create=True) as store:
        run_session(Mode.PRACTICE, queue, chosen, store, plain=plain, seed=seed, as_json=as_json)


@click.command()
@click.argument("decks", nargs=-1)
@click.option(
    "--count",
    type=click.IntRange(min=1),
    metavar="N",
    default=20,
    show_default=True,
    help="Number of questions.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True, max=EXAM_MINUTES),
    callback=lambda _ctx, _param, value: _minutes(value),
    default=None,
    metavar="MIN",
    help="Stop after this many minutes; questions not reached count as missed.",
)
@filter_options
@plain_option
@profile_option
@seed_option
@recap_json_option
def exam(
    decks: tuple[str, ...],
    count: int,
    time_limit: float | None,
    tags: tuple[str, ...],
    kinds: str | None,
    plain: bool,
    profile: str,
    seed: int | None,
    as_json: bool,
) -> None:
    """Take a test: no feedback until the end, then your score and what you missed.

    The report gives your score, a breakdown by tag, and each missed question
    with the right answer and its explanation. Answers are kept in your
    history but do not change your review schedule. Cards that test the same
    fact are asked at most once per exam, so one question never gives away
    the next.

    DECKS are deck ids, deck files or folders; with none, every deck found is used.
    """
    queue, chosen = _shuffled_queue(decks, tags, parse_kinds(kinds), count, seed)
    limit = time_limit * 60 if time_limit is not None else None
    with open_store(profile, create=True) as store:
        run_session(
            Mode.EXAM, queue, chosen, store, plain=plain, seed=seed, time_limit=limit,
            as_json=as_json,
        )  # fmt: skip


def _shuffled_queue(
    refs: Sequence[str],
    tags: Sequence[str],
    kinds: Sequence[Kind],
    count: int,
    seed: int | None,
) -> tuple[list[Card], list[Deck]]:
    """Up to ``count`` matching cards in random order, at most one per fact; a usage error
    if none match."""
    import random

    from quizdeck.session.queue import filter_cards, practice_queue

    chosen = load_or_fail(refs)
    every = [card for deck in chosen for card in deck.cards]
    matching = filter_cards(every, tags=tags, kinds=kinds)
    if not matching:
        raise click.UsageError("no cards match --tag/--kinds ('quiz show DECK' lists the cards)")
    apart = Scope.of_decks(chosen).apart()
    return practice_queue(matching, random.Random(seed), count, apart), chosen
