"""Readouts named on the command line: files, standard input, or addresses to fetch and keep."""

import os
from pathlib import Path
from typing import TYPE_CHECKING

from readout_diff.cli.output import refuse_to_overwrite, write_atomic
from readout_diff.errors import UsageError
from readout_diff.model import Readout

if TYPE_CHECKING:
    from readout_diff.fetch import Fetched

DEFAULT_TIMEOUT = 20.0  # fetch.DEFAULT_TIMEOUT, without importing the network code at start-up


class Fetching:
    """How addresses are fetched and kept: the timeout, the --save folder, the files read."""

    def __init__(
        self, *, timeout: float = DEFAULT_TIMEOUT, save: Path | None = None, inputs: list[str]
    ) -> None:
        self.timeout = timeout
        self.save = save
        self.inputs = inputs
        self.names: set[str] = set()


def load_one(
    path: str, *, name: str | None, max_bytes: int, clauses: bool, fetching: Fetching
) -> Readout:
    """A readout from a file, stdin or an address; a fetched page is kept if asked."""
    from readout_diff.fetch import is_address, side_name
    from readout_diff.load import load_address, load_readout

    if not is_address(path):
        return load_readout(path, name=name, max_bytes=max_bytes, clauses=clauses, pipes=True)
    if name is None:
        # Two pages of one site (a readout and a briefing) get the site's name, then -2, -3.
        name = base = side_name(path)
        number = 1
        while name in fetching.names:
            number += 1
            name = f"{base}-{number}"
    fetching.names.add(name)
    readout, fetched = load_address(
        path, name=name, max_bytes=max_bytes, clauses=clauses, timeout=fetching.timeout
    )
    if fetching.save is not None:
        _save(fetched, readout.name, str(fetching.save), fetching.inputs)
    return readout


def _save(fetched: "Fetched", name: str, folder: str, inputs: list[str]) -> None:
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
        refuse_to_overwrite(target, inputs)
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
