"""Events one clause cannot tell alone: rules over the events of a sentence and the article.

The clause rules (:mod:`graph.extract.clauses`) code one predicate at a time. Some acts take
their other party from a neighbouring act:

* a mediator's or host's act ("under a deal mediated by Qatar", "after talks hosted by Saudi
  Arabia", "in which Norway acted as mediator") is aimed at the parties of the act it serves,
  the agreement, talks or truce its sentence reports (:func:`mediated_parties`);
* a concession told without its target ("withdrew the bill a day after protesters stormed
  parliament") yields to the protesters the sentence names (:func:`conceded_to`);
* "Britain, Germany and Italy did the same", "Sweden followed suit" repeat the last act the
  article told of another doer, with the new doers (:func:`repeated_acts`);
* a reaction told without its target ("Moscow said it would retaliate", "vowed
  countermeasures", "returned fire") answers the last act of another state
  (:func:`answered_acts`);
* "al-Shabaab claimed the attack" makes the claimer the doer of the last attack of no known
  doer (:func:`claimed_acts`).

The rules read which acts they join from ``ontology/lexicon/code-classes.tsv`` (classes
``mediation`` and ``mediated``) and the phrases that repeat an act from
``ontology/lexicon/clause-words.tsv`` (kind ``repeat``), the words of a reaction from kind
``answer`` and those of a claim from kinds ``claim`` and ``claim-noun``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime

from spacy.tokens import Span, Token

from graph.extract import dates
from graph.extract.actions import LexEntry
from graph.extract.actors import UNKNOWN_ACTOR, home_of
from graph.model import Actor, Event

#: how the clause rules score an event of a source, a target and a lexicon line
Scorer = Callable[[Actor, Actor | None, LexEntry], float]

__all__ = ["answered_acts", "claimed_acts", "conceded_to", "mediated_parties", "repeat_phrases",
           "repeated_acts"]

#: the evidence of a mediator's act given a party: a mediation, told by its preposition
MEDIATOR_ENTRY = LexEntry(cameo="045", lemma="mediate", prep="by", objects=frozenset(),
                          complements=frozenset(), kind="verb",
                          line="(rule: the parties of a mediated act)")
#: ... and of a concession given a target: the protesters its sentence names
CONCESSION_ENTRY = LexEntry(cameo="083", lemma="concede", prep="after", objects=frozenset(),
                            complements=frozenset(), kind="verb",
                            line="(rule: a concession to the sentence's protesters)")


def _token_at(sent: Span, char: int) -> Token | None:
    return next((t for t in sent if t.idx == char), None)


def _governor_chain(tok: Token, limit: int = 6) -> list[Token]:
    """The heads above ``tok``, nearest first ("mediated" -> deal -> under -> signed)."""
    out: list[Token] = []
    while tok.head.i != tok.i and len(out) < limit:
        tok = tok.head
        out.append(tok)
    return out


def mediated_parties(
    events: list[Event],
    sent: Span,
    *,
    mediation: tuple[str, ...],
    mediated: tuple[str, ...],
    one_way: Iterable[str],
    confidence: Scorer,
) -> list[Event]:
    """Give a mediator's or host's targetless act in ``sent`` the parties of the act it serves.

    ``events`` are the sentence's events from the clause rules. A mediation event (a code of
    ``mediation``, or a CONSULT of a one-way verb such as "host") with no target is replaced by
    one event for each party: the sources and targets of the sentence's acts whose codes are in
    ``mediated`` (agreements, talks, ties, truces), those of the predicate the mediation phrase
    hangs on when it names any ("signed ... under a deal mediated by X"). Its date is the served
    act's when its own clause gives none. ``confidence(source, target, entry)`` scores a new event.
    """
    one_way = frozenset(one_way)

    def is_mediation(ev: Event) -> bool:
        code = ev.action.cameo
        if code.startswith(mediation):
            return True
        # (a one-way verb's CONSULT: "hosted", by its lemma, not the text's inflected form)
        pred = _token_at(sent, ev.evidence[0]) if ev.evidence else None
        # ... and a negotiator named as the agent of the agreement it served ("a deal
        # negotiated by China": China mediated; the parties are who signed it)
        return code[:2] == "04" and pred is not None and (
            pred.lemma_.lower() in one_way or (
                pred.dep_ == "acl" and pred.tag_ == "VBN" and pred.head.pos_ == "NOUN"
                and any(c.dep_ == "agent" for c in pred.children)))

    if not any(is_mediation(ev) and ev.target is None for ev in events):
        return events
    out: list[Event] = []
    for ev in events:
        if not (is_mediation(ev) and ev.target is None):
            out.append(ev)
            continue
        served = [e for e in events if e is not ev and e.action.cameo.startswith(mediated)
                  and not is_mediation(e) and e.source.id != ev.source.id
                  and (e.target is None or e.target.id != ev.source.id)]
        pred = _token_at(sent, ev.evidence[0]) if ev.evidence else None
        if pred is not None and served:
            for gov in _governor_chain(pred):
                own = [e for e in served if e.evidence and e.evidence[0] == gov.idx]
                if own:
                    served = own
                    break
        parties: dict[str, Actor] = {}
        for e in served:
            for a in (e.source, e.target):
                # (never the mediator's own state: a host does not mediate with itself)
                if a is not None and a.id not in (ev.source.id, UNKNOWN_ACTOR.id) and not (
                        a.country and a.country == home_of(ev.source)):
                    parties.setdefault(a.id, a)
        if not parties:
            out.append(ev)  # nothing to aim it at: left to the confidence threshold
            continue
        when = ev.time if ev.time is not None and not ev.time.defaulted else (
            served[0].time or ev.time)
        for party in parties.values():
            conf = confidence(ev.source, party, MEDIATOR_ENTRY)
            # (an act it serves tells its modality: "agreed after talks hosted by X" is done)
            out.append(replace(ev, target=party, time=when, confidence=conf,
                               modality=served[0].modality, cluster_id=None))
    return out


def repeat_phrases(rows: Iterable[str]) -> dict[str, frozenset[str]]:
    """``{"do": {"same", "likewise"}, "follow": {"suit"}}`` from clause-words rows of kind
    ``repeat`` ("do the same", "follow suit"): a verb lemma and the last word of its phrase."""
    out: dict[str, set[str]] = {}
    for row in rows:
        words = row.split()
        if len(words) >= 2:
            out.setdefault(words[0], set()).add(words[-1])
    return {k: frozenset(v) for k, v in out.items()}


def repeated_acts(
    sent: Span,
    earlier: list[Event],
    phrases: dict[str, frozenset[str]],
    doers: Callable[[Token], list[Actor]],
    anchor: datetime | None,
    tense: Callable[[Token], str],
    clause_text: Callable[[Token, Span], str],
) -> Iterator[Event]:
    """Events of "X did the same" / "X followed suit" in ``sent``: the latest act in
    ``earlier`` (the article's events so far, in order) of a doer other than X, done by X.

    Every event of that act's predicate is repeated (all its targets), unless its target is one
    of the new doers; the date is the phrase's own ("did the same on Saturday"), else the act's.
    ``doers(verb)`` resolves the verb's subject; the other callables are the clause rules'.
    """
    for verb in sent:
        words = phrases.get(verb.lemma_.lower())
        if words is None or verb.pos_ not in ("VERB", "AUX") or not any(
                c.lower_ in words and c.dep_ in ("dobj", "advmod", "npadvmod")
                for c in verb.children):
            continue
        new = doers(verb)
        if not new:
            continue
        new_ids = {a.id for a in new}
        last = next((e for e in reversed(earlier) if e.source.id not in new_ids
                     and e.char_start <= verb.idx), None)
        if last is None:
            continue
        act = [e for e in earlier if e.evidence == last.evidence
               and e.char_start == last.char_start and e.source.id not in new_ids]
        rel = verb.idx - sent.start_char
        when = dates.event_time(clause_text(verb, sent), (rel, rel + len(verb.text)), anchor,
                                tense(verb), offset=sent.start_char)
        if when is None or when.defaulted:
            when = last.time
        seen: set[tuple[str, str]] = set()
        for e in act:
            if e.target is not None and e.target.id in new_ids:
                continue
            for doer in new:
                key = (doer.id, e.target.id if e.target is not None else "")
                if key in seen:
                    continue
                seen.add(key)
                yield replace(e, source=doer, time=when, char_start=sent.start_char,
                              char_end=sent.end_char, sentence=sent.text,
                              evidence=(verb.idx, verb.idx + len(verb.text)), cluster_id=None,
                              confidence=round(max(0.05, e.confidence - 0.05), 3),
                              attributed_to=None)


def conceded_to(
    events: list[Event],
    sent: Span,
    *,
    conceding: tuple[str, ...],
    protest_words: frozenset[str],
    civilians: Callable[[str], Actor | None],
    confidence: Scorer,
) -> list[Event]:
    """Aim the sentence's targetless concessions (codes of ``conceding``: a bill withdrawn, a
    plan dropped, a vote annulled) at the protesters it names.

    The protesters are the source of a PROTEST event of the sentence from the conceding actor's
    own state, else, when a word of ``protest_words`` ("protesters", "protests", "rallied")
    stands in the sentence, the civilians of that state (``civilians(iso)``). A concession with
    no protest in its sentence keeps no target.
    """
    if not any(ev.target is None and ev.action.cameo.startswith(conceding) for ev in events):
        return events
    worded = any(t.lemma_.lower() in protest_words or t.lower_ in protest_words for t in sent)
    out: list[Event] = []
    for ev in events:
        home = home_of(ev.source)
        if ev.target is not None or not ev.action.cameo.startswith(conceding):
            out.append(ev)
            continue
        protesters = next((e.source for e in events if e.action.plover == "PROTEST"
                           and home_of(e.source) == home
                           and e.source.id != ev.source.id), None)
        if protesters is None and worded:
            protesters = civilians(home)
        if protesters is None or protesters.id == ev.source.id:
            out.append(ev)
            continue
        conf = confidence(ev.source, protesters, CONCESSION_ENTRY)
        out.append(replace(ev, target=protesters, confidence=conf, cluster_id=None))
    return out


#: the evidence of a reaction given a target: the doer of the act it answers
REACTION_ENTRY = LexEntry(cameo="13", lemma="retaliate", prep="against", objects=frozenset(),
                          complements=frozenset(), kind="verb",
                          line="(rule: a reaction aimed at the doer of the act it answers)")

#: the CAMEO root of threats, whose cue may sit in the clause they announce
THREAT_ROOT = "13"

#: clauses of their own below a predicate: a reaction word there is not the predicate's
_OWN_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl"})


def _own_clause(pred: Token) -> Iterator[Token]:
    """The tokens of ``pred``'s own clause: its children and theirs, not nested clauses."""
    stack = [pred]
    while stack:
        tok = stack.pop()
        yield tok
        stack.extend(c for c in tok.children if c.dep_ not in _OWN_CLAUSES)


def answered_acts(
    events: list[Event],
    start: int,
    sent: Span,
    *,
    cues: frozenset[str],
    answering: tuple[str, ...],
    unidentified: str,
    confidence: Scorer,
) -> list[Event]:
    """Aim the targetless reactions of ``sent`` at the doer of the act they answer.

    ``events`` are the article's events so far, in order; ``events[start:]`` are the
    sentence's. A reaction is an event with no target whose predicate's own clause holds a word
    of ``cues`` (clause-words kind ``answer``: "said it would retaliate", "vowed
    countermeasures", "returned fire", "in response"). It answers the latest earlier act of a
    doer of another state or of another sector of its own, one aimed at the reactor's state
    when there is such an act ("Britain expelled 20 Russian diplomats, and Moscow said it would
    retaliate"), else any ("Finland joined NATO, and the Kremlin vowed counter-measures"). A
    doer of ``unidentified`` sector (CAMEO's UAF: "a drone attack killed three soldiers") is
    nobody to aim at. A reaction whose doer's own act of the sentence names a target answers
    that target ("Tehran accused Israel and vowed revenge"). An act of ``answering`` codes
    (code-classes class ``answer``: reduced relations) told without a cue or a target answers
    only an act aimed at its doer's state ("... after Israel declared Lula unwelcome: 'We have
    called our ambassador home'"). Returns the new list of the sentence's events.
    """
    out: list[Event] = []
    for k, ev in enumerate(events[start:], start):
        pred = _token_at(sent, ev.evidence[0]) if ev.evidence else None
        if ev.target is not None or pred is None:
            out.append(ev)
            continue
        # (a threat's cue may sit in what it says will happen: "vowed it would be punished")
        said = [pred] + ([c for c in pred.children if c.dep_ in ("ccomp", "xcomp")]
                         if ev.action.cameo.startswith(THREAT_ROOT) else [])
        # (a cue may be a verb and its particle: "fired back")
        cued = any(t.lemma_.lower() in cues or t.lower_ in cues
                   or f"{t.head.lemma_.lower()} {t.lower_}" in cues
                   for p in said for t in _own_clause(p))
        if not cued and not ev.action.cameo.startswith(answering):
            out.append(ev)
            continue
        home = home_of(ev.source)
        # "Tehran accused Israel and vowed revenge": the one its own act of the sentence names
        mine = next((e.target for e in reversed(events[start:k]) if cued
                     and e.source.id == ev.source.id and e.target is not None
                     and home_of(e.target) != home), None)
        # (of another state, or another side of the same one: "rebels fired rockets at Goma,
        # and the army said it had retaliated")
        earlier = [e for e in events[:k] if e.source.id not in (UNKNOWN_ACTOR.id, ev.source.id)
                   and e.source.sector != unidentified and e.char_start <= ev.char_start
                   and (home_of(e.source) != home or None not in (e.source.sector,
                                                                ev.source.sector))]
        aimed = next((e.source for e in reversed(earlier) if e.target is not None
                      and home_of(e.target) == home), None)
        whom = mine or aimed or (earlier[-1].source if earlier and cued else None)
        if whom is None:
            out.append(ev)
            continue
        out.append(replace(ev, target=whom, cluster_id=None,
                           confidence=confidence(ev.source, whom, REACTION_ENTRY)))
    return out


def _claimed_nouns(verb: Token, claim_nouns: frozenset[str]) -> list[Token]:
    """What ``verb`` claims: its object ("claimed the attack", "claimed it"), or the noun after
    "for" of a claim noun ("claimed responsibility for the bombing")."""
    out: list[Token] = []
    for o in verb.children:
        if o.dep_ not in ("dobj", "obj"):
            continue
        if o.lemma_.lower() in claim_nouns:
            out += [p for c in o.children if c.dep_ == "prep" and c.lower_ == "for"
                    for p in c.children if p.dep_ == "pobj"]
        else:
            out.append(o)
    return out


def claimed_acts(
    events: list[Event],
    start: int,
    sent: Span,
    *,
    claim_verbs: frozenset[str],
    claim_nouns: frozenset[str],
    recalls_attack: Callable[[Token], bool],
    violent_roots: tuple[str, ...],
    unidentified: str,
    doers: Callable[[Token], list[Actor]],
    rekey: Callable[[Event], Event],
) -> None:
    """Give an earlier attack of no known doer to the group that claims it, in place.

    "Gunmen attacked a hotel in Mogadishu, and al-Shabaab claimed the attack" (or "claimed
    responsibility for it"): the latest act in ``events`` (the article's events so far) of a
    root in ``violent_roots`` whose doer is unknown or an unidentified force (sector
    ``unidentified``, CAMEO's UAF) becomes the claimer's, one event a claimer; the claim's own
    targetless event of the noun ("the attack" as a new attack) is dropped. A claim verb is of
    ``claim_verbs`` (clause-words kind ``claim``), a claim noun of ``claim_nouns``; the claimed
    noun must be a pronoun or one that ``recalls_attack`` (a definite event noun of an attack).
    ``doers(verb)`` resolves the claim's subject, ``rekey`` renews an event's cluster key.
    """
    for verb in sent:
        if verb.lemma_.lower() not in claim_verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        claimed = [n for n in _claimed_nouns(verb, claim_nouns)
                   if n.pos_ == "PRON" or recalls_attack(n)]
        if not claimed:
            continue
        claimers = [a for a in doers(verb) if a.id != UNKNOWN_ACTOR.id]
        if not claimers:
            continue
        for n in claimed:
            # (the claim's own reading of the noun: an attack by the claimer on no one)
            events[start:] = [e for e in events[start:] if not (
                e.target is None and e.evidence and e.evidence[0] == n.idx)]
        k = next((k for k in range(len(events) - 1, -1, -1)
                  if events[k].action.cameo.startswith(violent_roots)
                  and events[k].char_start <= verb.idx
                  and (events[k].source.id == UNKNOWN_ACTOR.id
                       or events[k].source.sector == unidentified)), None)
        if k is None:
            continue
        act = events[k]
        same = [j for j, e in enumerate(events) if e.evidence == act.evidence
                and e.char_start == act.char_start and e.source.id == act.source.id]
        new = [rekey(replace(events[j], source=who, cluster_id=None))
               for j in same for who in claimers]
        for j in reversed(same):
            del events[j]
        events[same[0]:same[0]] = new
