"""What a real terminal shows (a pty, its screen rendered by pyte): at 60, 80 and 200 columns
no cut or broken word (issue 26, "done when"; findings 4 and 9); ↑ in a cloze redraws the
blank before in place."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wide_deck import assert_whole, shown_texts, write_deck

if TYPE_CHECKING:
    import pexpect
    import pyte
else:
    pexpect = pytest.importorskip("pexpect")
    pyte = pytest.importorskip("pyte")

QUIZ = Path(sys.executable).parent / "quiz"
ENTER, UP = "\r", "\x1b[A"
ROWS = 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform == "win32" or not QUIZ.exists(), reason="needs a pty and the quiz script"
    ),
]

#: A word of each card's question (no other text of the deck has it), and what its prompt
#: shows last, then the keys that answer it: "?" (not known), or a pair and then "?".
CARDS = {
    "assembly": ("Your answer", ["?" + ENTER]),
    "pinned": (r"if you do not know\)", ["?"]),
    "campaign": ("Which comes first", ["?"]),
    "office": (r"granaries → \?", ["a", "?"]),
    "pastures": (r"\[1\]", ["?" + ENTER, "?" + ENTER]),
}


class Terminal:
    """What a terminal of ``columns`` shows of a child's output, lines scrolled off included."""

    def __init__(self, child: pexpect.spawn[str], columns: int) -> None:
        self.child, self.columns = child, columns
        self.output = io.StringIO()
        child.logfile_read = self.output
        self.screen = pyte.HistoryScreen(columns, ROWS, history=10_000)
        self.stream = pyte.Stream(self.screen)
        self.fed = 0
        self.snapshots: list[list[str]] = []

    def quiet(self) -> None:
        """Read until the program has drawn everything (nothing more comes for a moment)."""
        while not self.child.closed:
            try:
                self.child.read_nonblocking(100_000, timeout=0.4)
            except (pexpect.TIMEOUT, pexpect.EOF):
                return

    def snapshot(self) -> list[str]:
        """The lines shown now, those scrolled off first; each also kept in ``snapshots``."""
        self.quiet()
        data = self.output.getvalue()
        self.stream.feed(data[self.fed :])
        self.fed = len(data)
        columns = range(self.columns)
        scrolled = ["".join(line[x].data for x in columns) for line in self.screen.history.top]
        lines = scrolled + list(self.screen.display)
        self.snapshots.append(lines)
        return lines


def practice(tmp_path: Path, columns: int, *args: str) -> tuple[Path, Terminal]:
    """``quiz practice`` of the wide deck in a terminal ``columns`` wide."""
    deck = write_deck(tmp_path)
    env = {**os.environ, "QUIZ_HOME": str(tmp_path / "home"), "TERM": "xterm", "NO_COLOR": "1"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect answers no cursor-position request
    env.pop("QUIZ_PROFILE", None)
    env.pop("COLUMNS", None)
    child = pexpect.spawn(
        str(QUIZ),
        ["practice", str(deck), "--seed", "4", *args],
        env=env,
        dimensions=(ROWS, columns),
        timeout=30,
        encoding="utf-8",
    )
    return deck, Terminal(child, columns)


@pytest.mark.parametrize("columns", [60, 80, 200])
def test_a_session_in_a_real_terminal_shows_no_cut_or_broken_word(
    tmp_path: Path, columns: int
) -> None:
    deck, terminal = practice(tmp_path, columns, "--count", "5")
    child = terminal.child
    asked = []
    for _ in CARDS:
        child.expect("|".join(CARDS))
        word = child.after
        assert isinstance(word, str)
        asked.append(word)
        drawn, keys = CARDS[word]
        child.expect(drawn)
        for key in keys:
            terminal.snapshot()
            child.send(key)
        child.expect("Enter next")
        terminal.snapshot()
        child.send("n")
    child.expect("Done:")
    child.expect(pexpect.EOF)
    child.close()
    assert sorted(asked) == sorted(CARDS)
    final = terminal.snapshot()
    assert "Traceback" not in terminal.output.getvalue()
    for lines in terminal.snapshots:
        # quiz wraps a column short of the width: a character in the last column is a line
        # the terminal wrapped (breaking a word) or a prompt cut short.
        assert not [line for line in lines if line[-1] != " "], "\n".join(lines)
        assert_whole([line for line in lines if line.strip()], [], columns)
    texts = shown_texts(deck)
    for text in texts:
        # each text was shown whole at least once (options while they were on screen)
        shown = []
        for lines in terminal.snapshots:
            try:
                assert_whole(lines, [text], columns)
                shown.append(lines)
            except AssertionError:
                continue
        assert shown, f"never shown whole: {text!r}\n" + "\n".join(final)


def test_up_in_a_cloze_redraws_the_blank_before_in_place(tmp_path: Path) -> None:
    """↑ goes back to the blank before: its line is drawn again where it was, not below."""
    _, terminal = practice(tmp_path, 80, "--count", "1", "--kinds", "cloze")
    child = terminal.child

    def prompts(expected: list[str]) -> list[str]:
        """The prompt lines on screen, once they are ``expected`` or after a few seconds (the
        terminal may not have drawn the last keys' effect yet)."""
        import time

        deadline = time.monotonic() + 5
        while True:
            found = [line.strip() for line in terminal.snapshot() if line.startswith(" [")]
            if found == expected or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    child.expect(r"\[1\]")
    child.send("herders" + ENTER)
    child.expect(r"\[2\]")
    child.send("6" + UP)
    assert prompts(["[1]: herders"]) == ["[1]: herders"]
    child.send(" of sheep" + ENTER)
    child.expect(r"\[2\]")
    expected = ["[1]: herders of sheep", "[2] (a number):"]
    assert prompts(expected) == expected
    child.send("7" + ENTER)
    child.expect("Enter next")
    expected = ["[1]: herders of sheep", "[2] (a number): 7"]
    assert prompts(expected) == expected
    child.send("\x1b")
    child.expect(pexpect.EOF)
    child.close()
