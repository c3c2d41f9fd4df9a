"""How sure the tool is of each verdict: ``sure`` points can be quoted, ``check`` ones read.

Each point gets a confidence and a reason code; ``REASONS`` gives the plain words a report
prints for each code.
"""

from __future__ import annotations

SURE = "sure"
CHECK = "check"

# code -> (confidence, plain words shown to a reader)
REASONS: dict[str, tuple[str, str]] = {
    "decided": (SURE, "a reader decided it"),
    "same-content": (SURE, "the two say it in the same content words"),
    "strong-unique-pair": (SURE, "a strong pairing with no close rival"),
    "no-candidate": (SURE, "no claim of the other side shares a content word with it"),
    "far-from-any": (SURE, "nothing on the other side comes close"),
    "near-rival": (CHECK, "another claim came almost as close"),
    "weak-link": (CHECK, "the pairing rests on few or common words"),
    "sibling-clause": (CHECK, "joined only because its sentence was paired"),
    "plausible-partner": (CHECK, "a claim of the other side may make the same point"),
    "partner-elsewhere": (CHECK, "its nearest claim was paired with another"),
}
