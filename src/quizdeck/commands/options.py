"""Options shared by several commands."""

from __future__ import annotations

import click

from quizdeck.paths import DEFAULT_PROFILE, valid_profile


def _check_profile(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not valid_profile(value):
        raise click.BadParameter(
            f"'{value}' is not a profile name: use up to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return value


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
