"""``compare`` and ``demo``: compare readouts of one call, and print the report."""

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from readout_diff.cli.options import (
    DEFAULT_SCORER_CHOICE,
    AliasesOpt,
    AllowOutsideOpt,
    ClausesOpt,
    Color,
    ColorOpt,
    DebugOpt,
    DecisionsOpt,
    ExplainOpt,
    HideAgreedOpt,
    MarginOpt,
    MaxSizeOpt,
    NamesOpt,
    NoCacheOpt,
    NoColorOpt,
    OutputOpt,
    ReportFormat,
    ReportFormatOpt,
    SaveOpt,
    ScorerOpt,
    SideOpt,
    ThresholdOpt,
    TimeoutOpt,
    WidthOpt,
    chosen_color,
    parse_size,
    scorer_for,
)
from readout_diff.cli.output import (
    EXIT_DIFFERENT,
    EXIT_OK,
    console_for,
    emit,
    guard,
    warn,
)
from readout_diff.cli.output_files import (
    output_file,
    refuse_stdout_over,
    refuse_to_overwrite,
    stdout_file,
)
from readout_diff.cli.sources import Fetching, files_read, load_sides
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_THRESHOLD
from readout_diff.errors import UsageError
from readout_diff.model import Report

if TYPE_CHECKING:
    from readout_diff.scorers.semantic import SemanticScorer


def refuse_inside_call(target: str, paths: list[str]) -> None:
    """A report written as a readout, call.yaml, expect.yaml or decisions.yaml of the call
    folder compared would be read by the next comparison (or break it): refuse it.
    """
    from readout_diff.folders import CALL_FILE, EXPECT_FILE, read_as

    if len(paths) == 1 and os.path.isdir(paths[0]):
        if (what := read_as(target, paths[0])) is not None:
            raise UsageError(
                f"is in the call folder being compared, where the next compare would read it"
                f" as {what}; write the report elsewhere",
                path=target,
            )
        return
    # Files compared from a call folder (one with call.yaml or expect.yaml): a report among
    # them would be read, or reported unlisted, by the next run over that folder.
    for path in paths:
        if path == "-" or "://" in path or not os.path.isfile(path):
            continue
        folder = os.path.dirname(os.path.abspath(path))
        declared = any(os.path.lexists(os.path.join(folder, f)) for f in (CALL_FILE, EXPECT_FILE))
        if declared and (what := read_as(target, folder)) is not None:
            raise UsageError(
                f"is in the call folder of {path}, where the next compare or check of it would"
                f" read it as {what}; write the report elsewhere",
                path=target,
            )


def _show_report(
    report: Report,
    fmt: ReportFormat,
    *,
    color: Color,
    width: int | None,
    hide_agreed: bool,
    side: str | None,
    explain: bool,
    to: str | None = None,
) -> int:
    """Print a comparison; its exit status says whether some side lacks a point, as diff(1).

    The options change what the terminal and Markdown reports show, never the exit status.
    """
    options: dict[str, object] = {}
    if fmt in (ReportFormat.terminal, ReportFormat.markdown):
        options = {"hide_agreed": hide_agreed, "side": side, "explain": explain}
    if side is not None:
        from readout_diff.render.view import resolve_side

        resolve_side(report, side)
    from readout_diff.scripts import words_warning

    if (warning := words_warning(report)) is not None:
        warn(warning)
    emit("report", report, fmt.value, color=color, width=width, to=to, **options)
    return EXIT_DIFFERENT if report.lacks_a_point else EXIT_OK


def compare(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="READOUT...",
            help="Two or more readouts: files (.txt, .md, .yaml, .html; - for stdin) or"
            " http(s) addresses; or one call folder.",
        ),
    ],
    name: NamesOpt = None,
    label: Annotated[
        list[str] | None,
        typer.Option(
            "--label",
            metavar="LABEL",
            help="Display label for each side, in order (default: its name).",
        ),
    ] = None,
    fmt: ReportFormatOpt = ReportFormat.terminal,
    output: OutputOpt = None,
    explain: ExplainOpt = False,
    hide_agreed: HideAgreedOpt = False,
    side: SideOpt = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    margin: MarginOpt = DEFAULT_MARGIN,
    scorer: ScorerOpt = DEFAULT_SCORER_CHOICE,
    no_cache: NoCacheOpt = False,
    aliases: AliasesOpt = None,
    decisions: DecisionsOpt = None,
    clauses: ClausesOpt = True,
    color: ColorOpt = Color.auto,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    max_size: MaxSizeOpt = "5M",
    save: SaveOpt = None,
    timeout: TimeoutOpt = 20.0,
    allow_outside: AllowOutsideOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Compare readouts of one call: what both sides said, and what each left out.

    Exit status: 0 when every point is on every side, 1 when some side lacks
    a point, 2 on an error.

    \b
    Example: readout-diff compare readouts/2025-03-18-trump-putin --format json
    """

    def action() -> int:
        from readout_diff.load import load_aliases, load_decisions
        from readout_diff.normalize import merge_aliases
        from readout_diff.report import compare as build

        max_bytes = parse_size(max_size)
        target = output_file(output)
        chosen = scorer_for(scorer.value, cache=not no_cache)
        inputs = [*paths, *(str(p) for p in (aliases, decisions) if p is not None)]
        readouts, title, table, settled = load_sides(
            paths,
            name or [],
            label or [],
            max_bytes=max_bytes,
            clauses=clauses,
            fetching=Fetching(timeout=timeout, save=save, inputs=inputs, output=target),
            allow_outside=allow_outside,
        )
        if aliases is not None:
            table = merge_aliases(
                table, load_aliases(str(aliases), max_bytes=max_bytes, pipes=True)
            )
        if decisions is not None:
            settled = (*settled, *load_decisions(str(decisions), max_bytes=max_bytes))
        if target is not None or stdout_file() is not None:
            read = files_read(paths, readouts, [aliases, decisions], max_bytes=max_bytes)
            if target is None:
                refuse_stdout_over(read, reader="the comparison")
            else:
                refuse_to_overwrite(target, read, reader="the comparison")
                refuse_inside_call(target, paths)

        def run(chosen: "str | SemanticScorer") -> Report:
            return build(
                readouts,
                scorer=chosen,
                threshold=threshold,
                margin=margin,
                aliases=table,
                title=title,
                decisions=settled,
            )

        if not isinstance(chosen, str) and sys.stderr.isatty():
            from dataclasses import replace

            from readout_diff.render.check_terminal import ProgressBar

            console = console_for(sys.stderr, chosen_color(color, no_color))
            with ProgressBar(console, label="embedding") as bar:  # type: ignore[arg-type]
                report = run(replace(chosen, progress=bar.update))
        else:
            report = run(chosen)
        return _show_report(
            report,
            fmt,
            color=chosen_color(color, no_color),
            width=width,
            hide_agreed=hide_agreed,
            side=side,
            explain=explain,
            to=target,
        )

    guard(debug, action)


def demo(
    fmt: ReportFormatOpt = ReportFormat.terminal,
    explain: ExplainOpt = False,
    hide_agreed: HideAgreedOpt = False,
    side: SideOpt = None,
    color: ColorOpt = Color.auto,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Compare the bundled example: the Trump-Putin call of 18 March 2025, its White House and
    Kremlin readouts retold in other words (not the published texts: quote those, never these).

    \b
    Example: readout-diff demo --format markdown
    """

    def action() -> int:
        from readout_diff.folders import load_demo
        from readout_diff.report import compare as build

        call = load_demo()
        readouts = list(call.readouts)
        report = build(readouts, aliases=dict(call.aliases), title=call.title)
        return _show_report(
            report,
            fmt,
            color=chosen_color(color, no_color),
            width=width,
            hide_agreed=hide_agreed,
            side=side,
            explain=explain,
        )

    guard(debug, action)
