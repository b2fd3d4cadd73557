"""geoincidents._gc: the cyclic collector is paused around a parse or a batch and comes back
as it was, also after an error, from nested and concurrent users."""

from __future__ import annotations

import gc
import threading
from datetime import date
from pathlib import Path

import pytest

from geoincidents import Gazetteer
from geoincidents._gc import gc_paused
from geoincidents.errors import InputError
from geoincidents.geoparse import geoparse

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "seed_report.txt"


@pytest.fixture
def collections():
    """The generations of the collections the collector starts on its own while the test runs."""
    seen: list[int] = []

    def on_gc(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.enable()
    gc.callbacks.append(on_gc)
    yield seen
    gc.callbacks.remove(on_gc)
    gc.enable()


def test_a_parse_of_the_example_report_runs_without_a_collection_and_leaves_gc_on(collections):
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = geoparse(text, published=date(2020, 4, 30))
    assert doc.incidents  # the parse did its work
    during = list(collections)
    # at most the one collection that catches up when the pause ends (without the pause, the
    # parse's allocations start dozens)
    assert len(during) <= 1
    assert gc.isenabled()
    # the same work outside geoparse's pause does make the collector run
    junk = [[i] for i in range(50_000)]
    assert len(collections) > len(during) and junk


def test_nested_and_failing_users_restore_the_state_they_found():
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer user still runs
    assert gc.isenabled()
    with pytest.raises(InputError):
        geoparse(b"not text")  # type: ignore[arg-type]
    assert gc.isenabled()
    with pytest.raises(InputError):
        Gazetteer.default().resolve_many(["Kirkuk", "Mosul", "Erbil", "Tikrit", 5])
    assert gc.isenabled()
    gc.disable()
    try:
        geoparse("Gunmen killed two shepherds near Hawija on Monday.", published=date(2020, 4, 30))
        assert not gc.isenabled()  # a caller who turned it off keeps it off
    finally:
        gc.enable()


def test_concurrent_parses_leave_gc_on_when_the_last_one_ends():
    text = EXAMPLE.read_text(encoding="utf-8")
    errors: list[BaseException] = []

    def work():
        try:
            for _ in range(3):
                geoparse(text, published=date(2020, 4, 30))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    gc.enable()
    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert gc.isenabled()
