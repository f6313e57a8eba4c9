"""``quiz progress export``: a profile's progress as a file, to keep or hand to a teacher.

The other progress commands live beside it: ``overview`` (due, stats), ``history``
(history, undo), ``config``, ``card_flags`` (suspend, unsuspend, bury) and ``reset``
(reset, orphans); their shared text helpers are in ``progress_text``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizdeck import clock
from quizdeck.commands.options import open_store, profile_option
from quizdeck.display import inert

if TYPE_CHECKING:
    from quizdeck.store import Store


@click.group(name="progress")
def progress_group() -> None:
    """Your progress as a file, to keep or hand to a teacher."""


@progress_group.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: reviews and card states; csv: the reviews.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE ('-' or none: standard output).",
)
@profile_option
def progress_export(fmt: str, output: Path | None, profile: str) -> None:
    """Export this profile's review log and card states.

    JSON: {"format": "quiz-progress", "version": 1, "profile", "exported_at",
    "reviews": [...], "cards": [...]}. CSV: one row per review.
    """
    with open_store(profile, reading=True) as store:
        if output is None or str(output) == "-":
            store.export(sys.stdout, fmt, profile=profile, now=clock.now())
            return
        count = write_export(store, output, fmt, profile)
    click.echo(f"Wrote {count} review(s) to {inert(str(output))}", err=True)


def write_export(store: Store, output: Path, fmt: str, profile: str) -> int:
    """Export to ``output`` atomically (a temporary file, then a rename)."""
    from quizdeck.files import replacing, text_stream

    try:
        with replacing(output) as temporary, text_stream(temporary) as handle:
            return store.export(handle, fmt, profile=profile, now=clock.now())
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
