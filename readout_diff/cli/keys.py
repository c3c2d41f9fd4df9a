"""Single keys from a terminal, and signals that end a program without leaving it changed."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Keys:
    """Single keys from a terminal, unechoed, without waiting for Enter.

    The terminal's modes are saved on entry and put back on exit, whatever ends the review
    (an answer, an error, Ctrl-C, a signal). Ctrl-C still interrupts as usual; the mode is
    set again before each key, in case the review was suspended and resumed meanwhile.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.saved: list[Any] | None = None

    def __enter__(self) -> Keys:
        import termios

        self.saved = termios.tcgetattr(self.fd)
        self.listen()
        return self

    def __exit__(self, *exc: object) -> None:
        import termios

        if self.saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def listen(self) -> None:
        import termios
        import tty

        # TCSANOW: a key typed ahead of the prompt is kept, not flushed.
        tty.setcbreak(self.fd, termios.TCSANOW)

    def read(self) -> str:
        """One key; ``eof`` when the terminal closes or on Ctrl-D; ``escape`` for arrows."""
        self.listen()
        data = os.read(self.fd, 64)
        if not data or data[:1] == b"\x04":
            return "eof"
        if data[:1] == b"\x1b":
            return "escape"
        return data.decode("utf-8", "replace")[:1]

    def number(self, echo: Callable[[str], None]) -> int | None:
        """A number typed and ended with Enter, shown through ``echo`` as it is typed (Backspace
        takes a digit back); None for Enter alone, Escape, or the end of input.

        Digits typed ahead, or pasted with their Enter, are all read: one key at a time would
        keep only the first.
        """
        typed = ""
        while True:
            self.listen()
            data = os.read(self.fd, 64)
            if not data or data[:1] in (b"\x04", b"\x1b"):
                return None
            for char in data.decode("utf-8", "replace"):
                if char in ("\r", "\n"):
                    return int(typed) if typed else None
                if char.isdigit() and char.isascii() and len(typed) < 6:
                    typed += char
                    echo(char)
                elif char in ("\x7f", "\b") and typed:
                    typed = typed[:-1]
                    echo("\b \b")


@contextmanager
def signals_raise() -> Iterator[None]:
    """A hang-up or termination raises SystemExit, so every ``finally`` restores the terminal."""

    def leave(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    wanted = [signal.SIGTERM, signal.SIGHUP]
    before: list[Callable[[int, Any], Any] | int | None] = []
    for number in wanted:
        before.append(signal.signal(number, leave))
    try:
        yield
    finally:
        for number, handler in zip(wanted, before, strict=True):
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
