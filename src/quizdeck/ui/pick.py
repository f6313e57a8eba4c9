"""Prompts where the student picks, drawn by quiz on prompt_toolkit: one option (choice,
true/false, the feedback step, yes or no), an order, a partner for each item, or one key
(turning a flip card over, rating it).

Nothing is picked until the student picks it (its key, or ↑/↓), so an Enter with nothing
picked does nothing: a second Enter meant for the step before never answers. A key that
names no option says so. Every line is wrapped at word boundaries to the terminal's width
(redrawn when it changes), and each prompt redraws in place as the student picks, takes a
pick back or confirms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from quizdeck.ui.prompt import Countdown, Settle, prepare, run_app, stop_bindings
from quizdeck.ui.text import fill, width

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples as Lines
    from prompt_toolkit.key_binding import KeyBindings


class Option(NamedTuple):
    """One thing to pick: the key that picks it ("" none), how it is shown, what it gives."""

    key: str
    title: str  # already inert
    value: Any


def _columns() -> int:
    from prompt_toolkit.application.current import get_app

    return width(get_app().output.get_size().columns)


def _add(lines: Lines, text: str, columns: int, first: str, later: str, style: str = "") -> None:
    """``text`` wrapped after ``first`` / ``later`` and added to ``lines`` in ``style``."""
    for line in fill(text, columns, first, later):
        lines.append((style, line + "\n"))


def _head(lines: Lines, label: str, hint: str, countdown: Countdown, columns: int) -> None:
    """The prompt's first line(s): its label, a dim hint of the keys, the time left."""
    if label:
        _add(lines, label, columns, " ", "  ", "class:question")
    if hint:
        _add(lines, hint, columns, "  ", "  ", "class:instruction")
    if countdown.deadline is not None:
        lines.append(("class:countdown", " " + countdown.text().strip() + "\n"))


def _option_lines(lines: Lines, options: Sequence[Option], at: int | None, columns: int) -> None:
    for index, option in enumerate(options):
        mark = f"{option.key}) " if option.key else ""
        pointer = "» " if index == at else "  "
        style = "class:picked" if index == at else ""
        _add(lines, option.title, columns, f"  {pointer}{mark}", " " * (4 + len(mark)), style)


def _letter_bindings(bindings: KeyBindings, key: str, handler: Callable[[Any], None]) -> None:
    """Bind ``key`` (and its capital: Caps Lock on) to ``handler``."""
    bindings.add(key, eager=True)(handler)
    if len(key) == 1 and key.isalpha() and key.upper() != key:
        bindings.add(key.upper(), eager=True)(handler)


def _at_once(bindings: KeyBindings, keys: Mapping[str, Any], done: Callable[[], None]) -> None:
    for key, value in keys.items():

        def answer(event: Any, value: Any = value) -> None:
            done()
            event.app.exit(result=value)

        bindings.add(key, eager=True)(answer)


def _finish(lines: Lines) -> Lines:
    if lines and lines[-1][1].endswith("\n"):
        lines[-1] = (lines[-1][0], lines[-1][1][:-1])
    return lines


def _run(
    draw: Callable[[int], Lines],
    bindings: KeyBindings,
    *,
    countdown: Countdown,
    settle: Settle | None = None,
    erase: bool = False,
) -> Any:
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import merge_key_bindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from quizdeck.ui.style import style

    control = FormattedTextControl(lambda: _finish(draw(_columns())), show_cursor=False)
    app: Application[Any] = Application(
        layout=Layout(Window(control, wrap_lines=False, dont_extend_height=True)),
        key_bindings=merge_key_bindings([stop_bindings(), bindings]),
        style=style(),
        refresh_interval=countdown.refresh,
        erase_when_done=erase,
    )
    prepare(app, countdown.time_left, settle)
    return run_app(app)


def choose(
    label: str,
    options: Sequence[Option],
    *,
    hint: str,
    how: str,
    at_once: Mapping[str, Any] | None = None,
    default: int | None = None,
    time_left: float | None = None,
    settle: Settle | None = None,
    erase: bool = False,
    shown: str = "",
) -> Any:
    """One of ``options``. Its key picks it (↑/↓ move), Enter gives it; Enter with nothing
    picked does nothing, nor within ``settle``. ``how`` says how to pick (in a note after a
    stray key); ``at_once`` keys answer at once; ``shown`` heads the answer when done."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    state: dict[str, Any] = {"at": default, "note": "", "done": False, "moved": False}
    countdown = Countdown(time_left)
    bindings = KeyBindings()

    def draw(columns: int) -> Lines:
        lines: Lines = []
        if state["done"]:
            if shown and state["at"] is not None:
                title = options[state["at"]].title
                _add(lines, f"{shown} {title}", columns, " ", "   ", "class:answer")
            return lines
        _head(lines, label, hint, countdown, columns)
        _option_lines(lines, options, state["at"], columns)
        if state["note"]:
            _add(lines, state["note"], columns, "  ", "  ", "class:note")
        return lines

    def done() -> None:
        state["done"] = True

    for index, option in enumerate(options):
        if option.key:

            def pick(event: Any, index: int = index) -> None:
                state["at"], state["note"], state["moved"] = index, "", True

            _letter_bindings(bindings, option.key, pick)

    @bindings.add(Keys.Down, eager=True)
    @bindings.add(Keys.Up, eager=True)
    def _move(event: Any) -> None:
        if not options:
            return
        step = 1 if event.key_sequence[0].key == Keys.Down else -1
        at = state["at"]
        if at is None:
            state["at"] = 0 if step == 1 else len(options) - 1
        else:
            state["at"] = (at + step) % len(options)
        state["note"], state["moved"] = "", True

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event: Any) -> None:
        if state["at"] is None:
            state["note"] = f"Nothing is picked yet: {how}."
        elif settle is None or state["moved"] or settle.settled():
            done()
            event.app.exit(result=options[state["at"]].value)

    @bindings.add(Keys.Any)
    def _stray(event: Any) -> None:
        if len(event.data) == 1 and event.data.isprintable() and event.data != " ":
            state["note"] = f"{event.data!r} is not an option: {how}."
            if default is None:
                state["at"] = None

    _at_once(bindings, at_once or {}, done)
    return _run(draw, bindings, countdown=countdown, settle=settle, erase=erase)


def press(
    label: str,
    keys: Mapping[str, Any],
    *,
    hint: str,
    how: str,
    enter: Any = None,
    time_left: float | None = None,
    settle: Settle | None = None,
    shown: Callable[[Any], str] | None = None,
) -> Any:
    """One key: each of ``keys`` answers at once with its value; Space and Enter give ``enter``
    (None: they do nothing), Enter not within ``settle`` (a stray one, meant for the step
    before). Another key says ``how`` in a note. Once done ``shown(value)`` stays on screen;
    without ``shown`` the prompt is erased."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    state: dict[str, Any] = {"note": "", "done": False, "value": None}
    countdown = Countdown(time_left)
    bindings = KeyBindings()

    def draw(columns: int) -> Lines:
        lines: Lines = []
        if state["done"]:
            if shown is not None:
                _add(lines, shown(state["value"]), columns, " ", "   ", "class:answer")
            return lines
        _head(lines, label, hint, countdown, columns)
        if state["note"]:
            _add(lines, state["note"], columns, "  ", "  ", "class:note")
        return lines

    def finish(event: Any, value: Any) -> None:
        state["done"], state["value"] = True, value
        event.app.exit(result=value)

    for key, value in keys.items():

        def answer(event: Any, value: Any = value) -> None:
            finish(event, value)

        bindings.add(key, eager=True)(answer)

    @bindings.add(Keys.ControlM, eager=True)
    @bindings.add(" ", eager=True)
    def _confirm(event: Any) -> None:
        space = event.data == " "  # only Enter is pressed at other steps: Space is never stray
        if enter is None:
            state["note"] = f"{how}."
        elif space or settle is None or settle.settled():
            finish(event, enter)

    @bindings.add(Keys.Any)
    def _stray(event: Any) -> None:
        if len(event.data) == 1 and event.data.isprintable():
            state["note"] = f"{event.data!r} is not a key here: {how}."

    return _run(draw, bindings, countdown=countdown, settle=settle, erase=shown is None)


def arrange(
    pool: Sequence[Option],
    slots: Sequence[str],
    *,
    heading: str,
    hint: str,
    ask: Callable[[int], str],
    at_once: Mapping[str, Any] | None = None,
    time_left: float | None = None,
    partial: Callable[[list[Any]], Any] | None = None,
) -> tuple[Any, ...]:
    """One of ``pool`` for each of ``slots`` in turn (an order: slots "1.", "2."…; a match: the
    items). A key picks at once (or ↑/↓ then Enter); the last slot takes what is left, and
    Enter confirms the whole; Backspace takes the last pick back. ``ask(n)`` says what slot
    ``n`` wants; "?" gives ``partial(picked so far)``."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    chosen: list[int] = []
    state: dict[str, Any] = {"at": None, "note": "", "done": False, "auto": False}
    countdown = Countdown(time_left)
    bindings = KeyBindings()

    def remaining() -> list[int]:
        return [index for index in range(len(pool)) if index not in chosen]

    def draw(columns: int) -> Lines:
        lines: Lines = []
        if not state["done"]:
            _head(lines, heading, hint, countdown, columns)
        for slot, index in zip(slots, chosen, strict=False):
            _add(lines, f"{slot} {pool[index].title}", columns, "  ", "     ", "class:answer")
        if state["done"]:
            return lines
        if len(chosen) == len(slots):
            _add(lines, "Enter: that is my answer · Backspace: take the last back",
                 columns, "  ", "  ", "class:instruction")  # fmt: skip
        else:
            _add(lines, ask(len(chosen)), columns, "  ", "  ", "class:question")
            left = [pool[index] for index in remaining()]
            _option_lines(lines, left, state["at"], columns)
        if state["note"]:
            _add(lines, state["note"], columns, "  ", "  ", "class:note")
        return lines

    def place(index: int) -> None:
        chosen.append(index)
        if len(chosen) == len(slots) - 1 and len(remaining()) == 1:
            chosen.extend(remaining())  # the last slot takes what is left
            state["auto"] = True
        state["at"], state["note"] = None, ""

    for index, option in enumerate(pool):
        if option.key:

            def pick(event: Any, index: int = index) -> None:
                if len(chosen) < len(slots) and index not in chosen:
                    place(index)
                elif index in chosen:
                    taken = pool[index].key
                    state["note"] = f"{taken}) is placed already (Backspace takes it back)."

            _letter_bindings(bindings, option.key, pick)

    @bindings.add(Keys.Down, eager=True)
    @bindings.add(Keys.Up, eager=True)
    def _move(event: Any) -> None:
        left = remaining()
        if len(chosen) == len(slots) or not left:
            return
        step = 1 if event.key_sequence[0].key == Keys.Down else -1
        at = state["at"]
        state["at"] = (0 if step == 1 else len(left) - 1) if at is None else (at + step) % len(left)

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event: Any) -> None:
        if len(chosen) == len(slots):
            state["done"] = True
            event.app.exit(result=tuple(pool[index].value for index in chosen))
        elif state["at"] is not None:
            place(remaining()[state["at"]])
        else:
            state["note"] = "Nothing is picked yet: press a key shown, or ↑/↓ then Enter."

    @bindings.add(Keys.Backspace, eager=True)
    @bindings.add(Keys.ControlH, eager=True)
    def _back(event: Any) -> None:
        if state["auto"]:
            chosen.pop()  # what was left over, placed with the last pick
            state["auto"] = False
        if chosen:
            chosen.pop()
        state["at"], state["note"] = None, ""

    @bindings.add("?", eager=True)
    def _skip(event: Any) -> None:
        state["done"] = True
        picked = [pool[index].value for index in chosen]
        event.app.exit(result=partial(picked) if partial else ("?",))

    @bindings.add(Keys.Any)
    def _stray(event: Any) -> None:
        if len(event.data) == 1 and event.data.isprintable() and event.data != " ":
            state["note"] = f"{event.data!r} is not a key shown: press one, or ↑/↓ then Enter."

    _at_once(bindings, at_once or {}, lambda: state.update(done=True))
    return tuple(_run(draw, bindings, countdown=countdown))
