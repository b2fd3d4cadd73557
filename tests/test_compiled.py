"""The optional mypyc build (README, "Faster geoparsing"): when the test run is meant to exercise
it, the geoparser's modules really are the compiled ones, and they agree with the pure source.

``.ci/run`` builds the compiled wheel and runs the geoparse tests against it with
``GEOINCIDENTS_EXPECT_COMPILED=1``; in an ordinary (editable, pure-Python) run these tests skip.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COMPILED = ("geoincidents.geoparse", "geoincidents._textdates", "geoincidents.normalize")

pytestmark = pytest.mark.skipif(os.environ.get("GEOINCIDENTS_EXPECT_COMPILED") != "1",
                                reason="not a run of the compiled build (GEOINCIDENTS_EXPECT_COMPILED=1)")


@pytest.mark.parametrize("name", COMPILED)
def test_module_is_compiled(name):
    path = str(importlib.import_module(name).__file__)
    assert not path.endswith(".py"), f"{name} was loaded from source: {path}"


def _parse_in(pythonpath: str, text: str) -> dict:
    code = (
        "import json, sys; from geoincidents.geoparse import geoparse;"
        "doc = geoparse(sys.stdin.read(), published='2020-04-17');"
        "print(json.dumps(doc.to_dict(), sort_keys=True, default=str))"
    )
    proc = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True,
                          cwd=str(REPO.parent), env=dict(os.environ, PYTHONPATH=pythonpath))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_compiled_and_pure_parse_the_example_report_alike():
    text = (REPO / "examples" / "seed_report.txt").read_text(encoding="utf-8")
    compiled_path = str(Path(importlib.import_module("geoincidents").__file__).parents[1])
    compiled = _parse_in(compiled_path, text)
    pure = _parse_in(str(REPO), text)
    assert compiled["incidents"], "the example report has incidents"
    assert compiled == pure
