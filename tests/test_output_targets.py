"""Where a file output lands: a symlink's target, a FIFO or /dev/stdout as a stream, and never
a file the next run would read."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import KREMLIN, WHITE_HOUSE, write
from typer.testing import CliRunner

from readout_diff.cli import app

EXPECT = 'only:\n  kremlin: ["prisoner exchange"]\n'
COMMAND = [sys.executable, "-m", "readout_diff"]


def run(runner: CliRunner, *args: str | Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def corpus(root: Path) -> Path:
    """A corpus of one call folder, whose expectation holds."""
    call = root / "corpus" / "oslo"
    call.mkdir(parents=True)
    write(call / "white-house.txt", WHITE_HOUSE)
    write(call / "kremlin.txt", KREMLIN)
    write(call / "expect.yaml", EXPECT)
    return root / "corpus"


def one_line_error(result, path: Path | str, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2 and result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"readout-diff: error: {path}: "), lines
    assert message in lines[0]


def no_temporaries(*folders: Path) -> bool:
    return not any(p.name.startswith(".readout-diff-") for f in folders for p in f.iterdir())


@pytest.mark.parametrize("option", ["-o", "--junit", "--write-baseline"])
def test_a_symlink_stays_a_symlink_and_its_target_gets_the_output(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path, option: str
) -> None:
    elsewhere = tmp_path / "kept"
    elsewhere.mkdir()
    target = write(elsewhere / "out.txt", "an older output\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    if option == "-o":
        result = run(runner, "compare", *pair, "-f", "json", "-o", link)
        assert result.exit_code == 1, result.stderr
    else:
        result = run(runner, "check", corpus(tmp_path), "-f", "json", option, link)
        assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    text = target.read_text(encoding="utf-8")
    assert "an older output" not in text
    expected = {"-o": '"schema_version"', "--junit": "<testsuite", "--write-baseline": "failing"}
    assert expected[option] in text
    assert no_temporaries(tmp_path, elsewhere)


def test_a_link_to_a_link_in_a_linked_folder_is_followed_to_the_end(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = write(real / "report.md", "old\n")
    (tmp_path / "via").symlink_to(real)
    first = tmp_path / "first.md"
    first.symlink_to(tmp_path / "via" / "report.md")
    second = tmp_path / "second.md"
    second.symlink_to("first.md")
    assert run(runner, "compare", *pair, "-f", "markdown", "-o", second).exit_code == 1
    assert second.is_symlink() and first.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# readout-diff:")


def _read_fifo(fifo: Path, got: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as pipe:
            got.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("option", ["--junit", "--write-baseline"])
def test_a_fifo_gets_the_check_output_as_a_stream_and_stays_a_fifo(
    tmp_path: Path, option: str
) -> None:
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    done = subprocess.run(
        [*COMMAND, "check", str(corpus(tmp_path)), "-f", "json", option, str(fifo)],
        capture_output=True,
        timeout=120,
    )
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert got and (b"<testsuite" if option == "--junit" else b"failing") in got[0]
    assert fifo.is_fifo() and no_temporaries(tmp_path)


def test_a_descriptor_path_is_written_as_a_stream(tmp_path: Path) -> None:
    """What ``--junit >(wc -c)`` passes: /dev/fd/N, a pipe this process holds open."""
    read_end, write_end = os.pipe()
    try:
        done = subprocess.run(
            [
                *COMMAND,
                "check",
                str(corpus(tmp_path)),
                "-f",
                "json",
                "--junit",
                f"/dev/fd/{write_end}",
            ],
            capture_output=True,
            timeout=120,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            xml = pipe.read()
    finally:
        for fd in (read_end, write_end):
            with contextlib.suppress(OSError):
                os.close(fd)
    assert done.returncode == 0, done.stderr
    assert xml.startswith(b"<?xml") and b"<testsuite" in xml


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout here")
def test_dev_stdout_appended_to_a_file_keeps_the_link_and_the_earlier_lines(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    """``compare a b -o /dev/stdout >> out.txt``: os.stat sees a regular file, yet the report
    is written into stdout where it stands, after what out.txt held, and /dev/stdout stays."""
    before = os.lstat("/dev/stdout")
    out = write(tmp_path / "out.txt", "an earlier line\n")
    with open(out, "ab") as append:
        done = subprocess.run(
            [*COMMAND, "compare", *map(str, pair), "-f", "json", "-o", "/dev/stdout"],
            stdout=append,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert done.returncode == 1, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("an earlier line\n")
    assert json.loads(text.split("\n", 1)[1])["schema_version"] == 1
    after = os.lstat("/dev/stdout")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout here")
@pytest.mark.parametrize("option", ["--junit", "--write-baseline"])
def test_check_writes_to_dev_stdout_when_it_is_a_pipe(tmp_path: Path, option: str) -> None:
    before = os.lstat("/dev/stdout")
    done = subprocess.run(
        [*COMMAND, "check", str(corpus(tmp_path)), "-f", "json", option, "/dev/stdout"],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (b"<testsuite" if option == "--junit" else b"failing") in done.stdout
    assert os.lstat("/dev/stdout").st_ino == before.st_ino


def call_folder(root: Path) -> Path:
    folder = root / "call"
    (folder / "notes").mkdir(parents=True)
    write(folder / "white-house.txt", WHITE_HOUSE)
    write(folder / "kremlin.txt", KREMLIN)
    return folder


def test_a_report_reached_through_a_linked_folder_is_still_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """``-o /tmp/s/../report.txt`` with /tmp/s a link into the call folder lands in it."""
    folder = call_folder(tmp_path)
    (tmp_path / "s").symlink_to(folder / "notes")
    target = f"{tmp_path / 's'}/../report.txt"
    result = run(runner, "compare", folder, "-f", "markdown", "-o", target)
    one_line_error(result, target, "would read it as a readout")
    assert not (folder / "report.txt").exists()


@pytest.mark.parametrize("name", ["call.yaml", "decisions.yaml", "expect.yaml"])
def test_a_report_named_as_a_file_the_next_compare_reads_is_refused(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    folder = call_folder(tmp_path)
    result = run(runner, "compare", folder, "-f", "json", "-o", folder / name)
    one_line_error(result, folder / name, f"would read it as its {name}")
    assert not (folder / name).exists()


@pytest.mark.parametrize(
    ("option", "where", "what"),
    [
        ("--junit", "oslo/junit.md", "a readout"),
        ("--junit", "oslo/decisions.yaml", "its decisions.yaml"),
        ("--write-baseline", "oslo/call.yaml", "its call.yaml"),
        ("--junit", "notes/junit.txt", "a readout"),
    ],
)
def test_check_refuses_an_output_the_next_check_would_read(
    runner: CliRunner, tmp_path: Path, option: str, where: str, what: str
) -> None:
    root = corpus(tmp_path)
    (root / "notes").mkdir()
    result = run(runner, "check", root, "-f", "json", option, root / where)
    one_line_error(result, root / where, f"would read it as {what}")
    assert not (root / where).exists()


def test_check_refuses_a_new_expect_yaml_as_the_baseline(runner: CliRunner, tmp_path: Path) -> None:
    root = corpus(tmp_path)
    (root / "kyiv").mkdir()
    write(root / "kyiv" / "a.txt", WHITE_HOUSE)
    write(root / "kyiv" / "b.txt", KREMLIN)
    result = run(runner, "check", root, "--write-baseline", root / "kyiv" / "expect.yaml")
    one_line_error(result, root / "kyiv" / "expect.yaml", "would read it as its expect.yaml")
    # beside the corpus it is written
    assert run(runner, "check", root, "--junit", tmp_path / "junit.md").exit_code == 0


# --- standard input is a file read too ----------------------------------------------------


def run_with_stdin(stdin: Path, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    with open(stdin, "rb") as given:
        return subprocess.run(
            [*COMMAND, *map(str, args)], stdin=given, capture_output=True, timeout=120
        )


def one_line_failure(done: subprocess.CompletedProcess[bytes], path: Path, message: str) -> None:
    assert done.returncode == 2 and done.stdout == b"", done.stderr
    lines = done.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"readout-diff: error: {path}: "), lines
    assert message in lines[0] and "Traceback" not in lines[0]


@pytest.mark.parametrize("via", ["itself", "a link"])
def test_the_file_on_standard_input_is_never_the_report(
    pair: tuple[Path, Path], tmp_path: Path, via: str
) -> None:
    """``compare - b.txt -o a.txt < a.txt``: the side read through ``-`` is a.txt."""
    wh, kr = pair
    target = wh
    if via == "a link":
        target = tmp_path / "report.txt"
        target.symlink_to(wh)
    done = run_with_stdin(wh, "compare", "-", kr, "-f", "json", "-o", target)
    one_line_failure(done, target, "is a file the comparison reads (standard input)")
    assert wh.read_text(encoding="utf-8") == WHITE_HOUSE


def test_claims_of_standard_input_are_never_written_over_it(pair: tuple[Path, Path]) -> None:
    done = run_with_stdin(pair[0], "claims", "-", "-f", "json", "-o", pair[0])
    one_line_failure(done, pair[0], "(standard input)")
    assert pair[0].read_text(encoding="utf-8") == WHITE_HOUSE


def test_another_file_on_standard_input_leaves_the_report_free(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    out = write(tmp_path / "report.json", "old\n")
    done = run_with_stdin(pair[0], "compare", "-", pair[1], "-f", "json", "-o", out)
    assert done.returncode == 1, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == 1


@pytest.mark.parametrize("option", ["--junit", "--write-baseline"])
def test_check_never_writes_over_the_aliases_read_on_standard_input(
    tmp_path: Path, option: str
) -> None:
    aliases = write(tmp_path / "spellings.yaml", "kyiv: [Kiev]\n")
    done = run_with_stdin(aliases, "check", corpus(tmp_path), "--aliases", "-", option, aliases)
    one_line_failure(done, aliases, "(standard input)")
    assert aliases.read_text(encoding="utf-8") == "kyiv: [Kiev]\n"


def test_compare_never_writes_over_the_decisions_read_on_standard_input(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    settled = write(tmp_path / "settled.yaml", "same: []\ndifferent: []\n")
    done = run_with_stdin(settled, "compare", *pair, "--decisions", "-", "-o", settled)
    one_line_failure(done, settled, "(standard input)")
    assert settled.read_text(encoding="utf-8") == "same: []\ndifferent: []\n"


def test_standard_input_is_read_once_only(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """A second ``-`` would read nothing, silently: it is refused, as two sides ``-`` are."""
    aliases = write(tmp_path / "spellings.yaml", "kyiv: [Kiev]\n")
    done = run_with_stdin(aliases, "compare", "-", pair[1], "--aliases", "-")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "readout-diff: error: standard input (-) can be read only once: by a readout,"
        " --aliases or --decisions"
    ]


# --- what a call.yaml names is an input, even when the call.yaml is invalid ---------------


BROKEN_CALLS = {
    "a syntax error": "title: [unclosed\nsides:\n  - file: ../_shared/wh.txt\n  - kremlin.txt\n",
    "a merge key": "base: &b {file: kremlin.txt}\nsides:\n  - file: ../_shared/wh.txt\n  - <<: *b\n",
    "sides as a mapping": "sides: {wh: ../_shared/wh.txt, kr: kremlin.txt}\n",
    "a side that is a list": "sides:\n  - [../_shared/wh.txt]\n  - kremlin.txt\n",
    "a duplicate key": "sides:\n  - file: ../_shared/wh.txt\n  - kremlin.txt\nsides: []\n",
    "an unknown key": "sides:\n  - {file: '../_shared/wh.txt', colour: red}\n  - kremlin.txt\n",
    "a quoted name with spaces": 'sides: ["../_shared/white house.txt", "kremlin.txt"] x\n',
}


@pytest.mark.parametrize("broken", sorted(BROKEN_CALLS))
@pytest.mark.parametrize("option", ["--junit", "--write-baseline"])
def test_an_invalid_call_yaml_still_protects_the_files_it_names(
    runner: CliRunner, tmp_path: Path, broken: str, option: str
) -> None:
    root = corpus(tmp_path)
    shared = root / "_shared"  # a folder of the corpus that is not a call
    shared.mkdir()
    name = "white house.txt" if "spaces" in broken else "wh.txt"
    side = write(shared / name, WHITE_HOUSE)
    write(root / "oslo" / "call.yaml", BROKEN_CALLS[broken])
    result = run(runner, "check", root, "-f", "json", option, side)
    one_line_error(result, side, "is a file the check reads")
    assert side.read_text(encoding="utf-8") == WHITE_HOUSE


def test_a_file_an_invalid_call_yaml_does_not_name_is_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = corpus(tmp_path)
    write(root / "oslo" / "call.yaml", "title: [unclosed\nsides:\n  - kremlin.txt\n")
    junit = write(tmp_path / "data.txt", "old\n")  # not named: 'a.txt' in 'data.txt' is not
    result = run(runner, "check", root, "--junit", junit)
    assert result.exit_code == 2, result.stderr
    assert "<testsuite" in junit.read_text(encoding="utf-8")


# --- check's outputs are checked before the check runs -------------------------------------


@pytest.mark.parametrize("option", ["--junit", "--write-baseline"])
@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.xml", "cannot write: its folder does not exist"),
        ("folder", "names a directory"),
        ("folder/", "names a directory"),
        ("new/", "names a directory"),
        ("readonly.xml", "cannot write: the file is read-only"),
    ],
)
def test_a_check_output_that_cannot_be_written_is_refused_before_the_check(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    where: str,
    message: str,
) -> None:
    import readout_diff.check

    root = corpus(tmp_path)
    (tmp_path / "folder").mkdir()
    readonly = write(tmp_path / "readonly.xml", "old\n")
    readonly.chmod(0o444)
    real = os.access
    # As its owner sees it: root may write anywhere, and these tests may run as root.
    monkeypatch.setattr(os, "access", lambda p, mode: real(p, mode) and Path(p) != readonly)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the check ran")

    monkeypatch.setattr(readout_diff.check, "check_corpus", never)
    target = f"{tmp_path}/{where}"
    result = run(runner, "check", root, option, target)
    one_line_error(result, target, message)
    assert readonly.read_text(encoding="utf-8") == "old\n"
    assert not (tmp_path / "new").exists()


# --- review's skip file is an output too ---------------------------------------------------


def review_call(root: Path) -> Path:
    from test_review import NORTH, SOUTH

    folder = root / "oslo"
    folder.mkdir()
    write(folder / "north.txt", NORTH)
    write(folder / "south.txt", SOUTH)
    write(folder / "call.yaml", "sides:\n  - north.txt\n  - south.txt\n")
    return folder


def spawn_review(root: Path, *args: str):  # type: ignore[no-untyped-def]
    """``readout-diff review ARGS`` in ``root`` through a pseudo-terminal of 80 columns."""
    pexpect = pytest.importorskip("pexpect")
    return pexpect.spawn(
        sys.executable, ["-m", "readout_diff", "review", *args], cwd=str(root),
        env={**os.environ, "NO_COLOR": "1", "TERM": "xterm"},
        dimensions=(40, 80), encoding="utf-8", timeout=20,
    )  # fmt: skip


def refused(child) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines a review that refuses to start prints, once it has exited with status 2."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    lines: list[str] = child.before.replace("\r", "").splitlines()
    assert child.exitstatus == 2, lines
    return lines


@pytest.mark.parametrize(
    "how",
    [
        "a side given by name",
        "a link to a side",
        "a link to a new expect.yaml",
        "a link to call.yaml",
        "a link to the decisions file",
        "a link to the aliases file",
    ],
)
def test_the_skip_file_is_never_a_file_the_review_reads(tmp_path: Path, how: str) -> None:
    """Skipped verdicts go to ``.NAME.skipped`` beside the decisions file, links followed."""
    folder = review_call(tmp_path)
    write(tmp_path / "spellings.yaml", "panel: [board]\n")
    skips = folder / ".decisions.yaml.skipped"
    args = ["review", "oslo", "--decisions", "oslo/decisions.yaml"]
    if how == "a side given by name":
        skips.write_bytes((folder / "north.txt").read_bytes())
        args = ["review", "oslo/.decisions.yaml.skipped", "oslo/south.txt"]
        args += ["--decisions", "oslo/decisions.yaml"]
    else:
        target = {
            "a link to a side": "north.txt",
            "a link to a new expect.yaml": "expect.yaml",
            "a link to call.yaml": "call.yaml",
            "a link to the decisions file": "decisions.yaml",
            "a link to the aliases file": "../spellings.yaml",
        }[how]
        skips.symlink_to(target)
        args += ["--aliases", "spellings.yaml"] if "aliases" in how else []
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.exists()}
    lines = refused(spawn_review(tmp_path, *args[1:]))
    assert lines == [
        "readout-diff: error: oslo/.decisions.yaml.skipped: is a file the review reads"
        + lines[0].split("reads", 1)[1]
    ]
    assert "where skipped verdicts would go; give --decisions FILE elsewhere" in lines[0]
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.exists()}
    assert after == before and not (folder / "expect.yaml").exists()


def test_review_reads_no_aliases_from_standard_input(tmp_path: Path) -> None:
    """Standard input is the terminal the answers come from: ``--aliases -`` would wait on it."""
    review_call(tmp_path)
    assert refused(spawn_review(tmp_path, "oslo", "--aliases", "-")) == [
        "readout-diff: error: review reads your answers from standard input, so --aliases"
        " cannot; give it a file"
    ]


# --- outputs that are one another --------------------------------------------------------


@pytest.mark.parametrize("how", ["a link", "a linked folder"])
def test_junit_and_the_baseline_are_never_one_file(
    runner: CliRunner, tmp_path: Path, how: str
) -> None:
    """``--junit`` and ``--write-baseline`` through a link to one file: each would replace the
    other, and --baseline would read JUnit XML next time."""
    root = corpus(tmp_path)
    baseline = tmp_path / "known.yaml"
    if how == "a link":
        junit = tmp_path / "junit.xml"
        junit.symlink_to(baseline.name)
    else:
        (tmp_path / "here").symlink_to(tmp_path)
        junit = tmp_path / "here" / "known.yaml"
    result = run(runner, "check", root, "--junit", junit, "--write-baseline", baseline)
    one_line_error(result, junit, "--junit and --write-baseline name the same file")
    assert not baseline.exists()


def test_review_never_writes_decisions_where_the_next_compare_reads_a_readout(
    tmp_path: Path,
) -> None:
    """A decisions file named like a readout in the call folder: the next compare would read
    it as one (or refuse it as a file call.yaml does not list)."""
    folder = review_call(tmp_path)
    assert refused(spawn_review(tmp_path, "oslo", "--decisions", "oslo/answers.yaml")) == [
        "readout-diff: error: oslo/answers.yaml: is in the call folder being reviewed, where the"
        " next compare would read it as a readout; write the decisions elsewhere"
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["call.yaml", "north.txt", "south.txt"]


def test_review_writes_the_decisions_file_its_call_yaml_names_in_the_folder(
    tmp_path: Path,
) -> None:
    pexpect = pytest.importorskip("pexpect")
    folder = review_call(tmp_path)
    write(folder / "answers.yaml", "same: []\ndifferent: []\n")
    write(folder / "call.yaml", "sides:\n  - north.txt\n  - south.txt\ndecisions: answers.yaml\n")
    child = spawn_review(tmp_path, "oslo")
    child.expect_exact("answers go to oslo/answers.yaml")
    child.expect(r"\[[a-z?,]+\] ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_review_refuses_a_decisions_path_ending_in_a_slash(tmp_path: Path) -> None:
    """``--decisions new/`` names a folder, as ``-o new/`` does: refused before any question."""
    review_call(tmp_path)
    assert refused(spawn_review(tmp_path, "oslo", "--decisions", "new/")) == [
        "readout-diff: error: new/: is a directory; --decisions names a file"
    ]
    assert not (tmp_path / "new").exists()


def test_standard_output_sent_to_a_file_read_is_refused_and_the_file_kept(
    tmp_path: Path,
) -> None:
    a = write(tmp_path / "a.txt", WHITE_HOUSE)
    b = write(tmp_path / "b.txt", KREMLIN)
    for args in (["claims", str(a)], ["compare", str(a), str(b), "-f", "json"]):
        with a.open("ab") as appended:
            done = subprocess.run(
                [sys.executable, "-m", "readout_diff", *args],
                stdout=appended,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"readout-diff: error: standard output is {a}, a file")
        assert a.read_text(encoding="utf-8") == WHITE_HOUSE


def test_claims_will_not_write_a_readout_into_the_call_folder_it_reads(
    runner: CliRunner, tmp_path: Path
) -> None:
    call = tmp_path / "call"
    call.mkdir()
    write(call / "kremlin.txt", KREMLIN)
    write(call / "white-house.txt", WHITE_HOUSE)
    write(call / "call.yaml", "sides:\n  - white-house.txt\n  - kremlin.txt\n")
    result = runner.invoke(app, ["claims", str(call / "kremlin.txt"), "-o", str(call / "new.txt")])
    assert result.exit_code == 2 and "read it as a readout" in result.stderr, result.stderr
    assert sorted(p.name for p in call.iterdir()) == ["call.yaml", "kremlin.txt", "white-house.txt"]
    done = runner.invoke(app, ["compare", str(call)])
    assert done.exit_code == 1, done.stderr
