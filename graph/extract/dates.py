"""Event time from text: find time expressions and resolve them against the report time.

News reports date events relative to the day they are published ("on Monday", "yesterday",
"last week", "in December"), so every relative expression is resolved against an *anchor*, the
article's publication time, taken as a calendar date in its own time zone
(``2023-07-11T21:15+02:00`` is July 11). The grammatical tense of the predicate decides which
way an ambiguous expression points: a past "on Monday" is the most recent Monday on or before
the anchor, a future one the next Monday after it, a present one the nearer of the two. Day
and month expressions without a year take the year that puts a past event before (or at) the
anchor and a future one after (or at) it.

Values follow ``TimeValue``: ``2023-05-29`` (day), ``2023-W27`` (ISO week), ``2023-05``
(month), ``2023`` (year) or ``2023-05-01/2023-05-03`` (interval). Choices worth knowing:

- "earlier this week/month/year" is an interval from the start of that period to the anchor,
  "later this ..." one from the anchor to its end (tighter than the whole period); plain
  "this year" is the year.
- "N days ago" and "N weeks ago" are days (anchor minus 1 or 7 days per unit), "N months ago"
  months, "N years ago" years; "in N days" counts forward only for future-tense predicates
  ("for the first time in two years" is a duration, not a time).
- "mid-May", "early May", "late May" and "the end of May" are the month May.
- weekends are Saturday-Sunday intervals; "overnight" is the night that ends on the anchor day
  (its two days); two weekdays ("on Wednesday and Thursday", "between Monday and Wednesday")
  are the span they close; seasons are northern meteorological intervals.
- Adverbs relative to another time of the story ("the previous day", "two days later") count
  from the day the predicate's clause names ("said on Wednesday it had killed 20 militants the
  previous day" is Tuesday); without such a day they are not resolved (the report time says
  nothing about them), and "two days after the vote" dates the vote, not the predicate.

To keep false dates out, a bare month needs a preposition or modifier ("in May", "mid-May",
"last May") or a day or year next to it, and months are matched only when capitalised, so
"Serbia may respond" and "a march" are not dates; a bare year needs a preposition ("in 2022",
"since 1999") and is not taken before a plural noun ("in 2000 cases"), so "the 1999 war",
"Resolution 1244" and "point 77" are not dates. The word lists live in
``ontology/lexicon/time.tsv``.

Example:

>>> from datetime import date
>>> [(e.text, e.value) for e in find_time_expressions("Talks ended on Monday.", date(2023, 7, 11))]
[('Monday', '2023-07-10')]
>>> event_time("NATO met on Monday.", (5, 8), date(2023, 7, 11), tense="future").value
'2023-07-17'
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType

from graph.errors import DataFileError
from graph.model import TimeValue
from graph.resources import lexicon_dir

__all__ = [
    "TENSES",
    "TimeExpression",
    "event_time",
    "find_time_expressions",
    "is_time_word",
    "parse_anchor",
    "report_day",
]

logger = logging.getLogger(__name__)

#: Accepted values of the ``tense`` argument.
TENSES = ("past", "present", "future")

#: File name of the word lists in the lexicon folder.
LEXICON_FILE = "time.tsv"

_KINDS = ("month", "weekday", "number", "unit", "daypart", "season")
_UNITS = ("day", "week", "month", "year")

#: Characters that close a clause for the purpose of picking an event's time.
_BOUNDARY_CHARS = frozenset(';"“”„«»')
#: Extra distance (in characters) charged to an expression before the predicate: English puts
#: the time after the verb ("X did Y on Monday"), except in a sentence-initial adverbial.
_BEFORE_PENALTY = 20
_DIGIT = re.compile(r"\d")
#: Dashes of compact ranges ("1-3 May", "1–3 May").
_DASHES = ("-", "–", "—")
#: How far back (characters) a weekday or "the night of" may start before a day-month date.
_LEAD_WINDOW = 40
#: What may precede a sentence-initial time adverbial ("On Monday, ...", "Earlier, on ...").
_LEADING = re.compile(
    r"[\W_]*(?:(?:on|in|at|since|during|by|from|over|earlier|later|late|early)\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeExpression:
    """A time expression found in a text and resolved against the anchor.

    ``start``/``end`` are character offsets in the text passed in (``text[start:end] ==
    self.text``); ``value``/``precision`` are as in :class:`graph.model.TimeValue`;
    ``first``/``last`` are the first and last day the expression covers.
    """

    text: str
    start: int
    end: int
    value: str
    precision: str
    first: date
    last: date


# --- word lists --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    """The word lists of ``time.tsv``, each a read-only mapping from lower-case word."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    units: Mapping[str, str]
    dayparts: Mapping[str, str]
    seasons: Mapping[str, int]


def _read_lexicon(path: Path) -> _Lexicon:
    """Read and validate the word lists; errors name ``file:line`` and what was expected."""
    tables: dict[str, dict[str, int | str]] = {kind: {} for kind in _KINDS}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the time word lists ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{number}"
        fields = line.split("\t")
        if len(fields) != 3:
            raise DataFileError(
                f"{where}: expected 3 tab-separated fields (kind, word, value), got {len(fields)}"
            )
        kind, word, raw = (f.strip() for f in fields)
        if kind not in tables:
            raise DataFileError(f"{where}: unknown kind {kind!r}; use one of {', '.join(_KINDS)}")
        if not re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", word):
            raise DataFileError(f"{where}: word {word!r} must be lower-case letters")
        if word in tables[kind]:
            raise DataFileError(f"{where}: {kind} {word!r} is listed twice")
        tables[kind][word] = _check_value(where, kind, raw)
    for kind, table in tables.items():
        if not table:
            raise DataFileError(f"{path}: no {kind} entries; the file needs at least one")
    return _Lexicon(
        months=MappingProxyType({w: int(v) for w, v in tables["month"].items()}),
        weekdays=MappingProxyType({w: int(v) for w, v in tables["weekday"].items()}),
        numbers=MappingProxyType({w: int(v) for w, v in tables["number"].items()}),
        units=MappingProxyType({w: str(v) for w, v in tables["unit"].items()}),
        dayparts=MappingProxyType({w: str(v) for w, v in tables["daypart"].items()}),
        seasons=MappingProxyType({w: int(v) for w, v in tables["season"].items()}),
    )


def _check_value(where: str, kind: str, raw: str) -> int | str:
    """Return the value of one lexicon entry, checked against its kind's range."""
    if kind == "unit":
        if raw not in _UNITS:
            raise DataFileError(f"{where}: unit value {raw!r} must be one of {', '.join(_UNITS)}")
        return raw
    if kind == "daypart":
        return raw
    limits = {"month": (1, 12), "weekday": (0, 6), "number": (1, 1000), "season": (1, 12)}
    low, high = limits[kind]
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise DataFileError(f"{where}: {kind} value {raw!r} must be an integer in {low}..{high}")
    return int(raw)


# --- the grammar: patterns compiled once -----------------------------------------------------

_Resolved = tuple[str, str, date, date]  # value, precision, first, last


@dataclass(frozen=True)
class _Context:
    """What a resolver needs besides its match: word lists, anchor date (or None), tense."""

    lexicon: _Lexicon
    anchor: date | None
    tense: str


_Resolver = Callable[[re.Match[str], _Context], _Resolved | None]


@dataclass(frozen=True)
class _Rule:
    """One pattern, what a text must contain for it to match at all, and its resolver."""

    pattern: re.Pattern[str]
    needs_digit: bool
    needs_month: bool
    needs_word: tuple[str, ...]  # one of these must occur in the lower-cased text (if any)
    lead: bool  # a weekday or "the night of" right before the match joins the expression
    resolve: _Resolver


@dataclass(frozen=True)
class _Grammar:
    """The word lists, a quick test for any month name, and the rules in priority order."""

    lexicon: _Lexicon
    any_month: re.Pattern[str]
    lead_before: re.Pattern[str]
    rules: tuple[_Rule, ...]


def _alternation(words: Iterable[str], *, capitalised: bool = False) -> str:
    """Return a regex alternation of ``words``, longest first (so "Sept" beats "Sep").

    ``capitalised`` matches only the Title-case and upper-case forms, case-sensitively even
    inside a case-insensitive pattern (months: "May" the month, not "may" the modal).
    """
    ordered = sorted(words, key=lambda w: (-len(w), w))
    if not capitalised:
        return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"
    forms = [f for w in ordered for f in (w.capitalize(), w.upper())]
    return "(?-i:" + "|".join(re.escape(f) for f in forms) + ")"


def _build_grammar(lexicon: _Lexicon) -> _Grammar:
    """Compile every pattern of the grammar from the word lists."""
    # an abbreviation is a prefix of a full name of the same month ("Sept" of "September")
    abbr = [
        w
        for w, n in lexicon.months.items()
        if any(o != w and o.startswith(w) and lexicon.months[o] == n for o in lexicon.months)
    ]
    full = [w for w in lexicon.months if w not in abbr]

    initials = "".join(sorted({w[0].upper() for w in lexicon.months}))

    def month(name: str) -> str:
        # a full month name, or an abbreviation with an optional full stop ("Sept."); the
        # look-ahead on the capital initial rejects most positions before the alternation
        return (
            rf"(?-i:(?=[{initials}]))(?P<{name}>{_alternation(full, capitalised=True)}\b"
            rf"|{_alternation(abbr, capitalised=True)}\b\.?)"
        )

    def day(name: str) -> str:
        return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?\b"

    def year(name: str) -> str:
        return rf"(?<!\d)(?P<{name}>(?:18|19|20)\d\d)\b(?![-/.]\d)"

    weekday = rf"(?P<wd>{_alternation(lexicon.weekdays)})\b"
    part = _alternation(lexicon.dayparts)
    number = rf"(?P<n>\d{{1,3}}|{_alternation(lexicon.numbers)})"
    unit = rf"(?P<u>{_alternation(lexicon.units)})s?"
    season = _alternation(lexicon.seasons)
    dash = r"\s*[-–—]\s*"
    to = r"\s+(?:and|to|until|till|through|[-–—])\s+"
    opt_year = rf"(?:,?\s+{year('y')})?"
    not_plural_noun = r"(?!\s+(?!(?:as|was|is|has|this|its|his|us|thus|whereas|plus)\b)[a-z]+s\b)"

    def rule(
        src: str,
        resolve: _Resolver,
        *,
        digit: bool = False,
        named_month: bool = False,
        words: tuple[str, ...] = (),
        lead: bool = False,
    ) -> _Rule:
        return _Rule(re.compile(src, re.IGNORECASE), digit, named_month, words, lead, resolve)

    # The needs (a digit, a month name, one of some words) let a sentence skip the patterns
    # that cannot match it, which keeps event_time fast; order decides ties of equal spans.
    rules = (
        # ISO calendar date: 2023-05-29
        rule(
            r"\b(?<![\d-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?!\d)", _resolve_iso, digit=True
        ),
        # numeric date, day first unless impossible: 29.05.2023, 29/05/2023, 05/29/2023
        rule(
            r"\b(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})"
            r"(?!\d|[./-]\d)",
            _resolve_numeric,
            digit=True,
        ),
        # day range with a leading word: between 1 and 3 May, from 30 April to 2 May 2023
        rule(
            rf"\b(?:between|from)\s+(?:the\s+)?{day('d1')}(?:\s+(?:of\s+)?{month('m1')})?"
            rf"{to}(?:the\s+)?{day('d2')}(?:\s+of)?\s+{month('m2')}{opt_year}",
            _resolve_range,
            digit=True,
            named_month=True,
            words=("between", "from"),
        ),
        # month-first range with a leading word: between May 1 and May 3, from May 1 to 3
        rule(
            rf"\b(?:between|from)\s+{month('m1')}\s+{day('d1')}{to}(?:{month('m2')}\s+)?"
            rf"{day('d2')}{opt_year}",
            _resolve_range,
            digit=True,
            named_month=True,
            words=("between", "from"),
        ),
        # compact ranges: 1-3 May, May 1-3
        rule(
            rf"\b(?<![\d./-]){day('d1')}{dash}{day('d2')}\s+{month('m2')}{opt_year}",
            _resolve_range,
            digit=True,
            named_month=True,
            words=_DASHES,
        ),
        rule(
            rf"\b{month('m1')}\s+{day('d1')}{dash}{day('d2')}(?![-/.]\d){opt_year}",
            _resolve_range,
            digit=True,
            named_month=True,
            words=_DASHES,
        ),
        # day month (year): 29 May, the 29th of May 2023; a weekday or "the night of" before
        # it joins the expression (Monday 29 May, the night of 28 May)
        rule(
            rf"\b(?<![\d./-])(?:the\s+)?{day('d')}(?:\s+of)?\s+{month('m')}{opt_year}",
            _resolve_day_month,
            digit=True,
            named_month=True,
            lead=True,
        ),
        # month day (year): May 29, May 29, 2023, Monday, May 29
        rule(
            rf"\b{month('m')}\s+{day('d')}(?![-/.:]\d){opt_year}",
            _resolve_day_month,
            digit=True,
            named_month=True,
            lead=True,
        ),
        # month year: December 2022, mid-May 2023, the end of May 2023
        rule(
            rf"\b(?:(?:early|mid|late)[-\s]?|the\s+(?:end|beginning|start|middle)\s+of\s+)?"
            rf"{month('m')},?\s+{year('y')}",
            _resolve_month,
            digit=True,
            named_month=True,
        ),
        # month with a modifier: last May, next December, mid-May, the end of May
        rule(
            rf"\b(?:(?P<rel>last|next|this)\s+|(?:early|mid|late)[-\s]?"
            rf"|the\s+(?:end|beginning|start|middle)\s+of\s+){month('m')}",
            _resolve_month,
            named_month=True,
            words=("last", "next", "this", "early", "mid", "late", " of "),
        ),
        # month after a preposition: in December (the preposition is not part of the text)
        rule(
            rf"\b(?:in|since|during|until|till|by|before|after|through|throughout|from)\s+"
            rf"(?P<x>{month('m')})(?!['’]s\b)",
            _resolve_month,
            named_month=True,
        ),
        # seasons: the summer of 2022, summer 2022, last summer
        rule(
            rf"\b(?:(?P<rel>last|this|next)\s+(?P<s>{season})\b"
            rf"|(?:the\s+)?(?P<s2>{season})\s+(?:of\s+)?{year('y')})",
            _resolve_season,
            words=tuple(lexicon.seasons),
        ),
        # a year after a preposition: in 2022, since 1999, in early 2023
        rule(
            rf"\b(?:in|since|during|until|till|by|before|after|throughout)\s+"
            rf"(?P<x>(?:(?:early|mid|late)[-\s]?)?{year('y')})"
            rf"(?!\s*(?:%|percent\b|per\s+cent\b)){not_plural_noun}",
            _resolve_year,
            digit=True,
        ),
        # counted offsets: two days ago, 3 weeks ago; in two days (future only)
        rule(rf"\b{number}\s+{unit}\s+ago\b", _resolve_ago, words=("ago",)),
        rule(rf"\bin\s+{number}\s+{unit}(?:['’]\s+time)?\b", _resolve_in, words=("in ",)),
        # named days: the day before yesterday, yesterday (morning), earlier today, tonight,
        # this morning, last night, tomorrow('s), the day after tomorrow
        rule(
            r"\b(?:(?P<m2>the\s+day\s+before\s+yesterday)|(?P<p2>the\s+day\s+after\s+tomorrow)"
            rf"|(?P<m1>yesterday(?:\s+{part})?|last\s+night)"
            rf"|(?P<zero>(?:(?:earlier|later)\s+)?(?:today|tonight)"
            rf"|(?:(?:earlier|later)\s+)?this\s+{part})"
            rf"|(?P<p1>tomorrow(?:\s+{part})?))\b",
            _resolve_named_day,
            words=("yesterday", "today", "tonight", "tomorrow", "this", "last"),
        ),
        # weeks, months and years relative to the anchor: last week, earlier this year
        rule(
            r"\b(?:(?P<q>earlier|later)\s+)?(?P<rel>last|this|next)\s+(?P<u>week|month|year)\b",
            _resolve_period,
            words=("week", "month", "year"),
        ),
        # the night before the report: "attacked overnight", "an overnight raid"
        rule(r"\bovernight\b", _resolve_overnight, words=("overnight",)),
        # weekends: over the weekend, at the weekend, last weekend, this weekend
        rule(
            r"\b(?:(?:over|at|during)\s+)?(?P<rel>the|this|last|next|past)\s+weekend\b",
            _resolve_weekend,
            words=("weekend",),
        ),
        # two weekdays: "on Wednesday and Thursday", "between Monday and Wednesday"
        rule(
            rf"\b(?:between\s+|from\s+)?{weekday}\s+(?:and|to|until)\s+"
            rf"(?P<wd2>{_alternation(lexicon.weekdays)})\b",
            _resolve_weekday_span,
            words=tuple(lexicon.weekdays),
        ),
        # weekdays: Monday, on Monday night, last Monday, next Monday, this Monday
        rule(
            rf"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this|past|coming)\s+)?"
            rf"{weekday}(?:\s+(?P<part>{part})\b)?",
            _resolve_weekday,
            words=tuple(lexicon.weekdays),
        ),
    )
    # what may precede a day-month date and belongs to it: "Monday, ", "the night of "
    lead_before = re.compile(
        rf"\b(?:{weekday},?\s+)?(?:(?:the\s+)?{part}\s+of\s+)?\Z", re.IGNORECASE
    )
    any_month = re.compile(rf"\b{month('m')}")
    return _Grammar(lexicon=lexicon, any_month=any_month, lead_before=lead_before, rules=rules)


@cache
def _grammar() -> _Grammar:
    """Load the word lists and compile the grammar, once per process (the result is immutable)."""
    path = lexicon_dir() / LEXICON_FILE
    grammar = _build_grammar(_read_lexicon(path))
    logger.debug("compiled %d time patterns from %s", len(grammar.rules), path)
    return grammar


def is_time_word(word: str) -> bool:
    """Whether ``word`` names a day or a time of day in ``time.tsv`` ("Monday", "evening"):
    such a word in an argument slot is a date, never an actor ("voted on Monday to ...")."""
    lex = _grammar().lexicon
    low = word.lower()
    return low in lex.weekdays or low in lex.dayparts


# --- calendar helpers ----------------------------------------------------------------------


def _day(d: date) -> _Resolved:
    return (d.isoformat(), "day", d, d)


def _week(d: date) -> _Resolved:
    iso_year, iso_week, _ = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return (f"{iso_year:04d}-W{iso_week:02d}", "week", monday, monday + timedelta(days=6))


def _month(y: int, m: int) -> _Resolved:
    last = calendar.monthrange(y, m)[1]
    return (f"{y:04d}-{m:02d}", "month", date(y, m, 1), date(y, m, last))


def _year(y: int) -> _Resolved:
    return (f"{y:04d}", "year", date(y, 1, 1), date(y, 12, 31))


def _interval(first: date, last: date) -> _Resolved | None:
    if first > last:
        return None
    if first == last:
        return _day(first)
    return (f"{first.isoformat()}/{last.isoformat()}", "interval", first, last)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    index = y * 12 + (m - 1) + k
    return index // 12, index % 12 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _pick(past: date, future: date, anchor: date, tense: str) -> date:
    """Choose between the candidate on/before and the one on/after the anchor by tense."""
    if tense == "past":
        return past
    if tense == "future":
        return future
    return past if (anchor - past) <= (future - anchor) else future


def _pick_span(
    spans: list[tuple[date, date]], anchor: date, tense: str
) -> tuple[date, date] | None:
    """Choose among candidate spans (one per year) the one the tense points at."""
    before = [s for s in spans if s[0] <= anchor]
    after = [s for s in spans if s[1] >= anchor]
    if tense == "past":
        return max(before) if before else None
    if tense == "future":
        return min(after) if after else None

    def gap(s: tuple[date, date]) -> int:
        return (
            0
            if s[0] <= anchor <= s[1]
            else min(abs((s[0] - anchor).days), abs((s[1] - anchor).days))
        )

    return min(spans, key=lambda s: (gap(s), s[0] > anchor)) if spans else None


def _group(m: re.Match[str], *names: str) -> str | None:
    """Return the first of the named groups (of those the pattern has) that matched, else None."""
    for name in names:
        if name in m.re.groupindex and m.group(name) is not None:
            return m.group(name)
    return None


def _month_number(word: str, lexicon: _Lexicon) -> int:
    return lexicon.months[word.rstrip(".").lower()]


def _count(word: str, lexicon: _Lexicon) -> int:
    return int(word) if word.isdigit() else lexicon.numbers[word.lower()]


# --- resolvers: match + context -> (value, precision, first, last) or None -------------------


def _resolve_iso(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    d = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _day(d) if d else None


def _resolve_numeric(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    # day first (European); month first only when the second number cannot be a month
    d = _safe_date(y, b, a) if b <= 12 else _safe_date(y, a, b)
    return _day(d) if d else None


def _resolve_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    m1_word = _group(m, "m1", "m2")
    m2_word = _group(m, "m2", "m1")
    if m1_word is None or m2_word is None:
        return None
    m1, m2 = _month_number(m1_word, ctx.lexicon), _month_number(m2_word, ctx.lexicon)
    d1, d2 = int(m["d1"]), int(m["d2"])
    wrap = 1 if m2 < m1 else 0  # 30 December to 2 January crosses a year
    if m["y"]:
        end_year = int(m["y"])
        spans = [(_safe_date(end_year - wrap, m1, d1), _safe_date(end_year, m2, d2))]
    elif ctx.anchor is None:
        return None
    else:
        spans = [
            (_safe_date(y, m1, d1), _safe_date(y + wrap, m2, d2))
            for y in range(ctx.anchor.year - 4, ctx.anchor.year + 5)
        ]
    valid = [(a, b) for a, b in spans if a and b and a < b]
    if not valid:
        return None
    if m["y"] or ctx.anchor is None:
        return _interval(*valid[0])
    chosen = _pick_span(valid, ctx.anchor, ctx.tense)
    return _interval(*chosen) if chosen else None


def _resolve_day_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month, day = _month_number(m["m"], ctx.lexicon), int(m["d"])
    if m["y"]:
        d = _safe_date(int(m["y"]), month, day)
        return _day(d) if d else None
    if ctx.anchor is None:
        return None
    found = [
        (d, d)
        for y in range(ctx.anchor.year - 4, ctx.anchor.year + 5)
        if (d := _safe_date(y, month, day)) is not None
    ]
    chosen = _pick_span(found, ctx.anchor, ctx.tense)
    return _day(chosen[0]) if chosen else None


def _resolve_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _month_number(m["m"], ctx.lexicon)
    groups = m.re.groupindex
    if "y" in groups and m["y"]:
        return _month(int(m["y"]), month)
    anchor = ctx.anchor
    if anchor is None:
        return None
    rel = (m["rel"] or "").lower() if "rel" in groups else ""
    if rel == "last":  # the most recent such month before the anchor's month
        return _month(anchor.year if month < anchor.month else anchor.year - 1, month)
    if rel == "next":  # the first such month after the anchor's month
        return _month(anchor.year if month > anchor.month else anchor.year + 1, month)
    if rel == "this":
        return _month(anchor.year, month)
    past = date(anchor.year if month <= anchor.month else anchor.year - 1, month, 1)
    future = date(anchor.year if month >= anchor.month else anchor.year + 1, month, 1)
    chosen = _pick(past, future, date(anchor.year, anchor.month, 1), ctx.tense)
    return _month(chosen.year, chosen.month)


def _season_span(first_month: int, y: int) -> tuple[date, date]:
    end_y, end_m = _shift_month(y, first_month, 2)
    return date(y, first_month, 1), date(end_y, end_m, calendar.monthrange(end_y, end_m)[1])


def _resolve_season(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    word = _group(m, "s", "s2")
    if word is None:
        return None
    first_month = ctx.lexicon.seasons[word.lower()]
    if m["y"]:
        return _interval(*_season_span(first_month, int(m["y"])))
    anchor = ctx.anchor
    if anchor is None:
        return None
    spans = [_season_span(first_month, y) for y in range(anchor.year - 2, anchor.year + 2)]
    rel = m["rel"].lower()
    if rel == "last":
        chosen = max(s for s in spans if s[1] < anchor)
    elif rel == "next":
        chosen = min(s for s in spans if s[0] > anchor)
    else:  # this summer: the one around the anchor, else the one the tense points at
        current = [s for s in spans if s[0] <= anchor <= s[1]]
        picked = current[0] if current else _pick_span(spans, anchor, ctx.tense)
        if picked is None:
            return None
        chosen = picked
    return _interval(*chosen)


def _resolve_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _year(int(m["y"]))


def _offset(anchor: date, count: int, unit: str) -> _Resolved | None:
    """Return the anchor moved by ``count`` units (negative: back), at the unit's precision."""
    try:
        if unit == "day":
            return _day(anchor + timedelta(days=count))
        if unit == "week":
            return _day(anchor + timedelta(days=7 * count))
        if unit == "month":
            return _month(*_shift_month(anchor.year, anchor.month, count))
        return _year(anchor.year + count)
    except (ValueError, OverflowError):
        return None


def _resolve_ago(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None:
        return None
    unit = ctx.lexicon.units[m["u"].lower()]
    return _offset(ctx.anchor, -_count(m["n"], ctx.lexicon), unit)


def _resolve_in(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None or ctx.tense != "future":
        return None
    unit = ctx.lexicon.units[m["u"].lower()]
    return _offset(ctx.anchor, _count(m["n"], ctx.lexicon), unit)


def _resolve_named_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None:
        return None
    shift = {"m2": -2, "m1": -1, "zero": 0, "p1": 1, "p2": 2}[str(m.lastgroup)]
    return _day(ctx.anchor + timedelta(days=shift))


def _resolve_period(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    anchor = ctx.anchor
    if anchor is None:
        return None
    unit, rel, qualifier = m["u"].lower(), m["rel"].lower(), (m["q"] or "").lower()
    step = {"last": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        resolved = _week(anchor + timedelta(days=7 * step))
    elif unit == "month":
        resolved = _month(*_shift_month(anchor.year, anchor.month, step))
    else:
        resolved = _year(anchor.year + step)
    if rel == "this" and qualifier == "earlier":  # from the start of the period to the anchor
        return _interval(resolved[2], anchor)
    if rel == "this" and qualifier == "later":  # from the anchor to the end of the period
        return _interval(anchor, resolved[3])
    return resolved


def _resolve_overnight(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """The night that ends on the anchor day (the coming one for a future act): an interval
    of its two days."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    if ctx.tense == "future":
        return _interval(anchor, anchor + timedelta(days=1))
    return _interval(anchor - timedelta(days=1), anchor)


def _resolve_weekend(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    anchor = ctx.anchor
    if anchor is None:
        return None
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)  # on or before the anchor
    in_weekend = anchor.weekday() >= 5
    coming = saturday + timedelta(days=7)
    rel = m["rel"].lower()
    if rel in ("last", "past"):  # the latest weekend already over
        chosen = saturday - timedelta(days=7) if in_weekend else saturday
    elif rel == "next":  # the first weekend that has not begun
        chosen = coming
    elif in_weekend:  # "this weekend" / "over the weekend" said during one: that one
        chosen = saturday
    else:  # the weekend just past or the coming one, by tense (its Sunday vs its Saturday)
        past_sunday = saturday + timedelta(days=1)
        chosen = (
            saturday if _pick(past_sunday, coming, anchor, ctx.tense) == past_sunday else coming
        )
    return _interval(chosen, chosen + timedelta(days=1))


def _resolve_weekday_span(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "on Wednesday and Thursday": the two days and those between, the last one resolved as a
    plain weekday would be (on or before the anchor for a past act), the first the latest such
    day before it."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    first_wd = ctx.lexicon.weekdays[m["wd"].lower()]
    last_wd = ctx.lexicon.weekdays[m["wd2"].lower()]
    if ctx.tense == "past":
        last = anchor - timedelta(days=(anchor.weekday() - last_wd) % 7)
    else:
        last = anchor + timedelta(days=(last_wd - anchor.weekday()) % 7 or 7)
    first = last - timedelta(days=(last_wd - first_wd) % 7)
    return _interval(first, last) if first < last else None


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    anchor = ctx.anchor
    if anchor is None:
        return None
    target = ctx.lexicon.weekdays[m["wd"].lower()]
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    on_or_before = anchor - timedelta(days=back)
    on_or_after = anchor + timedelta(days=ahead)
    strictly_before = on_or_before if back else anchor - timedelta(days=7)
    strictly_after = on_or_after if ahead else anchor + timedelta(days=7)
    rel = " ".join((m["rel"] or "").lower().split())
    if rel in ("last", "past", "this past"):
        return _day(strictly_before)
    if rel in ("next", "coming", "this coming"):
        return _day(strictly_after)
    if rel == "this" or ctx.tense == "present":
        return _day(_pick(on_or_before, on_or_after, anchor, ctx.tense))
    # plain "Monday": a past event on or before the anchor, a future one after it
    return _day(on_or_before if ctx.tense == "past" else strictly_after)


# --- public API ------------------------------------------------------------------------------


def parse_anchor(published: str | None) -> datetime | None:
    """Return the publication time as a datetime, or None when it is missing or unreadable.

    Accepts an ISO 8601 date (``2023-07-11``, read as midnight) or date-time with or without an
    offset (``2023-07-11T21:15:00+02:00``, ``...Z``); the offset is kept, so ``.date()`` is the
    date where the article was published.

    >>> parse_anchor("2023-07-11T21:15+02:00").date().isoformat()
    '2023-07-11'
    >>> parse_anchor("last Tuesday") is None
    True
    """
    if not published or not isinstance(published, str):
        return None
    text = published.strip()
    if len(text) < 10 or not text[:4].isdigit():  # "2023" or "2023-07" say too little
        logger.debug("publication time %r is not an ISO date; no anchor", published)
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        logger.debug("publication time %r is not an ISO date; no anchor", published)
        return None


def _anchor_date(anchor: datetime | date | None) -> date | None:
    if isinstance(anchor, datetime):
        return anchor.date()  # the date in the anchor's own time zone
    return anchor


def _check_tense(tense: str) -> str:
    normal = str(tense).lower()
    if normal not in TENSES:
        raise ValueError(f"tense {tense!r} is not one of {', '.join(TENSES)}; pass one of those")
    return normal


def find_time_expressions(
    text: str, anchor: datetime | date | None, tense: str = "past"
) -> list[TimeExpression]:
    """Return every time expression of ``text``, resolved against ``anchor``, in text order.

    ``tense`` ("past", "present" or "future") decides which way ambiguous expressions point.
    Without an anchor only absolute expressions (with a year) are returned. Where candidates
    overlap, the one starting first wins, then the longest ("29 May 2023" over "May 2023").

    >>> from datetime import date
    >>> [e.value for e in find_time_expressions("Between 1 and 3 May 2023 and in 2022.", None)]
    ['2023-05-01/2023-05-03', '2022']
    """
    grammar = _grammar()
    ctx = _Context(lexicon=grammar.lexicon, anchor=_anchor_date(anchor), tense=_check_tense(tense))
    has_digit = _DIGIT.search(text) is not None
    has_month = grammar.any_month.search(text) is not None
    lower = text.lower()
    found: list[TimeExpression] = []
    for rule in grammar.rules:
        if (
            (rule.needs_digit and not has_digit)
            or (rule.needs_month and not has_month)
            or (rule.needs_word and not any(w in lower for w in rule.needs_word))
        ):
            continue
        pattern = rule.pattern
        for m in pattern.finditer(text):
            resolved = rule.resolve(m, ctx)
            if resolved is None:
                continue
            start, end = m.span("x") if "x" in pattern.groupindex else m.span()
            if rule.lead:
                window = max(0, start - _LEAD_WINDOW)
                before = grammar.lead_before.search(text, window, start)
                if before is not None:
                    start = before.start()
            value, precision, first, last = resolved
            found.append(TimeExpression(text[start:end], start, end, value, precision, first, last))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    chosen: list[TimeExpression] = []
    for expression in found:
        if not chosen or expression.start >= chosen[-1].end:
            chosen.append(expression)
    return chosen


def _crosses_boundary(sentence: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when a ";" or a quotation mark lies between the two spans (another clause)."""
    low, high = min(a[1], b[1]), max(a[0], b[0])
    return any(ch in _BOUNDARY_CHARS for ch in sentence[low:high])


def _score(
    sentence: str, predicate: tuple[int, int], expression: TimeExpression
) -> tuple[bool, int, int]:
    """Rank an expression for a predicate: same clause first, then (weighted) distance."""
    span = (expression.start, expression.end)
    if expression.end <= predicate[0]:
        distance = predicate[0] - expression.end
        if not _LEADING.match(sentence, 0, expression.start):
            distance += _BEFORE_PENALTY
    elif expression.start >= predicate[1]:
        distance = expression.start - predicate[1]
    else:
        distance = 0  # overlapping the predicate
    return (_crosses_boundary(sentence, span, predicate), distance, expression.start)


def _story_relative_pattern() -> re.Pattern[str]:
    numbers = _alternation(_grammar().lexicon.numbers)
    return re.compile(
        r"\b(?:the\s+(?P<sd>previous|preceding|following|next)\s+(?P<su>day|week)"
        rf"|(?P<n>an?|\d+|{numbers})\s+(?P<u>days?|weeks?)\s+(?P<d>earlier|later))\b"
        # "two days after the vote" dates the vote, not the predicate: adverbs only
        r"(?!\s+(?:the|a|an|his|her|its|their)\b)",
        re.IGNORECASE,
    )


_STORY_RELATIVE: list[re.Pattern[str]] = []


def _story_pattern() -> re.Pattern[str]:
    """The story-relative adverb pattern, compiled on first use."""
    if not _STORY_RELATIVE:
        _STORY_RELATIVE.append(_story_relative_pattern())
    return _STORY_RELATIVE[0]


def _story_relative(
    sentence: str, predicate: tuple[int, int], best: TimeExpression
) -> TimeExpression | None:
    """An adverb counted from another time of the predicate's clause ("said on Wednesday it had
    killed 20 militants the previous day", "two days later"): ``best`` (a day) moved by the
    offset. None when there is none, or ``best`` is no day."""
    if best.precision != "day":
        return None
    for m in _story_pattern().finditer(sentence):
        if m.start() < best.end and m.end() > best.start:
            continue
        if m["sd"]:
            back, count, unit = m["sd"].lower() in ("previous", "preceding"), 1, m["su"].lower()
        else:
            word = m["n"].lower()
            count = 1 if word in ("a", "an") else _count(word, _grammar().lexicon)
            back, unit = m["d"].lower() == "earlier", m["u"].lower().rstrip("s")
        probe = TimeExpression(m.group(0), m.start(), m.end(), "", "day", best.first, best.last)
        if _score(sentence, predicate, probe)[0]:
            continue  # in another clause
        if (predicate[1] <= best.start and best.end <= m.start()) or (
                m.end() <= best.start and best.end <= predicate[0]):
            continue  # "held talks on March 4 and signed a deal a week later": talks on the 4th
        days = count * (7 if unit == "week" else 1) * (-1 if back else 1)
        day = best.first + timedelta(days=days)
        return TimeExpression(m.group(0), m.start(), m.end(), day.isoformat(), "day", day, day)
    return None


def story_relative_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the adverbs that count from another time of the story ("the previous
    day", "two days later") in ``sentence``."""
    return [m.span() for m in _story_pattern().finditer(sentence)]


def counted_back(base: TimeValue, count: str, unit: str, *, before: bool,
                 span: tuple[int, int] | None = None, text: str | None = None
                 ) -> TimeValue | None:
    """The day ``count`` days or weeks (``unit``) before (or after) the day ``base``: the time of
    a clause "12 days after gunmen snatched him" counted from its main clause's day.

    None when ``base`` is not a day found in the text, or the count or unit is unknown.

    >>> base = TimeValue("2024-05-17", "day", "2024-05-17", "2024-05-17")
    >>> counted_back(base, "12", "days", before=True).value
    '2024-05-05'
    """
    if base.defaulted or base.precision != "day":
        return None
    word, lexicon = count.lower(), _grammar().lexicon
    unit = unit.lower().rstrip("s")
    if unit not in ("day", "week") or not (
            word in ("a", "an") or word.isdigit() or word in lexicon.numbers):
        return None
    n = 1 if word in ("a", "an") else _count(word, lexicon)
    days = n * (7 if unit == "week" else 1) * (-1 if before else 1)
    day = date.fromisoformat(base.value) + timedelta(days=days)
    return TimeValue(value=day.isoformat(), precision="day", start=day.isoformat(),
                     end=day.isoformat(), defaulted=False, text=text, span=span)


def event_time(
    sentence: str,
    predicate_span: tuple[int, int],
    anchor: datetime | date | None,
    tense: str = "past",
    offset: int = 0,
) -> TimeValue | None:
    """Return the time of the event whose predicate is at ``predicate_span`` in ``sentence``.

    Picks the time expression closest to the predicate, preferring one in the same clause (no
    ";" or quotation mark in between) and one after the verb ("X did Y on Monday") unless the
    earlier one opens the sentence ("On Monday, X did Y"). The returned span is shifted by
    ``offset`` (the sentence's start in the article) so it is an article offset. Without any
    expression the report date is returned with ``defaulted=True``; without an anchor either,
    None.

    >>> from datetime import date
    >>> t = event_time("Serbia withdrew troops.", (7, 15), date(2023, 7, 11), offset=100)
    >>> (t.value, t.precision, t.defaulted)
    ('2023-07-11', 'day', True)
    """
    start, end = predicate_span
    if not 0 <= start <= end <= len(sentence):
        raise ValueError(
            f"predicate span {predicate_span} lies outside the sentence of {len(sentence)} "
            "characters; pass offsets relative to the sentence start"
        )
    expressions = find_time_expressions(sentence, anchor, tense)
    if expressions:
        best = min(expressions, key=lambda e: _score(sentence, predicate_span, e))
        shifted = _story_relative(sentence, predicate_span, best)
        if shifted is not None:
            best = shifted
        return TimeValue(
            value=best.value,
            precision=best.precision,
            start=best.first.isoformat(),
            end=best.last.isoformat(),
            defaulted=False,
            text=best.text,
            span=(best.start + offset, best.end + offset),
        )
    return report_day(anchor)


def report_day(anchor: datetime | date | None) -> TimeValue | None:
    """The report's own day as an event time (``defaulted=True``: no time expression dated
    the event), or None without an anchor.

    >>> from datetime import date
    >>> report_day(date(2023, 7, 11)).value
    '2023-07-11'
    """
    day = _anchor_date(anchor)
    if day is None:
        return None
    return TimeValue(
        value=day.isoformat(),
        precision="day",
        start=day.isoformat(),
        end=day.isoformat(),
        defaulted=True,
    )
