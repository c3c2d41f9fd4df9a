"""The commands: each parses its arguments, calls the pure core and emits one result."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from readout_diff import __version__
from readout_diff.cli.options import (
    DEFAULT_SCORER_CHOICE,
    AliasesOpt,
    ClausesOpt,
    Color,
    ColorOpt,
    Command,
    DebugOpt,
    ExplainOpt,
    Format,
    FormatOpt,
    HideAgreedOpt,
    MarginOpt,
    MaxSizeOpt,
    NoColorOpt,
    ReportFormat,
    ReportFormatOpt,
    ScorerOpt,
    SideOpt,
    ThresholdOpt,
    WidthOpt,
    name_and_label,
    parse_size,
)
from readout_diff.cli.output import (
    EXIT_DIFFERENT,
    EXIT_OK,
    console_for,
    emit,
    error,
    guard,
    refuse_to_overwrite,
    warn,
    write_atomic,
)
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_THRESHOLD
from readout_diff.errors import UsageError, printable
from readout_diff.model import Readout, Report

app = typer.Typer(
    name="readout-diff",
    help=(
        "Compare the official readouts of one diplomatic call: which points both sides made,"
        " which only one made, and why the tool paired them.\n\n"
        "Example: readout-diff compare white-house.yaml kremlin.yaml"
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readout-diff {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Compare the official readouts of one diplomatic call."""


def _load_sides(
    paths: list[str],
    names: list[str],
    labels: list[str],
    *,
    max_bytes: int,
    clauses: bool,
) -> tuple[list[Readout], str | None, dict[str, tuple[str, ...]]]:
    from readout_diff.folders import load_call
    from readout_diff.load import load_readout, renamed

    if len(paths) == 1 and paths[0] != "-" and os.path.isdir(paths[0]):
        call = load_call(paths[0], max_bytes=max_bytes, clauses=clauses)
        readouts = list(call.readouts)
        title = call.title
        aliases = dict(call.aliases)
    else:
        if len(paths) < 2:
            raise UsageError(
                "compare needs two or more readouts of the same call, or one call folder",
                path=paths[0] if paths else None,
            )
        for path in paths:
            if path != "-" and os.path.isdir(path):
                raise UsageError(
                    "is a directory; give readout files, or one call folder alone", path=path
                )
        if paths.count("-") > 1:
            raise UsageError("standard input (-) can be given only once")
        readouts = _distinct([load_readout(p, max_bytes=max_bytes, clauses=clauses) for p in paths])
        title, aliases = None, {}
    for option, given in (("names", names), ("labels", labels)):
        if len(given) > len(readouts):
            raise UsageError(f"{len(given)} {option} given for {len(readouts)} sides")
    for k, given_name in enumerate(names):
        name, label = name_and_label(given_name)
        readouts[k] = renamed(readouts[k], name, label=label)
    for k, label in enumerate(labels):
        readouts[k] = renamed(readouts[k], label=" ".join(label.split()) or readouts[k].label)
    return readouts, title, aliases


def _distinct(readouts: list[Readout]) -> list[Readout]:
    """The same file given again is a side of its own, as ``diff a a`` compares a with itself:
    a later copy that would share the first one's name is named ``a-2`` (labelled ``a (2)``).
    """
    from readout_diff.load import renamed, same_file

    out: list[Readout] = []
    for readout in readouts:
        copies = [r for r in out if same_file([r.path, readout.path])]
        if copies and readout.name in {r.name for r in out}:
            n = len(copies) + 1
            readout = renamed(readout, f"{readout.name}-{n}", label=f"{readout.label} ({n})")
        out.append(readout)
    return out


def _color(color: Color, no_color: bool) -> Color:
    return Color.never if no_color else color


def _show_report(
    report: Report,
    fmt: ReportFormat,
    *,
    color: Color,
    width: int | None,
    hide_agreed: bool,
    side: str | None,
    explain: bool,
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
    emit("report", report, fmt.value, color=color, width=width, **options)
    return EXIT_DIFFERENT if report.lacks_a_point else EXIT_OK


@app.command(
    cls=Command, short_help="Compare readouts of one call: what each side said and left out."
)
def compare(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="READOUT...",
            help="Two or more readout files (.txt, .md, .yaml; - for stdin), or one call folder.",
        ),
    ],
    name: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            "-n",
            help="Side name for each file, in order (default: file stem); 'White House'"
            " names the side white-house and labels it White House.",
        ),
    ] = None,
    label: Annotated[
        list[str] | None,
        typer.Option("--label", help="Display label for each side, in order (default: its name)."),
    ] = None,
    fmt: ReportFormatOpt = ReportFormat.terminal,
    explain: ExplainOpt = False,
    hide_agreed: HideAgreedOpt = False,
    side: SideOpt = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    margin: MarginOpt = DEFAULT_MARGIN,
    scorer: ScorerOpt = DEFAULT_SCORER_CHOICE,
    aliases: AliasesOpt = None,
    clauses: ClausesOpt = True,
    color: ColorOpt = Color.auto,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    max_size: MaxSizeOpt = "5M",
    debug: DebugOpt = False,
) -> None:
    """Compare readouts of one call: what both sides said, and what each left out.

    Exit status: 0 when every point is on every side, 1 when some side lacks
    a point, 2 on an error.

    \b
    Example: readout-diff compare readouts/2025-03-18-trump-putin --format json
    """

    def action() -> int:
        from readout_diff.load import load_aliases
        from readout_diff.normalize import merge_aliases
        from readout_diff.report import compare as build

        max_bytes = parse_size(max_size)
        readouts, title, table = _load_sides(
            paths, name or [], label or [], max_bytes=max_bytes, clauses=clauses
        )
        if aliases is not None:
            table = merge_aliases(table, load_aliases(str(aliases), max_bytes=max_bytes))
        report = build(
            readouts,
            scorer=scorer.value,
            threshold=threshold,
            margin=margin,
            aliases=table,
            title=title,
        )
        return _show_report(
            report,
            fmt,
            color=_color(color, no_color),
            width=width,
            hide_agreed=hide_agreed,
            side=side,
            explain=explain,
        )

    guard(debug, action)


@app.command(cls=Command, short_help="Show how a readout is split into claims.")
def claims(
    path: Annotated[
        str,
        typer.Argument(
            metavar="READOUT", help="A readout file (.txt, .md, .yaml), or - for stdin."
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Side name (default: file stem).")
    ] = None,
    fmt: FormatOpt = Format.terminal,
    clauses: ClausesOpt = True,
    color: ColorOpt = Color.auto,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    max_size: MaxSizeOpt = "5M",
    debug: DebugOpt = False,
) -> None:
    """Show how a readout is split into claims: id, line, span and text, and what was skipped.

    \b
    Example: readout-diff claims kremlin.txt
    """

    def action() -> int:
        from readout_diff.load import load_readout

        if path != "-" and os.path.isdir(path):
            raise UsageError("is a directory; give one readout file", path=path)
        readout = load_readout(path, name=name, max_bytes=parse_size(max_size), clauses=clauses)
        emit("claims", readout, fmt.value, color=_color(color, no_color), width=width)
        return EXIT_OK

    guard(debug, action)


@app.command(cls=Command, short_help="Compare the bundled White House and Kremlin readouts.")
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
    """Compare the bundled example: the White House and Kremlin readouts of 18 March 2025.

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
            color=_color(color, no_color),
            width=width,
            hide_agreed=hide_agreed,
            side=side,
            explain=explain,
        )

    guard(debug, action)


@app.command(cls=Command, short_help="Check a corpus of calls against their expect.yaml files.")
def check(
    directory: Annotated[
        str,
        typer.Argument(
            metavar="DIR", help="A corpus: a folder of call folders (or one call folder)."
        ),
    ] = "readouts",
    fmt: FormatOpt = Format.terminal,
    junit: Annotated[
        Path | None,
        typer.Option(
            "--junit", help="Also write JUnit XML here (one test per expectation).", dir_okay=False
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Processes to compare calls in (default: all cores)."
        ),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Pass when the balanced accuracy reaches this, even if some expectations fail.",
        ),
    ] = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    margin: MarginOpt = DEFAULT_MARGIN,
    scorer: ScorerOpt = DEFAULT_SCORER_CHOICE,
    aliases: AliasesOpt = None,
    clauses: ClausesOpt = True,
    color: ColorOpt = Color.auto,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    max_size: MaxSizeOpt = "5M",
    debug: DebugOpt = False,
) -> None:
    """Validate a corpus of calls, compare each, and check its expect.yaml; print a score.

    \b
    Exit status: 0 every file valid and every expectation met, or --min-score
    reached; 1 expectations failed, or --min-score missed; 2 an invalid file
    or expectation, or bad usage.

    \b
    Example: readout-diff check readouts/ --min-score 0.76 --junit report.xml
    """

    def action() -> int:
        from readout_diff.check import CheckOptions, check_corpus
        from readout_diff.folders import input_files
        from readout_diff.load import load_aliases

        max_bytes = parse_size(max_size)
        table = load_aliases(str(aliases), max_bytes=max_bytes) if aliases is not None else {}
        if junit is not None:
            refuse_to_overwrite(
                str(junit), [*input_files(directory), *([str(aliases)] if aliases else [])]
            )
        options = CheckOptions(
            scorer=scorer.value,
            threshold=threshold,
            margin=margin,
            clauses=clauses,
            max_bytes=max_bytes,
            aliases=tuple(sorted(table.items())),
            min_score=min_score,
        )
        workers = jobs or os.cpu_count() or 1
        if sys.stderr.isatty():
            from readout_diff.render.check_terminal import ProgressBar

            with ProgressBar(console_for(sys.stderr, _color(color, no_color))) as bar:  # type: ignore[arg-type]
                result = check_corpus(directory, options=options, jobs=workers, progress=bar.update)
        else:
            result = check_corpus(directory, options=options, jobs=workers)
        if junit is not None:
            from readout_diff.render.check_output import render_junit

            write_atomic(str(junit), render_junit(result))
        emit("check", result, fmt.value, color=_color(color, no_color), width=width)
        for call in result.calls:
            for message in call.messages:
                error(printable(message))
        if result.warning:
            warn(result.warning)
        return result.exit_code

    guard(debug, action)
