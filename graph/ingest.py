"""Turn input files into :class:`~graph.model.Article` records (the first stage of the flow).

Inputs are paths (files, directories, glob patterns) or ``"-"`` for standard input. Each file is
read by its suffix: ``.html``/``.htm`` through trafilatura (main text) and htmldate (publication
date), ``.jsonl`` one article a line, ``.json`` a list of such objects, anything else as plain
scraped text. Plain text is cleaned the way pages copied out of a browser need it: the run-in
headline, the ``Source: ... | 21:15`` line, share buttons and photo credits are taken out of the
body and turned into ``title``, ``source`` and ``published``.

``Article.text`` is exactly the cleaned body: the extractor reports character offsets into it.
JSONL text is kept verbatim for the same reason (a corpus may come with gold offsets).

Bad input never stops a batch: :func:`read_inputs` yields one :class:`~graph.errors.InputError`
per file or JSONL line that cannot be read and goes on with the rest.

The lists this module matches against (share-button labels, photo-credit markers, section labels,
time zone abbreviations, publishers' time zones) are data files in ``graph/data/``.
"""

from __future__ import annotations

import copy
import glob
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree
from lxml import html as lxml_html

from graph.errors import DataFileError, InputError
from graph.model import Article, stable_hash

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "article_id",
    "parse_date",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_text",
]

log = logging.getLogger(__name__)

#: Largest file (or JSONL line, or stdin) read by default, in bytes.
DEFAULT_MAX_BYTES = 5_000_000
#: Suffixes picked up when a directory is walked.
SUFFIXES = (".htm", ".html", ".json", ".jsonl", ".txt")  # READMEs (.md) in folders are not articles

_HTML_SUFFIXES = frozenset({".html", ".htm"})
_STDIN = "<stdin>"
# How many non-blank lines at the top of a text may hold the headline and metadata.
_HEAD_LINES = 6
_HEAD_CHARS = 3000
# A metadata remainder or body line longer than this is prose, not a credit or a button row.
_SHORT_LINE = 120
# How far after a metadata marker the date may start.
_META_WINDOW = 200
_BINARY_CONTROL_SHARE = 0.10


# --------------------------------------------------------------------------------------------
# Data tables


@dataclass(frozen=True)
class _Noise:
    """Phrases from ``ingest_noise.tsv``, case-folded, by kind."""

    share: tuple[str, ...]
    line: frozenset[str]
    credit: tuple[str, ...]
    section: frozenset[str]


def _data_rows(name: str, columns: int) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` of a tab-separated data file of ours, skipping comments."""
    resource = importlib_resources.files("graph") / "data" / name
    text = resource.read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in raw.split("\t")]
        if len(fields) != columns or not all(fields):
            raise DataFileError(
                f"graph/data/{name}:{number}: expected {columns} non-empty tab-separated fields, "
                f"got {raw!r}; fix the line or comment it out with '#'"
            )
        yield number, fields


@lru_cache(maxsize=1)
def _noise() -> _Noise:
    """Load the noise phrase table once (immutable result)."""
    kinds: dict[str, list[str]] = {"share": [], "line": [], "credit": [], "section": []}
    for number, (kind, phrase) in _data_rows("ingest_noise.tsv", 2):
        if kind not in kinds:
            raise DataFileError(
                f"graph/data/ingest_noise.tsv:{number}: unknown kind {kind!r}; "
                f"use one of {', '.join(sorted(kinds))}"
            )
        kinds[kind].append(phrase.casefold())
    # Longest first so "Share on Facebook" is stripped whole before "Share".
    share = tuple(sorted(kinds["share"], key=len, reverse=True))
    return _Noise(
        share=share,
        line=frozenset(kinds["line"]) | frozenset(share),
        credit=tuple(kinds["credit"]),
        section=frozenset(kinds["section"]),
    )


@lru_cache(maxsize=1)
def _zone_abbreviations() -> Mapping[str, timezone]:
    """Load ``timezones.tsv``: abbreviation -> fixed UTC offset."""
    table: dict[str, timezone] = {}
    for number, (abbr, offset) in _data_rows("timezones.tsv", 2):
        match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", offset)
        if match is None:
            raise DataFileError(
                f"graph/data/timezones.tsv:{number}: offset {offset!r} is not +HH:MM or -HH:MM"
            )
        table[abbr.upper()] = _fixed_offset(match.group(1), match.group(2), match.group(3))
    return MappingProxyType(table)


@lru_cache(maxsize=1)
def _publisher_zones() -> Mapping[str, str]:
    """Load ``publishers.tsv``: case-folded publisher name -> IANA zone name."""
    return MappingProxyType(
        {name.casefold(): zone for _, (name, zone) in _data_rows("publishers.tsv", 2)}
    )


def _fixed_offset(sign: str, hours: str, minutes: str) -> timezone:
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-delta if sign == "-" else delta)


# --------------------------------------------------------------------------------------------
# Dates

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTHS, start=1)} | {
    name[:3]: i for i, name in enumerate(_MONTHS, start=1)
}
_MONTH_NUMBER["sept"] = 9
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ORD = r"(?:st|nd|rd|th)?"
# One alternative per date layout; each names y, m (or mon) and d.
_DATE_RE = re.compile(
    r"(?<![\d.])(?:"
    rf"(?P<y1>\d{{4}})-(?P<m1>\d{{1,2}})-(?P<d1>\d{{1,2}})(?![\d])"  # 2023-05-29
    rf"|(?P<d2>\d{{1,2}})\.\s?(?P<m2>\d{{1,2}})\.\s?(?P<y2>\d{{4}})\.?"  # 29.05.2023
    # 29 May 2023, 3rd of March 2022
    rf"|(?P<d3>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon3>{_MONTH_RE}),?\s+(?P<y3>\d{{4}})"
    rf"|(?P<mon4>{_MONTH_RE})\s+(?P<d4>\d{{1,2}}){_ORD},?\s+(?P<y4>\d{{4}})"  # May 29, 2023
    r")(?![\d])",
    re.IGNORECASE,
)
# A time right after a date: "| 21:15", ", 14:03 CET", "at 9.30 pm", "T21:15:00+02:00".
_TIME_RE = re.compile(
    r"\s*(?:T|[|,\-–—/]|\s|at\b|@)*\s*"
    r"(?P<H>[01]?\d|2[0-3])[:.h](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?(?![a-z]))?"
    r"(?:\s*\(?(?P<zone>Z(?![a-z])|[+-]\d{2}:?\d{2}|(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?"
    r"|[A-Z]{2,5}(?![A-Za-z]))\)?)?",
    re.IGNORECASE,
)
_ISO_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


@dataclass(frozen=True)
class _DateHit:
    """A date (and maybe time) found in a string, with where it was."""

    start: int
    end: int
    day: date
    hour: int | None = None
    minute: int = 0
    second: int = 0
    tz: timezone | None = None

    def iso(self, publisher: str | None = None) -> str:
        """ISO 8601: date-time with offset when the zone is known, naive date-time, or date."""
        if self.hour is None:
            return self.day.isoformat()
        moment = datetime(
            self.day.year, self.day.month, self.day.day, self.hour, self.minute, self.second
        )
        tz: timezone | ZoneInfo | None = self.tz
        if tz is None and publisher:
            tz = _publisher_zone(publisher)
        if tz is not None:
            moment = moment.replace(tzinfo=tz)
        return moment.isoformat()


def _publisher_zone(publisher: str) -> ZoneInfo | None:
    """The IANA zone of a publisher in ``publishers.tsv``, or None when unknown/not installed."""
    name = _publisher_zones().get(publisher.strip().casefold())
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        log.debug(
            "time zone %s of publisher %s is not installed; keeping time naive", name, publisher
        )
        return None


def _zone(text: str | None) -> timezone | None:
    """Parse a zone written after a time: ``CET``, ``+02:00``, ``UTC+2``, ``Z``."""
    if not text:
        return None
    token = re.sub(r"\s", "", text).upper()
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", token)
    if match:
        hours = int(match.group(2))
        if hours > 14:
            return None
        return _fixed_offset(match.group(1), str(hours), match.group(3) or "0")
    return _zone_abbreviations().get(token)


def _find_date(text: str, start: int = 0, end: int | None = None) -> _DateHit | None:
    """Return the first valid date in ``text[start:end]``, with a time following it."""
    for match in _DATE_RE.finditer(text, start, len(text) if end is None else end):
        groups = match.groupdict()
        try:
            if groups["y1"]:
                y, m, d = int(groups["y1"]), int(groups["m1"]), int(groups["d1"])
            elif groups["y2"]:
                y, m, d = int(groups["y2"]), int(groups["m2"]), int(groups["d2"])
            elif groups["y3"]:
                y, d = int(groups["y3"]), int(groups["d3"])
                m = _MONTH_NUMBER[groups["mon3"].rstrip(".").casefold()]
            else:
                y, d = int(groups["y4"]), int(groups["d4"])
                m = _MONTH_NUMBER[groups["mon4"].rstrip(".").casefold()]
            day = date(y, m, d)
        except (ValueError, KeyError):
            continue  # 31.02.2023 and the like: not a date, look further
        time = _TIME_RE.match(text, match.end())
        if time is None:
            return _DateHit(match.start(), match.end(), day)
        hour = int(time.group("H"))
        ampm = (time.group("ampm") or "").casefold()
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        zone_text = time.group("zone")
        tz = _zone(zone_text)
        end = time.end()
        if zone_text and tz is None:
            # A capitalised word after the time ("21:15 Tweet") is not a zone: give it back.
            end = time.start("zone")
        return _DateHit(
            match.start(),
            end,
            day,
            hour=hour,
            minute=int(time.group("M")),
            second=int(time.group("S") or 0),
            tz=tz,
        )
    return None


def parse_date(text: str, *, publisher: str | None = None) -> str | None:
    """Return the first date in ``text`` as ISO 8601, or None when there is none.

    A time after the date is kept; its UTC offset comes from the text (``CET``, ``+02:00``) or,
    failing that, from the publisher's time zone in ``graph/data/publishers.tsv``.

    >>> parse_date("Tuesday, July 11, 2023 | 21:15")
    '2023-07-11T21:15:00'
    >>> parse_date("Published: 2023-05-29 14:03 CET")
    '2023-05-29T14:03:00+01:00'
    >>> parse_date("29.05.2023")
    '2023-05-29'
    >>> parse_date("no date here") is None
    True
    """
    stripped = text.strip()
    if _ISO_DATETIME_RE.fullmatch(stripped):
        try:
            moment = datetime.fromisoformat(stripped)
        except ValueError:
            moment = None
        if moment is not None and "T" not in stripped and " " not in stripped:
            return moment.date().isoformat()
        if moment is not None:
            if moment.tzinfo is None and publisher and (tz := _publisher_zone(publisher)):
                moment = moment.replace(tzinfo=tz)
            return moment.isoformat()
    hit = _find_date(text)
    return hit.iso(publisher) if hit else None


# --------------------------------------------------------------------------------------------
# Ids


def _content_id(text: str) -> str:
    """Hash of NFC-normalised, whitespace-collapsed text (what :func:`article_id` returns)."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return stable_hash(normalised)


def article_id(text: str) -> str:
    """Return a stable id for an article's text: a hash of its normalised form.

    Unicode NFC, whitespace runs collapsed and ends stripped, so the same story re-scraped with
    other line breaks gets the same id.

    >>> article_id("NATO  met\\nin Vilnius.") == article_id("NATO met in Vilnius. ")
    True
    """
    return _content_id(text)


# --------------------------------------------------------------------------------------------
# Plain text

_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "publisher": "source",
    "agency": "source",
    "date": "date",
    "published": "date",
    "publication date": "date",
    "url": "url",
    "link": "url",
    "author": "author",
    "by": "author",
    "lang": "lang",
    "language": "lang",
}
_HEADER_RE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(?P<value>.*)$")
_SOURCE_MARK_RE = re.compile(r"(?:(?<=\s)|^)(?:Source|Izvor)\s*:\s*", re.IGNORECASE)
_PUBLISHED_MARK_RE = re.compile(
    r"^\s*(?:(?:first\s+)?published|posted|updated|last\s+updated|date)(?:\s+on)?\s*:?\s*",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
# "By Jane Doe | Reuters | 12 May 2023" (bars), or a line holding only names: "By Jane Doe and
# John Roe". "By Friday, the ministers ..." is prose and does not match.
_BYLINE_RE = re.compile(
    rf"^By\s+[A-Z][^\n|•·]{{0,80}}[|•·]|^By\s+{_NAME}(?:\s*(?:,|\band\b)\s*{_NAME})*$"
)
_BYLINE_SPLIT_RE = re.compile(r"\s*[|•·]\s*")
_BLANK_PREFIX_RE = re.compile(rf"^[\s,|]*(?:{_WEEKDAY_RE})?[\s,|]*$", re.IGNORECASE)
# What may follow a date on a line of its own: a publisher name after a bar.
_PUBLISHER_TAIL_RE = re.compile(r"^[A-Z][\w.&' -]{0,40}$")
_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"(?:\s*,\s*(?P<when>[^()\n]{1,40}?))?"
    r"\s*\((?P<agency>[A-Za-z][^()\n]{0,40})\)\s*[-–—:]+\s+"
)
_WEEKDAY_TAIL_RE = re.compile(rf"[\s,]*(?:{_WEEKDAY_RE})?[\s,|]*$", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_SPACES_RE = re.compile(r"[^\S\n]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Soft hyphens, zero-width characters and direction marks: invisible, and they split words.
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_PARAGRAPH_END_RE = re.compile(r"[.!?:…][\"”’)\]]*$")
_WORD_RE = re.compile(r"\S+")


@dataclass
class _Meta:
    """What the top of a scraped text says about the article (filled while reading it)."""

    title: str | None = None
    source: str | None = None
    date: _DateHit | None = None
    date_text: str | None = None
    url: str | None = None
    lang: str | None = None


def _normalise(text: str) -> str:
    """Unify line ends, drop a BOM and control characters, and collapse spaces within lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _INVISIBLE_RE.sub("", _CONTROL_RE.sub(" ", text))
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def _strip_share(text: str) -> str:
    """Strip share-button labels from both ends of a metadata remainder."""
    noise = _noise()
    changed = True
    while changed and text:
        changed = False
        folded = text.casefold()
        for phrase in noise.share:
            if folded.startswith(phrase) and (
                len(text) == len(phrase) or not text[len(phrase)].isalnum()
            ):
                text = text[len(phrase) :].lstrip(" |,·•-–—")
                changed = True
                break
            if folded.endswith(phrase) and (
                len(text) == len(phrase) or not text[-len(phrase) - 1].isalnum()
            ):
                text = text[: -len(phrase)].rstrip(" |,·•-–—")
                changed = True
                break
    return text.strip()


def _is_credit(text: str) -> bool:
    """True for a short photo credit such as ``Agency/Name/Pool Photo via AP``."""
    if not text or len(text) > _SHORT_LINE:
        return False
    folded = text.casefold()
    return any(marker in folded for marker in _noise().credit) and not re.search(
        r"[a-z]{2}[.!?][\"”’]?$", text
    )


def _is_noise_line(line: str) -> bool:
    """True for a body line that is only a button label, a 'Read more' or a photo credit."""
    stripped = line.strip().rstrip(":").strip()
    if not stripped:
        return False
    if stripped.casefold() in _noise().line:
        return True
    return _strip_share(stripped) == "" or _is_credit(stripped)


def _parse_header_block(lines: list[str], meta: _Meta) -> int:
    """Read ``Key: value`` lines at the top (Title/Source/Date/URL); return the first body line."""
    index = 0
    while index < len(lines) and not lines[index]:
        index += 1
    first = _HEADER_RE.match(lines[index]) if index < len(lines) else None
    if first is None or _HEADER_KEYS.get(first.group("key").casefold()) != "title":
        return -1
    while index < len(lines) and lines[index]:
        match = _HEADER_RE.match(lines[index])
        field = _HEADER_KEYS.get(match.group("key").casefold()) if match else None
        if match is None or field is None:
            break
        value = match.group("value").strip()
        if field == "title":
            meta.title = value or None
        elif field == "source":
            meta.source = value or None
        elif field == "url":
            meta.url = value or None
        elif field == "lang":
            meta.lang = value.casefold() or None
        elif field == "date":
            meta.date_text = value
            meta.date = _find_date(value)
        index += 1
    return index


def _merge(meta: _Meta, found: _Meta) -> None:
    """Fill the fields of ``meta`` still empty from ``found`` (the first line to say wins)."""
    meta.source = meta.source or found.source
    meta.date = meta.date or found.date
    meta.date_text = meta.date_text or found.date_text


def _source_from(text: str) -> str | None:
    """Clean a publisher name cut out of a metadata line (weekday, separators removed)."""
    name = _WEEKDAY_TAIL_RE.sub("", text).strip(" |,;·•-–—")
    return name or None


def _parse_meta_line(line: str, meta: _Meta) -> tuple[int, str] | None:
    """Find a metadata marker in ``line``; return (where it starts, remainder after it) or None.

    The remainder is what follows the date/time once share buttons and credits are removed: it is
    body text when the page ran the metadata and the story together on one line.
    """
    start: int | None = None
    rest = ""
    source_mark = _SOURCE_MARK_RE.search(line)
    published = _PUBLISHED_MARK_RE.match(line)
    if source_mark:
        start = source_mark.start()
        after = line[source_mark.end() :]
        hit = _find_date(after, 0, _META_WINDOW)
        if hit:
            meta.source = meta.source or _source_from(after[: hit.start])
            meta.date = meta.date or hit
            rest = after[hit.end :]
        else:
            # "Source: Tanjug" alone, or "Source: Tanjug Tweet Share".
            meta.source = meta.source or _source_from(_strip_share(after))
    elif (
        published
        and (hit := _find_date(line, published.end(), published.end() + _META_WINDOW))
        and _BLANK_PREFIX_RE.match(line[published.end() : hit.start])
    ):
        start = 0
        meta.date = meta.date or hit
        rest = line[hit.end :]
        by = re.match(r"\s*by\s+(?P<who>[^|\n]+)", rest, re.IGNORECASE)
        if by:
            rest = ""
    elif _BYLINE_RE.match(line):
        start = 0
        parts = _BYLINE_SPLIT_RE.split(line.strip())
        for part in parts[1:]:
            hit = _find_date(part)
            if hit:
                meta.date = meta.date or hit
            elif part and not _strip_share(part) == "":
                meta.source = meta.source or _source_from(part)
    else:
        hit = _find_date(line, 0, _META_WINDOW)
        tail = _strip_share(line[hit.end :].strip(" |,-–—")) if hit else ""
        if (
            hit is None
            or not _BLANK_PREFIX_RE.match(line[: hit.start])
            or (tail and not _PUBLISHER_TAIL_RE.match(tail) and not _is_credit(tail))
        ):
            return None
        # A line that is only a date (maybe a weekday before, a publisher after a bar).
        start = 0
        meta.date = meta.date or hit
        if tail and not _is_credit(tail):
            meta.source = meta.source or _source_from(tail)
    rest = _strip_share(rest.strip(" |,-–—"))
    if _is_credit(rest):
        rest = ""
    return start, rest


def _match_dateline(line: str, meta: _Meta) -> str | None:
    """Strip a dateline such as ``Belgrade, 29 May 2023 (Beta) -``; return the rest or None."""
    match = _DATELINE_RE.match(line)
    if match is None:
        return None
    when = match.group("when")
    hit = _find_date(when) if when else None
    if when and hit is None:
        return None  # "Serbia, Kosovo (and others) - ..." is prose, not a dateline
    meta.source = meta.source or match.group("agency").strip()
    if hit:
        meta.date = meta.date or hit
    return line[match.end() :]


def _split_standfirst(head: str, body: str) -> str:
    """Cut a run-in headline where the standfirst (the body's opening words) begins."""
    words = _WORD_RE.findall(body[:400])
    for n in range(min(6, len(words)), 2, -1):
        probe = " ".join(words[:n])
        pos = head.find(probe, 1)
        while pos > 0:
            if head[pos - 1].isspace():
                return head[:pos]
            pos = head.find(probe, pos + 1)
    sentences = _SENTENCE_END_RE.split(head, maxsplit=1)
    return sentences[0]


def _strip_section(title: str, body: str) -> str:
    """Drop a section label run into the headline (``World In Vilnius, ...``)."""
    words = title.split(" ")
    if len(words) < 3 or words[0].casefold() not in _noise().section:
        return title
    following = words[1]
    if not following[:1].isupper() or f"{words[0]} {following}" in body:
        return title  # "World Bank ..." is a name the story repeats, not a section label
    rest = [w for w in words[1:] if len(w) > 3]
    capitalised = sum(1 for w in rest if w[:1].isupper())
    if rest and capitalised / len(rest) > 0.7:
        return title  # Title Case Headline: the first word is part of it
    return " ".join(words[1:])


def _clean_title(title: str, body: str) -> str | None:
    title = title.strip().lstrip("#").strip().rstrip(" |-–—:").strip()
    title = _strip_section(title, body) if title else title
    return title or None


def _paragraphs(lines: list[str]) -> str:
    """Join body lines into paragraphs separated by one blank line.

    A blank line always ends a paragraph; a single line break ends one too when the line before
    ends like a sentence, and is otherwise hard wrapping (joined with a space).
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        if _is_noise_line(line):
            continue
        blocks[-1].append(line)
        if _PARAGRAPH_END_RE.search(line):
            blocks.append([])
    return "\n\n".join(" ".join(block) for block in blocks if block)


def read_text(text: str, *, origin: str, article_id: str | None = None) -> Article:
    """Read one article of plain scraped text: recover title, source, date and the clean body.

    Recognised tops: a ``Title:``/``Source:``/``Date:``/``URL:`` header block; a run-in headline
    followed by ``Source: <publisher> <date> | <time>``; a byline ``By <name> | <publisher> |
    <date>``; ``Published:``/``Posted on`` lines; a line holding only a date; a dateline
    ``Belgrade, 29 May 2023 (Beta) -``. Share buttons and photo credits are dropped. Without any
    of these, a short first line that does not end like a sentence is taken as the title.

    Raises :class:`InputError` when no body text is left.

    >>> a = read_text("Ships collide\\nPosted on May 2, 2024\\n\\nTwo ships collided.", origin="x")
    >>> (a.title, a.published, a.text)
    ('Ships collide', '2024-05-02', 'Two ships collided.')
    """
    lines = _normalise(text).split("\n")
    meta = _Meta()
    body_start = _parse_header_block(lines, meta)
    head_parts: list[str] = []
    rest_lines: list[str]
    if body_start >= 0:
        rest_lines = lines[body_start:]
    else:
        rest_lines = _split_head(lines, meta, head_parts)
    # A dateline opens the first body paragraph.
    for i, line in enumerate(rest_lines):
        if line:
            stripped = _match_dateline(line, meta)
            if stripped is not None:
                rest_lines[i] = stripped
            break
    body = _paragraphs(rest_lines)
    if not body and head_parts and meta.title is None:
        # Only a headline-like line was found: the text is a single paragraph, keep it all.
        body = _paragraphs(head_parts)
        head_parts = []
    if not body:
        raise InputError(origin, "no article text found (the input is empty or only metadata)")
    if meta.title is None and head_parts:
        nonblank = [p for p in head_parts if p]
        if nonblank and nonblank[0].casefold() in _noise().section and len(nonblank) > 1:
            nonblank = nonblank[1:]
        first = nonblank[0] if len(nonblank) > 1 else _split_standfirst(nonblank[0], body)
        meta.title = _clean_title(first, body) if nonblank else None
    published: str | None = None
    if meta.date is not None:
        published = meta.date.iso(meta.source)
    elif meta.date_text:
        published = parse_date(meta.date_text, publisher=meta.source)
    return Article(
        id=article_id if article_id is not None else _content_id(body),
        text=body,
        title=meta.title,
        source=meta.source,
        url=meta.url,
        published=published,
        lang=meta.lang or "en",
        origin=origin,
    )


def _split_head(lines: list[str], meta: _Meta, head_parts: list[str]) -> list[str]:
    """Find the metadata line near the top; fill ``head_parts`` with what precedes it.

    Returns the body lines (what follows the metadata, with a run-in remainder first). A marker
    after more than a headline and a standfirst is not taken: it is in the story itself.
    """
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        before = [p for p in lines[:index] if p]
        if seen > _HEAD_LINES or sum(map(len, before)) > _HEAD_CHARS:
            break
        if _DATELINE_RE.match(line) and _match_dateline(line, _Meta()) is not None:
            head_parts.extend(before)
            return lines[index:]
        probe = _Meta()
        found = _parse_meta_line(line, probe)
        if found is None:
            continue
        start, rest = found
        if sum(map(len, before)) + start > _HEAD_CHARS:
            break
        _merge(meta, probe)
        head_parts.extend(before)
        if line[:start].strip():
            head_parts.append(line[:start].strip())
        following = index + 1
        # Further metadata/noise lines right after (a second date line, share buttons, credits).
        while following < len(lines):
            nxt = lines[following]
            if not nxt or _is_noise_line(nxt):
                following += 1
                continue
            probe = _Meta()
            if len(nxt) < 100 and _parse_meta_line(nxt, probe) == (0, ""):
                _merge(meta, probe)
                following += 1
                continue
            break
        return ([rest] if rest else []) + lines[following:]
    # No metadata: a short first line that does not end like a sentence is the headline.
    nonblank = [i for i, line in enumerate(lines) if line]
    if len(nonblank) >= 2:
        first = lines[nonblank[0]]
        if first.startswith("#") or (
            len(first) <= 200 and not re.search(r"[.!?,;:][\"”’)]?$", first)
        ):
            meta.title = _clean_title(first, "\n".join(lines[nonblank[1] :]))
            return lines[nonblank[0] + 1 :]
    return lines


# --------------------------------------------------------------------------------------------
# HTML

# Elements whose content is never article text; removed before trafilatura sees the page.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "canvas", "button", "select", "textarea", "nav",
)  # fmt: skip
_SCRIPT_TAG_RE = re.compile(r"<\s*/?\s*script\b[^>]*>", re.IGNORECASE)
_TIME_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.created", "pubdate",
    "publishdate", "sailthru.date", "parsely-pub-date",
)  # fmt: skip
_HTML_CHARSET_RE = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE
)


def _clean_tree(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """Remove scripts, styles, comments, navigation and event-handler attributes (in place)."""
    unwanted = tree.xpath("//comment() | //processing-instruction()")
    unwanted.extend(tree.iter(*_DROP_TAGS))
    for element in unwanted:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the element's tail text in place
    for element in tree.iter():
        if isinstance(element.tag, str):
            for name in [a for a in element.attrib if a.lower().startswith("on")]:
                del element.attrib[name]
    return tree


def _precise_time(tree: lxml_html.HtmlElement, day: str) -> str | None:
    """Find a full timestamp for ``day`` in meta tags, ``<time datetime>`` or JSON-LD."""
    candidates: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").casefold()
        if key in _TIME_META and meta.get("content"):
            candidates.append(meta.get("content", ""))
    candidates.extend(t.get("datetime", "") for t in tree.iter("time") if t.get("datetime"))
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        candidates.extend(re.findall(r'"datePublished"\s*:\s*"([^"]+)"', str(script)))
    for value in candidates:
        value = value.strip()
        if value.startswith(day) and ("T" in value or " " in value[10:]):
            iso = parse_date(value)
            if iso and iso.startswith(day) and "T" in iso:
                return iso
    return None


def _decode_html(data: bytes, origin: str) -> str:
    """Decode HTML bytes as UTF-8, or by the charset the page itself declares."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _HTML_CHARSET_RE.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii", "replace")
            try:
                return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
        raise InputError(origin, _not_utf8_message(origin, exc)) from None


def read_html(html: str | bytes, *, origin: str, url: str | None = None) -> Article:
    """Read one HTML page: main text by trafilatura, date by htmldate, title from metadata.

    Scripts, styles, comments and event-handler attributes are removed before extraction, so no
    script text can reach the article. Paragraphs are separated by a blank line; the headline is
    not repeated at the top of the text. Raises :class:`InputError` when the page has no main
    text or cannot be parsed.
    """
    import htmldate
    import trafilatura

    if isinstance(html, bytes):
        html = _decode_html(html, origin)
    if not html.strip():
        raise InputError(origin, "the HTML page is empty")
    # lxml refuses str input with an encoding declaration; drop the XML prolog.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    # Read the page's own timestamps (JSON-LD is a <script>) before the cleaning removes them.
    raw_tree = _parse_tree(html, origin)
    tree = _clean_tree(copy.deepcopy(raw_tree))
    cleaned = lxml_html.tostring(tree, encoding="unicode")
    try:
        text = trafilatura.extract(
            cleaned,
            url=url,
            output_format="txt",
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
        metadata = trafilatura.extract_metadata(cleaned, default_url=url, extensive=False)
        day = htmldate.find_date(
            copy.deepcopy(raw_tree),
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        raise InputError(origin, f"HTML could not be read ({type(exc).__name__}: {exc})") from exc
    title = (metadata.title or "").strip() or None if metadata is not None else None
    source = (metadata.sitename or "").strip() or None if metadata is not None else None
    page_url = url or (metadata.url if metadata is not None else None)
    lines = [_SPACES_RE.sub(" ", line).strip() for line in (text or "").split("\n")]
    lines = [line for line in lines if line and not _is_noise_line(line)]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    body = _SCRIPT_TAG_RE.sub("", "\n\n".join(lines)).strip()
    if not body:
        raise InputError(
            origin, "the HTML page has no main text (only navigation, scripts or markup?)"
        )
    published = None
    if day:
        published = _precise_time(raw_tree, day) or day
    return Article(
        id=article_id(body),
        text=body,
        title=title,
        source=source,
        url=page_url,
        published=published,
        origin=origin,
    )


def _parse_tree(html: str, origin: str) -> lxml_html.HtmlElement:
    """Parse a page as it is (its dates are read from it; the text only after cleaning).

    libxml2 stops reading a page whose elements nest deeper than 256 and keeps no more of it
    (a hostile or broken page of unclosed tags would lose its article without a word), so a
    page that hits that limit is read again with its nesting capped (:func:`_cap_depth`).
    """
    try:
        parser = lxml_html.HTMLParser()
        tree = lxml_html.document_fromstring(html, parser=parser)
        if any("Excessive depth" in e.message for e in parser.error_log):
            log.warning("%s: tags nest deeper than libxml2 reads (256); reading it with "
                           "the nesting capped at %d", origin, _MAX_DEPTH)
            tree = lxml_html.document_fromstring(_cap_depth(html))
        return tree
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(
            origin, f"HTML could not be parsed ({exc}); is it really an HTML page?"
        ) from exc


#: The deepest nesting :func:`_cap_depth` leaves (libxml2 stops at 256, html/body included).
_MAX_DEPTH = 200
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr",
})  # fmt: skip
# a comment, a raw-text element with its content (left as they are), or one tag
_TOKEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)


def _cap_depth(html: str, limit: int = _MAX_DEPTH) -> str:
    """Return ``html`` with its element nesting kept under ``limit``; no text is removed.

    Tags are followed on a stack (comments, scripts and styles are skipped whole). When a start
    tag would go past ``limit``, the deepest half of the open elements is closed first, so what
    follows becomes their sibling instead of their descendant (a browser, too, stops nesting
    past a depth). End tags close up to the element they name, as parsers do.
    """
    stack: list[str] = []

    def token(m: re.Match[str]) -> str:
        name = m.group(3)
        if name is None:  # a comment or raw-text element
            return m.group(0)
        name = name.lower()
        if m.group(2):  # an end tag
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
            return m.group(0)
        if name in _VOID_TAGS or m.group(4):
            return m.group(0)
        closed = ""
        if len(stack) >= limit:
            keep = limit // 2
            closed = "".join(f"</{t}>" for t in reversed(stack[keep:]))
            del stack[keep:]
        stack.append(name)
        return closed + m.group(0)

    return _TOKEN_RE.sub(token, html)


# --------------------------------------------------------------------------------------------
# JSONL / JSON

_OPTIONAL_STR_FIELDS = ("title", "source", "url", "lang")


def _article_from_record(record: Any, origin: str) -> Article | InputError:
    """Turn one JSON object ``{"id","text","date"?,"title"?,"source"?,"url"?}`` into an Article."""
    if not isinstance(record, dict):
        return InputError(
            origin, f'expected a JSON object with a "text" field, got a {type(record).__name__}'
        )
    text = record.get("text")
    if isinstance(text, str) and "\x00" in text:
        # a NUL escaped in the JSON ("\u0000") is no text; a space keeps every offset valid
        text = text.replace("\x00", " ")
    if not isinstance(text, str) or not text.strip():
        what = "is missing" if "text" not in record else f"is {type(text).__name__} {text!r:.40}"
        return InputError(origin, f'"text" {what}; each record needs a non-empty string "text"')
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return InputError(origin, f'"id" must be a string or an integer, got {raw_id!r:.40}')
    fields: dict[str, str | None] = {}
    for key in _OPTIONAL_STR_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return InputError(origin, f'"{key}" must be a string, got {value!r:.40}')
        fields[key] = value.strip() or None if isinstance(value, str) else None
    raw_date = record.get("date", record.get("published"))
    published: str | None = None
    if raw_date is not None:
        if not isinstance(raw_date, str):
            return InputError(origin, f'"date" must be an ISO 8601 string, got {raw_date!r:.40}')
        if raw_date.strip():
            published = parse_date(raw_date, publisher=fields["source"])
            if published is None:
                return InputError(
                    origin,
                    f'"date" {raw_date!r:.40} is not a date; write it as ISO 8601 '
                    "(2023-07-11 or 2023-07-11T21:15:00+02:00)",
                )
    return Article(
        id=str(raw_id) if raw_id is not None and str(raw_id) else article_id(text),
        text=text,
        title=fields["title"],
        source=fields["source"],
        url=fields["url"],
        published=published,
        lang=fields["lang"] or "en",
        origin=origin,
    )


def read_jsonl(lines: Iterable[str], *, origin: str) -> Iterator[Article | InputError]:
    """Read one article per JSON line; a bad line yields an InputError naming ``origin:line``.

    Blank lines are skipped. The ``text`` is kept verbatim (offsets into it must stay valid).

    >>> [type(x).__name__ for x in read_jsonl(['{"text": "A met B."}', '[1]'], origin="f")]
    ['Article', 'InputError']
    """
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.lstrip("\ufeff")
        if line.strip():
            yield _read_json_line(line, f"{origin}:{number}")


def _read_json_line(line: str, where: str) -> Article | InputError:
    """Parse one JSONL line into an Article, or an InputError naming ``where`` (file:line)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(
            where, f"not valid JSON ({exc.msg} at column {exc.colno}); write one object a line"
        )
    except RecursionError:
        return InputError(where, "JSON nested too deeply; write one flat object a line")
    return _article_from_record(record, where)


def _read_json_document(text: str, origin: str) -> Iterator[Article | InputError]:
    """Read a ``.json`` file: a list of article objects or one object (or, tolerated, JSONL)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            yield from read_jsonl(text.split("\n"), origin=origin)
            return
        yield InputError(
            origin,
            f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); a .json file "
            "must hold one article object or a list of them",
        )
        return
    except RecursionError:
        yield InputError(origin, "JSON nested too deeply; expected a list of article objects")
        return
    if isinstance(data, list):
        if not data:
            yield InputError(origin, "the JSON list is empty; expected article objects")
        for index, record in enumerate(data):
            yield _article_from_record(record, f"{origin}[{index}]")
    else:
        yield _article_from_record(data, origin)


# --------------------------------------------------------------------------------------------
# Files and inputs


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _not_utf8_message(origin: str, exc: UnicodeDecodeError) -> str:
    name = Path(origin).name if origin != _STDIN else "input.txt"
    return (
        f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start} is invalid); "
        f"its encoding isn't UTF-8: convert it first, e.g. "
        f"`iconv -f WINDOWS-1252 -t UTF-8 {name} > {Path(name).stem}.utf8{Path(name).suffix}` "
        "(use the file's real encoding after -f)"
    )


def _binary_reason(data: bytes) -> str | None:
    """Say why ``data`` is not text (NUL bytes, UTF-16, mostly control bytes), or None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (
            "is UTF-16 text, not UTF-8; convert it first, e.g. `iconv -f UTF-16 -t UTF-8 in > out`"
        )
    sample = data[:65536]
    if b"\x00" in sample:
        return "is binary (it contains NUL bytes), not text; give a .txt, .html or .jsonl file"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13) or b == 127)
    if sample and controls / len(sample) > _BINARY_CONTROL_SHARE:
        return "is binary (mostly control bytes), not text; give a .txt, .html or .jsonl file"
    return None


def _decode(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(origin, _not_utf8_message(origin, exc)) from None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1024].casefold()
    return head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")) or bool(
        re.match(r"<(?:div|p|article|section|main|meta|title|h1)\b", head)
    )


def _read_document(text: str, origin: str, kind: str) -> Iterator[Article | InputError]:
    """Dispatch decoded content by kind: html, jsonl, json or text."""
    try:
        if kind == "jsonl":
            yield from read_jsonl(text.split("\n"), origin=origin)
        elif kind == "json":
            yield from _read_json_document(text, origin)
        elif kind == "html":
            yield read_html(text, origin=origin)
        else:
            yield read_text(text, origin=origin)
    except InputError as exc:
        yield exc


def _kind_of(path: Path) -> str:
    suffix = path.suffix.casefold()
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    return "text"


def _read_jsonl_file(path: Path, origin: str, max_bytes: int) -> Iterator[Article | InputError]:
    """Stream a JSONL file line by line; ``max_bytes`` limits each line, not the whole file."""
    with path.open("rb") as handle:
        head = handle.read(65536)
        if not head.strip():
            yield InputError(origin, "file is empty; expected one JSON object a line")
            return
        reason = _binary_reason(head)
        if reason:
            yield InputError(origin, reason)
            return
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            where = f"{origin}:{number}"
            if len(raw) > max_bytes:
                yield InputError(
                    where,
                    f"line is {_size(len(raw))}, over the limit of {_size(max_bytes)}; "
                    "split the article or raise max_bytes",
                )
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(where, _not_utf8_message(origin, exc))
                continue
            if line.strip():
                yield _read_json_line(line, where)


def _read_file(path: Path, origin: str, max_bytes: int) -> Iterator[Article | InputError]:
    """Read one file by its suffix, yielding articles or one InputError naming the file."""
    try:
        if not path.is_file():
            yield InputError(origin, "is not a regular file; give a file, a directory or a glob")
            return
        kind = _kind_of(path)
        if kind == "jsonl":
            yield from _read_jsonl_file(path, origin, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(
                origin,
                f"file is {_size(size)}, over the limit of {_size(max_bytes)}; "
                "split it or raise max_bytes (--max-bytes)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(
            origin, f"cannot be read ({exc.strerror or exc}); check the path and permissions"
        )
        return
    yield from _read_bytes(data, origin, kind)


def _read_bytes(data: bytes, origin: str, kind: str) -> Iterator[Article | InputError]:
    if not data.strip():
        yield InputError(origin, "file is empty; nothing to read")
        return
    reason = _binary_reason(data)
    if reason:
        yield InputError(origin, reason)
        return
    try:
        text = _decode_html(data, origin) if kind == "html" else _decode(data, origin)
    except InputError as exc:
        yield exc
        return
    yield from _read_document(text, origin, kind)


def _walk(directory: Path) -> list[Path]:
    """Files with a known suffix under ``directory``, sorted, hidden files and folders skipped."""
    found = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.casefold() in SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def _read_stdin(stdin: TextIO, max_bytes: int) -> Iterator[Article | InputError]:
    """Read standard input, sniffing the format: JSONL, HTML or plain text."""
    try:
        text = stdin.read(max_bytes + 1)
    except UnicodeDecodeError as exc:
        yield InputError(_STDIN, _not_utf8_message(_STDIN, exc))
        return
    if len(text.encode("utf-8", "surrogateescape")) > max_bytes:
        yield InputError(
            _STDIN, f"input is over the limit of {_size(max_bytes)}; split it or raise max_bytes"
        )
        return
    if not text.strip():
        yield InputError(_STDIN, "standard input is empty; pipe an article or JSONL into it")
        return
    if "\x00" in text:
        yield InputError(_STDIN, "input is binary (it contains NUL bytes), not text")
        return
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        kind = "jsonl"
    elif _looks_like_html(stripped):
        kind = "html"
    else:
        kind = "text"
    yield from _read_document(text, _STDIN, kind)


def read_inputs(
    inputs: Iterable[str | Path],
    *,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | InputError]:
    """Read every input and yield its articles, or an InputError per input that fails.

    An input is a file, a directory (walked in sorted order for ``*.txt *.html *.htm *.jsonl
    *.json``), a glob pattern (``corpus/**/*.jsonl``) or ``"-"`` for ``stdin`` (default
    ``sys.stdin``). A file's suffix picks the reader; an unknown suffix is read as plain text.
    Never raises for bad input: empty, binary, non-UTF-8, oversized or missing files and bad
    JSONL lines each become one InputError, and the batch goes on.
    """
    for item in inputs:
        name = str(item)
        if name == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            files = _walk(path)
            if not files:
                yield InputError(
                    name,
                    f"directory holds no readable files ({' '.join('*' + s for s in SUFFIXES)})",
                )
            for file in files:
                yield from _read_file(file, str(file), max_bytes)
            continue
        if not path.exists() and any(ch in name for ch in "*?["):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield InputError(name, "the pattern matched no files; check the path and quoting")
            for match in matches:
                matched = Path(match)
                if matched.is_dir():
                    yield from read_inputs([matched], stdin=stdin, max_bytes=max_bytes)
                else:
                    yield from _read_file(matched, match, max_bytes)
            continue
        if not path.exists():
            yield InputError(name, "no such file or directory; check the path")
            continue
        yield from _read_file(path, name, max_bytes)
