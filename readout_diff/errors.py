"""The one error family the tool raises for problems a user can fix."""

from __future__ import annotations

import re

# Characters that would let a file name or a quoted piece of a file end the line, restyle the
# terminal or reorder what follows: C0 and C1 controls, DEL, line and paragraph separators,
# and the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape, so it stays one plain line.

    >>> printable("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    """
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


class ReadoutDiffError(Exception):
    """A user-facing error: one line, naming the file and, where known, line and column.

    >>> str(ReadoutDiffError("not valid UTF-8", path="a.txt", line=3, column=7))
    'a.txt:3:7: not valid UTF-8'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return printable(where + self.message)


class InputError(ReadoutDiffError):
    """A readout, call or expectation file that cannot be used as it is."""


class UsageError(ReadoutDiffError):
    """Arguments that do not make sense together."""


class OutputError(ReadoutDiffError):
    """Standard output or a report file that cannot be written (a full disk, a closed stream)."""
