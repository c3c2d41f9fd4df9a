"""The pair scorers, a module each, behind the interface of ``readout_diff.score``."""
