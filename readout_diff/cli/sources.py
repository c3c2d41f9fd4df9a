"""Readouts named on the command line: files, standard input, or addresses to fetch and keep."""

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from readout_diff.cli.options import name_and_label
from readout_diff.cli.output_files import refuse_to_overwrite, write_atomic
from readout_diff.errors import InputError, UsageError
from readout_diff.model import Decision, Readout

if TYPE_CHECKING:
    from readout_diff.fetch import Fetched

DEFAULT_TIMEOUT = 20.0  # fetch.DEFAULT_TIMEOUT, without importing the network code at start-up


class Fetching:
    """How addresses are fetched and kept: the timeout, the --save folder, the files read."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        save: Path | None = None,
        inputs: list[str],
        output: str | None = None,
    ) -> None:
        self.timeout = timeout
        self.save = save
        self.inputs = inputs
        self.output = output  # the -o file, which no page kept may be written as
        self.names: set[str] = set()


def load_one(
    path: str, *, name: str | None, max_bytes: int, clauses: bool, fetching: Fetching
) -> Readout:
    """A readout from a file, stdin or an address; a fetched page is kept if asked."""
    from readout_diff.load import is_address, load_address, load_readout

    if not is_address(path):
        return load_readout(path, name=name, max_bytes=max_bytes, clauses=clauses, pipes=True)
    name = name if name is not None else _page_name(path, fetching.names)
    fetching.names.add(name)
    if fetching.save is not None:
        check_saves([(path, name)], fetching)
    readout, fetched = load_address(
        path, name=name, max_bytes=max_bytes, clauses=clauses, timeout=fetching.timeout
    )
    if fetching.save is not None:
        _save(fetched, readout.name, str(fetching.save), fetching.inputs, fetching.output)
    return readout


def _page_name(url: str, taken: set[str]) -> str:
    """A fetched side's name: its site's, then -2, -3 for more pages of one site."""
    from readout_diff.fetch import side_name

    name = base = side_name(url)
    number = 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    return name


def planned_pages(paths: Sequence[str], fetching: Fetching) -> list[tuple[str, str]]:
    """Each address among ``paths`` with the name its side (and its kept page) will get."""
    from readout_diff.load import is_address

    taken = set(fetching.names)
    planned = []
    for path in paths:
        if is_address(path):
            name = _page_name(path, taken)
            taken.add(name)
            planned.append((path, name))
    return planned


def check_saves(pages: Sequence[tuple[str, str]], fetching: Fetching) -> None:
    """Before any address is fetched, refuse a --save that could not keep its pages, or whose
    pages would land on a file the command reads or on the -o report.

    A page is kept as NAME.html or NAME.txt, as the server answers: both are checked.
    """
    if fetching.save is None or not pages:
        return
    folder = str(fetching.save)
    if fetching.output is not None:
        report = os.path.realpath(fetching.output)
        if os.path.commonpath([report, os.path.realpath(folder)]) == report:
            raise UsageError(
                "is where --save keeps the pages of this run; write the report elsewhere",
                path=fetching.output,
            )
    home = os.path.abspath(folder)
    while not os.path.lexists(home):  # the folder is made when the first page is kept
        home = os.path.dirname(home)
    if not os.path.isdir(home):
        raise UsageError("cannot create the folder: a file is in its place", path=folder)
    if not os.access(home, os.W_OK | os.X_OK):
        raise UsageError(f"cannot be written: {home} is read-only", path=folder)
    for _, name in pages:
        for target in _page_files(folder, name):
            _refuse_clash(target, fetching.inputs, fetching.output)


def _page_files(folder: str, name: str) -> list[str]:
    return [os.path.join(folder, name + end) for end in (".html", ".txt", ".source.json")]


def _refuse_clash(target: str, inputs: list[str], output: str | None) -> None:
    refuse_to_overwrite(target, inputs, reader="the command")
    if output is not None and _same_place(output, target):
        raise UsageError(
            "is a file --save writes in this run; write the report elsewhere", path=output
        )


def _same_place(one: str, other: str) -> bool:
    from readout_diff.cli.output_files import resolve_output

    return resolve_output(one)[0] == resolve_output(other)[0]


def _save(
    fetched: "Fetched", name: str, folder: str, inputs: list[str], output: str | None
) -> None:
    """Write a fetched page into the --save folder, with where and when it came from."""
    import hashlib
    import json

    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder: {exc.strerror or exc}", path=folder) from None
    page = os.path.join(folder, name + (".html" if fetched.is_html else ".txt"))
    source = os.path.join(folder, name + ".source.json")
    for target in (page, source):
        _refuse_clash(target, inputs, output)
    record = {
        "url": fetched.url,
        "final_url": fetched.final_url,
        "fetched_at": fetched.fetched_at,
        "content_type": fetched.content_type,
        "charset": fetched.charset,
        "bytes": len(fetched.body),
        "sha256": hashlib.sha256(fetched.body).hexdigest(),
        "file": os.path.basename(page),
    }
    write_atomic(page, fetched.body)
    write_atomic(source, json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def load_sides(
    paths: list[str],
    names: list[str],
    labels: Sequence[str] = (),
    *,
    max_bytes: int,
    clauses: bool,
    fetching: Fetching | None = None,
    allow_outside: bool = False,
    command: str = "compare",
) -> tuple[list[Readout], str | None, dict[str, tuple[str, ...]], tuple[Decision, ...]]:
    from readout_diff.load import is_address, renamed

    fetching = fetching or Fetching(inputs=paths)
    if paths.count("-") <= 1 and fetching.inputs.count("-") > 1:
        raise UsageError(
            "standard input (-) can be read only once: by a readout, --aliases or --decisions"
        )

    if len(paths) == 1 and paths[0] != "-" and os.path.isdir(paths[0]):
        from readout_diff.folders import load_call

        call = load_call(
            paths[0], max_bytes=max_bytes, clauses=clauses, allow_outside=allow_outside
        )
        readouts = list(call.readouts)
        if names or labels:
            files = ", ".join(os.path.basename(r.path) for r in readouts)
            raise UsageError(
                f"--{'name' if names else 'label'} names readout files in the order given, but a"
                f" folder's sides come in its own order ({files}): name them in call.yaml"
                " (sides: file, name, label), or give the files themselves in your order",
                path=paths[0],
            )
        title = call.title
        aliases = dict(call.aliases)
        decisions = call.decisions
    else:
        single = paths[0] if len(paths) == 1 and paths[0] != "-" else None
        if single is not None and not is_address(single) and not os.path.lexists(single):
            raise InputError("no such file or directory", path=single)
        if len(paths) < 2:
            raise UsageError(
                f"{command} needs two or more readouts of the same call, or one call folder",
                path=paths[0] if paths else None,
            )
        for path in paths:
            if path != "-" and os.path.isdir(path):
                raise UsageError(
                    "is a directory; give readout files, or one call folder alone", path=path
                )
        if paths.count("-") > 1:
            raise UsageError("standard input (-) can be given only once")
        check_saves(planned_pages(paths, fetching), fetching)
        readouts = _distinct(
            [
                load_one(p, name=None, max_bytes=max_bytes, clauses=clauses, fetching=fetching)
                for p in paths
            ]
        )
        title, aliases, decisions = None, {}, ()
    for option, given in (("names", names), ("labels", labels)):
        if len(given) > len(readouts):
            raise UsageError(f"{len(given)} {option} given for {len(readouts)} sides")
    for k, given_name in enumerate(names):
        name, label = name_and_label(given_name)
        readouts[k] = renamed(readouts[k], name, label=label)
    for k, label in enumerate(labels):
        readouts[k] = renamed(readouts[k], label=" ".join(label.split()) or readouts[k].label)
    return readouts, title, aliases, decisions


def _distinct(readouts: list[Readout]) -> list[Readout]:
    """The same file given again is a side of its own, as ``diff a a`` compares a with itself:
    a later copy that would share the first one's name is named ``a-2`` (labelled ``a (2)``).
    """
    from readout_diff.load import renamed, same_file

    out: list[Readout] = []
    for readout in readouts:
        copies = [r for r in out if same_file([r.path, readout.path])]
        if copies and readout.name in {r.name for r in out}:
            n = len(copies) + 1
            readout = renamed(readout, f"{readout.name}-{n}", label=f"{readout.label} ({n})")
        out.append(readout)
    return out


def files_read(
    paths: Sequence[str], readouts: Sequence[Readout], given: Sequence[object], *, max_bytes: int
) -> list[str]:
    """Every file a comparison of ``paths`` reads, so that its report replaces none of them.

    That is each side's file, the files options name (``given``), and for a call folder its
    call.yaml, expect.yaml, decisions file and the files its call.yaml names.
    """
    from readout_diff.folders import (
        CALL_FILE,
        DECISIONS_FILE,
        EXPECT_FILE,
        input_files,
        read_call_meta,
    )

    files = [r.path for r in readouts if r.path]
    files += ["-"] if "-" in paths else []  # a file on standard input (< a.txt) is read too
    files += [str(p) for p in given if p is not None]
    if len(paths) == 1 and os.path.isdir(paths[0]):
        folder = paths[0]
        files += [os.path.join(folder, name) for name in (CALL_FILE, EXPECT_FILE, DECISIONS_FILE)]
        files += input_files(folder, max_bytes=max_bytes)
        own = read_call_meta(folder, max_bytes=max_bytes, allow_outside=True).decisions_file
        files += [own] if own else []
    return files
