"""``quiz config get`` / ``quiz config set``: a profile's settings."""

from __future__ import annotations

import click

from quizdeck.commands.options import open_store, profile_option
from quizdeck.display import paint


@click.group()
def config() -> None:
    """Read or change this profile's settings (quiz config get / set / unset).

    A deck may set new_per_day, desired retention and learning_steps for its own
    cards ([deck.study]); a value you set yourself is used instead, for every
    deck. 'quiz config unset' removes yours, so the decks' values apply again.
    """


@config.command(name="get")
@click.argument("key", required=False)
@profile_option
def config_get(key: str | None, profile: str) -> None:
    """Print one setting, or all of them with what they mean and where each comes from:
    (yours) for a value you set, (default) for quiz's own; a deck may set new_per_day,
    desired_retention and learning_steps for its cards where you set none."""
    from quizdeck.errors import StoreError
    from quizdeck.settings import SETTINGS

    with open_store(profile, reading=True) as store:
        if key is not None:
            try:
                click.echo(store.get_setting(key))
            except StoreError as error:
                raise click.UsageError(str(error)) from None
            return
        settings = store.settings()
    values = settings.formatted()
    width = max(len(name) for name in values)
    value_width = max(len(value) for value in values.values())
    for name, value in values.items():
        where = _origin(name, name in settings.explicit)
        note = paint(f"# {SETTINGS[name].help}", dim=True)
        click.echo(f"{name.ljust(width)} = {value.ljust(value_width)}  {where}  {note}")


#: The settings a deck's ``[deck.study]`` may set for its own cards.
DECK_SETTINGS = frozenset({"new_per_day", "desired_retention", "learning_steps"})


def _origin(name: str, yours: bool) -> str:
    """Where a setting's value comes from, as ``quiz config get`` shows it."""
    if yours:
        return "(yours, over every deck's)" if name in DECK_SETTINGS else "(yours)"
    return "(default; a deck may set its own)" if name in DECK_SETTINGS else "(default)"


@config.command(name="set")
@click.argument("key")
@click.argument("value")
@profile_option
def config_set(key: str, value: str, profile: str) -> None:
    """Change a setting, e.g. ``quiz config set new_per_day 10`` or
    ``quiz config set learning_steps "1m 10m 1h"``."""
    from quizdeck.settings import SettingError

    with open_store(profile, create=True) as store:
        try:
            stored = store.set_setting(key, value)
        except SettingError as error:
            raise click.UsageError(str(error)) from None
    click.echo(f"{key} = {stored}")


@config.command(name="unset")
@click.argument("key")
@profile_option
def config_unset(key: str, profile: str) -> None:
    """Remove your own value of a setting: quiz's default applies again, or a deck's own
    value for its cards ([deck.study]), e.g. ``quiz config unset new_per_day``."""
    from quizdeck.settings import SettingError

    with open_store(profile, create=True) as store:
        try:
            store.profile.unset_setting(key)
        except SettingError as error:
            raise click.UsageError(str(error)) from None
        value = store.get_setting(key)
    click.echo(f"{key} = {value} (your own value removed; a deck's own value applies to its cards)")
