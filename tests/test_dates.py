"""Tests of graph.extract.dates: time expressions resolved against the report time.

Every test fixes its anchor; most use Tuesday 11 July 2023 (ISO week 2023-W28). The sentences
are our own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import DataFileError
from graph.extract.dates import (
    TimeExpression,
    _read_lexicon,
    event_time,
    find_time_expressions,
    parse_anchor,
)
from graph.model import TimeValue

TUESDAY = date(2023, 7, 11)


def values(text: str, anchor: date | datetime | None = TUESDAY, tense: str = "past") -> list[str]:
    """Return the values of all expressions of ``text``."""
    return [e.value for e in find_time_expressions(text, anchor, tense)]


def only(
    text: str, anchor: date | datetime | None = TUESDAY, tense: str = "past"
) -> TimeExpression:
    """Return the single expression of ``text`` (fails when there is not exactly one)."""
    found = find_time_expressions(text, anchor, tense)
    assert len(found) == 1, found
    return found[0]


def time_of(
    sentence: str, verb: str, anchor: date | None = TUESDAY, tense: str = "past", offset: int = 0
) -> TimeValue | None:
    """Return event_time for the first occurrence of ``verb`` in ``sentence``."""
    start = sentence.index(verb)
    return event_time(sentence, (start, start + len(verb)), anchor, tense, offset)


# --- parse_anchor ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-07-11", datetime(2023, 7, 11)),
        ("2023-07-11T21:15", datetime(2023, 7, 11, 21, 15)),
        (
            "2023-07-11T21:15+02:00",
            datetime(2023, 7, 11, 21, 15, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2023-07-11T21:15:00Z", datetime(2023, 7, 11, 21, 15, tzinfo=UTC)),
        (
            " 2023-07-11 08:00:00-05:00 ",
            datetime(2023, 7, 11, 8, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_parse_anchor_reads_iso_dates_and_times(published: str, expected: datetime) -> None:
    assert parse_anchor(published) == expected


@pytest.mark.parametrize(
    "published", [None, "", "yesterday", "2023", "2023-07", "2023-13-45", "11/07/2023"]
)
def test_parse_anchor_returns_none_for_missing_or_garbage(published: str | None) -> None:
    assert parse_anchor(published) is None


def test_anchor_date_is_taken_in_its_own_time_zone() -> None:
    # 21:15 in UTC+2 is 19:15 UTC, and in UTC-5 late evening is the next day in UTC: the
    # local calendar date counts either way
    late_east = parse_anchor("2023-07-11T21:15+02:00")
    late_west = parse_anchor("2023-07-11T23:30-05:00")
    assert values("It happened yesterday.", late_east) == ["2023-07-10"]
    assert values("It happened yesterday.", late_west) == ["2023-07-10"]
    assert values("It happened today.", late_west) == ["2023-07-11"]


# --- weekdays --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "tense", "expected"),
    [
        ("Ministers met on Monday.", "past", "2023-07-10"),
        ("Ministers will meet on Monday.", "future", "2023-07-17"),
        ("Ministers met on Tuesday.", "past", "2023-07-11"),  # the article's own day
        ("Ministers will meet on Tuesday.", "future", "2023-07-18"),
        ("Ministers met on Wednesday.", "past", "2023-07-05"),
        ("Ministers will meet on Wednesday.", "future", "2023-07-12"),
        ("Ministers met Monday.", "past", "2023-07-10"),
        ("Ministers met last Monday.", "past", "2023-07-10"),
        ("Ministers met last Tuesday.", "past", "2023-07-04"),
        ("Ministers meet next Monday.", "future", "2023-07-17"),
        ("Ministers meet next Wednesday.", "future", "2023-07-12"),
        ("Ministers met this Monday.", "past", "2023-07-10"),
        ("Ministers meet this Friday.", "future", "2023-07-14"),
        ("Ministers meet on Wednesday.", "present", "2023-07-12"),  # nearest: 1 day ahead
        ("Ministers meet on Sunday.", "present", "2023-07-09"),  # nearest: 2 days back
        ("Protests began on Monday night.", "past", "2023-07-10"),
    ],
)
def test_weekdays_resolve_by_tense(sentence: str, tense: str, expected: str) -> None:
    found = only(sentence, tense=tense)
    assert (found.value, found.precision) == (expected, "day")
    assert date.fromisoformat(expected).strftime("%A") in found.text


def test_weekday_expression_text_keeps_modifiers_but_not_the_preposition() -> None:
    assert only("Police moved in on Monday night.").text == "Monday night"
    assert only("They met last Friday.").text == "last Friday"
    assert only("They met on Friday.").text == "Friday"


# --- days relative to the anchor -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "tense", "expected"),
    [
        ("The army withdrew yesterday.", "past", "2023-07-10"),
        ("The army withdrew yesterday morning.", "past", "2023-07-10"),
        ("The army withdraws today.", "present", "2023-07-11"),
        ("The army withdrew earlier today.", "past", "2023-07-11"),
        ("The army withdraws tonight.", "future", "2023-07-11"),
        ("The army withdrew this morning.", "past", "2023-07-11"),
        ("The army withdrew this afternoon.", "past", "2023-07-11"),
        ("The army withdrew last night.", "past", "2023-07-10"),
        ("The army withdraws tomorrow.", "future", "2023-07-12"),
        ("Leaders gather for tomorrow's final day of the summit.", "future", "2023-07-12"),
        ("The army withdrew the day before yesterday.", "past", "2023-07-09"),
        ("The army withdraws the day after tomorrow.", "future", "2023-07-13"),
        ("The army withdrew two days ago.", "past", "2023-07-09"),
        ("The army withdrew 3 days ago.", "past", "2023-07-08"),
        ("The army withdrew a week ago.", "past", "2023-07-04"),
        ("The army withdrew two weeks ago.", "past", "2023-06-27"),
        ("The army withdraws in three days.", "future", "2023-07-14"),
        ("The army withdraws in two weeks' time.", "future", "2023-07-25"),
    ],
)
def test_days_relative_to_the_anchor(sentence: str, tense: str, expected: str) -> None:
    found = only(sentence, tense=tense)
    assert (found.value, found.precision) == (expected, "day")
    assert found.first == found.last == date.fromisoformat(expected)


def test_counted_months_and_years_ago_keep_their_precision() -> None:
    assert (only("It began two months ago.").value, only("It began two months ago.").precision) == (
        "2023-05",
        "month",
    )
    assert only("It began ten years ago.").value == "2013"
    assert only("It began ten years ago.").precision == "year"


def test_in_n_units_is_a_time_only_for_future_predicates() -> None:
    assert values("The first such visit in two years took place.", tense="past") == []
    assert values("The envoy returns in two years.", tense="future") == ["2025"]


# --- weeks, months, years --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "precision", "first", "last"),
    [
        ("Talks stalled last week.", "2023-W27", "week", "2023-07-03", "2023-07-09"),
        ("Talks stalled this week.", "2023-W28", "week", "2023-07-10", "2023-07-16"),
        ("Talks resume next week.", "2023-W29", "week", "2023-07-17", "2023-07-23"),
        ("Talks stalled last month.", "2023-06", "month", "2023-06-01", "2023-06-30"),
        ("Talks stalled this month.", "2023-07", "month", "2023-07-01", "2023-07-31"),
        ("Talks resume next month.", "2023-08", "month", "2023-08-01", "2023-08-31"),
        ("Talks stalled last year.", "2022", "year", "2022-01-01", "2022-12-31"),
        ("Talks stalled this year.", "2023", "year", "2023-01-01", "2023-12-31"),
        ("Talks resume next year.", "2024", "year", "2024-01-01", "2024-12-31"),
        # "earlier/later this ..." are intervals bounded by the anchor
        (
            "Talks stalled earlier this year.",
            "2023-01-01/2023-07-11",
            "interval",
            "2023-01-01",
            "2023-07-11",
        ),
        (
            "Talks resume later this year.",
            "2023-07-11/2023-12-31",
            "interval",
            "2023-07-11",
            "2023-12-31",
        ),
        (
            "Talks stalled earlier this month.",
            "2023-07-01/2023-07-11",
            "interval",
            "2023-07-01",
            "2023-07-11",
        ),
        (
            "Talks stalled earlier this week.",
            "2023-07-10/2023-07-11",
            "interval",
            "2023-07-10",
            "2023-07-11",
        ),
    ],
)
def test_periods_relative_to_the_anchor(
    sentence: str, value: str, precision: str, first: str, last: str
) -> None:
    found = only(sentence)
    assert (found.value, found.precision) == (value, precision)
    assert (found.first.isoformat(), found.last.isoformat()) == (first, last)


def test_periods_across_a_year_boundary() -> None:
    january = date(2023, 1, 3)
    assert values("Talks stalled last week.", january) == ["2022-W52"]
    assert values("Talks stalled last month.", january) == ["2022-12"]
    assert values("Talks stalled in December.", january) == ["2022-12"]
    assert values("The vote was on 30 December.", january) == ["2022-12-30"]


@pytest.mark.parametrize(
    ("sentence", "anchor", "tense", "expected"),
    [
        ("Clashes erupted over the weekend.", TUESDAY, "past", "2023-07-08/2023-07-09"),
        ("Clashes erupted at the weekend.", TUESDAY, "past", "2023-07-08/2023-07-09"),
        ("Clashes erupted last weekend.", TUESDAY, "past", "2023-07-08/2023-07-09"),
        ("Rallies are planned for the weekend.", TUESDAY, "future", "2023-07-15/2023-07-16"),
        ("Rallies are planned for next weekend.", TUESDAY, "future", "2023-07-15/2023-07-16"),
        # said on a Sunday: "this weekend" is the current one, "last weekend" the one before
        ("Clashes erupted this weekend.", date(2023, 7, 9), "past", "2023-07-08/2023-07-09"),
        ("Clashes erupted last weekend.", date(2023, 7, 9), "past", "2023-07-01/2023-07-02"),
    ],
)
def test_weekends_are_saturday_sunday_intervals(
    sentence: str, anchor: date, tense: str, expected: str
) -> None:
    found = only(sentence, anchor, tense)
    assert (found.value, found.precision) == (expected, "interval")
    assert found.first.weekday() == 5
    assert found.last.weekday() == 6


@pytest.mark.parametrize(("sentence", "tense", "expected"), [
    ("Jets struck the port overnight.", "past", "2023-07-10/2023-07-11"),
    ("An overnight raid killed two men.", "past", "2023-07-10/2023-07-11"),
    ("Troops will move in overnight.", "future", "2023-07-11/2023-07-12"),
])
def test_overnight_is_the_night_ending_on_the_anchor_day(
    sentence: str, tense: str, expected: str
) -> None:
    found = only(sentence, TUESDAY, tense)
    assert (found.value, found.precision) == (expected, "interval")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Border forces fought on Wednesday and Thursday.", "2023-07-05/2023-07-06"),
    ("Israel struck Gaza between Monday and Wednesday.", "2023-07-03/2023-07-05"),
    ("The ministers met from Sunday to Tuesday.", "2023-07-09/2023-07-11"),
])
def test_two_weekdays_are_the_span_they_close(sentence: str, expected: str) -> None:
    found = only(sentence, TUESDAY, "past")
    assert (found.value, found.precision) == (expected, "interval")


# --- months ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "tense", "expected"),
    [
        ("Elections were held in December.", "past", "2022-12"),
        ("Elections will be held in December.", "future", "2023-12"),
        ("Elections were held in July.", "past", "2023-07"),  # the anchor's own month
        ("Elections were held in May.", "past", "2023-05"),
        ("Elections will be held in May.", "future", "2024-05"),
        ("Elections are held in December.", "present", "2023-12"),  # nearer than 2022-12
        ("Elections were held in December 2022.", "past", "2022-12"),
        ("Elections were held December 2022.", "future", "2022-12"),
        ("Elections were held in mid-May.", "past", "2023-05"),
        ("Elections were held in late May.", "past", "2023-05"),
        ("Elections were held in early May.", "past", "2023-05"),
        ("Elections were held at the end of May.", "past", "2023-05"),
        ("Elections were held last December.", "past", "2022-12"),
        ("Elections were held last May.", "past", "2023-05"),
        ("Elections will be held next May.", "future", "2024-05"),
        ("Elections were held in early May 2021.", "past", "2021-05"),
        ("Elections were held in Sept. 2020.", "past", "2020-09"),
    ],
)
def test_months(sentence: str, tense: str, expected: str) -> None:
    found = only(sentence, tense=tense)
    assert (found.value, found.precision) == (expected, "month")


def test_month_covers_its_whole_month_including_leap_february() -> None:
    found = only("Talks collapsed in February 2024.")
    assert (found.first, found.last) == (date(2024, 2, 1), date(2024, 2, 29))


# --- calendar dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The deal was signed on 29 May.", "29 May"),
        ("The deal was signed 29 May.", "29 May"),
        ("The deal was signed on May 29.", "May 29"),
        ("The deal was signed on May 29, 2023.", "May 29, 2023"),
        ("The deal was signed on 29 May 2023.", "29 May 2023"),
        ("The deal was signed on the 29th of May.", "the 29th of May"),
        ("The deal was signed on Monday, 29 May 2023.", "Monday, 29 May 2023"),
        ("The deal was signed on Monday, May 29.", "Monday, May 29"),
        ("The deal was signed on 29.05.2023.", "29.05.2023"),
        ("The deal was signed on 2023-05-29.", "2023-05-29"),
        ("The deal was signed on 29/05/2023.", "29/05/2023"),
        ("The deal was signed on 05/29/2023.", "05/29/2023"),  # month first: 29 is no month
        ("The deal was signed on MAY 29.", "MAY 29"),
    ],
)
def test_calendar_dates(sentence: str, text: str) -> None:
    found = only(sentence)
    assert (found.text, found.value, found.precision) == (text, "2023-05-29", "day")
    assert sentence[found.start : found.end] == text


def test_numeric_dates_are_day_first_when_both_numbers_could_be_months() -> None:
    assert values("Signed 03/04/2023.") == ["2023-04-03"]
    assert values("Signed 31/31/2023.") == []  # no such date either way


def test_the_night_of_a_date_is_that_day() -> None:
    found = only("Shots were fired on the night of 28 May.")
    assert (found.text, found.value, found.precision) == (
        "the night of 28 May",
        "2023-05-28",
        "day",
    )


@pytest.mark.parametrize(
    ("sentence", "tense", "expected"),
    [
        ("The summit opened on 20 July.", "past", "2022-07-20"),  # a past 20 July is last year's
        ("The summit opens on 20 July.", "future", "2023-07-20"),
        ("The summit opened on 11 July.", "past", "2023-07-11"),  # on the anchor itself
        ("The summit opens on 11 July.", "future", "2023-07-11"),
        ("The summit opened on 2 July.", "past", "2023-07-02"),
        ("The summit opens on 2 July.", "future", "2024-07-02"),
        ("The summit opens on 13 July.", "present", "2023-07-13"),
        ("The summit opened on 29 February.", "past", "2020-02-29"),
    ],
)
def test_missing_years_put_past_events_before_and_future_ones_after_the_anchor(
    sentence: str, tense: str, expected: str
) -> None:
    assert values(sentence, tense=tense) == [expected]


# --- ranges, years, seasons ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("Talks ran between 1 and 3 May.", "between 1 and 3 May", "2023-05-01/2023-05-03"),
        ("Talks ran from 1 to 3 May.", "from 1 to 3 May", "2023-05-01/2023-05-03"),
        ("Talks ran 1-3 May.", "1-3 May", "2023-05-01/2023-05-03"),
        ("Talks ran 1–3 May 2022.", "1–3 May 2022", "2022-05-01/2022-05-03"),
        ("Talks ran May 1-3.", "May 1-3", "2023-05-01/2023-05-03"),
        ("Talks ran from 30 April to 2 May.", "from 30 April to 2 May", "2023-04-30/2023-05-02"),
        (
            "Talks ran between May 30 and June 2.",
            "between May 30 and June 2",
            "2023-05-30/2023-06-02",
        ),
        (
            "Talks ran from 30 December to 2 January.",
            "from 30 December to 2 January",
            "2022-12-30/2023-01-02",
        ),
    ],
)
def test_day_ranges_are_intervals(sentence: str, text: str, expected: str) -> None:
    found = only(sentence)
    assert (found.text, found.value, found.precision) == (text, expected, "interval")
    assert (found.first.isoformat(), found.last.isoformat()) == tuple(expected.split("/"))


def test_a_range_whose_end_precedes_its_start_is_no_expression() -> None:
    assert values("Talks ran 5-3 May.") == []


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("The mission was set up in 2022.", "2022", "2022"),
        ("Troops have been deployed since 1999.", "1999", "1999"),
        ("Talks collapsed in early 2021.", "early 2021", "2021"),
        ("The border was closed during 2020, officials said.", "2020", "2020"),
    ],
)
def test_years_after_a_preposition(sentence: str, text: str, expected: str) -> None:
    found = only(sentence)
    assert (found.text, found.value, found.precision) == (text, expected, "year")


def test_seasons_are_intervals() -> None:
    found = only("Fighting flared in the summer of 2022.")
    assert (found.text, found.value) == ("the summer of 2022", "2022-06-01/2022-08-31")
    assert values("Fighting flared last summer.") == ["2022-06-01/2022-08-31"]
    assert values("Fighting flared last winter.") == ["2022-12-01/2023-02-28"]


# --- things that look like dates but are not -------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Serbia may respond to the proposal.",
        "Serbia May Respond To The Proposal",
        "Thousands joined a march through the capital.",
        "March organisers said the route had changed.",
        "The council cited Resolution 1244 and point 77 of the agreement.",
        "Veterans of the 1999 war gathered in the square.",
        "The agency recorded abuses in 2000 cases.",
        "Theresa May's government fell.",
        "The talks resumed the next day.",
        "Inflation rose by 12.5 percent.",
    ],
)
def test_lookalikes_are_not_time_expressions(sentence: str) -> None:
    assert find_time_expressions(sentence, TUESDAY) == []


def test_modal_may_next_to_a_real_date() -> None:
    assert values("Serbia may respond on 29 May.", tense="future") == ["2024-05-29"]
    assert values("Marchers will march in March.", tense="future") == ["2024-03"]


# --- without an anchor -----------------------------------------------------------------------


def test_without_an_anchor_only_absolute_expressions_resolve() -> None:
    text = "On Monday, after talks on 29 May 2023 and yesterday's vote, troops left in 2022."
    assert values(text, None) == ["2023-05-29", "2022"]


def test_event_time_without_anchor_or_absolute_expression_is_none() -> None:
    assert time_of("Troops withdrew on Monday.", "withdrew", anchor=None) is None
    assert time_of("Troops withdrew.", "withdrew", anchor=None) is None
    dated = time_of("Troops withdrew on 29 May 2023.", "withdrew", anchor=None)
    assert dated is not None
    assert (dated.value, dated.defaulted) == ("2023-05-29", False)


# --- event_time: picking the expression of the predicate -------------------------------------


def test_event_time_defaults_to_the_report_date() -> None:
    t = time_of("Serbia may respond to the march.", "respond")
    assert t == TimeValue(
        value="2023-07-11",
        precision="day",
        start="2023-07-11",
        end="2023-07-11",
        defaulted=True,
        text=None,
        span=None,
    )


def test_event_time_default_uses_the_local_date_of_a_datetime_anchor() -> None:
    anchor = parse_anchor("2023-07-11T23:50-05:00")
    t = event_time("Troops withdrew.", (7, 15), anchor)
    assert t is not None
    assert (t.value, t.defaulted) == ("2023-07-11", True)


def test_event_time_fields_and_offset_shift() -> None:
    article = "Background paragraph. NATO met Serbian officials on Monday in Brussels."
    offset = article.index("NATO")
    sentence = article[offset:]
    t = time_of(sentence, "met", offset=offset)
    assert t is not None
    assert (t.value, t.precision, t.start, t.end, t.defaulted) == (
        "2023-07-10",
        "day",
        "2023-07-10",
        "2023-07-10",
        False,
    )
    assert t.text == "Monday"
    assert t.span is not None
    assert article[t.span[0] : t.span[1]] == "Monday"
    assert t.span == (sentence.index("Monday") + offset, sentence.index("Monday") + offset + 6)


def test_event_time_interval_has_first_and_last_day() -> None:
    t = time_of("Delegations met between 1 and 3 May.", "met")
    assert t is not None
    assert (t.value, t.precision, t.start, t.end) == (
        "2023-05-01/2023-05-03",
        "interval",
        "2023-05-01",
        "2023-05-03",
    )


@pytest.mark.parametrize(
    ("sentence", "verb", "expected_text"),
    [
        # the closest expression to each predicate
        (
            "NATO on Monday called on Serbia to withdraw troops it deployed on Friday.",
            "called",
            "Monday",
        ),
        (
            "NATO on Monday called on Serbia to withdraw troops it deployed on Friday.",
            "deployed",
            "Friday",
        ),
        # English puts the time after the verb: a relative clause's time before it loses
        ("The minister, who arrived on Sunday, met the president on Monday.", "met", "Monday"),
        ("The minister, who arrived on Sunday, met the president on Monday.", "arrived", "Sunday"),
        # a sentence-initial adverbial belongs to the main clause
        ("On Monday, the ministry said the talks collapsed on Friday.", "said", "Monday"),
        ("On Monday, the ministry said the talks collapsed on Friday.", "collapsed", "Friday"),
        ("Yesterday, police detained 12 protesters.", "detained", "Yesterday"),
        # not across a semicolon
        ("Troops withdrew on Saturday; talks resumed on Monday.", "withdrew", "Saturday"),
        ("Troops withdrew on Saturday; talks resumed on Monday.", "resumed", "Monday"),
        ("Troops withdrew; talks resumed on Monday, which was a surprise.", "resumed", "Monday"),
        # not across a quotation mark
        ('"We will meet on Thursday," the minister said yesterday.', "said", "yesterday"),
        ('"We will meet on Thursday," the minister said yesterday.', "meet", "Thursday"),
        ("“Talks failed last week,” the envoy told reporters on Monday.", "told", "Monday"),
    ],
)
def test_event_time_picks_the_expression_of_its_predicate(
    sentence: str, verb: str, expected_text: str
) -> None:
    t = time_of(sentence, verb)
    assert t is not None
    assert t.text == expected_text
    assert t.span is not None
    assert sentence[t.span[0] : t.span[1]] == expected_text


def test_event_time_falls_back_across_a_boundary_when_the_clause_has_no_time() -> None:
    t = time_of("Talks collapsed on Monday; the envoy left.", "left")
    assert t is not None
    assert (t.text, t.value, t.defaulted) == ("Monday", "2023-07-10", False)


def test_event_time_passes_the_tense_on() -> None:
    sentence = "The ministers will meet on Monday."
    past = time_of(sentence, "meet", tense="past")
    future = time_of(sentence, "meet", tense="future")
    assert past is not None
    assert future is not None
    assert (past.value, future.value) == ("2023-07-10", "2023-07-17")


def test_bad_arguments_are_rejected_with_a_fix() -> None:
    with pytest.raises(ValueError, match="past, present, future"):
        find_time_expressions("on Monday", TUESDAY, tense="pluperfect")
    with pytest.raises(ValueError, match="outside the sentence"):
        event_time("Troops withdrew.", (7, 99), TUESDAY)


# --- spans and overlaps ----------------------------------------------------------------------


def test_every_span_matches_its_text_and_expressions_do_not_overlap() -> None:
    text = (
        "On Monday, 10 July, after talks held between 1 and 3 May and again on 29.05.2023, "
        "the envoy, who had arrived two days ago, said that last week's vote and the one in "
        "December 2022 mattered; talks resume next Monday, possibly at the weekend."
    )
    found = find_time_expressions(text, TUESDAY)
    assert [e.text for e in found] == [
        "Monday, 10 July",
        "between 1 and 3 May",
        "29.05.2023",
        "two days ago",
        "last week",
        "December 2022",
        "next Monday",
        "at the weekend",
    ]
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.first <= e.last
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_longest_expression_wins_where_candidates_overlap() -> None:
    assert [e.text for e in find_time_expressions("It ended in early May 2023.", TUESDAY)] == [
        "early May 2023"
    ]


_WORDS = (
    "on in since the of between and to from - – 0 1 3 12 13 29 31 39 999 2022 1999 May March "
    "Sept. Dec Monday Sunday night last next this earlier week month year weekend ago days "
    'summer yesterday tomorrow ; " , 29.02.2023 31/04/2023 2023-02-30 05/29/2023'
).split()


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12),
    noise=st.text(max_size=20),
    tense=st.sampled_from(["past", "present", "future"]),
    anchor=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
def test_hostile_text_yields_consistent_expressions(
    words: list[str], noise: str, tense: str, anchor: date
) -> None:
    text = " ".join(words) + noise
    found = find_time_expressions(text, anchor, tense)
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.first <= e.last
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    t = event_time(text, (0, 0), anchor, tense)
    assert t is not None
    assert t.defaulted == (not found)


# --- the word lists --------------------------------------------------------------------------


def test_lexicon_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "time.tsv"
    bad.write_text("# comment\nmonth\tjanuary\t1\nmonth\tfoo\t13\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"time\.tsv:3: month value '13'"):
        _read_lexicon(bad)
    bad.write_text("season\tsummer\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"time\.tsv:1: expected 3 tab-separated fields"):
        _read_lexicon(bad)
    bad.write_text("holiday\teaster\t4\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"time\.tsv:1: unknown kind 'holiday'"):
        _read_lexicon(bad)


# --- speed -----------------------------------------------------------------------------------


def test_event_time_on_a_long_sentence_picks_the_predicates_date() -> None:
    # speed is measured in bench/, never in a unit test
    sentence = (
        "The foreign ministers of the alliance, who arrived in the capital on Sunday evening, "
        "agreed on 10 July to send 400 additional peacekeeping troops to the northern "
        "municipalities after clashes with protesters in late May, officials said in a "
        "statement released yesterday."
    )
    verb = sentence.index("agreed")
    result = event_time(sentence, (verb, verb + 6), TUESDAY)
    assert result is not None
    assert result.value == "2023-07-10"


def test_story_relative_adverbs_count_from_the_clause_day() -> None:
    from graph.extract.dates import event_time

    anchor = date(2024, 3, 13)
    s = "The army said on Wednesday it had killed 20 militants the previous day."
    i = s.index("killed")
    assert event_time(s, (i, i + 6), anchor).value == "2024-03-12"
    s = "Turkey and Greece held talks on March 4 and signed a deal a week later."
    held, signed = s.index("held"), s.index("signed")
    assert event_time(s, (held, held + 4), anchor).value == "2024-03-04"
    assert event_time(s, (signed, signed + 6), anchor).value == "2024-03-11"
    # "two days after the vote" dates the vote, not the predicate
    s = "Israel struck Gaza on Monday, two days after the talks collapsed."
    i = s.index("struck")
    assert event_time(s, (i, i + 6), anchor).value == "2024-03-11"
