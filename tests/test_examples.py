"""The bundled examples run end to end on the real data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_walkthrough_runs_and_writes_its_maps(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(REPO / "examples" / "walkthrough.py"), str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    # The key spellings of the seed story resolve to the right features.
    assert "'Qarachokh'" in out and "landmark:lm-qarachogh" in out
    assert "ocha:IQG16" in out  # Saladin / Salahaddin -> Salah Al-Din governorate
    html = (tmp_path / "seed_map.html").read_text(encoding="utf-8")
    # offline=True: one self-contained file, no script or stylesheet fetched from the network.
    assert "<script" in html
    assert '<script src="http' not in html and 'rel="stylesheet" href="http' not in html
    assert (tmp_path / "seed_map.png").stat().st_size > 10_000
