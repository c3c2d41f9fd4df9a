"""Read readouts, call folders and side files: the only module that touches the file system.

Every failure is an InputError naming the file (and line and column where known). Files
are opened read-only and never written, and refused before they are read whole when they
are too large. Parsing is elsewhere: ``readouts.py`` builds readouts, ``safe_yaml.py`` reads
YAML without running code or building aliases.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from readout_diff.errors import InputError, UsageError
from readout_diff.model import Call, Readout
from readout_diff.normalize import parse_aliases
from readout_diff.readouts import check_name, readout_from_text, readout_from_yaml, renamed
from readout_diff.safe_yaml import (
    checked_mapping,
    checked_string,
    child,
    line_of,
    node_lines,
    parse_yaml,
)

__all__ = [
    "CALL_FILE",
    "DEFAULT_MAX_BYTES",
    "EXPECT_FILE",
    "CallMeta",
    "check_name",
    "decode",
    "discover",
    "input_files",
    "is_yaml_path",
    "line_of",
    "load_aliases",
    "load_call",
    "load_demo",
    "load_readout",
    "load_side",
    "load_yaml_file",
    "node_lines",
    "parse_yaml",
    "read_bytes",
    "read_call_meta",
    "readout_files",
    "readout_from_text",
    "readout_from_yaml",
    "renamed",
    "same_file",
    "unlisted_files",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
YAML_SUFFIXES = (".yaml", ".yml")
CALL_FILE = "call.yaml"
EXPECT_FILE = "expect.yaml"
_CALL_KEYS = ("title", "date", "participants", "sides", "aliases")
_SIDE_KEYS = ("file", "name", "label")


# --- bytes and text ------------------------------------------------------------------


def read_bytes(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> bytes:
    """Read a whole file (``-`` is standard input), refusing it early if it is too large."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(_too_large(max_bytes), path="<stdin>")
        return data
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file or directory", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a readout file", path=path)
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise InputError(_too_large(max_bytes), path=path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    if len(data) > max_bytes:
        raise InputError(_too_large(max_bytes), path=path)
    return data


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


def load_readout(
    path: str,
    *,
    name: str | None = None,
    label: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    clauses: bool = True,
    stdin: BinaryIO | None = None,
) -> Readout:
    """Load a ``.txt``/``.md``/``.yaml`` readout, or standard input for ``-``."""
    shown = "<stdin>" if path == "-" else path
    text = decode(read_bytes(path, max_bytes=max_bytes, stdin=stdin), path=shown)
    if is_yaml_path(path) or (path == "-" and _looks_like_yaml(text)):
        return readout_from_yaml(text, path=shown, name=name, label=label, clauses=clauses)
    default = "stdin" if path == "-" else Path(path).stem
    kind = TEXT_SUFFIXES.get(Path(path).suffix.lower(), "text")
    return readout_from_text(
        text, name=name or default, path=shown, kind=kind, label=label, clauses=clauses
    )


def readout_files(directory: str) -> list[str]:
    """The readout files of a call folder, sorted by name."""
    try:
        entries = sorted(os.listdir(directory))
    except OSError as exc:
        raise InputError(f"cannot be listed: {exc.strerror or exc}", path=directory) from None
    return [
        os.path.join(directory, entry)
        for entry in entries
        if not entry.startswith((".", "_"))
        and entry not in (CALL_FILE, EXPECT_FILE)
        and (Path(entry).suffix.lower() in TEXT_SUFFIXES or is_yaml_path(entry))
        and os.path.isfile(os.path.join(directory, entry))
    ]


def discover(root: str) -> list[str]:
    """The call folders of a corpus, sorted; the root itself if it is one call."""
    if not os.path.isdir(root):
        if os.path.exists(root):
            raise UsageError("is a file; check takes a folder of calls", path=root)
        raise UsageError("no such directory", path=root)
    calls = []
    for entry in sorted(os.listdir(root)):
        folder = os.path.join(root, entry)
        if entry.startswith((".", "_")) or not os.path.isdir(folder):
            continue
        if os.path.exists(os.path.join(folder, CALL_FILE)) or readout_files(folder):
            calls.append(folder)
    if not calls and (os.path.exists(os.path.join(root, CALL_FILE)) or readout_files(root)):
        return [root]
    if not calls:
        raise UsageError("holds no call folders (folders of readout files)", path=root)
    return calls


def input_files(root: str) -> list[str]:
    """Every file a check of the corpus at ``root`` reads, so that no output overwrites one."""
    files = []
    for folder in discover(root):
        for name in (CALL_FILE, EXPECT_FILE):
            if os.path.isfile(os.path.join(folder, name)):
                files.append(os.path.join(folder, name))
        files.extend(readout_files(folder))
    return files


@dataclass(frozen=True, slots=True)
class CallMeta:
    """What ``call.yaml`` says of a call folder, and which readout files it holds."""

    title: str | None
    date: str | None
    participants: tuple[str, ...]
    entries: tuple[tuple[str, str | None, str | None], ...]
    aliases: dict[str, tuple[str, ...]]
    # Where the entries come from: call.yaml and the line of each entry (None: the folder).
    call_file: str | None = None
    entry_lines: tuple[int | None, ...] = ()


def read_call_meta(directory: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CallMeta:
    """Read ``call.yaml`` (if any) and list the call's readout files: (path, name, label)."""
    if not os.path.isdir(directory):
        if os.path.exists(directory):
            raise InputError("is a file, not a call folder", path=directory)
        raise InputError("no such file or directory", path=directory)
    meta: dict[str, Any] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    entries: list[tuple[str, str | None, str | None]] = []
    lines: list[int | None] = []
    call_path = os.path.join(directory, CALL_FILE)
    if os.path.exists(call_path):
        text = decode(read_bytes(call_path, max_bytes=max_bytes), path=call_path)
        value, node = parse_yaml(text, path=call_path)
        meta = checked_mapping(value, node, call_path, "call.yaml", _CALL_KEYS)
        entries = _side_entries(meta.get("sides"), node, call_path, directory)
        lines = [line_of(node, "sides", k) for k in range(len(entries))]
        aliases = _call_aliases(meta.get("aliases"), node, call_path, directory, max_bytes)
        participants = meta.get("participants") or []
        if not isinstance(participants, list) or not all(isinstance(p, str) for p in participants):
            raise InputError(
                "'participants' must be a list of names",
                path=call_path,
                line=line_of(node, "participants"),
            )
        meta["participants"] = participants
        meta["title"] = checked_string(meta.get("title"), node, call_path, "title", "title")
        meta["date"] = checked_string(meta.get("date"), node, call_path, "date", "date", date=True)
    if not entries:
        entries = [(f, None, None) for f in readout_files(directory)]
    if len(entries) < 2:
        corpus = not entries and any(
            os.path.isfile(os.path.join(directory, entry, CALL_FILE))
            for entry in sorted(os.listdir(directory))
        )
        hint = "; it holds call folders: check it with 'readout-diff check'" if corpus else ""
        raise UsageError(
            "a call folder needs at least two readout files (.txt, .md, .yaml);"
            f" found {len(entries)}{hint}",
            path=directory,
        )
    return CallMeta(
        title=meta.get("title"),
        date=meta.get("date"),
        participants=tuple(meta.get("participants") or ()),
        entries=tuple(entries),
        aliases=aliases,
        call_file=call_path if lines else None,
        entry_lines=tuple(lines),
    )


def unlisted_files(directory: str, meta: CallMeta) -> list[InputError]:
    """An error for each readout file of the folder that ``call.yaml`` does not list."""
    listed = {os.path.normpath(path) for path, _, _ in meta.entries}
    return [
        InputError(
            f"not listed under 'sides' in {CALL_FILE}; list it, or move it out of the call folder",
            path=path,
        )
        for path in readout_files(directory)
        if os.path.normpath(path) not in listed
    ]


def load_side(
    meta: CallMeta, index: int, *, max_bytes: int = DEFAULT_MAX_BYTES, clauses: bool = True
) -> Readout:
    """Load the call's side ``index``; a file ``call.yaml`` lists but lacks names its line."""
    path, name, label = meta.entries[index]
    if meta.call_file is not None and not os.path.exists(path):
        raise InputError(
            f"side {index + 1} names {path}: no such file or directory",
            path=meta.call_file,
            line=meta.entry_lines[index],
        )
    return load_readout(path, name=name, label=label, max_bytes=max_bytes, clauses=clauses)


def load_call(directory: str, *, max_bytes: int = DEFAULT_MAX_BYTES, clauses: bool = True) -> Call:
    """Load a call folder: its readouts in ``call.yaml`` order (else sorted), and its metadata."""
    meta = read_call_meta(directory, max_bytes=max_bytes)
    unlisted = unlisted_files(directory, meta)
    if unlisted:
        raise unlisted[0]
    readouts = tuple(
        load_side(meta, k, max_bytes=max_bytes, clauses=clauses) for k in range(len(meta.entries))
    )
    first: dict[str, str] = {}
    for readout in readouts:
        if readout.name in first:
            raise InputError(
                f"side name {readout.name!r} is already used by {first[readout.name]};"
                " give one a 'name:' in call.yaml",
                path=readout.path,
            )
        first[readout.name] = readout.path
    return Call(
        path=directory,
        readouts=readouts,
        title=meta.title,
        date=meta.date,
        participants=meta.participants,
        aliases=tuple(sorted(meta.aliases.items())),
    )


def load_demo() -> Call:
    """The bundled example call (package data), with paths shown relative to it."""
    from importlib import resources

    with resources.as_file(resources.files("readout_diff") / "data" / "demo") as folder:
        call = load_call(str(folder))
    readouts = tuple(replace(r, path=f"demo/{Path(r.path).name}") for r in call.readouts)
    return replace(call, readouts=readouts, path="demo")


def _side_entries(
    sides: Any, node: Any, path: str, directory: str
) -> list[tuple[str, str | None, str | None]]:
    if sides is None:
        return []
    if not isinstance(sides, list) or not sides:
        raise InputError("'sides' must be a non-empty list", path=path, line=line_of(node, "sides"))
    entries: list[tuple[str, str | None, str | None]] = []
    for k, item in enumerate(sides):
        where = line_of(node, "sides", k)
        if isinstance(item, str):
            item = {"file": item}
        entry = checked_mapping(item, child(node, "sides", k), path, f"side {k + 1}", _SIDE_KEYS)
        file = checked_string(entry.get("file"), node, path, "file", "sides", k, "file")
        if not file or not file.strip():
            raise InputError(f"side {k + 1} needs a 'file'", path=path, line=where)
        name = checked_string(entry.get("name"), node, path, "name", "sides", k, "name")
        label = checked_string(entry.get("label"), node, path, "label", "sides", k, "label")
        entries.append((os.path.join(directory, file), name, label))
    return entries


def _call_aliases(
    value: Any, node: Any, path: str, directory: str, max_bytes: int
) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if isinstance(value, str):
        return load_aliases(os.path.join(directory, value), max_bytes=max_bytes)
    try:
        return parse_aliases(value, path=path)
    except InputError as exc:
        raise InputError(exc.message, path=path, line=line_of(node, "aliases")) from None


def load_aliases(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, tuple[str, ...]]:
    """Read a user alias table: ``{canonical: [variant, ...]}``."""
    value, node = parse_yaml(decode(read_bytes(path, max_bytes=max_bytes), path=path), path=path)
    try:
        return parse_aliases(value, path=path)
    except InputError as exc:
        lines = node_lines(node)
        keys = value if isinstance(value, dict) else {}
        key = next((k for k in keys if repr(k) in exc.message), None)
        raise InputError(exc.message, path=path, line=lines.get((key,)) if key else None) from None


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
