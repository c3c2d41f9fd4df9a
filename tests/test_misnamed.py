"""A call folder's own file under a near name (expect.yml) is named as such, not as a readout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from readout_diff.cli import app

CALL = ROOT / "readouts" / "2025-03-18-trump-putin"


@pytest.mark.parametrize("listed", [True, False])
@pytest.mark.parametrize(
    "name", ["expect.yml", "Expect.yaml", "expectations.yaml", "expected.yaml"]
)
def test_a_misnamed_expect_file_is_named_with_the_name_it_needs(
    tmp_path: Path, name: str, listed: bool
) -> None:
    folder = tmp_path / "corpus" / "call"
    shutil.copytree(CALL, folder)
    (folder / "expect.yaml").rename(folder / name)
    if not listed:
        (folder / "call.yaml").unlink()
    runner = CliRunner()
    for args in (["check", str(folder.parent)], ["compare", str(folder)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        line = result.stderr.strip().splitlines()[-1]
        assert f"{name}: is this the call's expect.yaml?" in line, line
        assert "rename it expect.yaml" in line and "list it" not in line, line
