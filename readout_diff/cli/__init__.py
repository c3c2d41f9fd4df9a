"""The command line: parses arguments, calls the pure core, prints one result, sets the exit code.

The only package that imports Typer or writes to stdout/stderr (with the renderers it calls).
"""

from readout_diff.cli.commands import app
from readout_diff.cli.output import run

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    run(app)
