"""``--output FILE``: the report goes to a file, whole or not at all, never over an input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import KREMLIN, WHITE_HOUSE, ctrl_c_while_reading_a_fifo, write
from typer.testing import CliRunner

from readout_diff.cli import app

OLD = "an older report, to be replaced whole or kept whole\n"
ESCAPE = re.compile(r"\x1b\[")


def run(runner: CliRunner, *args: str | Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".readout-diff-"))


def one_line_error(result, path: Path | str, message: str) -> None:  # type: ignore[no-untyped-def]
    """Exit 2, nothing on stdout, one line on stderr naming the file."""
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"readout-diff: error: {path}: "), lines
    assert message in lines[0]


def call_folder(root: Path) -> Path:
    """A call folder whose call.yaml names its sides, an aliases file and a decisions file."""
    folder = root / "oslo"
    folder.mkdir(parents=True)
    write(folder / "white-house.txt", WHITE_HOUSE)
    write(folder / "kremlin.txt", KREMLIN)
    write(folder / "_spellings.yaml", "kyiv: [Kiev]\n")
    write(folder / "_settled.yaml", "same: []\ndifferent: []\n")
    write(folder / "expect.yaml", "only: {}\n")
    write(
        folder / "call.yaml",
        "title: Oslo call\n"
        "sides:\n"
        "  - {file: white-house.txt, name: white-house}\n"
        "  - {file: kremlin.txt, name: kremlin}\n"
        "aliases: _spellings.yaml\n"
        "decisions: _settled.yaml\n",
    )
    return folder


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "terminal"])
def test_the_file_holds_what_stdout_would_and_stdout_stays_empty(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    shown = run(runner, "compare", *pair, "-f", fmt, "--width", "80")
    written = run(runner, "compare", *pair, "-f", fmt, "--width", "80", "-o", out)
    assert shown.exit_code == written.exit_code == 1  # the exit status is the comparison's
    assert written.stdout == "" and written.stderr == ""
    assert out.read_text(encoding="utf-8") == shown.stdout
    assert shown.stdout  # the comparison printed something to compare with


def test_claims_writes_its_listing_to_the_file(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "claims.json"
    result = run(runner, "claims", pair[1], "--format", "json", "--output", out)
    assert result.exit_code == 0 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["side"]["name"] == "kremlin" and len(data["side"]["claims"]) >= 4


def test_dash_is_standard_output(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    result = run(runner, "compare", *pair, "-f", "json", "-o", "-")
    assert json.loads(result.stdout)["schema_version"] == 1
    assert not Path("-").exists()


def test_a_file_is_replaced_whole_and_keeps_its_permissions(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    out = write(tmp_path / "report.md", OLD * 500)
    out.chmod(0o640)
    assert run(runner, "compare", *pair, "-f", "markdown", "-o", out).exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# readout-diff:") and OLD not in text
    assert out.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "victim",
    [
        "white-house.txt",
        "kremlin.txt",
        "call.yaml",
        "_spellings.yaml",
        "_settled.yaml",
        "expect.yaml",
    ],
)
def test_no_file_a_call_folder_reads_is_written_over(
    runner: CliRunner, tmp_path: Path, victim: str
) -> None:
    folder = call_folder(tmp_path)
    before = (folder / victim).read_bytes()
    result = run(runner, "compare", folder, "-o", folder / victim)
    one_line_error(result, folder / victim, "is a file the comparison reads")
    assert (folder / victim).read_bytes() == before
    assert leftovers(folder) == []


def test_a_call_folders_own_decisions_file_is_refused_without_a_call_yaml(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = call_folder(tmp_path)
    (folder / "call.yaml").unlink()
    (folder / "_spellings.yaml").unlink()
    (folder / "_settled.yaml").rename(folder / "decisions.yaml")
    result = run(runner, "compare", folder, "-o", folder / "decisions.yaml")
    one_line_error(result, folder / "decisions.yaml", "is a file the comparison reads")


def test_a_report_beside_the_readouts_in_the_call_folder_is_fine(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = call_folder(tmp_path)
    result = run(runner, "compare", folder, "-f", "json", "-o", folder / "report.json")
    assert result.exit_code == 1, result.stderr
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["title"] == "Oslo call"


@pytest.mark.parametrize("name", ["report.md", "report.txt"])
def test_a_report_the_next_compare_would_read_as_a_side_is_refused(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    folder = call_folder(tmp_path)
    result = run(runner, "compare", folder, "-f", "markdown", "-o", folder / name)
    one_line_error(result, folder / name, "is in the call folder being compared")
    assert not (folder / name).exists() and leftovers(folder) == []
    # beside the call folder it is written
    result = run(runner, "compare", folder, "-f", "markdown", "-o", tmp_path / name)
    assert result.exit_code == 1 and (tmp_path / name).is_file()


@pytest.mark.parametrize("option", ["--aliases", "--decisions"])
def test_no_file_an_option_names_is_written_over(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path, option: str
) -> None:
    text = "kyiv: [Kiev]\n" if option == "--aliases" else "same: []\n"
    given = write(tmp_path / "given.yaml", text)
    result = run(runner, "compare", *pair, option, given, "-o", given)
    one_line_error(result, given, "is a file the comparison reads")
    assert given.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("how", ["hard link", "symbolic link", "other spelling"])
def test_a_side_under_another_name_is_refused_too(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path, how: str
) -> None:
    if how == "hard link":
        alias = tmp_path / "alias.txt"
        os.link(pair[1], alias)
    elif how == "symbolic link":
        alias = tmp_path / "alias.txt"
        alias.symlink_to(pair[1])
    else:
        alias = tmp_path / "." / ".." / tmp_path.name / pair[1].name
    result = run(runner, "compare", *pair, "-o", alias)
    named = "" if how == "other spelling" else f" ({pair[1]})"  # the same path needs no name
    one_line_error(result, alias, f"is a file the comparison reads{named};")
    assert pair[1].read_text(encoding="utf-8") == KREMLIN


def test_claims_refuses_to_write_over_its_readout(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    result = run(runner, "claims", pair[0], "-o", pair[0])
    one_line_error(result, pair[0], "is a file the command reads")
    assert pair[0].read_text(encoding="utf-8") == WHITE_HOUSE


@pytest.mark.parametrize("where", ["folder", "folder/", "missing/report.txt"])
def test_a_folder_or_a_missing_folder_is_refused_before_any_work(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path, where: str
) -> None:
    (tmp_path / "folder").mkdir()
    target = f"{tmp_path}/{where}"
    missing = tmp_path / "not-a-readout.txt"  # the readouts are read only after the check
    result = run(runner, "compare", pair[0], missing, "-o", target)
    message = "folder does not exist" if "missing" in where else "names a directory"
    one_line_error(result, target, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder",
        "kremlin.txt",
        "white-house.txt",
    ]


def test_a_read_only_report_file_is_refused_rather_than_replaced(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    out = write(tmp_path / "report.txt", OLD)
    out.chmod(0o444)
    # Refused by its mode, even for root, whom os.access lets write anything (CI runs as root).
    result = run(runner, "compare", *pair, "-o", out)
    one_line_error(result, out, "cannot write: the file is read-only")
    assert out.read_text(encoding="utf-8") == OLD


def test_a_report_among_the_files_of_a_call_folder_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    call = tmp_path / "call"
    call.mkdir()
    a = write(call / "a.txt", "The ministers met in Bergen. Fishing quotas were discussed.")
    b = write(call / "b.txt", "The ministers met in Bergen.")
    write(call / "call.yaml", "sides:\n  - {file: a.txt}\n  - {file: b.txt}\n")
    out = call / "out.txt"
    result = run(runner, "compare", a, b, "-o", out)
    one_line_error(result, out, "is in the call folder of")
    assert not out.exists()
    beside = tmp_path / "out.txt"  # outside the call folder: written
    assert run(runner, "compare", a, b, "-o", beside).exit_code == 1 and beside.exists()
    plain = tmp_path / "loose"
    plain.mkdir()
    c, d = write(plain / "c.txt", a.read_text()), write(plain / "d.txt", b.read_text())
    # A folder that declares no call is just where files are: a report may go there.
    assert run(runner, "compare", c, d, "-o", plain / "report.txt").exit_code == 1


@pytest.mark.parametrize(
    ("failure", "code"), [(OSError(28, "No space left on device"), 2), (KeyboardInterrupt(), 130)]
)
def test_a_write_that_fails_or_is_interrupted_leaves_the_old_file_whole(
    runner: CliRunner,
    pair: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    code: int,
) -> None:
    out = write(tmp_path / "report.txt", OLD)

    def fail(source: str, target: str) -> None:
        assert Path(source).read_text(encoding="utf-8")  # the whole report was in the temp file
        raise failure

    monkeypatch.setattr(os, "replace", fail)  # the rename that would put the file in place
    result = run(runner, "compare", *pair, "-o", out)
    assert result.exit_code == code and result.stdout == ""
    if code == 2:
        assert (
            result.stderr == f"readout-diff: error: {out}: cannot write: No space left on device\n"
        )
    assert out.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_ctrl_c_in_a_real_process_writes_nothing(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    """Ctrl-C with half a readout read: the report file keeps what it held."""
    fifo = tmp_path / "slow.txt"
    out = write(tmp_path / "report.txt", OLD)
    done = ctrl_c_while_reading_a_fifo(
        fifo, "compare", fifo, pair[1], "-o", out, written=WHITE_HOUSE.encode()
    )
    assert done.returncode == 130, done.stderr
    assert done.stdout == b"" and b"Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_a_pipe_or_a_device_is_written_to_not_replaced(
    tmp_path: Path, pair: tuple[Path, Path]
) -> None:
    """A rename over /dev/stdout or a FIFO would replace it (as root, even /dev/null)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as pipe:
            got.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    command = [sys.executable, "-m", "readout_diff", "compare", *map(str, pair), "-f", "json"]
    done = subprocess.run(
        [*command, "-o", str(fifo)],
        capture_output=True,
        timeout=60,
    )
    reader.join(timeout=30)
    assert done.returncode == 1 and done.stdout == b"", done.stderr
    assert got and json.loads(got[0])["schema_version"] == 1
    assert fifo.is_fifo() and leftovers(tmp_path) == []


def test_the_terminal_report_in_a_file_is_what_a_pipe_gets_even_from_a_terminal(
    tmp_path: Path, pair: tuple[Path, Path]
) -> None:
    """Run at a pseudo-terminal: the screen gets colour; the file gets what stdout sent to a
    file gets (plain, unless asked for styles), byte for byte."""
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env["TERM"] = "xterm-256color"
    out, piped = tmp_path / "report.txt", tmp_path / "piped.txt"
    command = f"{sys.executable} -m readout_diff compare {pair[0]} {pair[1]}"

    def at_terminal(line: str) -> str:
        child = pexpect.spawn("sh", ["-c", line], env=env, dimensions=(50, 90), timeout=60)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 1
        return str(child.before.decode("utf-8"))

    assert ESCAPE.search(at_terminal(command))  # the same report on the terminal is styled
    for extra in ("", " --color always"):
        assert at_terminal(f"{command}{extra} -o {out}") == ""
        at_terminal(f"{command}{extra} > {piped}")
        text = out.read_text(encoding="utf-8")
        assert "Only in kremlin" in text and text == piped.read_text(encoding="utf-8")
        assert bool(ESCAPE.search(text)) == (extra != "")
