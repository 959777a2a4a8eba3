"""Old codes and their current replacements (``ontology/legacy-codes.tsv``).

Gold sets and other coders' output are often written against older code lists: Romania as
``ROM`` (``ROMGOV``), Zaire for the DR Congo, PLOVER's early ``DEMAND`` for ``REQUEST``. The
evaluator maps such codes to today's before it compares, so a gold file needs no rewriting and
a match is not lost to a renamed code. The table is data; its rows are checked when it loads
(every replacement must be a code of the ontology, no old code may be a current one).

>>> table = LegacyCodes.load()
>>> table.actor_code("ROMGOV"), table.actor_code("ROU"), table.actor_code("Romania")
('ROUGOV', 'ROU', 'Romania')
>>> table.plover("demand"), table.plover("AGREE")
('REQUEST', 'AGREE')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph import resources
from graph.errors import DataFileError

__all__ = ["KINDS", "LegacyCodes"]

#: the kinds of code the table maps
KINDS = ("country", "plover", "cameo")
_COUNTRY = re.compile(r"[A-Z]{3}")
#: what a CAMEO actor code looks like: upper-case letters in groups of three (SRB, ROMGOV)
_ACTOR_CODE = re.compile(r"(?:[A-Z]{3})+")


@dataclass(frozen=True)
class LegacyCodes:
    """Old code -> current code, by kind (upper case throughout)."""

    country: dict[str, str]
    plover_types: dict[str, str]
    cameo: dict[str, str]

    @classmethod
    def load(cls, path: Path | None = None) -> LegacyCodes:
        """Read and check the table (default: the shipped ``ontology/legacy-codes.tsv``)."""
        if path is None:
            return _shipped()
        return _read(path)

    def actor_code(self, code: str) -> str:
        """A country or CAMEO actor code with an old country prefix replaced (else unchanged).

        Only a code counts, written as CAMEO writes them (upper case, groups of three letters):
        a name such as ``Romania`` is left alone.
        """
        if _ACTOR_CODE.fullmatch(code) and code[:3] in self.country:
            return self.country[code[:3]] + code[3:]
        return code

    def plover(self, value: str) -> str:
        """A PLOVER type with an old name replaced (upper case; else unchanged)."""
        upper = value.strip().upper()
        return self.plover_types.get(upper, upper)

    def cameo_code(self, code: str) -> str:
        """A CAMEO event code with an old code replaced (else unchanged)."""
        return self.cameo.get(code.strip(), code)


@lru_cache(maxsize=1)
def _shipped() -> LegacyCodes:
    return _read(resources.ontology_file("legacy-codes.tsv"))


def _current_codes() -> dict[str, set[str]]:
    """The codes a replacement may be: countries of actors.ttl, PLOVER types, CAMEO codes."""
    from graph.extract.actions import load_codes

    codes = load_codes()
    actors = resources.ontology_file("actors.ttl").read_text(encoding="utf-8")
    return {
        "country": set(re.findall(r'ng:country "([A-Z]{3})"', actors)),
        "plover": {c.plover for c in codes.values() if c.plover},
        "cameo": set(codes),
    }


def _read(path: Path) -> LegacyCodes:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read the legacy code table {path}: {exc}") from exc
    current = _current_codes()
    maps: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    header = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{path}:{number}"
        if not header:
            if cells[:3] != ["kind", "legacy", "current"]:
                raise DataFileError(f"{where}: the header must start kind, legacy, current")
            header = True
            continue
        if len(cells) < 3:
            raise DataFileError(f"{where}: expected kind, legacy, current, note (tab-separated)")
        kind, old, new = cells[0].strip(), cells[1].strip().upper(), cells[2].strip().upper()
        if kind not in KINDS:
            raise DataFileError(f"{where}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        if kind == "cameo":
            old, new = cells[1].strip(), cells[2].strip()
        if new not in current[kind]:
            raise DataFileError(f"{where}: {new!r} is no current {kind} code of the ontology")
        if old in current[kind]:
            raise DataFileError(f"{where}: {old!r} is itself a current {kind} code; a row "
                                "would hide it")
        if old in maps[kind]:
            raise DataFileError(f"{where}: {old!r} is mapped twice")
        maps[kind][old] = new
    if not header:
        raise DataFileError(f"{path}: no header line (kind, legacy, current, note)")
    return LegacyCodes(country=maps["country"], plover_types=maps["plover"], cameo=maps["cameo"])
