"""Fuzz the loaders and the whole pipeline with mutated readouts, call files and expectations.

Seeds are the files of ``readouts/``. Each input is a seed mutated a few times (byte flips,
truncation, splicing, YAML special characters, tags, anchors, deep nesting, control
characters, huge lines, random Unicode, other line endings and encodings, and reshaped YAML
data), then fed to the loaders, to ``compare`` and every renderer, and, inside a temporary
corpus, to ``check`` and its renderers. Any exception other than the tool's own
``ReadoutDiffError`` is a failure, and so is output that breaks a promise the tool makes
(spans that do not reproduce the text, JSON or JUnit XML that does not parse, a control
or invisible character in plain terminal output, an input that takes too long). Some inputs
are also timed at two sizes (a piece of them repeated k and 8k times): work that grows faster
than the input (a regex that backtracks, a scan from the start for each match) fails.

    python bench/fuzz.py --seconds 600
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from readout_diff.check import CheckOptions, check_corpus  # noqa: E402
from readout_diff.errors import INVISIBLE, ReadoutDiffError  # noqa: E402
from readout_diff.folders import load_call  # noqa: E402
from readout_diff.load import load_aliases, load_readout, readout_from_text  # noqa: E402
from readout_diff.model import Readout, Report  # noqa: E402
from readout_diff.render.as_json import claims_to_dict, dumps, report_to_dict  # noqa: E402
from readout_diff.render.as_markdown import render_claims, render_markdown  # noqa: E402
from readout_diff.render.check_output import (  # noqa: E402
    check_to_dict,
    render_check_markdown,
    render_junit,
)
from readout_diff.render.check_terminal import render_check  # noqa: E402
from readout_diff.render.claims_terminal import render_claims as terminal_claims  # noqa: E402
from readout_diff.render.terminal import (  # noqa: E402
    make_console,
    render_terminal,
)
from readout_diff.report import compare  # noqa: E402
from readout_diff.safe_yaml import parse_yaml  # noqa: E402

SEEDS = ROOT / "readouts"
PER_INPUT_SECONDS = 10.0
# The terminal renderer costs about half a millisecond a claim, and Rich's wrapping some
# 30 microseconds a character of claim text (linear, but 10 s at 300 KB): past these, it is
# skipped.
TERMINAL_MAX_CLAIMS = 3000
TERMINAL_MAX_CHARACTERS = 100_000
MAX_INPUT_BYTES = 2_000_000
SUFFIXES = (".txt", ".md", ".yaml")
# Growth: the share of inputs timed at two sizes, the two sizes' ratio, and how much slower
# than linear the larger may be (caches and the allocator are not linear) once it takes
# long enough to measure.
GROWTH_SHARE = 0.05
GROWTH_FACTOR = 8
GROWTH_SLACK = 2.5
GROWTH_FLOOR = 0.25
GROWTH_BYTES = 6000
GROWTH_PIECES = [
    " ",
    "\t ",
    "A ",
    "A-",
    "A.",
    "1 ",
    "1,",
    "Mar 1 ",
    "(",
    '"',
    "“",
    "a; ",
    ", and ",
    "U.S. ",
    "- ",
    "-",
    "#",
    ":",
    "59:",
    "\n",
    "\n\n",
    "x",
    "Mr. ",
    "e.g. ",
    "...",
    "'s ",
]
_INVISIBLE = re.compile(f"[{INVISIBLE}]")

YAML_SPECIALS = [
    ": ",
    "- ",
    "? ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "|",
    "|-\n",
    ">",
    ">+\n",
    "'",
    '"',
    "#",
    "%YAML 1.1\n",
    "%TAG ! tag:example.com,2000:\n",
    "---\n",
    "...\n",
    "<<: *a\n",
    "~",
    "null",
    "yes",
    "NO",
    ".nan",
    "-.inf",
    "0x1F",
    "0o17",
    "1_000",
    "2025-13-45",
    "2025-03-18T12:00:00Z",
    "\t",
    "\\",
    "@",
    "`",
    "!",
    "&",
    "*",
]
YAML_TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!timestamp 2001-12-14",
    "!!int '12'",
    "!!float 1e400",
    "!!str 5",
    "!!null ''",
    "!!bool yes",
    "!!map {a: 1}",
    "!!seq [a]",
    "!local value",
    "!<tag:yaml.org,2002:str> x",
    "!!merge <<",
]
ANCHORS = ["&a ", "*a", "&a [x, y]", "*a\n", "&b {k: v}", "<<: *b\n", "&a &b x", "*missing"]
CONTROLS = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\r",
    "\x1b[31m",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b31m",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200f",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "[bold red]",
    "[/]",
    "[link=http://x]",
    "]]>",
    "<script>",
    "|",
    "`",
    "# ",
]
PROSE = [
    "Mr. Smith met Gen. Lee at 9 a.m. today.",
    "The U.S. and the PRC discussed tariffs; they agreed to talk again.",
    '"We will never agree," he said. "Never."',
    "«Мы договорились», — сказал он.",
    "两国元首通了电话。双方同意加强合作！",
    "تحدث الرئيسان عبر الهاتف.",
    "- A list item.\n- Another item, and a third one followed.",
    "# Heading\n\nText after a heading.",
    "WASHINGTON — The leaders spoke.",
    "No. 10 said so on Jan. 9.",
    "They discussed energy, trade, and hockey, while the ministers met.",
    "Growth of 3.5 percent; 175 for 175 prisoners; $1.2 billion in aid.",
    "(Parenthetical; with a semicolon.) And more.",
    "...",
    "!?",
    "。",
]


@dataclass(frozen=True)
class Seed:
    """One seed file: its call folder, its name in it, and its bytes."""

    folder: Path
    name: str
    data: bytes


@dataclass
class Failure:
    """A failing input: where it went, what broke, and the input itself."""

    target: str
    name: str
    data: bytes
    error: str
    trace: str


@dataclass
class Stats:
    """What a fuzz run did."""

    tried: int = 0
    grown: int = 0  # inputs also timed at two sizes
    known: dict[str, int] = field(default_factory=dict)  # of those, known super-linear paths
    failures: list[Failure] = field(default_factory=list)
    signatures: set[str] = field(default_factory=set)
    seconds: float = 0.0


class SlowInput(BaseException):
    """An input took longer than the per-input limit (not an Exception: nothing swallows it)."""


# --- mutations ---------------------------------------------------------------------------


def load_seeds(folder: Path = SEEDS) -> list[Seed]:
    """Every file of every call folder under ``folder``."""
    seeds = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            seeds.append(Seed(path.parent, path.name, path.read_bytes()))
    return seeds


def _random_unicode(rnd: random.Random, n: int) -> str:
    chars = []
    for _ in range(n):
        pick = rnd.random()
        if pick < 0.4:
            chars.append(chr(rnd.randint(0x20, 0x7E)))
        elif pick < 0.6:
            chars.append(chr(rnd.randint(0xA0, 0x2FFF)))
        elif pick < 0.7:
            chars.append(chr(rnd.randint(0x3000, 0x9FFF)))
        elif pick < 0.8:
            chars.append(chr(rnd.randint(0, 0x1F)))
        elif pick < 0.9:
            chars.append(chr(rnd.randint(0x10000, 0x10FFFF)))
        else:
            chars.append(rnd.choice(" \n.,;:!?'\"-#*|()[]{}&<>"))
    return "".join(chars)


def _as_text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _insert(rnd: random.Random, data: bytes, piece: str | bytes) -> bytes:
    chunk = piece if isinstance(piece, bytes) else piece.encode("utf-8", "surrogatepass")
    at = rnd.randint(0, len(data))
    if rnd.random() < 0.5 and data:
        # At the start of a line, where YAML structure lives.
        at = data.rfind(b"\n", 0, at) + 1
    return data[:at] + chunk + data[at:]


def _nest(rnd: random.Random) -> str:
    depth = rnd.choice([10, 49, 50, 51, 200, 3000])
    style = rnd.randrange(4)
    if style == 0:
        return "[" * depth + "]" * depth
    if style == 1:
        return "{a: " * depth + "1" + "}" * depth
    if style == 2:
        return "\n" + "".join(" " * k + "- \n" for k in range(min(depth, 400)))
    return "\n" + "".join(" " * k + "k:\n" for k in range(min(depth, 400))) + " " * 401 + "x\n"


def _reshape_yaml(rnd: random.Random, data: bytes) -> bytes:
    """Parse YAML, put a value of another type somewhere in it, and write it back."""
    try:
        value = yaml.safe_load(data)
    except Exception:
        return data
    replacements: list[Any] = [
        None,
        True,
        0,
        -1,
        1.5e308,
        "",
        " ",
        "x" * rnd.randint(1, 5000),
        [],
        {},
        [None],
        ["One claim."],
        {"text": None},
        {"text": "A claim.", "id": None},
        {"text": "A claim.", "id": rnd.choice(["", " ", "a b", "x", 3, "\x1b[2J"])},
        [[["deep"]]],
        {1: 2},
        {None: "x"},
        {"k": [1, {"j": None}]},
        _random_unicode(rnd, rnd.randint(1, 40)),
        rnd.choice(PROSE),
    ]

    def walk(node: Any, depth: int) -> Any:
        if depth > 6 or rnd.random() < 0.25:
            return rnd.choice(replacements)
        if isinstance(node, dict) and node:
            key = rnd.choice(list(node))
            if rnd.random() < 0.15:
                node = dict(node)
                node.pop(key)
                if rnd.random() < 0.5:
                    node[rnd.choice(["colour", "sides", "text", "claims", "only", "kind", 1])] = (
                        rnd.choice(replacements)
                    )
                return node
            node = dict(node)
            node[key] = walk(node[key], depth + 1)
            return node
        if isinstance(node, list) and node:
            node = list(node)
            k = rnd.randrange(len(node))
            node[k] = walk(node[k], depth + 1)
            if rnd.random() < 0.1:
                node.append(rnd.choice(replacements))
            return node
        return rnd.choice(replacements)

    try:
        return yaml.safe_dump(walk(value, 0), allow_unicode=rnd.random() < 0.5).encode(
            "utf-8", "surrogatepass"
        )
    except Exception:
        return data


def mutate(rnd: random.Random, data: bytes, seeds: list[Seed]) -> bytes:
    """Apply one random mutation."""
    choice = rnd.randrange(20)
    if choice == 0 and data:  # bit flips
        buf = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            k = rnd.randrange(len(buf))
            buf[k] ^= 1 << rnd.randrange(8)
        return bytes(buf)
    if choice == 1 and data:  # random bytes
        buf = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            buf[rnd.randrange(len(buf))] = rnd.randrange(256)
        return bytes(buf)
    if choice == 2:  # truncation
        return data[: rnd.randint(0, len(data))]
    if choice == 3:  # splicing
        other = rnd.choice(seeds).data
        return data[: rnd.randint(0, len(data))] + other[rnd.randint(0, len(other)) :]
    if choice == 4:
        return _insert(rnd, data, rnd.choice(YAML_SPECIALS))
    if choice == 5:
        return _insert(rnd, data, rnd.choice(YAML_TAGS))
    if choice == 6:
        return _insert(rnd, data, rnd.choice(ANCHORS))
    if choice == 7:
        return _insert(rnd, data, _nest(rnd))
    if choice == 8:
        return _insert(rnd, data, rnd.choice(CONTROLS) * rnd.choice([1, 1, 2, 50]))
    if choice == 9:  # a huge line
        piece = rnd.choice(["x", "a. ", "w w w w; ", '"', "(", "U.S. ", ", and ", " "])
        return _insert(rnd, data, piece * rnd.randint(1000, 300_000 // len(piece)))
    if choice == 10:
        return _insert(rnd, data, _random_unicode(rnd, rnd.randint(1, 200)))
    if choice == 11:  # line endings
        newline = rnd.choice([b"\r\n", b"\r", b"\n\n", b"\x0b", "\u2028".encode()])
        return data.replace(b"\n", newline)
    if choice == 12:  # encodings and byte-order marks
        text = data.decode("utf-8", "replace")
        codec = rnd.choice(["utf-16", "utf-16-be", "utf-32", "utf-8-sig", "latin-1", "cp1251"])
        try:
            encoded = text.encode(codec)
        except UnicodeEncodeError:
            encoded = text.encode(codec, "replace")
        if codec == "utf-16-be" and rnd.random() < 0.5:
            encoded = b"\xfe\xff" + encoded
        return encoded
    if choice == 13:  # lines deleted, duplicated, swapped
        lines = data.split(b"\n")
        if len(lines) > 1:
            a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            op = rnd.randrange(3)
            if op == 0:
                del lines[a]
            elif op == 1:
                lines.insert(a, lines[b])
            else:
                lines[a], lines[b] = lines[b], lines[a]
        return b"\n".join(lines)
    if choice == 14:
        return _reshape_yaml(rnd, data)
    if choice == 15:
        return _insert(rnd, data, rnd.choice(PROSE) + rnd.choice([" ", "\n", "\n\n"]))
    if choice == 16:  # indentation changed
        lines = data.split(b"\n")
        k = rnd.randrange(len(lines))
        lines[k] = rnd.choice([b" ", b"  ", b"\t", b""]) + lines[k].lstrip()
        return b"\n".join(lines)
    if choice == 17:  # the same chunk many times
        if data:
            a = rnd.randrange(len(data))
            chunk = data[a : a + rnd.randint(1, 80)]
            return _insert(rnd, data, chunk * rnd.randint(2, 2000))
        return data
    if choice == 18:  # a fresh text of random prose
        return "\n\n".join(rnd.choice(PROSE) for _ in range(rnd.randint(1, 12))).encode()
    return _insert(rnd, data, _random_unicode(rnd, rnd.randint(1, 20)).encode("utf-8", "replace"))


def make_input(rnd: random.Random, seeds: list[Seed]) -> tuple[Seed, bytes]:
    """A seed and a few mutations of it, kept under ``MAX_INPUT_BYTES``."""
    seed = rnd.choice(seeds)
    data = seed.data
    for _ in range(rnd.choice([1, 1, 2, 3, 5])):
        data = mutate(rnd, data, seeds)
        if len(data) > MAX_INPUT_BYTES:
            data = data[:MAX_INPUT_BYTES]
    return seed, data


# --- what each input goes through --------------------------------------------------------


def _check_readout(readout: Readout) -> None:
    for claim in readout.claims:
        assert readout.text[claim.start : claim.end] == claim.text, (claim.id, "span")
        assert claim.text.strip(), (claim.id, "empty claim")


def _no_controls(text: str, what: str) -> None:
    bad = sorted({ch for ch in text if (ch < " " and ch != "\n") or "\x7f" <= ch <= "\x9f"})
    assert not bad, f"{what}: control characters {bad!r} in the output"
    assert "\u202e" not in text and "\u2066" not in text, f"{what}: bidi override in the output"
    hidden = sorted({f"U+{ord(ch):04X}" for ch in _INVISIBLE.findall(text)})
    assert not hidden, f"{what}: invisible characters {hidden} in the output"


def render_all(report: Report, rnd: random.Random) -> None:
    """Every renderer of a report; JSON must parse, plain terminal output must be clean."""
    data = json.loads(dumps(report_to_dict(report)))
    assert data["schema_version"] == 1
    ids = sorted(c["id"] for s in data["sides"] for c in s["claims"])
    assert sorted(c for p in data["points"] for c in p["claims"]) == ids, "claims lost"
    # One draw for both options, so the inputs' paths through the renderers stay as they were.
    draw = rnd.random()
    hide, explain = draw < 0.3, 0.15 < draw < 0.45
    markdown = render_markdown(report, hide_agreed=hide, explain=explain)
    _no_controls(markdown, "markdown")
    width = rnd.choice([40, 80, 200])
    # The terminal renderers cost most of an input's time: run them on a share of inputs.
    terminal = (
        sum(len(r.claims) for r in report.sides) <= TERMINAL_MAX_CLAIMS
        and sum(len(r.text) for r in report.sides) <= TERMINAL_MAX_CHARACTERS
    )
    if terminal and rnd.random() < 0.4:
        plain = io.StringIO()
        render_terminal(
            report, make_console(plain, color=False, width=width), hide_agreed=hide, explain=explain
        )
        _no_controls(plain.getvalue(), "terminal")
    if terminal and rnd.random() < 0.1:
        coloured = io.StringIO()
        render_terminal(report, make_console(coloured, color=True, width=80, force_terminal=True))
    for readout in report.sides:
        json.loads(dumps(claims_to_dict(readout)))
        _no_controls(render_claims(readout), "claims markdown")
        if terminal and rnd.random() < 0.15:
            out = io.StringIO()
            terminal_claims(readout, make_console(out, color=False, width=width))
            _no_controls(out.getvalue(), "claims terminal")


def _partner() -> Readout:
    return readout_from_text(
        "The leaders discussed energy and trade. They agreed to meet again in Geneva.",
        name="zz-partner",
    )


def run_readout(path: Path, rnd: random.Random) -> None:
    """Load a mutated readout file, compare it with another side, render everything."""
    readout = load_readout(str(path), clauses=rnd.random() < 0.8)
    _check_readout(readout)
    other = _partner()
    if other.name == readout.name:
        return
    sides = [readout, other] if rnd.random() < 0.5 else [other, readout]
    scorer = "fuzzy" if rnd.random() < 0.15 else "weighted"
    threshold = rnd.choice([0.0, 0.2, 0.2, 0.5, 1.0])
    report = compare(sides, scorer=scorer, threshold=threshold, margin=rnd.choice([0.0, 0.06]))
    render_all(report, rnd)


def run_text(data: bytes, rnd: random.Random) -> None:
    """The bytes decoded leniently (NUL and all) and split straight from text, then compared."""
    text = data.decode("utf-8", "replace")
    readout = readout_from_text(text, name="text", clauses=rnd.random() < 0.8)
    _check_readout(readout)
    report = compare([readout, _partner()], scorer="fuzzy" if rnd.random() < 0.15 else "weighted")
    render_all(report, rnd)


def run_stdin(data: bytes, rnd: random.Random) -> None:
    """The same bytes on standard input."""
    readout = load_readout("-", stdin=io.BytesIO(data), max_bytes=rnd.choice([1024, 5 << 20]))
    _check_readout(readout)


def run_call(folder: Path, rnd: random.Random) -> None:
    """Load the call folder holding the mutated file, compare it, render everything."""
    call = load_call(str(folder))
    for readout in call.readouts:
        _check_readout(readout)
    report = compare(list(call.readouts), aliases=dict(call.aliases), title=call.title)
    render_all(report, rnd)


def run_check(corpus: Path, rnd: random.Random) -> None:
    """Check a corpus holding the mutated call; every check renderer must hold up."""
    result = check_corpus(str(corpus), options=CheckOptions())
    json.loads(dumps(check_to_dict(result)))
    _no_controls(render_check_markdown(result), "check markdown")
    junit = render_junit(result)
    ET.fromstring(junit.encode("utf-8"))
    if rnd.random() < 0.5:
        out = io.StringIO()
        render_check(result, make_console(out, color=False, width=rnd.choice([60, 100])))
        _no_controls(out.getvalue(), "check terminal")


def run_cli(args: list[str]) -> None:
    """The command line in this process: exit 0, 1 or 2, and an error is one clean line."""
    from readout_diff.cli import app

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app(args, prog_name="readout-diff")
        except SystemExit as exc:
            code = exc.code
    out.flush()
    err.flush()
    stdout = out.buffer.getvalue().decode("utf-8")
    stderr = err.buffer.getvalue().decode("utf-8")
    assert code in (0, 1, 2), f"exit status {code!r}: {stderr[-2000:]}"
    if code == 2:
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("readout-diff: error: "), stderr[-2000:]
        assert "internal error" not in stderr, stderr
        assert stdout == "", "output on stdout after an error"
    else:
        assert stderr == "", stderr[-2000:]


def run_aliases(path: Path) -> None:
    """A mutated file read as an alias table, then used for a comparison."""
    table = load_aliases(str(path))
    a = readout_from_text("Kyiv and Washington spoke of energy.", name="a")
    b = readout_from_text("Kiev and the U.S. spoke of power.", name="b")
    compare([a, b], aliases=table)


def run_pipeline(text: str) -> None:
    """Split, compare with itself under another name, and render JSON and Markdown."""
    try:
        readout = readout_from_text(text, name="a")
    except ReadoutDiffError:
        return
    report = compare([readout, readout_from_text(text, name="b")])
    dumps(report_to_dict(report))
    render_markdown(report)


def run_yaml(text: str) -> None:
    """The safe YAML loader alone."""
    with contextlib.suppress(ReadoutDiffError):
        parse_yaml(text, path="x.yaml")


def grown(rnd: random.Random, data: bytes) -> tuple[str, str, str]:
    """A piece of the input (or a known hard one) and where to repeat it: (head, piece, tail)."""
    text = data.decode("utf-8", "replace")
    if text and rnd.random() < 0.5:
        a = rnd.randrange(len(text))
        piece = text[a : a + rnd.randint(1, 12)]
    else:
        piece = rnd.choice(GROWTH_PIECES)
    at = rnd.randint(0, len(text))
    head, tail = text[:at][-200:], text[at:][:200]
    return head, piece, tail


# Super-linear paths that are known and open, each with how to recognise its input: they
# are counted, not failed, so that the list is all that may be tolerated (and must not grow).
# None is open today.
KNOWN_GROWTH: dict[str, Callable[[str], bool]] = {}


def known_growth(action: Callable[[str], None], text: str) -> str | None:
    """The known super-linear path ``text`` takes, if any."""
    if action is not run_pipeline:
        return None
    return next((name for name, hit in KNOWN_GROWTH.items() if hit(text)), None)


def check_growth(
    action: Callable[[str], None],
    head: str,
    piece: str,
    tail: str,
    *,
    attempts: int = 3,
    known: Callable[[str], None] | None = None,
) -> None:
    """The same input with ``piece`` repeated k and 8k times: fail when it grows super-linearly."""
    k = max(1, GROWTH_BYTES // max(1, len(piece)))
    small, large = head + piece * k + tail, head + piece * (k * GROWTH_FACTOR) + tail
    reason = known_growth(action, large)
    if reason is not None:
        if known is not None:
            known(reason)
        return
    measured = []
    for _ in range(attempts):  # a busy machine slows one run; super-linear work, every run
        # CPU time, not wall time: what a loaded machine takes from the process does not count.
        started = time.process_time()
        try:
            action(small)
            middle = time.process_time()
            action(large)
        except SlowInput as exc:
            raise SlowInput(f"{exc}: {piece[:20]!r} x{k} and x{k * GROWTH_FACTOR}") from None
        ended = time.process_time()
        small_s, large_s = middle - started, ended - middle
        if large_s < GROWTH_FLOOR or large_s < GROWTH_SLACK * GROWTH_FACTOR * small_s:
            return
        measured.append(f"{small_s:.3f} s / {large_s:.3f} s")
    raise AssertionError(
        f"super-linear growth: {piece[:20]!r} x{k} and x{k * GROWTH_FACTOR}: {', '.join(measured)}"
    )


# --- the loop ----------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise SlowInput when the block costs more than ``seconds`` of CPU (main thread, Unix)."""
    usable = hasattr(signal, "setitimer") and _main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise SlowInput(f"took longer than {seconds:.0f} s")

    # CPU time (ITIMER_PROF), not wall time: on a loaded machine, or under nice, an input is
    # slow only when it costs the process that long.
    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "readout_diff" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def one(
    rnd: random.Random,
    seeds: list[Seed],
    workdir: Path,
    stats: Stats,
    limit: float,
    growth: float = GROWTH_SHARE,
) -> Failure | None:
    """Make one input, run it through its targets, and return the failure it caused, if any."""
    seed, data = make_input(rnd, seeds)
    call_dir = workdir / "corpus" / seed.folder.name
    if call_dir.parent.exists():
        shutil.rmtree(call_dir.parent)
    shutil.copytree(seed.folder, call_dir)
    name = seed.name
    if name not in ("call.yaml", "expect.yaml") and rnd.random() < 0.3:
        # The same bytes under another kind of name: YAML read as text and the other way.
        stem = Path(name).stem
        (call_dir / name).unlink()
        name = stem + rnd.choice(SUFFIXES)
        _rename_in_call_yaml(call_dir, seed.name, name)
    (call_dir / name).write_bytes(data)
    targets: list[tuple[str, Callable[[], None]]] = []
    if name not in ("call.yaml", "expect.yaml"):
        targets.append(("readout", lambda: run_readout(call_dir / name, rnd)))
        if rnd.random() < 0.2:
            targets.append(("stdin", lambda: run_stdin(data, rnd)))
        if rnd.random() < 0.2:
            targets.append(("text", lambda: run_text(data, rnd)))
    if name == "call.yaml" or rnd.random() < 0.3:
        targets.append(("call", lambda: run_call(call_dir, rnd)))
    if name == "expect.yaml" or name == "call.yaml" or rnd.random() < 0.15:
        targets.append(("check", lambda: run_check(call_dir.parent, rnd)))
    if rnd.random() < 0.1:
        small = len(data) < 50_000  # the terminal report of a huge input takes seconds
        fmt = rnd.choice(["terminal", "json", "markdown"] if small else ["json", "markdown"])
        args = ["compare", str(call_dir), "-f", fmt, "--no-color"]
        targets.append(("cli compare", lambda: run_cli(args)))
        if name not in ("call.yaml", "expect.yaml"):
            one_file = ["claims", str(call_dir / name), "-f", fmt, "--no-color"]
            targets.append(("cli claims", lambda: run_cli(one_file)))
    if name.endswith(".yaml") and rnd.random() < 0.1:
        targets.append(("aliases", lambda: run_aliases(call_dir / name)))
    if rnd.random() < growth:
        head, piece, tail = grown(rnd, data)
        timed = run_yaml if name.endswith(".yaml") and rnd.random() < 0.5 else run_pipeline
        stats.grown += 1

        def tolerated(reason: str) -> None:
            stats.known[reason] = stats.known.get(reason, 0) + 1

        targets.append(("growth", lambda: check_growth(timed, head, piece, tail, known=tolerated)))
    stats.tried += 1
    for target, action in targets:
        try:
            with time_limit(limit):
                action()
        except ReadoutDiffError as exc:
            text = str(exc)
            if any(ch < " " or "\x7f" <= ch <= "\x9f" or ch in "\u2028\u202e" for ch in text):
                return _failure(target, name, data, AssertionError(f"unsafe message {text!r}"))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            return _failure(target, name, data, exc)
    return None


def _rename_in_call_yaml(call_dir: Path, old: str, new: str) -> None:
    call_yaml = call_dir / "call.yaml"
    if call_yaml.exists():
        text = call_yaml.read_text(encoding="utf-8")
        call_yaml.write_text(text.replace(f"file: {old}", f"file: {new}"), encoding="utf-8")


def _failure(target: str, name: str, data: bytes, exc: BaseException) -> Failure:
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Failure(target, name, data, _signature(exc), trace)


def fuzz(
    seconds: float,
    *,
    seed: int | None = None,
    max_inputs: int | None = None,
    limit: float = PER_INPUT_SECONDS,
    keep_going: bool = True,
    log: Callable[[str], None] | None = None,
    growth: float = GROWTH_SHARE,
) -> Stats:
    """Fuzz for ``seconds`` (or ``max_inputs``); return the inputs tried and distinct failures."""
    rnd = random.Random(seed)
    seeds = load_seeds()
    stats = Stats()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="readout-diff-fuzz-") as tmp:
        workdir = Path(tmp)
        while time.monotonic() - started < seconds:
            if max_inputs is not None and stats.tried >= max_inputs:
                break
            failure = one(rnd, seeds, workdir, stats, limit, growth)
            if failure is not None and failure.error not in stats.signatures:
                stats.signatures.add(failure.error)
                stats.failures.append(failure)
                if log:
                    log(describe(failure))
                if not keep_going:
                    break
    stats.seconds = time.monotonic() - started
    return stats


def describe(failure: Failure) -> str:
    """A failure as text: what broke, where, and the input (shortened when long)."""
    shown = failure.data if len(failure.data) <= 2000 else failure.data[:2000] + b"..."
    return (
        f"FAILURE in {failure.target} ({failure.name}, {len(failure.data)} bytes):"
        f" {failure.error}\n{failure.trace}\ninput: {shown!r}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer from the command line; exit 1 when something failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run (60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--max-inputs", type=int, default=None, help="stop after this many")
    parser.add_argument(
        "--limit", type=float, default=PER_INPUT_SECONDS, help="seconds one input may take"
    )
    parser.add_argument(
        "--save", type=Path, default=None, help="write each failing input into this folder"
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fuzzing for {args.seconds:g} s with --seed {seed}", flush=True)
    stats = fuzz(
        args.seconds,
        seed=seed,
        max_inputs=args.max_inputs,
        limit=args.limit,
        log=lambda text: print(text, flush=True),
    )
    if args.save is not None and stats.failures:
        args.save.mkdir(parents=True, exist_ok=True)
        for k, failure in enumerate(stats.failures, start=1):
            (args.save / f"{k:03d}-{failure.name}").write_bytes(failure.data)
    print(
        f"inputs tried: {stats.tried} ({stats.grown} also timed at two sizes),"
        f" failures found: {len(stats.failures)}"
        f" ({stats.seconds:.0f} s, {stats.tried / max(stats.seconds, 1e-9):.0f} inputs/s)"
    )
    for reason, count in stats.known.items():
        print(f"  known super-linear path, not timed: {reason} ({count} inputs)")
    for failure in stats.failures:
        print(f"  {failure.error} in {failure.target} ({failure.name})")
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
