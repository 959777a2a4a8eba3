"""Crash safety of ``newsgraph ingest``: SIGKILL and SIGINT at several points of a real run.

The CLI runs as a subprocess on a real Oxigraph folder; it is killed after it reported 1, 3 and
7 stored articles. After each kill the store must open, conform to the shapes, hold every
article wholly (its event count equals a clean run's) or not at all, and hold no cluster without
mentions; a rerun then completes with nothing lost and nothing duplicated.
"""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest
from cli_process import cli_command, cli_env

from graph.store import LOCK_FILE, Store

_PAIRS = [
    ("Russia", "Ukraine"), ("Israel", "Hamas"), ("China", "Taiwan"), ("India", "Pakistan"),
    ("Turkey", "Greece"), ("Iran", "Israel"), ("Serbia", "Kosovo"), ("Armenia", "Azerbaijan"),
    ("Sudan", "Chad"), ("Ethiopia", "Eritrea"), ("Japan", "China"), ("Poland", "Belarus"),
]
_VERBS = [
    "{a} accused {b} of violating the ceasefire.",
    "{a} called on {b} to release the prisoners.",
    "{a} threatened {b} with new sanctions.",
    "{a} signed a trade agreement with {b}.",
]


def _corpus(path: Path, n: int = 36) -> list[str]:
    """Write ``n`` small dated articles (one or two events each); return their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            a, b = _PAIRS[i % len(_PAIRS)]
            text = " ".join([
                _VERBS[i % len(_VERBS)].format(a=a, b=b),
                _VERBS[(i + 1) % len(_VERBS)].format(a=b, b=a),
            ])
            art_id = f"crash-{i:02d}"
            ids.append(art_id)
            f.write(json.dumps({"id": art_id, "text": text,
                                "date": f"2024-03-{1 + i % 28:02d}"}) + "\n")
    return ids


def _ingest(corpus: Path, db: Path) -> list[str]:
    return cli_command("-v", "ingest", str(corpus), "--store", str(db), "--no-validate",
                       "--no-progress")


def _run_until(corpus: Path, db: Path, stored: int, sig: signal.Signals) -> tuple[int, str]:
    """Start an ingest, send ``sig`` once it reported ``stored`` new articles; (rc, stderr).

    Articles a rerun finds already stored are reported "(unchanged)" and not counted.
    """
    proc = subprocess.Popen(_ingest(corpus, db), env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen, lines = 0, []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("stored ") and " of " in line and "(unchanged)" not in line:
            seen += 1
            if seen == stored:
                proc.send_signal(sig)
                break
    _out, rest = proc.communicate(timeout=120)
    return proc.returncode, "".join(lines) + rest


def _per_article(db: Path) -> dict[str, int]:
    """Event mentions per stored article graph (an article without events counts 0)."""
    with Store.open(db) as store:
        rows = store.query(
            "SELECT ?g (COUNT(?e) AS ?n) WHERE { GRAPH ?g { ?art a schema:NewsArticle "
            "OPTIONAL { ?e a sem:Event } } } GROUP BY ?g"
        )
        counts = {str(r[0]).rsplit("/", 1)[-1]: int(r[1]) for r in rows}
        orphans = store.query(
            "SELECT ?c WHERE { ?c a ng:EventCluster FILTER NOT EXISTS { ?e ng:inCluster ?c } }"
        )
        assert list(orphans) == [], "a cluster without mentions was left behind"
        mentions = store.count_events()
    assert sum(counts.values()) == mentions
    return counts


def _check_whole(db: Path, clean: dict[str, int]) -> int:
    """Every stored article has exactly its clean-run events; the store conforms. -> stored."""
    counts = _per_article(db)
    for art, n in counts.items():
        assert art in clean, f"unknown article graph {art}"
        assert n == clean[art], f"article {art} is partly stored: {n} of {clean[art]} events"
    check = subprocess.run(cli_command("validate", "--store", str(db)), env=cli_env(),
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    return len(counts)


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The corpus and its per-article event counts from an uninterrupted CLI run."""
    folder = tmp_path_factory.mktemp("crash")
    corpus = folder / "corpus.jsonl"
    ids = _corpus(corpus)
    db = folder / "clean.db"
    done = subprocess.run(_ingest(corpus, db), env=cli_env(), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    counts = _per_article(db)
    assert sorted(counts) == sorted(ids)
    assert sum(counts.values()) >= len(ids)  # the corpus does give events
    return corpus, counts


def test_sigkill_at_several_points_loses_and_duplicates_nothing(
    clean_run: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    corpus, clean = clean_run
    db = tmp_path / "db"
    stored = 0
    for more in (1, 3, 7):
        rc, err = _run_until(corpus, db, more, signal.SIGKILL)
        assert rc == -signal.SIGKILL, err
        now = _check_whole(db, clean)
        assert now >= stored + more, f"reported articles were lost ({now} < {stored + more})"
        stored = now
    done = subprocess.run(_ingest(corpus, db), env=cli_env(), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _per_article(db) == clean  # 0 lost, 0 duplicated
    _check_whole(db, clean)


def test_sigint_stops_cleanly_saying_how_far(
    clean_run: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    corpus, clean = clean_run
    db = tmp_path / "db"
    rc, err = _run_until(corpus, db, 3, signal.SIGINT)
    assert rc == 130, err
    assert "Traceback" not in err
    stop = [line for line in err.splitlines() if "stopped after" in line]
    assert len(stop) == 1, err
    n = int(stop[0].split("stopped after ")[1].split()[0])
    assert f"stopped after {n} of {len(clean)} articles" in stop[0]
    assert n >= 3
    assert _check_whole(db, clean) == n
    assert not (db / LOCK_FILE).exists()  # a clean stop releases the lock
