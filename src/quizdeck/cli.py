"""The `quiz` command line: click commands only; the work happens in the core modules."""

from __future__ import annotations

import click

from quizdeck import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quiz")
def main() -> None:
    """Learn the facts of a deck with quizzes that grade fairly and
    schedule reviews for when you are about to forget."""


def _register_commands() -> None:
    from quizdeck.commands import decks

    decks.register(main)


_register_commands()
