"""Checks written without a pattern (to spare compiling it), or without reading each
character, agree with what they replace."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import readout_diff.readouts as readouts
import readout_diff.scripts as scripts
import readout_diff.segment as seg
from readout_diff.errors import INVISIBLE

_FINAL = re.compile(r"[.!?…。！？:;][\"'”’»)\]」』*_]*\s*$")
_NAME = re.compile(f"[^\\s:/\\\\\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]+")
_UNPRINTABLE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]")

_ENDINGS = st.text(alphabet=".!?…。！？:;\"'”’»)]」』*_ \t\n\r\u00a0\u2028ab", max_size=8)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=20), _ENDINGS)
def test_final_punctuation_is_found_as_the_pattern_found_it(text: str, ending: str) -> None:
    body = text + ending
    assert seg._ends_with_final_punctuation(body) == bool(_FINAL.search(body))


_NAMES = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F),
        st.sampled_from("é\u00a0\u00ad\u200b\u2028\u2060\ufeffкремль\x85\x9f"),
    ),
    max_size=12,
)


@settings(max_examples=1000, deadline=None)
@given(_NAMES)
def test_names_and_ids_are_checked_as_the_patterns_checked_them(name: str) -> None:
    assert readouts._printable_name(name) == bool(_NAME.fullmatch(name))
    assert readouts._unprintable(name) == bool(_UNPRINTABLE.search(name))


def _script_by_each_letter(texts: list[str]) -> str | None:
    """The reference: every letter named by its script, as script_of did for all text."""
    counts: dict[str, int] = {}
    for ch in "".join(texts):
        if ch.isalpha():
            script = scripts._letter_script(ch)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return script if count >= scripts.MAJORITY * sum(counts.values()) else "other"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab AZ19.,ДжПутинαβ中文é", max_size=15), max_size=6))
def test_the_script_of_ascii_text_is_counted_as_each_letter_was(texts: list[str]) -> None:
    assert scripts.script_of(texts) == _script_by_each_letter(texts)
