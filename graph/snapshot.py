"""Read-only snapshots of an Oxigraph store folder, opened beside a writer.

Kept apart from :mod:`graph.store` so that the endpoint's query workers (one process each,
:mod:`graph.serve_results`) open and watch their snapshots without importing rdflib, pandas and
pyshacl: a killed worker is replaced in a fraction of a second.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError

__all__ = ["LOCK_FILE", "UNMARKED_FILES", "change_marker", "open_snapshot", "vanished"]

logger = logging.getLogger(__name__)

#: The writer's lock file in a store folder (its pid inside).
LOCK_FILE = "newsgraph.lock"

#: Files of a store folder that change without the data changing (logs, locks).
UNMARKED_FILES = ("LOG", "LOCK", LOCK_FILE)

#: How often (and how long apart) a snapshot open is retried when it fails with an OSError.
_SNAPSHOT_TRIES = 5


def change_marker(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of the data files of ``folder``: changes whenever a write lands.

    Every write appends to RocksDB's write-ahead log (``*.log``), and flushes or compactions
    add and remove ``*.sst`` files, so comparing this tuple tells a reader that its snapshot is
    stale without opening the store.
    """
    out: list[tuple[str, int, int]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(UNMARKED_FILES):
                    continue
                try:
                    st = entry.stat()
                except OSError:  # removed by the writer between listing and stat
                    continue
                out.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(out))


def vanished(exc: BaseException) -> bool:
    """True for an error of a read beside the writer that a fresh snapshot may not meet: an
    OSError, or RocksDB's "Corruption" for a data file the writer's compaction removed (which
    pyoxigraph raises as a RuntimeError naming the missing file)."""
    if isinstance(exc, OSError):
        return True
    return isinstance(exc, RuntimeError) and "No such file or directory" in str(exc)


def open_snapshot(folder: Path) -> ox.Store:
    """Open a read-only snapshot of the store in ``folder``, retrying a few times when a file
    vanished under it (:func:`vanished`).

    pyoxigraph calls a read-only open beside a writer "undefined behaviour": the writer may
    remove a file the opener is about to read. The open is retried on a fresh listing; the
    data it shows is whole articles, since each is one atomic write.
    """
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            f"cannot open the store at {folder}: it is a file, not a folder; pass the folder "
            "given to newsgraph ingest --store"
        )
    if not (folder / "CURRENT").is_file():
        raise StoreError(
            f"no store at {folder}; ingest first (newsgraph ingest FILES --store {folder}), "
            "or pass the --store folder you ingested into"
        )
    for attempt in range(_SNAPSHOT_TRIES):
        try:
            return ox.Store.read_only(str(folder))
        except (OSError, RuntimeError) as exc:
            if not vanished(exc):
                raise StoreError(
                    f"cannot open the store at {folder} for reading: {exc}; the folder may be "
                    "damaged or not a newsgraph store: re-ingest into a new --store folder"
                ) from exc
            if attempt == _SNAPSHOT_TRIES - 1:
                raise StoreError(
                    f"cannot open the store at {folder} for reading: {exc}; if an ingest is "
                    "writing to it, try again, else the store may be damaged"
                ) from exc
            logger.debug("read-only open of %s failed (%s); retrying", folder, exc)
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
