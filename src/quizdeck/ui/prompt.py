"""What every terminal prompt of a session shares: Ctrl-C and Esc stop the session (Alt keys
do not), Ctrl-D ends it, Ctrl-O opens the question's picture, keys typed ahead are dropped, an
exam's countdown is shown and ends the prompt when time is up, and an Enter that comes too soon
after a prompt is drawn is not taken for an answer. Also the typed-answer prompt
(:func:`ask_text`)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from quizdeck import Collector
from quizdeck.session.asking import EndOfInput, TimeUp
from quizdeck.ui import picture
from quizdeck.ui.text import clock_text

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings

#: How long after a prompt is drawn an Enter with nothing typed or picked is taken for a
#: stray one (a second Enter meant for the step before): it does nothing.
SETTLE_SECONDS = 0.6
#: How long to wait for the rest of a key sequence after Esc (Alt keys send Esc first).
ESC_WAIT = 0.05


class Settle:
    """When a prompt was drawn, on ``clock`` (injected in tests: no sleeping there). A plain
    class: a dataclass costs ~0.5 ms to make before the first prompt."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, seconds: float = SETTLE_SECONDS
    ) -> None:
        self.clock = clock
        self.seconds = seconds
        self.drawn = float("-inf")

    def start(self) -> None:
        self.drawn = self.clock()

    def settled(self) -> bool:
        """Whether the prompt has been on screen long enough for an Enter to be meant for it."""
        return self.clock() - self.drawn >= self.seconds


def stop_bindings() -> KeyBindings:
    """Esc stops the session at any prompt, like Ctrl-C; Ctrl-D ends it. An Alt key (Esc and a
    key together: Alt+Backspace, Alt+b, Option+← on a Mac) is not Esc: it never stops."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.ControlC, eager=True)
    @bindings.add(Keys.SIGINT)  # Ctrl-C while the prompt starts, before the terminal is raw
    @bindings.add(Keys.Escape)  # not eager: an Alt key's second half may follow
    def _quit(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add(Keys.Escape, Keys.Any)
    def _alt_key(event: Any) -> None:
        """An Alt key no prompt uses: nothing."""

    @bindings.add(Keys.ControlD, eager=True)
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError)

    @bindings.add(picture.OPEN_KEY, eager=True)
    def _picture(event: Any) -> None:
        """Open the question's picture in the system's viewer (nothing without one)."""
        picture.open_shown()

    return bindings


async def _expire(app: Any, seconds: float) -> None:
    """Close the prompt with TimeUp after ``seconds`` (at once if none are left)."""
    import asyncio

    if seconds > 0:
        await asyncio.sleep(seconds)
    if not app.is_done:
        app.exit(exception=TimeUp)


def discard_typeahead() -> None:
    """Drop the keys typed before a prompt opens. Only in a real terminal: piped keys are kept.

    A Ctrl-C among them (typed with the answer's Enter, or while it was being graded) is the
    student asking to stop: it is kept for the next prompt, as one pressed between prompts
    (see :class:`Interrupts`)."""
    import os

    from prompt_toolkit.application.current import get_app_session
    from prompt_toolkit.input.typeahead import get_typeahead
    from prompt_toolkit.keys import Keys

    keyboard = get_app_session().input
    try:
        descriptor = keyboard.fileno()
    except (NotImplementedError, OSError, ValueError):
        return
    if not os.isatty(descriptor):
        return
    if any(press.key == Keys.ControlC for press in get_typeahead(keyboard)):
        Interrupts.pending = True
    try:
        import termios

        termios.tcflush(descriptor, termios.TCIFLUSH)
    except (ImportError, OSError):  # no termios on Windows
        pass


class Countdown:
    """An exam's time left, counted from when the prompt opened (None: untimed)."""

    def __init__(self, time_left: float | None) -> None:
        import os

        self.time_left = time_left
        self.deadline = time.monotonic() + time_left if time_left is not None else None
        if time_left is not None:
            # Redrawn every half second: without this, a terminal that does not answer cursor
            # position requests would get a warning printed over the question.
            os.environ.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")

    def text(self) -> str:
        """`` ⏱ 1 min 5 s left`` ("" untimed)."""
        if self.deadline is None:
            return ""
        return f" ⏱ {clock_text(self.deadline - time.monotonic())} left"

    @property
    def refresh(self) -> float | None:
        return 0.5 if self.deadline is not None else None


def prepare(app: Application[Any], time_left: float | None, settle: Settle | None) -> None:
    """Start ``settle`` when ``app`` is drawn, and the exam's timer."""
    app.timeoutlen = ESC_WAIT
    app.ttimeoutlen = ESC_WAIT
    if Collector.waits_for_prompt:
        app.after_render += Collector.prompt_drawn
    if settle is not None:
        app.pre_run_callables.append(settle.start)
    if time_left is not None:

        def start_timer() -> None:
            app.create_background_task(_expire(app, time_left))

        app.pre_run_callables.append(start_timer)


class Interrupts:
    """Ctrl-C pressed between two prompts, while quiz prints or loads the prompt library (the
    terminal is not in raw mode then): kept for the next prompt, which stops the session.
    Python would raise it wherever it happens to be, and inside a finalizer it is swallowed:
    the press was lost and the session went on. A prompt on screen reads Ctrl-C as a key."""

    pending = False

    @classmethod
    @contextlib.contextmanager
    def deferred(cls) -> Iterator[None]:
        """While a terminal session runs (main thread only: signals go there)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        cls.pending = False
        previous = signal.signal(signal.SIGINT, cls._pressed)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
            cls.pending = False

    @classmethod
    @contextlib.contextmanager
    def unechoed(cls) -> Iterator[None]:
        """While a terminal session runs, keys typed between two prompts are not echoed by
        the terminal: the next prompt reads them (or drops them), and an echo would have
        written them where the next prompt is drawn, shifting it off its place."""
        try:
            import termios
        except ImportError:  # Windows: no such echo
            yield
            return
        try:
            descriptor = sys.stdin.fileno()
            before = termios.tcgetattr(descriptor)
        except (OSError, ValueError, termios.error):  # not a terminal
            yield
            return
        quiet = [*before]
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(descriptor, termios.TCSANOW, quiet)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(descriptor, termios.TCSANOW, before)

    @classmethod
    def _pressed(cls, _signal: int, _frame: object) -> None:
        cls.pending = True

    @classmethod
    def raise_pending(cls) -> None:
        """Stop now if Ctrl-C was pressed since the last prompt."""
        if cls.pending:
            cls.pending = False
            raise KeyboardInterrupt


def run_app(app: Application[Any]) -> Any:
    """Run ``app``: Ctrl-D (or the end of input) raises EndOfInput; a Ctrl-C pressed before it
    was drawn (see :class:`Interrupts`) stops at once."""
    Interrupts.raise_pending()

    def pressed_meanwhile() -> None:
        # Called once the prompt library reads Ctrl-C itself: a press before that is pending.
        if Interrupts.pending:
            Interrupts.pending = False
            app.exit(exception=KeyboardInterrupt)

    try:
        answer = app.run(pre_run=pressed_meanwhile)
    except EOFError:
        raise EndOfInput from None
    if answer is None:
        raise KeyboardInterrupt
    return answer


def erase_above(lines: int) -> None:
    """Clear the last ``lines`` lines printed (and anything below), the cursor at their start:
    a prompt is then drawn again in their place."""
    from prompt_toolkit.application.current import get_app_session

    output = get_app_session().output
    output.cursor_up(lines)
    output.erase_down()
    output.flush()


#: What :func:`ask_text` asks after an Enter with nothing typed.
SHOW_ANSWER = "Show the answer? (counts as not known) y or n"


def ask_text(
    label: str,
    *,
    default: str = "",
    time_left: float | None = None,
    settle: Settle | None = None,
    keys: Mapping[str, Any] | None = None,
    confirm_empty: bool = True,
) -> str:
    """A typed answer. An Enter with nothing typed does nothing while ``settle`` is not
    settled; after that, with ``confirm_empty``, it asks (in place) whether to show the answer:
    y gives up (returns ""), n goes back to typing, Enter does nothing. ``keys``: keys that
    close the prompt at once with their value (↑ in a cloze)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys

    from quizdeck.ui.style import style

    countdown = Countdown(time_left)
    asking = {"show": False}
    bindings = KeyBindings()
    showing = Condition(lambda: asking["show"])

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event: Any) -> None:
        buffer = event.current_buffer
        if asking["show"]:
            return
        if buffer.text.strip():
            buffer.validate_and_handle()
        elif settle is not None and not settle.settled():
            return  # a stray Enter, meant for the step before
        elif confirm_empty:
            asking["show"] = True
        else:
            buffer.text = ""
            buffer.validate_and_handle()

    @bindings.add("y", filter=showing, eager=True)
    @bindings.add("Y", filter=showing, eager=True)
    def _give_up(event: Any) -> None:
        event.app.exit(result="")

    @bindings.add("n", filter=showing, eager=True)
    @bindings.add("N", filter=showing, eager=True)
    def _back(event: Any) -> None:
        asking["show"] = False

    @bindings.add(Keys.Any, filter=showing)
    def _typing(event: Any) -> None:
        asking["show"] = False
        event.current_buffer.insert_text(event.data)

    for key, value in (keys or {}).items():

        def at_once(event: Any, value: Any = value) -> None:
            event.app.erase_when_done = True  # no answer: the prompt goes (↑ redraws in place)
            event.app.exit(result=value)

        bindings.add(key, eager=True)(at_once)

    def message() -> StyleAndTextTuples:
        if asking["show"]:
            return [("", " "), ("class:question", SHOW_ANSWER + " ")]
        return [("", " "), ("class:question", label.strip() + ": ")]

    session: PromptSession[str] = PromptSession(
        message,
        rprompt=countdown.text if time_left is not None else None,
        refresh_interval=countdown.refresh or 0,
        key_bindings=merge_key_bindings([stop_bindings(), bindings]),
        style=style(),
    )
    prepare(session.app, time_left, settle)
    try:
        answer = session.prompt(default=default)
    except EOFError:  # Ctrl-D: the student is done
        raise EndOfInput from None
    return str(answer)
