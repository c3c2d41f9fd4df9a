"""Read readout, alias and YAML files: with ``folders.py``, the only code that reads files.

Every failure is an InputError naming the file (and line and column where known). Files
are opened read-only and never written, and refused before they are read whole when they
are too large. Parsing is elsewhere: ``readouts.py`` builds readouts, ``safe_yaml.py`` reads
YAML without running code or building aliases.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from readout_diff.decisions import parse_decisions
from readout_diff.errors import InputError
from readout_diff.html_kind import is_html_path, looks_like_html
from readout_diff.model import Decision, Readout
from readout_diff.normalize import parse_aliases
from readout_diff.readouts import (
    MAX_CLAIMS,
    check_name,
    readout_from_markdown,
    readout_from_text,
    readout_from_yaml,
    renamed,
)
from readout_diff.safe_yaml import (
    line_of,
    node_lines,
    parse_yaml,
)

if TYPE_CHECKING:
    from readout_diff.fetch import Fetched

__all__ = [
    "DEFAULT_MAX_BYTES",
    "check_name",
    "decode",
    "is_address",
    "is_yaml_path",
    "line_of",
    "load_address",
    "load_aliases",
    "load_readout",
    "load_yaml_file",
    "node_lines",
    "parse_yaml",
    "read_bytes",
    "readout_from_text",
    "readout_from_yaml",
    "renamed",
    "same_file",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
YAML_SUFFIXES = (".yaml", ".yml")


def claims_limit(max_bytes: int) -> int:
    """How many claims a readout may hold under a size limit: 50,000 at the default 5 MB."""
    return max(MAX_CLAIMS, max_bytes * MAX_CLAIMS // DEFAULT_MAX_BYTES)


# --- bytes and text ------------------------------------------------------------------


def read_bytes(
    path: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    pipes: bool = False,
) -> bytes:
    """Read a whole file (``-`` is standard input), refusing it early if it is too large.

    Only a regular file is read, unless ``pipes`` allows a pipe named on the command line
    (``<(...)``): the file is opened without waiting (a FIFO waits for a writer), and what
    was opened is checked, so no rename in between can swap in something else.
    """
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_at_most(stream.read, max_bytes)
        if len(data) > max_bytes:
            raise InputError(_too_large(max_bytes), path="<stdin>")
        return data
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, not a readout file", path=path)
        if not stat.S_ISREG(info.st_mode):
            if not (pipes and stat.S_ISFIFO(info.st_mode)):
                raise InputError(f"is {_kind(info.st_mode)}, not a regular file", path=path)
            os.set_blocking(fd, True)
        elif info.st_size > max_bytes:
            raise InputError(_too_large(max_bytes), path=path)
        try:
            data = _read_at_most(lambda n: os.read(fd, n), max_bytes)
        except OSError as exc:
            raise _unreadable(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise InputError(_too_large(max_bytes), path=path)
    return data


def _read_at_most(read: Callable[[int], bytes], max_bytes: int) -> bytes:
    """Up to ``max_bytes + 1`` bytes, a megabyte at a time: a high limit reserves nothing."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = read(min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _unreadable(path: str, exc: OSError) -> InputError:
    """What an operating-system error on opening or reading ``path`` means for the user."""
    if exc.errno == errno.ELOOP:
        return InputError("is a symbolic link that loops", path=path)
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return InputError(
                f"is a symbolic link to nothing ({os.readlink(path)} does not exist)", path=path
            )
        return InputError("no such file or directory", path=path)
    if isinstance(exc, IsADirectoryError):
        return InputError("is a directory, not a readout file", path=path)
    return InputError(f"cannot be read: {exc.strerror or exc}", path=path)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a file"


def _too_large(max_bytes: int) -> str:
    return f"larger than the limit of {max_bytes:,} bytes (raise it with --max-size)"


def decode(data: bytes, *, path: str) -> str:
    """Decode UTF-8 (a BOM is dropped) or UTF-16/32 with a BOM; refuse binary and bad bytes.

    >>> decode("\\ufeffKyiv".encode("utf-8"), path="a.txt")
    'Kyiv'
    """
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid {codec.upper()} at byte offset {exc.start + len(bom)}", path=path
                ) from None
            return _checked_text(text, path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data:
        raise InputError("is empty", path=path)
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise InputError(
            f"looks binary (a NUL byte at offset {nul}); readouts must be UTF-8 text",
            path=path,
            line=line,
            column=column,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=line,
            column=column,
        ) from None
    return _checked_text(text, path=path)


def _checked_text(text: str, *, path: str) -> str:
    if not text:
        raise InputError("is empty", path=path)
    if "\x00" in text:
        raise InputError("looks binary (it holds NUL characters)", path=path)
    if not text.strip():
        raise InputError("holds only whitespace", path=path)
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = data.count(b"\n", 0, offset) + 1
    if b"\n" not in data[:offset]:
        line = data.count(b"\r", 0, offset) + 1
    return line, len(data[line_start:offset].decode("utf-8", "replace")) + 1


# --- files, folders, stdin ------------------------------------------------------------


def is_yaml_path(path: str) -> bool:
    """True for ``.yaml``/``.yml`` files."""
    return path.lower().endswith(YAML_SUFFIXES)


def _looks_like_yaml(text: str) -> bool:
    return (
        re.search(r"(?m)^side\s*:", text) is not None
        and re.search(r"(?m)^(?:text|claims)\s*:", text) is not None
    )


def is_address(argument: str) -> bool:
    """True for an ``http://`` or ``https://`` address; a file's name never loads the network code.

    >>> is_address("https://example.org/readout"), is_address("readout.txt")
    (True, False)
    """
    if "://" not in argument:
        return False
    from readout_diff.fetch import is_address as fetched_from

    return fetched_from(argument)


def load_readout(
    path: str,
    *,
    name: str | None = None,
    label: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    clauses: bool = True,
    stdin: BinaryIO | None = None,
    pipes: bool = False,
) -> Readout:
    """Load a ``.txt``/``.md``/``.yaml``/``.html`` readout, an address, or stdin for ``-``.

    ``pipes``: a pipe is read too (a path given on the command line, ``<(...)``).
    """
    if is_address(path):
        readout, _ = load_address(
            path, name=name, label=label, max_bytes=max_bytes, clauses=clauses
        )
        return readout
    shown = "<stdin>" if path == "-" else path
    data = read_bytes(path, max_bytes=max_bytes, stdin=stdin, pipes=pipes)
    if not is_yaml_path(path) and (is_html_path(path) or looks_like_html(data)):
        from readout_diff.html import readout_from_html

        default, shown_as = _default_name(path)
        return readout_from_html(
            data,
            name=name or default,
            path=shown,
            label=label or (None if name else shown_as),
            clauses=clauses,
            max_claims=claims_limit(max_bytes),
        )
    text = decode(data, path=shown)
    limit = claims_limit(max_bytes)
    if is_yaml_path(path) or (path == "-" and _looks_like_yaml(text)):
        return readout_from_yaml(
            text, path=shown, name=name, label=label, clauses=clauses, max_claims=limit
        )
    default, shown_as = _default_name(path)
    kind = TEXT_SUFFIXES.get(Path(path).suffix.lower(), "text")
    read = readout_from_markdown if kind == "markdown" else readout_from_text
    return read(
        text,
        name=name or default,
        path=shown,
        kind=kind,
        label=label or (None if name else shown_as),
        clauses=clauses,
        max_claims=limit,
    )


def load_address(
    url: str,
    *,
    name: str | None = None,
    label: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    clauses: bool = True,
    timeout: float | None = None,
) -> tuple[Readout, Fetched]:
    """Fetch a readout from its address (a web page or text); also return what was fetched."""
    from readout_diff.fetch import DEFAULT_TIMEOUT, fetch, side_name

    fetched = fetch(url, max_bytes=max_bytes, timeout=timeout or DEFAULT_TIMEOUT)
    side = name or side_name(fetched.final_url)
    if fetched.is_html or looks_like_html(fetched.body):
        from readout_diff.html import readout_from_html

        readout = readout_from_html(
            fetched.body,
            name=side,
            path=url,
            label=label,
            clauses=clauses,
            charset=fetched.charset,
            url=fetched.final_url,
            max_claims=claims_limit(max_bytes),
        )
    else:
        markdown = fetched.content_type == "text/markdown"
        readout = (readout_from_markdown if markdown else readout_from_text)(
            _decoded_text(fetched, path=url),
            kind="markdown" if markdown else "text",
            name=side,
            path=url,
            label=label,
            clauses=clauses,
            url=fetched.final_url,
        )
    return readout, fetched


def _decoded_text(fetched: Fetched, *, path: str) -> str:
    if fetched.charset and fetched.charset.lower().replace("-", "") not in ("utf8", "usascii"):
        try:
            return _checked_text(fetched.body.decode(fetched.charset), path=path)
        except (LookupError, UnicodeDecodeError):
            raise InputError(
                f"is not valid {fetched.charset} as the server declares", path=path
            ) from None
    return decode(fetched.body, path=path)


def load_aliases(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, pipes: bool = False
) -> dict[str, tuple[str, ...]]:
    """Read a user alias table: ``{canonical: [variant, ...]}``."""
    data = read_bytes(path, max_bytes=max_bytes, pipes=pipes)
    value, node = parse_yaml(decode(data, path=path), path=path)
    try:
        return parse_aliases(value, path=path)
    except InputError as exc:
        lines = node_lines(node)
        keys = value if isinstance(value, dict) else {}
        key = next((k for k in keys if repr(k) in exc.message), None)
        line = lines.get((key,)) if key else line_of(node)  # not a mapping: where it starts
        raise InputError(exc.message, path=path, line=line) from None


def load_decisions(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Decision, ...]:
    """Read a reader's decisions file (``same`` / ``different`` pairs of phrases)."""
    value, node = parse_yaml(decode(read_bytes(path, max_bytes=max_bytes), path=path), path=path)
    return parse_decisions(value, path=path, lines=node_lines(node))


def load_corpus_decisions(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> dict[str, tuple[Decision, ...]]:
    """Read decisions for several calls: ``{call folder name: {same: ..., different: ...}}``."""
    value, node = parse_yaml(decode(read_bytes(path, max_bytes=max_bytes), path=path), path=path)
    if not isinstance(value, dict):
        raise InputError("must map each call folder's name to its decisions", path=path)
    lines = node_lines(node)
    if set(value) & {"same", "different"}:
        # One call's decisions, as compare reads them: check needs to know whose they are.
        raise InputError(
            "holds one call's decisions ('same', 'different'); check --decisions maps each"
            " call folder's name to its decisions (my-call: {same: [...]}), or put them in"
            " that call's call.yaml",
            path=path,
            line=lines.get(("same",), lines.get(("different",))),
        )
    found: dict[str, tuple[Decision, ...]] = {}
    for call, data in value.items():
        if not isinstance(call, str):
            raise InputError("each key must be a call folder's name", path=path)
        own = {k[1:]: v for k, v in lines.items() if k[:1] == (call,)}
        found[call] = parse_decisions(data, path=path, lines=own)
    return found


def load_yaml_file(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Any, Any]:
    """Read any YAML file of the corpus (``expect.yaml``) with the same safe loader."""
    return parse_yaml(decode(read_bytes(path, max_bytes=max_bytes), path=path), path=path)


def same_file(paths: Sequence[str]) -> tuple[str, str] | None:
    """Two arguments naming the same file, if any (standard input is never the same)."""
    seen: dict[tuple[int, int], str] = {}
    for path in paths:
        if path == "-":
            continue
        try:
            info = os.stat(path)
        except OSError:
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return seen[key], path
        seen[key] = path
    return None


def _default_name(path: str) -> tuple[str, str | None]:
    """A side's name from its file name, spaces, colons and slashes made hyphens, and the
    file name as its label when the two differ ("white house.txt": white-house, "white house").

    >>> _default_name("calls/white house.txt"), _default_name("kremlin.txt")
    (('white-house', 'white house'), ('kremlin', None))
    """
    if path == "-":
        return "stdin", None
    stem = Path(path).stem
    name = "-".join(part for part in re.split(r"[\s:/\\]+", stem) if part) or "readout"
    return name, (None if name == stem else stem)
