"""Loading readouts, YAML and call folders, and every kind of bad input."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import KREMLIN, WHITE_HOUSE, write

from readout_diff.errors import InputError, UsageError
from readout_diff.folders import load_call
from readout_diff.load import decode, load_aliases, load_readout, read_bytes, renamed


def test_text_readout_spans_index_the_file(pair: tuple[Path, Path]) -> None:
    wh, _ = pair
    readout = load_readout(str(wh))
    text = wh.read_text(encoding="utf-8")
    assert readout.name == "white-house"
    assert readout.span_base == "file"
    assert readout.claims[0].text.startswith("President Smith spoke today")
    for claim in readout.claims:
        assert text[claim.start : claim.end] == claim.text
    assert [s.reason for s in readout.skipped] == ["title"]


def test_bom_is_dropped_and_spans_index_the_decoded_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbf" + b"Kyiv spoke. Kiev agreed.")
    readout = load_readout(str(path))
    assert readout.text.startswith("Kyiv")
    assert [c.start for c in readout.claims] == [0, 12]


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Они поговорили. Они договорились.".encode("utf-16"))
    assert [c.text for c in load_readout(str(path)).claims] == [
        "Они поговорили.",
        "Они договорились.",
    ]


def test_yaml_text_readout(tmp_path: Path) -> None:
    path = write(
        tmp_path / "wh.yaml",
        "side: white-house\ntitle: Readout\ndate: 2025-03-18\nsource: The White House\n"
        "text: |\n  The leaders spoke.\n  They agreed on a ceasefire.\n",
    )
    readout = load_readout(str(path))
    assert (readout.name, readout.date, readout.publisher) == (
        "white-house",
        "2025-03-18",
        "The White House",
    )
    assert readout.span_base == "yaml-text"
    assert [c.text for c in readout.claims] == ["The leaders spoke.", "They agreed on a ceasefire."]
    assert [c.line for c in readout.claims] == [6, 7]
    for claim in readout.claims:
        assert readout.text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize(
    "text",
    [
        ">\n  The leaders\n  spoke.\n\n  They agreed\n  on a ceasefire.\n\n  Hockey was\n  raised.\n",
        '"The leaders\n  spoke.\n\n  They agreed\n  on a ceasefire.\n\n  Hockey was\n  raised."\n',
        "The leaders\n  spoke.\n\n  They agreed\n  on a ceasefire.\n\n  Hockey was\n  raised.\n",
    ],
    ids=["folded", "double-quoted", "plain"],
)
def test_yaml_folded_text_gives_each_claim_its_source_line(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "wh.yaml", "side: white-house\ntext: " + text)
    readout = load_readout(str(path), clauses=False)
    source = path.read_text().splitlines()
    assert [c.text for c in readout.claims] == [
        "The leaders spoke.",
        "They agreed on a ceasefire.",
        "Hockey was raised.",
    ]
    for claim in readout.claims:
        assert claim.text.split()[0] in source[claim.line - 1], (claim.line, claim.text)


def test_yaml_claims_readout_with_ids_and_topics(tmp_path: Path) -> None:
    path = write(
        tmp_path / "kr.yaml",
        "side: kremlin\nclaims:\n  - A 30-day halt to strikes on energy facilities.\n"
        "  - {text: Hockey matches between NHL and KHL players., id: hockey, topic: sport}\n",
    )
    readout = load_readout(str(path))
    assert [c.id for c in readout.claims] == ["kremlin:1", "kremlin:hockey"]
    assert readout.claims[1].topic == "sport"
    assert readout.span_base == "yaml-claims"
    for claim in readout.claims:
        assert readout.text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a\n- b\n", "must be a mapping, not a list"),
        ("side: x\ntext: 5\n", "'text' must be a string, not a number"),
        ("side: x\nclaims: hello\n", "'claims' must be a list, not a string"),
        ("side: x\nclaims:\n  - ''\n", "claim 1 is empty"),
        ("side: x\nclaims: []\n", "'claims' is an empty list"),
        ("side: x\ntext: a.\ncolour: red\n", "unknown key 'colour'"),
        ("side: x\ntext: a.\nclaims: [b]\n", "exactly one of 'text' or 'claims'"),
        ("text: hello.\n", "needs a 'side' key"),
        ("side: x\nclaims:\n  - {text: a., speaker: b}\n", "unknown key 'speaker' in claim 1"),
        ("side: x\nside: y\ntext: a.\n", "duplicate key 'side'"),
        ("side: [x\n", "YAML error"),
        ("side: x\ntitle: [1, 2]\ntext: a.\n", "'title' must be a string, not a list"),
    ],
)
def test_yaml_of_the_wrong_shape_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "bad.yaml", content)
    with pytest.raises(InputError) as info:
        load_readout(str(path))
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value)


def test_yaml_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", "side: x\ntext: a.\ncolour: red\n")
    with pytest.raises(InputError) as info:
        load_readout(str(path))
    assert info.value.line == 3


def test_yaml_python_tags_are_refused_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = write(
        tmp_path / "evil.yaml",
        f"side: x\ntext: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    with pytest.raises(InputError, match="unsupported YAML tag"):
        load_readout(str(path))
    assert not marker.exists()


def test_yaml_alias_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    lines = ["side: x", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 10):
        lines.append(f"a{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * 9) + "]")
    lines.append("text: *a9")
    path = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError, match="aliases"):
        load_readout(str(path))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_yaml_nested_thousands_deep_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.yaml", "side: x\ntext: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(InputError, match="nested deeper"):
        load_readout(str(path))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t \n", "holds only whitespace"),
        (b"abc\x00def", "looks binary"),
        (b"caf\xc3\xa9 \xff bar.", "x.txt:1:6: not valid UTF-8 (byte 0xff at offset 6)"),
    ],
)
def test_bad_bytes_are_refused_with_the_reason(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path / "x.txt", data)
    with pytest.raises(InputError) as info:
        load_readout(str(path))
    assert message in str(info.value)


def test_invalid_utf8_reports_line_and_column() -> None:
    with pytest.raises(InputError) as info:
        decode(b"first line\nsecond \xff line", path="x.txt")
    assert (info.value.line, info.value.column) == (2, 8)


def test_missing_file_and_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_readout(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        load_readout(str(tmp_path))
    with pytest.raises(InputError, match="is a file, not a call folder"):
        load_call(str(write(tmp_path / "a.txt", "x.")))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "Hidden.")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot be read"):
            load_readout(str(path))
    finally:
        path.chmod(0o600)


def test_size_limit_refuses_before_reading_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "A sentence. " * 1000)
    with pytest.raises(InputError, match="larger than the limit of 100 bytes"):
        read_bytes(str(path), max_bytes=100)


def test_stdin_is_read_with_the_limit() -> None:
    import io

    readout = load_readout("-", stdin=io.BytesIO(b"They met. They talked."))
    assert readout.name == "stdin" and len(readout.claims) == 2
    with pytest.raises(InputError, match="larger than the limit"):
        load_readout("-", stdin=io.BytesIO(b"x" * 50), max_bytes=10)


def test_stdin_yaml_is_recognised() -> None:
    import io

    readout = load_readout("-", stdin=io.BytesIO(b"side: kremlin\nclaims: [One., Two.]\n"))
    assert readout.name == "kremlin"


def test_readout_with_no_sentence(tmp_path: Path) -> None:
    for content in ["x" * 100_000, "# Heading\n\n## Another heading\n"]:
        path = write(tmp_path / "none.md", content)
        with pytest.raises(InputError, match="holds no claim"):
            load_readout(str(path))


def test_call_folder_sorted_without_call_yaml(tmp_path: Path) -> None:
    write(tmp_path / "b-side.txt", KREMLIN)
    write(tmp_path / "a-side.md", WHITE_HOUSE)
    write(tmp_path / "notes.json", "{}")
    call = load_call(str(tmp_path))
    assert [r.name for r in call.readouts] == ["a-side", "b-side"]


def test_call_yaml_sets_order_labels_and_aliases(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", WHITE_HOUSE)
    write(tmp_path / "b.txt", KREMLIN)
    write(
        tmp_path / "call.yaml",
        "title: A call\ndate: 2025-03-18\nparticipants: [Smith, Ivanov]\n"
        "sides:\n  - {file: b.txt, name: kremlin, label: Kremlin}\n  - a.txt\n"
        "aliases:\n  hockey: [KHL, NHL]\n",
    )
    call = load_call(str(tmp_path))
    assert [(r.name, r.label) for r in call.readouts] == [("kremlin", "Kremlin"), ("a", "a")]
    assert call.readouts[0].claims[0].id == "kremlin:1"
    assert (call.title, call.date, call.participants) == (
        "A call",
        "2025-03-18",
        ("Smith", "Ivanov"),
    )
    assert dict(call.aliases) == {"hockey": ("KHL", "NHL")}


def test_call_folder_with_one_readout_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", WHITE_HOUSE)
    with pytest.raises(UsageError, match="at least two readout files"):
        load_call(str(tmp_path))


def test_call_yaml_errors_name_the_key(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", WHITE_HOUSE)
    write(tmp_path / "call.yaml", "title: x\nsidez: []\n")
    with pytest.raises(InputError, match="unknown key 'sidez'"):
        load_call(str(tmp_path))
    write(tmp_path / "b.txt", KREMLIN)
    for wrong in ("0", "false", '""'):
        write(tmp_path / "call.yaml", f"participants: {wrong}\n")
        with pytest.raises(InputError, match=r"call\.yaml:1: 'participants' must be a list"):
            load_call(str(tmp_path))


def test_renamed_keeps_ids_consistent(pair: tuple[Path, Path]) -> None:
    readout = renamed(load_readout(str(pair[0])), "wh", label="White House")
    assert readout.name == "wh" and readout.label == "White House"
    assert all(c.id.startswith("wh:") and c.side == "wh" for c in readout.claims)


def test_alias_file_shape_is_checked(tmp_path: Path) -> None:
    good = write(tmp_path / "a.yaml", "kyiv: [Kiev, Kyiv]\nzelensky: Zelenskyy\n")
    assert load_aliases(str(good)) == {"kyiv": ("Kiev", "Kyiv"), "zelensky": ("Zelenskyy",)}
    bad = write(tmp_path / "b.yaml", "two-words: [x]\n")
    with pytest.raises(InputError, match="must be words"):
        load_aliases(str(bad))


def test_inputs_are_never_modified(pair: tuple[Path, Path]) -> None:
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in pair]
    load_readout(str(pair[0]))
    load_call(str(pair[0].parent))
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in pair] == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("side: x\na: &a [1]\nb: *a\ntext: t.\n", "aliases"),
        ("side: x\ntext: !!python/object/apply:os.system ['true']\n", "unsupported YAML tag"),
        ("side: x\ntext: " + "[" * 60 + "]" * 60 + "\n", "nested deeper than 50"),
        ("side: x\nside: y\ntext: a.\n", "duplicate key 'side'"),
    ],
)
def test_the_pure_python_yaml_path_refuses_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:
    """Without libyaml the loader falls back to PyYAML's Python parser, with the same checks."""
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    path = write(tmp_path / "x.yaml", content)
    with pytest.raises(InputError, match=message):
        load_readout(str(path))
    good = write(tmp_path / "good.yaml", "side: x\nclaims: [One claim., Two claims.]\n")
    assert len(load_readout(str(good)).claims) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title: 5\n", ":1: 'title' must be a string, not a number (put it in quotes)"),
        ("date: 2025\n", ":1: 'date' must be a string, not a number"),
        ("sides:\n  - a.txt\n  - {file: b.txt, name: 42}\n", ":3: 'name' must be a string"),
        ("sides:\n  - a.txt\n  - {file: b.txt, label: no}\n", ":3: 'label' must be a string"),
        ("sides:\n  - a.txt\n  - {file: 1.5}\n", ":3: 'file' must be a string, not a number"),
    ],
)
def test_call_yaml_refuses_numbers_and_booleans_for_text(
    tmp_path: Path, content: str, message: str
) -> None:
    write(tmp_path / "a.txt", WHITE_HOUSE)
    write(tmp_path / "b.txt", KREMLIN)
    write(tmp_path / "call.yaml", content)
    with pytest.raises(InputError) as caught:
        load_call(str(tmp_path))
    assert str(caught.value).startswith(f"{tmp_path / 'call.yaml'}{message}")


def test_a_single_alias_spelling_may_be_a_string(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", WHITE_HOUSE)
    write(tmp_path / "b.txt", KREMLIN)
    write(tmp_path / "call.yaml", "date: 2025-03-18\naliases:\n  kyiv: Kiev\n")
    call = load_call(str(tmp_path))
    assert dict(call.aliases) == {"kyiv": ("Kiev",)} and call.date == "2025-03-18"


def test_a_clause_knows_its_whole_sentence() -> None:
    from readout_diff.load import readout_from_text

    text = "The leaders agreed on a truce; they also discussed prisoners, and called for talks. Hockey."
    readout = readout_from_text(text, name="a")
    spans = {c.text: readout.sentence_of(c) for c in readout.claims}
    whole = (0, text.index(" Hockey"))
    assert spans["they also discussed prisoners"] == whole
    assert spans["and called for talks."] == whole
    assert spans["Hockey."] == (text.index("Hockey"), len(text))


def test_shape_errors_of_yaml_files_name_their_line(tmp_path: Path) -> None:
    listed = write(tmp_path / "aliases.yaml", "# spellings\n- Kyiv\n- Kiev\n")
    with pytest.raises(InputError) as caught:
        load_aliases(str(listed))
    assert caught.value.line == 2 and "must be a mapping" in str(caught.value)
    both = write(tmp_path / "both.yaml", "side: a\ntext: One point.\nclaims:\n  - Another point.\n")
    with pytest.raises(InputError) as caught:
        load_readout(str(both))
    assert caught.value.line == 3 and "exactly one of 'text' or 'claims'" in str(caught.value)
    neither = write(tmp_path / "neither.yaml", "\nside: a\ntitle: Nothing\n")
    with pytest.raises(InputError) as caught:
        load_readout(str(neither))
    assert caught.value.line == 2


_MARKDOWN_YAML_TEXT = (
    "# Readout of the call\n\n"
    "**Both** leaders agreed on\n[a ceasefire](https://example.org/c) in the *Black Sea*.\n\n"
    "- They will meet again in `Riyadh`.\n"
    "- Talks on __energy__ continue &amp; widen.\n"
)


@pytest.mark.parametrize("style", ["|", "|-", ">"])
def test_markdown_in_a_yaml_text_is_read_as_a_markdown_files_is(tmp_path: Path, style: str) -> None:
    body = _MARKDOWN_YAML_TEXT
    if style == ">":  # folded: a blank line between the items keeps them apart
        body = body.replace(".\n- Talks", ".\n\n- Talks")
    indented = "".join(f"  {line}" if line.strip() else "\n" for line in body.splitlines(True))
    path = write(tmp_path / "wh.yaml", f"side: white-house\ntext: {style}\n{indented}")
    readout = load_readout(str(path))
    as_markdown = load_readout(str(write(tmp_path / "wh.md", body)))
    assert readout.span_base == "markdown-text"
    # A folded text's lines are joined by spaces, as YAML reads it.
    assert [" ".join(c.text.split()) for c in readout.claims] == [
        " ".join(c.text.split()) for c in as_markdown.claims
    ]
    assert [" ".join(c.text.split()) for c in readout.claims] == [
        "Both leaders agreed on a ceasefire in the Black Sea.",
        "They will meet again in Riyadh.",
        "Talks on energy continue & widen.",
    ]
    for claim in readout.claims:
        assert readout.text[claim.start : claim.end] == claim.text
    # Each claim's line is the file's: the text starts on line 3 (under "text:").
    assert [c.line for c in readout.claims] == [c.line + 2 for c in as_markdown.claims]
    assert [s.reason for s in readout.skipped] == ["heading"]


YAML_WITH_METADATA = {
    "literal": "|\n  Note for the press\n\n  For release at noon\n\n  The leaders spoke.\n"
    "  They agreed on a ceasefire.\n",
    # A folded text's single blank line is its line break: two end a paragraph.
    "folded": ">\n  Note for the\n  press\n\n\n  For release at noon\n\n\n  The leaders\n  spoke.\n",
    "markdown": "|\n  # Note for the press\n\n  For release at noon\n\n  The **leaders** spoke.\n",
}


@pytest.mark.parametrize("style", list(YAML_WITH_METADATA))
def test_yaml_text_gives_each_skipped_line_its_line_in_the_file(tmp_path: Path, style: str) -> None:
    # The text starts on line 5 of the file: its skipped lines are lines of the file, as its
    # claims' lines and the errors in YAML files are.
    head = "side: kremlin\ntitle: A call\ndate: 2025-01-01\ntext: "
    path = write(tmp_path / "kr.yaml", head + YAML_WITH_METADATA[style])
    source = path.read_text().splitlines()
    readout = load_readout(str(path))
    assert [s.line for s in readout.skipped] == ([5, 9] if style == "folded" else [5, 7])
    for skipped in readout.skipped:
        words = readout.text[skipped.start : skipped.end].split()
        assert words[0] in source[skipped.line - 1], (skipped, source)
    for claim in readout.claims:
        assert claim.text.split()[0] in source[claim.line - 1].replace("**", ""), claim
