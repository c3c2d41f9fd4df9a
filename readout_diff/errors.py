"""The one error family the tool raises for problems a user can fix."""

from __future__ import annotations

import re
from functools import lru_cache

# Characters that print as nothing, so that two different texts look the same (k\u200bremlin
# and kremlin) or the text around them is reordered: format characters (direction marks,
# embeddings, overrides and isolates, zero-width spaces and joiners, the word joiner, a
# byte-order mark inside text, the soft hyphen, tag characters) and the other characters
# Unicode makes default-ignorable (variation selectors, Hangul fillers). Not the signs
# written before Arabic numbers, which are format characters but visible.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# Characters that would let a file name or a quoted piece of a file end the line, restyle the
# terminal, reorder what follows, or hide: C0 and C1 controls, DEL, line and paragraph
# separators, and the invisible ones above.
_UNSAFE = f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{INVISIBLE}]"


@lru_cache(maxsize=1)
def _unsafe() -> re.Pattern[str]:
    """Compiled on first use: most runs never print an error."""
    return re.compile(_UNSAFE)


def printable(text: str) -> str:
    """``text`` with every control character written as an escape, so it stays one plain line.

    >>> printable("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    """
    return _unsafe().sub(lambda m: _escaped(m.group()), text)


def _escaped(ch: str) -> str:
    shown = repr(ch)[1:-1]  # \n, \x1b, \u200b
    if shown != ch:
        return shown
    return f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"  # U+3164


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
