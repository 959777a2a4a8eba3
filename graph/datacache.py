"""A cache of the compiled data files (gazetteer, persons, places, lexicon) for a fast start.

Parsing ``actors.ttl``, ``persons.ttl`` and ``places.tsv`` with rdflib and indexing them takes
most of a second on every run; the structures built from them are pickled once under the user's
cache folder and read back in milliseconds. The cache key is a SHA-256 over the content of
every source file *and* of the Python modules that build the structures, so editing a data file
or the loader rebuilds the cache; a corrupt, unreadable or stale entry is rebuilt silently
(and a cache folder that cannot be written only costs the speed).

The folder is ``$NEWSGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsgraph``, else
``~/.cache/newsgraph``; ``NEWSGRAPH_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

__all__ = ["FORMAT", "cache_dir", "cached", "source_key"]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

#: raise to invalidate every cache entry (a change of what is pickled, not of the files)
FORMAT = 1


def cache_dir() -> Path | None:
    """The folder of cache entries, or None when ``NEWSGRAPH_CACHE_DIR=off``."""
    env = os.environ.get("NEWSGRAPH_CACHE_DIR")
    if env:
        return None if env.lower() in ("off", "0", "no") else Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "newsgraph"


def source_key(kind: str, sources: Iterable[Path]) -> str:
    """SHA-256 over ``kind``, the cache format, the Python version and each source's name and
    bytes (a missing file counts as absent, so creating it changes the key)."""
    h = hashlib.sha256(f"{kind}\0{FORMAT}\0{sys.version_info[:2]}".encode())
    for path in sources:
        h.update(b"\0" + str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(path.read_bytes())
        except FileNotFoundError:
            h.update(b"<missing>")
    return h.hexdigest()


def cached(kind: str, sources: Iterable[Path], build: Callable[[], _T]) -> _T:
    """Return ``build()``, from the cache when an entry for exactly these ``sources`` exists.

    ``sources`` must name every file ``build`` reads and the modules whose code shapes its
    result. Errors of ``build`` (a bad data file) propagate unchanged and nothing is cached.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    key = source_key(kind, sources)
    path = folder / f"{kind}-{key[:40]}.pickle"
    try:
        with path.open("rb") as f:
            value: _T = pickle.load(f)
        log.debug("%s loaded from cache %s", kind, path)
        return value
    except FileNotFoundError:
        pass
    except Exception as exc:  # a corrupt or foreign entry of any kind: rebuild it
        log.debug("cache entry %s unreadable (%s); rebuilding", path, exc)
    value = build()
    _write(folder, kind, path, value)
    return value


def _write(folder: Path, kind: str, path: Path, value: object) -> None:
    """Write ``value`` to ``path`` atomically and drop the other entries of ``kind``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{kind}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as exc:
        log.debug("cannot write cache entry %s (%s); continuing without it", path, exc)
