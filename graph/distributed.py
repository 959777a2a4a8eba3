"""Scale-out of extraction on Dask: articles in partitions, spaCy loaded once per worker.

Parsing is the cost of ingest (the store write is small), so only extraction is spread out:
:class:`DaskExtraction` cuts the articles into partitions, each worker process extracts them
with an :class:`~graph.extract.Extractor` it keeps for the rest of its life (a worker-level
cache: the model loads once per worker, not per partition), and returns plain picklable
``(Article, list[Event])`` records. The parent writes them to the store, in input order, as the
single-process path does (one named graph per article: embedded, or a GSP PUT when remote).

dask and distributed are optional (``pip install newsgraph[dask]``); they are imported only
here, and only when a cluster is asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any

from graph.errors import NewsgraphError
from graph.model import DEFAULT_MIN_CONFIDENCE, Article, Event

__all__ = ["DaskExtraction", "partitions"]

logger = logging.getLogger(__name__)

#: (model, min_confidence) -> the Extractor of this worker process
_WORKER_EXTRACTORS: dict[tuple[str | None, float], Any] = {}


def partitions(articles: Iterable[Article], size: int) -> list[list[Article]]:
    """Cut ``articles`` into consecutive lists of at most ``size`` (input order kept)."""
    if size < 1:
        raise ValueError(f"partition size must be at least 1, got {size}")
    out: list[list[Article]] = []
    for art in articles:
        if not out or len(out[-1]) >= size:
            out.append([])
        out[-1].append(art)
    return out


def _worker_extractor(model: str | None, min_confidence: float) -> Any:
    """The Extractor of this process for that configuration, loaded on first use."""
    key = (model, min_confidence)
    if key not in _WORKER_EXTRACTORS:
        from graph.extract import Extractor

        _WORKER_EXTRACTORS[key] = Extractor(model=model, min_confidence=min_confidence)
    return _WORKER_EXTRACTORS[key]


def extract_partition(
    articles: Sequence[Article],
    model: str | None,
    min_confidence: float,
    include: tuple[str, ...],
) -> list[tuple[Article, list[Event]]]:
    """Run on a worker: the events of one partition (plain dataclasses, picklable)."""
    ex = _worker_extractor(model, min_confidence)
    return list(ex.extract_articles(articles, include=include))


class DaskExtraction:
    """Extraction on a Dask cluster: a new LocalCluster of ``workers`` processes, or ``scheduler``.

    Use as a context manager (the LocalCluster it made is closed on exit) and call it like
    :meth:`Extractor.extract_articles`. A partition whose extraction fails on a worker is
    reported through ``on_error`` (one line per article, naming it) and the rest goes on.
    """

    def __init__(
        self,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        model: str | None = None,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        partition_size: int = 32,
    ) -> None:
        """Start (``workers``) or connect to (``scheduler``) the cluster."""
        if (workers is None) == (scheduler is None):
            raise NewsgraphError("give either the number of Dask workers or a scheduler address")
        if workers is not None and workers < 1:
            raise NewsgraphError(f"--workers must be at least 1, got {workers}")
        try:
            import distributed
        except ImportError as exc:
            raise NewsgraphError(
                "--workers/--scheduler need dask and distributed; install them with "
                "pip install 'newsgraph[dask]'"
            ) from exc
        dd: Any = distributed  # untyped package: its calls are checked by the tests
        self.model = model
        self.min_confidence = min_confidence
        self.partition_size = partition_size
        self._cluster: Any = None
        if workers is not None:
            self._cluster = dd.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=":0",  # a free port: never clashes with another cluster
            )
            self._client: Any = dd.Client(self._cluster)
        else:
            try:
                self._client = dd.Client(scheduler, timeout="10s")
            except OSError as exc:
                raise NewsgraphError(
                    f"cannot connect to the Dask scheduler at {scheduler} ({exc}); start it "
                    "(dask scheduler) or fix --scheduler"
                ) from exc

    def __enter__(self) -> DaskExtraction:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the client, and the LocalCluster if this object started it."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    @property
    def n_workers(self) -> int:
        """The number of workers the scheduler knows now."""
        return len(self._client.scheduler_info().get("workers", {}))

    def __call__(
        self,
        articles: Iterable[Article],
        *,
        include: Iterable[str] = ("asserted",),
        on_partition: Callable[[int, int], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Yield ``(article, events)`` in input order; ``on_partition(done, total)`` per part."""
        parts = partitions(articles, self.partition_size)
        keep = tuple(include)
        futures = self._client.map(
            extract_partition, parts, model=self.model, min_confidence=self.min_confidence,
            include=keep, pure=False,
        )
        for done, (part, future) in enumerate(zip(parts, futures, strict=True), start=1):
            try:
                results: list[tuple[Article, list[Event]]] = future.result()
            except Exception as exc:  # a worker's failure costs its partition, not the batch
                for art in part:
                    msg = f"{art.origin or art.id}: extraction failed on a Dask worker: {exc}"
                    logger.error(msg)
                    if on_error:
                        on_error(msg)
                results = []
            if on_partition:
                on_partition(done, len(parts))
            yield from results
