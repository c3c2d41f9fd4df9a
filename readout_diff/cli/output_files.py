"""Files a command writes (reports, JUnit XML, baselines, decisions, fetched pages): where a
path leads, written whole or as a stream, and never over a file the command reads.
"""

import contextlib
import os
import sys
from collections.abc import Sequence

from readout_diff.cli.output import cannot_write
from readout_diff.errors import UsageError


def refuse_to_overwrite(output: str, inputs: Sequence[str], *, reader: str = "the check") -> None:
    """Stop before an output file would replace one of the files being read.

    ``-`` among the inputs is standard input: when it is a regular file (``< a.txt``), that
    file is read too, so an output that is it (links followed) is refused as well.
    """
    from readout_diff.load import same_file

    for path in inputs:
        if path == "-":
            if (stdin := stdin_file()) is not None and _identity(output) == stdin:
                raise UsageError(
                    f"is a file {reader} reads (standard input); write the report elsewhere",
                    path=output,
                )
        elif same_file([path, output]):
            also = "" if os.path.abspath(path) == os.path.abspath(output) else f" ({path})"
            raise UsageError(
                f"is a file {reader} reads{also}; write the report elsewhere", path=output
            )


def refuse_stdout_over(inputs: Sequence[str], *, reader: str) -> None:
    """Stop before the report goes to standard output when that is one of the files read
    (``>> kremlin.txt``, ``1<> kremlin.txt``): the shell opened it, the tool would write it.
    """
    out = stdout_file()
    if out is None:
        return
    for path in inputs:
        if path != "-" and _identity(path) == out:
            raise UsageError(
                f"standard output is {path}, a file {reader} reads; send the report elsewhere"
            )


def stdout_file() -> tuple[int, int] | None:
    """The (device, inode) of the regular file standard output goes to, if it is one."""
    return _regular_file(sys.stdout)


def stdin_file() -> tuple[int, int] | None:
    """The (device, inode) of the regular file on standard input (``< a.txt``), if it is one."""
    return _regular_file(sys.stdin)


def _regular_file(stream: object) -> tuple[int, int] | None:
    import stat

    try:
        info = os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # closed, or replaced by an object
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def output_file(path: str | None) -> str | None:
    """The file ``--output`` names, checked before any work: None (or ``-``) is stdout."""
    if path is None or path == "-":
        return None
    check_writable(path)
    return path


def check_writable(path: str) -> None:
    """Refuse, before any work, a file output that could not be written: a directory (or a
    path ending in ``/``), a path whose folder does not exist, a read-only file."""
    check_output_path(path)
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise UsageError("cannot write: its folder does not exist", path=path)
    # A rename would replace a file its owner made read-only; say so, as a plain write would.
    if os.path.exists(path) and read_only(path):
        raise UsageError("cannot write: the file is read-only", path=path)


def read_only(path: str) -> bool:
    """Whether a file or folder may not be written: by its mode too, which says so even to
    root, whom os.access lets write anything."""
    return not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222


def resolve_output(path: str) -> tuple[str, bool]:
    """Where writing ``path`` lands, and whether as a stream rather than a file made anew.

    A symlink is followed, link by link (through linked folders too), so that its target is
    written and the link itself stays. A path through /dev or /proc (/dev/stdout, /dev/fd/N,
    /proc/self/fd/N), or one that ends at anything but a regular file (a FIFO, a device), is
    a stream: a file renamed over it would replace it.
    """
    import stat

    current = os.path.abspath(path)
    for _ in range(40):  # as many links as the system itself follows
        folder, name = os.path.split(current)
        current = os.path.join(os.path.realpath(folder), name)
        if current.startswith(("/dev/", "/proc/")):
            return current, True
        if not os.path.islink(current):
            break
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    try:
        return current, not stat.S_ISREG(os.stat(current).st_mode)
    except OSError:
        return current, False  # no such file yet: one is made


def write_atomic(path: str, text: str | bytes) -> None:
    """Write a file so that an interrupted run leaves the old one whole: temp file, then rename.

    The rename happens where the path leads (``resolve_output``): a symlink keeps linking to
    the file written; a pipe or a device (/dev/stdout, a FIFO) is written to as a stream.
    Text is written as UTF-8; bytes (a fetched page) as they are.
    """
    import tempfile

    data = text if isinstance(text, bytes) else text.encode("utf-8")
    where, stream = resolve_output(path)
    if stream:
        try:
            fd = _descriptor(where)
            if fd is None:
                with open(where, "wb") as out:
                    out.write(data)
            else:  # one of ours: written where it stands (``>> log`` appends), not reopened
                _write_all(fd, data)
        except OSError as exc:
            raise cannot_write(exc, path) from None
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=".readout-diff-", dir=os.path.dirname(where))
    except OSError as exc:
        raise cannot_write(exc, path) from None
    try:
        with os.fdopen(handle, "wb") as raw:
            raw.write(data)
        os.chmod(temporary, mode_for(where))
        os.replace(temporary, where)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise cannot_write(exc, path) from None
        raise


def _descriptor(where: str) -> int | None:
    """The open file descriptor a /dev or /proc path names in this process, if any."""
    import re

    named = {"/dev/stdout": 1, "/dev/stderr": 2}.get(where)
    found = re.fullmatch(rf"/(?:dev/fd|proc/(?:self|{os.getpid()})/fd)/(\d+)", where)
    fd = named if named is not None else int(found.group(1)) if found else None
    if fd is None:
        return None
    try:
        os.fstat(fd)
    except OSError:
        return None
    return fd


def _write_all(fd: int, data: bytes) -> None:
    if fd == 1:
        sys.stdout.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_report(path: str, data: bytes) -> None:
    """Write a report to ``--output``: a file whole or not at all, a pipe as a stream."""
    write_atomic(path, data)


def check_output_path(path: str) -> None:
    """Refuse a report path that names a directory: ``DIR/`` is one even if it does not exist."""
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        raise UsageError("names a directory; give a file name for the report", path=path)


def mode_for(path: str) -> int:
    """The old file's permissions, or what a new file gets under the current umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
