"""The command line: parses arguments, calls the pure core, prints one result, sets the exit code.

The only module that imports Typer or writes to stdout/stderr (with the renderers it calls).
"""

import contextlib
import os
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from readout_diff import __version__
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_SCORER, DEFAULT_THRESHOLD
from readout_diff.errors import ReadoutDiffError, UsageError, printable
from readout_diff.model import Readout

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
# The reader of stdout went away (| head): what a shell reports for a process SIGPIPE killed.
EXIT_BROKEN_PIPE = 128 + 13


class Format(StrEnum):
    """Output formats every command shares."""

    terminal = "terminal"
    json = "json"
    markdown = "markdown"


class Scorer(StrEnum):
    """The pair scorers (``score.SCORERS``), as a choice the help lists."""

    weighted = "weighted"
    fuzzy = "fuzzy"


DEFAULT_SCORER_CHOICE = Scorer(DEFAULT_SCORER)


class Command(TyperCommand):
    """A command whose usage line reads ``READOUT...``, without braces around what is required."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p[:1] == "{" and p[-1:] == "}" else p for p in pieces]


app = typer.Typer(
    name="readout-diff",
    help=(
        "Compare the official readouts of one diplomatic call: which points both sides made,"
        " which only one made, and why the tool paired them.\n\n"
        "Example: readout-diff compare white-house.yaml kremlin.yaml"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="terminal (coloured report), json or markdown.")
]
NoColorOpt = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colour; bold and reverse video still mark words (colour is also off with"
        " NO_COLOR, and all styling when piped).",
    ),
]
WidthOpt = Annotated[
    int | None,
    typer.Option("--width", min=40, help="Terminal report width (default: the terminal's)."),
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
]
MaxSizeOpt = Annotated[
    str, typer.Option("--max-size", help="Refuse input files larger than this (e.g. 5M, 800k).")
]
ThresholdOpt = Annotated[
    float,
    typer.Option(
        "--threshold",
        "-t",
        min=0.0,
        max=1.0,
        help="Score (0-1) a pairing needs; a mutual best match needs 60% of it.",
    ),
]
MarginOpt = Annotated[
    float,
    typer.Option(
        "--margin",
        min=0.0,
        max=1.0,
        help="How far a pairing must beat the claim's next candidate (0-1).",
    ),
]
ScorerOpt = Annotated[
    Scorer,
    typer.Option("--scorer", help="weighted (IDF-weighted terms) or fuzzy (rapidfuzz)."),
]
AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases", help="YAML file of extra aliases: {term: [spelling, ...]}.", dir_okay=False
    ),
]
OnlyDiffOpt = Annotated[
    bool, typer.Option("--only-differences", help="Show only shared points whose claims differ.")
]
ClausesOpt = Annotated[
    bool,
    typer.Option("--clauses/--sentences", help="Split sentences into clauses (default) or not."),
]


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


def _error(message: str) -> None:
    sys.stderr.write(f"readout-diff: error: {message}\n")
    sys.stderr.flush()


def _warn(message: str) -> None:
    sys.stderr.write(f"readout-diff: warning: {printable(message)}\n")
    sys.stderr.flush()


def _guard(debug: bool, action: Callable[[], int]) -> NoReturn:
    """Run a command: user errors exit 2 with one line, Ctrl-C exits 130, nothing else leaks."""
    try:
        code = action()
    except ReadoutDiffError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except Exception as exc:
        if debug:
            raise
        detail = printable(" ".join(str(exc).split())[:200])
        _error(
            f"internal error: {type(exc).__name__}: {detail} (rerun with --debug for the traceback)"
        )
        raise typer.Exit(EXIT_ERROR) from None
    raise typer.Exit(code)


def _silence_stdout() -> None:
    """The reader went away: say nothing more, and send what is still buffered nowhere."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def parse_size(text: str) -> int:
    """Bytes from ``5M``, ``800k``, ``1G`` or a plain number.

    >>> parse_size("5M"), parse_size("800k"), parse_size("1200")
    (5242880, 819200, 1200)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[iI]?[bB]?\s*", text)
    if not match:
        raise UsageError(f"--max-size: cannot read {text!r} as a size (e.g. 5M, 800k)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(float(match.group(1)) * scale)


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
    sys.stdout.flush()


# Each result kind, and for each format the function that renders it, imported only when
# that format is asked for (Rich is never loaded for JSON or Markdown).
_RENDERERS: dict[str, dict[Format, tuple[str, str]]] = {
    "report": {
        Format.json: ("readout_diff.render.as_json", "report_to_dict"),
        Format.markdown: ("readout_diff.render.as_markdown", "render_markdown"),
        Format.terminal: ("readout_diff.render.terminal", "render_terminal"),
    },
    "claims": {
        Format.json: ("readout_diff.render.as_json", "claims_to_dict"),
        Format.markdown: ("readout_diff.render.as_markdown", "render_claims"),
        Format.terminal: ("readout_diff.render.terminal", "render_claims"),
    },
    "check": {
        Format.json: ("readout_diff.render.check_output", "check_to_dict"),
        Format.markdown: ("readout_diff.render.check_output", "render_check_markdown"),
        Format.terminal: ("readout_diff.render.check_terminal", "render_check"),
    },
}


def _emit(
    kind: str,
    subject: object,
    fmt: Format,
    *,
    no_color: bool,
    width: int | None,
    **options: object,
) -> None:
    """Print one result as one JSON document, as Markdown, or as the terminal report."""
    import importlib

    module, name = _RENDERERS[kind][fmt]
    render = getattr(importlib.import_module(module), name)
    if fmt is Format.json:
        from readout_diff.render.as_json import dumps

        _write(dumps(render(subject)) + "\n")
    elif fmt is Format.markdown:
        _write(render(subject, **options))
    else:
        from readout_diff.render.terminal import make_console

        render(subject, make_console(sys.stdout, color=_color(no_color), width=width), **options)


def _refuse_to_overwrite(output: str, inputs: list[str]) -> None:
    """Stop before an output file would replace one of the files being read."""
    from readout_diff.load import same_file

    for path in inputs:
        if same_file([path, output]):
            also = "" if os.path.abspath(path) == os.path.abspath(output) else f" ({path})"
            raise UsageError(
                f"is a file the check reads{also}; write the report elsewhere", path=output
            )


def _color(no_color: bool) -> bool:
    return not no_color and not os.environ.get("NO_COLOR")


def _load_sides(
    paths: list[str], names: list[str], *, max_bytes: int, clauses: bool
) -> tuple[list[Readout], str | None, dict[str, tuple[str, ...]]]:
    from readout_diff.load import load_call, load_readout, same_file

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
        twice = same_file(paths)
        if twice:
            raise UsageError(f"the same file is given twice (also as {twice[0]})", path=twice[1])
        readouts = [load_readout(p, max_bytes=max_bytes, clauses=clauses) for p in paths]
        title, aliases = None, {}
    if names:
        from readout_diff.load import renamed

        if len(names) > len(readouts):
            raise UsageError(f"{len(names)} names given for {len(readouts)} sides")
        readouts = [renamed(r, n) for r, n in zip(readouts, names, strict=False)] + readouts[
            len(names) :
        ]
    return readouts, title, aliases


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
            "--name", "-n", help="Side name for each file, in order (default: file stem)."
        ),
    ] = None,
    fmt: FormatOpt = Format.terminal,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    margin: MarginOpt = DEFAULT_MARGIN,
    scorer: ScorerOpt = DEFAULT_SCORER_CHOICE,
    aliases: AliasesOpt = None,
    clauses: ClausesOpt = True,
    only_differences: OnlyDiffOpt = False,
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
            paths, name or [], max_bytes=max_bytes, clauses=clauses
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
        _emit(
            "report", report, fmt, no_color=no_color, width=width, only_differences=only_differences
        )
        return EXIT_DIFFERENT if report.lacks_a_point else EXIT_OK

    _guard(debug, action)


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
        _emit("claims", readout, fmt, no_color=no_color, width=width)
        return EXIT_OK

    _guard(debug, action)


@app.command(cls=Command, short_help="Compare the bundled White House and Kremlin readouts.")
def demo(
    fmt: FormatOpt = Format.terminal,
    only_differences: OnlyDiffOpt = False,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Compare the bundled example: the White House and Kremlin readouts of 18 March 2025.

    \b
    Example: readout-diff demo --format markdown
    """

    def action() -> int:
        from readout_diff.load import load_demo
        from readout_diff.report import compare as build

        call = load_demo()
        readouts = list(call.readouts)
        report = build(readouts, aliases=dict(call.aliases), title=call.title)
        _emit(
            "report", report, fmt, no_color=no_color, width=width, only_differences=only_differences
        )
        return EXIT_DIFFERENT if report.lacks_a_point else EXIT_OK

    _guard(debug, action)


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
    Example: readout-diff check readouts/ --min-score 0.72 --junit report.xml
    """

    def action() -> int:
        from readout_diff.check import CheckOptions, check_corpus
        from readout_diff.load import input_files, load_aliases

        max_bytes = parse_size(max_size)
        table = load_aliases(str(aliases), max_bytes=max_bytes) if aliases is not None else {}
        if junit is not None:
            _refuse_to_overwrite(
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
            from readout_diff.render.terminal import make_console

            with ProgressBar(make_console(sys.stderr, color=_color(no_color))) as bar:
                result = check_corpus(directory, options=options, jobs=workers, progress=bar.update)
        else:
            result = check_corpus(directory, options=options, jobs=workers)
        if junit is not None:
            from readout_diff.render.check_output import render_junit

            write_atomic(str(junit), render_junit(result))
        _emit("check", result, fmt, no_color=no_color, width=width)
        for call in result.calls:
            for message in [*call.errors, *(o.error for o in call.outcomes if o.error)]:
                if message:
                    _error(printable(message))
        if result.warning:
            _warn(result.warning)
        return result.exit_code

    _guard(debug, action)


def write_atomic(path: str, text: str) -> None:
    """Write a file so that an interrupted run leaves the old one whole: temp file, then rename."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".readout-diff-", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write: {exc.strerror or exc}", path=path) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(path: str) -> int:
    """The old file's permissions, or what a new file gets under the current umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def main() -> None:
    """Console-script entry point: usage errors are one line too, like every other error."""
    from typer.main import get_command

    command = get_command(app)
    stdout = sys.stdout
    try:
        code = command.main(prog_name="readout-diff", standalone_mode=False)
    except SystemExit:
        # Typer exits 1 when stdout's reader went away (printing --help or --version), and
        # swaps in a wrapper that hushes the final flush: that swap is how to tell.
        if sys.stdout is stdout:
            raise
        code = EXIT_BROKEN_PIPE
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = EXIT_INTERRUPTED
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_BROKEN_PIPE
    except Exception as exc:
        show = getattr(exc, "format_message", None)
        if show is None or not hasattr(exc, "exit_code"):
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            # No command at all is a usage error: the help goes where errors go.
            sys.stderr.write(ctx.get_help() + "\n")
            _exit(EXIT_ERROR)
        hint = ""
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        _error(printable(" ".join(show().split())) + hint)
        code = EXIT_ERROR
    _exit(code if isinstance(code, int) else EXIT_OK)


def _exit(code: int) -> NoReturn:
    """Flush and leave at once: tearing down the interpreter's objects only costs time."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    except OSError:
        pass
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)
