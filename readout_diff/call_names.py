"""The files a call.yaml names, read leniently, so that no output of a run lands on one.

A valid call.yaml names its sides, an aliases file and a decisions file. One that is not
valid (a YAML error, a merge key, sides of the wrong shape) still names files its author
meant: every string in its text that is the name of an existing file, from the call folder,
counts as one it names. An output is refused over a file a call.yaml may name, not written
because the call.yaml happens to be broken today.
"""

from __future__ import annotations

import os
import re
from typing import Any

from readout_diff.errors import ReadoutDiffError
from readout_diff.load import DEFAULT_MAX_BYTES, decode, read_bytes
from readout_diff.safe_yaml import parse_yaml

CALL_FILE = "call.yaml"
# A quoted string (no escapes: a file name holds none) and what ends a plain one: YAML's
# structure, a comment. Each line is read on its own, with patterns that never look past
# it and never retry a long match, so that a hostile file costs linear time.
_QUOTED = re.compile(r""""([^"\n]*)"|'([^'\n]*)'""")
_STRUCTURE = re.compile(r"[\[\]{},#]|:[ \t]|:$|^[ \t]*(?:[-?][ \t]+)+")
_MAX_NAMES = 10_000  # a huge broken file costs a few milliseconds, not a stat per word


def named_files(folder: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """The files the call.yaml of ``folder`` names (none without one, or unreadable).

    >>> named_files("no-such-folder")
    []
    """
    path = os.path.join(folder, CALL_FILE)
    try:
        text = decode(read_bytes(path, max_bytes=max_bytes), path=path)
    except ReadoutDiffError:
        return []  # no call.yaml, or one that is no text: there is no name in it to protect
    try:
        value, _ = parse_yaml(text, path=path)
    except ReadoutDiffError:
        return names_in_text(folder, text)
    named = _structured(value)
    if named is None:
        return names_in_text(folder, text)
    return [os.path.join(folder, name) for name in named]


def _structured(value: Any) -> list[str] | None:
    """The names a call.yaml of the expected shape gives; None when its shape is not that."""
    if not isinstance(value, dict):
        return None
    sides = value.get("sides")
    if sides is not None and not isinstance(sides, list):
        return None
    named = []
    for side in sides or []:
        file = side.get("file") if isinstance(side, dict) else side
        if not isinstance(file, str):
            return None
        named.append(file)
    for key in ("aliases", "decisions"):
        if isinstance(value.get(key), str):
            named.append(value[key])
    return [name for name in named if name]


def names_in_text(folder: str, text: str) -> list[str]:
    """Every string of YAML ``text`` that names an existing file (or link) from ``folder``.

    >>> import readout_diff
    >>> folder = os.path.dirname(readout_diff.__file__)
    >>> text = "sides: [load.py, 'no such file.txt'] : broken"
    >>> [os.path.basename(path) for path in names_in_text(folder, text)]
    ['load.py']
    """
    candidates: dict[str, None] = {}
    for line in text.splitlines():
        for match in _QUOTED.finditer(line):
            candidates[match.group(1) if match.group(1) is not None else match.group(2)] = None
        # A plain name may hold a quote (O'Brien.txt): split the line as it is, and without
        # its quoted strings.
        for plain in (line, _QUOTED.sub(" ", line)):
            for piece in _STRUCTURE.split(plain):
                candidates[piece.strip()] = None
    found = []
    for name in list(candidates)[:_MAX_NAMES]:
        if not name or len(name) > 4096 or "\x00" in name:  # no file has such a name
            continue
        path = os.path.join(folder, name)
        if os.path.lexists(path) and not os.path.isdir(path):
            found.append(path)
    return found
