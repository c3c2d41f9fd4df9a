"""The app: its root options, and its commands in the order --help lists them.

Each command lives in a module of its own (compare and demo, claims and the tables, check,
review); this module only registers them, so that the order and the one-line summaries
read in one place.
"""

from typing import Annotated

import typer

from readout_diff import __version__
from readout_diff.cli.check import check
from readout_diff.cli.compare import compare, demo
from readout_diff.cli.options import Command
from readout_diff.cli.output import EXIT_OK
from readout_diff.cli.review import review
from readout_diff.cli.show import aliases, claims, schema

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


app.command(
    cls=Command, short_help="Compare readouts of one call: what each side said and left out."
)(compare)
app.command(cls=Command, short_help="Show how a readout is split into claims.")(claims)
app.command(cls=Command, short_help="Compare the bundled example readouts (retold, not quotable).")(
    demo
)
app.command(cls=Command, short_help="Check a corpus of calls against their expect.yaml files.")(
    check
)
app.command(
    cls=Command, short_help="List the bundled alias table, or the entries matching a word."
)(aliases)
app.command(cls=Command, short_help="Print the JSON Schema of a JSON output.")(schema)
app.command(
    cls=Command, short_help="Settle the verdicts to check, one at a time, as git add -p does."
)(review)
