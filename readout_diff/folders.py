"""Call folders and corpora: which files a call holds, what its ``call.yaml`` says, and which
folders of a corpus are calls. With ``load.py``, the only module that touches the file system.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readout_diff.call_names import named_files
from readout_diff.decisions import parse_decisions
from readout_diff.errors import InputError, UsageError
from readout_diff.load import (
    DEFAULT_MAX_BYTES,
    TEXT_SUFFIXES,
    decode,
    is_yaml_path,
    load_aliases,
    load_decisions,
    load_readout,
    read_bytes,
)
from readout_diff.model import Call, Decision, Readout, replace
from readout_diff.normalize import parse_aliases
from readout_diff.safe_yaml import (
    checked_mapping,
    checked_string,
    child,
    line_of,
    node_lines,
    parse_yaml,
)

CALL_FILE = "call.yaml"
EXPECT_FILE = "expect.yaml"
DECISIONS_FILE = "decisions.yaml"
_CALL_KEYS = ("title", "date", "participants", "sides", "aliases", "decisions")
_SIDE_KEYS = ("file", "name", "label")


def readout_files(directory: str) -> list[str]:
    """The readout files of a call folder, sorted by name."""
    try:
        entries = sorted(os.listdir(directory))
    except OSError as exc:
        raise InputError(f"cannot be listed: {exc.strerror or exc}", path=directory) from None
    return [
        os.path.join(directory, entry)
        for entry in entries
        if is_readout_name(entry)
        # Not only regular files: a FIFO or a broken link among them is refused when read.
        and not os.path.isdir(os.path.join(directory, entry))
    ]


def is_readout_name(entry: str) -> bool:
    """Whether a file of this name in a call folder is read as one of its readouts."""
    return (
        not entry.startswith((".", "_"))
        and entry not in (CALL_FILE, EXPECT_FILE, DECISIONS_FILE)
        and (Path(entry).suffix.lower() in TEXT_SUFFIXES or is_yaml_path(entry))
    )


def meant_as(entry: str) -> str | None:
    """The name a call folder's own file was likely meant to have ("expect.yml",
    "Expect.yaml", "expectations.yaml" for expect.yaml), or None.

    >>> meant_as("expect.yml"), meant_as("Decisions.YAML"), meant_as("kremlin.yaml")
    ('expect.yaml', 'decisions.yaml', None)
    >>> meant_as("expected.yaml"), meant_as("Expected.yml")
    ('expect.yaml', 'expect.yaml')
    """
    stem, suffix = os.path.splitext(entry)
    if suffix.lower() not in (".yaml", ".yml") or entry in (CALL_FILE, EXPECT_FILE, DECISIONS_FILE):
        return None
    for name in (CALL_FILE, EXPECT_FILE, DECISIONS_FILE):
        base = os.path.splitext(name)[0]
        if stem.casefold() in (base, base + "s", base + "ations", base + "ed"):
            return name
    return None


def _misnamed(path: str) -> InputError | None:
    meant = meant_as(os.path.basename(path))
    if meant is None:
        return None
    return InputError(
        f"is this the call's {meant}? A call folder reads that file under that name only:"
        f" rename it {meant}",
        path=path,
    )


def read_as(target: str, folder: str) -> str | None:
    """What a later run over the call folder ``folder`` would read a file at ``target`` as
    (a readout, its call.yaml...), or None. Links are resolved, in the target's folder (a
    ``link/..`` leads where the link does) and in the target itself.
    """
    home = os.path.realpath(folder)
    name = os.path.basename(target)
    places = (
        os.path.join(os.path.realpath(os.path.dirname(target) or "."), name),
        os.path.realpath(target),
    )
    for place in places:
        entry = os.path.basename(place)
        if os.path.dirname(place) != home:
            continue
        if entry in (CALL_FILE, EXPECT_FILE, DECISIONS_FILE):
            return f"its {entry}"
        if is_readout_name(entry):
            return "a readout"
    return None


def _has_call_file(folder: str) -> bool:
    return any(os.path.lexists(os.path.join(folder, name)) for name in (CALL_FILE, EXPECT_FILE))


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
        try:
            listed = bool(readout_files(folder))
        except InputError:
            # A folder that cannot be listed is a call whose check says why, not the end of
            # the corpus's check.
            listed = True
        if listed or _has_call_file(folder):
            # A folder with expectations but no readouts is a call whose check says what it
            # lacks: passed over, its expectations would leave the check without a word.
            calls.append(folder)
    if not calls and (_has_call_file(root) or readout_files(root)):
        return [root]
    if not calls:
        raise UsageError("holds no call folders (folders of readout files)", path=root)
    return calls


def input_files(root: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Every file a check of the corpus at ``root`` reads, so that no output overwrites one.

    That is each call's call.yaml and expect.yaml, its readout files, and the sides and the
    aliases and decisions files its call.yaml names, wherever they are (``../shared/...``),
    even when it is invalid (``call_names``).
    """
    files = []
    for folder in discover(root):
        for name in (CALL_FILE, EXPECT_FILE, DECISIONS_FILE):
            if os.path.lexists(os.path.join(folder, name)):
                files.append(os.path.join(folder, name))
        with contextlib.suppress(InputError):  # unlisted: its check reports it
            files.extend(readout_files(folder))
        files.extend(named_files(folder, max_bytes=max_bytes))
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
    decisions: tuple[Decision, ...] = ()
    # The file a reader's new decisions go to: the one call.yaml names, else decisions.yaml
    # (None when call.yaml holds them inline).
    decisions_file: str | None = None


def tree_of(directory: str, root: str | None = None) -> str:
    """The folder tree a call's files must stay in: ``root``, else the call folder's parent."""
    return root if root is not None else os.path.dirname(os.path.abspath(directory))


def outside(path: str, tree: str) -> bool:
    """True when ``path``, its symbolic links followed, is not inside the folder ``tree``."""
    real, top = os.path.realpath(path), os.path.realpath(tree)
    return os.path.commonpath([real, top]) != top


def outside_error(
    path: str, tree: str, *, named: str | None = None, line: int | None = None
) -> InputError:
    """Refuse a file outside the tree: a corpus under check must not read (and show) others."""
    what = f"names {named}, which is" if named is not None else "is a link to a file"
    return InputError(
        f"{what} outside {tree}; files outside the folder being read are refused"
        " (--allow-outside reads them)",
        path=path,
        line=line,
    )


def read_call_meta(
    directory: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    root: str | None = None,
    allow_outside: bool = False,
) -> CallMeta:
    """Read ``call.yaml`` (if any) and list the call's readout files: (path, name, label).

    Every file must be inside ``root`` (by default the call folder's parent), links
    followed, unless ``allow_outside``: a call.yaml under check cannot read /etc/passwd.
    """
    if not os.path.isdir(directory):
        if os.path.exists(directory):
            raise InputError("is a file, not a call folder", path=directory)
        raise InputError("no such file or directory", path=directory)
    tree = None if allow_outside else tree_of(directory, root)
    meta: dict[str, Any] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    entries: list[tuple[str, str | None, str | None]] = []
    lines: list[int | None] = []
    decisions: tuple[Decision, ...] = ()
    decisions_file: str | None = os.path.join(directory, DECISIONS_FILE)
    call_path = os.path.join(directory, CALL_FILE)
    if os.path.lexists(call_path):  # a broken link is reported, not taken for no call.yaml
        if tree is not None and outside(call_path, tree):
            raise outside_error(call_path, tree)
        text = decode(read_bytes(call_path, max_bytes=max_bytes), path=call_path)
        value, node = parse_yaml(text, path=call_path)
        meta = checked_mapping(value, node, call_path, "call.yaml", _CALL_KEYS)
        entries = _side_entries(meta.get("sides"), node, call_path, directory)
        lines = [line_of(node, "sides", k) for k in range(len(entries))]
        for (path, _, _), line in zip(entries, lines, strict=True):
            if tree is not None and outside(path, tree):
                raise outside_error(call_path, tree, named=path, line=line)
        named = meta.get("aliases")
        if (
            tree is not None
            and isinstance(named, str)
            and outside(os.path.join(directory, named), tree)
        ):
            where = line_of(node, "aliases")
            raise outside_error(call_path, tree, named=os.path.join(directory, named), line=where)
        aliases = _call_aliases(meta.get("aliases"), node, call_path, directory, max_bytes)
        value = meta.get("decisions")
        if isinstance(value, str):
            decisions_file = os.path.join(directory, value)
            where = line_of(node, "decisions")
            if not os.path.isfile(decisions_file):
                raise InputError(
                    f"'decisions' names {decisions_file}: no such file",
                    path=call_path,
                    line=where,
                )
            if os.path.splitext(value)[1].lower() not in (".yaml", ".yml"):
                # A .txt or .md there would be taken from the sides without a word.
                raise InputError(
                    f"'decisions' names {value}, which is not a YAML file (.yaml): a decisions"
                    " file holds 'same' and 'different' lists",
                    path=call_path,
                    line=where,
                )
            if tree is not None and outside(decisions_file, tree):
                raise outside_error(call_path, tree, named=decisions_file, line=where)
        elif value is not None:
            decisions_file = None
            lines_of = node_lines(node)
            decisions = parse_decisions(
                value,
                path=call_path,
                lines={k[1:]: v for k, v in lines_of.items() if k[:1] == ("decisions",)},
            )
        participants = meta.get("participants")
        participants = [] if participants is None else participants  # 0, false, "": refused
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
        entries = [
            (f, None, None) for f in readout_files(directory) if not _same(f, decisions_file)
        ]
        for path, _, _ in entries:
            misnamed = _misnamed(path)
            if misnamed is not None:
                raise misnamed
        for path, _, _ in entries:
            if tree is not None and outside(path, tree):
                raise outside_error(path, tree)
    if len(entries) < 2:
        corpus = not entries and any(
            os.path.isfile(os.path.join(directory, entry, CALL_FILE))
            for entry in os.listdir(directory)
        )
        hint = "; it holds call folders: check it with 'readout-diff check'" if corpus else ""
        raise UsageError(
            "a call folder needs at least two readout files (.txt, .md, .yaml);"
            f" found {len(entries)}{hint}",
            path=directory,
        )
    # A decisions.yaml that is not a file (a directory, a FIFO, a broken link) is reported,
    # not taken for no decisions, as call.yaml is.
    if decisions_file is not None and os.path.lexists(decisions_file):
        if tree is not None and outside(decisions_file, tree):
            raise outside_error(decisions_file, tree)
        decisions = load_decisions(decisions_file, max_bytes=max_bytes)
    return CallMeta(
        title=meta.get("title"),
        date=meta.get("date"),
        participants=tuple(meta.get("participants") or ()),
        entries=tuple(entries),
        aliases=aliases,
        call_file=call_path if lines else None,
        entry_lines=tuple(lines),
        decisions=decisions,
        decisions_file=decisions_file,
    )


def unlisted_files(directory: str, meta: CallMeta) -> list[InputError]:
    """An error for each readout file of the folder that ``call.yaml`` does not list."""
    # By where a path leads: "../c2/wh.txt" in folder c2 lists "c2/wh.txt".
    listed = {os.path.realpath(path) for path, _, _ in meta.entries}
    return [
        _misnamed(path)
        or InputError(
            f"not listed under 'sides' in {CALL_FILE}; list it, or move it out of the call folder",
            path=path,
        )
        for path in readout_files(directory)
        if os.path.realpath(path) not in listed and not _same(path, meta.decisions_file)
    ]


def _not_a_side(path: str, call_file: str) -> str | None:
    """What a side's path names instead of a readout: a folder, or a file of the call's own."""
    if os.path.isdir(path):
        return "a folder"
    real = os.path.realpath(path)
    folder = os.path.dirname(call_file)
    for own, what in ((CALL_FILE, "the call's own call.yaml"), (EXPECT_FILE, "its expectations")):
        if real == os.path.realpath(os.path.join(folder, own)):
            return what
    return None


def _same(path: str, other: str | None) -> bool:
    return other is not None and os.path.normpath(path) == os.path.normpath(other)


def load_side(
    meta: CallMeta, index: int, *, max_bytes: int = DEFAULT_MAX_BYTES, clauses: bool = True
) -> Readout:
    """Load the call's side ``index``; a file ``call.yaml`` lists but lacks names its line."""
    path, name, label = meta.entries[index]
    if meta.call_file is not None and not os.path.lexists(path):
        raise InputError(
            f"side {index + 1} names {path}: no such file or directory",
            path=meta.call_file,
            line=meta.entry_lines[index],
        )
    if meta.call_file is not None and (what := _not_a_side(path, meta.call_file)) is not None:
        raise InputError(
            f"side {index + 1} names {os.path.normpath(path)}, {what}: a side is a readout file",
            path=meta.call_file,
            line=meta.entry_lines[index],
        )
    return load_readout(path, name=name, label=label, max_bytes=max_bytes, clauses=clauses)


def load_call(
    directory: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    clauses: bool = True,
    allow_outside: bool = False,
) -> Call:
    """Load a call folder: its readouts in ``call.yaml`` order (else sorted), and its metadata.

    Its files must be inside the folder's parent, unless ``allow_outside``.
    """
    meta = read_call_meta(directory, max_bytes=max_bytes, allow_outside=allow_outside)
    unlisted = unlisted_files(directory, meta)
    # A side that cannot be read comes first: an unlisted file beside it is often its
    # misspelt name ("nordmark-missing.md" listed, "nordmark.md" there).
    readouts = tuple(
        load_side(meta, k, max_bytes=max_bytes, clauses=clauses) for k in range(len(meta.entries))
    )
    if unlisted:
        raise unlisted[0]
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
        decisions=meta.decisions,
        decisions_file=meta.decisions_file,
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
