"""The `quiz` command line: click commands only; the work happens in the core modules.

Commands live in ``quizdeck.commands.*`` and are imported only when run, so
``quiz --help`` costs little more than importing click. ``COMMANDS`` names each
command's module and its one-line help (a test keeps that line in step with
the command's own docstring).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from quizdeck import __version__, import_for_good

#: name -> (module, attribute, one-line help shown by ``quiz --help``)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "start": (
        "quizdeck.commands.study",
        "start",
        "Study: the cards that are due for review, then new cards up to the daily limit.",
    ),
    "practice": (
        "quizdeck.commands.study",
        "practice",
        "Practise any cards, shuffled, whether they are due or not.",
    ),
    "exam": (
        "quizdeck.commands.study",
        "exam",
        "Take a test: no feedback until the end, then your score and what you missed.",
    ),
    "check": (
        "quizdeck.commands.check",
        "check",
        "Show how an answer would be graded, without recording anything.",
    ),
    "source": (
        "quizdeck.commands.source",
        "source",
        "Print the source text of DECK, its paragraphs numbered as cards cite them.",
    ),
    "due": (
        "quizdeck.commands.overview",
        "due",
        "Show what is waiting per deck and a forecast of the next 14 days.",
    ),
    "stats": (
        "quizdeck.commands.overview",
        "stats",
        "Show accuracy per day, true retention, streak, weakest cards and leeches.",
    ),
    "history": (
        "quizdeck.commands.history",
        "history",
        "Show the review log: each answer's time, verdict and rating.",
    ),
    "undo": (
        "quizdeck.commands.history",
        "undo",
        "Take back the last answer (run it again for the one before).",
    ),
    "optimize": (
        "quizdeck.commands.optimize",
        "optimize",
        "Fit the scheduler to your own reviews, and use the fit if it predicts them better.",
    ),
    "config": (
        "quizdeck.commands.config",
        "config",
        "Read or change this profile's settings (quiz config get / set / unset).",
    ),
    "suspend": (
        "quizdeck.commands.card_flags",
        "suspend",
        "Keep a card out of every session until it is unsuspended.",
    ),
    "unsuspend": (
        "quizdeck.commands.card_flags",
        "unsuspend",
        "Let a suspended card come back to sessions.",
    ),
    "bury": (
        "quizdeck.commands.card_flags",
        "bury",
        "Keep a card out of sessions until the next day starts.",
    ),
    "reset": (
        "quizdeck.commands.reset",
        "reset",
        "Forget the progress of one deck, or of every deck.",
    ),
    "orphans": (
        "quizdeck.commands.reset",
        "orphans",
        "List progress of cards their deck no longer has; --prune deletes it.",
    ),
    "sync": (
        "quizdeck.commands.sync",
        "sync",
        "Keep your progress in step on several devices through a shared folder.",
    ),
    "progress": (
        "quizdeck.commands.progress",
        "progress_group",
        "Your progress as a file, to keep or hand to a teacher.",
    ),
    "validate": (
        "quizdeck.commands.decks",
        "validate",
        "Check deck files and list every problem as FILE:LINE:COL: MESSAGE.",
    ),
    "decks": (
        "quizdeck.commands.decks",
        "list_decks",
        "List the decks found: id, title, number of cards and where each comes from.",
    ),
    "show": (
        "quizdeck.commands.decks",
        "show",
        "Print the cards of DECK (a deck id or file), or just the card CARD.",
    ),
    "export": (
        "quizdeck.commands.decks",
        "export",
        "Export the cards of decks (default: every deck found).",
    ),
    "lint": ("quizdeck.commands.lint", "lint", "Find weak cards and answers not in their source."),
    "new": (
        "quizdeck.commands.teacher",
        "new",
        "Create a deck file for DECK_ID, ready to fill in.",
    ),
    "add": (
        "quizdeck.commands.teacher",
        "add",
        "Add a card to DECK_FILE, keeping the file's comments and layout.",
    ),
    "accept": (
        "quizdeck.commands.accept",
        "accept",
        "Accept ANSWER for card CARD_ID of DECK_FILE from now on.",
    ),
    "schema": (
        "quizdeck.commands.teacher",
        "schema",
        "Print the JSON Schema of deck files, for editors.",
    ),
    "import": (
        "quizdeck.commands.import_cards",
        "import_cards",
        "Add the cards of CARDS_FILE (CSV, or JSON from quiz) to the deck file given with --deck.",
    ),
    "report": (
        "quizdeck.commands.class_report",
        "report",
        "A class report from the progress files students export.",
    ),
}

#: How ``quiz --help`` groups the commands, in this order.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Study": ("start", "practice", "exam", "check", "source"),
    "Your progress": (
        "due", "stats", "history", "undo", "suspend", "unsuspend", "bury", "reset", "orphans",
        "progress", "sync", "config", "optimize",
    ),
    "Write and share decks": (
        "decks", "show", "validate", "lint", "new", "add", "accept", "schema", "import", "export",
        "report",
    ),
}  # fmt: skip


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command runs.

    It is also the one way out for error messages: any ``click.ClickException``
    (a usage error, a bad option value, a deck problem) is made inert before click
    prints it, so text from decks, files and arguments cannot steer the terminal.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with inert_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with inert_errors():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attribute, _ = COMMANDS[cmd_name]
            command = getattr(import_for_good(module_name), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click does, with a "did you mean" for a mistyped command."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from quizdeck.display import did_you_mean

            hint = did_you_mean(name, self.list_commands(ctx))
            raise click.UsageError(f"no such command '{name}'{hint}; see 'quiz --help'", ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed = {name for names in SECTIONS.values() for name in names}
        others = [name for name in self.list_commands(ctx) if name not in listed]
        for title, names in (*SECTIONS.items(), ("Other commands", tuple(others))):
            rows = [(name, self._short_help(ctx, name)) for name in names]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def _short_help(self, ctx: click.Context, name: str) -> str:
        if name in COMMANDS:
            return COMMANDS[name][2]
        command = super().get_command(ctx, name)
        return command.get_short_help_str(limit=80) if command is not None else ""


@contextmanager
def inert_errors() -> Iterator[None]:
    """Make the message of a ``click.ClickException`` passing through inert."""
    try:
        yield
    except click.ClickException as error:
        from quizdeck.display import inert

        setattr(error, "message", inert(error.message))  # noqa: B010 (typed as Final)
        if isinstance(error, click.BadParameter) and isinstance(error.param_hint, str):
            error.param_hint = inert(error.param_hint)
        raise


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quiz")
def main() -> None:
    """Learn the facts of a deck with quizzes that grade fairly and
    schedule reviews for when you are about to forget.

    \b
    Examples:
      quiz start                    study what is due, then new cards
      quiz practice groups --plain  go over one deck, line by line
      quiz stats                    how you are doing, deck by deck
    """
    from quizdeck.clock import ClockError, now
    from quizdeck.paths import HOME_VARIABLE, HomeError, home_folder

    try:
        now()
        if home := os.environ.get(HOME_VARIABLE):
            home_folder(home)
    except (ClockError, HomeError) as error:
        raise click.UsageError(str(error)) from None
    stop_cleanly_on_sigterm(click.get_current_context())


#: The exit status of a process that SIGTERM ended, as the shell reports it.
TERMINATED = 128 + signal.SIGTERM


def stop_cleanly_on_sigterm(ctx: click.Context) -> None:
    """Make SIGTERM (``timeout``, a closed terminal, ``kill``) end quiz as an exception does,
    for as long as ``ctx`` is open: ``finally`` blocks and ``with`` exits run, so temporary
    files and folders are removed and an open transaction is rolled back. Left alone, SIGTERM
    kills the process where it stands. Only in the main thread (signals go there), and not
    over a handler someone else set."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return
    previous = signal.signal(signal.SIGTERM, _terminated)
    ctx.call_on_close(lambda: signal.signal(signal.SIGTERM, previous))


def _terminated(_signal: int, _frame: object) -> None:
    raise SystemExit(TERMINATED)
