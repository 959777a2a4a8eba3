"""Actors: noun phrases -> :class:`~graph.model.Actor` (gazetteer, metonymy, sectors, coreference).

The gazetteer (``ontology/actors.ttl``) and the sector words (``ontology/lexicon/sectors.tsv``)
are data, loaded once into a :class:`Gazetteer` that the caller keeps. :class:`ArticleContext`
carries what earlier sentences of the same article said (who was named, the last pair of actors,
the dominant country), so pronouns, aliases ("the Alliance", "both sides") and sector words with no
country ("the opposition") resolve within the article.

Rules (one line each in :meth:`ActorResolver.resolve`):
a capital or seat standing in an argument slot is its government (Belgrade -> SRBGOV, Brussels ->
EU); a place in a locative phrase ("in Vilnius") is never asked for, so it never becomes an actor.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node
from spacy.tokens import Span, Token

from graph import datacache, model, resources
from graph.errors import DataFileError
from graph.model import Actor, Event

__all__ = [
    "FIRST_PERSON",
    "UNKNOWN_ACTOR",
    "ActorResolver",
    "ArticleContext",
    "Gazetteer",
    "SectorWord",
    "home_of",
    "slug",
]

log = logging.getLogger(__name__)

_NG = "https://w3id.org/newsgraph/ontology#"
_ACTOR = "https://w3id.org/newsgraph/actor/"
_WD = "http://www.wikidata.org/entity/"

#: The source of an event whose doer the text does not name ("NATO soldiers were injured").
UNKNOWN_ACTOR = Actor(
    id="x-unidentified", label="unidentified actor", type="unknown", in_gazetteer=False
)

#: the CAMEO sector of a former office holder (elites)
FORMER_SECTOR = "ELI"
#: days after the end of a person's last known term from which a report takes them for a former
#: office holder: news of the days around a term's end ("detained President Bazoum", "President
#: Rajapaksa resigned") still speaks of the office holder
FORMER_AFTER_DAYS = 90
# dependency labels of noun-phrase modifiers that belong to the phrase
_NP_MODS = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case", "predet"}
# labels of children that end the phrase (clauses, prepositions, coordination, apposition)
_PRONOUNS_PLURAL = {"they", "them", "their", "we", "us", "our"}
#: actor types of a body whose people act as the body ("judges at the ICC")
_BODY_TYPES = frozenset({"igo", "organisation", "ngo", "mission"})
_PRONOUNS_SINGULAR_NEUTER = {"it", "its"}
_PRONOUNS_PERSON = {"he", "him", "his", "she", "her"}
_FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
#: first-person pronouns: inside a quote, the speaker (clauses.py reads them too)
FIRST_PERSON = frozenset(_FIRST_PERSON)
#: participles whose hyphened name makes the phrase that state's ("US-led", "British-flagged")
_NAMED_BY = frozenset({"led", "flagged", "owned", "registered"})
# actor types a plural pronoun ("they") and a neuter one ("it") may stand for
_PLURAL_KINDS = frozenset({"igo", "mission", "organisation", "ngo", "group", "government"})
_SINGULAR_KINDS = frozenset(
    {"state", "igo", "mission", "organisation", "ngo", "group", "government", "place"}
)

def home_of(actor: Actor) -> str:
    """The state an actor belongs to (its country), or the actor itself when it has none: the
    key for "the same side" (RUSGOV and RUS are one; an IGO is its own)."""
    return actor.country or actor.id


def entity_at(token: Token) -> Span | None:
    """The named-entity span ``token`` is part of, or None.

    Read from the token's IOB tags rather than from ``doc.ents``, which builds every entity of
    the whole document on each access (quadratic time on long articles).
    """
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def entities_in(span: Span) -> list[Span]:
    """The named entities wholly inside ``span``, in order (as ``span.ents``, in span time)."""
    found: list[Span] = []
    i = span.start
    while i < span.end:
        ent = entity_at(span.doc[i])
        if ent is None:
            i += 1
            continue
        if ent.start >= span.start and ent.end <= span.end:
            found.append(ent)
        i = ent.end
    return found


def slug(text: str) -> str:
    """Return the IRI-safe normalised form of a name ("Aleksandar Vučić" -> aleksandar-vucic).

    >>> slug("Aleksandar Vučić")
    'aleksandar-vucic'
    """
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "unnamed"


def _norm(text: str) -> str:
    """Case-, accent- and space-insensitive key of a name (fast path for ASCII)."""
    if text.isascii():
        return " ".join(text.lower().split())
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("\u2019", "'")
    return " ".join(s.split())


#: names shorter than this are never matched with a typo ("Iran" / "Iraq")
_FUZZY_MIN = 6


def _typo_index(keys: Iterable[str]) -> dict[str, set[str]]:
    """Each key and each of its one-letter deletions -> the keys (a symmetric-deletion index:
    two words one insertion, deletion, substitution or transposition apart share an entry)."""
    index: dict[str, set[str]] = {}
    for key in keys:
        for variant in {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}:
            index.setdefault(variant, set()).add(key)
    return index


def _typo_lookup(index: dict[str, set[str]], word: str) -> list[str]:
    """Keys of ``index`` at most one typo from ``word`` with the same first letter."""
    found: set[str] = set()
    for variant in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
        found |= index.get(variant, set())
    # the index also pairs words two edits apart ("al-obeid", "al-beidh" share "al-beid"):
    # keep only one insertion, deletion, substitution or transposition
    return sorted(k for k in found if k[0] == word[0] and _one_typo(k, word))


def _one_typo(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are equal or one edit apart (Damerau: a swap is one edit)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (
            i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


_KIND_ORDER = {"name": 0, "seat": 1, "capital": 2, "demonym": 3, "anaphor": 4}


@dataclass(frozen=True)
class SectorWord:
    """A sector noun of ``sectors.tsv``: ``police`` -> COP (group), ``president`` -> GOV (title)."""

    lemma: str
    sector: str
    kind: str  # group | title
    label: str


@dataclass(frozen=True)
class _Name:
    actor_id: str
    kind: str  # name | demonym | capital | seat | anaphor


@dataclass(frozen=True)
class Role:
    """An office a person held: the state or body served, the sector, and the term."""

    office: str
    country: str | None
    body: str | None
    sector: str
    start: date | None
    end: date | None

    def covers(self, when: date | None) -> bool:
        """True when the term includes ``when`` (always True for an unknown date)."""
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Person:
    """An office holder of ``persons.ttl`` with the roles held over time."""

    id: str
    label: str
    wikidata: str | None
    roles: tuple[Role, ...]

    def role_at(self, when: date | None) -> Role | None:
        """The role held at ``when``; with no date or no covering term, the latest role."""
        held = [r for r in self.roles if r.covers(when)] if when else []
        pool = held or list(self.roles)
        return max(pool, key=lambda r: r.start or date.min) if pool else None


_ROMAN = re.compile(r"[IVXL]+")


def _load_persons(path: Path) -> tuple[dict[str, Person], dict[str, list[str]]]:
    """Read ``persons.ttl`` -> ({id: Person}, {normalised name: [ids]})."""
    g = Graph()
    try:
        g.parse(path, format="ox-turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise DataFileError(f"{path}: not valid Turtle ({exc})") from exc
    ng = "https://w3id.org/newsgraph/ontology#"
    person_class = URIRef(ng + "Person")
    persons: dict[str, Person] = {}
    index: dict[str, list[str]] = {}

    def lit(node: Node, local: str) -> str | None:
        v = g.value(node, URIRef(ng + local))
        return str(v) if v is not None else None

    def day(node: Node, local: str) -> date | None:
        v = lit(node, local)
        try:
            return date.fromisoformat(v) if v else None
        except ValueError as exc:
            raise DataFileError(f"{path}: bad ng:{local} date {v!r} on {node}") from exc

    for subj in sorted(set(g.subjects(RDF.type, person_class)), key=str):
        iri = str(subj)
        if not iri.startswith(_ACTOR):
            continue
        pid = iri[len(_ACTOR):]
        label = g.value(subj, SKOS.prefLabel)
        if label is None:
            raise DataFileError(f"{path}: person {pid} has no skos:prefLabel; add one")
        roles = []
        for r in g.objects(subj, URIRef(ng + "role")):
            body = g.value(r, URIRef(ng + "body"))
            roles.append(Role(
                office=lit(r, "office") or "",
                country=lit(r, "country"),
                body=str(body)[len(_ACTOR):] if body is not None else None,
                sector=lit(r, "sector") or "GOV",
                start=day(r, "start"),
                end=day(r, "end"),
            ))
        if not roles:
            country = lit(subj, "country")
            roles.append(Role("", country, None, lit(subj, "sector") or "GOV", None, None))
        qid = next((str(m)[len(_WD):] for m in g.objects(subj, SKOS.exactMatch)
                    if str(m).startswith(_WD)), None)
        persons[pid] = Person(pid, str(label), qid, tuple(sorted(
            roles, key=lambda r: r.start or date.min)))
        for name in [str(label), *(str(a) for a in g.objects(subj, SKOS.altLabel))]:
            index.setdefault(_norm(name), []).append(pid)
    # a surname several persons share ("Bush") is in the file for none of them; it names all
    # of them here, and Gazetteer.person picks one by date or by the office they share
    shared: dict[str, list[str]] = {}
    for pid, person in persons.items():
        words = person.label.split()
        if (len(words) >= 2 and words[-1][0].isupper() and not words[-1].endswith(".")
                and " of " not in person.label and not _ROMAN.fullmatch(words[-1])):
            # not "Abdullah II of Jordan" ("Jordan"), "Margrethe II" ("II")
            shared.setdefault(_norm(words[-1]), []).append(pid)
    for key, ids in shared.items():
        if len(ids) > 1 and key not in index:
            index[key] = ids
    return persons, index


@dataclass
class Gazetteer:
    """Actors of ``ontology/actors.ttl`` indexed by name, demonym, capital, seat and anaphor."""

    actors: dict[str, Actor]
    names: dict[str, list[_Name]]
    sectors: dict[str, SectorWord]
    operates_in: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)
    max_len: int = 1
    #: all-capital short names ("US", "WHO", "IS") match only as written, never "us" or "who"
    acronyms: dict[str, list[_Name]] = field(default_factory=dict)
    #: head nouns by role (heads.tsv): partitive, document, pair, carrier
    heads: dict[str, frozenset[str]] = field(default_factory=dict)
    #: classes of sector codes (sector-classes.tsv): people, armed-people, armed, media, forces
    sector_classes: dict[str, frozenset[str]] = field(default_factory=dict)
    #: office holders (persons.ttl) and their names
    persons: dict[str, Person] = field(default_factory=dict)
    person_names: dict[str, list[str]] = field(default_factory=dict)
    #: regions (regions.tsv), towns and cities (places.tsv): normalised name -> id of the state
    #: they are in
    places: dict[str, str] = field(default_factory=dict)
    #: typo indexes of state names and office holders' names, built on first use
    _state_index: dict[str, set[str]] | None = field(default=None, init=False, repr=False)
    _person_index: dict[str, set[str]] | None = field(default=None, init=False, repr=False)
    _typo_memo: dict[str, list[_Name]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def load(
        cls,
        actors_ttl: Path | None = None,
        sectors_tsv: Path | None = None,
        heads_tsv: Path | None = None,
    ) -> Gazetteer:
        """Load and validate the gazetteer, sector words and head nouns (errors name file:line).

        The result is cached (:mod:`graph.datacache`) under a key of the files' content and of
        this module's code, so later runs skip parsing Turtle; a changed file rebuilds it.
        """
        actors_ttl = actors_ttl or resources.ontology_file("actors.ttl")
        sectors_tsv = sectors_tsv or resources.lexicon_dir() / "sectors.tsv"
        heads_tsv = heads_tsv or resources.lexicon_dir() / "heads.tsv"
        folder = resources.ontology_dir()
        sources = [actors_ttl, sectors_tsv, heads_tsv,
                   resources.lexicon_dir() / "sector-classes.tsv", folder / "persons.ttl",
                   folder / "regions.tsv", folder / "places.tsv", Path(__file__),
                   Path(model.__file__)]
        return datacache.cached("gazetteer", sources,
                                lambda: cls._build(actors_ttl, sectors_tsv, heads_tsv))

    @classmethod
    def _build(cls, actors_ttl: Path, sectors_tsv: Path, heads_tsv: Path) -> Gazetteer:
        """:meth:`load` without the cache: parse and index the files."""
        g = Graph()
        try:
            g.parse(actors_ttl, format="ox-turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise DataFileError(f"{actors_ttl}: not valid Turtle ({exc})") from exc
        actors: dict[str, Actor] = {}
        names: dict[str, list[_Name]] = {}
        acronyms: dict[str, list[_Name]] = {}
        operates_in: dict[str, str] = {}
        part_of: dict[str, str] = {}
        def ng(local: str) -> URIRef:
            return URIRef(_NG + local)

        sem_actor = URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Actor")
        for subj in sorted(set(g.subjects(RDF.type, sem_actor)), key=str):
            iri = str(subj)
            if not iri.startswith(_ACTOR):
                continue
            aid = iri[len(_ACTOR) :]

            def one(pred: URIRef, s: Node = subj) -> str | None:
                v = g.value(s, pred)
                return str(v) if v is not None else None

            def many(pred: URIRef, s: Node = subj) -> list[str]:
                return sorted(str(v) for v in g.objects(s, pred) if isinstance(v, Literal))

            label = one(SKOS.prefLabel)
            if not label:
                raise DataFileError(f"{actors_ttl}: actor {aid} has no skos:prefLabel; add one")
            qid = None
            for m in g.objects(subj, SKOS.exactMatch):
                if str(m).startswith(_WD):
                    qid = str(m)[len(_WD) :]
            atype = one(ng("actorType")) or "organisation"
            country = one(ng("country"))
            sector = one(ng("sector"))
            alt = many(SKOS.altLabel)
            actors[aid] = Actor(
                id=aid,
                label=label,
                type=atype,
                country=country,
                sector=sector,
                cameo=one(ng("cameoCode")),
                wikidata=qid,
                aliases=tuple(alt),
                in_gazetteer=True,
            )
            if (op := one(ng("operatesIn"))) is not None:
                operates_in[aid] = op
            if (po := g.value(subj, ng("partOf"))) is not None and str(po).startswith(_ACTOR):
                part_of[aid] = str(po)[len(_ACTOR) :]
            for kind, values in (
                ("name", [label, *alt]),
                ("demonym", many(ng("demonym"))),
                ("capital", many(ng("capital"))),
                ("seat", many(ng("seat"))),
                ("anaphor", many(ng("anaphor"))),
            ):
                for v in values:
                    if v.isupper() and len(v.replace(".", "")) <= 5:
                        acronyms.setdefault(v, []).append(_Name(aid, kind))
                        continue
                    key = _norm(v)
                    if kind == "anaphor" and key.startswith("the "):
                        key = key[4:]
                    names.setdefault(key, []).append(_Name(aid, kind))
        sectors = _load_sectors(sectors_tsv)
        max_len = max((len(k.split()) for k in names), default=1)
        log.info("gazetteer: %d actors, %d names", len(actors), len(names))
        heads = _load_heads(heads_tsv)
        sector_classes = _load_sector_classes(resources.lexicon_dir() / "sector-classes.tsv")
        persons_ttl = resources.ontology_dir() / "persons.ttl"
        persons, person_names = (_load_persons(persons_ttl) if persons_ttl.is_file()
                                 else ({}, {}))
        places: dict[str, str] = {}
        for fname in ("regions.tsv", "places.tsv"):  # hand-written regions win over towns
            path = resources.ontology_dir() / fname
            if path.is_file():
                for key, iso in _load_places(path, actors).items():
                    places.setdefault(key, iso)
        return cls(actors, names, sectors, operates_in, part_of, max_len, acronyms, heads,
                   sector_classes, persons, person_names, places)

    def person(self, name: str, when: date | None) -> Actor | None:
        """The office holder called ``name`` ("Vladimir Putin", "Putin") as an actor at ``when``:
        a person of a state's sector (RUSGOV) or of a body (UN). None if unknown or ambiguous."""
        ids = list(dict.fromkeys(self.person_names.get(_norm(name), [])))
        if not ids and (near := self.fuzzy_person_key(name)) is not None:
            ids = list(dict.fromkeys(self.person_names[near]))  # "Francois Mitterand"
        if not ids:
            return None
        if len(ids) > 1:
            # a name several office holders share ("Bush"): the one in office at ``when``;
            # failing that, any of them when they all held the same kind of office there
            held = [i for i in ids if any(r.covers(when) for r in self.persons[i].roles)]
            if when is not None and len(held) == 1:
                ids = held
            else:
                offices = {(r.country, r.body, r.sector) for i in ids
                           if (r := self.persons[i].role_at(when)) is not None}
                if len(offices) != 1:
                    return None
                shared = self._holder(self.persons[ids[0]], when)
                return replace(shared, id=f"x-{slug(name)}", label=name, wikidata=None,
                               in_gazetteer=False) if shared else None
        return self._holder(self.persons[ids[0]], when)

    def _holder(self, p: Person, when: date | None) -> Actor | None:
        """The office holder ``p`` as an actor of the state or body of the role held at
        ``when``."""
        role = p.role_at(when)
        if role is None:
            return None
        body = self.actors.get(role.body) if role.body else None
        state = self.actors.get(role.country) if role.country else None
        if body is not None:
            cameo = body.cameo
        elif state is not None:
            cameo = f"{state.cameo or state.id}{role.sector}"
        else:
            cameo = None
        return Actor(
            id=p.id, label=p.label, type="person",
            country=state.country if state else (body.country if body else None),
            sector=role.sector, cameo=cameo, wikidata=p.wikidata,
            aliases=tuple(a for a in (role.office,) if a), in_gazetteer=True,
        )

    def fuzzy_state_name(self, word: str) -> list[_Name]:
        """The state name or demonym one typo away from ``word`` ("Afganistan", "Phillipines"),
        when exactly one is; [] otherwise. Only for words of six letters or more."""
        key = _norm(word)
        if len(key) < _FUZZY_MIN or key in self.names:
            return []
        if key in self._typo_memo:
            return self._typo_memo[key]
        if self._state_index is None:
            self._state_index = _typo_index(
                k for k, ns in self.names.items()
                if " " not in k and any(n.kind in ("name", "demonym") and
                                        self.actors[n.actor_id].type == "state" for n in ns))
        hits = _typo_lookup(self._state_index, key)
        found = self.lookup_key(word, hits[0]) if len(hits) == 1 else []
        self._typo_memo[key] = found
        return found

    def fuzzy_person_key(self, name: str) -> str | None:
        """The office holder's name one typo away from ``name`` ("Francois Mitterand")."""
        key = _norm(name)
        if len(key) < _FUZZY_MIN + 1:
            return None
        if self._person_index is None:
            self._person_index = _typo_index(k for k in self.person_names
                                             if len(k) > _FUZZY_MIN)
        hits = _typo_lookup(self._person_index, key)
        return hits[0] if len(hits) == 1 else None

    def place_state(self, phrase: str) -> Actor | None:
        """The state a town or city called ``phrase`` is in ("Kirkuk" -> Iraq), or None."""
        iso = self.places.get(self._place_key(phrase))
        return self.actors.get(iso) if iso else None

    def is_place(self, phrase: str) -> bool:
        """Whether ``phrase`` names a town, city or region (of one state or of several)."""
        return self._place_key(phrase) in self.places

    def _place_key(self, phrase: str) -> str:
        """The places key of ``phrase``; "Al Arish" is "Arish" when only that is listed."""
        key = _norm(phrase)
        if key not in self.places and key not in self.names and (
                m := _ARTICLE.match(key)) is not None:
            rest = key[m.end():]
            if len(rest) >= 4 and rest in self.places:
                return rest
        return key

    def lookup(self, phrase: str) -> list[_Name]:
        """Return the gazetteer names that ``phrase`` (any case) is, best kind first."""
        return self.lookup_key(phrase.strip(), _norm(phrase))

    def lookup_key(self, raw: str, key: str) -> list[_Name]:
        """:meth:`lookup` for a phrase already normalised (``key``) and as written (``raw``)."""
        found = self.acronyms.get(raw) or self.names.get(key)
        if not found:
            return []
        return sorted(found, key=lambda n: _KIND_ORDER[n.kind])

    @property
    def first_words(self) -> frozenset[str]:
        """First words of every name (normalised, and acronyms as written): a phrase that does
        not start with one cannot match, so most tokens are skipped at once."""
        return self._first_words

    def __post_init__(self) -> None:
        firsts = [k.split(" ", 1)[0] for k in self.names] + [
            a.split(" ", 1)[0] for a in self.acronyms]
        # "lord's", "al-shabaab": the tokenizer splits these, so their first token counts too
        self._first_words = frozenset(
            firsts + [w for f in firsts for w in re.split(r"[-'\u2019]", f)[:1] if w and w != f])

    def composite(self, country_id: str, sector: SectorWord | str) -> Actor:
        """Return the actor of a state's sector, e.g. (SRB, police) -> SRBCOP "Police of Serbia"."""
        state = self.actors[country_id]
        if isinstance(sector, SectorWord):
            code, label = sector.sector, sector.label
        else:
            code = sector
            label = next((w.label for w in self.sectors.values() if w.sector == code), code)
        if state.type != "state":
            return state
        return Actor(
            id=f"{state.id}{code}",
            label=f"{label} of {state.label}",
            type="government" if code == "GOV" else "group",
            country=state.country,
            sector=code,
            cameo=f"{state.cameo or state.id}{code}",
            wikidata=None,
            aliases=(),
            in_gazetteer=True,
        )


#: the country of a place name several states' places share (places.tsv)
AMBIGUOUS_PLACE = "?"


def _tsv_rows(path: Path, what: str, header: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated cells) of a data file, skipping blank lines, ``#`` comments
    and the header line that starts with ``header``; a file that cannot be read names itself."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read {what} ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if line.strip() and not line.startswith("#") and not line.startswith(header + "\t"):
            yield n, line.split("\t")


def _load_places(path: Path, actors: dict[str, Actor]) -> dict[str, str]:
    """``places.tsv`` or ``regions.tsv`` as normalised name -> state id (errors name
    file:line)."""
    out: dict[str, str] = {}
    for n, cells in _tsv_rows(path, "places", "name"):
        if len(cells) != 3 or not cells[2].isdigit():
            raise DataFileError(f"{path.name}:{n}: expected name, country (ISO alpha-3) and "
                                f"population separated by tabs, got {chr(9).join(cells)!r}")
        name, iso = cells[0].strip(), cells[1].strip()
        if iso in actors or iso == AMBIGUOUS_PLACE:
            # places of states the gazetteer does not know are left out; a name places in
            # several states share is kept as a place of no one state
            out.setdefault(_norm(name), iso)
    # the Arabic article is written many ways ("El Fasher", "Al-Fasher", "Fasher"): each form of
    # a name that has one is a key too, unless it is a name of its own or two places share it
    variants: dict[str, str] = {}
    for key, iso in out.items():
        m = _ARTICLE.match(key)
        if m is None:
            continue
        rest = key[m.end():]
        for form in (rest, *(f"{a}{sep}{rest}" for a in ("al", "el") for sep in (" ", "-"))):
            if form != key and len(rest) >= 4:
                old = variants.setdefault(form, iso)
                if old != iso:
                    variants[form] = AMBIGUOUS_PLACE
    for form, iso in variants.items():
        out.setdefault(form, iso)
    return out


#: the Arabic article at the start of a place name, as transliterations write it
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)[ -](?=\w)")


_HEAD_KINDS = ("partitive", "quantity", "document", "pair", "carrier", "intent", "relational",
               "people", "event-head", "disaster", "sport", "counterpart", "area", "envoy",
               "former", "crowd", "venue", "weapon", "followers", "body", "anaphor",
               "group", "armed-group", "trade", "state-noun", "branch")


#: the classes sector-classes.tsv must give
SECTOR_CLASSES = ("people", "armed-people", "armed", "media", "forces")
_SECTOR_CODE = re.compile(r"[A-Z]{3}")


def _load_sector_classes(path: Path) -> dict[str, frozenset[str]]:
    """Read sector-classes.tsv: ``class<TAB>sector`` lines -> {class: sector codes}; every class
    of :data:`SECTOR_CLASSES` must be present (a missing one is an error naming the file)."""
    found: dict[str, set[str]] = {k: set() for k in SECTOR_CLASSES}
    for n, cells in _tsv_rows(path, "sector classes", "class"):
        if len(cells) != 2 or cells[0] not in found or not _SECTOR_CODE.fullmatch(cells[1]):
            raise DataFileError(
                f"{path.name}:{n}: expected 'class<TAB>sector' with class one of "
                f"{', '.join(SECTOR_CLASSES)} and a three-letter CAMEO sector code"
            )
        found[cells[0]].add(cells[1])
    empty = [k for k, v in found.items() if not v]
    if empty:
        raise DataFileError(f"{path}: no sectors for class {', '.join(empty)}; add its rows")
    return {k: frozenset(v) for k, v in found.items()}


def _load_heads(path: Path) -> dict[str, frozenset[str]]:
    """Read heads.tsv: ``kind<TAB>phrase`` lines -> {kind: phrases}."""
    found: dict[str, set[str]] = {k: set() for k in _HEAD_KINDS}
    for n, cells in _tsv_rows(path, "head nouns", "kind"):
        if len(cells) != 2 or cells[0] not in found:
            raise DataFileError(
                f"{path.name}:{n}: expected 'kind<TAB>phrase' with kind one of "
                f"{', '.join(_HEAD_KINDS)}"
            )
        found[cells[0]].add(_norm(cells[1]))
    return {k: frozenset(v) for k, v in found.items()}


def _load_sectors(path: Path) -> dict[str, SectorWord]:
    out: dict[str, SectorWord] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read sector words ({exc})") from exc
    header_seen = False
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t"))
        if not header_seen:
            header_seen = True
            if cells[:2] == ["lemma", "sector"]:
                continue
        if len(cells) != 4:
            raise DataFileError(
                f"{path.name}:{n}: expected 4 tab-separated columns (lemma, sector, kind, label), "
                f"got {len(cells)}"
            )
        lemma, sector, kind, label = (c.strip() for c in cells)
        if kind not in ("group", "title") or not re.fullmatch(r"[A-Z]{3}", sector):
            raise DataFileError(
                f"{path.name}:{n}: kind must be group|title and sector a 3-letter CAMEO code, "
                f"got {kind!r}, {sector!r}"
            )
        out[lemma.lower()] = SectorWord(lemma.lower(), sector, kind, label)
    return out


def _prep_chain(noun: Token) -> list[Token]:
    """The prepositions of ``noun`` and of the nouns of those prepositions, down the chain
    ("pupils from a school in Kuriga": from, in), also through coordinated nouns ("the
    embassies of Rwanda, France and the United States in Kinshasa"), not into clauses."""
    out: list[Token] = []
    todo = [noun]
    while todo and len(out) < 12:
        n = todo.pop(0)
        for c in n.children:
            if c.dep_ == "prep":
                out.append(c)
                todo.extend(p for p in c.children if p.dep_ == "pobj")
            elif c.dep_ == "conj" and n.dep_ in ("pobj", "conj"):
                todo.append(c)
    return out


@dataclass
class ArticleContext:
    """What the article said so far: mentions for coreference and the dominant country."""

    mentions: list[tuple[int, Actor]] = field(default_factory=list)  # (token index, actor)
    pairs: list[tuple[Actor, Actor]] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)
    bodies: Counter[str] = field(default_factory=Counter)  # IGO/organisation ids by mentions
    last_person: Actor | None = None
    when: date | None = None  # the report date: which office a named person held
    #: the events told so far, in order ("the decision" recalls the latest act of another doer)
    acts: list[Event] = field(default_factory=list)

    def note(self, index: int, actor: Actor, gaz: Gazetteer) -> None:
        """Record a mention of ``actor`` at token ``index``."""
        self.mentions.append((index, actor))
        if actor.type == "person":
            self.last_person = actor
        if actor.country:
            self.countries[actor.country] += 1
        if actor.type in ("igo", "mission", "organisation", "ngo") and actor.in_gazetteer:
            body = gaz.part_of.get(actor.id, actor.id)
            self.bodies[body] += 1

    def note_country(self, iso: str) -> None:
        """Count a mention of a state by demonym or capital ("Serbian", "Belgrade")."""
        self.countries[iso] += 1

    def dominant_country(self, gaz: Gazetteer) -> str | None:
        """The state most mentioned so far (the default country of "the opposition")."""
        for iso, _ in self.countries.most_common():
            if iso in gaz.actors and gaz.actors[iso].type == "state":
                return iso
        return None

    def salient_body(self, gaz: Gazetteer) -> Actor | None:
        """The organisation most mentioned so far (the author of "the communique")."""
        for aid, _ in self.bodies.most_common(1):
            return gaz.actors.get(aid)
        return None

    def last_actor(self, before: int, *, kinds: frozenset[str] | None = None) -> Actor | None:
        """The most recent actor named before token ``before`` whose type is one of ``kinds``."""
        for idx, actor in reversed(self.mentions):
            if idx >= before or actor.id == UNKNOWN_ACTOR.id:
                continue
            if kinds is not None and actor.type not in kinds:
                continue
            return actor
        return None


_STANCE_PREFIXES = frozenset({"anti", "pro"})
#: entity types a misspelt state name may carry ("" when the tagger found no entity); never a
#: person, an organisation ("Columbia University") or a facility
_TYPO_ENTS = frozenset({"GPE", "NORP", ""})


def _stance_prefixed(toks: list[Token], i: int) -> bool:
    """Whether the name at ``toks[i]`` follows "anti-" or "pro-" ("anti-Syria")."""
    return (i >= 2 and toks[i - 1].text == "-" and toks[i - 2].lower_ in _STANCE_PREFIXES
            and toks[i - 1].idx == toks[i - 2].idx + len(toks[i - 2].text))


#: dependencies of a pronoun that is a clause's object, not its doer
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative"})
#: prepositions whose object is where something happens, not whom it concerns
_VENUE_PREPS = frozenset({"at", "in"})


def _nearest_argument(head: Token, ctx: ArticleContext, *,
                      kinds: frozenset[str]) -> Actor | None:
    """The actor named nearest before the object pronoun ``head`` in its sentence that is no
    subject and no venue ("at the court"), or None; by position in the text, not by the order
    the rules resolved the names in."""
    doc, start = head.doc, head.sent.start
    # the verbs whose doer is the pronoun's own clause's doer: its verb, up through the
    # clauses it takes its subject from ("cut ties with Qatar, accusing it": cut and accusing)
    own: set[int] = set()
    verb = head.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    while True:
        own.add(verb.i)
        if (any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
                or verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or verb.head.i == verb.i):
            break
        verb = verb.head
    best: tuple[int, int] | None = None
    for order, (idx, actor) in enumerate(ctx.mentions):
        if not start <= idx < head.i or actor.id == UNKNOWN_ACTOR.id or actor.type not in kinds:
            continue
        tok = doc[idx]
        while tok.head.i != tok.i and (tok.dep_ in ("compound", "flat", "amod") or (
                tok.dep_ == "pobj" and tok.head.lower_ == "of"
                and tok.head.head.pos_ in ("NOUN", "PROPN"))):
            # to the phrase's head: "the International Court of Justice" -> Court
            tok = tok.head if tok.dep_ != "pobj" else tok.head.head
        if tok.dep_ == "conj" and tok.head.dep_ in ("nsubj", "nsubjpass"):
            tok = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in own:
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in _VENUE_PREPS:
            continue
        if best is None or (idx, order) >= best:
            best = (idx, order)
    return ctx.mentions[best[1]][1] if best is not None else None


class ActorResolver:
    """Turn the head token of a noun phrase into actors, using a gazetteer and article context."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    # ---------------------------------------------------------------- phrase helpers
    @staticmethod
    def phrase_tokens(head: Token) -> list[Token]:
        """The tokens of the noun phrase headed by ``head``: its modifiers, not its clauses."""
        toks = [head]
        stack = [c for c in head.children if c.dep_ in _NP_MODS]
        while stack:
            t = stack.pop()
            toks.append(t)
            # "Vietnamese-led forces", "the US-led coalition": the leader's name is part of it
            # (and a ship's flag or a firm's owner: "the British-flagged tanker")
            stack.extend(c for c in t.children if c.dep_ in _NP_MODS or c.dep_ == "compound"
                         or (c.dep_ == "npadvmod" and t.lower_ in _NAMED_BY))
        return sorted(toks, key=lambda t: t.i)

    def _matches(self, toks: list[Token]) -> Iterator[tuple[int, int, list[_Name]]]:
        """Longest gazetteer matches over ``toks`` as (start, end, names) in token positions."""
        i = 0
        raw = [t.text for t in toks]
        words = [_norm(w) for w in raw]
        first = self.gaz.first_words
        while i < len(toks):
            found = None
            lemma = toks[i].lemma_
            if (words[i] not in first and raw[i] not in first and _norm(lemma) not in first
                    and not (len(words[i]) >= _FUZZY_MIN and toks[i].pos_ == "PROPN")):
                i += 1
                continue
            for n in range(min(self.gaz.max_len, len(toks) - i), 0, -1):
                names = self.gaz.lookup_key(" ".join(raw[i : i + n]), " ".join(words[i : i + n]))
                span = toks[i : i + n]
                if not names and n > 1 and span[-1].i - span[0].i == n - 1 and any(
                        not t.whitespace_ for t in span[:-1]):
                    # "al-Shabaab", split by the tokenizer into "al", "-", "Shabaab"
                    written = "".join(t.text_with_ws for t in span).strip()
                    names = self.gaz.lookup(written)
                if not names and n == 1 and lemma != raw[i]:
                    names = self.gaz.lookup(lemma)
                if names:
                    found = (i, i + n, names)
                    break
            if (found is None and toks[i].pos_ == "PROPN" and toks[i].ent_type_ in _TYPO_ENTS
                    and not self.gaz.is_place(raw[i])
                    and (near := self.gaz.fuzzy_state_name(raw[i]))):
                found = (i, i + 1, near)  # "Afganistan", "Ethopia": a typo of a state's name
            if found and self._inside_place(raw, found[0], found[1]):
                # "Northern Ireland", "Niger Delta", "Inner Mongolia": a region that contains a
                # state's name is a place, not that state
                i = found[1]
                continue
            if found and not _stance_prefixed(toks, i):
                yield found
                i = found[1]
            elif found:
                i = found[1]  # "anti-Syria journalist", "pro-Russian rebels": not of that state
            else:
                i += 1

    def _acronym_actor(self, head: Token, toks: list[Token]) -> Actor | None:
        """The gazetteer actor of the parenthesised acronym right after the name ``toks``
        (blanked before parsing, kept in ``doc.user_data["acronyms"]``), if it knows one."""
        acronyms = head.doc.user_data.get("acronyms")
        if not acronyms:
            return None
        last = max(toks, key=lambda t: t.i)
        acr = acronyms.get(last.idx + len(last.text))
        if acr is None:
            return None
        names = self.gaz.lookup(acr)
        if names and names[0].kind == "name":
            return self.gaz.actors[names[0].actor_id]
        return None

    def _inside_place(self, raw: list[str], start: int, end: int) -> bool:
        """Whether the words ``raw[start:end]`` are part of a longer place name (one word
        before or after): "Northern Ireland", "Mexico City"."""
        places = self.gaz.places
        if not places:
            return False
        return ((start > 0 and raw[start - 1][:1].isupper()
                 and _norm(" ".join(raw[start - 1 : end])) in places)
                or (end < len(raw) and raw[end][:1].isupper()
                    and _norm(" ".join(raw[start : end + 1])) in places))

    def _sector_of(self, toks: list[Token], head: Token) -> SectorWord | None:
        """The sector word heading (or entitling) the phrase: "foreign ministry", "police"."""
        lemmas = [t.lemma_.lower() for t in toks]
        texts = [t.text.lower() for t in toks]
        hi = toks.index(head)
        # longest multiword sector ending at the head, then the head alone
        for start in range(0, hi + 1):
            for seq in (lemmas[start : hi + 1], texts[start : hi + 1]):
                sw = self.gaz.sectors.get(" ".join(seq))
                if sw:
                    return sw
        # "army bulldozers", "police vans": a sector word among the head's compounds
        if head.pos_ == "NOUN" and head.ent_type_ == "":
            for t in reversed(toks[:hi]):
                if t.dep_ == "compound" and t.head.i == head.i:
                    sw = self.gaz.sectors.get(t.lemma_.lower())
                    if sw and sw.kind == "group":
                        return sw
        return None

    def _title_of(self, toks: list[Token], head: Token) -> SectorWord | None:
        """A title among the modifiers of a person's name ("President" in "President X Y")."""
        best = None
        for n, t in enumerate(toks):
            if t.i == head.i:
                continue
            sw = self.gaz.sectors.get(t.lemma_.lower()) or self.gaz.sectors.get(t.text.lower())
            if n and toks[n - 1].i != head.i:
                # a two-word title wins over its last word: "opposition leader", "rebel leader"
                sw = self.gaz.sectors.get(f"{toks[n - 1].lemma_.lower()} {t.lemma_.lower()}") or sw
            if sw:
                best = sw
        return best

    # ---------------------------------------------------------------- resolution
    def resolve(
        self,
        head: Token,
        ctx: ArticleContext,
        *,
        speaker: Actor | None = None,
        as_speaker: bool = False,
        note: bool = True,
    ) -> list[Actor]:
        """Return the actors the noun phrase headed by ``head`` denotes (often one, maybe none).

        ``speaker`` is the speaker of the quote the phrase stands in ("we" -> speaker);
        ``as_speaker`` allows a document noun ("the communique reads") to stand for its author.
        """
        actors = self._resolve(head, ctx, speaker=speaker, as_speaker=as_speaker)
        if note:
            for a in actors:
                ctx.note(head.i, a, self.gaz)
        return actors

    def _branch(self, head: Token, ctx: ArticleContext, speaker: Actor | None) -> Actor | None:
        """The regional branch a group's "branch" noun names: "Islamic State's Afghan branch"
        is the gazetteer's group of that state whose name begins with the parent's (Islamic
        State Khorasan Province); with no such group, the parent itself; None when the noun has
        no group as its possessor."""
        parents = [a for c in head.children if c.dep_ == "poss"
                   for a in self._resolve(c, ctx, speaker=speaker, as_speaker=False)
                   if a.type == "group"]
        if not parents:
            return None
        parent = parents[0]
        states = [n[0].actor_id for m in head.children if m.dep_ in ("amod", "compound")
                  if (n := self.gaz.lookup(m.text)) and n[0].kind in ("demonym", "name")]
        names = [parent.label.lower(), *(a.lower() for a in parent.aliases)]
        for state in states:
            found = next((a for a in self.gaz.actors.values() if a.type == "group"
                          and a.country == state and a.id != parent.id
                          and any(a.label.lower().startswith(n) for n in names)), None)
            if found is not None:
                return found
        return parent

    def _resolve(
        self, head: Token, ctx: ArticleContext, *, speaker: Actor | None, as_speaker: bool
    ) -> list[Actor]:
        low = head.text.lower()
        # pronouns: first person inside a quote is the speaker; others the last fitting actor
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            if low in _FIRST_PERSON:
                return [speaker] if speaker else []
            body = ctx.salient_body(self.gaz)
            if as_speaker and body is not None and low in (
                _PRONOUNS_PLURAL | _PRONOUNS_SINGULAR_NEUTER | _PRONOUNS_PERSON
            ) and not (low in _PRONOUNS_PERSON and ctx.last_person):
                # "it says", "as they stated": the body whose text the article quotes
                return [body]
            if low in _PRONOUNS_PERSON:
                return [ctx.last_person] if ctx.last_person else []
            if low in _PRONOUNS_SINGULAR_NEUTER and head.dep_ in _OBJECT_DEPS:
                # "cut ties with Qatar, accusing it of ...": an object pronoun is never its own
                # clause's doer; it is the nearest argument named before it in its sentence
                # (not a subject, nor the venue of "at"/"in")
                near = _nearest_argument(head, ctx, kinds=_SINGULAR_KINDS)
                if near is not None:
                    return [near]
            if low in _PRONOUNS_PLURAL:
                # "they": a group, a body or a pair named before; a state is "it"
                last = ctx.last_actor(head.i, kinds=_PLURAL_KINDS)
                return [last] if last else []
            if low in _PRONOUNS_SINGULAR_NEUTER:
                last = ctx.last_actor(head.i, kinds=_SINGULAR_KINDS)
                return [last] if last else []
            return []
        if head.pos_ == "NOUN" and head.lemma_.lower() in self.gaz.sectors:
            # "judges at the International Criminal Court", "officials of the African Union":
            # the people of a body act as the body
            bodies = [a for c in head.children if c.dep_ == "prep" and c.lower_ in ("at", "of")
                      for p in c.children if p.dep_ == "pobj"
                      for a in self._resolve(p, ctx, speaker=speaker, as_speaker=False)
                      if a.type in _BODY_TYPES]
            if len(bodies) == 1:
                return bodies
        if head.pos_ == "NOUN" and head.lemma_.lower() in self.gaz.heads.get("branch", ()):
            branch = self._branch(head, ctx, speaker)
            if branch is not None:
                return [branch]
        if head.pos_ == "NOUN" and head.tag_ == "NNS" and any(
                c.dep_ == "poss" and c.lower_ == "their" for c in head.children):
            # "the presidents of Ecuador and Peru said their governments would ...", "Armenian
            # and Azerbaijani troops clashed before their governments agreed": each state named
            # before it in the sentence, in the noun's sector
            word = self.gaz.sectors.get(head.lemma_.lower())
            if word is not None or head.lemma_.lower() in self.gaz.heads.get(
                    "state-noun", frozenset()):
                states = list({a.id: a for a in self.states_named(
                    t for t in head.sent if t.i < head.i)}.values())
                if len(states) >= 2:
                    return [self.gaz.composite(st.id, word) if word is not None else st
                            for st in states]
        if head.pos_ == "NOUN":
            # "the Basque separatist group ETA", "the rebel movement M23": a name in apposition to
            # a generic noun is the body the phrase denotes
            for app in head.children:
                if app.dep_ == "appos" and app.pos_ == "PROPN" and app.i == head.i + 1:
                    bodies = [self.gaz.actors[n[0].actor_id]
                              for _, _, n in self._matches(self.phrase_tokens(app))
                              if n[0].kind == "name"]
                    if len(bodies) == 1 and bodies[0].type not in ("state", "person"):
                        return bodies
        toks = self.phrase_tokens(head)
        if head.pos_ == "PROPN" and (known := self._acronym_actor(head, toks)) is not None:
            return [known]  # "the National Liberation Army (ELN)": the acronym the text gives
        text = " ".join(t.text for t in toks)
        low_phrase = _norm(text)
        # "both sides", "the parties": the last pair of actors named together
        if low_phrase in self.gaz.heads["pair"]:
            return list(ctx.pairs[-1]) if ctx.pairs else []
        # (not a name that goes on past the phrase: "the Organization of American States")
        named_on = head.pos_ == "PROPN" and any(c.dep_ == "prep" for c in head.children)
        if low_phrase in self.gaz.heads.get("body", frozenset()) and not named_on:
            # "left ECOWAS, accusing the bloc of ...": the last international body named
            last = ctx.last_actor(head.i, kinds=frozenset({"igo"}))
            return [last] if last else []
        armed = low_phrase in self.gaz.heads.get("armed-group", frozenset())
        if (armed or low_phrase in self.gaz.heads.get("group", frozenset())) and not named_on \
                and not any(c.dep_ in ("relcl", "acl") for c in head.children):
            # "Hezbollah fired rockets ...; the group said": the last named group (not a
            # state's sector such as its police, which the gazetteer composes; an armed one
            # for "the militant group"; none for a group its own clause defines: "the armed
            # group that fought police")
            fighting = self.gaz.sector_classes["armed"]
            named = next((a for i, a in reversed(ctx.mentions) if i < head.i
                          and a.type == "group" and a.in_gazetteer and a.id != a.cameo
                          and (not armed or a.sector in fighting)), None)
            return [named] if named else []
        if head.pos_ == "NOUN":
            # "seven Latin American countries, including Argentina, Chile and Peru": the ones
            # the text names
            # (also of the phrase's "of" object: "the diplomats of seven countries, including")
            holders = [head, *(p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                               for p in c.children if p.dep_ == "pobj")]
            included = [x for h in holders for c in h.children if c.dep_ == "prep"
                        and c.lower_ == "including"
                        for p in c.children if p.dep_ == "pobj" for x in (p, *p.conjuncts)]
            listed = [a for x in included for a in self._resolve(x, ctx, speaker=speaker,
                                                                as_speaker=False)]
            if listed and all(a.type == "state" for a in listed):
                office = self.gaz.sectors.get(head.lemma_.lower())
                return [self.gaz.composite(a.id, office.sector) if office is not None
                        and office.kind == "title" else a for a in listed]
        if head.lower_ in self.gaz.heads["partitive"] or (
            head.lemma_.lower() in self.gaz.heads["partitive"]
        ):
            # "thousands of students", "leaders of the opposition": the actor is the "of" object
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                    for p in c.children:
                        if p.dep_ != "pobj":
                            continue
                        # ... each of them: "the leaders of Kazakhstan, Kyrgyzstan and Uzbekistan"
                        members = [p, *(x for x in p.conjuncts if x.i > p.i)]
                        # ... a list the parser split into an apposition ("of Kazakhstan,
                        # Kyrgyzstan, Tajikistan and ...")
                        members += [y for a in p.children if a.dep_ == "appos"
                                    and a.pos_ == "PROPN" for y in (a, *a.conjuncts)
                                    if y.i > p.i and y not in members]
                        inner = [a for x in members
                                 for a in self._resolve(x, ctx, speaker=speaker,
                                                        as_speaker=False)]
                        title = self.gaz.sectors.get(head.lemma_.lower())
                        if inner and title is not None and title.kind == "title" and all(
                                a.type == "state" for a in inner):
                            # "leaders of A and B": the office holders, of each state's sector
                            return [self.gaz.composite(a.id, title.sector) for a in inner]
                        followers = self.gaz.heads.get("followers", frozenset())
                        if inner and head.lemma_.lower() in followers and all(
                                a.type == "person" and a.country for a in inner):
                            # "supporters of former president Bolsonaro": people of his state,
                            # not the man himself
                            return list({a.country: self.gaz.composite(a.country, "CVL")
                                         for a in inner
                                         if a.country in self.gaz.actors}.values()) or inner
                        if inner:
                            return list({a.id: a for a in inner}.values())
        ent = entity_at(head)
        if ent is not None and ent.end - ent.start > 1 and head.pos_ == "PROPN":
            # a name that spans a preposition: "Democratic People's Republic of Korea"
            names = self.gaz.lookup(re.sub(r"^(the|The)\s+", "", ent.text))
            if names and names[0].kind == "name":
                return [self.gaz.actors[names[0].actor_id]]
        for c in head.children:
            # ... also when the tagger cut it at the preposition ("Doctors | Without Borders")
            if c.dep_ == "prep" and c.i == head.i + 1 and head.text[:1].isupper():
                ends = [p.right_edge.i for p in c.children if p.dep_ == "pobj"]
                start = next((t.i for t in toks if t.dep_ not in ("det", "poss", "case")),
                             head.i)
                if ends and ends[0] - start < 8:
                    names = self.gaz.lookup(head.doc[start:ends[0] + 1].text)
                    if names and names[0].kind == "name":
                        return [self.gaz.actors[names[0].actor_id]]
        matches = list(self._matches(toks))
        head_pos = toks.index(head)
        head_match = next(((s, e, n) for s, e, n in matches if s <= head_pos < e), None)
        if head_match is not None and head_match[2][0].kind == "anaphor" and not (
            len(toks) == 2 and toks[0].lower_ == "the"
        ):
            head_match = None  # "the Union" alone is the EU; "the Nigerian Union of Teachers" not
        others = [m for m in matches if head_match is None or m[:2] != head_match[:2]]
        sector = self._sector_of(toks, head)
        if head_match is not None:
            name = head_match[2][0]
            actor = self.gaz.actors[name.actor_id]
            if name.kind == "anaphor":
                # "the Alliance" denotes NATO only once NATO was named in the article
                seen = any(a.id == actor.id for _, a in ctx.mentions)
                return [actor] if seen else []
            if (name.kind == "name" and actor.type == "state" and len(toks) == 1
                    and head.dep_ == "conj" and (office := self._office_of_conjunct(head))):
                # "the foreign ministers of Chile and Bolivia", parsed with "Bolivia" as a
                # conjunct of "ministers": Bolivia's ministers
                return [self.gaz.composite(actor.id, office)]
            if (name.kind == "demonym" and actor.type == "state" and len(toks) == 1
                    and head.tag_ in ("NNP", "JJ")
                    and (office := self._sector_of_next_conjunct(head)) is not None):
                # "Kyrgyz and Tajik border guards", parsed with "Kyrgyz" as a subject of its
                # own: Kyrgyz border guards
                return [self.gaz.composite(actor.id, office)]
            if name.kind in ("capital", "seat"):
                # metonymy: a capital or seat in an argument slot is the government
                return [self.gaz.composite(actor.id, "GOV") if actor.type == "state" else actor]
            if name.kind == "demonym" and actor.type == "state":
                # "ethnic Albanians in south Serbia", "Bosnian Serbs", "the Albanians of
                # Serbia": a people living in another state are civilians of that state
                home = self._country_of(toks, others, head, ctx, use_context=False)
                if home in (None, actor.id) and any(t.lower_ == "ethnic" for t in toks):
                    # "ethnic Albanians demonstrated in Serbia", "killed three ethnic
                    # Albanians in a gunbattle in southern Serbia": where the clause happened
                    clause = head
                    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
                        clause = clause.head
                    home = next((n[0].actor_id for c in clause.subtree
                                 if c.dep_ == "prep" and c.lower_ in ("in", "inside")
                                 for _, _, n in self._matches(list(c.subtree))
                                 if self.gaz.actors[n[0].actor_id].type == "state"
                                 and n[0].kind == "name"), home)
                if home is not None and home != actor.id and (
                    self.gaz.actors[home].type == "state"
                ):
                    return [self.gaz.composite(home, "CVL")]
                # "the Serbs", "Israelis": the people of the state
                return [actor]
            return [actor]
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and not head.ent_type_ and any(
                c.dep_ == "compound" and c.ent_type_ == "PERSON" for c in head.children)):
            # ... also a surname the tagger left out of the name ("Maria Corina | Machado")
            ent = entity_at(head)
            written = ent.text if ent is not None else head.text
            if (not others and self._title_of(toks, head) is None and self.gaz.is_place(written)
                    and self.gaz.person(written, ctx.when) is None):
                return []  # "bombed Al-Obeid": a town the tagger took for a person
            return [self._person(head, toks, others, ctx)]
        if head.pos_ == "PROPN" and head_match is None:
            # "Kenzo Oshima, the UN relief coordinator, said" (the tagger missed the person):
            # an appositive naming a body, or a state and an office, says whom the name is
            for app in (c for c in head.children if c.dep_ == "appos"):
                app_toks = self.phrase_tokens(app)
                named = list(self._matches(app_toks))
                office = self._title_of(app_toks, head) or self._sector_of(app_toks, app)
                if any(self.gaz.actors[n[0].actor_id].type != "state" and n[0].kind == "name"
                       for _, _, n in named) or (named and office is not None):
                    return [self._person(head, toks, others, ctx)]
        if head.pos_ == "PROPN" and self.gaz.person_names:
            # an office holder the tagger took for an organisation or place ("Kurti said")
            ent = entity_at(head)
            said = ent.text if ent is not None else head.text
            # ... unless it is a place's name ("Al-Obeid" is a town, not a surname al-Beidh)
            holder = None if self.gaz.is_place(said) else self.gaz.person(said, ctx.when)
            if holder is not None:
                return [self._as_former(holder, toks, ctx.when,
                                        titled=self._title_of(toks, head) is not None)]
        if sector is not None and sector.sector == "NGO" and not others:
            # "a human rights group", "aid agencies": transnational, no state of their own
            return [Actor(id="x-ngo", label="non-governmental organisation", type="ngo",
                          sector="NGO", cameo="NGO", in_gazetteer=False)]
        if sector is not None:
            several = self._coordinated_states(toks)
            if len(several) < 2:
                several = self._coordinated_of_states(head)
            if len(several) > 1:
                # "Turkish and Greek officials": one actor per state
                return [self.gaz.composite(c, sector) for c in several]
            # the article's main state stands in for a missing country ("the opposition said",
            # "dispersed protesters"), but not for troops as an object ("sent troops" names
            # no new actor: they are the sender's)
            subject = head.dep_ in ("nsubj", "nsubjpass") or (
                head.dep_ == "pobj" and head.head.dep_ == "agent")
            # ... nor for "his counterpart", the office of another party than the article's
            other_party = head.lemma_.lower() in self.gaz.heads["counterpart"]
            # ... nor for "the town" or "the village" (its people): only a state or place of
            # the phrase says whose ("the town of Kherson"; "withdrew from the border town" is
            # no one's)
            area = head.lemma_.lower() in self.gaz.heads.get("area", frozenset())
            # ... and a state the phrase names beats the gazetteer's guess for the town's name
            # ("the Syrian town of Madaya": a Madaya lies in Myanmar too)
            own = next((self.gaz.actors[n[0].actor_id] for _, _, n in others
                        if area and n[0].kind in ("name", "demonym")
                        and self.gaz.actors[n[0].actor_id].type == "state"), None)
            town = own or next((st for c in head.children if area and c.dep_ == "prep"
                                and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"
                                and (st := self.state_of_place(p)) is not None), None)
            classes = self.gaz.sector_classes
            if town is None and sector.sector in classes["people"] and not others and not (
                    sector.sector in classes["armed-people"] and ctx.dominant_country(self.gaz)):
                # "sent aid to flood victims in Bangladesh", "protesters marched in Lagos" (the
                # parser hangs the place on the verb): people are of the place of their clause
                # (unnamed armed men only in a story of no other state: "talks between the
                # Ethiopian government and rebels in Tanzania" are Ethiopia's rebels)
                town = self._clause_place(head)
            country = town.id if town is not None else self._country_of(
                toks, others, head, ctx,
                use_context=(subject or sector.sector != "MIL") and not other_party
                and not area)
            if country is None:
                return []
            if self.gaz.actors[country].type != "state":
                if sector.sector != "GOV" and any(
                        n[0].kind == "demonym" and n[0].actor_id == country for _, _, n in others):
                    # "West African leaders" are ECOWAS; "West African migrants" are no one's
                    return []
                return [self.gaz.actors[country]]
            return [self.gaz.composite(country, sector)]
        if head.lemma_.lower() in self.gaz.heads["carrier"]:
            # "al-Qaeda's network", "the Hamas movement", "hideouts of the Pakistani Taliban":
            # the named body
            of_names = [m for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"
                        for m in self._matches(self.phrase_tokens(p))]
            for _, _, names in [*others, *of_names]:
                body = self.gaz.actors[names[0].actor_id]
                # (a group's adjective too: "Houthi targets")
                if names[0].kind in ("name", "demonym") and body.type not in ("state", "igo"):
                    return [body]
        if as_speaker and head.lemma_.lower() in self.gaz.heads["document"]:
            body = ctx.salient_body(self.gaz)
            return [body] if body else []
        if head.ent_type_ == "GPE" and head.dep_ not in ("nsubj", "nsubjpass"):
            return []  # a place the gazetteer does not know is a place, not an actor
        if head.ent_type_ in ("ORG", "GPE", "NORP") and head.pos_ == "PROPN":
            ent = entity_at(head)
            if ent is not None:
                label = re.sub(r"^(the|The)\s+", "", ent.text).strip()
                label = re.sub(r"(?:'s|\u2019s|')$", "", label).strip()  # "the Fleet's base"
                if self.gaz.place_state(label) is not None:
                    return []  # a town or region the tagger took for a body: a place
                country = self._country_of(toks, others, head, ctx, use_context=False)
                if country is None:
                    # "the Movement for the Actualization of the Sovereign State of Biafra": a
                    # body named after a state, region or town belongs to its state
                    country = next((n[0].actor_id for _, _, n in self._matches(list(ent))
                                    if n[0].kind in ("name", "demonym")
                                    and self.gaz.actors[n[0].actor_id].type == "state"), None)
                if country is None:
                    country = next((st.id for t in ent if t.pos_ == "PROPN" and t.i != head.i
                                    and (st := self.gaz.place_state(t.text)) is not None), None)
                return [
                    Actor(
                        id=f"x-{slug(label)}",
                        label=label,
                        type={"ORG": "organisation", "GPE": "place", "NORP": "group"}[
                            ent.label_
                        ],
                        country=self.gaz.actors[country].country if country else None,
                        in_gazetteer=False,
                    )
                ]
        return []

    def _coordinated_states(self, toks: list[Token]) -> list[str]:
        """States named by coordinated modifiers: "Hungarian and Romanian" -> [HUN, ROU]."""
        found: list[str] = []
        for i, t in enumerate(toks):
            if t.dep_ not in ("amod", "compound", "nmod", "npadvmod") or _stance_prefixed(toks, i):
                continue
            if t.dep_ == "npadvmod" and t.head.lower_ == "led":
                continue  # "the Russian-led CSTO alliance" is the alliance, not Russia
            # (every conjunct, and with its own modifiers: "American, Japanese and South Korean")
            for c in [t, *(x for x in t.conjuncts if x.i > t.i)]:
                lead = [m for m in c.lefts if m.dep_ in ("amod", "compound")
                        and m.i == c.i - 1] if c.i != t.i else []
                names = ([f"{lead[0].text} {c.text}"] if lead else []) + [c.text]
                hits = next((h for n in names if (h := self.gaz.lookup(n))), [])
                for nm in hits:
                    if nm.kind in ("name", "demonym") and (
                        self.gaz.actors[nm.actor_id].type == "state"
                    ) and nm.actor_id not in found:
                        found.append(nm.actor_id)
                        break
        return found

    def _clause_place(self, head: Token) -> Actor | None:
        """The state of the place of the clause ``head`` belongs to ("in Lagos" on its verb),
        when the phrase itself names none and the place is a state or a known town."""
        if any(c.dep_ == "prep" and c.lower_ in ("of", "from") for c in head.children):
            return None  # "victims from Chad in Bangladesh" says whose they are
        clause = head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        if clause.pos_ not in ("VERB", "AUX"):
            return None
        # the clause's own "in" phrases, then those of its subject and object ("the Chinese
        # embassy in Honiara was attacked by rioters")
        args = [a for a in clause.children if a.dep_ in ("nsubj", "nsubjpass", "dobj")
                and a.i != head.i]
        preps = [c for c in clause.children if c.i > head.i] + [
            c for a in args for c in _prep_chain(a)]
        for c in preps:
            if c.dep_ != "prep" or c.lower_ not in ("in", "inside"):
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                # "in Kuriga, Kaduna State": an unknown town placed by its apposed region
                for place in (p, *(a for a in p.children if a.dep_ == "appos")):
                    if (st := self.state_of_place(place)) is not None:
                        return st
        return None

    def _sector_of_next_conjunct(self, demonym: Token) -> SectorWord | None:
        """The sector of the noun phrase coordinated right after a bare ``demonym`` when that
        phrase is a sector word led by another state's demonym ("Kyrgyz and Tajik border
        guards"), else None."""
        conj = next((c for c in demonym.children if c.dep_ == "conj" and c.i > demonym.i), None)
        if conj is None or conj.pos_ != "NOUN":
            return None
        toks = self.phrase_tokens(conj)
        if not any(n[0].kind == "demonym" for _, _, n in self._matches(toks)):
            return None
        return self._sector_of(toks, conj)

    def _office_of_conjunct(self, name: Token) -> SectorWord | None:
        """The sector of a plural office whose "of" phrase names a state and whose conjunct is
        the bare state ``name``: "the ministers of Chile and Bolivia" (misparsed), else None."""
        office = name.head
        if office.pos_ != "NOUN" or office.tag_ != "NNS" or office.i > name.i:
            return None
        sector = self._sector_of(self.phrase_tokens(office), office)
        if sector is None:
            return None
        of_states = [st for c in office.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"
                     for st in self.states_named(self.phrase_tokens(p))]
        return sector if of_states else None

    def _coordinated_of_states(self, head: Token) -> list[str]:
        """States coordinated in the head's "of" phrase: "the ministers of Armenia and Azerbaijan".

        Only when every conjunct is a state (by name or demonym): "the leaders of Serbia and the
        EU" is not one body per state.
        """
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ != "of":
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                conjs = [p, *(x for x in p.conjuncts if x.i > p.i)]
                found: list[str] = []
                for x in conjs:
                    named = self.states_named(self.phrase_tokens(x))
                    if not named:
                        return []
                    if named[0].id not in found:
                        found.append(named[0].id)
                return found if len(found) > 1 else []
        return []

    def resolve_loose(self, tok: Token, ctx: ArticleContext, *, speaker: Actor | None = None,
                      depth: int = 0) -> list[Actor]:
        """Actors of a phrase that names one only through a part of it, for targets:
        "Sweden's decision" -> SWE, "the resignation of the president" -> the president,
        "Iraqi towns" -> IRQ."""
        found = self.resolve(tok, ctx, speaker=speaker)
        if found:
            return found
        for c in tok.children:
            if c.dep_ == "poss":
                found = self.resolve(c, ctx, speaker=speaker)
                if found:
                    return found
        # ... and one level further for goods (heads.tsv kind trade): "imports of Japanese
        # seafood" -> JPN (or a sum of them: "tariffs on $34 billion of Chinese imports")
        trade = not depth and (tok.lemma_.lower() in self.gaz.heads.get("trade", frozenset())
                               or tok.ent_type_ == "MONEY")
        for c in tok.children:
            # "the resignation of X", "calls by X", "an offer from X"
            if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = self.resolve_loose(p, ctx, speaker=speaker, depth=1) if (
                            trade) else self.resolve(p, ctx, speaker=speaker)
                        if found and trade:
                            # (every state of "goods from Canada and Mexico")
                            for q in p.children:
                                if q.dep_ == "conj":
                                    found += [a for a in self.resolve(q, ctx, speaker=speaker)
                                              if a not in found]
                        if found:
                            return found
        toks = self.phrase_tokens(tok)
        states = self._coordinated_states(toks)
        if states:
            return [self.gaz.actors[s] for s in states]
        # "a United Nations appeal": a body named as the modifier
        for _, _, names in self._matches([t for t in toks if t.i != tok.i]):
            if names[0].kind == "name":
                return [self.gaz.actors[names[0].actor_id]]
        return []

    def _country_of(
        self,
        toks: list[Token],
        matches: list[tuple[int, int, list[_Name]]],
        head: Token,
        ctx: ArticleContext,
        *,
        use_context: bool = True,
    ) -> str | None:
        """The actor id of the country (or body) a phrase names: modifier, "of X", context."""
        for _, _, names in matches:
            for name in names:
                if name.kind in ("name", "demonym", "capital"):
                    return name.actor_id
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        sub = list(self._matches(self.phrase_tokens(pobj)))
                        for _, _, names in sub:
                            return names[0].actor_id
        for child in head.children:
            # "the Bush administration", "the Putin government": the office holder's state
            if child.dep_ in ("compound", "poss") and child.ent_type_ == "PERSON":
                holder = self.gaz.person(child.text, ctx.when)
                if holder is not None and holder.country in self.gaz.actors:
                    return holder.country
        for child in head.children:
            # "demonstrators in Baghdad", "protesters in Tbilisi", "militants near Kidal": the
            # state of the place
            if child.dep_ == "prep" and child.lower_ in ("in", "from", "inside", "near",
                                                         "outside", "around"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        states = self.states_in([pobj]) or [
                            n[0].actor_id for _, _, n in self._matches([pobj])
                            if self.gaz.actors[n[0].actor_id].type == "state"]
                        if states:
                            return states[0]
                        town = self.state_of_place(pobj)
                        if town is not None:
                            return town.id
        if use_context:
            return ctx.dominant_country(self.gaz)
        return None

    def _as_former(self, person: Actor, toks: list[Token], when: date | None = None, *,
                   titled: bool = True) -> Actor:
        """``person`` as a former office holder of their state (sector ELI) when the phrase says
        so ("former president X", "ousted prime minister Y": heads.tsv kind ``former``), or when
        an untitled name's every known term ended over FORMER_AFTER_DAYS before ``when``
        ("police arrested Duterte" in 2025; "President X" is taken at the writer's word)."""
        held = self.gaz.persons.get(person.id)
        ended = (not titled and when is not None and held is not None and held.roles and all(
            r.end is not None and (when - r.end).days > FORMER_AFTER_DAYS for r in held.roles))
        if person.sector == FORMER_SECTOR or not (self._says_former(toks) or ended):
            return person
        state = self.gaz.actors.get(person.country) if person.country else None
        if state is None or person.cameo != f"{state.cameo or state.id}{person.sector}":
            return person  # a body's official (a UN envoy) keeps the body
        return self._in_sector(person, FORMER_SECTOR) or person

    def _says_former(self, toks: list[Token]) -> bool:
        """Whether a phrase calls its office holder a former one ("former president X",
        "ousted prime minister Y": heads.tsv kind ``former``)."""
        return any(t.lower_ in self.gaz.heads["former"] for t in toks
                   if t.dep_ in ("amod", "compound", "advmod"))

    def _in_sector(self, person: Actor, sector: str) -> Actor | None:
        """``person`` coded in another sector of their own state (PHLGOV -> PHLELI), or None
        when their country is not a state of the gazetteer."""
        state = self.gaz.actors.get(person.country) if person.country else None
        if state is None or state.type != "state":
            return None
        return replace(person, sector=sector, cameo=f"{state.cameo or state.id}{sector}")

    def _person(
        self,
        head: Token,
        toks: list[Token],
        matches: list[tuple[int, int, list[_Name]]],
        ctx: ArticleContext,
    ) -> Actor:
        """A named person; an office and a country in the phrase give the sector and country."""
        ent = entity_at(head)
        name = ent.text if ent is not None else head.text
        known = next((a for _, a in reversed(ctx.mentions) if a.type == "person"
                      and (a.label == name or a.label.endswith(" " + name))), None)
        if known is not None:
            return known
        holder = self.gaz.person(name, ctx.when) or (
            self.gaz.person(head.text, ctx.when) if ent is not None and ent.end - ent.start > 1
            else None)
        if holder is not None:
            title = self._title_of(toks, head)
            held = self.gaz.persons.get(holder.id)
            if (title is not None and ctx.when is not None and held is not None
                    and not any(r.covers(ctx.when) for r in held.roles)
                    and not self._says_former(toks)):
                # "opposition leader Ousmane Sonko" before his term: the office the text
                # gives, not one held later
                titled = self._in_sector(holder, title.sector)
                if titled is not None:
                    return replace(titled, aliases=())
            return self._as_former(holder, toks, ctx.when, titled=title is not None)
        title = self._title_of(toks, head)
        country = None
        for _, _, names in matches:
            for nm in names:
                if nm.kind in ("name", "demonym", "capital"):
                    country = nm.actor_id
                    break
            if country:
                break
        if country is None:
            for child in head.children:
                if child.dep_ == "appos":
                    sub_toks = self.phrase_tokens(child)
                    sub = list(self._matches(sub_toks))
                    if sub:
                        country = sub[0][2][0].actor_id
                    title = title or self._sector_of(sub_toks, child)
        if country is None and title is not None:
            # "President X announced a curfew in Algiers": the state the text is about
            country = ctx.dominant_country(self.gaz)
        body = self.gaz.actors.get(country) if country else None
        if body is not None and body.type != "state":
            return body  # "NATO Secretary General X" speaks for NATO
        sector = title.sector if title else None
        cameo = f"{body.cameo or body.id}{sector or ''}" if body else None
        person = Actor(
            id=f"x-{slug(name)}",
            label=name,
            type="person",
            country=body.country if body else None,
            sector=sector,
            cameo=cameo,
            in_gazetteer=False,
        )
        return self._as_former(person, toks) if sector else person

    def sentence_names(
        self, span: Span | Iterable[Token]
    ) -> tuple[list[tuple[int, Actor]], list[str]]:
        """One scan of a sentence: gazetteer actors named in it (with token index) and the
        states it names by demonym, capital or a town in them (for the article's context)."""
        toks = list(span)
        mentions: list[tuple[int, Actor]] = []
        states: list[str] = []
        for start, _, names in self._matches(toks):
            n = names[0]
            actor = self.gaz.actors[n.actor_id]
            if n.kind == "name":
                mentions.append((toks[start].i, actor))
            elif n.kind in ("demonym", "capital") and actor.type == "state":
                states.append(n.actor_id)
        if isinstance(span, Span):
            # towns and regions count for the state they are in ("clashes in Kirkuk")
            for ent in entities_in(span):
                if ent.label_ in ("GPE", "LOC", "FAC") and not self.gaz.lookup(ent.text):
                    town = self.gaz.place_state(ent.text.removeprefix("the "))
                    if town is not None:
                        states.append(town.id)
        return mentions, states

    def states_named(self, tokens: Iterable[Token]) -> list[Actor]:
        """States named in ``tokens`` by name, demonym or capital, in order (not after "anti-"
        or "pro-", not inside a longer place name)."""
        return [self.gaz.actors[n[0].actor_id] for _, _, n in self._matches(list(tokens))
                if self.gaz.actors[n[0].actor_id].type == "state"
                and n[0].kind in ("name", "demonym", "capital")]

    def names_in(self, span: Span | Iterable[Token]) -> list[Actor]:
        """Gazetteer actors (names only, no capitals) mentioned anywhere in ``span``."""
        toks = list(span)
        out = []
        for _, _, names in self._matches(toks):
            n = names[0]
            if n.kind == "name":
                out.append(self.gaz.actors[n.actor_id])
        return out

    def states_in(self, tokens: Iterable[Token]) -> list[str]:
        """States a token sequence names by name, demonym or capital (for the article's context)."""
        out = []
        for _, _, names in self._matches(list(tokens)):
            n = names[0]
            if n.kind in ("demonym", "capital") and self.gaz.actors[n.actor_id].type == "state":
                out.append(n.actor_id)
        return out

    def state_of_place(self, head: Token) -> Actor | None:
        """The state a place phrase lies in: a state or its capital ("in Kosovo", "in Algiers"),
        or a town of ``places.tsv`` ("in the town of Cizre", "near Samarra"). None for a place
        the data does not know, and for anything that is not a proper name."""
        toks = self.phrase_tokens(head)
        for _, _, names in self._matches(toks):
            actor = self.gaz.actors[names[0].actor_id]
            if actor.type == "state" and names[0].kind in ("name", "capital", "demonym"):
                return actor
        # "the town of Cizre", "the city of Hebron": the name sits in an "of" phrase
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                inner = [t for p in c.children if p.dep_ == "pobj" for t in self.phrase_tokens(p)]
                if head.lemma_.lower() in self.gaz.heads.get("area", frozenset()):
                    # "the north of Kosovo", "the outskirts of Kabul": a part of a state
                    for _, _, names in self._matches(inner):
                        actor = self.gaz.actors[names[0].actor_id]
                        if actor.type == "state" and names[0].kind in ("name", "capital"):
                            return actor
                toks += inner
        # (never a date the parser tags as a name: "in March" is no town of March)
        propn = [t for t in toks if (t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "LOC", "FAC"))
                 and t.ent_type_ not in ("DATE", "TIME")]
        for n in (3, 2, 1):
            for i in range(len(propn) - n + 1):
                run = propn[i : i + n]
                if run[-1].i - run[0].i != n - 1:
                    continue
                state = self.gaz.place_state(" ".join(t.text for t in run))
                if state is not None:
                    return state
        return None

    def place_of(self, actor: Actor) -> Actor | None:
        """The place a mission operates in (KFOR -> Kosovo), as a state actor."""
        iso = self.gaz.operates_in.get(actor.id)
        if iso is None and actor.id in self.gaz.part_of:
            iso = self.gaz.operates_in.get(self.gaz.part_of[actor.id])
        return self.gaz.actors.get(iso) if iso else None
