"""``quiz sync``: keep a student's devices in step through a shared folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizdeck.commands.options import open_store, profile_option
from quizdeck.display import inert, plural

if TYPE_CHECKING:
    from quizdeck.store import Store
    from quizdeck.sync.run import Outcome


@click.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option(
    "--join",
    metavar="STUDENT",
    help="Study as STUDENT (the student id 'quiz progress export' shows, or the student's "
    "folder name) on this device; your own answers so far are merged in.",
)
@click.option("--status", is_flag=True, help="Only say what a sync would send and receive.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@profile_option
def sync(folder: Path | None, join: str | None, status: bool, as_json: bool, profile: str) -> None:
    """Keep your progress in step on several devices through a shared folder.

    FOLDER is a folder that a tool such as Syncthing, Dropbox, OneDrive, a network
    share or git keeps the same on every device (default: the sync_dir setting,
    which also makes 'quiz start' sync before and after a session). quiz writes this
    device's answers to its own file in FOLDER/STUDENT-ID/ and takes in those of your
    other devices, so each shows the same history, due cards and statistics.

    On a second device, run 'quiz sync FOLDER --join STUDENT-ID' once.
    """
    from quizdeck.sync.run import sync as run_sync

    with open_store(profile, create=join is not None) as store:
        chosen = folder or _setting_folder(store)
        try:
            outcome = run_sync(store, chosen, join=join, status=status, name=profile)
        except OSError as error:
            raise click.ClickException(
                f"cannot sync with {chosen}: {error.strerror or error}"
            ) from None
    for line in outcome.skipped:
        click.echo(inert(f"skipped {line}"), err=True)
    if as_json:
        from quizdeck.commands.progress_text import echo_json

        echo_json({"status": status, **outcome.to_dict()})
        return
    click.echo(inert(summary(outcome, status)))


def _setting_folder(store: Store) -> Path:
    value = store.settings().sync_dir
    if not value:
        raise click.UsageError(
            "give the shared FOLDER, or set one: quiz config set sync_dir FOLDER"
        )
    return Path(value).expanduser()


def summary(outcome: Outcome, status: bool) -> str:
    """One line saying what a sync did (or would do)."""
    sent, received = plural(outcome.sent, "event"), plural(outcome.received, "event")
    where = f"{outcome.folder}/{outcome.student}"
    if status:
        return f"A sync with {where} would send {sent} and receive {received}."
    return (
        f"Synced with {where}: sent {sent}, received {received}"
        f" ({plural(outcome.cards, 'card')} rescheduled)."
    )


def sync_quietly(store: Store, profile: str) -> None:
    """Sync with the ``sync_dir`` setting's folder, if set, saying only what went wrong:
    a session never fails because its sync did."""
    value = store.settings().sync_dir
    if not value:
        return  # most students: the sync code is not even imported
    from quizdeck.errors import StoreError
    from quizdeck.sync.run import sync as run_sync

    try:
        outcome = run_sync(store, Path(value).expanduser(), name=profile)
    except (StoreError, OSError, ValueError) as error:
        click.echo(inert(f"sync skipped: {error}"), err=True)
        return
    if outcome.skipped:
        click.echo(
            inert(f"sync: {plural(len(outcome.skipped), 'file')} skipped ('quiz sync' names them)"),
            err=True,
        )
