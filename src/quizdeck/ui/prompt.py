"""Running one questionary prompt: Ctrl-C and Esc stop the session, keys typed ahead are
dropped, an exam's countdown is shown and ends the prompt when time is up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from quizdeck.session.asking import EndOfInput, TimeUp
from quizdeck.ui.text import clock_text

if TYPE_CHECKING:
    import questionary
    from prompt_toolkit.key_binding import KeyBindings


def _quit_bindings() -> KeyBindings:
    """Esc stops the session at any prompt, like Ctrl-C."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.Escape, eager=True)
    def _quit(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings


async def _expire(app: Any, seconds: float) -> None:
    """Close the prompt with TimeUp after ``seconds`` (at once if none are left)."""
    import asyncio

    if seconds > 0:
        await asyncio.sleep(seconds)
    if not app.is_done:
        app.exit(exception=TimeUp)


def _stray_key_guard(app: Any) -> KeyBindings:
    """A typed character that names no option does nothing, and neither does the Enter
    after it: typing a word on a true/false card then Enter must not answer "True".
    Enter works again once an option is picked (its key or the arrow keys)."""
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    stray = {"now": False, "this_key": False}
    bindings = KeyBindings()

    @bindings.add(Keys.Any)
    def _ignore(event: Any) -> None:
        key = event.key_sequence[0].key
        stray["this_key"] = len(key) == 1 and key.isprintable()

    @bindings.add(Keys.ControlM, filter=Condition(lambda: stray["now"]), eager=True)
    def _hold(event: Any) -> None:
        stray["this_key"] = True

    def _after_key(_processor: Any) -> None:
        stray["now"], stray["this_key"] = stray["this_key"], False

    app.key_processor.after_key_press += _after_key
    return bindings


def discard_typeahead() -> None:
    """Drop the keys typed before a prompt opens (a second Enter pressed at the feedback
    step must not answer the next question). Only in a real terminal: piped keys are kept."""
    import os

    from prompt_toolkit.application.current import get_app_session
    from prompt_toolkit.input.typeahead import clear_typeahead

    keyboard = get_app_session().input
    try:
        descriptor = keyboard.fileno()
    except (NotImplementedError, OSError, ValueError):
        return
    if not os.isatty(descriptor):
        return
    clear_typeahead(keyboard)
    try:
        import termios

        termios.tcflush(descriptor, termios.TCIFLUSH)
    except (ImportError, OSError):  # no termios on Windows
        pass


def countdown_style(time_left: float | None) -> dict[str, Any]:
    """A right-hand prompt counting down the exam's time while the student types (none untimed)."""
    if time_left is None:
        return {}
    import os
    import time

    # Redrawn every half second: without this, a terminal that does not answer cursor
    # position requests would get a warning printed over the question.
    os.environ.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")
    deadline = time.monotonic() + time_left

    def left() -> str:
        return f" ⏱ {clock_text(deadline - time.monotonic())} left"

    return {"rprompt": left, "refresh_interval": 0.5}


def _answer_keys(keys: Mapping[str, Any]) -> KeyBindings:
    """Each key closes the prompt with its value (feedback shortcuts, "?" for not known)."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()
    for key, value in keys.items():

        def answer(event: Any, value: Any = value) -> None:
            event.app.exit(result=value)

        bindings.add(key, eager=True)(answer)
    return bindings


def run(
    prompt: questionary.Question,
    time_left: float | None = None,
    *,
    picks: bool = False,
    keys: Mapping[str, Any] | None = None,
) -> Any:
    """Ask a questionary prompt.

    Esc or Ctrl-C raise KeyboardInterrupt, Ctrl-D raises EndOfInput, and when
    ``time_left`` seconds pass the prompt closes with TimeUp. ``picks``: a select
    whose stray keys (and the Enter after them) do nothing. ``keys``: keys that answer
    at once with their value.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    app = prompt.application
    extra = [_quit_bindings(), *([_stray_key_guard(app)] if picks else [])]
    if keys:
        extra.append(_answer_keys(keys))
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), *extra])
    if time_left is not None:

        def start_timer() -> None:
            app.create_background_task(_expire(app, time_left))

        app.pre_run_callables.append(start_timer)
    try:
        answer = prompt.unsafe_ask()
    except EOFError:  # Ctrl-D: the student is done
        raise EndOfInput from None
    if answer is None:
        raise KeyboardInterrupt
    return answer
