"""Actions: predicates -> CAMEO code + PLOVER type, from the lexicon in ``ontology/lexicon/``.

The lexicon is data (format in ``ontology/README.md``): ``verbs-*.tsv`` lines map a verb lemma with
an optional particle/preposition, object lemma and complement lemma to a CAMEO code;
``nouns-*.tsv`` lines map event nouns ("attack", "talks") to a code; ``undergo-*.tsv`` lines
(verb columns) are predicates whose subject is the target of an unnamed doer ("X suffered
injuries", "X came under fire"). The code list
(``ontology/cameo.ttl``) gives each code its name, QuadClass, Goldstein value and PLOVER type.
Everything is validated at load time, with ``file:line`` in every error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from graph import datacache, resources
from graph.errors import DataFileError
from graph.model import Action

__all__ = ["CLAUSE_WORD_KINDS", "CodeInfo", "LexEntry", "Lexicon", "load_codes"]

log = logging.getLogger(__name__)

_NG = "https://w3id.org/newsgraph/ontology#"
_CAMEO = "https://w3id.org/newsgraph/cameo/"
_PLOVER = "https://w3id.org/newsgraph/plover/"
_LEMMA = re.compile(r"^[a-z][a-z' -]*[a-z]$|^[a-z]$")
_VERB_COLUMNS = ("cameo", "lemma", "prep", "object", "complement", "note")
_NOUN_COLUMNS = ("cameo", "lemma", "prep", "note")


@dataclass(frozen=True)
class CodeInfo:
    """One CAMEO code: name, QuadClass (1-4), Goldstein value, PLOVER type (None for 01x)."""

    code: str
    name: str
    quad_class: int
    goldstein: float
    plover: str | None
    root: str


@dataclass(frozen=True)
class LexEntry:
    """One lexicon line: a predicate pattern and its CAMEO code; ``line`` is ``file:n``."""

    cameo: str
    lemma: str
    prep: str | None
    objects: frozenset[str]
    complements: frozenset[str]
    kind: str  # verb | noun | undergo (the subject is the target: "suffered injuries")
    line: str
    preps: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        """How many constraints the pattern has beyond its lemma (more wins)."""
        return (self.prep is not None or bool(self.preps)) + bool(self.objects) + bool(
            self.complements
        )


def load_codes(path: Path | None = None) -> dict[str, CodeInfo]:
    """Read the CAMEO code list (``ontology/cameo.ttl``) into ``{code: CodeInfo}``."""
    path = path or resources.ontology_file("cameo.ttl")
    g = Graph()
    try:
        g.parse(path, format="ox-turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise DataFileError(f"{path}: not valid Turtle ({exc})") from exc
    quad = URIRef(_NG + "quadClass")
    gold = URIRef(_NG + "goldstein")
    plov = URIRef(_NG + "ploverType")
    codes: dict[str, CodeInfo] = {}
    for concept, notation in g.subject_objects(SKOS.notation):
        if not str(concept).startswith(_CAMEO):
            continue
        code = str(notation)
        q = g.value(concept, quad)
        gs = g.value(concept, gold)
        p = g.value(concept, plov)
        name = g.value(concept, SKOS.prefLabel)
        if q is None or gs is None:
            raise DataFileError(f"{path}: CAMEO code {code} lacks ng:quadClass or ng:goldstein")
        codes[code] = CodeInfo(
            code=code,
            name=str(name) if name is not None else code,
            quad_class=int(str(q)),
            goldstein=float(str(gs)),
            plover=str(p)[len(_PLOVER) :] if p is not None else None,
            root=code[:2],
        )
    if not codes:
        raise DataFileError(f"{path}: no CAMEO codes found (expected skos:notation on cameo: IRIs)")
    return codes


def _alternatives(cell: str) -> frozenset[str]:
    return frozenset() if cell == "-" else frozenset(a.strip().lower() for a in cell.split("|"))


def _read_table(path: Path, columns: tuple[str, ...], codes: Mapping[str, CodeInfo],
                kind: str) -> list[LexEntry]:
    entries: list[LexEntry] = []
    header_seen = False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read lexicon file ({exc})") from exc
    seen: set[tuple[str, ...]] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        where = f"{path.name}:{n}"
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if not header_seen:
            header_seen = True
            if cells[0] == "cameo":
                if tuple(cells) != columns:
                    raise DataFileError(
                        f"{where}: header must be {' '.join(columns)} (tab-separated), got "
                        f"{' '.join(cells)}"
                    )
                continue
        if len(cells) == len(columns) - 1:
            cells.append("")  # the note is optional
        if len(cells) != len(columns):
            raise DataFileError(
                f"{where}: expected {len(columns)} tab-separated columns ({', '.join(columns)}), "
                f"got {len(cells)}; use '-' for an empty cell"
            )
        code, lemma = cells[0], cells[1].lower()
        if code not in codes:
            raise DataFileError(
                f"{where}: unknown CAMEO code {code!r}; use a code of ontology/cameo.ttl"
            )
        if not _LEMMA.match(lemma):
            raise DataFileError(f"{where}: lemma {lemma!r} must be lower-case letters")
        if any(c == "" for c in cells[2 : len(columns) - 1]):
            raise DataFileError(f"{where}: empty cell; write '-' where a column does not apply")
        preps = _alternatives(cells[2])
        if kind in ("verb", "undergo"):
            objects, complements = _alternatives(cells[3]), _alternatives(cells[4])
        else:
            objects, complements = frozenset(), frozenset()
        key = (code, lemma, *cells[2 : len(columns) - 1])
        if key in seen:
            raise DataFileError(f"{where}: duplicate of an earlier line ({' '.join(key)})")
        seen.add(key)
        entries.append(
            LexEntry(
                cameo=code,
                lemma=lemma,
                prep=next(iter(preps)) if len(preps) == 1 else None,
                preps=preps,
                objects=objects,
                complements=complements,
                kind=kind,
                line=where,
            )
        )
    return entries


#: kinds of clause-words.tsv: the words that steer the clause rules
CLAUSE_WORD_KINDS = ("speech", "demand-speech", "negating", "future", "light", "one-way",
                     "deliberative", "cargo", "conveys", "intransitive", "helping",
                     "background-prep", "adverb-particle", "reciprocal", "stative", "claim",
                     "claim-noun", "in-effect", "occurs", "repeat", "answer", "power", "protest",
                     "request-noun", "help-noun", "sum")


def _read_clause_words(path: Path) -> dict[str, frozenset[str]]:
    """Read ``clause-words.tsv`` (``kind<TAB>word``) into ``{kind: words}``."""
    found: dict[str, set[str]] = {k: set() for k in CLAUSE_WORD_KINDS}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read clause words ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or cells[0] not in found or not cells[1].strip():
            raise DataFileError(
                f"{path.name}:{n}: expected 'kind<TAB>word' with kind one of "
                f"{', '.join(CLAUSE_WORD_KINDS)}"
            )
        found[cells[0]].add(cells[1].strip().lower())
    return {k: frozenset(v) for k, v in found.items()}


#: classes of code-classes.tsv: sets of CAMEO code prefixes the clause rules test codes against
CODE_CLASSES = ("symmetric", "reciprocal", "material", "phrase-target", "locative-target",
                "cooperative-place", "violent-place", "state-target", "mediation", "undirected",
                "hostile", "sole-other", "violence", "agentless", "venue-prep",
                "contest", "shared-with", "act-noun", "from-target", "demand-noun",
                "answer-to-demand", "speaker-act", "conditional-kept", "by-doer", "handed-over",
                "police-doer", "from-doer", "visit", "denial", "foreign-target", "mediated",
                "reaction", "pairing", "conceded-to", "other-party", "answer", "captor",
                "targetless", "holding")
#: maps of code-maps.tsv: how the clause rules recode an act by its modality
CODE_MAPS = ("complement-modality", "intent-of-root", "intent-of-code", "threat-of-root",
             "rejection-of-root", "crowd-of-root", "forces-visit",
             "forces-protest", "in-effect", "joint")
#: the values a complement-modality row may map to
COMPLEMENT_MODALITIES = ("requested", "future", "negated")
_CODE_CELL = re.compile(r"\d{2,4}")


@dataclass(frozen=True)
class CodeTables:
    """The CAMEO code classes and recoding maps that steer the clause rules (data, not code).

    ``classes`` maps a class of :data:`CODE_CLASSES` to its code prefixes (a tuple, so that
    ``code.startswith(prefixes)`` works); ``maps`` maps a map of :data:`CODE_MAPS` to
    ``{from: to}``. Read from ``ontology/lexicon/code-classes.tsv`` and ``code-maps.tsv`` by
    :func:`load_code_tables`; :meth:`check` validates them against the CAMEO code list.
    """

    classes: Mapping[str, tuple[str, ...]]
    maps: Mapping[str, Mapping[str, str]]
    origin: str = ""

    def check(self, codes: Mapping[str, CodeInfo]) -> None:
        """Raise DataFileError unless every prefix starts a CAMEO code and every target is one."""
        def starts_a_code(prefix: str) -> bool:
            return any(c.startswith(prefix) for c in codes)

        for name, prefixes in self.classes.items():
            for prefix in prefixes:
                if not starts_a_code(prefix):
                    raise DataFileError(f"{self.origin}: class {name}: {prefix!r} starts no "
                                        "CAMEO code of the code list; fix or remove the row")
        for name, mapping in self.maps.items():
            for frm, to in mapping.items():
                if not starts_a_code(frm):
                    raise DataFileError(f"{self.origin}: map {name}: {frm!r} starts no CAMEO "
                                        "code of the code list")
                if name != "complement-modality" and to not in codes:
                    raise DataFileError(f"{self.origin}: map {name}: {frm} -> {to!r} is not a "
                                        "CAMEO code of the code list")


def _table_rows(path: Path, header: str, width: int) -> list[tuple[int, list[str]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read ({exc}); restore it from the project") from exc
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith(header + "\t"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != width or not all(cells):
            raise DataFileError(f"{path.name}:{n}: expected {width} tab-separated cells "
                                f"({header} ...), got {line!r}")
        rows.append((n, cells))
    return rows


def load_code_tables(lexicon_dir: Path | None = None) -> CodeTables:
    """Read ``code-classes.tsv`` and ``code-maps.tsv`` of the lexicon folder, checking their form.

    Each class of :data:`CODE_CLASSES` and each map of :data:`CODE_MAPS` must be present;
    cells must be CAMEO-shaped codes (2-4 digits). That the codes exist in the code list is
    checked by :meth:`CodeTables.check`, which :meth:`Lexicon.load` calls.
    """
    lexicon_dir = lexicon_dir or resources.lexicon_dir()
    classes_tsv = lexicon_dir / "code-classes.tsv"
    maps_tsv = lexicon_dir / "code-maps.tsv"
    classes: dict[str, list[str]] = {k: [] for k in CODE_CLASSES}
    for n, (name, code) in _table_rows(classes_tsv, "class", 2):
        if name not in classes or not _CODE_CELL.fullmatch(code):
            raise DataFileError(f"{classes_tsv.name}:{n}: expected 'class<TAB>code' with class one "
                                f"of {', '.join(CODE_CLASSES)} and a CAMEO code (2-4 digits)")
        if code not in classes[name]:
            classes[name].append(code)
    maps: dict[str, dict[str, str]] = {k: {} for k in CODE_MAPS}
    for n, (name, frm, to) in _table_rows(maps_tsv, "map", 3):
        to_ok = (to in COMPLEMENT_MODALITIES if name == "complement-modality"
                 else bool(_CODE_CELL.fullmatch(to)))
        if name not in maps or not _CODE_CELL.fullmatch(frm) or not to_ok:
            raise DataFileError(f"{maps_tsv.name}:{n}: expected 'map<TAB>from<TAB>to' with map one "
                                f"of {', '.join(CODE_MAPS)}, a CAMEO code and its target")
        if frm in maps[name]:
            raise DataFileError(f"{maps_tsv.name}:{n}: {name} maps {frm} twice")
        maps[name][frm] = to
    empty = [k for k, v in classes.items() if not v] + [k for k, v in maps.items() if not v]
    if empty:
        raise DataFileError(f"{lexicon_dir}: no rows for {', '.join(empty)} in code-classes.tsv "
                            "/ code-maps.tsv; every class and map needs at least one")
    return CodeTables({k: tuple(v) for k, v in classes.items()}, maps,
                      origin=f"{classes_tsv.name}/{maps_tsv.name}")


class Lexicon:
    """The action lexicon with the CAMEO code list; match predicates to codes."""

    def __init__(self, codes: Mapping[str, CodeInfo], verbs: list[LexEntry],
                 nouns: list[LexEntry],
                 clause_words: Mapping[str, frozenset[str]] | None = None) -> None:
        self._codes = dict(codes)
        self._clause_words = dict(clause_words or {})
        self._verbs: dict[str, list[LexEntry]] = {}
        self._nouns: dict[str, list[LexEntry]] = {}
        for e in verbs:
            self._verbs.setdefault(e.lemma, []).append(e)
        for e in nouns:
            self._nouns.setdefault(e.lemma, []).append(e)
        # verbs with a line whose object is a class (the clause rules ask on every document)
        self._classed = frozenset(e.lemma for e in verbs if any(o.startswith("@")
                                                                for o in e.objects))

    @classmethod
    def load(cls, lexicon_dir: Path | None = None, cameo_ttl: Path | None = None) -> Lexicon:
        """Load ``verbs-*.tsv`` and ``nouns-*.tsv`` of the lexicon folder and the code list.

        Cached like the gazetteer (:mod:`graph.datacache`): keyed by every file of the lexicon
        folder, the code list and this module's code.
        """
        lexicon_dir = lexicon_dir or resources.lexicon_dir()
        cameo = cameo_ttl or resources.ontology_file("cameo.ttl")
        default = resources.lexicon_dir()  # code tables fall back to the bundled ones
        sources = [*sorted(lexicon_dir.glob("*.tsv")), default / "code-classes.tsv",
                   default / "code-maps.tsv", cameo, Path(__file__)]
        return datacache.cached("lexicon", sources, lambda: cls._build(lexicon_dir, cameo))

    @classmethod
    def _build(cls, lexicon_dir: Path, cameo_ttl: Path) -> Lexicon:
        """:meth:`load` without the cache: read and check the files."""
        codes = load_codes(cameo_ttl)
        verbs: list[LexEntry] = []
        nouns: list[LexEntry] = []
        for path in sorted(lexicon_dir.glob("verbs*.tsv")):
            verbs.extend(_read_table(path, _VERB_COLUMNS, codes, "verb"))
        for path in sorted(lexicon_dir.glob("undergo*.tsv")):
            verbs.extend(_read_table(path, _VERB_COLUMNS, codes, "undergo"))
        for path in sorted(lexicon_dir.glob("nouns*.tsv")):
            nouns.extend(_read_table(path, _NOUN_COLUMNS, codes, "noun"))
        if not verbs:
            raise DataFileError(f"{lexicon_dir}: no verbs-*.tsv lexicon lines found")
        log.info("lexicon: %d verb and %d noun patterns", len(verbs), len(nouns))
        words_tsv = lexicon_dir / "clause-words.tsv"
        words = _read_clause_words(words_tsv) if words_tsv.is_file() else {}
        load_code_tables(lexicon_dir if (lexicon_dir / "code-classes.tsv").is_file()
                         else None).check(codes)
        return cls(codes, verbs, nouns, words)

    def words(self, kind: str) -> frozenset[str]:
        """The clause words of one kind of ``clause-words.tsv`` ("speech", "light", ...)."""
        if kind not in CLAUSE_WORD_KINDS:
            raise ValueError(f"unknown clause-word kind {kind!r}; one of {CLAUSE_WORD_KINDS}")
        return self._clause_words.get(kind, frozenset())

    def codes(self) -> Mapping[str, CodeInfo]:
        """The CAMEO code list, by code."""
        return self._codes

    def entries(self) -> list[LexEntry]:
        """Every lexicon line, verbs then nouns."""
        return [e for es in self._verbs.values() for e in es] + [
            e for es in self._nouns.values() for e in es
        ]

    def verb_lemmas(self) -> frozenset[str]:
        """Lemmas that head at least one verb pattern."""
        return frozenset(self._verbs)

    def classed_lemmas(self) -> frozenset[str]:
        """Verb lemmas with a line whose object is a class (@place, @armed, @media, @igo),
        computed once, when the lexicon is built: the clause rules ask on every document."""
        return self._classed

    def noun_lemmas(self) -> frozenset[str]:
        """Lemmas of the event nouns."""
        return frozenset(self._nouns)

    def match_verb(
        self,
        lemma: str,
        preps: Collection[str] = (),
        objects: Collection[str] = (),
        complements: Collection[str] = (),
    ) -> LexEntry | None:
        """The most specific verb pattern of ``lemma`` whose constraints all hold, or None.

        A pattern with a particle/preposition needs it among ``preps``; one with objects needs one
        of them among ``objects``; one with complements needs one among ``complements``.
        """
        best: LexEntry | None = None
        ps = {p.lower() for p in preps}
        os_ = {o.lower() for o in objects}
        cs = {c.lower() for c in complements}
        for e in self._verbs.get(lemma.lower(), ()):
            if e.preps and not (e.preps & ps):
                continue
            if e.objects and not (e.objects & os_):
                continue
            if e.complements and not (e.complements & cs):
                continue
            if best is None or e.specificity > best.specificity:
                best = e
        return best

    def match_noun(self, lemma: str, prep: str | None = None) -> LexEntry | None:
        """The noun pattern of ``lemma``: one with ``prep`` first, then one without a prep."""
        cands = self._nouns.get(lemma.lower(), ())
        if prep is not None:
            for e in cands:
                if prep.lower() in e.preps:
                    return e
        for e in cands:
            if not e.preps:
                return e
        return cands[0] if cands else None

    def action(self, entry: LexEntry, text: str) -> Action:
        """The :class:`Action` of a matched pattern (codes filled from the code list)."""
        info = self._codes[entry.cameo]
        return Action(text=text, cameo=info.code, plover=info.plover,
                      quad_class=info.quad_class, goldstein=info.goldstein, name=info.name)
