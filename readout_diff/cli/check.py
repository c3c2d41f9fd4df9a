"""``check``: validate a corpus of calls, compare each, check its expect.yaml, keep a baseline."""

import os
import sys
from collections.abc import Callable
from pathlib import Path
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
    Format,
    FormatOpt,
    MarginOpt,
    MaxSizeOpt,
    NoCacheOpt,
    NoColorOpt,
    ScorerOpt,
    ThresholdOpt,
    WidthOpt,
    chosen_color,
    parse_size,
    scorer_for,
)
from readout_diff.cli.output import (
    EXIT_ERROR,
    console_for,
    emit,
    error,
    guard,
    warn,
)
from readout_diff.cli.output_files import (
    check_writable,
    refuse_stdout_over,
    refuse_to_overwrite,
    resolve_output,
    stdout_file,
    write_atomic,
)
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_THRESHOLD
from readout_diff.errors import UsageError, printable

if TYPE_CHECKING:
    from readout_diff.baseline import Baseline
    from readout_diff.check_result import CheckOptions


def refuse_in_corpus(output: str, root: str) -> None:
    """An output the next check would read, in a call folder of the corpus or a folder that
    would become one (a readout, its call.yaml, expect.yaml or decisions.yaml): refuse it."""
    from readout_diff.folders import discover, read_as

    folders = discover(root)
    if folders != [root]:
        folders += [
            os.path.join(root, entry)
            for entry in os.listdir(root)
            if not entry.startswith((".", "_")) and os.path.isdir(os.path.join(root, entry))
        ]
    for folder in folders:
        if (what := read_as(output, folder)) is not None:
            raise UsageError(
                f"is in the call folder {folder}, where the next check would read it as"
                f" {what}; write it elsewhere",
                path=output,
            )


def check(
    directory: Annotated[
        str,
        typer.Argument(
            metavar="DIR", help="A corpus: a folder of call folders (or one call folder)."
        ),
    ] = "readouts",
    fmt: FormatOpt = Format.terminal,
    junit: Annotated[
        str | None,
        typer.Option(
            "--junit",
            metavar="FILE",
            help="Also write JUnit XML here (one test per expectation).",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            max=256,
            help="Processes to compare calls in (default: one per dozen calls, up to all cores).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Fail only on failures this file (from --write-baseline) does not list.",
            dir_okay=False,
        ),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option(
            "--write-baseline",
            metavar="FILE",
            help="Record the expectations failing today in this file, for --baseline.",
        ),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            metavar="SCORE",
            min=0.0,
            max=1.0,
            help="Pass when the balanced accuracy reaches this, even if some expectations fail.",
        ),
    ] = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    margin: MarginOpt = DEFAULT_MARGIN,
    scorer: ScorerOpt = DEFAULT_SCORER_CHOICE,
    no_cache: NoCacheOpt = False,
    aliases: AliasesOpt = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            metavar="FILE",
            help="YAML file of decisions by call folder name: {call: {same: [...],"
            " different: [...]}} (each call's own decisions apply too).",
            dir_okay=False,
        ),
    ] = None,
    clauses: ClausesOpt = True,
    color: ColorOpt = Color.auto,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    max_size: MaxSizeOpt = "5M",
    allow_outside: AllowOutsideOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Validate a corpus of calls, compare each, and check its expect.yaml; print a score.

    \b
    Exit status: 0 every file valid and every expectation met (or none outside
    --baseline failed, and --min-score reached); 1 expectations failed (a new
    one, against --baseline), or --min-score missed; 2 an invalid file,
    expectation or baseline, or bad usage.

    \b
    Example: readout-diff check readouts/ --baseline known.yaml --junit report.xml
    """

    def action() -> int:
        from dataclasses import replace

        from readout_diff.baseline import Baseline, baseline_text, read_baseline
        from readout_diff.check import CheckOptions, check_corpus
        from readout_diff.folders import input_files
        from readout_diff.load import load_aliases, load_corpus_decisions

        max_bytes = parse_size(max_size)
        if baseline is not None and write_baseline is not None:
            raise UsageError("give --baseline or --write-baseline, not both")
        if junit and write_baseline and resolve_output(junit) == resolve_output(write_baseline):
            raise UsageError("--junit and --write-baseline name the same file", path=str(junit))
        outputs = [p for p in (junit, write_baseline) if p is not None]
        for output in outputs:  # before any work: a check may take minutes
            check_writable(output)
        given = [str(p) for p in (aliases, decisions, baseline) if p is not None]
        if given.count("-") > 1:
            raise UsageError(
                "standard input (-) can be read only once: by --aliases, --decisions or --baseline"
            )
        table = (
            load_aliases(str(aliases), max_bytes=max_bytes, pipes=True)
            if aliases is not None
            else {}
        )
        extra = load_corpus_decisions(str(decisions), max_bytes=max_bytes) if decisions else {}
        known = read_baseline(str(baseline), max_bytes=max_bytes) if baseline else None
        if outputs or stdout_file() is not None:
            read = input_files(directory, max_bytes=max_bytes)
            refuse_stdout_over([*read, *given], reader="the check")
            for output in outputs:
                refuse_to_overwrite(output, [*read, *given])
                refuse_in_corpus(output, directory)
        options = CheckOptions(
            scorer=scorer_for(scorer.value, cache=not no_cache),
            threshold=threshold,
            margin=margin,
            clauses=clauses,
            max_bytes=max_bytes,
            aliases=tuple(sorted(table.items())),
            min_score=min_score,
            extra_decisions=tuple(sorted(extra.items())),
            allow_outside=allow_outside,
        )
        if fmt.value == "json" and junit is None and write_baseline is None:
            if not sys.stderr.isatty():
                return streamed(directory, options, jobs, known)
            from readout_diff.render.check_terminal import ProgressBar

            with ProgressBar(console_for(sys.stderr, chosen_color(color, no_color))) as bar:  # type: ignore[arg-type]
                return streamed(directory, options, jobs, known, bar.update)
        if sys.stderr.isatty():
            from readout_diff.render.check_terminal import ProgressBar

            with ProgressBar(console_for(sys.stderr, chosen_color(color, no_color))) as bar:  # type: ignore[arg-type]
                result = check_corpus(
                    directory, options=options, jobs=jobs, progress=bar.update, baseline=known
                )
        else:
            result = check_corpus(directory, options=options, jobs=jobs, baseline=known)
        if write_baseline is not None and result.exit_code != EXIT_ERROR:
            failing = tuple((c.name, o.expectation) for c, o in result.failures)
            write_atomic(write_baseline, baseline_text(failing))
            result = replace(result, baseline=Baseline(write_baseline, failing, written=True))
        if junit is not None:
            from readout_diff.render.check_output import render_junit

            write_atomic(str(junit), render_junit(result))
        emit("check", result, fmt.value, color=chosen_color(color, no_color), width=width)
        for call in result.calls:
            for message in call.messages:
                error(printable(message))
        if result.warning:
            warn(result.warning)
        if write_baseline is not None and result.baseline is None:
            warn(f"{write_baseline}: not written, since some files or expectations are invalid")
        return result.exit_code

    guard(debug, action)


def streamed(
    directory: str,
    options: "CheckOptions",
    jobs: int | None,
    known: "Baseline | None",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """The check as JSON, written while the calls are checked: memory does not grow with
    the corpus. The calls' errors follow on stderr, as they do after any report."""
    from readout_diff.check import check_calls
    from readout_diff.check_result import CheckSummary
    from readout_diff.cli.output import write
    from readout_diff.render.check_output import write_check_json

    calls = check_calls(directory, options=options, jobs=jobs, progress=progress, baseline=known)
    summary = write_check_json(CheckSummary(directory, options, known), calls, write)
    for message in summary.messages:
        error(printable(message))
    if summary.warning:
        warn(summary.warning)
    return summary.exit_code
