"""Terminal-style output for a pipe or a file: lines without trailing whitespace.

Rich pads a table's cells, and some wrapped lines, with spaces up to the console's width. At
a terminal they cannot be seen; in a log or a file they are noise that ``diff``, ``grep`` and
editors show. Every terminal-style output is printed through a console that ``make_console``
makes, and when its stream is not a terminal, the console writes through this filter.
"""

from __future__ import annotations

from typing import Any

_CODE_TAIL = "0123456789;"  # the parameters of a style code, ESC [ ... m


def blank_tail(text: str) -> int:
    """Where the blanks at the end of ``text`` start, style codes among them included.

    >>> text = "id  text \\x1b[0m  "
    >>> text[:blank_tail(text)]
    'id  text'
    """
    end = len(text)
    while end:
        char = text[end - 1]
        if char.isspace() and char != "\n":
            end -= 1
            continue
        if char != "m":
            break
        start = text.rfind("\x1b[", 0, end - 1)
        if start < 0 or text[start + 2 : end - 1].strip(_CODE_TAIL):
            break
        end = start
    return end


def _codes(text: str) -> str:
    """The style codes in a run of blanks and codes: they still end a style, so are kept."""
    return "".join("\x1b" + part[: part.index("m") + 1] for part in text.split("\x1b")[1:])


class TrimmedLines:
    """A text stream that writes through to ``stream`` every line without trailing blanks.

    Blanks at the end of what was written are held back until the line goes on (they are
    then written) or ends (they are dropped), so a line may come in any number of pieces,
    and a prompt flushed before its answer keeps its words.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._held = ""

    def write(self, text: str) -> int:
        data = self._held + text
        *lines, last = data.split("\n")
        out = []
        for line in lines:
            end = blank_tail(line)
            out.append(line[:end] + _codes(line[end:]) + "\n")
        end = blank_tail(last)
        out.append(last[:end])
        self._held = last[end:]
        self._stream.write("".join(out))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def is_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal (a closed or odd stream is not)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False
