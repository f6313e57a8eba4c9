"""Options and helpers shared by several commands."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from quizdeck.paths import (
    DEFAULT_PROFILE,
    existing_profile,
    profile_name,
    profile_names,
    valid_profile,
)

if TYPE_CHECKING:
    from quizdeck.store import Store


def _check_profile(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not valid_profile(value):
        raise click.BadParameter(
            f"'{value}' is not a profile name: use up to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return profile_name(value)


def profile_option(function: click.decorators.FC) -> click.decorators.FC:
    """``--profile NAME`` (or ``QUIZ_PROFILE``): whose progress a command reads and writes."""
    return click.option(
        "--profile",
        metavar="NAME",
        envvar="QUIZ_PROFILE",
        default=DEFAULT_PROFILE,
        show_default=True,
        callback=_check_profile,
        help="Whose progress to use, so several students can share a machine (env: QUIZ_PROFILE).",
    )(function)


#: At most this many profiles are named when one is not found.
MAX_LISTED_PROFILES = 8


def _close_profile(profile: str) -> str | None:
    """An existing profile whose name is close to ``profile`` (a typo of it), if any."""
    from quizdeck.display import closest

    names = {name.casefold(): name for name in profile_names()}
    close = closest(profile.casefold(), list(names))
    return names[close] if close else None


def no_profile_message(profile: str) -> str:
    """``no profile 'alcie' (profiles: alice, default); did you mean 'alice'?``"""
    names = profile_names()
    listed = ", ".join(names[:MAX_LISTED_PROFILES])
    if len(names) > MAX_LISTED_PROFILES:
        listed += f", … {len(names) - MAX_LISTED_PROFILES} more"
    close = _close_profile(profile)
    advice = f"did you mean '{close}'?" if close else f"'quiz start --profile {profile}' starts it"
    return f"no profile '{profile}' (profiles: {listed}); {advice}"


def new_profile_note(profile: str) -> str:
    """``New profile 'bob'.``, and the existing profile a typo may have meant."""
    close = _close_profile(profile)
    if close is None:
        return f"New profile '{profile}'."
    return (
        f"New profile '{profile}'.\nDid you mean '{close}'? Then stop now and use "
        f"--profile {close}."
    )


@contextmanager
def open_store(profile: str, *, reading: bool = False, create: bool = False) -> Iterator[Store]:
    """The profile's progress store, closed afterwards; its errors become click errors (exit 1).

    ``reading``: the command only reads, so a read-only data folder is fine. A profile that
    does not exist is refused in one line (a mistyped ``--profile`` never makes an empty
    one), unless ``create`` (studying): then it is made, and said so.
    """
    from quizdeck.errors import StoreError
    from quizdeck.store import Store

    if existing_profile(profile) is None:
        if not create:
            raise click.ClickException(no_profile_message(profile))
        click.echo(wrapped(new_profile_note(profile)), err=True)
    try:
        with Store.for_profile(profile, reading=reading) as store:
            yield store
    except StoreError as error:
        raise click.ClickException(str(error)) from None


def wrapped(text: str) -> str:
    """``text`` wrapped to the terminal at word boundaries, as a session's text is."""
    from quizdeck.ui.text import fit_text

    return "\n".join(fit_text(text))


def fail_with(problems: Sequence[str], *, usage: bool = False) -> NoReturn:
    """Print every problem but the last, and exit with the last (2 for usage, else 1)."""
    from quizdeck.display import inert

    for problem in problems[:-1]:
        click.echo(inert(problem), err=True)
    message = inert(problems[-1]) if problems else "failed"
    raise click.UsageError(message) if usage else click.ClickException(message)


recap_json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="At the end, print the recap as one line of JSON (for scripts) instead of text.",
)


def write_file(output: Path, text: str, what: str = "") -> None:
    """Write ``text`` to ``output`` atomically (a reader never sees half of it), then say so on
    standard error: ``Wrote {what}{output}``; a failure is one line (exit 1)."""
    from quizdeck.display import inert
    from quizdeck.files import write_atomic

    try:
        write_atomic(output, text if text.endswith("\n") else text + "\n")
    except OSError as error:
        raise click.ClickException(
            f"cannot write {inert(str(output))}: {error.strerror or error}"
        ) from None
    click.echo(f"Wrote {what}{inert(str(output))}", err=True)
