"""``claims``, ``aliases`` and ``schema``: how the tool reads a readout, and what it knows."""

import os
from enum import StrEnum
from typing import Annotated

import typer

from readout_diff.cli.options import (
    AliasesOpt,
    ClausesOpt,
    Color,
    ColorOpt,
    DebugOpt,
    Format,
    FormatOpt,
    MaxSizeOpt,
    NoColorOpt,
    OutputOpt,
    SaveOpt,
    TimeoutOpt,
    WidthOpt,
    chosen_color,
    parse_size,
)
from readout_diff.cli.output import (
    EXIT_DIFFERENT,
    EXIT_OK,
    emit,
    guard,
    note,
    write,
)
from readout_diff.cli.output_files import output_file, refuse_stdout_over, refuse_to_overwrite
from readout_diff.cli.sources import Fetching, load_one
from readout_diff.errors import UsageError


def claims(
    path: Annotated[
        str,
        typer.Argument(
            metavar="READOUT",
            help="A readout file (.txt, .md, .yaml, .html), an http(s) address, or - for stdin.",
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", metavar="NAME", help="Side name (default: file stem)."),
    ] = None,
    fmt: FormatOpt = Format.terminal,
    output: OutputOpt = None,
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
        target = output_file(output)
        if target is not None:
            from readout_diff.cli.compare import refuse_inside_call

            refuse_to_overwrite(target, [path], reader="the command")
            refuse_inside_call(target, [path])
        else:
            refuse_stdout_over([path], reader="the command")
        fetching = Fetching(timeout=timeout, save=save, inputs=[path], output=target)
        readout = load_one(
            path, name=name, max_bytes=parse_size(max_size), clauses=clauses, fetching=fetching
        )
        shown = chosen_color(color, no_color)
        emit("claims", readout, fmt.value, color=shown, width=width, to=target)
        return EXIT_OK

    guard(debug, action)


def aliases(
    word: Annotated[
        str | None,
        typer.Argument(
            metavar="WORD", help="Show only the groups whose term or a spelling contains this."
        ),
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
        if not shown:
            note(f"no alias group holds {word!r}")
        return EXIT_OK if shown else EXIT_DIFFERENT

    guard(debug, action)


class SchemaName(StrEnum):
    """The JSON outputs that have a schema."""

    report = "report"
    check = "check"
    claims = "claims"
    aliases = "aliases"


def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(
            metavar="NAME",
            help="report (compare, demo), check, claims or aliases.",
            show_default=True,
        ),
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
