"""bench/phases.py: sphinx-build timed phase by phase, as the benchmark runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_phases_of_a_build_and_of_a_build_with_nothing_to_do(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text("", encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\nA paragraph.\n", encoding="utf-8")
    for name in ("first.json", "again.json"):
        done = subprocess.run([sys.executable, str(ROOT / "bench" / "phases.py"), str(tmp_path / name),
                               "-q", "-b", "html", "-W", str(src), str(out)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    first = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))
    assert list(first) == ["set-up", "reading", "consistency", "writing", "finishing"]
    assert all(t["wall"] >= 0 and t["cpu"] >= 0 for t in first.values())
    assert (out / "index.html").is_file()
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert list(again) == list(first)  # nothing read or written: every phase still reported
