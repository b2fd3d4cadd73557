"""``geoincidents resolve`` through cli.main and once as ``python -m geoincidents``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from geoincidents.cli import main
from geoincidents.gazetteer import RESOLVE_JSON_KEYS, Gazetteer

REPO = Path(__file__).resolve().parents[1]


def test_resolve_names_json(capsys):
    assert main(["resolve", "Qarachokh", "Tooz Khormato", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    objs = [json.loads(x) for x in lines]
    assert all(tuple(o) == RESOLVE_JSON_KEYS for o in objs)
    assert objs[0]["source"] == "landmark:lm-qarachogh" and objs[0]["geometry"]["type"] == "LineString"
    assert objs[1]["status"] == "resolved" and objs[1]["admin1_code"] == "IQG16"


def test_resolve_within(capsys):
    assert main(["resolve", "Riyadh", "--within", "Kirkuk", "--json"]) == 0
    o = json.loads(capsys.readouterr().out)
    assert o["admin1_code"] == "IQG13"


def test_resolve_text_output(capsys):
    assert main(["resolve", "Hawler"]) == 0
    out = capsys.readouterr().out
    cols = out.rstrip("\n").split("\t")
    assert cols[0] == "Hawler" and cols[1] == "resolved" and cols[3] == "locality"


def test_resolve_input_file_one_line_per_input(tmp_path, capsys):
    f = tmp_path / "names.txt"
    f.write_text("Kirkuk\n\nSaladin\nXyzzyqwerty\nHamrin mountains\n", encoding="utf-8")
    assert main(["resolve", "--input", str(f), "--json"]) == 0
    objs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [o["query"] for o in objs] == ["Kirkuk", "", "Saladin", "Xyzzyqwerty", "Hamrin mountains"]
    assert [o["status"] for o in objs] == ["resolved", "unresolved", "resolved", "unresolved", "resolved"]
    assert objs[2]["source"] == "ocha:IQG16"
    # same answers as the Python API
    assert objs[4] == json.loads(json.dumps(Gazetteer.default().resolve("Hamrin mountains").to_dict()))


def test_resolve_errors_exit_2(tmp_path, capsys):
    assert main(["resolve", "Kirkuk", "--within", "Atlantis Nowhere Land"]) == 2
    assert "within" in capsys.readouterr().err
    assert main(["resolve", "--input", str(tmp_path / "missing.txt")]) == 2
    assert main(["resolve"]) == 2


def test_module_entry_point_subprocess(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "geoincidents", "resolve", "Mosul Dam Lake", "صلاح الدين", "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    objs = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["source"] for o in objs] == ["landmark:lm-mosul-dam-lake", "ocha:IQG16"]
