"""The `quiz optimize` command: fit the scheduler's memory model to your own reviews."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from quizdeck.commands.options import open_store, profile_option
from quizdeck.display import inert_json

if TYPE_CHECKING:
    from quizdeck.optimize import Fit, PredictedReview
    from quizdeck.store import Store


@click.command()
@click.option("--dry-run", is_flag=True, help="Only show the comparison; save nothing.")
@click.option("--reset", is_flag=True, help="Go back to FSRS's default parameters.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@profile_option
def optimize(dry_run: bool, reset: bool, as_json: bool, profile: str) -> None:
    """Fit the scheduler to your own reviews, and use the fit if it predicts them better.

    FSRS, the scheduler, predicts when you are about to forget a card from 21
    parameters fitted to many other people. This fits them to your own 'quiz
    start' reviews: it learns from the earlier ones, then compares how well the
    current and the fitted parameters predict your latest fifth (log loss and
    RMSE: lower is better). The fitted ones are saved only if they are better.
    It needs at least 400 reviews that came a day or more after the one before,
    and the optional optimizer: pip install 'quizdeck[optimizer]'.
    """
    from quizdeck.optimize import NotEnoughReviews, OptimizerMissing, fit

    with open_store(profile) as store:
        if reset:
            store.set_setting("parameters", "default")
            click.echo("quiz start now schedules with FSRS's default parameters.")
            return
        current = store.settings().parameters
        try:
            result = fit(_outcomes(store), current)
        except (OptimizerMissing, NotEnoughReviews) as error:
            raise click.ClickException(str(error)) from None
        saved = result.better and not dry_run
        if saved:
            _save(store, result.parameters)
    if as_json:
        click.echo(inert_json(json.dumps(_as_dict(result, current, saved), indent=2)))
        return
    for line in _report(result, current, saved, dry_run):
        click.echo(line)


def _save(store: Store, parameters: tuple[float, ...]) -> None:
    from quizdeck.settings import SettingError

    try:
        store.set_setting("parameters", ", ".join(str(value) for value in parameters))
    except SettingError as error:
        raise click.ClickException(f"the fit cannot be used, nothing saved: {error}") from None


def _outcomes(store: Store) -> list[PredictedReview]:
    from quizdeck.model import Mode
    from quizdeck.optimize import LoggedReview, outcomes_of

    return outcomes_of(
        LoggedReview((row.deck, row.card), row.time, store.study_date(row.time), int(row.rating))
        for row in store.history()
        if row.mode is Mode.START
    )


def _report(result: Fit, current: tuple[float, ...], saved: bool, dry_run: bool) -> list[str]:
    now_name = "current (fitted before)" if current else "current (FSRS default)"
    lines = [
        f"{result.outcomes:,} of your reviews to learn from: fitted on the first "
        f"{result.fitted_on:,}, judged on the latest {result.held_out:,}.",
        "",
        f"{'':24}  {'log loss':>8}  {'RMSE':>6}",
        f"{now_name:24}  {result.current.log_loss:8.4f}  {result.current.rmse:6.4f}",
        f"{'fitted to you':24}  {result.fitted.log_loss:8.4f}  {result.fitted.rmse:6.4f}",
        "",
    ]
    if saved:
        lines.append(
            "Saved: quiz start now schedules with the fitted parameters "
            "(quiz optimize --reset goes back)."
        )
    elif result.better:
        lines.append("The fit is better; run without --dry-run to use it.")
    else:
        lines.append("Kept the current parameters: the fit does not predict your reviews better.")
    return lines


def _as_dict(result: Fit, current: tuple[float, ...], saved: bool) -> dict[str, object]:
    return {
        "reviews": result.outcomes,
        "fitted_on": result.fitted_on,
        "held_out": result.held_out,
        "current": {
            "parameters": list(current) or "default",
            "log_loss": result.current.log_loss,
            "rmse": result.current.rmse,
        },
        "fitted": {
            "parameters": list(result.parameters),
            "log_loss": result.fitted.log_loss,
            "rmse": result.fitted.rmse,
        },
        "better": result.better,
        "saved": saved,
    }
