"""Checks written without a pattern (to spare compiling it) agree with the pattern."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import readout_diff.readouts as readouts
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
