"""The check in a CI log (stdout not a terminal) and at a terminal, and its default --jobs."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from conftest import KREMLIN, WHITE_HOUSE, write

from readout_diff import check as check_module
from readout_diff.check import check_corpus, default_jobs

LONG = "2099-01-01-a-call-folder-name-far-longer-than-any-column-of-a-table-could-hold"
EXPECT = """only:
  kremlin: ["idea of hockey", "military aid"]
shared:
  - {white-house: "ending the war", kremlin: "prisoner exchange"}
"""


def corpus(root: Path) -> Path:
    for name in (LONG, "short"):
        folder = root / name
        folder.mkdir(parents=True)
        write(folder / "white-house.txt", WHITE_HOUSE)
        write(folder / "kremlin.txt", KREMLIN)
        write(folder / "expect.yaml", EXPECT)
    return root


def tool(*args: str) -> list[str]:
    return [sys.executable, "-m", "readout_diff", *args]


def test_a_log_has_one_record_a_line_whole_names_and_no_padding(tmp_path: Path) -> None:
    root = corpus(tmp_path / "corpus")
    env = {**os.environ, "COLUMNS": "80"}
    out = subprocess.run(
        tool("check", str(root)), capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 1 and out.stderr == ""
    lines = out.stdout.splitlines()
    assert not [line for line in lines if line != line.rstrip() or not line]
    assert "\x1b" not in out.stdout
    (row,) = [line for line in lines if line.startswith(LONG)]
    assert row.split() == [LONG, "5/4", "3", "2/1", "1", "2", "0.25"]
    header = next(line for line in lines if line.startswith("call "))
    assert len(header) == len(row)  # columns line up
    failures = [line for line in lines if line.startswith("failed: ")]
    assert len(failures) == 4 and all(len(line) > 80 for line in failures)
    hockey = f"failed: {LONG} only kremlin: 'idea of hockey' -- kremlin:5 was paired in p5"
    assert sum(line.startswith(hockey) for line in failures) == 1
    # Each failure ends with where its expectation is written, to fix it without a search.
    assert all(re.search(r" \(expect\.yaml:\d+\)$", line) for line in failures), failures
    # FORCE_COLOR, as many CI runners set it, leaves a log a log under --color never.
    forced = subprocess.run(
        tool("check", str(root), "--color", "never"),
        capture_output=True,
        text=True,
        env={**env, "FORCE_COLOR": "1"},
        check=False,
    )
    assert forced.stdout == out.stdout
    assert lines[-1].startswith("Corpus score: ")
    # grep finds every failure of a call by its name
    grep = [line for line in lines if "short" in line]
    assert len(grep) == 3 and grep[0].startswith("short ")


def read_pty(args: list[str], columns: int) -> str:
    """Run a command with stdout and stderr on a pseudo-terminal of ``columns`` columns."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**env, "TERM": "xterm"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def fragments(lines: list[str], name: str) -> list[str]:
    """The pieces a name is printed in, one a line, from the first line it starts on (in a
    table's column, a bullet or a line of its own)."""
    for k, line in enumerate(lines):
        words = line.replace("•", " ").split()
        if not words or not name.startswith(words[0]) or len(words[0]) < 5:
            continue
        pieces = [words[0]]
        for following in lines[k + 1 :]:
            if "".join(pieces) == name or len(pieces) > 20:
                break
            pieces.append(following.split()[0])
        assert "".join(pieces) == name, pieces
        return pieces
    raise AssertionError(f"{name} is not in the output")


def broken_at_hyphens(text: str, name: str) -> int:
    """Every place the name is printed, it is broken only after a hyphen; how many places."""
    lines = text.splitlines()
    found = 0
    while True:
        try:
            pieces = fragments(lines, name)
        except AssertionError:
            return found
        assert all(piece.endswith("-") for piece in pieces[:-1]), pieces
        found += 1
        start = next(k for k, line in enumerate(lines) if pieces[0] in line)
        lines = lines[start + len(pieces) :]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("columns", [80, 60])
def test_at_a_terminal_the_check_is_a_table_that_fits_it(tmp_path: Path, columns: int) -> None:
    root = corpus(tmp_path / "corpus")
    text = read_pty(tool("check", str(root), "--no-color"), columns)
    # what the progress bar leaves behind is cursor movement; the report follows it
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "")
    report = text[text.index("readout-diff check") :]
    lines = report.splitlines()
    assert "Failed expectations (4)" in report and "…" not in report
    assert max(len(line) for line in lines) <= columns
    # the long name wraps inside its column after its hyphens, not inside a word
    rule = next(k for k, line in enumerate(lines) if "─" * 40 in line)
    assert LONG not in report
    pieces = fragments(lines[rule + 1 :], LONG)
    assert len(pieces) > 1 and all(piece.endswith("-") for piece in pieces[:-1])
    assert lines[rule + 1 + len(pieces)].split() == ["short", "5/4", "3", "2/1", "1", "2", "0.25"]
    # and so it does in each failure that names it
    assert broken_at_hyphens(report, LONG) == 3


# A name of a word too long for the column beside the counts at any of these widths.
WORDY = "2099-02-02-telephoneconversationofthepresidents"


@pytest.mark.parametrize("columns", [80, 60, 44])
def test_a_call_name_is_never_broken_inside_a_word(tmp_path: Path, columns: int) -> None:
    import io

    from readout_diff.render.check_terminal import render_check
    from readout_diff.render.terminal import make_console

    root = corpus(tmp_path / "corpus")
    folder = root / WORDY
    folder.mkdir()
    for name in ("white-house.txt", "kremlin.txt", "expect.yaml"):
        (folder / name).write_bytes((root / "short" / name).read_bytes())
    out = io.StringIO()
    result = check_corpus(str(root))
    render_check(result, make_console(out, styles=False, width=columns, force_terminal=True))
    text = out.getvalue()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert broken_at_hyphens(text, LONG) == 3  # in the table, and in its two failures
    assert broken_at_hyphens(text, WORDY) == 3
    # the word that no column beside the counts could hold is shown whole on a line of its own
    (alone,) = [line for line in lines if line.startswith(WORDY[:20]) or line == WORDY[11:]]
    assert alone in (WORDY, WORDY[11:])
    (counts,) = [k for k, line in enumerate(lines) if line.startswith("short")]
    assert lines[counts + 1].split() == ["5/4", "3", "2/1", "1", "2", "0.25"]


def test_the_default_jobs_start_no_process_for_a_small_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corpus(tmp_path / "corpus")

    class NoPool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("a process pool was started for two calls")

    monkeypatch.setattr(check_module, "ProcessPoolExecutor", NoPool)
    assert [c.failed for c in check_corpus(str(root), jobs=None).calls] == [2, 2]
    with pytest.raises(AssertionError, match="pool was started"):
        check_corpus(str(root), jobs=2)


def test_default_jobs_grow_with_the_corpus_up_to_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert [default_jobs(n) for n in (0, 6, 11, 12, 30, 96, 1000)] == [1, 1, 1, 1, 2, 8, 8]
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert default_jobs(1000) == 1
