"""The one error family the tool raises for problems a user can fix."""

from __future__ import annotations


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
        return where + self.message


class InputError(ReadoutDiffError):
    """A readout, call or expectation file that cannot be used as it is."""


class UsageError(ReadoutDiffError):
    """Arguments that do not make sense together."""
