"""Fuzzing inside the suite: mutated readouts through every loader and renderer, no crash."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

from conftest import ROOT

# How much the suite fuzzes: the same inputs on every machine (a fixed count from a fixed
# seed), within a time bound for slow ones. Set them to fuzz longer or elsewhere.
INPUTS = int(os.environ.get("READOUT_DIFF_FUZZ_INPUTS", "800"))
SECONDS = float(os.environ.get("READOUT_DIFF_FUZZ_SECONDS", "120"))
SEED = int(os.environ.get("READOUT_DIFF_FUZZ_SEED", "20250318"))
# Validating every fuzzed output against its schema would take a third of the time bound;
# test_contracts.py and the other tests validate what the tool prints.
CHECK_JSON_SCHEMAS = False


def fuzz_module() -> ModuleType:
    """bench/fuzz.py, which is a script rather than part of the package."""
    spec = importlib.util.spec_from_file_location("readout_diff_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_fuzzing_finds_no_failure() -> None:
    fuzz = fuzz_module()
    stats = fuzz.fuzz(SECONDS, seed=SEED, max_inputs=INPUTS)
    report = "\n".join(fuzz.describe(failure) for failure in stats.failures)
    assert stats.tried > 0
    assert not stats.failures, report


def test_the_fuzzer_reports_a_crash() -> None:
    """The fuzz body flags an exception that is not the tool's own error, with its input."""
    fuzz = fuzz_module()
    original = fuzz.run_readout

    def broken(path: object, rnd: object) -> None:
        raise ZeroDivisionError("planted")

    fuzz.run_readout = broken
    try:
        stats = fuzz.fuzz(30, seed=1, max_inputs=40)
    finally:
        fuzz.run_readout = original
    assert stats.tried == 40
    assert [f.error.split(" at ")[0] for f in stats.failures] == ["ZeroDivisionError"]
    assert "planted" in fuzz.describe(stats.failures[0])
    assert "input: b" in fuzz.describe(stats.failures[0])


def test_the_fuzzer_times_growth_and_reports_super_linear_work() -> None:
    """Some inputs run at two sizes; work quadratic in the input is a failure, with its piece."""
    fuzz = fuzz_module()
    original = fuzz.run_pipeline

    def quadratic(text: str) -> None:
        n = min(len(text), 60_000)
        sum(1 for i in range(n) for _ in range(0, n, 50) if i < 0)

    fuzz.run_pipeline = quadratic
    try:
        stats = fuzz.fuzz(120, seed=3, max_inputs=6, growth=1.0)
    finally:
        fuzz.run_pipeline = original
    assert stats.grown == 6
    assert stats.failures, "a quadratic path passed"
    assert "super-linear growth" in stats.failures[0].trace


def test_linear_work_passes_the_growth_check() -> None:
    fuzz = fuzz_module()
    fuzz.check_growth(fuzz.run_pipeline, "The leaders met. ", "They spoke of energy. ", "")
