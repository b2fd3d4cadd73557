"""Counting what the robustness suite exercises, for docs/reliability.md.

Two counters run for every test under tests/robustness/ without the tests having to know:
every hypothesis test case (through hypothesis' observability callbacks: how many generated
inputs each property tried, and how they ended) and every GeoIncidentsError the library
constructs (the documented errors, by class). Fixed-case tests count one input per test.
The totals are printed at the end of the run and, when ``GEOINCIDENTS_RELIABILITY_JSON`` names
a file, written there as JSON (``scripts/reliability_report.py`` does that).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict

import pytest
from hypothesis.internal import observability
from hypothesis.internal.observability import add_observability_callback

from geoincidents.errors import GeoIncidentsError

_cases: dict[str, Counter] = defaultdict(Counter)
_errors: Counter = Counter()
_tests: Counter = Counter()


def _observe(obs) -> None:
    if getattr(obs, "type", None) == "test_case":
        _cases[obs.property][obs.status] += 1


# Only the count of test cases is wanted: line coverage per case would slow the suite ~4x.
observability.OBSERVABILITY_COLLECT_COVERAGE = False
add_observability_callback(_observe)


@pytest.fixture(autouse=True)
def _count_library_errors(monkeypatch):
    original = GeoIncidentsError.__init__

    def counting_init(self, *args, **kwargs):
        _errors[type(self).__name__] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(GeoIncidentsError, "__init__", counting_init)
    yield


def pytest_runtest_logreport(report):
    if report.when == "call" and "robustness" in report.nodeid:
        _tests[report.outcome] += 1


def summary() -> dict:
    generated = sum(sum(c.values()) for c in _cases.values())
    return {
        "tests": dict(_tests),
        "properties": {name: dict(c) for name, c in sorted(_cases.items())},
        "generated_inputs": generated,
        "documented_errors_raised": dict(sorted(_errors.items())),
        "documented_errors_total": sum(_errors.values()),
    }


def pytest_terminal_summary(terminalreporter):
    if not _tests:
        return
    s = summary()
    terminalreporter.write_line(
        f"robustness: {sum(s['tests'].values())} tests, {s['generated_inputs']} generated inputs "
        f"over {len(s['properties'])} properties, {s['documented_errors_total']} documented errors raised"
    )
    path = os.environ.get("GEOINCIDENTS_RELIABILITY_JSON")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(s, fh, indent=2, sort_keys=True)
