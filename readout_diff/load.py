"""Read readouts, call folders and side files: the only module that touches the file system.

Every failure is an InputError naming the file (and line and column where known). Files
are opened read-only and never written. YAML is read with a safe loader that also refuses
aliases, duplicate keys and deep nesting, so no document can run code or blow up memory.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path
from typing import Any, BinaryIO

from readout_diff.errors import InputError, UsageError
from readout_diff.model import Call, Claim, Readout
from readout_diff.normalize import parse_aliases
from readout_diff.segment import segment

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
YAML_SUFFIXES = (".yaml", ".yml")
CALL_FILE = "call.yaml"
EXPECT_FILE = "expect.yaml"
_NAME = re.compile(r"[^\s:/\\\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")
# Control characters and bidi overrides: never part of a name or an id that is printed.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_READOUT_KEYS = ("side", "title", "date", "url", "source", "text", "claims")
_CLAIM_KEYS = ("text", "id", "topic")
_CALL_KEYS = ("title", "date", "participants", "sides", "aliases")
_SIDE_KEYS = ("file", "name", "label")
_MAX_DEPTH = 50


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


# --- readouts from text ---------------------------------------------------------------


def readout_from_text(
    text: str,
    *,
    name: str,
    path: str = "-",
    kind: str = "text",
    label: str | None = None,
    clauses: bool = True,
    span_base: str = "file",
    **meta: str | None,
) -> Readout:
    """Split prose into a Readout; spans index ``text`` itself.

    >>> r = readout_from_text("Readout\\n\\nThe leaders met. They agreed.", name="kremlin")
    >>> [(c.id, c.text, c.start) for c in r.claims]
    [('kremlin:1', 'The leaders met.', 9), ('kremlin:2', 'They agreed.', 26)]
    """
    _check_name(name, path)
    found, skipped = segment(text, clauses=clauses)
    if not found:
        raise InputError(
            "holds no claim: no sentence was found (title lines, headings and datelines"
            " are not claims)",
            path=path,
        )
    claims = tuple(
        Claim(f"{name}:{n}", name, n - 1, body, start, end, line, sentence=sentence)
        for n, (body, start, end, line, sentence) in enumerate(found, start=1)
    )
    return Readout(
        name=name,
        label=label or name,
        path=path,
        kind=kind,
        text=text,
        span_base=span_base,
        claims=claims,
        skipped=tuple(skipped),
        title=meta.get("title"),
        date=meta.get("date"),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
    )


def _check_name(name: str, path: str, line: int | None = None) -> None:
    if not _NAME.fullmatch(name):
        raise InputError(
            f"side name {name!r} must be one word without spaces, control characters, ':'"
            " or slashes (use a label for display)",
            path=path,
            line=line,
        )


def renamed(readout: Readout, name: str | None = None, label: str | None = None) -> Readout:
    """The same readout under another side name and/or display label."""
    if name is None or name == readout.name:
        return replace(readout, label=label or readout.label)
    _check_name(name, readout.path)
    claims = tuple(
        replace(c, id=name + c.id[len(readout.name) :], side=name) for c in readout.claims
    )
    return replace(readout, name=name, label=label or name, claims=claims)


# --- YAML -------------------------------------------------------------------------------


def parse_yaml(text: str, *, path: str) -> tuple[Any, Any]:
    """Load one YAML document safely; return the value and its node (for line numbers).

    Refused before anything is built: aliases (so no "billion laughs"), tags (so no Python
    objects, and no values the text cannot hold), nesting deeper than 50 levels. Then the
    document is built with duplicate keys refused. libyaml does the parsing when present.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    try:
        if fast is not None:
            _screen(yaml.parse(text, Loader=fast), path)
            node = yaml.compose(text, Loader=fast)
        else:
            node = _compose_slowly(text, path)
        if node is None:
            raise InputError("holds no YAML document", path=path)
        value = _constructor(path)().construct_document(node)
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (most control characters), found before parsing.
        position = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        shown = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise InputError(
            f"YAML error: character {shown!r} is not allowed in YAML",
            path=path,
            line=line,
            column=column,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "end of stream" in problem and exc.context_mark is not None:
            mark = exc.context_mark  # where the unclosed quote or bracket opened
        if exc.problem and exc.context:
            problem = f"{problem.removeprefix('but ')} ({exc.context})"
        if "nesting depth" in problem:
            problem = f"nested deeper than {_MAX_DEPTH} levels"
        raise InputError(
            f"YAML {problem}" if problem.startswith("nested") else f"YAML error: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {' '.join(str(exc).split())}", path=path) from None
    except RecursionError:
        raise InputError("YAML nested too deeply", path=path) from None
    return value, node


def _refusal(message: str, mark: Any, path: str) -> InputError:
    return InputError(message, path=path, line=mark.line + 1, column=mark.column + 1)


def _screen(events: Iterable[Any], path: str) -> None:
    """Refuse aliases, tags and deep nesting from the event stream, before any node exists."""
    import yaml

    depth = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise _refusal(
                "YAML aliases (*name) are not allowed in readout files", event.start_mark, path
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            # Tags can name Python objects, or values the file cannot hold (!!float x).
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _refusal(
                f"unsupported YAML tag {shown!r}; readouts hold plain data only, no tags",
                event.start_mark,
                path,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > _MAX_DEPTH:
                raise _refusal(
                    f"YAML nested deeper than {_MAX_DEPTH} levels", event.start_mark, path
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose_slowly(text: str, path: str) -> Any:
    """Compose with the pure-Python loader, screening each event as it is composed."""
    import yaml

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            _screen([event], path)
            self.depth += 1
            try:
                if self.depth > _MAX_DEPTH:
                    raise _refusal(
                        f"YAML nested deeper than {_MAX_DEPTH} levels", event.start_mark, path
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _constructor(path: str) -> Any:
    """A safe constructor that refuses duplicate keys and names values it cannot read."""
    import yaml

    class Constructor(yaml.constructor.SafeConstructor):
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, TypeError, KeyError, OverflowError) as exc:
                # A plain value that looks like a date or a number but is none (2025-02-30).
                shown = node.value if isinstance(node.value, str) else node.tag
                raise InputError(
                    f"YAML error: cannot read the value {shown[:80]!r} ({exc})",
                    path=path,
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                ) from None

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[str] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue  # the base class refuses a list or mapping as a key
                key = key_node.value
                if key in seen:
                    raise _refusal(f"duplicate key {key!r}", key_node.start_mark, path)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Constructor


def line_of(node: Any, *keys: str | int) -> int | None:
    """The 1-based line of the node reached by following ``keys`` (mapping keys, list indexes)."""
    for key in keys:
        if node is None:
            return None
        if isinstance(key, int):
            items = node.value if isinstance(node.value, list) else []
            node = items[key] if 0 <= key < len(items) else None
        else:
            found = None
            for key_node, value_node in getattr(node, "value", []) or []:
                if getattr(key_node, "value", None) == key:
                    found = value_node
                    break
            node = found
    return node.start_mark.line + 1 if node is not None else None


def node_lines(node: Any) -> dict[tuple[str | int, ...], int]:
    """The 1-based line of every key and list item of a YAML node tree, by path."""
    lines: dict[tuple[str | int, ...], int] = {}
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), node)]
    while stack:
        path, current = stack.pop()
        value = getattr(current, "value", None)
        if isinstance(value, list):
            for k, item in enumerate(value):
                if isinstance(item, tuple):
                    key_node, value_node = item
                    key = (*path, key_node.value)
                    lines[key] = key_node.start_mark.line + 1
                    stack.append((key, value_node))
                else:
                    key = (*path, k)
                    lines[key] = item.start_mark.line + 1
                    stack.append((key, item))
    return lines


def _mapping(value: Any, node: Any, path: str, what: str, allowed: Sequence[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "nothing"
        raise InputError(
            f"{what} must be a mapping, not {_kind(kind)}",
            path=path,
            line=node.start_mark.line + 1 if node is not None else None,
        )
    for key in value:
        if key not in allowed:
            key_line = None
            for key_node, _ in getattr(node, "value", []) or []:
                if key_node.value == key:
                    key_line = key_node.start_mark.line + 1
            raise InputError(
                f"unknown key {key!r} in {what} (allowed: {', '.join(allowed)})",
                path=path,
                line=key_line,
            )
    return value


def _kind(name: str) -> str:
    return {
        "list": "a list",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "nothing": "nothing",
    }.get(name, f"a {name}")


def _string(value: Any, node: Any, path: str, key: str, *keys: str | int) -> str | None:
    if value is None:
        return None
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(
            f"{key!r} must be a string, not {_kind(type(value).__name__)}",
            path=path,
            line=line_of(node, *keys),
        )
    return str(value)


def readout_from_yaml(
    text: str,
    *,
    path: str,
    name: str | None = None,
    label: str | None = None,
    clauses: bool = True,
) -> Readout:
    """Read a YAML readout: ``side`` plus ``text`` (prose) or ``claims`` (a list)."""
    value, node = parse_yaml(text, path=path)
    data = _mapping(value, node, path, "a YAML readout", _READOUT_KEYS)
    side = _string(data.get("side"), node, path, "side", "side")
    if not side:
        raise InputError("a YAML readout needs a 'side' key naming the side", path=path)
    meta = {
        "title": _string(data.get("title"), node, path, "title", "title"),
        "date": _string(data.get("date"), node, path, "date", "date"),
        "url": _string(data.get("url"), node, path, "url", "url"),
        "publisher": _string(data.get("source"), node, path, "source", "source"),
    }
    has_text, has_claims = "text" in data, "claims" in data
    if has_text == has_claims:
        raise InputError("a YAML readout needs exactly one of 'text' or 'claims'", path=path)
    side = name or side
    _check_name(side, path, None if name else line_of(node, "side"))
    if has_text:
        body = data["text"]
        if not isinstance(body, str):
            raise InputError(
                f"'text' must be a string, not {_kind(type(body).__name__)}",
                path=path,
                line=line_of(node, "text"),
            )
        if not body.strip():
            raise InputError("'text' is empty", path=path, line=line_of(node, "text"))
        offset = (line_of(node, "text") or 1) - 1
        if getattr(_child(node, "text"), "style", None) in ("|", ">"):
            offset += 1  # a block scalar's text starts on the line after its indicator
        try:
            readout = readout_from_text(
                body,
                name=side,
                path=path,
                kind="yaml",
                label=label,
                clauses=clauses,
                span_base="yaml-text",
                **meta,
            )
        except InputError as exc:
            raise InputError(exc.message, path=path, line=offset + 1) from None
        return replace(
            readout, claims=tuple(replace(c, line=c.line + offset) for c in readout.claims)
        )
    return _claims_readout(data["claims"], node, path, side, label, meta)


def _claims_readout(
    items: Any, node: Any, path: str, side: str, label: str | None, meta: Mapping[str, str | None]
) -> Readout:
    _check_name(side, path)
    if not isinstance(items, list):
        raise InputError(
            f"'claims' must be a list, not {_kind(type(items).__name__)}",
            path=path,
            line=line_of(node, "claims"),
        )
    if not items:
        raise InputError("'claims' is an empty list", path=path, line=line_of(node, "claims"))
    claims: list[Claim] = []
    texts: list[str] = []
    seen: set[str] = set()
    offset = 0
    for n, item in enumerate(items, start=1):
        where = line_of(node, "claims", n - 1)
        topic = None
        given: str | None = None
        if isinstance(item, dict):
            item_node = _child(node, "claims", n - 1)
            entry = _mapping(item, item_node, path, f"claim {n}", _CLAIM_KEYS)
            body = entry.get("text")
            given = _string(entry.get("id"), node, path, "id", "claims", n - 1, "id")
            topic = _string(entry.get("topic"), node, path, "topic", "claims", n - 1, "topic")
        else:
            body = item
        if not isinstance(body, str):
            raise InputError(
                f"claim {n} must be a string or a mapping with 'text', not"
                f" {_kind(type(body).__name__ if body is not None else 'nothing')}",
                path=path,
                line=where,
            )
        if not body.strip():
            raise InputError(f"claim {n} is empty", path=path, line=where)
        if given is not None and (not given.strip() or _UNPRINTABLE.search(given)):
            raise InputError(
                f"claim {n}: id {given!r} must be non-empty and hold no control characters",
                path=path,
                line=line_of(node, "claims", n - 1, "id"),
            )
        claim_id = f"{side}:{given if given is not None else n}"
        if claim_id in seen:
            raise InputError(f"claim id {claim_id!r} is used twice", path=path, line=where)
        seen.add(claim_id)
        start = offset + len(body) - len(body.lstrip())
        end = offset + len(body.rstrip())
        claims.append(
            Claim(claim_id, side, n - 1, body.strip(), start, end, where or 1, topic, n - 1)
        )
        texts.append(body)
        offset += len(body) + 1
    return Readout(
        name=side,
        label=label or side,
        path=path,
        kind="yaml",
        text="\n".join(texts),
        span_base="yaml-claims",
        claims=tuple(claims),
        title=meta.get("title"),
        date=meta.get("date"),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
    )


def _child(node: Any, *keys: str | int) -> Any:
    for key in keys:
        if isinstance(key, int):
            node = node.value[key]
        else:
            node = next(v for k, v in node.value if k.value == key)
    return node


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


@dataclass(frozen=True, slots=True)
class CallMeta:
    """What ``call.yaml`` says of a call folder, and which readout files it holds."""

    title: str | None
    date: str | None
    participants: tuple[str, ...]
    entries: tuple[tuple[str, str | None, str | None], ...]
    aliases: dict[str, tuple[str, ...]]


def read_call_meta(directory: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CallMeta:
    """Read ``call.yaml`` (if any) and list the call's readout files: (path, name, label)."""
    if not os.path.isdir(directory):
        if os.path.exists(directory):
            raise InputError("is a file, not a call folder", path=directory)
        raise InputError("no such file or directory", path=directory)
    meta: dict[str, Any] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    entries: list[tuple[str, str | None, str | None]] = []
    call_path = os.path.join(directory, CALL_FILE)
    if os.path.exists(call_path):
        text = decode(read_bytes(call_path, max_bytes=max_bytes), path=call_path)
        value, node = parse_yaml(text, path=call_path)
        meta = _mapping(value, node, call_path, "call.yaml", _CALL_KEYS)
        entries = _side_entries(meta.get("sides"), node, call_path, directory)
        aliases = _call_aliases(meta.get("aliases"), node, call_path, directory, max_bytes)
        participants = meta.get("participants") or []
        if not isinstance(participants, list) or not all(isinstance(p, str) for p in participants):
            raise InputError(
                "'participants' must be a list of names",
                path=call_path,
                line=line_of(node, "participants"),
            )
        meta["participants"] = participants
        meta["title"] = _string(meta.get("title"), node, call_path, "title", "title")
        meta["date"] = _string(meta.get("date"), node, call_path, "date", "date")
    if not entries:
        entries = [(f, None, None) for f in readout_files(directory)]
    if len(entries) < 2:
        raise UsageError(
            "a call folder needs at least two readout files (.txt, .md, .yaml);"
            f" found {len(entries)}",
            path=directory,
        )
    return CallMeta(
        title=meta.get("title"),
        date=meta.get("date"),
        participants=tuple(meta.get("participants") or ()),
        entries=tuple(entries),
        aliases=aliases,
    )


def load_call(directory: str, *, max_bytes: int = DEFAULT_MAX_BYTES, clauses: bool = True) -> Call:
    """Load a call folder: its readouts in ``call.yaml`` order (else sorted), and its metadata."""
    meta = read_call_meta(directory, max_bytes=max_bytes)
    readouts = tuple(
        load_readout(f, name=n, label=lbl, max_bytes=max_bytes, clauses=clauses)
        for f, n, lbl in meta.entries
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
        entry = _mapping(item, _child(node, "sides", k), path, f"side {k + 1}", _SIDE_KEYS)
        file = entry.get("file")
        if not isinstance(file, str) or not file.strip():
            raise InputError(f"side {k + 1} needs a 'file'", path=path, line=where)
        name = _string(entry.get("name"), node, path, "name", "sides", k, "name")
        label = _string(entry.get("label"), node, path, "label", "sides", k, "label")
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
        key = next((k for k in (value or {}) if repr(k) in exc.message), None)
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
