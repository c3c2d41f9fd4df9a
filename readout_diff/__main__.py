"""Run the command line as ``python -m readout_diff``."""

from readout_diff.cli import main

main()
