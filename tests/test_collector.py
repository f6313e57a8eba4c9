"""The garbage collector around a session (``quizdeck.Collector``): paused while a study command
sets up, running again when a plain session starts or a terminal's first prompt is drawn."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from quizdeck import Collector


@pytest.fixture
def paused() -> Iterator[None]:
    """The collector paused, as ``quiz start`` leaves it while it sets up."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@pytest.mark.usefixtures("paused")
def test_in_a_terminal_the_collector_runs_once_the_first_prompt_is_drawn() -> None:
    with Collector.frozen_for_session(terminal=True):
        assert not gc.isenabled()
        Collector.prompt_drawn()
        assert gc.isenabled()
        gc.disable()
        Collector.prompt_drawn()  # only the first prompt resumes it
        assert not gc.isenabled()
        gc.enable()
    assert not gc.isenabled()  # paused again, as the command left it
    assert not Collector.waits_for_prompt


@pytest.mark.usefixtures("paused")
def test_a_plain_session_runs_the_collector_from_its_start() -> None:
    with Collector.frozen_for_session(terminal=False):
        assert gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.usefixtures("paused")
def test_a_session_that_never_draws_a_prompt_does_not_leave_it_waiting() -> None:
    with pytest.raises(KeyboardInterrupt), Collector.frozen_for_session(terminal=True):
        raise KeyboardInterrupt
    assert not Collector.waits_for_prompt
    Collector.prompt_drawn()  # a later prompt (another session) changes nothing
    assert not gc.isenabled()


def test_a_collector_left_running_is_not_paused_for_the_prompt() -> None:
    assert gc.isenabled()
    with Collector.frozen_for_session(terminal=True):
        assert gc.isenabled() and not Collector.waits_for_prompt
    assert gc.isenabled()


@pytest.mark.usefixtures("paused")
def test_every_prompt_of_a_session_tells_the_collector_when_it_is_drawn() -> None:
    from prompt_toolkit.application import Application
    from prompt_toolkit.output import DummyOutput

    from quizdeck.ui.prompt import prepare

    with Collector.frozen_for_session(terminal=True):
        app: Application[None] = Application(output=DummyOutput())
        prepare(app, None, None)
        assert not gc.isenabled()
        app.after_render.fire()
        assert gc.isenabled()
        gc.disable()
