"""Bad input never crashes the tool or leaks into its output: errors, escaping, invariants."""

from __future__ import annotations

import bisect
import builtins
import contextlib
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import KREMLIN, ROOT, WHITE_HOUSE, ctrl_c_while_reading_a_fifo, write
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import readout_diff.load as load_module
from readout_diff.cli import app
from readout_diff.errors import InputError, printable
from readout_diff.folders import load_call
from readout_diff.load import readout_from_text, readout_from_yaml
from readout_diff.render.as_json import claims_to_dict, dumps, report_to_dict
from readout_diff.render.as_markdown import render_markdown
from readout_diff.render.claims_terminal import render_claims
from readout_diff.render.terminal import make_console, render_terminal
from readout_diff.report import compare
from readout_diff.segment import segment

TRUMP_PUTIN = ROOT / "readouts" / "2025-03-18-trump-putin"
CAMP_DAVID = ROOT / "readouts" / "2023-08-18-camp-david-trilateral"


# --- helpers ---------------------------------------------------------------------------


def invoke(runner: CliRunner, *args: str | Path, input: bytes | str | None = None) -> Result:
    """Run the command line in this process."""
    return runner.invoke(app, [str(a) for a in args], input=input)


def assert_one_line_error(result: Result, *fragments: str) -> str:
    """Exit 2, nothing on stdout, one ``readout-diff: error:`` line holding every fragment."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("readout-diff: error: "), line
    assert "internal error" not in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def snapshot(*paths: Path) -> dict[Path, tuple[bytes, int]]:
    """Bytes and modification time of each file, to show the tool left them alone."""
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """A good readout to compare a bad one with."""
    return write(tmp_path / "kremlin.txt", KREMLIN)


def compare_error(runner: CliRunner, bad: Path, other: Path, *fragments: str) -> str:
    """Compare a bad file with a good one as JSON: a one-line error, both files untouched."""
    before = snapshot(bad, other)
    line = assert_one_line_error(invoke(runner, "compare", bad, other, "-f", "json"), *fragments)
    assert snapshot(bad, other) == before
    return line


# --- files that cannot be read ---------------------------------------------------------


def test_a_path_that_does_not_exist(runner: CliRunner, tmp_path: Path, other: Path) -> None:
    missing = tmp_path / "missing.txt"
    before = snapshot(other)
    line = assert_one_line_error(
        invoke(runner, "compare", missing, other, "-f", "json"), str(missing)
    )
    assert line.endswith("no such file or directory")
    assert_one_line_error(invoke(runner, "claims", missing), str(missing), "no such file")
    assert_one_line_error(invoke(runner, "check", tmp_path / "nope"), "nope", "no such directory")
    assert snapshot(other) == before


def test_a_directory_where_a_file_is_expected(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    assert_one_line_error(
        invoke(runner, "claims", folder, "-f", "json"), str(folder), "is a directory"
    )
    write(tmp_path / "b.txt", KREMLIN)
    assert_one_line_error(
        invoke(runner, "compare", folder, tmp_path / "b.txt", "-f", "json"),
        str(folder),
        "is a directory",
    )


def test_a_file_where_a_directory_is_expected(runner: CliRunner, other: Path) -> None:
    before = snapshot(other)
    assert_one_line_error(
        invoke(runner, "check", other, "-f", "json"), str(other), "is a file; check takes a folder"
    )
    assert snapshot(other) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_an_unreadable_file(runner: CliRunner, tmp_path: Path, other: Path) -> None:
    secret = write(tmp_path / "secret.txt", WHITE_HOUSE)
    secret.chmod(0)
    try:
        compare_error(runner, secret, other, f"{secret}: cannot be read: Permission denied")
    finally:
        secret.chmod(0o600)


def test_an_unreadable_file_even_as_root(
    runner: CliRunner, tmp_path: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = write(tmp_path / "secret.txt", WHITE_HOUSE)
    real_open = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path) == str(secret):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(load_module.os, "open", refuse)
    compare_error(runner, secret, other, f"{secret}: cannot be read: Permission denied")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf", "is empty"),
        (b" \n\t\r\n  \n", "holds only whitespace"),
        (b"\xff\xfe" + " \n \n".encode("utf-16-le"), "holds only whitespace"),
    ],
)
def test_empty_and_whitespace_only_files(
    runner: CliRunner, tmp_path: Path, other: Path, content: bytes, message: str
) -> None:
    bad = write(tmp_path / "white-house.txt", content)
    compare_error(runner, bad, other, f"{bad}: {message}")


def test_nul_bytes(runner: CliRunner, tmp_path: Path, other: Path) -> None:
    bad = write(tmp_path / "white-house.txt", b"The leaders met.\nThey \x00agreed.\n")
    compare_error(runner, bad, other, f"{bad}:2:6: looks binary (a NUL byte at offset 22)")


def test_invalid_utf8_names_the_byte_offset(runner: CliRunner, tmp_path: Path, other: Path) -> None:
    bad = write(tmp_path / "white-house.txt", "Они встретились.\nИ ".encode() + b"\xff ok.")
    offset = len("Они встретились.\nИ ".encode())
    compare_error(runner, bad, other, f"{bad}:2:3: not valid UTF-8 (byte 0xff at offset {offset})")
    # Latin-1 (a common mistake): refused, not read as mojibake.
    latin = write(tmp_path / "latin.txt", "Le président a parlé.".encode("latin-1"))
    compare_error(runner, latin, other, f"{latin}:1:6: not valid UTF-8 (byte 0xe9 at offset 5)")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_with_a_bom_is_decoded(
    runner: CliRunner, tmp_path: Path, other: Path, codec: str
) -> None:
    text = "Readout\r\n\r\nОни поговорили в Женеве. Они договорились о мире.\r\n"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path = write(tmp_path / "side.txt", data)
    before = snapshot(path)
    result = invoke(runner, "claims", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["side"]["claims"]
    assert [c["text"] for c in claims] == ["Они поговорили в Женеве.", "Они договорились о мире."]
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["text"]
    assert invoke(runner, "compare", path, other, "-f", "json").exit_code == 1
    assert snapshot(path) == before


def test_utf16_with_a_broken_code_unit_is_refused(
    runner: CliRunner, tmp_path: Path, other: Path
) -> None:
    bad = write(tmp_path / "side.txt", b"\xff\xfe" + "Hi.".encode("utf-16-le") + b"\x00\xd8")
    compare_error(runner, bad, other, f"{bad}: not valid UTF-16-LE at byte offset 8")


# --- size limits -------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_unopened(
    runner: CliRunner, tmp_path: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = write(tmp_path / "big.txt", "The leaders met. " * 200)
    opened: list[str] = []

    def spy(path: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(load_module, "open", spy, raising=False)
    before = snapshot(big, other)
    result = invoke(runner, "compare", big, other, "--max-size", "1k", "-f", "json")
    assert_one_line_error(result, f"{big}: larger than the limit of 1,024 bytes")
    assert str(big) not in opened
    assert snapshot(big, other) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_stream_without_a_size_is_read_only_up_to_the_limit(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A pipe named on the command line never ends: the tool stops at the limit."""
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)

    def endless() -> None:
        with contextlib.suppress(OSError), open(fifo, "wb") as out:
            while True:
                out.write(b"The leaders met. " * 1000)

    threading.Thread(target=endless, daemon=True).start()
    started = time.perf_counter()
    result = invoke(runner, "claims", fifo, "--max-size", "1k")
    assert time.perf_counter() - started < 5
    assert_one_line_error(result, f"{fifo}: larger than the limit of 1,024 bytes")
    if os.path.exists("/dev/zero"):  # a device is no readout, whatever its size
        assert_one_line_error(
            invoke(runner, "claims", "/dev/zero"), "/dev/zero: is a character device"
        )


def test_standard_input_over_the_limit(runner: CliRunner, other: Path) -> None:
    result = invoke(
        runner, "compare", "-", other, "--max-size", "1k", "-f", "json", input=b"x. " * 1000
    )
    assert_one_line_error(result, "<stdin>: larger than the limit of 1,024 bytes")


# --- YAML ------------------------------------------------------------------------------


def test_yaml_syntax_error_has_line_and_column(
    runner: CliRunner, tmp_path: Path, other: Path
) -> None:
    bad = write(tmp_path / "wh.yaml", "side: white-house\ntext: 'unterminated\nclaims: [a\n")
    # An unclosed quote is reported where it opens, not at the end of the file.
    compare_error(runner, bad, other, f"{bad}:2:7: YAML error")
    tab = write(tmp_path / "tab.yaml", "side: x\nclaims:\n\t- One.\n")
    compare_error(runner, tab, other, f"{tab}:3:1: YAML error: found character")


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        ("- side: x\n- text: y\n", ":1:", "a YAML readout must be a mapping, not a list"),
        ("side: x\ntext:\n  - a\n  - b\n", ":3:", "'text' must be a string, not a list"),
        ("side: x\ntext: 12\n", ":2:", "'text' must be a string, not a number"),
        ("side: x\ntext: true\n", ":2:", "'text' must be a string, not true/false"),
        ("side: x\nclaims: One claim.\n", ":2:", "'claims' must be a list, not a string"),
        ("side: x\nclaims: {a: b}\n", ":2:", "'claims' must be a list, not a mapping"),
        ("side: x\nclaims:\n  - One.\n  - ''\n", ":4:", "claim 2 is empty"),
        ("side: x\nclaims:\n  - One.\n  -\n", ":4:", "claim 2 must be a string"),
        ("side: x\nclaims:\n  - {text: '  '}\n", ":3:", "claim 1 is empty"),
        ("side: x\nclaims:\n  - [a, b]\n", ":3:", "claim 1 must be a string"),
        ("side: x\nclaims:\n  - {text: A., id: ''}\n", ":3:", "id '' must be non-empty"),
        ("side: [x]\ntext: A.\n", ":1:", "'side' must be a string, not a list"),
        ("side: 42\ntext: A.\n", ":1:", "'side' must be a string, not a number (put it in"),
        ("side: true\ntext: A.\n", ":1:", "'side' must be a string, not true/false (put it"),
        ("side: x\ntitle: 5\ntext: A.\n", ":2:", "'title' must be a string, not a number"),
        ("side: x\nurl: 2025-03-18\ntext: A.\n", ":2:", "'url' must be a string, not a date"),
        ("side: x\nclaims:\n  - {text: A., id: 7}\n", ":3:", "'id' must be a string, not a"),
        ('side: "\\e[31mx"\ntext: A.\n', ":1:", "side name '\\x1b[31mx' must be one word"),
        (
            'side: x\nclaims:\n  - {text: A., id: "\\e[2J\\a"}\n',
            ":3:",
            "id '\\x1b[2J\\x07' must be non-empty and hold no control characters",
        ),
        ("side: two words\ntext: A.\n", ":1:", "side name 'two words' must be one word"),
        ("side: x\ndate: 2025-02-30\ntext: A.\n", ":2:7:", "cannot read the value '2025-02-30'"),
        ("side: x\n{[a]: 1}: 2\ntext: A.\n", ":2:1:", "found unhashable key"),
        ("42\n", ":1:", "must be a mapping, not a number"),
        ("# only a comment\n", "", "holds no YAML document"),
        ("side: x\n---\nside: y\n", ":2:1:", "found another document (expected a single"),
    ],
)
def test_yaml_of_the_wrong_shape(
    runner: CliRunner, tmp_path: Path, other: Path, content: str, where: str, message: str
) -> None:
    bad = write(tmp_path / "wh.yaml", content)
    compare_error(runner, bad, other, f"{bad}{where}", message)


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!float 1e400x",
        "!!binary not base64",
        "!custom touch {marker}",
    ],
)
def test_yaml_tags_are_refused_never_run(
    runner: CliRunner, tmp_path: Path, other: Path, tagged: str
) -> None:
    marker = tmp_path / "ran"
    bad = write(tmp_path / "wh.yaml", "side: x\ntext: " + tagged.format(marker=marker) + "\n")
    compare_error(runner, bad, other, f"{bad}:2:7: unsupported YAML tag")
    assert not marker.exists()


def test_yaml_tags_in_call_and_expect_files_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    call = tmp_path / "corpus" / "call-1"
    call.mkdir(parents=True)
    write(call / "a.txt", WHITE_HOUSE)
    write(call / "b.txt", KREMLIN)
    evil = f"!!python/object/apply:os.system ['touch {marker}']"
    call_yaml = write(call / "call.yaml", f"title: {evil}\n")
    assert_one_line_error(
        invoke(runner, "compare", call, "-f", "json"), f"{call_yaml}:1:8: unsupported YAML tag"
    )
    call_yaml.unlink()
    write(call / "expect.yaml", f"only:\n  a: [{evil}]\n")
    result = invoke(runner, "check", tmp_path / "corpus", "-f", "json")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "unsupported YAML tag" in result.stderr
    errors = json.loads(result.stdout)["calls"][0]["errors"]
    assert len(errors) == 1 and "expect.yaml:2:7: unsupported YAML tag" in errors[0]
    assert not marker.exists()


def test_yaml_alias_bomb_is_refused_fast_in_bounded_memory(
    runner: CliRunner, tmp_path: Path, other: Path
) -> None:
    lines = ["side: x", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, 12)]
    bomb = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\ntext: *a11\n")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        line = compare_error(runner, bomb, other, f"{bomb}:3:10: YAML aliases")
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert "not allowed" in line
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 5000 + "1" + "}" * 5000,
        "\n" + "".join("  " * k + "- \n" for k in range(1, 300)),
        "\n" + "".join(" " * k + "k:\n" for k in range(1, 300)),
    ],
)
def test_yaml_nested_thousands_deep(
    runner: CliRunner, tmp_path: Path, other: Path, nested: str
) -> None:
    deep = write(tmp_path / "deep.yaml", "side: x\ntext: " + nested + "\n")
    compare_error(runner, deep, other, str(deep), "YAML nested deeper than 50 levels")


# --- sides and arguments -----------------------------------------------------------------


def test_two_sides_with_the_same_name_in_a_call_folder(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "kremlin.txt", KREMLIN)
    write(tmp_path / "kremlin.md", WHITE_HOUSE)
    assert_one_line_error(
        invoke(runner, "compare", tmp_path, "-f", "json"),
        f"{tmp_path / 'kremlin.txt'}: side name 'kremlin' is already used by",
        str(tmp_path / "kremlin.md"),
    )
    (tmp_path / "kremlin.md").unlink()  # call.yaml must list every readout file
    write(tmp_path / "white-house.txt", WHITE_HOUSE)
    write(
        tmp_path / "call.yaml",
        "sides:\n  - {file: kremlin.txt, name: wh}\n  - {file: white-house.txt, name: wh}\n",
    )
    assert_one_line_error(
        invoke(runner, "compare", tmp_path, "-f", "json"),
        f"{tmp_path / 'white-house.txt'}: side name 'wh' is already used",
    )


def same_stem(tmp_path: Path) -> tuple[Path, Path]:
    """Two files in two folders with the same stem, so the same default side name."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    return write(tmp_path / "a" / "kremlin.txt", KREMLIN), write(
        tmp_path / "b" / "kremlin.txt", KREMLIN
    )


def test_two_files_with_the_same_side_name(runner: CliRunner, tmp_path: Path) -> None:
    a, b = same_stem(tmp_path)
    line = assert_one_line_error(
        invoke(runner, "compare", a, b, "-f", "json"), "two sides are named 'kremlin'"
    )
    assert "--name" in line
    assert invoke(runner, "compare", a, b, "-n", "one", "-n", "two").exit_code == 0


def test_two_files_with_the_same_side_name_names_the_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    a, b = same_stem(tmp_path)
    assert_one_line_error(invoke(runner, "compare", a, b, "-f", "json"), str(b))


def test_a_single_side_given_to_compare(runner: CliRunner, other: Path) -> None:
    assert_one_line_error(
        invoke(runner, "compare", other, "-f", "json"),
        f"{other}: compare needs two or more readouts",
    )
    only_one = other.parent / "single"
    only_one.mkdir()
    write(only_one / "a.txt", WHITE_HOUSE)
    assert_one_line_error(
        invoke(runner, "compare", only_one, "-f", "json"),
        f"{only_one}: a call folder needs at least two readout files",
    )


def test_the_same_file_given_twice_is_compared_with_itself(
    runner: CliRunner, tmp_path: Path, other: Path
) -> None:
    twin = tmp_path / "twin.txt"
    os.link(other, twin)
    for second, name in [
        (str(other), f"{other.stem}-2"),
        (f"{other.parent}/./{other.name}", f"{other.stem}-2"),
        (str(twin), "twin"),  # a link under its own name keeps it
    ]:
        result = invoke(runner, "compare", other, second, "-f", "json")
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert [s["name"] for s in data["sides"]] == [other.stem, name]
        assert data["summary"]["one_sided"] == 0
    assert_one_line_error(
        invoke(runner, "compare", "-", "-", "-f", "json", input="A. B."),
        "standard input (-) can be given only once",
    )


@pytest.mark.parametrize(
    "content",
    [
        "x" * 100_000,
        "# Heading\n\n## Another heading\n\n---\n",
        "Title Without Punctuation\n",
        "WASHINGTON, March 18, 2025\n",
        "...\n\n!!!\n\n- \n",
    ],
)
def test_a_readout_with_no_sentence(
    runner: CliRunner, tmp_path: Path, other: Path, content: str
) -> None:
    bad = write(tmp_path / "none.md", content)
    compare_error(runner, bad, other, f"{bad}: holds no claim")


@pytest.mark.parametrize(
    "text",
    [
        "one two three four; " * 20_000 + "end.",
        "one two (three) four; " * 20_000 + "end.",
        " ".join(f'He said "point {n} matters" to them.' for n in range(20_000)),
        "a, " * 100_000 + "and b c d e.",
    ],
    ids=["semicolons", "parentheses", "quotations", "commas"],
)
def test_long_paragraphs_split_in_linear_time(text: str) -> None:
    """Each of these took from ten seconds to minutes when clause checks rescanned the text."""
    started = time.perf_counter()
    found, _ = segment(text)
    assert time.perf_counter() - started < 5
    assert_spans_hold(text, found)
    assert found


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_crlf_and_cr_line_endings(runner: CliRunner, tmp_path: Path, newline: str) -> None:
    text = WHITE_HOUSE.replace("\n", newline)
    path = write(tmp_path / "white-house.txt", text.encode())
    result = invoke(runner, "claims", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    claims = data["side"]["claims"]
    assert [c["line"] for c in claims] == [3, 4, 5, 6]
    assert [d["reason"] for d in data["skipped"]] == ["title"]
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["text"]
        assert "\r" not in claim["text"] and "\n" not in claim["text"]
    unix = invoke(runner, "claims", write(tmp_path / "u.txt", WHITE_HOUSE), "-f", "json")
    assert [c["text"] for c in claims] == [
        c["text"] for c in json.loads(unix.stdout)["side"]["claims"]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Телефонный разговор\n\nПрезиденты обсудили ситуацию на Украине. Стороны договорились"
            " об обмене пленными 175 на 175.\n",
            ["Президенты обсудили ситуацию на Украине.", "Стороны договорились об обмене"],
        ),
        (
            "习近平同美国总统特朗普通电话\n\n两国元首就中美关系进行了通话。双方同意继续保持沟通！",
            ["两国元首就中美关系进行了通话。", "双方同意继续保持沟通！"],
        ),
        (
            "اتصال هاتفي\n\nتحدث الرئيسان عن الأمن الإقليمي. واتفقا على مواصلة الحوار.\n",
            ["تحدث الرئيسان عن الأمن الإقليمي.", "واتفقا على مواصلة الحوار."],
        ),
    ],
)
def test_non_latin_scripts(
    runner: CliRunner, tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path / "side.txt", text)
    result = invoke(runner, "claims", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    claims = [c["text"] for c in json.loads(result.stdout)["side"]["claims"]]
    assert len(claims) == len(expected)
    for got, start in zip(claims, expected, strict=True):
        assert got.startswith(start)
    twin = write(tmp_path / "twin.txt", text)
    same = invoke(runner, "compare", path, twin, "-f", "json")
    assert same.exit_code == 0 and json.loads(same.stdout)["summary"]["one_sided"] == 0
    assert invoke(runner, "compare", path, twin, "--no-color").exit_code == 0


def test_twenty_thousand_claims(runner: CliRunner, tmp_path: Path, other: Path) -> None:
    topics = ["energy", "ceasefire", "prisoners", "hockey", "sanctions", "grain", "shipping"]
    lines = ["side: big", "claims:"]
    lines += [f"  - Item {n} on {topics[n % 7]} and {topics[(n // 7) % 7]}." for n in range(20_000)]
    big = write(tmp_path / "big.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    result = invoke(runner, "compare", big, other, "-f", "json")
    assert time.perf_counter() - started < 20
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    sides = data["summary"]["sides"]
    assert sides["big"]["claims"] == 20_000
    assert sum(len(p["claims"]) for p in data["points"]) == 20_000 + sides["kremlin"]["claims"]


def test_an_interrupted_run_exits_130_quietly(
    runner: CliRunner, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import readout_diff.report as report

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "compare", interrupted)
    result = invoke(runner, "compare", *pair, "-f", "json")
    assert result.exit_code == 130
    assert result.stdout == "" and result.stderr == ""


# --- real processes ----------------------------------------------------------------------


def run_tool(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """``python -m readout_diff`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "readout_diff", *map(str, args)],
        capture_output=True,
        check=False,
        timeout=60,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gone.txt", None, ": no such file or directory"),
        ("bad.txt", b"Caf\xe9 talks.", ":1:4: not valid UTF-8"),
        ("evil.yaml", b"side: x\ntext: !!python/object/apply:os.getcwd []\n", ":2:7: unsupported"),
        ("deep.yaml", b"side: x\ntext: " + b"[" * 3000 + b"]" * 3000, ":2:"),
    ],
)
def test_bad_input_in_a_real_process(
    tmp_path: Path, other: Path, name: str, content: bytes | None, message: str
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    before = snapshot(other)
    out = run_tool("compare", bad, other, "-f", "json")
    assert out.returncode == 2
    assert out.stdout == b""
    lines = out.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"readout-diff: error: {bad}{message}")
    assert snapshot(other) == before


def test_a_control_character_in_a_file_name_stays_on_one_line(tmp_path: Path, other: Path) -> None:
    odd = tmp_path / "a\nb\x1b[31m.txt"
    out = run_tool("compare", odd, other)
    assert out.returncode == 2 and out.stdout == b""
    lines = out.stderr.decode().splitlines()
    assert len(lines) == 1 and "\x1b" not in lines[0]
    assert lines[0].endswith("a\\nb\\x1b[31m.txt: no such file or directory")


def test_ctrl_c_in_a_real_process_exits_130(tmp_path: Path, other: Path) -> None:
    fifo = tmp_path / "slow.txt"
    done = ctrl_c_while_reading_a_fifo(fifo, "compare", fifo, other)
    assert done.returncode == 130
    assert done.stdout == b"" and b"Traceback" not in done.stderr


# --- output that the input cannot hijack -------------------------------------------------

HOSTILE = (
    "Readout\n\n"
    "President Smith said [bold red]hello[/] and [link=https://evil.example]click[/link]"
    " about energy.\n"
    "Hockey \x1b[5mblinking\x1b[0m talks\x1b]0;pwned\x07 were \x9b2J raised \x07\x08\x7f"
    " in \u202egnirts\u202c and \u2066isolated\u2069 form.\n"
    "The | pipe `code` <img src=x onerror=alert(1)> and *stars* were discussed.\n"
    "#1 priority <script>alert(1)</script> was trade ]]> and more.\n"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")


def assert_no_raw_controls(text: str, *, styled: bool = False, payload: bool = True) -> None:
    """No escape sequence or control character from the input in ``text``.

    ``payload``: the text of an escape sequence (a terminal title) is gone as well; output
    that quotes a phrase with its escapes written out (check's labels) keeps it, harmlessly.
    """
    if styled:
        text = SGR.sub("", text)  # the renderer's own colours
    bad = {ch for ch in text if ch != "\n" and (ch < " " or "\x7f" <= ch <= "\x9f")}
    assert not bad, bad
    assert not set(text) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    if payload:
        assert "pwned" not in text


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A readout full of markup, escapes and control characters, and a plain one."""
    return (
        write(tmp_path / "hostile.txt", HOSTILE),
        write(tmp_path / "plain.txt", "Energy and hockey talks were held. Trade was discussed."),
    )


def test_markup_prints_literally(runner: CliRunner, hostile: tuple[Path, Path]) -> None:
    result = invoke(runner, "compare", *hostile, "--no-color", "--width", "200")
    assert result.exit_code in (0, 1), result.stderr
    assert "[bold red]hello[/]" in result.stdout
    assert "[link=https://evil.example]click[/link]" in result.stdout
    assert "\x1b" not in result.stdout
    readouts = [load_module.load_readout(str(p)) for p in hostile]
    report = compare(readouts)
    coloured = io.StringIO()
    render_terminal(report, make_console(coloured, color=True, width=200, force_terminal=True))
    text = coloured.getvalue()
    assert SGR.search(text), "colour was forced on"
    plain = SGR.sub("", text)
    assert "[bold red]hello[/]" in plain
    assert "[link=https://evil.example]click[/link]" in plain
    assert "\x1b]8;" not in text  # no hyperlink was made


def test_control_characters_never_reach_the_terminal(
    runner: CliRunner, hostile: tuple[Path, Path]
) -> None:
    result = invoke(runner, "compare", *hostile, "--no-color")
    assert result.exit_code in (0, 1), result.stderr
    assert_no_raw_controls(result.stdout, payload=False)
    assert "gnirts" in result.stdout and "blinking" in result.stdout
    claims = invoke(runner, "claims", hostile[0], "--no-color")
    assert claims.exit_code == 0
    assert_no_raw_controls(claims.stdout)
    readout = load_module.load_readout(str(hostile[0]))
    report = compare([readout, readout_from_text("Energy was discussed.", name="b")])
    coloured = io.StringIO()
    render_terminal(report, make_console(coloured, color=True, width=100, force_terminal=True))
    render_claims(readout, make_console(coloured, color=True, width=100, force_terminal=True))
    assert SGR.search(coloured.getvalue())
    assert_no_raw_controls(coloured.getvalue(), styled=True, payload=False)


def hostile_corpus(root: Path) -> Path:
    """A corpus whose folder name, readouts and expectations hold markup and escapes."""
    call = root / "corpus" / "call <b>|x| `1` ]]>"
    call.mkdir(parents=True)
    write(call / "a.txt", HOSTILE)
    write(call / "b.txt", "Energy and hockey talks were held. Trade was discussed.")
    write(
        call / "expect.yaml",
        'only:\n  a: ["\\e[5mpipe ]]> \\a", "Trade"]\n'
        'shared:\n  - {a: "blinking", b: "Trade <x>"}\n'
        '  - {a: "\\e]0;pwned\\a", b: "| pipe |"}\n',
    )
    return root / "corpus"


def test_check_output_is_escaped(runner: CliRunner, tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    terminal = invoke(runner, "check", corpus, "--no-color", "--width", "120")
    assert terminal.exit_code == 2, terminal.stderr
    assert_no_raw_controls(terminal.stdout, payload=False)
    assert "call <b>|x| `1` ]]>" in terminal.stdout
    markdown = invoke(runner, "check", corpus, "-f", "markdown")
    assert_markdown_is_inert(markdown.stdout, payload=False)
    assert "call &lt;b&gt;\\|x\\| \\`1\\` \\]\\]&gt;" in markdown.stdout
    data = json.loads(invoke(runner, "check", corpus, "-f", "json").stdout)
    assert data["calls"][0]["name"] == "call <b>|x| `1` ]]>"


HEADING = re.compile(
    r"#{1,3} (readout-diff|Claims of|Only in|In both|Shared points|Presence|Invalid"
    r"|Failed expectations|Check these|Not read as claims|p\d+ )"
)


def assert_markdown_is_inert(text: str, *, payload: bool = True) -> None:
    """Readout text cannot open a tag, a code span, a heading or a table cell of its own."""
    assert text
    assert "<" not in text and ">" not in text.replace("&gt;", "")
    assert_no_raw_controls(text, payload=payload)
    for line in text.splitlines():
        assert re.search(r"(?<!\\)`", line) is None, line
        if line.startswith("#"):
            assert HEADING.match(line), line
    for block in text.split("\n\n"):
        # Every row of a table has as many cells as its header.
        rows = [r for r in block.splitlines() if r.startswith("|")]
        assert len({len(re.findall(r"(?<!\\)\|", r)) for r in rows}) <= 1, block


def test_markdown_output_escapes_readout_text(
    runner: CliRunner, hostile: tuple[Path, Path]
) -> None:
    for args in (["compare", *hostile], ["claims", hostile[0]]):
        result = invoke(runner, *args, "-f", "markdown")
        assert result.exit_code in (0, 1), result.stderr
        assert_markdown_is_inert(result.stdout)
        assert "\\| pipe \\`code\\` &lt;img src=x onerror=alert(1)&gt;" in result.stdout
        # (the 1 may be in bold, as a number the other side does not give)
        assert "\\#1 priority &lt;script&gt;" in result.stdout.replace("**", "")


text_with_anything = st.text(st.characters(exclude_categories=()), min_size=1, max_size=300).map(
    lambda t: "Readout\n\n" + t + " Energy talks were held."
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_with_anything, st.text(min_size=0, max_size=30))
def test_json_round_trips_any_text(text: str, label: str) -> None:
    try:
        side = readout_from_text(text, name="a", label=label or None, title=text[:50])
    except InputError:
        assume(False)  # the generated text turned every line into a heading or title
        return
    other = readout_from_text("Energy talks were held. Hockey was raised.", name="b")
    report = compare([side, other])
    out = dumps(report_to_dict(report))
    out.encode("utf-8")  # writable as UTF-8, lone surrogates and all
    data = json.loads(out)
    assert [c["text"] for c in data["sides"][0]["claims"]] == [c.text for c in side.claims]
    assert data["sides"][0]["label"] == side.label
    assert json.loads(dumps(claims_to_dict(side)))["side"]["claims"][0]["text"] == (
        side.claims[0].text
    )
    assert_no_raw_controls(render_markdown(report).replace("\\", ""))


def test_junit_is_written_atomically(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = hostile_corpus(tmp_path)
    report = tmp_path / "out" / "report.xml"
    report.parent.mkdir()
    report.write_text("old report", encoding="utf-8")
    real_replace = os.replace

    def interrupted_rename(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted_rename)
    result = invoke(runner, "check", corpus, "--junit", report)
    assert result.exit_code == 130 and result.stdout == ""
    assert report.read_text(encoding="utf-8") == "old report"
    assert os.listdir(report.parent) == ["report.xml"]
    monkeypatch.setattr(os, "replace", real_replace)

    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWritten:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, text: str) -> int:
            self.handle.write(text[: len(text) // 2])
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))
    result = invoke(runner, "check", corpus, "--junit", report)
    assert result.exit_code == 130
    assert report.read_text(encoding="utf-8") == "old report"
    assert os.listdir(report.parent) == ["report.xml"]
    monkeypatch.setattr(os, "fdopen", real_fdopen)

    result = invoke(runner, "check", corpus, "--junit", report, "-f", "json")
    assert result.exit_code == 2
    assert report.read_text(encoding="utf-8").startswith("<?xml")
    assert os.listdir(report.parent) == ["report.xml"]


def test_junit_parses_whatever_the_readouts_hold(runner: CliRunner, tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    junit = tmp_path / "junit.xml"
    invoke(runner, "check", corpus, "--junit", junit, "-f", "json")
    text = junit.read_text(encoding="utf-8")
    assert_no_raw_controls(text, payload=False)
    root = ET.fromstring(text.encode("utf-8"))
    cases = root.findall(".//testcase")
    assert {c.get("classname") for c in cases} == {"call <b>|x| `1` ]]>"}
    names = " ".join(c.get("name") or "" for c in cases)
    assert "]]>" in names and "Trade <x>" in names
    assert int(root.get("errors") or 0) + int(root.get("failures") or 0) >= 1


# --- properties --------------------------------------------------------------------------

FRAGMENTS = [
    "The leaders met.",
    "Mr. Smith met Gen. Lee at 9 a.m. today.",
    "The U.S. and the PRC discussed tariffs.",
    "They met on Jan. 9 and No. 10 replied.",
    "Growth reached 3.5 percent.",
    '"We agree," he said.',
    '"Never. Not once," she said.',
    "“Peace is near. Very near,” said the President.",
    "«Мир близок», — сказал он.",
    "They discussed trade; they agreed to talk about tariffs again.",
    "The two sides discussed energy, and the ministers agreed to meet again.",
    "Ivanov spoke of peace and called for talks on the Black Sea.",
    "(An aside; with a semicolon.)",
    "Они поговорили. Они договорились!",
    "两国元首通了电话。双方同意加强合作！",
    "تحدث الرئيسان عبر الهاتف. واتفقا على التعاون.",
    "e.g. this",
    "...",
    "WASHINGTON —",
    "Title Line",
    "U.S.",
    "a.m.",
    "”",
    "(",
    ";",
    "?!",
]
PREFIXES = ["", "", "", "- ", "* ", "1. ", "(a) ", "# ", "## ", "   ", "• "]
SPECIAL_LINES = ["", "", "---", "===", "***", "- ", "#"]


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Readout-like prose: headings, lists, quotes, abbreviations, scripts and line endings."""
    lines = []
    for _ in range(draw(st.integers(1, 10))):
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(SPECIAL_LINES)))
            continue
        words = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4))
        lines.append(draw(st.sampled_from(PREFIXES)) + " ".join(words))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if newline != "mixed":
        return newline.join(lines)
    out = lines[0]
    for line in lines[1:]:
        out += draw(st.sampled_from(["\n", "\r\n", "\r"])) + line
    return out


def assert_spans_hold(text: str, found: list[tuple[str, int, int, int, int]]) -> None:
    """In bounds, in order, without overlap, reproducing the text, on the right line."""
    line_starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    previous_end = 0
    previous_sentence = -1
    for body, start, end, line, sentence in found:
        assert 0 <= previous_end <= start < end <= len(text)
        assert text[start:end] == body
        assert body == body.strip() and body
        assert line == bisect.bisect_right(line_starts, start)
        assert sentence >= previous_sentence
        previous_end, previous_sentence = end, sentence


@settings(max_examples=300, deadline=None)
@given(prose(), st.booleans())
def test_claim_spans_lie_in_order_inside_the_source(text: str, clauses: bool) -> None:
    found, skipped = segment(text, clauses=clauses)
    assert_spans_hold(text, found)
    for item in skipped:
        assert 0 <= item.start <= item.end <= len(text)
        assert not any(start < item.end and item.start < end for _, start, end, _, _ in found)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec=None), max_size=200), st.booleans())
def test_claim_spans_hold_for_any_text(text: str, clauses: bool) -> None:
    found, _ = segment(text, clauses=clauses)
    assert_spans_hold(text, found)


@settings(max_examples=100, deadline=None)
@given(prose())
def test_readout_spans_hold_from_text_and_yaml(text: str) -> None:
    try:
        readout = readout_from_text(text, name="x")
    except InputError as exc:
        assert "holds no claim" in str(exc)
        return
    for claim in readout.claims:
        assert readout.text[claim.start : claim.end] == claim.text
    document = yaml.safe_dump({"side": "x", "text": text}, allow_unicode=True)
    from_yaml = readout_from_yaml(document, path="x.yaml")
    assert from_yaml.text == text
    assert [c.text for c in from_yaml.claims] == [c.text for c in readout.claims]
    for claim in from_yaml.claims:
        assert from_yaml.text[claim.start : claim.end] == claim.text


@pytest.fixture(scope="module")
def outputs_by_hash_seed() -> Iterator[dict[tuple[str, str, str], bytes]]:
    """The report of two real calls, as JSON and Markdown, under three hash seeds."""
    outputs: dict[tuple[str, str, str], bytes] = {}
    for call, fmt in ((TRUMP_PUTIN, "json"), (TRUMP_PUTIN, "markdown"), (CAMP_DAVID, "json")):
        for seed in ("0", "1", "12345"):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            out = run_tool("compare", call, "-f", fmt, env=env)
            assert out.returncode in (0, 1), out.stderr
            outputs[(call.name, fmt, seed)] = out.stdout
    yield outputs


@pytest.mark.parametrize(
    ("call", "fmt"),
    [(TRUMP_PUTIN.name, "json"), (TRUMP_PUTIN.name, "markdown"), (CAMP_DAVID.name, "json")],
)
def test_output_does_not_depend_on_the_hash_seed(
    outputs_by_hash_seed: dict[tuple[str, str, str], bytes], call: str, fmt: str
) -> None:
    runs = {seed: outputs_by_hash_seed[(call, fmt, seed)] for seed in ("0", "1", "12345")}
    assert runs["0"], "no output"
    assert runs["0"] == runs["1"] == runs["12345"]


def test_output_is_the_same_on_every_run() -> None:
    readouts = list(load_call(str(TRUMP_PUTIN)).readouts)
    first = dumps(report_to_dict(compare(readouts)))
    assert all(dumps(report_to_dict(compare(readouts))) == first for _ in range(3))


def test_no_input_file_is_written(runner: CliRunner, tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    files = [p for p in corpus.rglob("*") if p.is_file()]
    before = snapshot(*files)
    mode = {p: stat.S_IMODE(p.stat().st_mode) for p in files}
    for args in (["check", corpus, "-f", "json"], ["check", corpus, "-f", "markdown"]):
        invoke(runner, *args)
    call = next(p for p in corpus.iterdir())
    invoke(runner, "compare", call, "-f", "json")
    assert snapshot(*files) == before
    assert {p: stat.S_IMODE(p.stat().st_mode) for p in files} == mode
    assert sorted(p for p in corpus.rglob("*") if p.is_file()) == sorted(files)


@pytest.mark.parametrize("size", ["0", "0k", "0.0001k"])
def test_a_max_size_that_refuses_everything_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, size: str
) -> None:
    readout = write(tmp_path / "a.txt", "The leaders met.")
    result = invoke(runner, "claims", readout, "--max-size", size)
    assert_one_line_error(result, f"--max-size: {size!r} would refuse every file")


# --- growth: the same input at two sizes costs at most about linearly more ------------------


def best_time(action: Any, repeats: int = 3) -> float:
    """The fastest of a few runs of ``action``, in CPU seconds (the least disturbed)."""
    times = []
    for _ in range(repeats):
        started = time.process_time()  # CPU time: a busy machine does not count
        action()
        times.append(time.process_time() - started)
    return min(times)


def assert_linear(
    action: Any, size: int, *, factor: int = 8, floor: float = 0.05, slack: float = 2
) -> None:
    """``action(n)`` at ``size`` and ``factor`` times that: quadratic work fails, linear passes.

    Linear growth takes about ``factor`` times as long; quadratic ``factor`` squared (64
    times). Up to ``slack`` times linear passes: caches and the allocator are not linear.
    Below ``floor`` seconds the larger run is fast whatever its ratio, and timing noise rules.
    """
    measured = []
    for _ in range(3):  # a busy machine can slow one run: quadratic work fails every time
        small = best_time(lambda: action(size))
        large = best_time(lambda: action(size * factor), repeats=2)
        if large < floor or large < slack * factor * small:
            return
        measured.append((small, large))
    raise AssertionError(f"size {size} and {size * factor}: {measured}")


@pytest.mark.parametrize(
    "build",
    [
        lambda n: "A" + " " * n + "x.",  # a dateline's place, then a run of spaces
        lambda n: "A" + " " * n + "x",  # the same as a lone line, read as a dateline or title
        lambda n: "MOSCOW, March" + " " * n + "x.",
        lambda n: "MOSCOW (" + " " * n + "x.",
        lambda n: "A" + "\t " * n + "-x.",
        lambda n: "WASHINGTON —" + " " * n,
        lambda n: "- " + " " * n,
        lambda n: "   " + "- " * n + "x",
        lambda n: "Text." + " " * n + "x",
    ],
    ids=[
        "dateline",
        "dateline-line",
        "place-date",
        "parenthesis",
        "tabs",
        "dash",
        "item",
        "rule",
        "final",
    ],
)
def test_segmenting_grows_linearly(build: Any) -> None:
    """The dateline patterns held two adjacent runs of spaces: 10 s at 4 KB, hours at 5 MB."""
    assert_linear(lambda n: segment(build(n)), 2000)


@pytest.mark.parametrize(
    "sides",
    [
        lambda n: (
            "The ceasefire covers " + " ".join(["energy and power"] * n) + ".",
            "The ceasefire covers " + " ".join(["power and energy"] * n) + ".",
        ),
        lambda n: (
            "The ceasefire covers " + " ".join(str(i) for i in range(n)) + " energy sites.",
            "The ceasefire covers " + " ".join(str(i + 1) for i in range(n)) + " energy sites.",
        ),
    ],
    ids=["and-pairs", "numbers"],
)
def test_one_long_shared_sentence_costs_what_its_words_cost(sides: Any) -> None:
    """Scope pairs were looked for in every claim once per pair, and each tie word's surface
    in every token once per word: 0.5 s at 2 KB, 13 s at 16 KB."""

    def run(n: int) -> None:
        left, right = sides(n)
        report = compare([readout_from_text(left, name="a"), readout_from_text(right, name="b")])
        report_to_dict(report)

    assert_linear(run, 60)


@pytest.mark.parametrize("piece", ['"\\', "\n", " \n", "- ", "'", '"', "? ", ": ", "[", "'x''"])
def test_the_names_in_an_invalid_call_yaml_are_found_in_linear_time(
    tmp_path: Path, piece: str
) -> None:
    """Outputs are checked against every name an invalid call.yaml holds: a hostile one
    (a line of escaped quotes, a run of blank lines) must not make that check hang."""
    from readout_diff.call_names import names_in_text

    write(tmp_path / "wh.txt", WHITE_HOUSE)
    assert names_in_text(str(tmp_path), "sides: [ wh.txt, 'no such.txt' ] x") == [
        str(tmp_path / "wh.txt")
    ]
    assert_linear(lambda n: names_in_text(str(tmp_path), "x: [" + piece * n), 2000)


# The dateline patterns before they were made linear: the reference they must agree with.
_OLD_PLACE_DATE = (
    r"[A-Z][A-Z.'’ -]{2,40}(?:,[ \t]*[A-Z][A-Za-z.]*(?:[ \t]+\d{1,2})?(?:,[ \t]*\d{4})?)?"
    r"[ \t]*(?:\([^)\n]{1,40}\))?"
)
_OLD_DATELINE = re.compile(_OLD_PLACE_DATE + r"[ \t]*[—–-]{1,2}[ \t]+(?=\S)")
_OLD_DATELINE_LINE = re.compile(
    _OLD_PLACE_DATE + r"[ \t]*|(?:\d{1,2}[ \t]+)?[A-Z][a-z]+\.?(?:[ \t]+\d{1,2})?,?[ \t]+\d{4}"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="AMOSCWrch,.'’ \t—–-()12x", max_size=60))
def test_the_linear_dateline_patterns_match_what_the_old_ones_did(text: str) -> None:
    import readout_diff.datelines as datelines

    old, new = _OLD_DATELINE.match(text), datelines._pattern(datelines._DATELINE).match(text)
    assert (old and old.end()) == (new and new.end())
    assert bool(_OLD_DATELINE_LINE.fullmatch(text)) == bool(
        datelines._pattern(datelines._DATELINE_LINE).fullmatch(text)
    )


@pytest.mark.parametrize("piece", ["A-", "A.", "1 ", "1,", "Mar 1 ", "$1 ", "1-", "Al-Thani's "])
def test_comparing_a_long_claim_grows_linearly(piece: str) -> None:
    """A claim both sides share is read for numbers, dates and actors: each in linear time."""

    def run(n: int) -> None:
        text = "The leaders proposed " + piece * (n // len(piece)) + " energy."
        report = compare([readout_from_text(text, name="a"), readout_from_text(text, name="b")])
        render_markdown(report)

    assert_linear(run, 2000)


# --- YAML numbers and merge keys ---------------------------------------------------------------


def test_yaml_base_60_numbers_are_read_as_text_in_linear_time() -> None:
    """YAML 1.1 reads 59:59:59 as a base-60 integer, built with quadratic work before any check."""
    from readout_diff.safe_yaml import parse_yaml

    # PyYAML's own pattern for a base-60 number costs a little more than linear: slack 3.
    parse = parse_yaml
    assert_linear(lambda n: parse("k: " + ":".join(["59"] * n), path="x.yaml"), 20_000, slack=3)
    value, _ = parse_yaml("title: 1:30\nlength: 190:20:30.15\n", path="x.yaml")
    assert value == {"title": "1:30", "length": "190:20:30.15"}


HUGE_HEX = "0x" + "f" * 4000  # an integer of 4,816 decimal digits, past Python's limit of 4,300
# An explicit key ("? ") may be longer than YAML's 1,024 characters for a plain key.
HUGE_KEY = f"? {HUGE_HEX}\n: 1\n"


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (f"side: a\ntext: The leaders met.\n{HUGE_KEY}", 3),
        (f"side: a\nclaims:\n  - text: The leaders met.\n    ? {HUGE_HEX}\n    : 1\n", 4),
        (f"side: {HUGE_HEX}\ntext: The leaders met.\n", 1),
        ("side: a\ntext: The leaders met.\nk: " + "9" * 5000 + "\n", 3),
    ],
    ids=["key", "claim-key", "side", "decimal"],
)
def test_yaml_numbers_past_the_digit_limit_name_the_file_and_line(
    runner: CliRunner, tmp_path: Path, other: Path, content: str, line: int
) -> None:
    bad = write(tmp_path / "side.yaml", content)
    compare_error(runner, bad, other, f"{bad}:{line}:", "digits")


def test_a_huge_number_in_aliases_call_or_expect_files_is_one_clean_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    aliases = write(tmp_path / "aliases.yaml", HUGE_KEY)
    pair = [write(tmp_path / "a.txt", WHITE_HOUSE), write(tmp_path / "b.txt", KREMLIN)]
    assert_one_line_error(
        invoke(runner, "compare", *pair, "--aliases", aliases, "-f", "json"),
        f"{aliases}:1:",
        "digits",
    )
    corpus = tmp_path / "corpus"
    for call in ("a-call", "b-call", "c-call"):
        write_call(corpus / call)
    write(corpus / "a-call" / "call.yaml", f"title: x\n{HUGE_KEY}")
    write(corpus / "b-call" / "expect.yaml", f"only:\n  ? {HUGE_HEX}\n  : [x]\n")
    result = invoke(runner, "check", corpus, "-f", "json", "-j", "1")
    assert result.exit_code == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert f"{corpus / 'a-call' / 'call.yaml'}:2:" in lines[0] and "digits" in lines[0]
    assert f"{corpus / 'b-call' / 'expect.yaml'}:2:" in lines[1] and "digits" in lines[1]
    calls = {c["name"]: c for c in json.loads(result.stdout)["calls"]}
    assert calls["c-call"]["errors"] == [] and calls["c-call"]["sides"]


def write_call(folder: Path) -> Path:
    """A call folder of two good readouts."""
    folder.mkdir(parents=True)
    write(folder / "white-house.txt", WHITE_HOUSE)
    write(folder / "kremlin.txt", KREMLIN)
    return folder


@pytest.mark.parametrize(
    "content",
    [
        "side: a\ntext: The leaders met.\n<<: {side: b, text: Other words.}\n",
        "<<: [{side: b}, {title: x}]\ntext: The leaders met.\n",
        "side: a\nclaims:\n  - {text: One., <<: {text: Two.}}\n",
    ],
)
def test_yaml_merge_keys_are_refused(
    runner: CliRunner, tmp_path: Path, other: Path, content: str
) -> None:
    """A merge key got around the duplicate-key refusal, silently dropping values."""
    bad = write(tmp_path / "side.yaml", content)
    compare_error(runner, bad, other, str(bad), "<<")


@pytest.mark.parametrize(
    "content",
    [
        "side: a\ntext: The leaders met.\n1: x\n0x1: y\n",
        "side: a\ntext: The leaders met.\nyes: x\ntrue: y\n",
        "side: a\ntext: The leaders met.\n1: x\n1.0: y\n",
    ],
)
def test_keys_that_are_the_same_value_written_two_ways_are_duplicates(
    runner: CliRunner, tmp_path: Path, other: Path, content: str
) -> None:
    bad = write(tmp_path / "side.yaml", content)
    compare_error(runner, bad, other, f"{bad}:4:", "duplicate key")


# --- files that are not regular files --------------------------------------------------------


def call_with_sides(folder: Path, *entries: str) -> Path:
    """A call folder whose call.yaml lists ``entries`` (two good readouts are in it as well)."""
    write_call(folder)
    sides = "".join(f"  - {{file: {e}}}\n" for e in entries)
    write(folder / "call.yaml", "title: A call\nsides:\n" + sides)
    return folder


def odd_file_call(corpus: Path, where: str) -> tuple[Path, Path, list[list[str | Path]]]:
    """A call folder with an odd file at ``where``: the folder, that file, and commands to try.

    ``listed``: a third side call.yaml lists; ``in the folder``: a third readout file of a
    folder without call.yaml; else call.yaml or expect.yaml itself.
    """
    call = call_with_sides(corpus / "call", "white-house.txt", "kremlin.txt", "extra.txt")
    name = "extra.txt" if where in ("listed", "in the folder") else where
    if where == "in the folder":
        (call / "call.yaml").unlink()
    elif where == "expect.yaml":
        write(call / "call.yaml", "title: A call\n")
    with contextlib.suppress(FileNotFoundError):
        (call / name).unlink()
    commands: list[list[str | Path]] = [["check", corpus, "-f", "json", "-j", "1"]]
    if where != "expect.yaml":  # compare does not read expectations
        commands.append(["compare", call, "-f", "json"])
    return call, call / name, commands


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("where", ["listed", "call.yaml", "expect.yaml", "in the folder"])
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, where: str) -> None:
    """Opening a FIFO waits for a writer: a FIFO in a call folder hung compare and check."""
    _, odd, commands = odd_file_call(tmp_path / "corpus", where)
    os.mkfifo(odd)
    for args in commands:
        out = run_tool(*args)
        assert out.returncode == 2, (args, out.stderr)
        assert f"{odd}: is a FIFO, not a regular file".encode() in out.stderr, out.stderr
        assert b"Traceback" not in out.stderr


@pytest.mark.parametrize("where", ["call.yaml", "listed", "expect.yaml", "in the folder"])
@pytest.mark.parametrize("link", ["loop", "dangling"])
def test_a_symbolic_link_that_leads_nowhere_is_named_as_such(
    runner: CliRunner, tmp_path: Path, where: str, link: str
) -> None:
    """A call.yaml that was a symlink loop was ignored; a listed one read as missing."""
    _, odd, commands = odd_file_call(tmp_path / "corpus", where)
    odd.symlink_to(odd.name if link == "loop" else "nowhere.txt")
    what = "a symbolic link that loops" if link == "loop" else "a symbolic link to nothing"
    for args in commands:
        result = invoke(runner, *args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert f"{odd}: is {what}" in result.stderr, result.stderr


# --- what the check reads, and what it may write ------------------------------------------------


def corpus_reading_beside(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A corpus whose call reads a side and an aliases file from outside its call folder.

    The layout of bench/corpus: ``file: ../shared/...`` in call.yaml. Returns the corpus,
    the side file and the aliases file.
    """
    corpus = tmp_path / "corpus"
    call = write_call(corpus / "call")
    shared = corpus / "_shared"  # not a call: folders starting with _ are skipped
    shared.mkdir()
    side = write(shared / "third.txt", "The ministers met in Geneva. They spoke of trade.")
    aliases = write(shared / "aliases.yaml", "kyiv: [Kiev]\n")
    write(
        call / "call.yaml",
        "sides:\n  - white-house.txt\n  - kremlin.txt\n  - ../_shared/third.txt\n"
        "aliases: ../_shared/aliases.yaml\n",
    )
    return corpus, side, aliases


@pytest.mark.parametrize("target", ["side", "aliases"])
def test_junit_never_overwrites_a_file_read_from_outside_the_call_folders(
    runner: CliRunner, tmp_path: Path, target: str
) -> None:
    """--junit replaced a side call.yaml names with ../, and an aliases file call.yaml names."""
    corpus, side, aliases = corpus_reading_beside(tmp_path)
    victim = side if target == "side" else aliases
    before = snapshot(side, aliases)
    result = invoke(runner, "check", corpus, "-j", "1", "--junit", victim)
    assert_one_line_error(result, f"{victim}: is a file the check reads")
    assert snapshot(side, aliases) == before


@pytest.mark.parametrize("allow_outside", [False, True])
def test_junit_never_overwrites_a_decisions_file_call_yaml_names_outside_the_corpus(
    runner: CliRunner, tmp_path: Path, allow_outside: bool
) -> None:
    """--junit replaced the decisions file a call.yaml names outside the corpus."""
    corpus = tmp_path / "corpus"
    call = write_call(corpus / "call")
    decisions = write(tmp_path / "settled.yaml", "same: []\n")
    write(
        call / "call.yaml",
        "sides:\n  - white-house.txt\n  - kremlin.txt\ndecisions: ../../settled.yaml\n",
    )
    before = snapshot(decisions)
    args = ["--allow-outside"] if allow_outside else []
    result = invoke(runner, "check", corpus, "-j", "1", *args, "--junit", decisions)
    assert_one_line_error(result, f"{decisions}: is a file the check reads")
    assert snapshot(decisions) == before


def test_junit_never_overwrites_an_input_that_is_invalid(runner: CliRunner, tmp_path: Path) -> None:
    corpus, _, aliases = corpus_reading_beside(tmp_path)
    write(aliases, "kyiv: [\n")  # a YAML error: still a file the check reads
    before = snapshot(aliases)
    result = invoke(runner, "check", corpus, "-j", "1", "--junit", aliases)
    assert_one_line_error(result, f"{aliases}: is a file the check reads")
    assert snapshot(aliases) == before


SECRET = "The launch codes are 0000 and only the secret keeper knows them."


@pytest.mark.parametrize(
    "how", ["relative", "absolute", "aliases", "symlink", "symlinked call.yaml", "expect.yaml"]
)
def test_files_outside_the_tree_being_checked_are_refused_unless_allowed(
    runner: CliRunner, tmp_path: Path, how: str
) -> None:
    """call.yaml could name /etc/passwd, whose text then went into the JSON and JUnit output."""
    secret = write(tmp_path / "secret.txt", SECRET)
    corpus = tmp_path / "corpus"
    call = write_call(corpus / "call")
    refused = call / "call.yaml"
    if how in ("relative", "absolute"):
        named = "../../secret.txt" if how == "relative" else str(secret)
        write(call / "call.yaml", f"sides:\n  - white-house.txt\n  - kremlin.txt\n  - {named}\n")
    elif how == "aliases":
        write(secret, "secret: [launch codes, keeper]\n")
        write(call / "call.yaml", "title: A call\naliases: ../../secret.txt\n")
    elif how == "symlink":
        (call / "third.txt").symlink_to(secret)
        refused = call / "third.txt"
    elif how == "symlinked call.yaml":
        write(secret, f"title: {SECRET}\n")
        (call / "call.yaml").symlink_to(secret)
        refused = call / "call.yaml"
    else:
        write(secret, f"only:\n  kremlin: [{SECRET}]\n")
        (call / "expect.yaml").symlink_to(secret)
        refused = call / "expect.yaml"
    commands: list[list[str | Path]] = [["check", corpus, "-f", "json", "-j", "1"]]
    if how != "expect.yaml":
        commands.append(["compare", call, "-f", "json"])
    for args in commands:
        result = invoke(runner, *args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert f"{refused}" in result.stderr and "outside " in result.stderr, result.stderr
        assert "--allow-outside" in result.stderr
        assert "launch codes" not in result.stdout + result.stderr
        allowed = invoke(runner, *args, "--allow-outside")
        assert "--allow-outside" not in allowed.stderr, allowed.stderr
        assert allowed.exit_code in (0, 1) or how == "expect.yaml", allowed.stderr


# --- check's worker processes ---------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux: /proc)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_check_ends_its_workers_too(tmp_path: Path, sig: signal.Signals) -> None:
    """SIGTERM to check -j 2 left both workers running, holding stdout and stderr open."""
    corpus = tmp_path / "corpus"
    examples = [p for p in sorted((ROOT / "readouts").iterdir()) if p.is_dir()]
    for k in range(400):
        shutil.copytree(examples[k % len(examples)], corpus / f"call-{k:03d}")
    process = subprocess.Popen(
        [sys.executable, "-m", "readout_diff", "check", str(corpus), "-j", "2", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = children_of(process.pid)
        time.sleep(0.05)
    try:
        assert len(workers) >= 2, "the workers never started"
        time.sleep(0.5)  # the workers are busy with calls
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=30)  # hangs while a worker holds a pipe
    finally:
        if process.poll() is None:
            process.kill()
        for pid in workers:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    assert process.returncode == 128 + sig, (process.returncode, stderr[-2000:])
    assert b"Traceback" not in stderr, stderr[-2000:]
    # The JSON is written call by call: the calls checked before the signal may be on stdout,
    # but an interrupted run never reads as a whole one.
    if stdout:
        with pytest.raises(ValueError):
            json.loads(stdout)
    time.sleep(0.5)
    assert not [pid for pid in workers if alive(pid)]


def test_an_unexpected_error_in_one_call_leaves_the_others_checked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readout_diff.check_call as check_module

    corpus = tmp_path / "corpus"
    for call in ("a-call", "b-call", "c-call"):
        write_call(corpus / call)
    write(corpus / "b-call" / "kremlin.txt", KREMLIN + "A poisoned line.\n")
    real = check_module.compare

    def fragile(readouts: Any, **options: Any) -> Any:
        if any("poisoned" in r.text for r in readouts):
            raise ValueError("a bug in the engine")
        return real(readouts, **options)

    monkeypatch.setattr(check_module, "compare", fragile)
    result = invoke(runner, "check", corpus, "-f", "json", "-j", "1")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"readout-diff: error: {corpus / 'b-call'}: internal error: ValueError")
    calls = {c["name"]: c for c in json.loads(result.stdout)["calls"]}
    assert calls["a-call"]["sides"] and calls["c-call"]["sides"]


# --- output that cannot be written ---------------------------------------------------------


def shell_tool(redirections: str, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """The tool in a shell with ``redirections`` (``>&-``, ``> /dev/full``) applied."""
    command = " ".join(["exec", sys.executable, "-m", "readout_diff", *map(str, args)])
    return subprocess.run(
        ["sh", "-c", f"{command} {redirections}"], capture_output=True, check=False, timeout=60
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["demo", "-f", "json"], ["demo", "--no-color"], ["demo", "-f", "markdown"], ["--version"]],
)
def test_a_full_disk_on_stdout_is_one_clean_error(args: list[str]) -> None:
    out = shell_tool("> /dev/full", *args)
    assert out.returncode == 2, out.stderr
    assert out.stderr.decode() == (
        "readout-diff: error: <stdout>: cannot write: No space left on device\n"
    )


def test_a_closed_stdout_is_one_clean_error(tmp_path: Path, other: Path) -> None:
    for args in (["demo", "-f", "json"], ["demo"], ["--help"]):
        out = shell_tool(">&-", *args)
        assert out.returncode == 2, out.stderr
        assert out.stderr.decode() == (
            "readout-diff: error: <stdout>: cannot write: Bad file descriptor\n"
        ), out.stderr


def test_a_closed_stderr_keeps_the_exit_status(tmp_path: Path, other: Path) -> None:
    missing = tmp_path / "missing.txt"
    out = shell_tool("2>&-", "compare", missing, other, "-f", "json")
    assert out.returncode == 2 and out.stdout == b""
    out = shell_tool("2>&- <&-", "compare", "-", other, "-f", "json")
    assert out.returncode == 2 and out.stdout == b""


def test_a_closed_stdin_is_read_as_empty(other: Path) -> None:
    out = shell_tool("<&-", "compare", "-", other, "-f", "json")
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode() == "readout-diff: error: <stdin>: is empty\n"


def test_a_junit_file_that_cannot_be_written_names_its_path(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk gave "internal error: OSError Errno 28" with no path."""
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    import tempfile

    corpus = tmp_path / "corpus"
    write_call(corpus / "call")
    report = write(tmp_path / "report.xml", "old report")
    real = tempfile.mkstemp

    def on_a_full_disk(*args: Any, **kwargs: Any) -> tuple[int, str]:
        handle, name = real(*args, **kwargs)
        os.close(handle)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(tempfile, "mkstemp", on_a_full_disk)
    result = invoke(runner, "check", corpus, "-j", "1", "--junit", report)
    assert_one_line_error(result, f"{report}: cannot write: No space left on device")
    assert report.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "report.xml"]


# --- options that need bounds -----------------------------------------------------------------


def test_a_width_past_any_terminal_is_a_usage_error(runner: CliRunner) -> None:
    """--width 100000000 built gigabytes of padding."""
    result = invoke(runner, "demo", "--width", "100000000")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--width" in result.stderr and "1000" in result.stderr


def test_junit_with_a_trailing_slash_names_a_directory(runner: CliRunner, tmp_path: Path) -> None:
    """--junit DIR/ wrote a file named DIR."""
    corpus = tmp_path / "corpus"
    write_call(corpus / "call")
    for target in (f"{tmp_path / 'reports'}/", str(tmp_path / "corpus")):
        result = invoke(runner, "check", corpus, "-j", "1", "--junit", target)
        assert result.exit_code == 2 and result.stdout == "", result.stderr
        assert "is a directory" in result.stderr or "names a directory" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


@pytest.mark.parametrize("size", ["9" * 400, "99999999999999999999G"])
def test_a_max_size_past_any_file_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, size: str
) -> None:
    readout = write(tmp_path / "a.txt", "The leaders met.")
    assert_one_line_error(invoke(runner, "claims", readout, "--max-size", size), "--max-size")


def test_more_jobs_than_any_machine_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_call(corpus / "call")
    result = invoke(runner, "check", corpus, "--jobs", "1000000")
    assert result.exit_code == 2 and "--jobs" in result.stderr


# --- invisible characters ------------------------------------------------------------------------

# Direction marks, zero-width characters, a word joiner, a byte-order mark inside the text,
# a soft hyphen, a variation selector, a Hangul filler and a tag character ("ASCII smuggling").
INVISIBLE = "\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0f\u3164\U000e0041"


def assert_nothing_invisible(text: str) -> None:
    found = sorted({f"U+{ord(ch):04X}" for ch in text if ch in INVISIBLE})
    assert not found, found


def test_invisible_characters_never_reach_the_terminal_or_markdown(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Direction marks and zero-width characters reached terminal and Markdown output."""
    marked = "".join(f"{ch}energy" for ch in INVISIBLE)
    a = write(
        tmp_path / "a.txt", f"Title{INVISIBLE}\n\nThe leaders discussed {marked} and trade.\n"
    )
    b = write(tmp_path / "b.txt", "The leaders discussed energy and trade. They met again.")
    for args in (
        ["compare", a, b, "--no-color", "--width", "200"],
        ["compare", a, b, "-f", "markdown"],
        ["claims", a, "--no-color"],
        ["claims", a, "-f", "markdown"],
    ):
        result = invoke(runner, *args)
        assert result.exit_code in (0, 1), result.stderr
        assert_nothing_invisible(result.stdout)
        assert "energy" in result.stdout
    coloured = io.StringIO()
    report = compare([load_module.load_readout(str(a)), load_module.load_readout(str(b))])
    render_terminal(report, make_console(coloured, color=True, width=100, force_terminal=True))
    assert_nothing_invisible(coloured.getvalue())
    data = json.loads(invoke(runner, "compare", a, b, "-f", "json").stdout)
    assert marked in data["sides"][0]["claims"][0]["text"]  # JSON is data: kept as it was


def test_invisible_characters_never_reach_check_output(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    call = write_call(corpus / f"call{INVISIBLE}")
    write(call / "expect.yaml", f"only:\n  kremlin: ['military{INVISIBLE} aid']\n")
    junit = tmp_path / "junit.xml"
    for fmt in ("terminal", "markdown"):
        result = invoke(runner, "check", corpus, "-j", "1", "-f", fmt, "--junit", junit)
        assert_nothing_invisible(result.stdout)
        assert_nothing_invisible(result.stderr)
    assert_nothing_invisible(junit.read_text(encoding="utf-8"))


@pytest.mark.parametrize("ch", list(INVISIBLE))
def test_a_side_name_with_an_invisible_character_is_refused(
    runner: CliRunner, tmp_path: Path, other: Path, ch: str
) -> None:
    """k\\u200bremlin looked exactly like kremlin."""
    bad = write(tmp_path / "side.yaml", f"side: k{ch}remlin\ntext: The leaders met.\n")
    line = compare_error(runner, bad, other, f"{bad}:1:", "side name")
    assert ch not in line and f"k{printable(ch)}remlin" in line and printable(ch).startswith("\\")
    result = invoke(
        runner, "compare", write(tmp_path / "a.txt", WHITE_HOUSE), other, "-n", f"k{ch}"
    )
    assert_one_line_error(result, "side name")


# --- huge input under the size limit -----------------------------------------------------------


# Run the tool from a small Python of its own: a child's peak memory counts the copy of its
# parent made before exec, so the test process (hundreds of megabytes) must not be it.
_LAUNCH = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
stderr = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
cpu = usage.ru_utime + usage.ru_stime
code = os.waitstatus_to_exitcode(status)
print(json.dumps([code, cpu, usage.ru_maxrss * 1024, stderr.decode("utf-8", "replace")]))
"""


def peak_of(*args: str | Path) -> tuple[int, float, int, bytes]:
    """Exit status, CPU seconds, peak resident bytes and stderr of the tool in a process.

    CPU seconds, not wall time: a busy machine does not count.
    """
    out = subprocess.run(
        [sys.executable, "-c", _LAUNCH, sys.executable, "-m", "readout_diff", *map(str, args)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    code, cpu, peak, stderr = json.loads(out.stdout)
    return code, cpu, peak, stderr.encode()


@pytest.mark.parametrize(
    "piece", ["A b. ", "- x\n", "One. Two; three four five six; seven eight nine ten. "]
)
def test_a_huge_readout_under_the_size_limit_is_refused_early(
    tmp_path: Path, other: Path, piece: str
) -> None:
    """'A b. ' a million times (5 MB) took 48 s and 3.3 GB: no readout holds a million claims."""
    huge = write(tmp_path / "huge.txt", piece * (5_000_000 // len(piece)))
    for args in (["compare", huge, other, "-f", "json"], ["claims", huge, "-f", "json"]):
        code, seconds, peak, stderr = peak_of(*args)
        assert code == 2, stderr
        assert stderr.decode().startswith(
            f"readout-diff: error: {huge}: holds more than 50,000 claims"
        )
        assert peak < 200 * 2**20, peak  # was 1 to 3.3 GB
        assert seconds < 30  # was 20 to 48 s


def test_many_claims_cost_memory_in_proportion() -> None:
    """Memory grows with the claims, not faster: the same readout at two sizes."""

    def peak(n: int) -> int:
        tracemalloc.start()
        try:
            text = "The leaders spoke of energy and grain. " * n
            a, b = (
                readout_from_text(text, name="a"),
                readout_from_text(text[: len(text) // 2], name="b"),
            )
            dumps(report_to_dict(compare([a, b])))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(1000), peak(4000)
    assert large < 6 * small, (small, large)


@pytest.mark.parametrize("fast", [True, False])
def test_a_yaml_file_of_more_values_than_any_readout_is_refused_before_it_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    """800,000 list items (5 MB) took 12 s and 330 MB to build, before their count was checked."""
    if not fast:
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    text = "side: y\nclaims:\n" + "  - x\n" * 800_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="more than 400,000 values"):
            readout_from_yaml(text, path="y.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 250 * 2**20, peak


def test_junit_never_overwrites_a_side_read_from_outside_with_allow_outside(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The layout of bench/corpus: sides in a folder beside the corpus, read by --allow-outside."""
    corpus = tmp_path / "corpus"
    call = write_call(corpus / "call")
    (tmp_path / "shared").mkdir()
    shared = write(tmp_path / "shared" / "third.txt", "The ministers met. They spoke of trade.")
    write(
        call / "call.yaml",
        "sides:\n  - white-house.txt\n  - kremlin.txt\n  - ../../shared/third.txt\n",
    )
    before = snapshot(shared)
    result = invoke(runner, "check", corpus, "-j", "1", "--allow-outside", "--junit", shared)
    assert_one_line_error(result, f"{shared}: is a file the check reads")
    assert snapshot(shared) == before


def _side_of(texts: list[str]) -> list[Any]:
    from readout_diff.model import Claim

    claims, at = [], 0
    for k, text in enumerate(texts):
        claims.append(Claim(f"a:{k + 1}", "a", k, text, at, at + len(text), k + 1))
        at += len(text) + 1
    return claims


@pytest.mark.parametrize(
    "build",
    [
        # The claim lies inside another claim of its side: no phrase names it alone.
        lambda n: [
            " ".join(f"w{k}" for k in range(n)) + ".",
            "Before " + " ".join(f"w{k}" for k in range(n)) + " after.",
        ],
        # Only its last word tells it from the other: every short phrase but the last is shared.
        lambda n: [
            " ".join(f"w{k}" for k in range(n)) + " end.",
            " ".join(f"w{k}" for k in range(n)) + " other.",
        ],
    ],
    ids=["contained", "last-word"],
)
def test_a_phrase_for_a_long_claim_costs_about_linearly_more(build: Any) -> None:
    from readout_diff.decisions import phrase_for

    def action(n: int) -> None:
        claims = _side_of(build(n))
        phrase_for(claims[0], claims)

    assert_linear(action, 50)


@pytest.mark.parametrize(
    ("name", "text", "command"),
    [
        ("call.yaml", "sides:\n  - {file: a.txt}\n  - {file: b.txt}\n~: 3\n", "compare"),
        ("expect.yaml", "only:\n  a: [trade]\nnull: x\n", "check"),
        ("decisions.yaml", "same:\n  - {a: trade, b: trade}\n~: 1\n", "compare"),
    ],
)
def test_a_key_with_no_name_is_named_as_such_at_its_line(
    tmp_path: Path, name: str, text: str, command: str
) -> None:
    """YAML reads ``~:`` and ``null:`` as a key that is nothing: the message says so, at the
    key's line, rather than "unknown key None"."""
    write(tmp_path / "a.txt", "The leaders discussed trade.\n")
    write(tmp_path / "b.txt", "Trade was discussed.\n")
    if name != "call.yaml":
        write(tmp_path / "call.yaml", "sides:\n  - {file: a.txt}\n  - {file: b.txt}\n")
    write(tmp_path / name, text)
    args = [command, str(tmp_path)]
    if name == "decisions.yaml":
        args += ["--decisions", str(tmp_path / name)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.stdout + result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert f"{name}:{text.count(chr(10))}: a key with no name (~ or null)" in line, line
    assert "None" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{file: ., name: a}",
            "call.yaml:2: side 1 names {folder}, a folder: a side is a readout file",
        ),
        (
            "{file: call.yaml, name: a}",
            "call.yaml:2: side 1 names {folder}/call.yaml, the call's own call.yaml: a side is a"
            " readout file",
        ),
        (
            "{file: expect.yaml, name: a}",
            "call.yaml:2: side 1 names {folder}/expect.yaml, its expectations: a side is a readout"
            " file",
        ),
    ],
)
def test_a_side_that_is_no_readout_file_is_named_at_its_line(
    tmp_path: Path, entry: str, message: str
) -> None:
    folder = tmp_path / "c2"
    folder.mkdir()
    write(folder / "kr.txt", "Trade was agreed.\n")
    write(folder / "expect.yaml", "only: {}\n")
    write(folder / "call.yaml", f"sides:\n  - {entry}\n  - {{file: kr.txt, name: k}}\n")
    result = CliRunner().invoke(app, ["compare", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].endswith(message.format(folder=folder))


def test_a_side_listed_through_its_own_folder_is_listed(tmp_path: Path) -> None:
    """``../c2/wh.txt`` in folder c2 is c2's wh.txt: listed, not an unlisted file."""
    folder = tmp_path / "c2"
    folder.mkdir()
    write(folder / "wh.txt", "The leaders agreed on trade.\n")
    write(folder / "kr.txt", "Trade was agreed.\n")
    write(
        folder / "call.yaml",
        "sides:\n  - {file: ../c2/wh.txt, name: a}\n  - {file: kr.txt, name: k}\n",
    )
    result = CliRunner().invoke(app, ["compare", str(folder), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert [s["name"] for s in json.loads(result.stdout)["sides"]] == ["a", "k"]
