"""The store folder's lock (pid file, stale takeover) and its recorded schema version."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph import store as store_module
from graph.errors import StoreError
from graph.store import LOCK_FILE, SCHEMA_VERSION, Store
from graph.vocab import META_GRAPH, NG

HOLD = """
import sys, time
from graph.store import Store
s = Store.open(sys.argv[1])
print("open", flush=True)
time.sleep(float(sys.argv[2]))
s.close()
print("closed", flush=True)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    return env


def test_lock_file_names_the_holder_and_goes_on_close(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store.open(db):
        assert (db / LOCK_FILE).read_text(encoding="ascii").strip() == str(os.getpid())
    assert not (db / LOCK_FILE).exists()


def test_second_process_waits_then_fails_naming_the_pid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "30"], env=_env(),
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(store_module, "LOCK_WAIT", 0.5)
        started = time.monotonic()
        with pytest.raises(StoreError, match=rf"store {db} is locked by pid {holder.pid}"):
            Store.open(db)
        assert 0.4 < time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.communicate()
    # the holder died without closing: its lock is stale and is taken over
    assert (db / LOCK_FILE).read_text(encoding="ascii").strip() == str(holder.pid)
    with Store.open(db) as again:
        assert again.count_events() == 0
        assert (db / LOCK_FILE).read_text(encoding="ascii").strip() == str(os.getpid())


def test_waiting_opener_gets_the_store_once_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "0.5"], env=_env(),
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(store_module, "LOCK_WAIT", 20.0)
        with Store.open(db) as store:  # waits for the holder's close
            assert store.count_events() == 0
    finally:
        holder.communicate(timeout=30)


def test_stale_lock_of_a_dead_pid_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "db"
    Store.open(db).close()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (db / LOCK_FILE).write_text(f"{gone.pid}\n", encoding="ascii")
    with Store.open(db) as store:
        assert store.schema_version() == SCHEMA_VERSION


@pytest.mark.parametrize("recorded", [0, SCHEMA_VERSION + 1])
def test_store_of_another_schema_version_is_refused(tmp_path: Path, recorded: int) -> None:
    db = tmp_path / "db"
    with Store.open(db) as store:
        store._set_schema_version(recorded)
    age = "an older" if recorded < SCHEMA_VERSION else "a newer"
    with pytest.raises(StoreError, match=rf"schema version {recorded}, written by {age}") as err:
        Store.open(db)
    assert f"reads version {SCHEMA_VERSION}" in str(err.value)
    assert "--store NEW_FOLDER" in str(err.value)
    assert not (db / LOCK_FILE).exists()  # the failed open kept no lock
    with pytest.raises(StoreError, match=f"schema version {recorded}"):  # and changed nothing
        Store.open(db)


def test_store_without_a_version_is_stamped(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store.open(db) as store:
        store.update(
            f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{NG.schemaVersion}> ?v }} }}"
        )
        assert store.schema_version() is None
    with Store.open(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
