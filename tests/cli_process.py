"""Running the real ``newsgraph`` CLI in a subprocess from the tests (crash, concurrency)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cli_env() -> dict[str, str]:
    """The environment of a CLI subprocess: this checkout's package, no store from the shell."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env.pop("NEWSGRAPH_STORE", None)
    return env


def cli_command(*args: str) -> list[str]:
    """The command line that runs ``newsgraph ARGS`` with this interpreter."""
    return [sys.executable, "-m", "graph.cli", *args]
