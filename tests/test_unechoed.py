"""Keys typed between two prompts of a terminal session are not echoed by the terminal: the
echo landed where the next prompt is drawn and shifted it (a cloze's ↑ then redrew the blank
before beside its old label)."""

from __future__ import annotations

import io
import os
import sys

import pytest

from quizdeck.ui.prompt import Interrupts

termios = pytest.importorskip("termios")
pty = pytest.importorskip("pty")


class _Keyboard(io.StringIO):
    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self.descriptor = descriptor

    def fileno(self) -> int:
        return self.descriptor


def _echoes(descriptor: int) -> bool:
    return bool(termios.tcgetattr(descriptor)[3] & termios.ECHO)


def test_a_terminal_session_turns_the_echo_off_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leader, follower = pty.openpty()
    try:
        monkeypatch.setattr(sys, "stdin", _Keyboard(follower))
        assert _echoes(follower)
        with Interrupts.unechoed():
            assert not _echoes(follower)
        assert _echoes(follower)
        with pytest.raises(KeyboardInterrupt), Interrupts.unechoed():
            raise KeyboardInterrupt  # a session stopped by Ctrl-C gives it back too
        assert _echoes(follower)
    finally:
        os.close(leader)
        os.close(follower)


def test_without_a_terminal_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("piped keys"))
    with Interrupts.unechoed():
        assert sys.stdin.read() == "piped keys"
