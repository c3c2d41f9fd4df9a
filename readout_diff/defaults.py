"""The alignment defaults, in a module of their own so the command line can show them cheaply."""

DEFAULT_SCORER = "weighted"
DEFAULT_THRESHOLD = 0.2
DEFAULT_MARGIN = 0.06
