#!/usr/bin/env python3
"""Run the robustness suite and print what it exercised, as the table in docs/reliability.md.

    python scripts/reliability_report.py

Counts come from tests/robustness/conftest.py: hypothesis test cases per property (generated
inputs), the documented errors (GeoIncidentsError subclasses) the library raised, and the test
outcomes. Rows lost is asserted to be 0 by the properties themselves (attribute, read/write round
trips, resolve_many, geoparse); a lost row fails the run, so a green run reports 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reliability.json"
        env = dict(os.environ, GEOINCIDENTS_RELIABILITY_JSON=str(out))
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/robustness"],
            cwd=REPO, env=env, capture_output=True, text=True,
        )
        tail = proc.stdout.strip().splitlines()[-3:]
        if not out.exists():
            print("\n".join(tail), file=sys.stderr)
            return proc.returncode or 1
        s = json.loads(out.read_text())
    tests = s["tests"]
    print("| what | count |")
    print("|---|---|")
    print(f"| robustness tests run | {sum(tests.values())} (passed {tests.get('passed', 0)}, "
          f"failed {tests.get('failed', 0)}, skipped {tests.get('skipped', 0)}) |")
    print(f"| hypothesis properties | {len(s['properties'])} |")
    print(f"| generated inputs tried | {s['generated_inputs']} |")
    print(f"| documented errors raised | {s['documented_errors_total']} |")
    for name, n in s["documented_errors_raised"].items():
        print(f"| &nbsp;&nbsp;{name} | {n} |")
    print(f"| undocumented errors (stack traces from a dependency) | {tests.get('failed', 0)} |")
    print(f"| rows lost | {0 if proc.returncode == 0 else 'see failures'} |")
    print()
    print("| property | generated inputs | passed | failed | gave up |")
    print("|---|---|---|---|---|")
    for name, c in s["properties"].items():
        total = sum(c.values())
        print(f"| {name} | {total} | {c.get('passed', 0)} | {c.get('failed', 0)} | {c.get('gave_up', 0)} |")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
