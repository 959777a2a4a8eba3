"""Who did what to whom: dependency rules over a parsed article.

Each predicate (a verb, or an event noun such as "attacks" or "talks") that the lexicon knows
becomes zero or more events. The rules are small generators with named dependency labels:

- arguments: subject / passive agent -> source; direct object, the object of the lexicon's
  preposition ("call on X"), a dative, or the subject of a complement clause ("expect X to")
  -> target;
- a verb with no subject of its own takes it from the verb it depends on (coordination, control,
  relative and participle clauses);
- coordination ("Belgrade and Pristina") multiplies events; symmetric actions ("A and B held
  talks") go both ways;
- reported speech: a speech verb's subject is the speaker; "we" inside the quote and subject-less
  verbal acts are the speaker's, and a document ("the communique reads") speaks for its author;
- modality: negation, future, conditionals and the content of appeals ("call on X to withdraw")
  are marked, never asserted; a cooperative act announced for the future is an asserted
  intent (PLOVER AGREE), as the PLOVER codebook codes it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from spacy.tokens import Doc, Span, Token

from graph.extract import dates, discourse
from graph.extract.actions import CodeInfo, LexEntry, Lexicon, load_code_tables
from graph.extract.actors import (
    FIRST_PERSON,
    UNKNOWN_ACTOR,
    ActorResolver,
    ArticleContext,
    SectorWord,
    _Name,
    home_of,
)
from graph.model import Action, Actor, Article, Event, TimeValue, stable_hash

__all__ = ["ClauseFinder", "cluster_key", "extract_events", "predicates"]

log = logging.getLogger(__name__)

# dependency labels
SUBJ = {"nsubj", "csubj"}
SUBJ_PASS = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj"}
DATIVE = {"dative", "iobj"}
PREP = {"prep", "agent"}
PRT = {"prt"}
COMPLEMENT = {"xcomp", "ccomp"}
INHERITS_SUBJECT = {"conj", "xcomp", "advcl", "acl", "relcl", "pcomp"}
NEG = {"neg"}
AUX = {"aux", "auxpass"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}

HYPOTHETICAL_AUX = {"would", "could", "might", "may"}
DEONTIC_AUX = {"must", "should", "ought"}
#: CAMEO code classes and recoding maps, read from ontology/lexicon/code-classes.tsv and
#: code-maps.tsv (what each class means is documented there)
_TABLES = load_code_tables()
COMPLEMENT_MODALITY = _TABLES.maps["complement-modality"]
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
#: prepositions that may introduce a target when the lexicon names none
#: pronouns that deny the act they take part in ("annexed nothing", "no one was arrested")
NEGATIVE_PRONOUNS = frozenset({"nothing", "nobody", "none", "noone"})
#: the verb whose lines a verb of moving (clause-words kind "conveys") is matched by when it
#: has a load: "flew tents to Tonga" is coded as "sent tents to Tonga"
CONVEYED_AS = "send"
#: the object class of a lexicon line whose object is any place the gazetteer knows
PLACE_OBJECT = "@place"
#: ... and of one whose object is an armed force or group (sector-classes.tsv class armed)
ARMED_OBJECT = "@armed"
#: lexicon object class: a news outlet or its journalists ("suspended the BBC")
MEDIA_OBJECT = "@media"
#: lexicon object class: an intergovernmental body ("left ECOWAS", "quit the ICC")
BODY_OBJECT = "@igo"
TARGET_PREPS = ("against", "on", "with", "to", "toward", "towards", "at", "into", "upon")
SYMMETRIC_PREFIXES = _TABLES.classes["symmetric"]
RECIPROCAL_CODES = _TABLES.classes["reciprocal"]
MATERIAL_ROOTS = _TABLES.classes["material"]
PHRASE_TARGET_ROOTS = _TABLES.classes["phrase-target"]
LOCATIVE_TARGET_ROOTS = _TABLES.classes["locative-target"]
COOPERATIVE_PLACE_ROOTS = _TABLES.classes["cooperative-place"]
VIOLENT_PLACE_ROOTS = _TABLES.classes["violent-place"]
STATE_TARGET_ROOTS = _TABLES.classes["state-target"]
MEDIATION = _TABLES.classes["mediation"]
MEDIATED_CODES = _TABLES.classes["mediated"]
REACTION_CODES = _TABLES.classes["reaction"]
PAIRING_CODES = _TABLES.classes["pairing"]
CONCEDED_TO_CODES = _TABLES.classes["conceded-to"]
UNDIRECTED_ROOTS = _TABLES.classes["undirected"]
HOSTILE_ROOTS = _TABLES.classes["hostile"]
SOLE_OTHER_ROOTS = _TABLES.classes["sole-other"]
VENUE_PREP_CODES = _TABLES.classes["venue-prep"]
CONTEST_CODES = _TABLES.classes["contest"]
SHARED_WITH_CODES = _TABLES.classes["shared-with"]
ACT_NOUN_ROOTS = _TABLES.classes["act-noun"]
FROM_TARGET_ROOTS = _TABLES.classes["from-target"]
DEMAND_NOUN_ROOTS = _TABLES.classes["demand-noun"]
ANSWER_TO_DEMAND_ROOTS = _TABLES.classes["answer-to-demand"]
SPEAKER_ACT_ROOTS = _TABLES.classes["speaker-act"]
CONDITIONAL_KEPT_ROOTS = _TABLES.classes["conditional-kept"]
BY_DOER_ROOTS = _TABLES.classes["by-doer"]
OTHER_PARTY_CODES = _TABLES.classes["other-party"]
ANSWER_CODES = _TABLES.classes["answer"]
CAPTOR_CODES = _TABLES.classes["captor"]
TARGETLESS_CODES = _TABLES.classes["targetless"]
HOLDING_ROOTS = _TABLES.classes["holding"]
#: a match score ("1-0", "3–2"): with a sport word, the sentence reports a game
_SCORE = re.compile(r"\b\d{1,2}\s?[-\u2013]\s?\d{1,2}\b")
#: the doer of violence the text does not name, placed in the state where it happened
UNIDENTIFIED_FORCE = SectorWord("unidentified", "UAF", "group", "Unidentified armed force")
VIOLENCE_ROOTS = _TABLES.classes["violence"]
AGENTLESS_ROOTS = _TABLES.classes["agentless"]
#: preps whose object may be the target inside a complement clause ("threatened to break
#: relations with Russia", "staged rallies against the leader")
COMPLEMENT_TARGET_PREPS = ("with", "against", "on", "to", "toward", "towards", "at", "into",
                           "upon", "from", "for", "over")
INTENT_OF_ROOT = _TABLES.maps["intent-of-root"]
INTENT_OF_CODE = _TABLES.maps["intent-of-code"]
THREAT_OF_ROOT = _TABLES.maps["threat-of-root"]
REJECTION_OF_ROOT = _TABLES.maps["rejection-of-root"]
CROWD_OF_ROOT = _TABLES.maps["crowd-of-root"]
FORCES_VISIT = _TABLES.maps["forces-visit"]
FORCES_PROTEST = _TABLES.maps["forces-protest"]
IN_EFFECT = _TABLES.maps["in-effect"]
JOINT_OF = _TABLES.maps["joint"]
HANDED_OVER_CODES = _TABLES.classes["handed-over"]
POLICE_DOER_CODES = _TABLES.classes["police-doer"]
FROM_DOER_CODES = _TABLES.classes["from-doer"]
VISIT_CODES = _TABLES.classes["visit"]
FOREIGN_TARGET_CODES = _TABLES.classes["foreign-target"]
DENIAL_CODES = _TABLES.classes["denial"]


def _nominal_subject(tok: Token) -> Token:
    """The noun a subject stands for when the parser made a participle the subject ("The Red
    Cross operating in Iraq said": "operating" -> "Cross")."""
    seen = 0
    while tok.pos_ == "VERB" and seen < 3:
        inner = [c for c in tok.children if c.dep_ in SUBJ]
        if not inner:
            break
        tok, seen = inner[0], seen + 1
    return tok


def _children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _conjuncts(tok: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Belgrade and Pristina")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
        elif (c.dep_ == "appos" and tok.pos_ == c.pos_ == "PROPN" and c.i > tok.i
              and tok.doc[tok.i + 1].text == "," and any(g.dep_ == "conj" for g in c.children)
              and any(g.dep_ == "cc" for x in _conjuncts(c) for g in x.children)):
            # "Mali, Burkina Faso and Niger": a list the parser read as an apposition of its
            # first name (the apposition holds the rest, coordinated)
            out.extend(_conjuncts(c))
    return out


def _request_phrases(pred: Token, finder: ClauseFinder) -> list[Token]:
    """The request nouns (clause-words kind request-noun) of "at the request of X" / "at X's
    invitation" on ``pred``."""
    return [p for c in pred.children if c.dep_ == "prep" and c.lower_ in ("at", "upon", "on")
            for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in finder.request_nouns]


def _requesters(pred: Token, finder: ClauseFinder, ctx: ArticleContext,
                speaker: Actor | None) -> list[Actor]:
    """Who asked for the act: the "of" object or possessor of its request noun."""
    out: list[Actor] = []
    for noun in _request_phrases(pred, finder):
        who = [c for c in noun.children if c.dep_ == "poss"] + [
            p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children if p.dep_ == "pobj"]
        for w in who:
            out += finder.res.resolve(w, ctx, speaker=speaker, note=False)
    return out


def _each_other(pred: Token) -> bool:
    """Whether the predicate's object is "each other" / "one another" (also after a
    preposition: "fired on each other")."""
    heads = [pred, *(c for c in pred.children if c.dep_ == "prep")]
    for h in heads:
        for o in h.children:
            if o.dep_ not in OBJ | {"pobj"}:
                continue
            dets = {c.lower_ for c in o.children if c.dep_ in ("det", "amod")}
            if (o.lower_ == "other" and "each" in dets) or (
                    o.lower_ == "another" and "one" in dets) or (
                    o.lower_ == "one" and "another" in dets):
                return True
    return False


def _member_of(noun: Token) -> Token:
    """The subject a relative clause's noun describes by the copula: "A, B and C were among the
    countries that expelled ...", "A was one of the states that ..." -> A (with its conjuncts,
    through the subject token); else the noun itself."""
    host = noun
    if host.dep_ == "pobj" and host.head.dep_ == "prep" and host.head.lower_ in ("among", "of"):
        host = host.head.head  # "among the countries", "one of the states"
        if host.dep_ == "attr" and host.lower_ == "one":
            host = host.head
        elif host.pos_ not in ("AUX", "VERB"):
            return noun
    elif host.dep_ == "attr":
        host = host.head  # "Germany was the first country that ..."
    else:
        return noun
    if host.lemma_ != "be":
        return noun
    subj = _children(host, SUBJ)
    return _nominal_subject(subj[0]) if subj else noun


def _tense(verb: Token) -> str:
    """past | present | future of a verb from its tag and auxiliaries."""
    auxes = {a.lower_ for a in _children(verb, AUX)}
    if auxes & FUTURE_AUX:
        return "future"
    if any(a.lower_ == "going" for a in _children(verb, AUX)):
        return "future"
    if verb.tag_ in ("VBD",) or auxes & {"had", "did", "was", "were"}:
        return "past"
    if verb.tag_ == "VBN" and auxes & {"has", "have", "had"}:
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in ("ROOT", "conj") and not auxes:
        return "past"
    if (verb.tag_ in ("VBG", "VBN", "VB", "VBP") and not auxes and verb.dep_ == "conj"
            and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX")
            and verb.head.tag_ == "VBD"):
        # "expelled the ambassador and cut ties on Tuesday": a conjunct whose form does not
        # tell ("cut", "put") shares the tense of the past verb it is coordinated with
        return "past"
    if (verb.tag_ == "VB" and auxes == {"to"} and verb.dep_ == "xcomp"
            and verb.head.i != verb.i and verb.head.tag_ == "VBD"
            and any(c.dep_ in ("prep", "npadvmod") and any(
                t.ent_type_ in ("DATE", "TIME") for t in c.subtree) for c in verb.head.children)
            and not any(t.ent_type_ in ("DATE", "TIME") for t in verb.subtree)):
        # "voted on Saturday to suspend Honduras": the day is the vote's, which is past
        return "past"
    if (verb.tag_ == "VB" and auxes == {"to"} and verb.dep_ == "advcl"
            and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX")):
        # "used tear gas on Sunday night to disperse protesters": an aim pursued by a done act
        # is done when it is
        return _tense(verb.head)
    if (verb.tag_ in ("VBG", "VBN") and not auxes and verb.dep_ in ("advcl", "xcomp", "acl")
            and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX")):
        # "hit Kharkiv on Thursday, killing three people": a bare participle happens when its
        # governing clause does
        return _tense(verb.head)
    return "present"


def _clause_root(tok: Token) -> Token:
    """The verb heading the clause ``tok`` stands in (a gerund subject's: "Fighting ... raged")."""
    t = tok.head if tok.pos_ == "VERB" and tok.dep_ in ("nsubj", "nsubjpass") else tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


class ClauseFinder:
    """Finds clauses in one article (one parsed document) with a lexicon and an actor resolver."""

    def __init__(self, lexicon: Lexicon, resolver: ActorResolver) -> None:
        self.lex = lexicon
        self.res = resolver
        self._verbs = lexicon.verb_lemmas()
        #: verbs with a line whose object is a class (@place, @armed, @media, @igo)
        self._classed = lexicon.classed_lemmas()
        self._nouns = lexicon.noun_lemmas()
        self._verb_memo: dict[int, LexEntry | None] = {}  # token index -> entry, one document
        # words that steer the rules (ontology/lexicon/clause-words.tsv)
        self.speech = lexicon.words("speech")
        self.demand_speech = lexicon.words("demand-speech")
        self.negating = lexicon.words("negating")
        self.future = lexicon.words("future")
        self.light = lexicon.words("light")
        self.claim = lexicon.words("claim")
        self.claim_noun = lexicon.words("claim-noun")
        self.reciprocal = lexicon.words("reciprocal")
        self.one_way = lexicon.words("one-way")
        #: "did the same", "followed suit": verbs and the word that makes them repeat an act
        self.repeats = discourse.repeat_phrases(lexicon.words("repeat"))
        self.answers = lexicon.words("answer")
        self.power = lexicon.words("power")
        self.request_nouns = lexicon.words("request-noun")
        self.help_nouns = lexicon.words("help-noun")
        self.sums = lexicon.words("sum")
        self.deliberative = lexicon.words("deliberative")
        self.stative = lexicon.words("stative")
        self.background_preps = lexicon.words("background-prep")
        # ... of them, those that never head a complement ("resigned after protests" is no
        # "resigned in protest"; "in", "for", "over" do: "in protest", "for talks")
        self._not_complement = self.background_preps - {"in", "for", "over", "of", "about",
                                                        "from"}
        self.cargo = lexicon.words("cargo")
        self.conveys = lexicon.words("conveys")
        self.intransitive = lexicon.words("intransitive")
        self.helping = lexicon.words("helping")
        self.adverb_particles = lexicon.words("adverb-particle")
        self.in_effect = lexicon.words("in-effect")
        self.occurs = lexicon.words("occurs")

    # ----------------------------------------------------------------- modality
    def modality(self, verb: Token) -> str:
        """asserted | negated | future | hypothetical | requested for the predicate ``verb``."""
        kids = list(verb.children)
        if any(c.dep_ in NEG or c.lower_ in ("never", "not", "n't", "no") for c in kids):
            return "negated"
        if any(c.dep_ in OBJ | SUBJ and c.lower_ in NEGATIVE_PRONOUNS for c in kids):
            return "negated"  # "annexed nothing", "nobody attacked": no act
        auxes = {a.lower_ for a in kids if a.dep_ in AUX}
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids):
            return "hypothetical"
        if auxes & FUTURE_AUX or "going" in auxes:
            return "future"
        if auxes & DEONTIC_AUX:
            return "requested"  # "Serbia must withdraw": what someone demands, not a fact
        if "would" in auxes and verb.dep_ == "ccomp" and (
            verb.head.lemma_.lower() in self.speech | self.demand_speech
        ):
            return "future"  # "said they would boycott": reported future, not a conditional
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
        t = verb
        while t.head.i != t.i:
            head = t.head
            hl = head.lemma_.lower()
            dep = t.dep_
            if dep == "conj":
                t = _finite_governor(t) or head
                continue
            if dep == "advcl":
                if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in t.children):
                    return "hypothetical"
                if any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                    t = head  # a purpose clause ("to allow aid in") shares its head's modality
                    continue
                break
            if dep not in ("xcomp", "ccomp", "acl") and not (
                t.pos_ == "NOUN" and dep in OBJ | {"pobj"} or t.pos_ == "ADP" and dep == "prep"
            ):
                break
            if head.pos_ == "ADJ":
                copula_aux = {a.lower_ for a in head.head.children if a.dep_ in AUX}
                if copula_aux & DEONTIC_AUX:
                    return "requested"  # "the US must be ready to mediate"
                if hl in self.res.gaz.heads.get("intent", frozenset()):
                    return "future"  # "is willing to withdraw", "stands ready to help"
                break
            if head.pos_ == "NOUN":
                nentry = self.noun_entry(head)
                if nentry is not None and nentry.cameo[:2] in COMPLEMENT_MODALITY:
                    return COMPLEMENT_MODALITY[nentry.cameo[:2]]  # "its demand that X ease"
                t = head
                continue
            if hl in self.negating:
                return "negated"
            if dep == "xcomp" and any(c.dep_ == "neg" for c in head.children):
                return "negated"  # "would not seek to open talks", "did not try to stop"
            if hl in self.deliberative:
                return "hypothetical"  # "is considering sending troops": nothing done yet
            if dep == "ccomp" and (demand := self.demand_object(head)) is not None:
                # "reiterated its demand that Israel ease restrictions": what is demanded
                return COMPLEMENT_MODALITY[demand.cameo[:2]]
            entry = self.verb_entry(head) if head.pos_ in ("VERB", "AUX") else None
            if entry is not None and entry.cameo[:2] in COMPLEMENT_MODALITY:
                # "urged X to withdraw", "threatened to ban", "refused to meet"
                return COMPLEMENT_MODALITY[entry.cameo[:2]]
            if hl in self.future or (hl == "go" and head.tag_ == "VBG" and dep == "xcomp"):
                return "future"  # "plans to", "is going to"
            head_aux = {a.lower_ for a in head.children if a.dep_ in AUX}
            if head_aux & FUTURE_AUX:
                return "future"  # "will continue to ensure"
            if head_aux & HYPOTHETICAL_AUX:
                return "hypothetical"
            if head_aux & DEONTIC_AUX:
                return "requested"
            if head.dep_ == "ROOT" or hl in self.speech:
                break
            t = head
        return "asserted"

    # ----------------------------------------------------------------- arguments
    def subject_tokens(self, verb: Token) -> tuple[list[Token], bool]:
        """The tokens of the (logical) subject of ``verb`` and whether the verb is passive."""
        passive = bool(_children(verb, SUBJ_PASS)) or any(
            c.dep_ == "auxpass" for c in verb.children
        ) or _adjectival_passive(verb) is not None or (
            # "a truce mediated by Qatar", "talks hosted by Saudi Arabia": a participle with
            # its agent is a passive whose doer is the agent
            verb.dep_ == "acl" and verb.tag_ == "VBN"
            and any(c.dep_ == "agent" for c in verb.children))
        if passive and verb.lemma_.lower() in self.stative and not any(
            c.dep_ == "agent" for c in verb.children
        ):
            # "Israel is opposed to French mediation": a state of mind of the subject
            return _children(verb, SUBJ_PASS)[:1], False
        if passive:
            agents = [
                p for c in verb.children if c.dep_ == "agent" for p in c.children
                if p.dep_ == "pobj"
            ]
            return agents, True
        if verb.dep_ == "amod" and verb.tag_ == "VBN":
            # "a Russian-brokered deal", "the US-mediated talks": the word before the hyphen
            # did it
            return [c for c in verb.children if c.dep_ in ("npadvmod", "compound")
                    and c.i < verb.i], True
        subj = _children(verb, SUBJ)
        if (not subj and verb.dep_ == "acl" and verb.head.dep_ == "ROOT"
                and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VBN"
                and not any(c.dep_ == "agent" for c in verb.children)
                and (verb.lemma_.lower() in self.intransitive
                     or any(c.dep_ == "dobj" for c in verb.children)
                     or ((e := self.verb_entry(verb)) is not None and bool(e.preps)))):
            # "Thousands of students protested in Dhaka", "The ASEAN ministers called on the
            # junta to ...": the parser's participle of the sentence's noun is its verb when it
            # cannot be a passive (a verb never passive, one with an object or its particle)
            return [verb.head], False
        if not subj and verb.dep_ == "ROOT":
            # "Nauru cut ties with Taiwan": a sentence-opening name the parser made a modifier
            subj = [c for c in verb.children if c.i < verb.i and c.pos_ == "PROPN"
                    and c.dep_ in ("advmod", "npadvmod", "dep") and c.i == verb.sent.start][:1]
        if subj:
            s = _nominal_subject(subj[0])
            if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [_member_of(verb.head)], False
            if (s.lower_ in ("they", "we") and verb.dep_ == "ccomp"
                    and verb.head.lemma_.lower() in self.speech):
                # "Burkina Faso, Mali and Niger announced that they were leaving": every speaker
                said, _ = self.subject_tokens(verb.head)
                if len(said) == 1 and _conjuncts(said[0])[1:]:
                    return _conjuncts(said[0]), False
                if len(said) > 1:
                    return said, False
            lead = [c for c in verb.children if c.dep_ in ("npadvmod", "dep") and c.pos_ == "PROPN"
                    and c.i + 2 == s.i and verb.doc[c.i + 1].text == "," and s.pos_ == "PROPN"]
            if lead:
                return [lead[0], s], False  # a headline's "Ghana, Togo sign border pact"
            if len(subj) > 1 and (any(c.dep_ == "cc" for c in subj[0].children) or (
                    subj[0].i + 2 == subj[1].i and verb.doc[subj[0].i + 1].text == ","
                    and subj[0].pos_ == subj[1].pos_ == "PROPN")):
                # ... also a headline's "Kenya, Somalia sign border pact"
                # "President Lee Jae-myung and Prime Minister Shigeru Ishiba agreed": the parser
                # made both subjects, the coordination left hanging on the first
                return [s] + [_nominal_subject(x) for x in subj[1:]], False
            if len(subj) > 1 and s.pos_ == "ADJ" and subj[1].pos_ in ("NOUN", "PROPN"):
                # "Sudan's paramilitary Rapid Support Forces shelled": the parser made the
                # adjective a subject of its own; the noun after it is the subject
                return [_nominal_subject(subj[1])], False
            return [s], False
        if verb.dep_ == "acomp" and verb.head.pos_ == "AUX" and verb.head.i != verb.i:
            # "Turkey is opposed to ...": a participle after the copula; the copula's subject
            return _children(verb.head, SUBJ)[:1], False
        # no subject of its own: take the governor's (coordination, control, participles)
        if verb.dep_ in INHERITS_SUBJECT and verb.head.i != verb.i:
            head = verb.head
            main = _finite_governor(verb)
            if main is not None:
                return self.subject_tokens(main)[0], False
            if verb.dep_ == "relcl":
                return [_member_of(head)], False
            if (verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.dep_ == "xcomp"
                    and verb.i > 0 and verb.doc[verb.i - 1].text == ","
                    and head.head.pos_ in ("VERB", "AUX") and head.head.i != head.i):
                # "ordered the ambassador to leave, accusing Kigali of ...": a participle set
                # off by a comma after an infinitive speaks for the one who gave the order
                toks, _ = self.subject_tokens(head.head)
                return toks, False
            if (verb.dep_ == "acl" and head.dep_ in OBJ and head.head.pos_ == "VERB"
                    and head.lemma_.lower() in self.res.gaz.heads.get("document", frozenset())):
                # "issued a statement condemning X": whoever issued it condemns; a document of
                # its own author ("a UN report accusing"), or one the verb acts upon
                # ("dismissed a report accusing"), speaks for someone else
                own_author = any(c.dep_ in ("poss", "compound", "amod")
                                 and c.pos_ in ("PROPN", "NOUN") for c in head.children)
                issuing = self.verb_entry(head.head)
                if own_author or (issuing is not None and issuing.cameo[:2] != "01"):
                    return [], False
                toks, _ = self.subject_tokens(head.head)
                return toks, False
            if verb.dep_ == "xcomp":
                # object control: "call on X to de-escalate" -> X; subject control otherwise
                # (never a date: "voted on Monday to impose sanctions" is the voter's act)
                objs = _children(head, OBJ) or [
                    p for c in head.children if c.dep_ == "prep" for p in c.children
                    if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME")
                    and not dates.is_time_word(p.text)
                ]
                if objs and head.lemma_.lower() not in self.future | self.negating:
                    return [objs[0]], False
            if head.pos_ == "ADJ" and head.dep_ == "acomp":
                head = head.head  # "Syria is willing to withdraw": the copula's subject
            if head.pos_ in ("VERB", "AUX"):
                toks, _ = self.subject_tokens(head)
                return toks, False
        return [], passive

    def patient_tokens(self, verb: Token, entry: LexEntry) -> list[Token]:
        """The token heading the target of ``verb`` under ``entry``."""
        if any(c.dep_ in SUBJ_PASS for c in verb.children):
            return _children(verb, SUBJ_PASS)[:1]
        if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children) and not any(
                c.dep_ in SUBJ for c in verb.children):
            # "X declared himself president and was recognised by the United States": the
            # passive shares its first verb's subject, which is what it was done to
            shared = _children(verb.head, SUBJ)
            if shared:
                return shared[:1]
        patient = _adjectival_passive(verb)
        if patient is not None:
            return [patient]
        if entry.preps:
            # for meetings, the noun the line names, when no direct object is it, sits in the
            # prepositional phrase ("met X on the sidelines"): there it is where, not whom
            in_prep = entry.cameo.startswith(VENUE_PREP_CODES) and not any(
                o.lemma_.lower() in entry.objects for o in _children(verb, OBJ))
            for c in verb.children:
                if c.dep_ in PREP | PRT and c.lower_ in entry.preps:
                    # ... and "on Friday" is when
                    pobj = [p for p in c.children if p.dep_ == "pobj"
                            and not (in_prep and p.lemma_.lower() in entry.objects)
                            and p.ent_type_ not in ("DATE", "TIME")]
                    named = entry.objects | entry.complements
                    if (pobj and not in_prep and c.lower_ == "for"
                            and pobj[0].lemma_.lower() in named):
                        # "asked New Zealand for help": the thing asked for is in the
                        # preposition; the direct object is whom (unless the object is a
                        # thing the line names too)
                        objs = [o for o in _children(verb, OBJ) if o.lemma_.lower() not in named]
                        if objs:
                            return objs[:1]
                    if pobj:
                        return pobj[:1]
                    if c.dep_ == "prt":
                        objs = _children(verb, OBJ)
                        if objs:
                            return objs[:1]
            objs = _children(verb, OBJ) + _children(verb, DATIVE)
            if objs:
                return objs[:1]
        dat = _children(verb, DATIVE)
        if dat:
            # "sent weapons to Ukraine": the parser marks the preposition as the dative
            inner = [p for p in dat[0].children if p.dep_ == "pobj"]
            return inner[:1] if dat[0].pos_ == "ADP" and inner else dat[:1]
        objs = _children(verb, OBJ)
        if objs:
            return objs[:1]
        return []

    def fallback_targets(self, verb: Token, obj: Token | None) -> list[Token]:
        """Targets when the object is not an actor: "condemned the attacks on X", "urged X to"."""
        out: list[Token] = []
        # "imposed sanctions on X", "provided aid to X": the object's preposition names the
        # target of material acts; for verbal acts ("condemned the attacks on X") it names the
        # victim of another event, not the target
        entry = self.verb_entry(verb)
        root = entry.cameo[:2] if entry is not None else ""
        # ... and so does it when the object is the act itself, the noun the lexicon line
        # names ("lodged a protest with Beijing", "issued a warning to Hanoi")
        # (for appeals, demands, criticism, rejections and threats: "released a report on X"
        # is about X, not aimed at it)
        act_noun = (obj is not None and entry is not None and bool(entry.objects)
                    and root.startswith(ACT_NOUN_ROOTS)
                    and obj.lemma_.lower() in entry.objects)
        held = [obj] if obj is not None else []
        partitive = self.res.gaz.heads["partitive"] | self.res.gaz.heads["quantity"]
        if obj is not None and (obj.lemma_.lower() in partitive or obj.lower_ in partitive):
            # "carried out dozens of strikes on X", "a series of raids against Y": the noun
            # after "of" holds the preposition
            held += [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"]
        if obj is not None and (obj.ent_type_ == "MONEY" or obj.lemma_.lower() in self.sums):
            # "pledged $2 billion in loans to Ukraine": so does the noun after a sum's "in"
            held += [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "in"
                     for p in c.children if p.dep_ == "pobj"]
        # (and for ties: "established diplomatic relations with China")
        venues = self.res.gaz.heads.get("venue", frozenset())
        if obj is not None and (root in MATERIAL_ROOTS + ("04", "05") or act_noun):
            for c in (c for h in held for c in h.children):
                if c.dep_ == "prep" and c.lower_ in ("on", "against", "toward", "towards", "at",
                                                     "with", "to", "for") and not (
                        act_noun and c.lower_ in ("at", "for")):  # "at the UN": a venue
                    # (nor "signed agreements at the White House": the seat is where)
                    out.extend(p for p in c.children if p.dep_ == "pobj" and not (
                        c.lower_ == "at" and (p.lemma_.lower() in venues or (
                            root not in VIOLENCE_ROOTS and self._seat(p)))))
        # "withdrew its troops from Lebanon": for retreats, where from is the other party
        # ... and for seizures ("confiscated weapons from armed groups") whom from
        preps = TARGET_PREPS + ("from",) if root.startswith(FROM_TARGET_ROOTS) else TARGET_PREPS
        if root == "07":
            preps += ("for",)  # "announced aid for flood victims in Pakistan": who gets it
        for c in verb.children:
            # (the parser marks "to" after "send" as a dative: "sent troops to Japan")
            if (c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")) and (
                    c.lower_ in preps):
                # ... but "filed a case at the International Court of Justice", "spoke at the
                # summit": where it is done, not whom it aims at
                out.extend(p for p in c.children if p.dep_ == "pobj" and not (
                    c.lower_ == "at" and (p.lemma_.lower() in venues or (
                        root not in VIOLENCE_ROOTS and self._seat(p)))))
                # "fired tear gas at protesters marching on Congress": the parser makes the
                # people the subject of a clause after the preposition
                if c.lower_ in ("at", "on", "against", "upon", "into"):
                    out.extend(x for p in c.children if p.dep_ == "pcomp" for x in p.children
                               if x.dep_ in SUBJ)
        for c in verb.children:
            if c.dep_ in COMPLEMENT:
                out.extend(s for s in c.children if s.dep_ in SUBJ)
        return out

    def complements(self, verb: Token) -> set[str]:
        """Lemmas and hyphenated words of the verb's complement ("to urgently de-escalate")."""
        words: set[str] = set()
        for c in verb.children:
            if c.dep_ in ("advmod", "npadvmod"):
                # "sexually abused", "fatally shot", "test-fired" (spaCy: "test" npadvmod)
                words.add(c.lemma_.lower())
            if c.dep_ == "npadvmod":
                # "gave the ambassador 48 hours to leave": the parser hangs the clause on
                # the span of time
                words.update(t.lemma_.lower() for t in c.children
                             if t.dep_ in ("relcl", "acl") and t.pos_ == "VERB")
            if c.dep_ == "prep" and c.lower_ in self._not_complement:
                continue  # "resigned after protests" is no "resigned in protest"
            if c.dep_ in COMPLEMENT | {"advcl", "prep", "dobj", "oprd"}:
                for t in c.subtree:
                    if t.pos_ in ("VERB", "NOUN", "ADJ") or t.dep_ == "pobj":
                        words.add(t.lemma_.lower())
        # hyphenated words the tokenizer split ("de - escalate")
        right = verb.doc[verb.i + 1 : min(len(verb.doc), verb.sent.end)]
        words.update(m.lower() for m in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", right.text))
        return words

    def objects(self, verb: Token) -> set[str]:
        """Lemmas of the verb's object nouns (and their compounds) for light-verb entries."""
        out: set[str] = set()
        lemma = verb.lemma_.lower()
        patient = _adjectival_passive(verb)
        for c in [*verb.children, *([patient] if patient is not None else [])]:
            if c.dep_ in OBJ | DATIVE | {"attr", "nsubjpass"} or c is patient:
                # (a noun dative too: "gave the ambassador 72 hours to leave")
                if c.dep_ in DATIVE and c.pos_ not in ("NOUN", "PROPN"):
                    continue
                for t in _conjuncts(c):
                    # "tons of food aid", "a number of troops": the noun after "of" counts too
                    # ... and after a sum: "$30 million in humanitarian aid"
                    heads = [t] + [p for pr in t.children if pr.dep_ == "prep" and (
                        pr.lower_ == "of" or (pr.lower_ == "in" and (
                            t.ent_type_ == "MONEY" or t.lemma_.lower() in self.sums)))
                        for p in pr.children if p.dep_ == "pobj"]
                    # ... and what the object carries: "a plane with relief material", "ships
                    # carrying water" (what is sent is the cargo)
                    heads += [p for pr in t.children if pr.dep_ == "prep" and pr.lower_ == "with"
                              for p in pr.children if p.dep_ == "pobj"]
                    heads += [o for a in t.children if a.dep_ == "acl"
                              and a.lemma_.lower() in self.cargo for o in a.children
                              if o.dep_ in OBJ for o in _conjuncts(o)]
                    for h in heads:
                        out.add(h.lemma_.lower())
                        doc = h.doc
                        if h.i + 2 < len(doc) and doc[h.i + 1].text == "-" and not doc[
                                h.i + 1].whitespace_:
                            # "counter-measures", split by the tokenizer into three objects
                            out.add(f"{h.lower_}-{doc[h.i + 2].lemma_.lower()}")
                        for m in h.children:
                            if m.dep_ in ("compound", "amod"):
                                out.add(f"{m.lemma_.lower()} {h.lemma_.lower()}")
                            if m.dep_ == "compound":
                                out.add(m.lemma_.lower())  # "aid deliveries" -> aid
                        out.update(_compound_ngrams(h))
            if c.dep_ == "prep":
                for p in c.children:
                    if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME"):
                        out.add(p.lemma_.lower())  # not "held on 9-10 March": a date
                        if c.lower_ == "with":
                            # "sent a plane with relief material": the cargo's modifiers too
                            out.update(m.lemma_.lower() for m in p.children
                                       if m.dep_ == "compound")
            if c.dep_ not in OBJ or lemma not in self._classed:
                continue  # the object classes are looked up only for verbs that use them
            if any(self.res.state_of_place(t) is not None for t in _conjuncts(c)):
                out.add(PLACE_OBJECT)  # "struck Gaza", "hit Kyiv": the object is a place
            if any(self._armed(t) for t in _conjuncts(c)):
                out.add(ARMED_OBJECT)  # "struck Hamas", "hit the rebels": an armed actor
            if any(self._media(t) for t in _conjuncts(c)):
                out.add(MEDIA_OBJECT)  # "suspended the BBC": a news outlet
            if any(self._body(t) for t in _conjuncts(c)):
                out.add(BODY_OBJECT)  # "left ECOWAS": an intergovernmental body
        return out

    def _named(self, head: Token) -> list[_Name]:
        """The gazetteer entries the capitalised words of ``head``'s phrase name, with or
        without a leading "the" ("the White House", "ECOWAS": the tagger reads some acronyms
        as common nouns)."""
        toks = [t for t in self.res.phrase_tokens(head) if t.dep_ not in ("det", "poss", "case")]
        text = " ".join(t.text for t in toks if t.pos_ == "PROPN" or t.text[:1].isupper())
        if not text:
            return []
        return self.res.gaz.lookup(text) or self.res.gaz.lookup(f"the {text}")

    def _seat(self, head: Token) -> bool:
        """Whether ``head`` names a seat of government ("the White House", "the Kremlin"):
        after "at", for a peaceful act, the venue ("signed the accords at the White House")."""
        found = self._named(head)
        return bool(found) and found[0].kind == "seat"

    def _body(self, head: Token) -> bool:
        """Whether ``head`` names an intergovernmental body the gazetteer knows ("ECOWAS",
        "the International Criminal Court")."""
        return any(self.res.gaz.actors[n.actor_id].type in ("igo", "mission")
                   for n in self._named(head) if n.kind == "name")

    def _media(self, head: Token) -> bool:
        """Whether the noun phrase of ``head`` names a news outlet or journalists: a gazetteer
        name of the media sector ("the BBC", "Al Jazeera") or a media sector word."""
        word = self.res.gaz.sectors.get(head.lemma_.lower())
        media = self.res.gaz.sector_classes["media"]
        if word is not None and word.sector in media:
            return True
        return any(self.res.gaz.actors[n.actor_id].sector in media
                   for n in self._named(head) if n.kind == "name")

    def _armed(self, head: Token) -> bool:
        """Whether the noun phrase of ``head`` names an armed force or group ("Hamas", "the
        rebels", "Russian troops"): a gazetteer name or a sector word of an armed sector."""
        gaz = self.res.gaz
        word = gaz.sectors.get(head.lemma_.lower())
        armed = gaz.sector_classes["armed"]
        if word is not None and word.sector in armed and word.kind == "group":
            return True
        # ... or the name in apposition: "the armed group M23"
        names = [head, *(a for a in head.children if a.dep_ == "appos" and a.pos_ == "PROPN")]
        if head.lemma_.lower() in gaz.heads["carrier"]:
            # "hideouts of the Pakistani Taliban": the body the generic noun belongs to
            names += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"]
        for h in names:
            toks = [t for t in self.res.phrase_tokens(h) if t.dep_ not in ("det", "poss", "case")]
            propn = " ".join(t.text for t in toks if t.pos_ == "PROPN")
            # ... written as one word when the tokenizer split it ("al-Shabaab")
            written = "".join(t.text_with_ws for t in toks).strip() if toks else ""
            for text in dict.fromkeys(x for x in (propn, written) if x):
                if any(gaz.actors[n.actor_id].sector in armed
                       for n in gaz.lookup(text) if n.kind == "name"):
                    return True
        return False

    def objects_tokens(self, verb: Token) -> list[Token]:
        """The verb's object nouns (and their conjuncts)."""
        return [t for c in verb.children if c.dep_ in OBJ for t in _conjuncts(c)]

    def particles(self, verb: Token) -> set[str]:
        """Particles and prepositions on the verb ("call on", "step down": spaCy often tags the
        particle as an adverb)."""
        return {c.lower_ for c in verb.children if (c.dep_ in PREP | PRT | {"dative"}
                and not _dates_only(c))
                or (c.dep_ == "advmod" and c.lower_ in self.adverb_particles)}

    # ----------------------------------------------------------------- predicates
    def verb_entry(self, verb: Token) -> LexEntry | None:
        """The lexicon entry of a verb, matched once per token (rules ask again and again)."""
        if verb.i in self._verb_memo:
            return self._verb_memo[verb.i]
        lemma = verb.lemma_.lower()
        entry = None
        if lemma in self.conveys and any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
            # "flew water and tents to Tonga", "rushed troops to the border": with a load, a
            # verb of moving is one of sending, matched by send's lines that name the load
            preps, comps = self.particles(verb), self.complements(verb)
            # the first load named says what the sending is: "moved troops, tanks and
            # missiles to the border" is a deployment, not an arms transfer
            # (the load of a passive is its subject: "supplies were flown into Haiti")
            first = next(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))
            entry = self.lex.match_verb(CONVEYED_AS, preps, _noun_words(first), comps)
            if entry is None or not entry.objects:
                loads = self.objects(verb) | {w for c in _conjuncts(first)
                                              for w in _noun_words(c)}
                entry = self.lex.match_verb(CONVEYED_AS, preps, loads, comps)
            if entry is not None and not entry.objects:
                entry = None  # only a named load makes it a sending ("flew the plane home")
        if entry is None and lemma in self._verbs:
            entry = self.lex.match_verb(
                lemma, self.particles(verb), self.objects(verb), self.complements(verb)
            )
        if entry is not None and entry.cameo.startswith(VISIT_CODES):
            # "aircraft landed in Tonga carrying water and supplies": what the arrival
            # carries makes it a sending of that load
            loads = {w for c in verb.children if c.dep_ in ("advcl", "xcomp", "acl")
                     and c.lemma_.lower() in self.cargo for o in c.children if o.dep_ in OBJ
                     for x in _conjuncts(o) for w in _noun_words(x)}
            sent = self.lex.match_verb(CONVEYED_AS, (), loads, ()) if loads else None
            if sent is not None and sent.objects:
                entry = sent
            elif (lemma in self.conveys and not entry.objects
                  and any(c.dep_ in OBJ for c in verb.children)):
                # "flew the prisoners to Washington": who moves someone else does not visit
                entry = None
        self._verb_memo[verb.i] = entry
        return entry

    def demand_object(self, verb: Token) -> LexEntry | None:
        """The entry of an appeal or demand noun that is ``verb``'s object ("reiterated its
        demand", "renewed its call"), whose content the parser may hang on the verb."""
        for o in verb.children:
            if (o.dep_ in OBJ and (ne := self.noun_entry(o)) is not None
                    and ne.cameo.startswith(DEMAND_NOUN_ROOTS)):
                return ne
        return None

    def noun_entry(self, noun: Token) -> LexEntry | None:
        """The lexicon entry of an event noun; "hunger strike" (compound + noun) before "strike"."""
        for mod in noun.children:
            if mod.dep_ in ("compound", "amod") and mod.i == noun.i - 1:
                both = f"{mod.lower_} {noun.lemma_.lower()}"
                if both in self._nouns:
                    return self.lex.match_noun(both)
        lemma = noun.lemma_.lower()
        if lemma in self.res.gaz.heads.get("event-head", frozenset()):
            # "a mediation effort between A and B", "a peace mission": the modifier's event
            for mod in noun.children:
                if mod.dep_ == "compound" and mod.lemma_.lower() in self._nouns:
                    return self.lex.match_noun(mod.lemma_.lower())
        if lemma not in self._nouns and noun.lower_ not in self._nouns:
            return None
        preps = [c.lower_ for c in noun.children if c.dep_ == "prep"]
        for p in preps:
            entry = self.lex.match_noun(lemma, p) or self.lex.match_noun(noun.lower_, p)
            if entry is not None:
                return entry
        return self.lex.match_noun(lemma) or self.lex.match_noun(noun.lower_)


def predicates(doc: Doc | Span, finder: ClauseFinder) -> Iterator[tuple[Token, LexEntry, bool]]:
    """Yield (predicate token, lexicon entry, is_nominal) for every coded predicate."""
    for tok in doc:
        if tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass") and (
                gerund := finder.lex.match_noun(tok.lower_)) is not None:
            # "Fighting between the army and the RSF raged": the parser's gerund is the noun
            yield tok, gerund, True
            continue
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
            if _purpose_of_coded(tok, finder):
                continue  # "staged rallies to demand reforms": the aim of the rally, not news
            if (tok.dep_ in ("amod", "compound") and not _brokered_by_modifier(tok, finder)) or (
                tok.dep_ == "pcomp" and _in_background(tok, finder.background_preps)
            ):
                continue  # "alleged crimes", "because of fighting": a modifier, not an act
            entry = finder.verb_entry(tok)
            if entry is not None:
                yield tok, entry, False
        elif tok.pos_ == "NOUN" and tok.dep_ not in ("compound", "amod", "poss"):
            head = tok.head
            if tok.dep_ == "pobj" and head.dep_ == "prep":
                head = head.head  # "agreed upon a pact": the verb above the preposition
            if (
                tok.dep_ in OBJ | {"pobj", "attr"}
                and head.pos_ == "VERB"
                and (verb_line := finder.verb_entry(head)) is not None
                and (head.lemma_.lower() not in finder.light
                     or (_names_noun(verb_line, tok) and _other_root(verb_line, tok, finder)))
            ):
                # "condemned the violence": the verb's event already covers it; so does a
                # light verb's line that names the noun as an act of another root ("held
                # joint exercises": 062, not also the exercises as a deployment, 150)
                continue
            if _in_background(tok, finder.background_preps) and _claim_verb(tok, finder) is None:
                continue  # "after days of fighting", "since the invasion": context, not news
            entry = finder.noun_entry(tok)
            if entry is not None:
                yield tok, entry, True




def _in_background(noun: Token, background_preps: frozenset[str]) -> bool:
    """True for an event noun inside a temporal or circumstantial phrase ("after the attack")."""
    t = noun
    while t.dep_ in ("pobj", "pcomp", "conj", "compound", "prep") and t.head.i != t.i:
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in background_preps:
            return True
        t = t.head
    return noun.dep_ in ("npadvmod", "appos")


def _dates_only(prep: Token) -> bool:
    """Whether a preposition's objects are all dates ("on Sunday"): no particle of the verb
    ("called up reservists on Sunday" is no "called on")."""
    objs = [p for p in prep.children if p.dep_ == "pobj"]
    return prep.dep_ == "prep" and bool(objs) and all(
        p.ent_type_ in ("DATE", "TIME") for p in objs)


def _takes_effect_now(pred: Token, finder: ClauseFinder) -> bool:
    """Whether the act agreed by ``pred`` takes effect at once: a word of clause-words kind
    in-effect modifies the verb, its object or complement ("agreed to an immediate ceasefire",
    "agreed to stop fighting immediately", "with immediate effect")."""
    scope = [pred, *(c for c in pred.children if c.dep_ in OBJ | {"xcomp", "prep", "advmod"})]
    for head in scope:
        for t in head.subtree if head.i != pred.i else head.children:
            # (also a coordinated modifier: "a full and immediate ceasefire")
            if t.lower_ in finder.in_effect and (t.dep_ in ("amod", "advmod") or (
                    t.dep_ == "conj" and t.head.dep_ in ("amod", "advmod"))):
                return True
    return False


def _finite_governor(verb: Token) -> Token | None:
    """The finite verb a finite ``verb`` really coordinates with when the parser hung it on an
    infinitive below that verb ("rejected the junta's plan to stay in power and imposed
    sanctions": imposed goes with rejected, not with stay), else None."""
    head = verb.head
    # (a bare past participle too: the tagger often reads "and imposed sanctions" as one)
    finite = verb.tag_ in ("VBD", "VBZ") or (
        verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children))
    if not (verb.dep_ == "conj" and finite and head.tag_ == "VB"
            and head.dep_ in ("acl", "xcomp", "advcl") and head.head.i != head.i
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)):
        return None
    main = head.head
    while main.pos_ not in ("VERB", "AUX") and main.head.i != main.i:
        main = main.head
    return main if main.pos_ in ("VERB", "AUX") and main.i != verb.i else None


def _purpose_of_coded(verb: Token, finder: ClauseFinder) -> bool:
    """True for "to X" purpose clauses hanging from another coded predicate or its object
    ("staged rallies to demand reforms"), also through "help" ("deployed troops to help fight
    the insurgents") and from the coded verb a governing verb takes ("began deploying troops to
    ...")."""
    if (verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in finder.helping
            and verb.head.i != verb.i):
        verb = verb.head  # "to help fight X", "to help Haiti fight X": the purpose is the help
    if verb.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in verb.children):
        return False
    head = verb.head
    for h in (head, *(x for x in head.children if x.dep_ == "xcomp" and x.pos_ == "VERB")):
        if h.pos_ == "VERB" and finder.verb_entry(h) is not None:
            return True
    return any(c.dep_ in OBJ and finder.noun_entry(c) is not None for c in head.children)


def _speaker_of(sent: Span, finder: ClauseFinder, ctx: ArticleContext) -> Actor | None:
    """The speaker of a sentence of reported speech ("..., the document reads")."""
    for tok in sent:
        if tok.lemma_.lower() not in finder.speech or tok.pos_ not in ("VERB", "AUX"):
            continue
        subj = _children(tok, SUBJ)
        if subj:
            # noted as a mention: "leaders said they would boycott" -> "they" = the leaders
            actors = finder.res.resolve(_nominal_subject(subj[0]), ctx, as_speaker=True)
            if actors:
                return actors[0]
        # "it was stated in the communique": the document's author
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "by"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        actors = finder.res.resolve(p, ctx, as_speaker=True, note=False)
                        if actors:
                            return actors[0]
    return None


_QUOTE = re.compile(r'"[^"\n]{2,2000}?"|\u201c[^\u201d]{2,2000}?\u201d', re.DOTALL)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quotations of a text (straight or curly double quotes)."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def _quote_speaker(
    quote: tuple[int, int], sents: list[Span], finder: ClauseFinder, ctx: ArticleContext
) -> Actor | None:
    """The speaker of a quotation: the attribution in the sentence where it closes, or in the
    sentence right before it opens ("The ministry said: ...")."""
    for i, sent in enumerate(sents):
        if sent.start_char < quote[1] <= sent.end_char + 1:
            found = _speaker_of(sent, finder, ctx)
            if found is None and i + 1 < len(sents):
                nxt = sents[i + 1]
                if nxt.start_char - quote[1] < 3:
                    found = _speaker_of(nxt, finder, ctx)
            if found is not None:
                return found
        if sent.end_char <= quote[0] and quote[0] - sent.end_char < 3:
            found = _speaker_of(sent, finder, ctx)
            if found is not None:
                return found
    return None


def _intent(entry_code: str, lex: Lexicon) -> str | None:
    """The CAMEO intent code (03x) of a cooperative act announced for the future."""
    for prefix, code in INTENT_OF_CODE.items():
        if entry_code.startswith(prefix):
            return code
    root = entry_code[:2]
    intent = INTENT_OF_ROOT.get(root)
    return intent if intent and intent in lex.codes() else None


_DEONTIC_ENTRY = LexEntry(cameo="100", lemma="must", prep=None, objects=frozenset(),
                          complements=frozenset(), kind="verb", line="(rule: X said Y must)")


def _governors(verb: Token) -> Iterator[Token]:
    """The verbs a predicate's clause hangs from (complements, coordination, purpose)."""
    t = verb
    while t.dep_ in ("xcomp", "ccomp", "conj", "advcl", "acomp") and t.head.i != t.i:
        t = t.head
        yield t


def _is_symmetric(code: str) -> bool:
    return code.startswith(SYMMETRIC_PREFIXES)


def _clause_penalty(pred: Token, finder: ClauseFinder) -> float:
    """How far a predicate sits from the sentence's news: 0 for the main clause or what a
    speaker said; more for adverbial, relative and coordinated clauses and deep nesting
    ("..., after rebels overran the town", "the talks which collapsed")."""
    penalty = 0.0
    t, depth = pred, 0
    while t.dep_ != "ROOT" and t.head.i != t.i:
        if t.dep_ == "relcl" and t.head.pos_ == "NOUN" and finder.noun_entry(t.head) is not None:
            pass  # "attacks in which soldiers were hurt": the clause tells the event noun's news
        elif t.dep_ in ("advcl", "relcl", "acl"):
            penalty += 0.15
        elif t.dep_ == "conj":
            penalty += 0.05
        if not (t.dep_ == "ccomp" and t.head.lemma_.lower() in finder.speech):
            depth += 1
        t = t.head
    return min(0.3, penalty + 0.05 * max(0, depth - 1))


def _adjectival_passive(verb: Token) -> Token | None:
    """The patient of a participle the parser hung on the copula with its agent: "protesters
    were tear-gassed by police" (gassed: acomp of were, by police: agent) is a passive whose
    patient is the copula's subject. None for any other verb."""
    if (verb.dep_ != "acomp" or verb.tag_ != "VBN" or verb.head.lemma_ != "be"
            or not any(c.dep_ == "agent" for c in verb.children)):
        return None
    subj = _children(verb.head, SUBJ)
    return subj[0] if subj else None


def _signals(
    entry: LexEntry, nominal: bool, via_coref: bool, clause: float = 0.0,
) -> tuple[tuple[str, float], ...]:
    """What the clause rules know of an event that its record does not say: the inputs of the
    learned confidence model besides the record itself (graph/extract/calibrate.py)."""
    specific = sum(bool(x) for x in (entry.preps, entry.objects, entry.complements))
    return (("specific", float(min(specific, 2))), ("nominal", float(nominal)),
            ("coref", float(via_coref)), ("clause", clause))


def _confidence(
    source: Actor, target: Actor | None, entry: LexEntry, nominal: bool, via_coref: bool,
    clause: float = 0.0,
) -> float:
    """A score in [0, 1] that tracks how often such an event is right.

    The weights follow what the gold-set review measured (bench/RESULTS.md): events between
    two gazetteer actors are right most often; events with no target, with a doer outside the
    gazetteer, found through coreference or from an event noun, much less often. Events under
    0.5 are the ones a cautious user filters out (``--min-confidence``).
    """
    c = 0.5
    if source.id == UNKNOWN_ACTOR.id:
        c -= 0.35
    elif source.sector == "UAF" and source.label.startswith(UNIDENTIFIED_FORCE.label):
        c -= 0.1  # an unnamed armed force placed by where it struck (not "gunmen" the text names)
    elif source.in_gazetteer:
        c += 0.15
    elif not (source.country or source.cameo):
        c -= 0.25  # nothing places the doer: no state, no body, no code
    elif source.type != "person":
        c -= 0.15  # a body outside the gazetteer
    if target is None:
        # yielding (resigning, withdrawing, surrendering) and shows of force (alerts, drills,
        # tests) often have no one they are aimed at; other acts without a target most often
        # lost it
        if not entry.cameo.startswith(TARGETLESS_CODES):
            c -= 0.15 if entry.cameo[:2] in UNDIRECTED_ROOTS else 0.25
    elif target.in_gazetteer:
        c += 0.15
    elif not (target.country or target.cameo):
        c -= 0.25
    specific = sum(bool(x) for x in (entry.preps, entry.objects, entry.complements))
    c += 0.05 * min(specific, 2)
    c -= 0.1 if nominal else 0.0
    c -= 0.1 if via_coref else 0.0
    c -= clause
    return round(max(0.05, min(0.95, c)), 3)


def extract_events(
    doc: Doc,
    article: Article,
    lexicon: Lexicon,
    resolver: ActorResolver,
    *,
    include: tuple[str, ...] = ("asserted",),
) -> list[Event]:
    """Return the events of one parsed article (``doc.text`` as long as ``article.text``).

    ``include`` lists the modalities kept (all of :data:`graph.model.MODALITIES` to keep
    negated, future, hypothetical and requested mentions too).
    """
    finder = ClauseFinder(lexicon, resolver)
    anchor = dates.parse_anchor(article.published)
    ctx = ArticleContext(when=anchor.date() if anchor else None)
    # the article's events so far, in order; the rules of later predicates read them as they
    # grow ("the decision" recalls an earlier act)
    events = ctx.acts

    def score(source: Actor, target: Actor | None, line: LexEntry) -> float:
        return _confidence(source, target, line, False, False)
    sents = list(doc.sents)
    quotes = _quote_spans(doc.text)
    quote_speakers: dict[tuple[int, int], Actor | None] = {}
    protest_words = resolver.gaz.heads.get("crowd", frozenset()) | lexicon.words("protest")
    for sent in sents:
        # every gazetteer name counts as a mention, so "the Alliance" and "they" resolve
        named, named_states = resolver.sentence_names(sent)
        for idx, actor in named:
            ctx.note(idx, actor, resolver.gaz)
        by_index = dict(named)
        for idx, actor in named:
            # "Serbia and Kosovo": a pair that "both sides" may later stand for
            for c in doc[idx].children:
                other = by_index.get(c.i)
                if c.dep_ == "conj" and other is not None and other.id != actor.id:
                    ctx.pairs.append((actor, other))
        for iso in named_states:
            ctx.note_country(iso)
        speaker = _speaker_of(sent, finder, ctx)
        quote = next((q for q in quotes if q[0] <= sent.start_char < q[1]
                      or sent.start_char <= q[0] < sent.end_char), None)
        if speaker is None and quote is not None:
            # inside a quote whose attribution comes later ("...," the document says.)
            if quote not in quote_speakers:
                quote_speakers[quote] = _quote_speaker(quote, sents, finder, ctx)
            speaker = quote_speakers[quote]
        start = len(events)
        for pred, entry, nominal in predicates(sent, finder):
            told = list(_events_of(pred, entry, nominal, sent, article, anchor, finder, ctx,
                                   speaker))
            events.extend(told)
            # "Yoon held talks with Kishida ...; the two leaders agreed": who met are a pair
            # (only an act between exactly two: "hosted A and B" leaves the pair A and B)
            met = next((e for e in told if e.target is not None and e.source.id != e.target.id
                        and e.action.cameo.startswith(PAIRING_CODES)), None)
            # (of two states' sides: a body meeting one side makes no pair of "both sides")
            if met is not None and met.target is not None and len(
                    {a.id for e in told for a in (e.source, e.target) if a is not None}) == 2 \
                    and met.source.country and met.target.country \
                    and met.source.country != met.target.country:
                ctx.pairs.append((met.source, met.target))
        events.extend(_deontic_requests(sent, article, anchor, finder, ctx, speaker))
        events.extend(_helped(sent, article, anchor, finder, ctx, speaker))
        events.extend(_said_behind(sent, article, anchor, finder, ctx, speaker))
        events.extend(list(discourse.repeated_acts(
            sent, events, finder.repeats,
            lambda v, who=speaker: [a for t in finder.subject_tokens(v)[0]
                                    for c in _conjuncts(t)
                                    for a in finder.res.resolve(c, ctx, speaker=who)],
            anchor, _tense, _clause_text)))
        # the sentence-level rules rewrite this sentence's events in place
        found = discourse.conceded_to(
            events[start:], sent, conceding=CONCEDED_TO_CODES, protest_words=protest_words,
            civilians=lambda iso: resolver.gaz.composite(iso, "CVL")
            if iso in resolver.gaz.actors else None, confidence=score)
        found = discourse.mediated_parties(
            found, sent, mediation=MEDIATION, mediated=MEDIATED_CODES, one_way=finder.one_way,
            confidence=score)
        events[start:] = found
        # (then over the article: a reaction answers an act of an earlier sentence too)
        found = discourse.answered_acts(events, start, sent, cues=finder.answers,
                                        answering=ANSWER_CODES,
                                        unidentified=UNIDENTIFIED_FORCE.sector, confidence=score)
        events[start:] = [ev if ev.cluster_id else replace(ev, cluster_id=cluster_key(ev))
                          for ev in found]
        # "..., and al-Shabaab claimed the attack": the claimer did the attack of no known doer
        discourse.claimed_acts(
            events, start, sent, claim_verbs=finder.claim, claim_nouns=finder.claim_noun,
            recalls_attack=lambda n: (e := finder.noun_entry(n)) is not None
            and e.cameo.startswith(VIOLENCE_ROOTS) and any(
                (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss"
                for c in n.children),
            violent_roots=VIOLENCE_ROOTS, unidentified=UNIDENTIFIED_FORCE.sector,
            doers=lambda v, who=speaker: [a for t in finder.subject_tokens(v)[0]
                                          for c in _conjuncts(t)
                                          for a in finder.res.resolve(c, ctx, speaker=who)],
            rekey=lambda ev: replace(ev, cluster_id=cluster_key(ev)))
    return _dedupe([ev for ev in events if ev.modality in include])


def _action(info: CodeInfo, text: str) -> Action:
    """The action of an event: its CAMEO code's facts and the predicate's words."""
    return Action(text=text, cameo=info.code, plover=info.plover, quad_class=info.quad_class,
                  goldstein=info.goldstein, name=info.name)


_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})


def _deontic_requests(
    sent: Span,
    article: Article,
    anchor: datetime | None,
    finder: ClauseFinder,
    ctx: ArticleContext,
    speaker: Actor | None,
) -> Iterator[Event]:
    """ "X said (that) Y must/should do Z" is a demand of X on Y (CAMEO 100, PLOVER REQUEST)."""
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in ("ccomp", "acl"):
            continue
        head = tok.head
        if tok.dep_ == "acl":
            # "reiterated its demand that Y Z": the clause hangs on the demand noun
            ne = finder.noun_entry(head) if head.pos_ == "NOUN" else None
            if (ne is None or not ne.cameo.startswith(DEMAND_NOUN_ROOTS) or head.dep_ not in OBJ
                    or not any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)):
                continue
            head = head.head
            if head.pos_ not in ("VERB", "AUX"):
                continue
        deontic = any(c.dep_ in AUX and c.lower_ in DEONTIC_AUX for c in tok.children)
        said = head.lemma_.lower() in finder.speech | finder.demand_speech
        # "X said Y must Z"; "X reiterated its demand that Y Z" (the content hangs on the verb)
        demand_noun = next((o for o in head.children if o.dep_ in OBJ
                            and (ne := finder.noun_entry(o)) is not None
                            and ne.cameo.startswith(DEMAND_NOUN_ROOTS)), None)
        if not ((deontic and said) or demand_noun is not None):
            continue
        # the demand is its owner's ("rejected the UN demand that ...", "Ukraine's demand");
        # one who rejects or ignores a demand does not make it
        owner = [c for c in demand_noun.children if c.dep_ in ("poss", "compound", "amod")
                 and c.lower_ not in _POSSESSIVE_PRONOUNS] if demand_noun is not None else []
        head_entry = finder.verb_entry(head)
        if head_entry is not None and head_entry.cameo.startswith(ANSWER_TO_DEMAND_ROOTS):
            continue  # "rejected the UN demand that ...": the rejection is the news
        if owner and demand_noun is not None:
            sources = finder.res.resolve_loose(demand_noun, ctx)
        else:
            subj = _children(head, SUBJ)
            sources = (finder.res.resolve(_nominal_subject(subj[0]), ctx, as_speaker=True)
                       if subj else []) or ([speaker] if speaker else [])
        tsubj = _children(tok, SUBJ)
        targets = finder.res.resolve(tsubj[0], ctx, speaker=sources[0] if sources else None) \
            if tsubj else []
        info = finder.lex.codes().get("100")
        if not sources or not targets or info is None:
            continue
        action = _action(info, f"{head.text} ... {tok.text}")
        rel = head.idx - sent.start_char
        time = dates.event_time(_clause_text(head, sent), (rel, rel + len(head.text)), anchor,
                                _tense(head), offset=sent.start_char)
        for s_ in sources:
            for t_ in targets:
                if s_.id == t_.id:
                    continue
                ev = Event(doc_id=article.id, source=s_, target=t_, action=action,
                           sentence=article.text[sent.start_char:sent.end_char],
                           char_start=sent.start_char,
                           char_end=sent.end_char, time=time, reported=article.published,
                           modality=finder.modality(head),
                           confidence=_confidence(s_, t_, _DEONTIC_ENTRY, False, False),
                           signals=_signals(_DEONTIC_ENTRY, False, False),
                           evidence=(head.idx, head.idx + len(head.text)))
                yield replace(ev, cluster_id=cluster_key(ev))


def _rule_event(article: Article, sent: Span, source: Actor, target: Actor, action: Action,
                time: TimeValue | None, modality: str, entry: LexEntry, evidence: Token, *,
                nominal: bool) -> Event:
    """An event a sentence-level rule makes (not one predicate's): scored by its rule entry,
    its evidence the word that tells it."""
    ev = Event(doc_id=article.id, source=source, target=target, action=action,
               sentence=article.text[sent.start_char:sent.end_char],
               char_start=sent.start_char, char_end=sent.end_char, time=time,
               reported=article.published, modality=modality,
               confidence=_confidence(source, target, entry, nominal, False),
               signals=_signals(entry, nominal, False),
               evidence=(evidence.idx, evidence.idx + len(evidence.text)))
    return replace(ev, cluster_id=cluster_key(ev))


_HELP_ENTRY = LexEntry(cameo="070", lemma="help", prep="with", objects=frozenset(),
                       complements=frozenset(), kind="noun", line="(rule: with help from X)")


def _helped(
    sent: Span,
    article: Article,
    anchor: datetime | None,
    finder: ClauseFinder,
    ctx: ArticleContext,
    speaker: Actor | None,
) -> Iterator[Event]:
    """ "Y did Z with help from X" / "with the support of X": X aided Y (CAMEO 070), whatever Z
    is ("intercepted by Israel with help from the United States, Britain and Jordan")."""
    info = finder.lex.codes().get("070")
    if info is None:
        return
    for noun in sent:
        if (noun.lemma_.lower() not in finder.help_nouns or noun.dep_ != "pobj"
                or noun.head.lower_ != "with" or noun.head.dep_ != "prep"):
            continue
        givers = [x for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
                  for p in c.children if p.dep_ == "pobj" for x in _conjuncts(p)]
        givers += [c for c in noun.children if c.dep_ == "poss"]
        host = noun.head.head
        if host.pos_ in ("VERB", "AUX"):
            takers = finder.subject_tokens(host)[0]
        elif host.pos_ in ("NOUN", "PROPN"):
            takers = [host]  # "Kenyan police, with support from the UN, began patrols"
        else:
            continue
        helpers = {a.id: a for g in givers for a in finder.res.resolve_loose(g, ctx,
                                                                             speaker=speaker)}
        helped = {a.id: a for t in takers for c in _conjuncts(t)
                  for a in finder.res.resolve(c, ctx, speaker=speaker)}
        if not helpers or not helped:
            continue
        action = _action(info, noun.text)
        rel = host.idx - sent.start_char
        time = dates.event_time(_clause_text(host, sent), (rel, rel + len(host.text)), anchor,
                                _tense(host), offset=sent.start_char)
        for giver in helpers.values():
            for taker in helped.values():
                if giver.id == taker.id or (giver.country and giver.country == taker.country):
                    continue
                yield _rule_event(article, sent, giver, taker, action, time,
                                  finder.modality(host) if host.pos_ in ("VERB", "AUX")
                                  else "asserted", _HELP_ENTRY, noun, nominal=True)


_BLAME_ENTRY = LexEntry(cameo="112", lemma="be", prep="behind", objects=frozenset(),
                        complements=frozenset(), kind="verb",
                        line="(rule: a speaker says X was behind an act)")


def _said_behind(
    sent: Span,
    article: Article,
    anchor: datetime | None,
    finder: ClauseFinder,
    ctx: ArticleContext,
    speaker: Actor | None,
) -> Iterator[Event]:
    """ "Kyiv said Russia was behind the attack", "officials said the cartel was responsible
    for the bombing": the speaker accuses the one it names (CAMEO 112)."""
    info = finder.lex.codes().get(_BLAME_ENTRY.cameo)
    if info is None:
        return
    for verb in sent:
        if verb.lemma_.lower() not in finder.speech or verb.pos_ not in ("VERB", "AUX"):
            continue
        for said in verb.children:
            if said.dep_ != "ccomp" or said.lemma_.lower() != "be" or any(
                    c.dep_ == "neg" for c in said.children):
                continue
            blamed = any(c.dep_ == "prep" and c.lower_ == "behind" for c in said.children) or any(
                c.dep_ == "acomp" and c.lemma_.lower() == "responsible" for c in said.children)
            if not blamed:
                continue
            speakers = {a.id: a for t in finder.subject_tokens(verb)[0] for c in _conjuncts(t)
                        for a in finder.res.resolve(c, ctx, speaker=speaker)}
            accused = {a.id: a for t in _children(said, SUBJ) for c in _conjuncts(t)
                       for a in finder.res.resolve_loose(c, ctx, speaker=speaker)}
            rel = verb.idx - sent.start_char
            time = dates.event_time(_clause_text(verb, sent), (rel, rel + len(verb.text)),
                                    anchor, _tense(verb), offset=sent.start_char)
            action = _action(info, said.text)
            for who in speakers.values():
                for whom in accused.values():
                    if who.id == whom.id or whom.id == UNKNOWN_ACTOR.id:
                        continue
                    yield _rule_event(article, sent, who, whom, action, time,
                                      finder.modality(verb), _BLAME_ENTRY, said, nominal=False)


def _dedupe(events: list[Event]) -> list[Event]:
    """Drop events that repeat another of the same sentence with the same actors and type."""
    best: dict[tuple[int, str, str, str, str], Event] = {}
    for ev in events:
        key = (ev.char_start, ev.source.id, ev.target.id if ev.target else "",
               ev.action.plover or ev.action.cameo, ev.modality)
        old = best.get(key)
        if old is None or ev.confidence > old.confidence:
            best[key] = ev
    # ... and a targetless event when the same act of the same doer has a target in the same
    # sentence ("carried out air strikes on Aleppo": the light verb and the noun tell one act)
    aimed = {k[:2] + k[3:] for k in best if k[2]}
    kept = [ev for k, ev in best.items() if k[2] or k[:2] + k[3:] not in aimed]
    return sorted(kept, key=lambda e: (e.char_start, e.evidence or (0, 0)))


def _events_of(
    pred: Token,
    entry: LexEntry,
    nominal: bool,
    sent: Span,
    article: Article,
    anchor: datetime | None,
    finder: ClauseFinder,
    ctx: ArticleContext,
    speaker: Actor | None,
) -> Iterator[Event]:
    res = finder.res
    lex = finder.lex
    if entry.cameo == "010":
        return  # "said": the attribution of what follows, not an event of its own
    verb = pred if not nominal else _clause_root(pred)
    modality = finder.modality(verb) if not nominal or verb.i != pred.i else "asserted"
    tense = _tense(verb)
    via_coref = False
    sources: list[Actor] = []
    targets: list[Actor | None] = []
    code = entry.cameo

    def actors_of(tokens: list[Token], loose: bool = False) -> list[Actor]:
        nonlocal via_coref
        out: list[Actor] = []
        for t in tokens:
            for c in _conjuncts(t):
                found = (res.resolve_loose(c, ctx, speaker=speaker) if loose
                         else res.resolve(c, ctx, speaker=speaker))
                said = _speech_subject(c, finder) if c.pos_ == "PRON" else None
                spoken = res.resolve(said, ctx, speaker=speaker, note=False) if (
                    said is not None and said.pos_ != "PRON"
                    and c.lower_ not in FIRST_PERSON) else []
                if spoken:
                    # "Beijing said it lodged a protest", "Kenya's prime minister said she would
                    # step down": the pronoun opening what a speaker says is the speaker
                    found = spoken
                elif found and c.pos_ == "PRON":
                    via_coref = True
                out.extend(found)
        uniq = list(dict.fromkeys(out))
        if len(uniq) == 2:
            ctx.pairs.append((uniq[0], uniq[1]))
        return uniq

    subj_toks: list[Token] = []
    passive = False
    if nominal:
        sources, targets, code = _nominal_arguments(pred, entry, finder, actors_of)
        if not sources:
            return
    else:
        subj_toks, passive = finder.subject_tokens(pred)
        if entry.kind == "undergo":
            # "NATO soldiers suffered injuries": the subject was attacked by someone unnamed
            targets = list(actors_of(subj_toks))
            if not targets:
                return
            # ... unless a "from"/"by" phrase names who did it ("drew condemnation from the UN",
            # "faced criticism by rights groups")
            heads = [pred, *(o for o in pred.children if o.dep_ in OBJ)]
            named = [p for h in heads for c in h.children if c.dep_ in ("prep", "agent")
                     and c.lower_ in ("from", "by") for p in c.children if p.dep_ == "pobj"]
            tgt_ids = {t.id for t in targets if t is not None}
            sources = [a for a in actors_of(named, loose=True)
                       if a.id not in tgt_ids] or [UNKNOWN_ACTOR]
        else:
            sources = actors_of(subj_toks)
            if not sources and passive and subj_toks:
                # an agent phrase names its doer plainly ("hosted by the EU's foreign policy
                # chief"): read it as loosely as an object
                sources = actors_of(subj_toks, loose=True)
            named_subject = any(t.pos_ == "PROPN" or t.ent_type_ for s_ in subj_toks
                                for t in s_.subtree)
            if not sources and not named_subject and speaker is not None and code.startswith(
                SPEAKER_ACT_ROOTS) and not passive:
                sources = [speaker]  # a subject-less verbal act in reported speech
                via_coref = True
            if not sources:
                # (and forces deployed: "troops were deployed in Manipur", see below)
                if passive and (code[:2] in AGENTLESS_ROOTS or code[:2] == "15") and (
                        pred.dep_ in ("ROOT", "conj")
                        or (pred.dep_ == "ccomp" and pred.head.lemma_.lower() in finder.speech)):
                    # "three officers were detained": a victim, in a main clause or the one a
                    # speaker reports ("..., police said"), not "the town where 20 people were
                    # killed last year"
                    sources = [UNKNOWN_ACTOR]
                elif code[:2] in VIOLENCE_ROOTS and any(
                    (ne := finder.noun_entry(t)) is not None and ne.cameo[:2] in VIOLENCE_ROOTS
                    for t in subj_toks
                ):
                    # "US drone strikes killed ...": the doer of the violence the subject names;
                    # "a roadside bombing killed two soldiers": a doer the text does not name
                    sources = [a for t in subj_toks
                               for a in _doers_of_noun(t, finder, actors_of)] or [UNKNOWN_ACTOR]
                else:
                    return
            targets = _targets(pred, entry, finder, sources, actors_of) or [None]
            if code[:2] == "15" and passive and all(s.id == UNKNOWN_ACTOR.id for s in sources):
                # "thousands of troops were deployed in Manipur": the forces deployed show the
                # force (their own state's), aimed at no one named
                moved = [a for a in actors_of(_children(pred, SUBJ_PASS)) if a.type != "person"
                         and a.sector in res.gaz.sector_classes["forces"]]
                if moved:
                    sources, targets = moved, [None]
            patients = finder.patient_tokens(pred, entry) if code.startswith(
                REACTION_CODES) else []
            if any(p.pos_ == "PRON" and p.lower_ in _ACT_PRONOUNS for p in patients):
                # "the Kremlin called it a provocation": "it" is the act, not a place or a
                # people the pronoun might also be read as
                targets = _doers_recalled(patients, sources, finder, ctx) or [
                    t for t in targets if t is not None
                    and home_of(t) not in {home_of(s) for s in sources}] or [None]
            if code.startswith(CAPTOR_CODES):
                targets = [_captor_of(t, sources, ctx) for t in targets]
            if all(t is None for t in targets) and code.startswith(REACTION_CODES):
                # "the Kremlin called the decision null and void", "NATO welcomed the move":
                # aimed at whoever did the act the definite noun recalls
                targets = _doers_recalled(finder.patient_tokens(pred, entry), sources, finder,
                                          ctx) or targets
    if all(s.id == UNKNOWN_ACTOR.id for s in sources) and all(t is None for t in targets):
        return
    if all(s.id == UNKNOWN_ACTOR.id for s in sources) and any(
        t.lemma_.lower() in res.gaz.heads.get("disaster", frozenset()) for t in pred.subtree
    ):
        return  # "killed in an earthquake", "died in a road accident": no one did it
    if code.startswith(CONTEST_CODES) and _is_sport(sent, res):
        return  # "Morocco beat Portugal 1-0 to reach the semi-final": a match, not an attack
    recalled_home: str | None = None
    if code[:2] in VIOLENCE_ROOTS and not nominal and not passive and all(
            s.id == UNKNOWN_ACTOR.id for s in sources):
        # "US jets struck Houthi targets, and the rebels said the strikes had killed five
        # civilians": the act the definite subject recalls did it, where that act was aimed
        doers = _doers_recalled(subj_toks, [], finder, ctx)
        if doers:
            sources = doers
            ids = {a.id for a in doers}
            recalled_home = next((home_of(e.target) for e in reversed(ctx.acts)
                                  if e.source.id in ids and e.target is not None
                                  and home_of(e.target) in res.gaz.actors), None)
    if code[:2] in VIOLENCE_ROOTS and all(s.id == UNKNOWN_ACTOR.id for s in sources):
        # "three soldiers were killed by a roadside bomb near Samarra": an unidentified armed
        # force of the state where it happened (CAMEO's UAF)
        where = _place_of_act([pred, verb, *subj_toks], res, ctx, nested_places=True)
        if where is None:
            # "condemned the violence in northern Kosovo and the attacks in which soldiers
            # were hurt": the one state the sentence's locative phrases name
            placed = {st.id: st for t in sent if t.dep_ == "pobj" and t.head.dep_ == "prep"
                      and t.head.lower_ in LOCATIVE_PREPS
                      and (st := res.state_of_place(t)) is not None}
            where = next(iter(placed.values())) if len(placed) == 1 else None
        if where is not None:
            sources = [res.gaz.composite(where.id, UNIDENTIFIED_FORCE)]
    if code.startswith(FROM_DOER_CODES) and passive and all(
            s.id == UNKNOWN_ACTOR.id for s in sources):
        # "two Chinese nationals were expelled from the Philippines": the state they were
        # expelled from did it
        expeller = next((st for c in pred.children if c.dep_ == "prep" and c.lower_ == "from"
                         for p in c.children if p.dep_ == "pobj"
                         and (st := res.state_of_place(p)) is not None), None)
        if expeller is not None:
            sources = [res.gaz.composite(expeller.id, "GOV")]
    if code.startswith(POLICE_DOER_CODES) and all(s.id == UNKNOWN_ACTOR.id for s in sources):
        # "opposition leader X was arrested in Dakar": the police of the state where it
        # happened, else of the one arrested
        where = _locative_place(pred, res, ctx) or next(
            (res.gaz.actors.get(t.country) for t in targets
             if t is not None and t.country and t.country in res.gaz.actors), None)
        # (only of people: an arrest whose "target" is a bare state was misread)
        if where is not None and where.type == "state" and all(
                t is not None and t.type != "state" for t in targets):
            sources = [res.gaz.composite(where.id, "COP")]
    forces = res.gaz.sector_classes["forces"]
    by_forces = bool(sources) and all(s.type != "person" and s.sector in forces for s in sources)
    if code in FORCES_PROTEST and by_forces:
        code = FORCES_PROTEST[code]  # "police blocked roads with shipping containers"
    if code in FORCES_VISIT and any(t.lemma_.lower() in res.gaz.heads["weapon"]
                                    for t in subj_toks):
        return  # "a missile landed in a village": no visit, and no doer named
    if code in FORCES_VISIT and by_forces:
        # "Kenyan police officers arrived in Haiti to help ...": forces do not visit
        help_line = finder.lex.match_verb(CONVEYED_AS, (), {"troop"}, finder.complements(pred))
        # ... and forces arriving with relief ("military planes landed in Tonga with water")
        # bring the aid their cargo is
        cargo = [c for c in pred.children if c.dep_ == "prep" and c.lower_ == "with"]
        cargo_line = finder.lex.match_verb(
            CONVEYED_AS, (), {p.lemma_.lower() for c in cargo for p in c.subtree
                              if p.pos_ == "NOUN"}, set()) if cargo else None
        code = help_line.cameo if help_line is not None and help_line.cameo.startswith(
            "074") else cargo_line.cameo if cargo_line is not None and cargo_line.cameo[:2] == (
            "07") and cargo_line.objects else FORCES_VISIT[code]
    if code in JOINT_OF and all(t is None for t in targets) and len(
            {home_of(s) for s in sources}) >= 2:
        # "American and Filipino troops began their annual exercises": forces of several states
        # drilling together cooperate with each other
        code = JOINT_OF[code]
    requesters = _requesters(pred, finder, ctx, speaker)
    if requesters:
        # (who asked is no second target when the act names its own)
        asked_ids = {a.id for a in requesters}
        targets = [t for t in targets if t is None or t.id not in asked_ids] or targets
    if requesters and code[:2] == "15" and all(
            t is None or t.type in ("state", "government") or t.sector == "GOV" for t in targets):
        # "sent police and soldiers to Honiara at the request of its government": forces sent
        # where they are asked for come to help (CAMEO 074)
        code = "074"
    crowd = res.gaz.heads.get("crowd", frozenset())
    if code[:2] in CROWD_OF_ROOT and subj_toks and not passive and all(
            t.lemma_.lower() in crowd for t in subj_toks):
        # "protesters stormed the mayor's office": a violent protest, not an armed attack
        code = CROWD_OF_ROOT[code[:2]]
    own_states = {a.country for a in sources if a.country}
    if code.startswith(FOREIGN_TARGET_CODES) and sources and all(
            s.type in ("state", "government") for s in sources):
        # "the US imposed sanctions on 500 people and companies": not on its own people
        targets = [t for t in targets if t is None or not (
            t.sector in ("CVL", "BUS") and t.country in own_states)] or [None]
    if code[:2] in AGENTLESS_ROOTS and all(
        t is None or (t.sector == "CVL" and t.country in own_states) for t in targets
    ):
        # "killed 20 people in Juba", "arrested two men": unnamed people are civilians of the
        # state it happened in, else of the doer's state
        people = res.gaz.heads.get("people", frozenset())
        hit = (subj_toks if entry.kind == "undergo" or passive
               else finder.patient_tokens(pred, entry)) if not nominal else []
        if any((h.lemma_.lower() in people or h.lower_ in people)
               and not res.states_in(res.phrase_tokens(h)) for h in hit):
            # "hit Kyiv, killing five people": the place the governing clause hits; else a
            # place named as an object rather than a modifier of the doer ("Russian missiles")
            governing = [o for o in pred.head.children if o.dep_ in OBJ] if (
                pred.dep_ == "advcl" and pred.head.pos_ == "VERB") else []
            # ... or the place it went into ("crossed into northern Kenya, killing dozens")
            governing += [p for c in pred.head.children if c.dep_ == "prep"
                          and c.lower_ in ("into", "inside") for p in c.children
                          if p.dep_ == "pobj"] if pred.dep_ == "advcl" else []
            named = sorted((t for t in pred.subtree if t.pos_ == "PROPN"
                            and t.ent_type_ != "PERSON"),
                           key=lambda t: t.dep_ not in OBJ | {"pobj"})
            where = _place_of_act([pred, verb], res, ctx) or next(
                (st for t in [*governing, *named]
                 if (st := res.state_of_place(t)) is not None), None)
            home = where.id if where is not None else recalled_home or next(
                (a.country for a in sources if a.country and a.country in res.gaz.actors), None)
            if home is not None:
                targets = [res.gaz.composite(home, "CVL")]
    if code.startswith("17") and all(t is None for t in targets) and (
            entry.objects & finder.power) and not nominal and (
            finder.objects(pred) & finder.power):
        # "the army seized power in Niger", "Myanmar's military took power": a coup aims at
        # the government of the state where it happens, else of its doers
        where = _locative_place(pred, res, ctx)
        home = where.id if where is not None and where.type == "state" else next(
            (a.country for a in sources if a.country and a.country in res.gaz.actors), None)
        if home is not None:
            targets = [res.gaz.composite(home, "GOV")]
    if code[:2] in LOCATIVE_TARGET_ROOTS and all(t is None for t in targets) and not (
            len(sources) >= 2 and code[:2] in COOPERATIVE_PLACE_ROOTS) and not (
            code.startswith(SHARED_WITH_CODES) and not nominal):
        # (parties that agree together in Havana agree with each other, not with Cuba; and a
        # deal signed in Pretoria is no act on South Africa)
        # a protest, deployment, curfew or attack with no named target is aimed at where it
        # happens: the authorities of one's own state for a protest, its people for coercion
        # and violence, the other state otherwise
        hostile = code[:2] not in COOPERATIVE_PLACE_ROOTS

        def event_noun(t: Token) -> bool:
            return finder.noun_entry(t) is not None

        where = _place_of_act([pred, verb], res, ctx, hostile=hostile, event_noun=event_noun)
        if where is not None and where.id not in {a.id for a in sources}:
            if where.country not in own_states or code[:2] in STATE_TARGET_ROOTS:
                targets = [where]
            elif code[:2] == "14":
                targets = [res.gaz.composite(where.id, "GOV")]
            elif code[:2] != "15":
                targets = [res.gaz.composite(where.id, "CVL")]
    if code.startswith(TARGETLESS_CODES):
        # "announced his government's resignation", "resigned as crowds set parliament on
        # fire", "announced his resignation in a broadcast from Riyadh": aimed at no one
        targets = [None]
    if code in IN_EFFECT and not nominal and _takes_effect_now(pred, finder):
        # "agreed to an immediate ceasefire": the truce holds (after the place rule above: the
        # parties of an agreement hold their fire towards each other, not towards the venue)
        code = IN_EFFECT[code]
    if code.startswith(("1723", "1724")) and all(t is None for t in targets):
        # "imposed a curfew", "is prepared to impose martial law": on its own people
        targets = [_own_body(sources[0], "CVL", res)]
    if code[:2] == "14" and all(t is None for t in targets):
        # "workers went on strike", "demonstrators rioted": a protest that names no target is
        # aimed at the authorities of the protesters' own state
        src = sources[0]
        # ... also of a people named by its demonym ("thousands of Cubans marched")
        subj_names = [t for h in subj_toks
                      for t in (h, *(p for c in h.children if c.dep_ == "prep"
                                     and c.lower_ == "of" for p in c.children))]
        # (in a story of that state only: "Serbs boycotted the vote" in a Kosovo story aims at
        # no Serbian government)
        home = ctx.dominant_country(res.gaz)
        counted = res.gaz.heads["partitive"]
        a_people = src.type == "state" and home in (None, src.id) and any(
            h.lemma_.lower() in counted or h.lower_ in counted for h in subj_toks) and any(
            (hits := res.gaz.lookup(t.text)) and hits[0].kind == "demonym" for t in subj_names)
        targets = [_own_body(src, "GOV", res)
                   if (src.type != "state" and src.sector not in ("GOV", None)) or a_people
                   else None]
    # what an actor announces it will do is an act of announcing, asserted now: a cooperative
    # act is an intent (PLOVER AGREE), a hostile or conditional one a threat (THREATEN), and a
    # cooperative act it says it will not do a rejection (REJECT)
    # ... but only when the actor announced it (reported speech, "pledged to", "plans to"): a
    # reporter's own "X will meet Y next month" stays a future event, not an asserted one
    intent_words = res.gaz.heads.get("intent", frozenset())
    told_now = False  # an announced act: the act of announcing, dated by its speaker's clause
    announced = speaker is not None or any(
        h.lemma_.lower() in finder.speech | finder.demand_speech | finder.future | intent_words
        for h in _governors(verb))
    conditional = any(c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children)
        for c in verb.children)
    if not announced:
        pass
    elif (modality == "future" and conditional
          and not code.startswith(CONDITIONAL_KEPT_ROOTS)):
        code, modality = "130", "asserted"
    elif modality == "future" and code[:2] in INTENT_OF_ROOT:
        intent = _intent(code, lex)
        if intent is not None:
            code, modality = intent, "asserted"
            told_now = True
    elif modality == "future" and code[:2] in THREAT_OF_ROOT:
        code, modality = THREAT_OF_ROOT[code[:2]], "asserted"
        told_now = True
    elif modality == "negated" and tense != "past" and code[:2] in REJECTION_OF_ROOT and not any(
            (g_entry := finder.verb_entry(g)) is not None and g_entry.cameo.startswith(DENIAL_CODES)
            for g in _governors(verb) if g.pos_ in ("VERB", "AUX")):
        # (not what a denial denies: "Rwanda denies backing the M23" refuses nothing)
        code, modality = REJECTION_OF_ROOT[code[:2]], "asserted"
        told_now = True  # "said on Monday it would not join until 2030": Monday's refusal
    if code[:2] == "13":
        # "threatened to strike unless Israel rescinded the annexation": a threat aims at whoever
        # must meet its condition
        if all(t is None or t.country in own_states for t in targets):
            cond = [sub for g in [verb, *_governors(verb)] for c in g.children
                    if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if")
                                                 for m in c.children)
                    for sub in c.children if sub.dep_ in SUBJ]
            found = [a for a in actors_of(cond) if a.id not in {s.id for s in sources}]
            if found:
                targets = list(found)
    info = lex.codes().get(code)
    if info is None or not info.plover:
        # root 01 (comments, denials, "is considering"): a statement with no PLOVER type is
        # no event of the timeline
        return
    action = _action(info, _predicate_text(pred))
    rel_start = pred.idx - sent.start_char
    time: TimeValue | None = dates.event_time(
        _clause_text(pred, sent),
        (rel_start, rel_start + len(pred.text)),
        anchor,
        tense,
        offset=sent.start_char,
    )
    if time is None or time.defaulted:
        # "freed him on Friday, 12 days after gunmen snatched him": counted from the main clause
        time = _counted_from_governor(verb, sent, anchor, finder) or time
    if time is None or time.defaulted:
        # "said on Wednesday that he would not sign the bill and withdrew it", "resigned on
        # Wednesday as protesters stormed the mayor's office": the day of the clause above
        governed = _dated_by_governor(verb, sent, anchor, finder)
        if governed is not None and governed.span is not None:
            # "said on Wednesday it had killed 20 militants the previous day": counted from
            # the speaker's day
            governed = _counted_in_clause(pred, sent, anchor, tense, governed) or governed
        time = (governed or _dated_by_subordinate(verb, sent, anchor)
                or _dated_by_argument_clause(pred, sent, anchor, tense) or time)
    if told_now:
        # "said on Monday she would step down in March": the intent is Monday's; the act's
        # own date is when it is to happen
        spoken = _dated_by_governor(verb, sent, anchor, finder)
        if spoken is not None:
            time = spoken
        elif (time is not None and anchor is not None
              and time.start > anchor.date().isoformat()):
            # "Trump says he will put a tariff on Brazilian goods from August 1": the day the
            # act is to happen is not the day it was announced, which is the report's
            time = dates.report_day(anchor)
    if code[:2] == "15":
        # a show or readiness of force is aimed at no one's own people ("put its army on the
        # highest level of combat readiness")
        targets = [t for t in targets if t is None or not (
            t.sector == "CVL" and t.country in {a.country for a in sources})] or [None]
    if code[:2] == "07" and all(t is None for t in targets):
        arrival = finder.lex.match_verb(pred.lemma_.lower(), finder.particles(pred))
        if arrival is not None and arrival.cameo.startswith(VISIT_CODES):
            # "aircraft landed in Tonga carrying water": aid to where it arrives
            where = next((st for c in pred.children if c.dep_ == "prep"
                          and c.lower_ in ("in", "into", "at") for p in c.children
                          if p.dep_ == "pobj" and (st := res.state_of_place(p)) is not None),
                         None)
            if where is not None and where.id not in {a.country for a in sources}:
                targets = [where]
    if code[:2] in VIOLENCE_ROOTS:
        # "fired missiles at Kyiv and other Ukrainian cities": a capital attacked is its
        # state's, one target with the state named beside it
        struck = {t.id for t in targets if t is not None and t.type == "state"}
        targets = [t for t in targets if t is None or not (
            t.sector == "GOV" and t.country in struck)] or targets
    place = None
    pairs: list[tuple[Actor, Actor | None]] = []
    symmetric = _is_symmetric(info.code) or pred.lemma_.lower() in finder.reciprocal
    for s in sources:
        for t in targets:
            if t is not None and t.id == s.id:
                continue
            pairs.append((s, t))
    relational = any(o.lemma_.lower() in res.gaz.heads.get("relational", frozenset())
                     for o in finder.objects_tokens(pred))
    if len(sources) >= 2 and _each_other(pred):
        # "Kyiv and Moscow blamed each other": every party on every other
        pairs = [(a, b) for a in sources for b in sources if a.id != b.id]
    if pred.lemma_.lower() in finder.one_way and len(sources) == 1:
        # "Turkmenistan hosted the presidents of A and B for talks": the host receives them
        symmetric = relational = False
    if symmetric or relational:
        # "A and B held talks", "A and B upgraded ties": both directions; "A held talks with
        # B": B -> A too
        if len(sources) >= 2 and all(t is None for t in targets):
            pairs = [(a, b) for a in sources for b in sources if a.id != b.id]
        elif len(sources) >= 2 and not any(
            t is not None and t.in_gazetteer and t.country not in {a.country for a in sources}
            for t in targets
        ):
            # "Russia and Ukraine agreed to extend the lease on the fleet's base", "Israel and
            # Lebanon renewed talks on an Israeli troop pullback": the parties act on each other;
            # a target outside the gazetteer or of the parties' own states is a topic, not a
            # third party (a real one stays: "US and British troops fought the Taliban")
            pairs = [(a, b) for a in sources for b in sources if a.id != b.id]
        elif info.code.startswith(RECIPROCAL_CODES):
            # (each of several sources too: "the UAE and Bahrain signed accords normalising
            # relations with Israel": Israel signed with each)
            pairs += [(t, s) for s in sources for t in targets if t is not None and t.id != s.id]
        elif len(sources) == 1 and info.code.startswith(SHARED_WITH_CODES):
            # "reached an agreement with X", "signed a deal with X": X agreed too
            partners = _with_phrase_text(pred)
            pairs += [(t, sources[0]) for t in targets if t is not None
                      and t.id != sources[0].id and partners
                      and any(n.lower() in partners for n in (t.label, *t.aliases) if n)]
    locative = _locative_place(pred, res, ctx)
    clause = _clause_penalty(verb, finder)
    if info.code.startswith(OTHER_PARTY_CODES):
        # (never the doer itself, nor a state and its own government: RUSGOV -> RUS)
        pairs = [(s, t) for s, t in pairs if t is None or not (
            s.id == t.id or (home_of(s) == home_of(t)
                             and s.sector in (None, "GOV") and t.sector in (None, "GOV")))]
    for s, t in pairs:
        place = locative or res.place_of(s) or (res.place_of(t) if t else None)
        if place is None:
            place = next((p for a in res.names_in(pred.subtree) if (p := res.place_of(a))), None)
        conf = _confidence(s, t, entry, nominal, via_coref, clause)
        ev = Event(
            doc_id=article.id,
            source=s,
            target=t,
            action=action,
            sentence=article.text[sent.start_char:sent.end_char],
            char_start=sent.start_char,
            char_end=sent.end_char,
            time=time,
            reported=article.published,
            place=place,
            modality=modality,
            confidence=conf,
            evidence=(pred.idx, pred.idx + len(pred.text)),
            attributed_to=speaker if speaker is not None and speaker.id != s.id else None,
            signals=_signals(entry, nominal, via_coref, clause),
        )
        yield replace(ev, cluster_id=cluster_key(ev))
    # "... at the request of the Solomon Islands government": who asked for the act asked the
    # doer (for forces or aid, military protection: CAMEO 0234)
    asked = lex.codes().get("0234" if code[:2] in ("07", "15") else "020")
    for who in (requesters if asked is not None and not nominal else []):
        for s in {a.id: a for a in sources}.values():
            if who.id == s.id or (who.country and who.country == s.country):
                continue
            ev = Event(
                doc_id=article.id, source=who, target=s,
                action=_action(asked, _predicate_text(pred)),
                sentence=article.text[sent.start_char:sent.end_char],
                char_start=sent.start_char, char_end=sent.end_char, time=None,
                reported=article.published, modality=modality,
                confidence=_confidence(who, s, entry, nominal, via_coref, clause),
                evidence=(pred.idx, pred.idx + len(pred.text)),
                signals=_signals(entry, nominal, via_coref, clause))
            yield replace(ev, cluster_id=cluster_key(ev))


def _targets(
    pred: Token,
    entry: LexEntry,
    finder: ClauseFinder,
    sources: list[Actor],
    actors_of: Callable[..., list[Actor]],
) -> list[Actor | None]:
    """The targets of a verb, nearest first: its object or the object of its lexicon preposition;
    then a target preposition on the verb or its object ("attacks on X"); then, for acts whose
    target sits in their complement ("threatened to break relations with Russia", "agreed to
    provide aid to Romania"), the complement's object or target preposition."""
    src_ids = {a.id for a in sources}

    def keep(found: list[Actor]) -> list[Actor | None]:
        return [a for a in found if a.id not in src_ids]

    if entry.cameo.startswith(MEDIATION) or (
            entry.cameo[:2] == "04" and pred.lemma_.lower() in finder.one_way):
        # "mediated talks between A and B", "brokered a truce between A and B", "hosted
        # talks between A and B": the parties
        heads = [pred] + [o for o in pred.children if o.dep_ in OBJ]
        parties = [p for h in heads for c in h.children if c.dep_ == "prep"
                   and c.lower_ == "between" for p in c.children if p.dep_ == "pobj"]
        found = keep(actors_of(parties))
        if found:
            return found
    if entry.cameo[:2] == "11" and not any(c.dep_ in OBJ for c in pred.children):
        # "complained to the UN over Israeli raids": an accusation aims at the accused, not at
        # the one it is addressed to (with an object, "criticised Russia over X", the object)
        grievance = [p for c in pred.children if c.dep_ == "prep"
                     and c.lower_ in ("over", "about", "against") for p in c.children
                     if p.dep_ == "pobj"]
        found = keep(actors_of(grievance, loose=True))
        if found:
            return found
    if entry.cameo.startswith("192"):
        # "retook the town from the cartel": territory is taken from someone, before the
        # people of the place
        taken_from = [p for h in (pred, *(o for o in pred.children if o.dep_ in OBJ))
                      for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
                      for p in c.children if p.dep_ == "pobj"]  # ("the village from X")
        found = keep(actors_of(taken_from, loose=True))
        if found:
            return found
    pat = finder.patient_tokens(pred, entry)
    if entry.cameo[:2] == "15" and not entry.preps:
        pat = []  # "deployed troops": what is moved, not a target
    if entry.cameo.startswith(HANDED_OVER_CODES):
        pat = []  # "extradited two traffickers to Spain": who is handed over, not the target
    envoys = finder.res.gaz.heads.get("envoy", frozenset())
    accredited = [p for o in pat if o.lemma_.lower() in envoys for c in o.children
                  if c.dep_ == "prep" and c.lower_ in ("to", "in", "from") for p in c.children
                  if p.dep_ == "pobj"]
    if any(o.lemma_.lower() in envoys for o in pat):
        # ... and when the parser hangs "to Beijing" ("from Argentina and Chile") on the verb
        accredited += [p for c in pred.children if c.dep_ == "prep"
                       and c.lower_ in ("to", "from") for p in c.children if p.dep_ == "pobj"]
    # "recalled its ambassador to Beijing": the state the envoy is accredited to
    # (never the doer's own state: "expelled the Spanish ambassador from Caracas" is Spain's)
    own_home = {home_of(a) for a in sources}
    found = [a for a in keep(actors_of(accredited)) if home_of(a) not in own_home
             ] if accredited else []
    found = found or keep(actors_of(pat, loose=True))
    if PLACE_OBJECT in entry.objects and not any(a is not None and a.in_gazetteer
                                                 for a in found):
        # "struck Gaza", "pounded Khan Younis": the state the place lies in
        found = keep([st for o in pat if (st := finder.res.state_of_place(o)) is not None]
                     ) or found
    elif not found and not entry.objects and entry.cameo[:2] in VIOLENT_PLACE_ROOTS:
        # ... and so for any violent act whose line names no object ("shelled El Fasher"),
        # when the object is a place's name (a common noun, "the city of X", is its people)
        # (not one's own: "Ukrainian forces shelled Donetsk" names no other party)
        own = {a.country for a in sources if a.country}
        found = keep([st for o in pat if o.pos_ == "PROPN"
                      and (st := finder.res.state_of_place(o)) is not None
                      and st.country not in own])
    if pat and pat[0].pos_ == "PROPN" and pat[0].lemma_.lower() in entry.objects and not any(
            a is not None and a.in_gazetteer for a in found):
        # "suspended the Indus Waters Treaty": a name the gazetteer does not know, headed by a
        # noun the lexicon line names, is the thing acted on, not an actor
        found = []
    if entry.cameo[:2] == "07":
        # "sent troops and police to help", "sent doctors to Angola": one's own people (any
        # sector of one's own state) are what is sent, not the target
        own = {a.country for a in sources if a.country}
        found = [a for a in found if a is not None
                 and not (a.country in own and a.sector is not None)]
    if found:
        return found
    for o in pat:
        # "broke up a rally by students", "condemned the Russian attack": an act on an event
        # aims at whoever does that event
        if finder.noun_entry(o) is not None:
            # (not a broker's or host's: "agreed to a truce brokered by Qatar" is no act on
            # Qatar; the mediation rules of discourse.py aim Qatar at the parties)
            doers = _doers_of_noun(o, finder, actors_of) + actors_of(
                [p for c in o.children if c.dep_ in ("acl", "relcl") and not _serves(c, finder)
                 for a in c.children if a.dep_ == "agent" for p in a.children
                 if p.dep_ == "pobj"])
            found = keep(doers)
            if found:
                return found
    obj = pat[0] if pat else None
    found = keep(actors_of(finder.fallback_targets(pred, obj), loose=True))
    if found:
        return found
    if entry.cameo[:2] in PHRASE_TARGET_ROOTS:
        # "called for sanctions against Nigeria", "threatened further action against Russia"
        # (not "under pressure from X", "under a deal with Y": the circumstance, not the aim)
        heads = list(pat) + [p for c in pred.children if c.dep_ == "prep"
                             and c.lower_ != "under" for p in c.children if p.dep_ == "pobj"]
        phrase = [p for h in heads for c in h.children
                  if c.dep_ == "prep" and c.lower_ in ("against", "on", "with", "to", "toward",
                                                       "towards", "from")
                  for p in c.children if p.dep_ == "pobj"]
        found = keep(actors_of(phrase, loose=True))
        if found:
            return found
    people = finder.res.gaz.heads.get("people", frozenset())
    for comp in _complements(pred):
        if comp.dep_ in ("acl", "relcl") and comp.head.lemma_.lower() in people:
            continue  # "arrested three men suspected of spying for Pakistan": who they are
        if comp.dep_ == "advcl" and len(sources) > 1:
            # "A and B sign a pact as China's reach grows": parties acting together act on
            # each other, not on whoever the background clause names
            continue
        if comp.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in finder.background_preps
                                        for m in comp.children):
            # "withdrew the bill a day after protesters stormed parliament": the background
            # clause's object is not the act's target
            continue
        cands: list[Token] = []
        cands += [c for c in comp.children if c.dep_ in OBJ | DATIVE]
        for c in comp.children:
            if c.dep_ == "prep" and c.lower_ in COMPLEMENT_TARGET_PREPS:
                # (not a seat of government as a venue: "normalising relations with Israel at
                # the White House")
                cands += [p for p in c.children if p.dep_ == "pobj" and not (
                    c.lower_ == "at" and entry.cameo[:2] not in VIOLENCE_ROOTS
                    and finder._seat(p))]
        for o in [c for c in comp.children if c.dep_ in OBJ]:
            for c in o.children:
                if c.dep_ == "prep" and c.lower_ in COMPLEMENT_TARGET_PREPS:
                    cands += [p for p in c.children if p.dep_ == "pobj"]
        found = keep(actors_of(cands, loose=True))
        if found:
            return found
    if entry.cameo[:2] in HOSTILE_ROOTS:
        # "mobilised reservists for a possible war against Iraq": "against" names the other
        # side wherever it sits in the predicate's phrase (not in its subject)
        subject = {t.i for s_ in finder.subject_tokens(pred)[0] for t in s_.subtree}
        against = [p for t in pred.subtree if t.i not in subject and t.dep_ == "prep"
                   and t.lower_ == "against" for p in t.children if p.dep_ == "pobj"]
        found = keep(actors_of(against, loose=True))
        if found:
            return found
    if entry.cameo.startswith(BY_DOER_ROOTS):
        # "launched an investigation into crimes committed by Croat forces", "condemned
        # abuses by the police": an inquiry or accusation aims at the doers it names
        subject = {t.i for s_ in finder.subject_tokens(pred)[0] for t in s_.subtree}
        by_phrases = [p for t in pred.subtree if t.i not in subject and t.i != pred.i
                      and (t.dep_ == "agent" or (t.dep_ == "prep" and t.lower_ == "by"
                                                 and t.head.pos_ == "NOUN"))
                      for p in t.children if p.dep_ == "pobj"]
        found = keep(actors_of(by_phrases, loose=True))
        if found:
            return found
    if entry.cameo[:2] in SOLE_OTHER_ROOTS:
        # an act often names its addressee somewhere in its phrase: the one other state or
        # body named in the predicate's own phrase ("accused Russia's leadership of ...")
        subject = {t.i for s_ in finder.subject_tokens(pred)[0] for t in s_.subtree}
        # (nor the doer of another act in it: "agreed ... after talks hosted by Saudi Arabia")
        subject |= {t.i for a in pred.subtree if a.dep_ == "agent" and a.head.i != pred.i
                    for t in a.subtree}
        # (nor a clause of its own coordinated with it: "revoked Kashmir's status, and Pakistan
        # condemned the move")
        # ... and a meeting's other party is never one of a coded act coordinated with it
        # ("leaders meeting in Abuja imposed sanctions on Niger")
        subject |= {t.i for c in pred.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                    and (_children(c, SUBJ) or (entry.cameo[:2] == "04"
                                                and finder.verb_entry(c) is not None))
                    for t in c.subtree}
        # (nor an adverbial clause with a subject of its own: "..., as Xi held talks with
        # Putin in Moscow")
        subject |= {t.i for c in pred.children if c.dep_ == "advcl" and _children(c, SUBJ)
                    for t in c.subtree}
        # (nor a mediator's: "signed a US-brokered deal", "a deal negotiated by China")
        subject |= {t.i for a in pred.subtree if a.i != pred.i and a.dep_ in ("amod", "acl")
                    and _serves(a, finder) for t in a.subtree}
        # (nor who presses for it: "signed the deal under pressure from the United States";
        # nor where it was done: "signed a truce in Pretoria" is no act on South Africa)
        subject |= {t.i for c in pred.children if c.dep_ == "prep" and c.lower_ == "under"
                    for t in c.subtree}
        # (nor a witness: "signed a treaty, with President Clinton looking on")
        subject |= {t.i for c in pred.children if c.dep_ == "prep" and c.lower_ == "with"
                    and any(p.dep_ == "pcomp" for p in c.children) for t in c.subtree}
        subject |= {t.i for c in pred.children if c.dep_ == "prep" and c.lower_ == "in"
                    for p in c.children if p.dep_ == "pobj" and not _names_state(p, finder)
                    for t in p.subtree}
        own = src_ids | {a.country for a in sources if a.country}
        named = {a.id: a for a in finder.res.names_in(t for t in pred.subtree
                                                      if t.i not in subject)
                 if a.id not in own and a.type in ("state", "igo")}
        if len(named) == 1:
            return list(named.values())
    return []


_DEFINITE = frozenset({"the", "this", "that", "these", "those", "such"})


def _speech_subject(pron: Token, finder: ClauseFinder) -> Token | None:
    """The subject of the speech verb whose reported clause a pronoun opens ("X said it would
    resign" -> X), else None."""
    head = pron.head
    if pron.dep_ not in SUBJ or head.dep_ != "ccomp" or head.head.i == head.i:
        return None
    gov = head.head
    if gov.lemma_.lower() not in finder.speech | finder.demand_speech:
        return None
    subj = _children(gov, SUBJ)
    return _nominal_subject(subj[0]) if subj else None


#: pronouns that stand for an act told before ("called it a provocation", "condemned this")
_ACT_PRONOUNS = frozenset({"it", "this"})


def _brokered_by_modifier(tok: Token, finder: ClauseFinder) -> bool:
    """Whether ``tok`` is a mediator's participle naming its doer before a hyphen ("a
    Russian-brokered deal", "US-mediated talks"): an act of its own, unlike "alleged crimes"."""
    return tok.dep_ == "amod" and tok.tag_ == "VBN" and _serves(tok, finder) and any(
        c.dep_ in ("npadvmod", "compound") and c.i == tok.i - 2 and tok.doc[tok.i - 1].text == "-"
        for c in tok.children)


def _names_state(tok: Token, finder: ClauseFinder) -> bool:
    """Whether ``tok`` is a state's own name ("in Germany"), not a city ("in Pretoria")."""
    names = finder.res.gaz.lookup(tok.text)
    return bool(names) and names[0].kind == "name" and (
        finder.res.gaz.actors[names[0].actor_id].type == "state")


def _serves(verb: Token, finder: ClauseFinder) -> bool:
    """Whether ``verb`` is a mediator's or host's ("brokered", "mediated", "hosted")."""
    entry = finder.verb_entry(verb) if verb.pos_ in ("VERB", "AUX") else None
    return verb.lemma_.lower() in finder.one_way or (
        entry is not None and entry.cameo.startswith(MEDIATION))


def _doers_recalled(
    patients: list[Token], sources: list[Actor], finder: ClauseFinder, ctx: ArticleContext,
) -> list[Actor | None]:
    """The doers of the act a definite noun ("the decision", "this move") recalls: the sources of
    the latest act the article told before of someone else than ``sources`` (all of them when
    several did it: "Finland and Sweden applied to join ...; NATO welcomed the move")."""
    anaphors = finder.res.gaz.heads.get("anaphor", frozenset())
    # (the parser may hang the noun on what is said of it: "called the decision null")
    held = [(o, o) for o in patients] + [(c, o) for o in patients for c in o.children
                                         if c.dep_ == "compound"]
    recalled = [o for o, det_of in held if o.lemma_.lower() in anaphors and any(
        c.dep_ == "det" and c.lower_ in _DEFINITE for c in det_of.children) and not any(
        c.dep_ in ("poss", "compound", "amod") and c.pos_ in ("PROPN", "ADJ") for c in o.children)
        # ... and so does a pronoun for what was done ("the Kremlin called it a provocation")
        or o.pos_ == "PRON" and o.lower_ in _ACT_PRONOUNS]
    # "... invaded Kuwait, and the Council demanded their withdrawal": an act asked of "them"
    # aims at the doers of the latest act, whatever its kind
    by_owner = not recalled
    if by_owner:
        recalled = [o for o, det_of in held if o.lemma_.lower() in anaphors and any(
            c.dep_ == "poss" and c.lower_ in ("their", "its") for c in det_of.children)]
    if not recalled:
        return []
    own = {a.id for a in sources} | {a.country for a in sources if a.country}
    # an event noun recalls an act of its own kind ("the attacks" an attack, not an arrest);
    # a generic one ("the decision", "the move") any act
    kind = None if by_owner else finder.noun_entry(recalled[0])
    root = kind.cameo[:2] if kind is not None else None
    last = next((e for e in reversed(ctx.acts) if e.source.id not in own
                 and e.source.id != UNKNOWN_ACTOR.id and e.char_start <= recalled[0].idx
                 and (root is None or e.action.cameo[:2] == root)), None)
    if last is None:
        return []
    doers = {e.source.id: e.source for e in ctx.acts
             if e.evidence == last.evidence and e.char_start == last.char_start
             and e.source.id not in own}
    return list(doers.values())


def _captor_of(held: Actor | None, sources: list[Actor], ctx: ArticleContext) -> Actor | None:
    """Who holds ``held``, for a call for their release: the doer of the latest coercion or
    force the article told on them (on anyone, when the call names no one the resolver knows:
    "called for his release"), when that doer is of another side than the callers; else
    ``held`` ("the OAS demanded his return" after "soldiers seized President X")."""
    callers = {home_of(s) for s in sources} | {s.id for s in sources}
    held_as = {held.id, held.cameo} - {None} if held is not None else set()
    last = next((e for e in reversed(ctx.acts) if e.target is not None
                 and (held is None or {e.target.id, e.target.cameo} & held_as)
                 and e.action.cameo.startswith(HOLDING_ROOTS)
                 and e.source.id not in callers and e.source.id != UNKNOWN_ACTOR.id), None)
    return last.source if last is not None else held


def _complements(pred: Token, depth: int = 2) -> Iterator[Token]:
    """Clausal complements of a predicate, breadth first: "to break relations", "to demand"."""
    frontier = [pred]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in COMPLEMENT or (c.dep_ in ("advcl", "acl") and c.pos_ == "VERB"):
                    nxt.append(c)
                    yield c
            # "threatened to launch a new offensive": the object's own clause
            for o in t.children:
                if o.dep_ in OBJ:
                    for c in o.children:
                        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                            nxt.append(c)
                            yield c
        frontier = nxt


#: clauses of their own: a time expression inside one dates that clause, not the predicate
_OWN_CLAUSE = {"relcl", "acl", "ccomp", "advcl", "parataxis", "csubj"}


def _with_phrase_text(pred: Token) -> str:
    """The lower-cased text of the "with" phrases of the predicate and its object ("agreed with
    X", "signed a deal with X"), or "" when there is none."""
    heads = [pred] + [o for o in pred.children if o.dep_ in OBJ]
    return " ".join(c.doc[c.i : c.right_edge.i + 1].text.lower() for h in heads
                    for c in h.children if c.dep_ == "prep" and c.lower_ == "with")


def _is_sport(sent: Span, res: ActorResolver) -> bool:
    """True when the sentence reports a sports contest: a sport word (heads.tsv, kind
    ``sport``: match, final, tennis, medal...) or a match score next to a win or loss."""
    words = res.gaz.heads.get("sport", frozenset())
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sent) or bool(
        _SCORE.search(sent.text) and any(t.lemma_.lower() in ("beat", "defeat", "win", "lose")
                                         for t in sent))


def _is_participial(tok: Token) -> bool:
    """True for a bare participle clause ("..., bowing to demands", "..., killing 12"): it has no
    subject and no conjunction of its own, so it happens when its head clause does."""
    return (tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN")
            and not any(c.dep_ in ("mark", "nsubj", "nsubjpass", "csubj") for c in tok.children))


def _counted_from_governor(verb: Token, sent: Span, anchor: datetime | None,
                           finder: ClauseFinder | None = None) -> TimeValue | None:
    """The day of an "N days after/before <clause>" clause, counted from its governing clause's
    day ("lifted the curfew on Sunday, a day after protesters stormed parliament": Saturday)."""
    if verb.dep_ != "advcl" or verb.head.i == verb.i:
        return None
    mark = next((c for c in verb.children if c.dep_ == "mark"
                 and c.lower_ in ("after", "before")), None)
    measure = next((c for c in verb.children if c.dep_ == "npadvmod"
                    and c.lemma_.lower() in ("day", "week") and c.i < verb.i), None)
    if mark is None or measure is None:
        return None
    count = next((c for c in measure.children if c.dep_ in ("nummod", "det")), None)
    if count is None:
        return None
    gov = verb.head
    rel = gov.idx - sent.start_char
    base = dates.event_time(_clause_text(gov, sent), (rel, rel + len(gov.text)), anchor,
                            _tense(gov), offset=sent.start_char)
    if base is not None and base.defaulted and finder is not None:
        # "said on Wednesday that he ... withdrew it, a day after protesters stormed": the main
        # clause is dated by its own governor
        base = _dated_by_governor(gov, sent, anchor, finder) or base
    if base is None:
        return None
    span = (count.idx, measure.idx + len(measure.text))
    return dates.counted_back(base, count.text, measure.text, before=mark.lower_ == "after",
                              span=span, text=sent.doc.text[span[0]:span[1]])


def _noun_words(noun: Token) -> set[str]:
    """The lemma of ``noun`` and its two-word forms with its modifiers ("relief supply")."""
    words = {noun.lemma_.lower()}
    words.update(f"{m.lemma_.lower()} {noun.lemma_.lower()}" for m in noun.children
                 if m.dep_ in ("compound", "amod"))
    return words


#: subordinating words of a clause that happens together with the clause it hangs on
_TOGETHER_MARKS = frozenset({"as", "while", "when"})
#: ... and of one whose undated clause happened on the day of the clause it hangs on
_SAME_DAY_MARKS = _TOGETHER_MARKS | {"after"}


def _clause_day(tok: Token, sent: Span, anchor: datetime | None, tense: str | None = None,
                restore: frozenset[int] = frozenset()) -> TimeValue | None:
    """The day of ``tok``'s clause (:func:`dates.event_time` over :func:`_clause_text`), with
    the tokens ``restore`` put back into the text; None when the clause has no date of its own
    (the report date would be a default)."""
    text = list(_clause_text(tok, sent))
    for t in sent:
        if t.i in restore:
            b = t.idx - sent.start_char
            text[b : b + len(t.text)] = t.text
    rel = tok.idx - sent.start_char
    found = dates.event_time("".join(text), (rel, rel + len(tok.text)), anchor,
                             tense or _tense(tok), offset=sent.start_char)
    return found if found is not None and not found.defaulted else None


def _dated_by_governor(verb: Token, sent: Span, anchor: datetime | None,
                       finder: ClauseFinder) -> TimeValue | None:
    """The date of the clause that governs ``verb``'s undated clause: a speaker's day for what
    the speaker reports, the main clause's day for an "as", "while", "when" or "after" clause.
    None when that clause has no date of its own either."""
    root = verb
    while root.head.i != root.i and (root.dep_ in ("xcomp", "conj") or _is_participial(root)):
        root = _finite_governor(root) or root.head
    gov = None
    if root.dep_ == "ccomp" and root.head.lemma_.lower() in finder.speech:
        gov = root.head
    elif root.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in _SAME_DAY_MARKS
                                      for c in root.children):
        gov = root.head
    elif root.i != verb.i and verb.dep_ == "conj" and root.dep_ == "ROOT":
        # "police fired on protesters on Wednesday, and the president dismissed the
        # government": an undated coordinated clause happened on the first clause's day
        gov = root
    if gov is None or gov.i == verb.i:
        return None
    return _clause_day(gov, sent, anchor)


def _counted_in_clause(pred: Token, sent: Span, anchor: datetime | None, tense: str,
                       day: TimeValue) -> TimeValue | None:
    """``day`` (a date of the clause above) moved by an adverb of the predicate's own clause
    that counts from it ("the previous day", "two days earlier"), else None."""
    if day.span is None:
        return None
    said = frozenset(t.i for t in sent if day.span[0] <= t.idx < day.span[1])
    moved = _clause_day(pred, sent, anchor, tense, restore=said)
    return moved if moved is not None and moved.value != day.value else None


def _dated_by_argument_clause(pred: Token, sent: Span, anchor: datetime | None, tense: str
                              ) -> TimeValue | None:
    """The date of a clause that describes an argument of an undated predicate: "gunmen who
    crossed into Israel on Saturday killed hundreds", "fired tear gas at protesters who forced
    their way into parliament on Tuesday", "signed agreements normalising relations on
    Tuesday" (the parser often hangs the day there). None when no such clause is dated."""
    args = [c for c in pred.children if c.dep_ in SUBJ | OBJ]
    args += [p for c in pred.children if c.dep_ == "prep" for p in c.children
             if p.dep_ == "pobj"]
    extra = frozenset(x.i for a in args for c in a.children if c.dep_ in ("relcl", "acl")
                      for x in c.subtree)
    return _clause_day(pred, sent, anchor, tense, restore=extra) if extra else None


def _dated_by_subordinate(verb: Token, sent: Span, anchor: datetime | None
                          ) -> TimeValue | None:
    """The date of a "when", "as" or "while" clause of an undated ``verb``: both happened
    together ("three soldiers were killed when their convoy was ambushed on Wednesday")."""
    return next((day for sub in verb.children if sub.dep_ == "advcl" and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in _TOGETHER_MARKS for c in sub.children)
        and (day := _clause_day(sub, sent, anchor)) is not None), None)


def _clause_text(pred: Token, sent: Span) -> str:
    """The sentence with everything outside the predicate's clause blanked out (offsets kept),
    so that "..., which the leaders will adopt tomorrow" does not date "expect"."""
    root = _clause_root(pred) if pred.pos_ not in ("VERB", "AUX") or pred.dep_ in SUBJ else pred
    while root.head.i != root.i and (root.dep_ in ("xcomp", "conj") or _is_participial(root)):
        root = _finite_governor(root) or root.head
    keep = {t.i for t in root.subtree}
    for t in root.subtree:
        if t.dep_ in _OWN_CLAUSE and t.i != root.i and not (
            t.left_edge.i <= pred.i <= t.right_edge.i
        ):
            keep -= {x.i for x in t.subtree}
    if root.dep_ == "ccomp":
        # "said on Monday its troops had killed ... last week": a date before the reported
        # clause's subject is when it was said (the parser hangs it on the clause)
        # ... when the clause has a date of its own ("last week"); without one the saying's
        # date dates the reported act too
        subj = [c for c in root.children if c.dep_ in SUBJ]
        early = [c for c in root.children if subj and c.dep_ in ("prep", "npadvmod")
                 and c.right_edge.i < subj[0].left_edge.i
                 and any(x.ent_type_ in ("DATE", "TIME") for x in c.subtree)]
        early_ids = {x.i for c in early for x in c.subtree}
        # (an adverb that counts from the saying's day, "the previous day", is no date of the
        # clause's own: "said on Wednesday it had killed 20 militants the previous day")
        counting = dates.story_relative_spans(sent.text)
        if early and any(t.ent_type_ in ("DATE", "TIME") and t.i not in early_ids
                         and not any(a <= t.idx - sent.start_char < b for a, b in counting)
                         for t in root.subtree):
            keep -= early_ids
        # "gunmen abducted pupils on Thursday morning, residents said": before a postposed
        # speaker, a date the parser hangs on "said" is still inside the reported clause
        speaker = [c for c in root.head.children if c.dep_ in SUBJ and c.i > root.i]
        if speaker and not any(t.ent_type_ in ("DATE", "TIME") for t in root.subtree):
            for c in root.head.children:
                if (c.dep_ in ("prep", "npadvmod") and c.left_edge.i > root.right_edge.i
                        and c.right_edge.i < speaker[0].left_edge.i
                        and any(x.ent_type_ in ("DATE", "TIME") for x in c.subtree)):
                    keep |= {x.i for x in c.subtree}
    chars = list(sent.text)
    for t in sent:
        if t.i not in keep:
            b = t.idx - sent.start_char
            chars[b : b + len(t.text)] = " " * len(t.text)
    return "".join(chars)


#: prepositions of place: what happens "in", "near" or "outside" a place happens there
LOCATIVE_PREPS = ("in", "inside", "near", "across", "into", "at", "outside", "throughout",
                  "within", "around", "out", "to")
#: ... of them, those that name where something goes
DESTINATION_PREPS = ("to", "into")


def _place_of_act(heads: list[Token], res: ActorResolver, ctx: ArticleContext,
                  **how: Any) -> Actor | None:
    """The first state a locative phrase of ``heads`` names (the predicate, then the verb of an
    event noun, ...), each searched once, deeply (see :func:`_locative_place`)."""
    seen: set[int] = set()
    for h in heads:
        if h.i not in seen:
            seen.add(h.i)
            if (where := _locative_place(h, res, ctx, deep=True, **how)) is not None:
                return where
    return None


def _own_body(source: Actor, sector: str, res: ActorResolver) -> Actor | None:
    """The ``sector`` of the source's own state ("its people", "its government"), if known."""
    return res.gaz.composite(source.country, sector) if source.country in res.gaz.actors else None


def _locative_place(pred: Token, res: ActorResolver, ctx: ArticleContext,
                    *, deep: bool = False, hostile: bool = True,
                    event_noun: Callable[[Token], bool] | None = None,
                    nested_places: bool = False) -> Actor | None:
    """The state of a locative phrase on the predicate ("deployed in Kosovo"); with ``deep``,
    also on its object and the object's own phrases ("lifted a curfew in Algiers", "extended
    the mandate of the force in Lebanon"). For acts that are not ``hostile`` (pledges, aid,
    support) only where something goes counts on the predicate itself ("sent aid to Haiti"),
    not where it was said or held ("pledged aid at a conference in London"). With
    ``nested_places`` the place of an event noun in the phrase counts too ("killed in a suicide
    bombing in Mosul"), for finding where violence happened, not whom an act aims at."""
    heads = [pred]
    if deep:
        # its object, and what a hostile act is aimed at ("fired shells at targets in Jericho")
        # ... and its complement's ("threatened to institute a curfew in Algiers")
        comps = [c for c in pred.children if c.dep_ in COMPLEMENT and c.pos_ == "VERB"]
        heads += comps
        # (for cooperation, not an event's venue: "agreed to resume talks in Kuala Lumpur")
        frontier = [c for h in [pred, *comps] for c in h.children if c.dep_ in OBJ | SUBJ_PASS
                    and (hostile or event_noun is None or not event_noun(c))] + [
            p for c in pred.children if hostile and c.dep_ == "prep"
            and c.lower_ in ("at", "on", "against") for p in c.children if p.dep_ == "pobj"]
        for _ in range(2):
            heads += frontier
            frontier = [p for h in frontier for c in h.children
                        if c.dep_ == "prep" and c.lower_ in ("of", "for", "to")
                        for p in c.children if p.dep_ == "pobj"]
    acts = {pred.i, *(c.i for c in pred.children if c.dep_ in COMPLEMENT)}
    areas = res.gaz.heads.get("area", frozenset())
    for h in heads:
        # where an act of cooperation is done is its venue, not its target
        preps = LOCATIVE_PREPS if hostile or h.i not in acts else DESTINATION_PREPS
        for c in h.children:
            if c.dep_ == "prep" and (c.lower_ in preps or (c.lower_ == "on" and any(
                    p.dep_ == "pobj" and p.lemma_.lower() in areas for p in c.children))):
                # "outside of Basra", "out of": the place is the object of the inner "of";
                # "on the outskirts of Kabul": "on" an area is a locative too
                inner = [p for o in c.children if o.dep_ == "prep" and o.lower_ == "of"
                         for p in o.children]
                for p in [*c.children, *inner]:
                    if p.dep_ != "pobj":
                        continue
                    if (state := res.state_of_place(p)) is not None:
                        return state
                    # "killed in a suicide bombing in Mosul": the place of the event noun
                    nested = [q for n in p.children if n.dep_ == "prep"
                              and n.lower_ in LOCATIVE_PREPS for q in n.children
                              if q.dep_ == "pobj"]
                    if nested_places and (state := next(
                            (st for q in nested if (st := res.state_of_place(q)) is not None),
                            None)) is not None:
                        return state
                    if hostile or c.lower_ in DESTINATION_PREPS:
                        # "in its war with Iraq", "in protest against the Russian government",
                        # "agreed to an extension of the mandate of the force in Lebanon"
                        named = res.states_named(p.subtree)
                        if named:
                            return named[0]
    return None


def cluster_key(ev: Event) -> str:
    """Id of the real event a mention reports: same actors, PLOVER type (or CAMEO root), and
    the same event time at its precision. Mentions in other sentences or articles that agree on
    these are one event."""
    when = ev.time.value if ev.time else ""
    kind = ev.action.plover or ev.action.cameo[:2]
    return stable_hash(ev.source.id, ev.target.id if ev.target else "", kind, when, ev.modality)


def _states_of_places(places: list[Token], finder: ClauseFinder) -> list[Actor | None]:
    """The states the places named lie in, once each, in order."""
    found = (finder.res.state_of_place(p) for p in places)
    return list({st.id: st for st in found if st is not None}.values())


def _other_root(entry: LexEntry, noun: Token, finder: ClauseFinder) -> bool:
    """Whether the event noun ``noun`` codes under another CAMEO root than ``entry``."""
    own = finder.noun_entry(noun)
    return own is not None and own.cameo[:2] != entry.cameo[:2]


def _names_noun(entry: LexEntry, noun: Token) -> bool:
    """Whether the lexicon line ``entry`` names ``noun`` among its objects, alone or with its
    modifiers ("joint exercise")."""
    lemma = noun.lemma_.lower()
    forms = {lemma} | {f"{m.lemma_.lower()} {lemma}" for m in noun.children
                       if m.dep_ in ("compound", "amod")} | _compound_ngrams(noun)
    return bool(forms & entry.objects)


def _compound_ngrams(head: Token) -> set[str]:
    """Every run of two or more words in the compound chain before ``head``, by lemma: "a
    Patriot air defence system" -> "air defence", "defence system", "air defence system" (the
    lexicon's object lists name the thing at any length)."""
    chain = [head]
    t = head
    while True:
        mods = [c for c in t.children if c.dep_ in ("compound", "amod") and c.i == t.i - 1]
        if not mods:
            break
        t = mods[0]
        chain.insert(0, t)
    if len(chain) < 3:
        return set()  # two words are covered by the modifier pairs already
    words = [c.lemma_.lower() for c in chain]
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)}


def _predicate_text(pred: Token) -> str:
    """The predicate as written, with its particle ("call on", "carried out")."""
    parts = [pred.text]
    for c in pred.children:
        if c.dep_ == "prt":
            parts.append(c.text)
    return " ".join(parts)


def _doers_of_noun(
    noun: Token, finder: ClauseFinder, actors_of: Callable[..., list[Actor]]
) -> list[Actor]:
    """Who does what an event noun names: "strikes by X", "X's attack", "Russian shelling"."""
    sources: list[Actor] = []
    # "the expulsion of two diplomats by Norway": the parser hangs "by" on the "of" object
    by_of = [c for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
             for o in p.children if o.dep_ == "pobj" for c in o.children
             if c.dep_ == "prep" and c.lower_ == "by"]
    for c in [*noun.children, *by_of]:
        if c.dep_ == "prep" and c.lower_ == "by":
            sources = actors_of([p for p in c.children if p.dep_ == "pobj"])
        elif c.dep_ == "poss":
            sources = actors_of([c])
        elif c.dep_ in ("amod", "compound") and not sources:
            # "Russian shelling", "US drone strikes" (the name modifies the modifier)
            for m in [c, *(g for g in c.children if g.dep_ in ("amod", "compound"))]:
                names = finder.res.gaz.lookup(m.text)
                if names and names[0].kind in ("demonym", "name"):
                    sources = actors_of([m])
                    break
    if not sources and (claim := _claim_verb(noun, finder)) is not None:
        # "X claimed responsibility for a bombing that killed 12 police officers": the
        # claimer does the bombing, and so what the bombing did
        toks, _ = finder.subject_tokens(claim)
        sources = actors_of(toks)
    return sources


def _occurrence_preps(noun: Token, finder: ClauseFinder) -> list[Token]:
    """The "between"/"with" phrases of the verb an event noun happens by ("fighting broke out
    on Saturday between A and B": clause-words kind occurs), which the parser hangs on the verb;
    none for other nouns."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.lemma_.lower() not in finder.occurs:
        return []
    if verb.lemma_.lower() == "break" and not any(
            c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        return []  # "talks broke down", "the clashes broke the truce"
    return [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("between", "with")]


def _claim_verb(noun: Token, finder: ClauseFinder) -> Token | None:
    """The verb of "claimed responsibility for <noun>", "took credit for <noun>" (clause-words
    kinds claim and claim-noun), else None."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for":
        return None
    claimed = prep.head
    verb = claimed.head
    if (claimed.lemma_.lower() in finder.claim_noun and claimed.dep_ in OBJ
            and verb.lemma_.lower() in finder.claim):
        return verb
    return None


def _nominal_arguments(
    noun: Token,
    entry: LexEntry,
    finder: ClauseFinder,
    actors_of: Callable[..., list[Actor]],
) -> tuple[list[Actor], list[Actor | None], str]:
    """Source and targets of an event noun: "X's attack on Y", "strikes by X on Y",
    "talks between A and B", "X carried out strikes on Y", "Russian shelling of Kharkiv"."""
    resolve = actors_of
    sources = _doers_of_noun(noun, finder, actors_of)
    targets: list[Actor | None] = []
    # "tariffs of 25 percent on goods from Canada": the parser hangs the target's preposition
    # on the rate
    rates = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
             for p in c.children if p.dep_ == "pobj" and p.ent_type_ in ("PERCENT", "MONEY")]
    for c in [*noun.children, *_occurrence_preps(noun, finder),
              *(r for p in rates for r in p.children if r.dep_ == "prep")]:
        if c.dep_ == "prep":
            pobj = [p for p in c.children if p.dep_ == "pobj"]
            if not pobj:
                continue
            if c.lower_ == "between" and entry.cameo.startswith(MEDIATION):
                targets = list(resolve(pobj))  # "mediation between A and B": A and B are aimed at
            elif c.lower_ == "between":
                both = resolve(pobj)
                if len(both) >= 2:
                    return both, [None], entry.cameo
            elif c.lower_ != "by" and (c.lower_ in entry.preps or (
                    c.lower_ in ("on", "against", "with") and not targets)):
                # (the line's own preposition first: "a visit to Moscow on Monday")
                # "riots against Israeli policies": the state behind the policies
                targets = list(resolve(pobj) or (resolve(pobj, loose=True)
                                                 if c.lower_ in ("against", "on") else []))
    if not targets and entry.cameo[:2] in VIOLENT_PLACE_ROOTS:
        # "the invasion of South Lebanon", "air strikes on Kharkiv": the state of the place
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "into"):
                # ... or where the thing hit lies: "an attack on a refinery in Krasnodar"
                hit = [p for p in c.children if p.dep_ == "pobj"]
                hit += [q for p in hit for pp in p.children if pp.dep_ == "prep"
                        and pp.lower_ in ("in", "near", "outside") for q in pp.children
                        if q.dep_ == "pobj"]
                # ... each of coordinated places: "strikes on targets in Afghanistan and Sudan"
                places = _states_of_places(
                    [x for p in hit for x in _conjuncts(p)], finder)
                if places:
                    targets = list(places)
                    break
    head = noun.head
    if not sources and noun.dep_ in OBJ and head.lemma_.lower() in finder.light:
        subj, _ = finder.subject_tokens(head)
        sources = resolve(subj)
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "in"):
                pobj = [p for p in c.children if p.dep_ == "pobj"]
                found = resolve(pobj)
                if found and c.lower_ != "in":
                    targets = list(found)
                elif (not targets and c.lower_ in ("on", "against")
                      and entry.cameo[:2] in VIOLENT_PLACE_ROOTS):
                    # "ordered air strikes on Aleppo" (the parser hangs "on" on the verb)
                    targets = _states_of_places(
                        [x for p in pobj for x in _conjuncts(p)], finder)
    # ("al-Shabaab claimed responsibility for the attack": _doers_of_noun gave the claimant)
    claim = _claim_verb(noun, finder)
    # a nominal event needs its doer named in the phrase or by a light verb; with no target it
    # also needs the light verb ("held talks"), else it is a mention, not news ("the invasion")
    if not sources:
        return [], [], entry.cameo
    light = (noun.dep_ in OBJ and head.lemma_.lower() in finder.light) or claim is not None
    if not targets and not light:
        return [], [], entry.cameo
    if not targets and light:
        # "began a hunger strike to demand the resignation of the president"
        src_ids = {a.id for a in sources}
        for comp in _complements(head):
            cands = [c for c in comp.children if c.dep_ in OBJ | DATIVE]
            cands += [p for c in comp.children if c.dep_ == "prep"
                      and c.lower_ in COMPLEMENT_TARGET_PREPS for p in c.children
                      if p.dep_ == "pobj"]
            found = [a for a in resolve(cands, loose=True) if a.id not in src_ids]
            if found:
                targets = list(found)
                break
    return sources, targets or [None], entry.cameo
