"""The options the commands share, and how their values are read."""

import os
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from readout_diff.defaults import DEFAULT_SCORER
from readout_diff.errors import INVISIBLE, UsageError

if TYPE_CHECKING:
    from readout_diff.scorers.semantic import SemanticScorer

# Wider than any terminal: a report of that width only builds padding.
MAX_WIDTH = 1000
# Larger than any readout; past it, a limit means nothing (and its arithmetic overflows).
MAX_SIZE = 1024**3


class Format(StrEnum):
    """Output formats every command shares."""

    terminal = "terminal"
    json = "json"
    markdown = "markdown"


class ReportFormat(StrEnum):
    """The formats of a comparison: those of every command, and a page to share."""

    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    html = "html"


class Color(StrEnum):
    """When the terminal report uses colour and styles, as git and ripgrep say it."""

    auto = "auto"
    always = "always"
    never = "never"


class Scorer(StrEnum):
    """The pair scorers (``score.SCORERS``), as a choice the help lists."""

    weighted = "weighted"
    fuzzy = "fuzzy"
    semantic = "semantic"


DEFAULT_SCORER_CHOICE = Scorer(DEFAULT_SCORER)


class Command(TyperCommand):
    """A command whose usage line reads ``READOUT...``, without braces around what is required."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p[:1] == "{" and p[-1:] == "}" else p for p in pieces]


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="terminal (coloured report), json or markdown.")
]
ReportFormatOpt = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help="terminal (coloured report), json, markdown, or html (one self-contained page).",
    ),
]
ColorOpt = Annotated[
    Color,
    typer.Option(
        "--color",
        help="auto: styled on a terminal (NO_COLOR drops colour, FORCE_COLOR forces it);"
        " always: also into a pipe (less -R); never: plain text, differences marked"
        " [-like this-] {+and this+}.",
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="The same as --color never.")]
WidthOpt = Annotated[
    int | None,
    typer.Option(
        "--width",
        metavar="COLUMNS",
        min=40,
        max=MAX_WIDTH,
        help="Terminal report width (default: the terminal's).",
    ),
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
]
MaxSizeOpt = Annotated[
    str,
    typer.Option(
        "--max-size", metavar="SIZE", help="Refuse input files larger than this (e.g. 5M, 800k)."
    ),
]
ThresholdOpt = Annotated[
    float,
    typer.Option(
        "--threshold",
        "-t",
        metavar="SCORE",
        min=0.0,
        max=1.0,
        help="Score (0-1) a pairing needs; a mutual best match needs 60% of it.",
    ),
]
MarginOpt = Annotated[
    float,
    typer.Option(
        "--margin",
        metavar="SCORE",
        min=0.0,
        max=1.0,
        help="How far a pairing must beat the claim's next candidate (0-1).",
    ),
]
ScorerOpt = Annotated[
    Scorer,
    typer.Option(
        "--scorer",
        help="weighted (IDF-weighted terms), fuzzy (rapidfuzz), or semantic (terms and"
        " sentence embeddings; needs pip install 'readout-diff[semantic]', or '.[semantic]'"
        " from a clone).",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="With --scorer semantic, embed every claim again rather than read and keep"
        " embeddings in the cache ($XDG_CACHE_HOME/readout-diff, or ~/.cache/readout-diff).",
    ),
]
AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases",
        metavar="FILE",
        help="YAML file of extra aliases: {term: [spelling, ...]}.",
        dir_okay=False,
    ),
]
HideAgreedOpt = Annotated[
    bool,
    typer.Option(
        "--hide-agreed",
        "--only-differences",
        help="Hide the shared points on which the sides agree and that are sure (the tool's"
        " verdict or a reader's); one-sided claims, pairings to check and shared points that"
        " differ stay (--only-differences is the old name).",
    ),
]
SideOpt = Annotated[
    str | None,
    typer.Option(
        "--side",
        metavar="NAME",
        help="Show only what this side's readout left out (its name or label).",
    ),
]
ExplainOpt = Annotated[
    bool,
    typer.Option(
        "--explain",
        "-v",
        help="Explain every decision: scores, the rule that paired or refused each claim,"
        " the words that tied them.",
    ),
]
DecisionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        metavar="FILE",
        help="YAML file of a reader's decisions: same / different pairs of phrases.",
        dir_okay=False,
    ),
]
SaveOpt = Annotated[
    Path | None,
    typer.Option(
        "--save",
        metavar="DIR",
        help="Keep each page fetched from an address in DIR (the page as fetched, and a"
        " .source.json saying where and when), to re-run or cite it later.",
        file_okay=False,
    ),
]
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout", metavar="SECONDS", min=0.1, help="Seconds to wait for an address to answer."
    ),
]
ClausesOpt = Annotated[
    bool,
    typer.Option(
        "--clauses/--sentences", help="Split sentences into clauses, or keep each one whole."
    ),
]
NamesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--name",
        "-n",
        metavar="NAME",
        help="Side name for each file, in order (default: file stem); 'White House'"
        " names the side white-house and labels it White House.",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE, not standard output: whole or not at all, never"
        " over a file the command reads; the terminal report is plain there, as in a pipe.",
    ),
]
AllowOutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Read files that call.yaml names outside the folder being read (../shared/...);"
        " refused by default, so that a corpus cannot show others' files.",
    ),
]


def chosen_color(color: Color, no_color: bool) -> Color:
    """The --color choice, after --no-color (its shorthand for never)."""
    return Color.never if no_color else color


def name_and_label(given: str) -> tuple[str, str | None]:
    """A side's name from ``--name``: the text itself when it is one word, else a name made
    from it (``White House`` is ``white-house``), with the text kept as the label.

    A name made from a label leaves out its invisible characters (the variation selector
    after an emoji); a name given as one word must hold none, so that it is never taken for
    another that looks the same.

    >>> name_and_label("wh"), name_and_label("White House")
    (('wh', None), ('white-house', 'White House'))
    >>> name_and_label("Kremlin \\U0001f3db\\ufe0f")[0] == "kremlin-\U0001f3db"
    True
    """
    if given and not re.search(r"[\s:/\\]", given):
        return given, None
    seen = re.sub(f"[{INVISIBLE}]", "", given)
    name = re.sub(r"[\s:/\\]+", "-", seen.strip()).strip("-").lower()
    if not name:
        raise UsageError(f"--name: {given!r} holds no letter to name a side with")
    return name, " ".join(given.split())


def scorer_for(name: str, *, cache: bool) -> "str | SemanticScorer":
    """The scorer called ``name``; the semantic one keeps embeddings under the user's cache.

    Raises UsageError, with the install command, when the semantic model is not installed.
    """
    if name != "semantic":
        return name
    from readout_diff.scorers.semantic import SemanticScorer, require_model

    require_model()
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    where = os.path.join(home, "readout-diff", "embeddings") if cache else None
    return SemanticScorer(cache_dir=where)


def parse_size(text: str) -> int:
    """Bytes from ``5M``, ``800k``, ``1G`` or a plain number.

    >>> parse_size("5M"), parse_size("800k"), parse_size("1200")
    (5242880, 819200, 1200)
    """
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmMgG]?)[iI]?[bB]?", text.strip())
    if not match:
        raise UsageError(f"--max-size: cannot read {text!r} as a size (e.g. 5M, 800k)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    size = float(match.group(1)) * scale
    if size < 1:
        raise UsageError(f"--max-size: {text!r} would refuse every file; give at least 1 byte")
    if size > MAX_SIZE:
        shown = text if len(text) <= 20 else text[:20] + "..."
        raise UsageError(f"--max-size: {shown!r} is more than the largest limit, 1G")
    return int(size)
