"""``review``: settle the verdicts to check at a terminal, one at a time, as ``git add -p``.

This module reads the arguments and finds the files answers go to; the dialogue itself is
in ``review_screen``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from readout_diff.cli.options import (
    DEFAULT_SCORER_CHOICE,
    AliasesOpt,
    ClausesOpt,
    DebugOpt,
    MarginOpt,
    MaxSizeOpt,
    NamesOpt,
    ScorerOpt,
    ThresholdOpt,
    WidthOpt,
    parse_size,
)
from readout_diff.cli.output import EXIT_OK, columns, guard, use_color
from readout_diff.cli.output_files import read_only, refuse_stdout_over
from readout_diff.cli.sources import load_sides
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_THRESHOLD
from readout_diff.errors import UsageError

if TYPE_CHECKING:
    from readout_diff.model import Decision, Report


def review(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="READOUT...", help="One call folder, or two or more readout files."),
    ],
    name: NamesOpt = None,
    decisions: Annotated[
        str | None,
        typer.Option(
            "--decisions",
            metavar="FILE",
            help="The decisions file to write (default for a call folder: its own, from"
            " call.yaml, else decisions.yaml in it).",
        ),
    ] = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Ask again the verdicts earlier reviews skipped (this review's skips replace"
            " theirs).",
        ),
    ] = False,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    margin: MarginOpt = DEFAULT_MARGIN,
    scorer: ScorerOpt = DEFAULT_SCORER_CHOICE,
    aliases: AliasesOpt = None,
    clauses: ClausesOpt = True,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour; bold and dim stay (as NO_COLOR).")
    ] = False,
    width: WidthOpt = None,
    max_size: MaxSizeOpt = "5M",
    debug: DebugOpt = False,
) -> None:
    """Review the verdicts to check one at a time: same, different, or skip.

    Each answer is saved at once in the decisions file, which compare and check
    honour; skipped verdicts are kept beside it, so a later review resumes where
    this one stopped. It ends with the settled report's summary.

    \b
    Keys: s same, d different, o other (a claim found on one side: pair it with
    one you pick from a list), k or n skip, u undo, q quit, ? help.
    Exit status: 0 done or quit, 2 an error or no terminal, 130 Ctrl-C.

    \b
    Example: readout-diff review readouts/2025-03-18-trump-putin
    """

    def action() -> int:
        if not sys.stdin.isatty():
            raise UsageError(
                "review asks its questions at a terminal, and standard input is not one"
                " (for a report, use 'readout-diff compare')"
            )
        from readout_diff.load import load_aliases
        from readout_diff.normalize import merge_aliases
        from readout_diff.render.terminal import make_console
        from readout_diff.report import compare

        max_bytes = parse_size(max_size)
        if "-" in paths:
            raise UsageError("review reads your answers from standard input, so no readout can")
        if aliases is not None and str(aliases) == "-":
            raise UsageError(
                "review reads your answers from standard input, so --aliases cannot; give it a file"
            )
        readouts, title, table, own = load_sides(
            paths, name or [], max_bytes=max_bytes, clauses=clauses, command="review"
        )
        if aliases is not None:
            table = merge_aliases(table, load_aliases(str(aliases), max_bytes=max_bytes))
        read = [r.path for r in readouts] + ([str(aliases)] if aliases is not None else [])
        files = _files(paths, decisions, own, read, max_bytes)

        def build(settled: Sequence[Decision]) -> Report:
            return compare(
                readouts,
                scorer=scorer.value,
                threshold=threshold,
                margin=margin,
                aliases=table,
                title=title,
                decisions=settled,
            )

        from readout_diff.cli.review_screen import Screen
        from readout_diff.review import Review

        skips = () if again else files.skips
        session = Review(build, written=files.written, fixed=files.fixed, skipped=skips)
        console = make_console(
            sys.stdout, color=use_color(no_color), width=columns(width, sys.stdout)
        )
        shaping = report_options(
            name or [],
            threshold=threshold,
            margin=margin,
            scorer=scorer.value,
            aliases=None if aliases is None else str(aliases),
            clauses=clauses,
            max_size=max_size,
        )
        Screen(console, session, files, paths, shaping).run(sys.stdin.fileno())
        return EXIT_OK

    guard(debug, action)


def report_options(
    names: Sequence[str],
    *,
    threshold: float,
    margin: float,
    scorer: str,
    aliases: str | None,
    clauses: bool,
    max_size: str,
) -> list[str]:
    """The options of ``compare`` that give the report this review settled: those given
    other than their defaults (the side names, the scoring, the aliases, the splitting, and
    the size limit without which the same files may be refused).

    >>> report_options(["White House"], threshold=0.3, margin=DEFAULT_MARGIN,
    ...                scorer=DEFAULT_SCORER_CHOICE.value, aliases=None, clauses=False,
    ...                max_size="5M")
    ['--name', 'White House', '--threshold', '0.3', '--sentences']
    """
    out: list[str] = []
    for given in names:
        out += ["--name", given]
    if threshold != DEFAULT_THRESHOLD:
        out += ["--threshold", repr(threshold)]
    if margin != DEFAULT_MARGIN:
        out += ["--margin", repr(margin)]
    if scorer != DEFAULT_SCORER_CHOICE.value:
        out += ["--scorer", scorer]
    if aliases is not None:
        out += ["--aliases", aliases]
    if not clauses:
        out.append("--sentences")
    if max_size != "5M":
        out += ["--max-size", max_size]
    return out


class Files:
    """Where answers go, and what the files held before this review.

    A plain class: this module is imported by every command, and a dataclass costs a
    millisecond to build.
    """

    def __init__(
        self,
        decisions: str,
        skips_file: str,
        written: tuple[Decision, ...],
        fixed: tuple[Decision, ...],
        skips: tuple[tuple[tuple[str, str], ...], ...],
        default: bool,
    ) -> None:
        self.decisions = decisions
        self.skips_file = skips_file
        self.written = written
        self.fixed = fixed
        self.skips = skips
        self.default = default


def _files(
    paths: list[str],
    option: str | None,
    own: tuple[Decision, ...],
    readout_paths: list[str],
    max_bytes: int,
) -> Files:
    """The decisions file to write, its decisions, the call's others, and earlier skips."""
    from readout_diff.folders import CALL_FILE, read_as, read_call_meta
    from readout_diff.load import load_decisions, load_yaml_file, same_file
    from readout_diff.safe_yaml import node_lines
    from readout_diff.skip_file import parse_skips, skip_file_for

    folder = len(paths) == 1 and os.path.isdir(paths[0])
    call_file = read_call_meta(paths[0], max_bytes=max_bytes).decisions_file if folder else None
    if option is not None:
        target = option
    elif folder and call_file is None:
        raise UsageError(
            "holds its decisions inline; give --decisions FILE for review to write new ones",
            path=os.path.join(paths[0], CALL_FILE),
        )
    elif call_file is not None:
        target = call_file
    else:
        raise UsageError("review of readout files needs --decisions FILE: where to write answers")
    if target.endswith(("/", os.sep)) or os.path.isdir(target):
        raise UsageError("is a directory; --decisions names a file", path=target)
    if os.path.islink(target) and not os.path.exists(target):
        # Writing through it would make a file wherever the link points, outside the call.
        raise UsageError(
            f"is a link to {os.readlink(target)}, which does not exist; review does not make"
            " a file through a link: remove the link, or give --decisions FILE",
            path=target,
        )
    read = _read_by_review(paths, readout_paths, call_file, max_bytes)
    if (path := _among(target, read)) is not None:
        also = "" if os.path.abspath(path) == os.path.abspath(target) else f" ({path})"
        raise UsageError(
            f"is a file the review reads{also}; write the decisions elsewhere", path=target
        )
    own_file = call_file is not None and os.path.realpath(call_file) == os.path.realpath(target)
    if folder and not own_file and (what := read_as(target, paths[0])) == "a readout":
        raise UsageError(
            f"is in the call folder being reviewed, where the next compare would read it as"
            f" {what}; write the decisions elsewhere",
            path=target,
        )
    skips_file = skip_file_for(target)
    # The skips go beside the decisions, where a link (or a readout given by that name) may
    # already stand: never over a file read, the decisions file included.
    if (path := _among(skips_file, [*read, target])) is not None:
        raise UsageError(
            f"is a file the review reads ({path}), where skipped verdicts would go; give"
            " --decisions FILE elsewhere",
            path=skips_file,
        )
    exists = os.path.exists(target)
    # Found out before the first question, not at its answer: each answer is a new file
    # renamed over the old one, and the skips go beside it.
    home = os.path.dirname(os.path.abspath(target))
    if exists and read_only(target):
        raise UsageError(
            "is read-only, so no answer could be kept: make it writable, or give"
            " --decisions FILE elsewhere",
            path=target,
        )
    if not os.access(home, os.W_OK | os.X_OK) or read_only(home):
        raise UsageError(
            f"cannot be written: its folder {os.path.dirname(target) or '.'} is read-only (by"
            " its mode or its owner), so"
            " no answer could be kept; make it writable, or give --decisions FILE elsewhere",
            path=target,
        )
    refuse_stdout_over([*read, target, skips_file], reader="the review")
    # A file made empty to receive the answers holds none yet.
    written = load_decisions(target, max_bytes=max_bytes) if exists and _holds(target) else ()
    # The call's own decisions came from this same file: they are the ones written here.
    mine = call_file is not None and (
        os.path.abspath(call_file) == os.path.abspath(target)
        or (exists and same_file([call_file, target]) is not None)
    )
    skips: list[tuple[tuple[str, str], ...]] = []
    if os.path.exists(skips_file):
        value, node = load_yaml_file(skips_file, max_bytes=max_bytes)
        skips = parse_skips(value, path=skips_file, lines=node_lines(node))
    return Files(
        target, skips_file, tuple(written), () if mine else own, tuple(skips), option is None
    )


def _among(target: str, files: Sequence[str]) -> str | None:
    """The file of ``files`` that ``target`` is (links followed, even to no file yet), if any."""
    from readout_diff.load import same_file

    real = os.path.realpath(target)
    return next((p for p in files if same_file([p, target]) or os.path.realpath(p) == real), None)


def _read_by_review(
    paths: list[str], readout_paths: list[str], call_file: str | None, max_bytes: int
) -> list[str]:
    """Every file the review reads but its decisions file: the sides, the aliases files, and
    a call folder's call.yaml and expect.yaml (even before they exist: a later run reads them).
    """
    from readout_diff.folders import CALL_FILE, DECISIONS_FILE, EXPECT_FILE, input_files

    files = list(readout_paths)
    if len(paths) == 1 and os.path.isdir(paths[0]):
        folder = paths[0]
        fixed = [os.path.join(folder, CALL_FILE), os.path.join(folder, EXPECT_FILE)]
        decision_files = {os.path.join(folder, DECISIONS_FILE), call_file}
        files += fixed
        files += [p for p in input_files(folder, max_bytes=max_bytes) if p not in decision_files]
    return files


def _holds(path: str) -> bool:
    """Whether a decisions file holds anything but blanks (a file just made to receive them).

    Anything but a regular file is left to the loader, which refuses it without opening it.
    """
    if not os.path.isfile(path) or os.path.getsize(path) > 4096:
        return True
    with open(path, "rb") as f:
        return bool(f.read().strip())
