"""Start-up (issue #11): ``newsgraph extract`` on one sentence, and the data loads alone.

Run by hand: ``PYTHONPATH=. python bench/startup.py``. Times (wall, in fresh subprocesses) the
CLI on a one-sentence file with the data cache off, cold (empty cache folder) and warm, and the
gazetteer and lexicon loads with time.perf_counter around ``Gazetteer.load``/``Lexicon.load``;
prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "NATO called on Serbia to calm tensions on Monday.\n"
_LOADS = """
import json, time
t0 = time.perf_counter()
from graph.extract.actors import Gazetteer
from graph.extract.actions import Lexicon
t1 = time.perf_counter(); Gazetteer.load(); t2 = time.perf_counter(); Lexicon.load()
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "gazetteer": t2 - t1, "lexicon": t3 - t2}))
"""


def _env(cache: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NEWSGRAPH_CACHE_DIR=cache)
    return env


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    """Print the start-up table (median of 3 runs each)."""
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "one.txt"
        text.write_text(SENTENCE, encoding="utf-8")
        cli = [sys.executable, "-m", "graph.cli", "extract", str(text)]
        rows = []
        for label, cache in (("cache off", "off"), ("cold cache", ""), ("warm cache", "warm")):
            walls, loads = [], []
            for _ in range(3):
                folder = "off" if cache == "off" else str(Path(tmp) / ("c" + cache))
                if cache == "":
                    folder = tempfile.mkdtemp(dir=tmp)  # empty every time
                walls.append(_wall(cli, _env(folder)))
                if cache == "":
                    folder = tempfile.mkdtemp(dir=tmp)  # the run above filled the other
                out = subprocess.run([sys.executable, "-c", _LOADS], env=_env(folder),
                                     check=True, capture_output=True, text=True).stdout
                loads.append(json.loads(out))
            med = statistics.median
            rows.append((label, med(walls), med([x["gazetteer"] + x["lexicon"] for x in loads]),
                         med([x["gazetteer"] for x in loads]), med([x["lexicon"] for x in loads])))
    print("| data cache | `newsgraph extract` one sentence, wall s (target < 2) | gazetteer + "
          "lexicon load s (target < 0.3) | gazetteer s | lexicon s |\n| --- | --- | --- | --- | "
          "--- |")
    for label, wall, both, gaz, lex in rows:
        print(f"| {label} | {wall:.2f} | {both:.3f} | {gaz:.3f} | {lex:.3f} |")


if __name__ == "__main__":
    main()
