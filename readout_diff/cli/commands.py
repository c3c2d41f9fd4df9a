"""The commands: each parses its arguments, calls the pure core and emits one result."""

import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    DecisionsOpt,
    ExplainOpt,
    Format,
    FormatOpt,
    HideAgreedOpt,
    MarginOpt,
    MaxSizeOpt,
    NoCacheOpt,
    NoColorOpt,
    ReportFormat,
    ReportFormatOpt,
    SaveOpt,
    ScorerOpt,
    SideOpt,
    ThresholdOpt,
    TimeoutOpt,
    WidthOpt,
    name_and_label,
    parse_size,
    scorer_for,
)
from readout_diff.cli.output import (
    EXIT_DIFFERENT,
    EXIT_ERROR,
    EXIT_OK,
    check_output_path,
    console_for,
    emit,
    error,
    guard,
    refuse_to_overwrite,
    warn,
    write,
    write_atomic,
)
from readout_diff.cli.sources import Fetching, load_one
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_THRESHOLD
from readout_diff.errors import UsageError, printable
from readout_diff.model import Decision, Readout, Report

if TYPE_CHECKING:
    from readout_diff.scorers.semantic import SemanticScorer

AllowOutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Read files that call.yaml names outside the folder being read (../shared/...);"
        " refused by default, so that a corpus cannot show others' files.",
    ),
]

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
    labels: Sequence[str] = (),
    *,
    max_bytes: int,
    clauses: bool,
    fetching: Fetching | None = None,
    allow_outside: bool = False,
) -> tuple[list[Readout], str | None, dict[str, tuple[str, ...]], tuple[Decision, ...]]:
    from readout_diff.folders import load_call
    from readout_diff.load import renamed

    fetching = fetching or Fetching(inputs=paths)

    if len(paths) == 1 and paths[0] != "-" and os.path.isdir(paths[0]):
        call = load_call(
            paths[0], max_bytes=max_bytes, clauses=clauses, allow_outside=allow_outside
        )
        readouts = list(call.readouts)
        title = call.title
        aliases = dict(call.aliases)
        decisions = call.decisions
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
        readouts = _distinct(
            [
                load_one(p, name=None, max_bytes=max_bytes, clauses=clauses, fetching=fetching)
                for p in paths
            ]
        )
        title, aliases, decisions = None, {}, ()
    for option, given in (("names", names), ("labels", labels)):
        if len(given) > len(readouts):
            raise UsageError(f"{len(given)} {option} given for {len(readouts)} sides")
    for k, given_name in enumerate(names):
        name, label = name_and_label(given_name)
        readouts[k] = renamed(readouts[k], name, label=label)
    for k, label in enumerate(labels):
        readouts[k] = renamed(readouts[k], label=" ".join(label.split()) or readouts[k].label)
    return readouts, title, aliases, decisions


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
    from readout_diff.scripts import words_warning

    if (warning := words_warning(report)) is not None:
        warn(warning)
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
            help="Two or more readouts: files (.txt, .md, .yaml, .html; - for stdin) or"
            " http(s) addresses; or one call folder.",
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
        chosen = scorer_for(scorer.value, cache=not no_cache)
        inputs = [*paths, *([str(aliases)] if aliases else [])]
        readouts, title, table, settled = _load_sides(
            paths,
            name or [],
            label or [],
            max_bytes=max_bytes,
            clauses=clauses,
            fetching=Fetching(timeout=timeout, save=save, inputs=inputs),
            allow_outside=allow_outside,
        )
        if aliases is not None:
            table = merge_aliases(
                table, load_aliases(str(aliases), max_bytes=max_bytes, pipes=True)
            )
        if decisions is not None:
            settled = (*settled, *load_decisions(str(decisions), max_bytes=max_bytes))

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

            console = console_for(sys.stderr, _color(color, no_color))
            with ProgressBar(console, label="embedding") as bar:  # type: ignore[arg-type]
                report = run(replace(chosen, progress=bar.update))
        else:
            report = run(chosen)
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
            metavar="READOUT",
            help="A readout file (.txt, .md, .yaml, .html), an http(s) address, or - for stdin.",
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
    save: SaveOpt = None,
    timeout: TimeoutOpt = 20.0,
    debug: DebugOpt = False,
) -> None:
    """Show how a readout is split into claims: id, line, span and text, and what was skipped.

    \b
    Example: readout-diff claims kremlin.txt
    """

    def action() -> int:
        if path != "-" and os.path.isdir(path):
            raise UsageError("is a directory; give one readout file", path=path)
        fetching = Fetching(timeout=timeout, save=save, inputs=[path])
        readout = load_one(
            path, name=name, max_bytes=parse_size(max_size), clauses=clauses, fetching=fetching
        )
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
            min=1,
            max=256,
            help="Processes to compare calls in (default: one per dozen calls, up to all cores).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
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
        table = (
            load_aliases(str(aliases), max_bytes=max_bytes, pipes=True)
            if aliases is not None
            else {}
        )
        extra = load_corpus_decisions(str(decisions), max_bytes=max_bytes) if decisions else {}
        if baseline is not None and write_baseline is not None:
            raise UsageError("give --baseline or --write-baseline, not both")
        known = read_baseline(str(baseline), max_bytes=max_bytes) if baseline else None
        if junit and write_baseline and os.path.abspath(junit) == os.path.abspath(write_baseline):
            raise UsageError("--junit and --write-baseline name the same file", path=str(junit))
        outputs = [p for p in (junit, write_baseline) if p is not None]
        if outputs:
            read = input_files(directory, max_bytes=max_bytes)
            given = [str(p) for p in (aliases, decisions, baseline) if p is not None]
            for output in outputs:
                check_output_path(str(output))
                refuse_to_overwrite(str(output), [*read, *given])
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
        if sys.stderr.isatty():
            from readout_diff.render.check_terminal import ProgressBar

            with ProgressBar(console_for(sys.stderr, _color(color, no_color))) as bar:  # type: ignore[arg-type]
                result = check_corpus(
                    directory, options=options, jobs=jobs, progress=bar.update, baseline=known
                )
        else:
            result = check_corpus(directory, options=options, jobs=jobs, baseline=known)
        if write_baseline is not None and result.exit_code != EXIT_ERROR:
            failing = tuple((c.name, o.expectation) for c, o in result.failures)
            write_atomic(write_baseline, baseline_text(failing))
            result = replace(result, baseline=Baseline(write_baseline, failing))
        if junit is not None:
            from readout_diff.render.check_output import render_junit

            write_atomic(str(junit), render_junit(result))
        emit("check", result, fmt.value, color=_color(color, no_color), width=width)
        for call in result.calls:
            for message in call.messages:
                error(printable(message))
        if result.warning:
            warn(result.warning)
        if write_baseline is not None and result.baseline is None:
            warn(f"{write_baseline}: not written, since some files or expectations are invalid")
        return result.exit_code

    guard(debug, action)


@app.command(
    cls=Command, short_help="List the bundled alias table, or the entries matching a word."
)
def aliases(
    word: Annotated[
        str | None,
        typer.Argument(help="Show only the groups whose term or a spelling contains this."),
    ] = None,
    extra: AliasesOpt = None,
    fmt: FormatOpt = Format.terminal,
    debug: DebugOpt = False,
) -> None:
    """List the alias table: each term and the spellings read as it, one group a line.

    With --aliases FILE, the table as a comparison would use it: a group of yours that
    shares a spelling with a bundled group joins it.

    \b
    Example: readout-diff aliases kyiv
    """

    def action() -> int:
        import json

        from readout_diff.load import load_aliases
        from readout_diff.normalize import extended_aliases

        table = extended_aliases(load_aliases(str(extra)) if extra is not None else None)
        wanted = (word or "").casefold()
        shown = {
            term: spellings
            for term, spellings in sorted(table.items())
            if wanted in term or any(wanted in s.casefold() for s in spellings)
        }
        if fmt is Format.json:
            write(json.dumps({"schema_version": 1, "aliases": shown}, ensure_ascii=False) + "\n")
        else:
            write("".join(f"{term}: {' | '.join(s)}\n" for term, s in shown.items()))
        return EXIT_OK if shown else EXIT_DIFFERENT

    guard(debug, action)


class SchemaName(StrEnum):
    """The JSON outputs that have a schema."""

    report = "report"
    check = "check"
    claims = "claims"
    aliases = "aliases"


@app.command(cls=Command, short_help="Print the JSON Schema of a JSON output.")
def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(help="report (compare, demo), check, claims or aliases.", show_default=True),
    ] = SchemaName.report,
) -> None:
    """Print the JSON Schema of what --format json prints: report (compare and demo),
    check, claims or aliases.

    \b
    Example: readout-diff schema check > check.schema.json
    """

    def action() -> int:
        from readout_diff.render.as_json import schema_text

        write(schema_text(name.value))
        return EXIT_OK

    guard(False, action)


from readout_diff.cli import review as _review  # noqa: E402, F401  (registers `review` on app)
