"""Bad input never crashes the tool or leaks into its output: errors, escaping, invariants."""

from __future__ import annotations

import bisect
import builtins
import io
import json
import os
import re
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
from conftest import KREMLIN, ROOT, WHITE_HOUSE, write
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import readout_diff.load as load_module
from readout_diff.cli import app
from readout_diff.errors import InputError
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

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path) == str(secret):
            raise PermissionError(13, "Permission denied", str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(load_module, "open", refuse, raising=False)
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


def test_a_stream_without_a_size_is_read_only_up_to_the_limit(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/dev/zero never ends: the tool must stop at the limit, not read it whole."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    sizes: list[int] = []
    real_open = builtins.open

    class Bounded:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Bounded:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            sizes.append(size)
            assert size >= 0, "an unbounded read"
            data: bytes = self.handle.read(size)
            return data

    monkeypatch.setattr(
        load_module, "open", lambda p, *a, **k: Bounded(real_open(p, *a, **k)), raising=False
    )
    started = time.perf_counter()
    result = invoke(runner, "claims", "/dev/zero", "--max-size", "1k")
    assert time.perf_counter() - started < 5
    assert_one_line_error(result, "/dev/zero: larger than the limit of 1,024 bytes")
    assert sizes == [1025]


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
        ("side: x\nclaims: {a: b}\n", ":2:", "'claims' must be a list, not a dict"),
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
    """The tool blocks reading a FIFO; once it has opened it, Ctrl-C arrives."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "readout_diff", "compare", str(fifo), str(other)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    opened: list[int] = []

    def open_writer() -> None:
        opened.append(os.open(fifo, os.O_WRONLY))

    writer = threading.Thread(target=open_writer, daemon=True)
    writer.start()
    writer.join(timeout=30)
    try:
        assert opened, "the tool never opened the FIFO"
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        for fd in opened:
            os.close(fd)
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert stdout == b"" and b"Traceback" not in stderr


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
