"""Build the SKOS code lists ontology/cameo.ttl and ontology/plover.ttl from the reference data.

Usage::

    python scripts/build_codelists.py [DATA_DIR] [--out ONTOLOGY_DIR]

DATA_DIR holds ``cameo-codes.csv`` (the 312 CAMEO event codes with names, levels, QuadClass and
Goldstein values), ``cameo-to-plover.csv`` (the CAMEO-to-PLOVER crosswalk, one line per code)
and ``plover-types.json`` (the 16 PLOVER event types with quad class and score). It defaults to
``../shared/data`` relative to the repository root; ONTOLOGY_DIR defaults to ``ontology/``.

Only facts are taken over: codes, names, levels, numbers and the crosswalk's PLOVER type. The
manuals' descriptions and definitions are deliberately left out. The output is written in a
fixed order with no timestamps, so re-running the script on the same input changes nothing and
the generated files can be committed and diffed.

PLOVER type of a CAMEO code: the crosswalk's type for that code; a code the crosswalk leaves
out inherits its parent's; the 02 appeals map to REQUEST (the crosswalk has no PLOVER class for
them); the 01 statements get no PLOVER type at all. The script uses only the standard library
so it runs before the project's virtual environment exists.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

logger = logging.getLogger("build_codelists")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "ontology"

NG = "https://w3id.org/newsgraph/ontology#"
CAMEO_SCHEME = "https://w3id.org/newsgraph/cameo"
PLOVER_SCHEME = "https://w3id.org/newsgraph/plover"

#: Roots whose PLOVER type is fixed by newsgraph rather than by the crosswalk (None = no type).
ROOT_OVERRIDES: dict[str, str | None] = {"01": None, "02": "REQUEST"}

#: PLOVER scores that the source table prints with an evident sign slip. ACCUSE is listed as
#: +3 while every one of its modes scores between -2 and -3.5 and the neighbouring verbal
#: conflict types are all negative; newsgraph uses -3 so that signed sums stay meaningful.
PLOVER_SCORE_FIXES: dict[str, Decimal] = {"ACCUSE": Decimal("-3.0")}

PREFIXES = f"""\
@prefix cameo: <{CAMEO_SCHEME}/> .
@prefix plover: <{PLOVER_SCHEME}/> .
@prefix ng: <{NG}> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


class BuildError(Exception):
    """The reference data does not have the expected shape; names the file and row."""


@dataclass(frozen=True)
class Code:
    """One CAMEO event code as read from ``cameo-codes.csv``."""

    code: str
    name: str
    level: int
    root: str
    quad_class: int
    goldstein: Decimal
    goldstein_icews: Decimal


@dataclass(frozen=True)
class PloverType:
    """One PLOVER event type as read from ``plover-types.json``."""

    name: str
    quad_class: int
    score: Decimal


def _label(name: str) -> str:
    """Return a display label: sentence case for the all-capital root names, first letter up."""
    if name.isupper():
        name = name.lower()
    return name[:1].upper() + name[1:]


def _literal(text: str) -> str:
    """Return ``text`` as a Turtle string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _decimal(value: str, where: str) -> Decimal:
    try:
        return Decimal(value)
    except ArithmeticError as exc:
        raise BuildError(f"{where}: {value!r} is not a number") from exc


def read_codes(path: Path) -> dict[str, Code]:
    """Read ``cameo-codes.csv`` into codes keyed by their notation, in file order."""
    codes: dict[str, Code] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            where = f"{path.name}:{lineno}"
            code = row["cameo_code"].strip()
            if not code.isdigit() or not 2 <= len(code) <= 4:
                raise BuildError(f"{where}: bad CAMEO code {code!r}")
            icews = _decimal(row["goldstein_icews"], where)
            # One code (1213) lacks a GDELT value; its ICEWS value (equal to its parent's) is used.
            gdelt = _decimal(row["goldstein_gdelt"], where) if row["goldstein_gdelt"] else icews
            codes[code] = Code(
                code=code,
                name=row["name"].strip(),
                level=int(row["level"]),
                root=row["root_code"].strip(),
                quad_class=int(row["quad_class"]),
                goldstein=gdelt,
                goldstein_icews=icews,
            )
    return codes


def read_crosswalk(path: Path, codes: dict[str, Code]) -> dict[str, str]:
    """Read the crosswalk: PLOVER type per CAMEO code (the first line wins for a repeated code).

    The crosswalk repeats root 08 (split between CONCEDE and RETREAT) and lists a code that is
    not in the code list; both are logged and handled without failing.
    """
    result: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            code = row["cameo"].strip()
            plover = row["plover_event"].strip()
            if not plover:
                continue
            if code not in codes:
                logger.info("%s:%d: code %s is not in the code list; skipped", path.name,
                            lineno, code)
                continue
            if code in result:
                if result[code] != plover:
                    logger.info("%s:%d: code %s already maps to %s; %s ignored", path.name,
                                lineno, code, result[code], plover)
                continue
            result[code] = plover
    return result


def read_plover(path: Path) -> dict[str, PloverType]:
    """Read the 16 PLOVER event types from ``plover-types.json``, in file order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    types: dict[str, PloverType] = {}
    for item in data["events"]:
        name = str(item["event"])
        score = PLOVER_SCORE_FIXES.get(name, _decimal(str(item["score"]), path.name))
        types[name] = PloverType(name=name, quad_class=int(item["quad_class"]), score=score)
    return types


def parent_of(code: str) -> str | None:
    """Return the parent notation (one digit shorter), or None for a two-digit root."""
    return code[:-1] if len(code) > 2 else None


def plover_types(codes: dict[str, Code], crosswalk: dict[str, str]) -> dict[str, str | None]:
    """Assign each code its PLOVER type (crosswalk, else parent's; 01 none, 02 REQUEST)."""
    result: dict[str, str | None] = {}
    for code in sorted(codes, key=len):  # parents before children
        info = codes[code]
        if info.root in ROOT_OVERRIDES:
            result[code] = ROOT_OVERRIDES[info.root]
        elif code in crosswalk:
            result[code] = crosswalk[code]
        else:
            parent = parent_of(code)
            result[code] = result.get(parent) if parent else None
            if result[code] is None:
                raise BuildError(f"code {code} has no PLOVER type and no parent to inherit from")
    return result


def cameo_turtle(codes: dict[str, Code], plover: dict[str, str | None]) -> str:
    """Return the CAMEO code list as Turtle."""
    roots = [c for c in codes if parent_of(c) is None]
    out = [
        "# The CAMEO event code list as a SKOS concept scheme.",
        "# Generated by scripts/build_codelists.py from the reference data; do not edit by hand.",
        "",
        PREFIXES,
        f"<{CAMEO_SCHEME}> a skos:ConceptScheme ;",
        '    skos:prefLabel "CAMEO event codes"@en ;',
        "    dcterms:description \"The event codes of the Conflict and Mediation Event "
        "Observations (CAMEO) scheme, with QuadClass, Goldstein values and PLOVER types, as "
        'used by newsgraph."@en ;',
        "    skos:hasTopConcept " + ", ".join(f"cameo:{c}" for c in roots) + " .",
        "",
    ]
    for code, info in codes.items():
        lines = [
            f"cameo:{code} a skos:Concept, sem:EventType",
            f"skos:inScheme <{CAMEO_SCHEME}>",
            f"skos:notation {_literal(code)}",
            f"skos:prefLabel {_literal(_label(info.name))}@en",
        ]
        parent = parent_of(code)
        if parent is None:
            lines.append(f"skos:topConceptOf <{CAMEO_SCHEME}>")
        else:
            if parent not in codes:
                raise BuildError(f"code {code} has no parent {parent} in the code list")
            lines.append(f"skos:broader cameo:{parent}")
        lines.append(f'ng:goldstein "{info.goldstein}"^^xsd:decimal')
        if info.goldstein_icews != info.goldstein:
            lines.append(f'ng:goldsteinICEWS "{info.goldstein_icews}"^^xsd:decimal')
        lines.append(f"ng:quadClass {info.quad_class}")
        ptype = plover[code]
        if ptype is not None:
            lines.append(f"ng:ploverType plover:{ptype}")
            lines.append(f"skos:closeMatch plover:{ptype}")
        out.append(" ;\n    ".join(lines) + " .")
        out.append("")
    return "\n".join(out)


def plover_turtle(types: dict[str, PloverType]) -> str:
    """Return the PLOVER event type list as Turtle."""
    out = [
        "# The PLOVER event types as a SKOS concept scheme.",
        "# Generated by scripts/build_codelists.py from the reference data; do not edit by hand.",
        "",
        PREFIXES,
        f"<{PLOVER_SCHEME}> a skos:ConceptScheme ;",
        '    skos:prefLabel "PLOVER event types"@en ;',
        "    dcterms:description \"The sixteen event types of the Political Language Ontology "
        'for Verifiable Event Records (PLOVER), with quad class and score."@en ;',
        "    skos:hasTopConcept " + ", ".join(f"plover:{t}" for t in types) + " .",
        "",
    ]
    for name, info in types.items():
        lines = [
            f"plover:{name} a skos:Concept, sem:EventType",
            f"skos:inScheme <{PLOVER_SCHEME}>",
            f"skos:topConceptOf <{PLOVER_SCHEME}>",
            f"skos:notation {_literal(name)}",
            f"skos:prefLabel {_literal(_label(name))}@en",
            f"ng:quadClass {info.quad_class}",
            f'ng:goldstein "{info.score}"^^xsd:decimal',
        ]
        out.append(" ;\n    ".join(lines) + " .")
        out.append("")
    return "\n".join(out)


def build(data_dir: Path, out_dir: Path) -> tuple[Path, Path]:
    """Read the reference data in ``data_dir`` and write cameo.ttl and plover.ttl to ``out_dir``."""
    codes = read_codes(data_dir / "cameo-codes.csv")
    crosswalk = read_crosswalk(data_dir / "cameo-to-plover.csv", codes)
    types = read_plover(data_dir / "plover-types.json")
    plover = plover_types(codes, crosswalk)
    unknown = sorted({p for p in plover.values() if p is not None} - set(types))
    if unknown:
        raise BuildError(f"crosswalk names PLOVER types missing from plover-types.json: {unknown}")
    out_dir.mkdir(parents=True, exist_ok=True)
    cameo_path = out_dir / "cameo.ttl"
    plover_path = out_dir / "plover.ttl"
    cameo_path.write_text(cameo_turtle(codes, plover), encoding="utf-8")
    plover_path.write_text(plover_turtle(types), encoding="utf-8")
    logger.info("wrote %d CAMEO codes to %s and %d PLOVER types to %s", len(codes), cameo_path,
                len(types), plover_path)
    return cameo_path, plover_path


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA,
                        help="folder with cameo-codes.csv, cameo-to-plover.csv, plover-types.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder to write cameo.ttl and plover.ttl to (default: ontology/)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        build(args.data_dir, args.out)
    except (OSError, KeyError, BuildError) as exc:
        logger.error("build_codelists: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
