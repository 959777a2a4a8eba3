"""Tests of graph.distributed: extraction on a real Dask LocalCluster (2 worker processes).

The events from the cluster must be the single-process path's, on the bundled demo corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="dask/distributed not installed (newsgraph[dask])")

from graph.demo import corpus_files  # noqa: E402
from graph.distributed import DaskExtraction, partitions  # noqa: E402
from graph.extract import Extractor  # noqa: E402
from graph.kg import KnowledgeGraph  # noqa: E402
from graph.model import MODALITIES, Article  # noqa: E402
from graph.store import Store  # noqa: E402


@pytest.fixture(scope="session")
def dask_extraction() -> Iterator[DaskExtraction]:
    """One LocalCluster of 2 processes for the session (each loads spaCy once)."""
    with DaskExtraction(workers=2, min_confidence=0.0, partition_size=3) as ex:
        yield ex


def test_partitions_keep_order_and_size() -> None:
    arts = [Article(id=str(i), text="x") for i in range(7)]
    parts = partitions(arts, 3)
    assert [len(p) for p in parts] == [3, 3, 1]
    assert [a.id for p in parts for a in p] == [str(i) for i in range(7)]
    with pytest.raises(ValueError, match="at least 1"):
        partitions(arts, 0)


def test_dask_events_equal_single_process(dask_extraction: DaskExtraction,
                                          extractor: Extractor, tmp_path: Path) -> None:
    assert dask_extraction.n_workers == 2
    files = corpus_files()
    single = KnowledgeGraph(Store.open(tmp_path / "single"), extractor=extractor)
    spread = KnowledgeGraph(Store.open(tmp_path / "dask"), extractor=extractor)
    seen: list[tuple[int, int]] = []
    try:
        r1 = single.ingest(files)
        r2 = spread.ingest(
            files,
            extract=lambda arts, include: dask_extraction(
                arts, include=include, on_partition=lambda d, t: seen.append((d, t))),
        )
        assert r2.errors == r1.errors == ()
        assert (r2.articles, r2.events, r2.clusters) == (r1.articles, r1.events, r1.clusters)
        assert r1.events > 0
        assert seen[-1] == (len(seen), len(seen)) and len(seen) == -(-r1.articles // 3)
        assert spread.events(modality=None).equals(single.events(modality=None))
    finally:
        single.close()
        spread.close()
    # and the raw records: the same Event objects, in the same order
    from graph.ingest import read_inputs

    arts = [a for a in read_inputs(files) if isinstance(a, Article)]
    local = list(extractor.extract_articles(arts, include=MODALITIES))
    remote = list(dask_extraction(arts, include=MODALITIES))
    assert remote == local


def test_a_failing_partition_is_reported_and_the_rest_goes_on(
        dask_extraction: DaskExtraction) -> None:
    good = Article(id="ok", text="NATO condemned Russia.", published="2023-07-11")
    bad = Article(id="bad", text=None, published="2023-07-11", origin="bad.txt")  # type: ignore[arg-type]
    errors: list[str] = []
    old = dask_extraction.partition_size
    dask_extraction.partition_size = 1
    try:
        out = list(dask_extraction([bad, good], on_error=errors.append))
    finally:
        dask_extraction.partition_size = old
    assert [a.id for a, _ in out] == ["ok"]
    assert len(errors) == 1 and errors[0].startswith("bad.txt: extraction failed on a Dask worker")


def test_cli_ingest_with_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from graph.cli import main

    files = [str(p) for p in corpus_files()[:4]]
    db = str(tmp_path / "db")
    assert main(["ingest", *files, "--store", db, "--workers", "1", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "stored 4 articles" in out and "on 1 Dask workers" in out


def test_cli_ingest_on_an_existing_scheduler(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from distributed import LocalCluster

    from graph.cli import main

    files = [str(p) for p in corpus_files()[:2]]
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        db = str(tmp_path / "db")
        assert main(["ingest", *files, "--store", db, "--scheduler",
                     cluster.scheduler_address, "--no-progress"]) == 0
    assert "on 1 Dask workers" in capsys.readouterr().out
    assert main(["ingest", *files, "--store", db, "--workers", "1", "--scheduler", "x"]) == 2
    assert "not both" in capsys.readouterr().err
