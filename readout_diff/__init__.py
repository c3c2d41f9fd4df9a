"""readout-diff: compare the official readouts of one diplomatic call."""

__version__ = "0.1.0"
