"""Opening hours: validation, weekly materialisation, "open at" in the database, "open now /
next opening" in Python, and the hours in plain words.

What a service's `opening_hours` may say
----------------------------------------
An OpenStreetMap `opening_hours` string (parsed by opening-hours-py) describing a *typical
week*, plus what happens on public holidays:

- weekdays and ranges of weekdays: `Mo-Fr`, `Mo,We,Fr`, `Sa-Su` (a weekday alone means the
  whole day);
- times and several slots a day: `Mo-Fr 09:00-12:00,13:30-16:00` (`9:00` is accepted);
- slots after midnight: `Sa 20:00-02:00` or `Sa 20:00-26:00` (open until 2 h on Sunday),
  including from Sunday into Monday;
- `24/7` (day and night), `off` / `closed` (e.g. `Mo-Fr 09:00-17:00; We off`);
- public holidays of the network's country: `PH off`, `PH 10:00-12:00`, `Mo-Fr,PH …`.
  A string that does not mention `PH` keeps its usual hours on public holidays.

Calendar rules, for what is not the same every week (imports of real feeds need them):

- the n-th weekday of the month: `Mo[1]` (first Monday), `Sa[1,3]`, `Fr[-1]` (last Friday);
- dates, date ranges and months, with or without years: `Dec 01-Mar 31 …`,
  `2026 Dec 01-2027 Mar 31 …`, `2026 Dec 01+ …` (from that day on), `Jan 15,Feb 15 …`,
  `Jul-Aug …`;
- week numbers: `week 01-10 …`;
each as an additional rule or a rule of its own (`Mo-Fr 09:00-12:00, Sa[1] 10:00-12:00`).
A closing date (`Dec 25 off`) is refused: a closure is a notice.

Refused, with a clear message: school holidays (`SH`), Easter, sunrise / sunset, open ends
(`18:00+`), repetitions (`/`), fallback rules (`||`), `unknown`, comments in quotes, a year
without month. Closures and one-off periods (works, holidays of the association, winter plan
open day and night) are entered as *notices* (`Notice`), which the engine takes into account
with the hours. Conditions ("women only", "by appointment") go in the service's conditions
of access; what hours cannot say goes in `Service.hours_text`, in words.

How "open" is decided (the same rule in the database and in Python)
-------------------------------------------------------------------
The string is materialised when the service is saved (`materialise`) into `OpeningInterval`
rows: minutes since Monday 00:00, local wall-clock time of the network (Europe/Brussels,
Europe/Paris). Regular rows (`holiday=False`) are the typical week; holiday rows
(`holiday=True`) are, for each weekday, the hours of that day *when it is a public holiday*
(a copy of the regular rows when the string does not mention `PH`). A service is open at a
moment when, in the network's local time:

    (a row of the right kind — holiday rows if the local date is a public holiday of the
     network's country (`holidays` package), regular rows otherwise — contains the minute
     of the week
     AND no `closed` notice covers the local date)
    OR an `open` notice covers the local date.

Calendar rules cannot all be weekly rows: for such strings (`is_irregular`) the rows hold
only what is open in *every* week, whatever the date (`slots_for`). "Open at" and "open now"
then never claim an opening that depends on the date — a first-Monday service is not returned
for Mondays, a winter shelter is not open in July — and the sheet gives the whole rule in
words (`describe`) with "horaires variables" instead of "fermé".

The kind of a moment depends only on its own local date: at 1 h in the night after a public
holiday, the regular rows apply (opening-hours-py evaluates `PH off` the same way). Times
are wall-clock times, so a shelter open 20 h – 8 h is open at 2 h 30 on the night the clocks
change, whichever the offset.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache, reduce
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import holidays
import opening_hours
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BooleanField, Exists, Expression, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from relais.network.models import Network

    from .models import Notice, OpeningInterval, Service

DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
# A week without public holidays in Belgium or France: the reference week of the regular rows.
REFERENCE_MONDAY = datetime(2024, 1, 8)  # noqa: DTZ001 - local wall-clock time
# How far `open_state` looks for the next opening.
HORIZON_DAYS = 14
DEFAULT_COUNTRY = "BE"

Slot = tuple[int, int]

# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"[^"]*"?|\[[^\]]*\]?|24/7|\d{1,2}:\d{2}|[A-Za-z]+|\|\||[,;\-]|\S')
_ALLOWED_WORDS = {"mo", "tu", "we", "th", "fr", "sa", "su", "ph", "off", "closed", "open"}
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_SOLAR = {"sunrise", "sunset", "dawn", "dusk"}
# The n-th weekday of the month: "[1]", "[-1]", "[1,3]", "[1-2]".
_NTH = re.compile(r"^\[\s*-?[1-5](?:\s*-\s*-?[1-5])?(?:\s*,\s*-?[1-5](?:\s*-\s*-?[1-5])?)*\s*\]$")


def _unsupported_reason(token: str, previous: str = "") -> str | None:
    """Why a token of a parsable string is outside what relais represents (see the module
    docstring: a typical week, and the calendar rules of `parse_rules`)."""
    lower = token.lower()
    if lower in _ALLOWED_WORDS or token in {"24/7", ",", ";", "-"}:
        return None
    if re.fullmatch(r"\d{1,2}:\d{2}", token):
        return None
    if lower in _MONTHS or lower == "week" or token.isdigit():
        return None  # calendar rules: checked by parse_rules
    if token.startswith("["):
        return None if _NTH.match(token) else _("« %(token)s »") % {"token": token}
    if previous.isdigit() and token in {"+"}:
        return None  # "2026 Dec 01+": from a date on
    if token.startswith('"'):
        return _("les commentaires entre guillemets (mettez-les dans les conditions d'accès)")
    if lower in _SOLAR:
        return _("le lever et le coucher du soleil")
    reasons = {
        "sh": _("les vacances scolaires (SH)"),
        "easter": _("Pâques"),
        "unknown": _("l'état « inconnu »"),
        "||": _("les règles de repli (« || »)"),
        "+": _("les heures de fermeture non précisées (« + »)"),
        "/": _("les répétitions (« / »)"),
    }
    return reasons.get(lower, _("« %(token)s »") % {"token": token})


def validate_opening_hours(value: str) -> None:
    """Refuse what opening-hours-py cannot read, and what relais cannot represent.

    See the module docstring for what is supported; closures and one-off periods go in
    notices.
    """
    if not value:
        return
    try:
        opening_hours.OpeningHours(value)
    except (opening_hours.ParserError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Horaires illisibles : « %(value)s ». Exemple : « Mo-Fr 09:00-17:00; PH off ».")
            % {"value": value},
            code="invalid",
        ) from error
    reasons = []
    previous = ""
    for token in _TOKEN.findall(value):
        reason = _unsupported_reason(token, previous)
        if reason and reason not in reasons:
            reasons.append(reason)
        previous = token
    if not reasons and is_irregular(value):
        try:
            rules = parse_rules(value)
        except UnsupportedHours as error:
            reasons.append(error.reason)
        else:
            if any(rule.off and rule.calendar for rule in rules):
                # Dated closures are notices: "open at" follows them to the day, whereas a
                # closing date in the hours would take the weekday out of every week.
                reasons.append(_("les fermetures à une date (« Dec 25 off »)"))
    elif not reasons and _weekly_slots_in(value, REFERENCE_MONDAY) != _weekly_slots_in(
        value, REFERENCE_MONDAY + timedelta(weeks=27)
    ):
        reasons.append(_("des horaires qui changent selon la semaine"))
    if reasons:
        raise ValidationError(
            _(
                "Horaires non pris en charge : %(reasons)s. Les horaires décrivent une semaine "
                "type (jours, heures, jours fériés « PH »), avec au besoin le n-ième jour du "
                "mois (« Mo[1] »), des dates ou des semaines ; pour une fermeture ou une "
                "période exceptionnelle (travaux, vacances), ajoutez un avis temporaire."
            )
            % {"reasons": ", ".join(reasons)},
            code="unsupported",
        )


# --------------------------------------------------------------------------------------------
# Calendar rules: the n-th weekday of the month, dates, months and weeks
# --------------------------------------------------------------------------------------------


class UnsupportedHours(ValueError):
    """A calendar rule outside the subset relais reads (`reason` in French)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_RULE_TOKEN = re.compile(r"\[[^\]]*\]|24/7|\d{1,2}:\d{2}|\d+|[A-Za-z]+|[,;\-+]|\S")
_DAY_CODES = ("mo", "tu", "we", "th", "fr", "sa", "su")
_MONTH_CODES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class DatePoint:
    """A date of a rule: a month and maybe a day and a year (`Dec`, `Dec 01`, `2026 Dec 01`)."""

    month: int | None  # 1–12; None for "the same month" at the end of "Dec 01-05"
    day: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class DateRange:
    start: DatePoint
    end: DatePoint | None = None  # None: the start alone
    open_end: bool = False  # "2026 Dec 01+": from the start on


@dataclass(frozen=True)
class Weekdays:
    first: int  # 0 = Monday
    last: int
    nth: tuple[int, ...] = ()  # n-th of the month (1–5, -1 the last, -2…); () every week


@dataclass
class Rule:
    """One rule of an hours string, as `describe` puts it in words."""

    dates: list[DateRange] = field(default_factory=list)
    weeks: list[tuple[int, int]] = field(default_factory=list)
    weekdays: list[Weekdays] = field(default_factory=list)
    holidays: bool = False
    times: list[Slot] = field(default_factory=list)  # minutes; end ≤ start: the next day
    off: bool = False
    always: bool = False
    additional: bool = False  # joined to the previous rule with ","

    @property
    def calendar(self) -> bool:
        return bool(self.dates or self.weeks or any(w.nth for w in self.weekdays))


@lru_cache(maxsize=1024)
def is_irregular(value: str) -> bool:
    """Whether the hours depend on more than the day of the week: the n-th weekday of the
    month, dates, months, years or week numbers. Such hours cannot all be weekly rows: see
    `slots_for` for what "open at" counts."""
    for token in _RULE_TOKEN.findall(value or ""):
        lower = token.lower()
        if token.startswith("[") or lower in _MONTH_CODES or lower == "week":
            return True
        if token.isdigit():
            return True
    return False


def _nths(token: str) -> tuple[int, ...]:
    values: list[int] = []
    for part in token.strip("[]").split(","):
        bounds = re.fullmatch(r"\s*(-?\d)\s*(?:-\s*(-?\d)\s*)?", part)
        if not bounds:
            raise UnsupportedHours(_("« %(token)s »") % {"token": token})
        low = int(bounds.group(1))
        high = int(bounds.group(2)) if bounds.group(2) else low
        if low == 0 or high == 0 or abs(low) > 5 or abs(high) > 5 or high < low:
            raise UnsupportedHours(_("« %(token)s »") % {"token": token})
        values += [n for n in range(low, high + 1) if n != 0]
    return tuple(dict.fromkeys(values))


def _minutes(token: str) -> int:
    hours_, minutes = token.split(":")
    return int(hours_) * 60 + int(minutes)


class _Reader:
    def __init__(self, value: str):
        self.tokens = _RULE_TOKEN.findall(value)
        self.i = 0

    def peek(self, offset: int = 0) -> str:
        index = self.i + offset
        return self.tokens[index] if index < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        self.i += 1
        return token

    def fail(self) -> UnsupportedHours:
        token = self.peek() or "…"
        return UnsupportedHours(_("« %(token)s »") % {"token": token})

    # Kinds of tokens
    @staticmethod
    def is_year(token: str) -> bool:
        return len(token) == 4 and token.isdigit()

    @staticmethod
    def is_month(token: str) -> bool:
        return token.lower() in _MONTH_CODES

    @staticmethod
    def is_day(token: str) -> bool:
        return token.lower() in _DAY_CODES or token.upper() == "PH"

    @staticmethod
    def is_time(token: str) -> bool:
        return bool(re.fullmatch(r"\d{1,2}:\d{2}", token))

    def at_date(self) -> bool:
        return self.is_month(self.peek()) or (
            self.is_year(self.peek()) and self.is_month(self.peek(1))
        )


def _date_point(reader: _Reader, *, end: bool) -> DatePoint:
    year = int(reader.take()) if reader.is_year(reader.peek()) else None
    month = None
    if reader.is_month(reader.peek()):
        month = _MONTH_CODES.index(reader.take().lower()) + 1
    elif not end:
        raise reader.fail()
    day = None
    token = reader.peek()
    if token.isdigit() and len(token) <= 2 and not reader.is_time(token):
        day = int(reader.take())
        if not 1 <= day <= 31:
            raise reader.fail()
    if month is None and day is None:
        raise reader.fail()
    return DatePoint(month=month, day=day, year=year)


def _rule(reader: _Reader) -> Rule:
    rule = Rule()
    if reader.peek() == "24/7":
        reader.take()
        rule.always = True
        return rule
    if reader.is_year(reader.peek()) and not reader.is_month(reader.peek(1)):
        raise UnsupportedHours(
            _("une année sans mois ni jour (écrivez « 2026 Dec 01-2027 Mar 31 »)")
        )
    while reader.at_date():
        start = _date_point(reader, end=False)
        if reader.peek() == "-":
            reader.take()
            rule.dates.append(DateRange(start, _date_point(reader, end=True)))
        elif reader.peek() == "+":
            reader.take()
            rule.dates.append(DateRange(start, open_end=True))
        else:
            rule.dates.append(DateRange(start))
        if reader.peek() == "," and (
            reader.is_month(reader.peek(1)) or reader.is_year(reader.peek(1))
        ):
            reader.take()
            continue
        break
    if reader.peek().lower() == "week":
        reader.take()
        while True:
            if not reader.peek().isdigit():
                raise reader.fail()
            low = high = int(reader.take())
            if reader.peek() == "-":
                reader.take()
                if not reader.peek().isdigit():
                    raise reader.fail()
                high = int(reader.take())
            if not 1 <= low <= high <= 53:
                raise UnsupportedHours(_("les numéros de semaine hors de 1 à 53"))
            rule.weeks.append((low, high))
            if reader.peek() == "," and reader.peek(1).isdigit():
                reader.take()
                continue
            break
    while reader.is_day(reader.peek()):
        token = reader.take()
        if token.upper() == "PH":
            rule.holidays = True
        else:
            first = last = _DAY_CODES.index(token.lower())
            if reader.peek() == "-" and reader.peek(1).lower() in _DAY_CODES:
                reader.take()
                last = _DAY_CODES.index(reader.take().lower())
            nth: tuple[int, ...] = ()
            if reader.peek().startswith("["):
                nth = _nths(reader.take())
                if first != last:
                    raise UnsupportedHours(
                        _("le n-ième jour du mois sur une plage de jours (« Mo-Fr[1] »)")
                    )
            rule.weekdays.append(Weekdays(first, last, nth))
        if reader.peek() == "," and reader.is_day(reader.peek(1)):
            reader.take()
            continue
        break
    if reader.peek().lower() in ("off", "closed"):
        reader.take()
        rule.off = True
        return rule
    if reader.peek().lower() == "open":
        reader.take()
    while reader.is_time(reader.peek()):
        opens = _minutes(reader.take())
        if reader.take() != "-" or not reader.is_time(reader.peek()):
            raise UnsupportedHours(_("les heures de fermeture non précisées (« + »)"))
        closes = _minutes(reader.take())
        rule.times.append((opens, closes))
        if reader.peek() == "," and reader.is_time(reader.peek(1)):
            reader.take()
            continue
        break
    return rule


@lru_cache(maxsize=512)
def _parse(value: str) -> tuple[Rule, ...]:
    reader = _Reader(value)
    rules: list[Rule] = []
    additional = False
    while reader.peek():
        start = reader.i
        rule = _rule(reader)
        if reader.i == start:
            raise reader.fail()
        rule.additional = additional
        rules.append(rule)
        separator = reader.peek()
        if not separator:
            break
        if separator not in (";", ","):
            raise reader.fail()
        reader.take()
        additional = separator == ","
    return tuple(rules)


def parse_rules(value: str) -> list[Rule]:
    """The rules of an hours string, read for `describe`. Understood, besides the typical
    week: the n-th weekday of the month (`Sa[1,3]`, `Fr[-1]`), dates and date ranges with or
    without years (`Dec 01-Mar 31`, `2026 Dec 01-2027 Mar 31`, `Jan 15,Feb 15`, `2026 Dec 01+`),
    months (`Jul-Aug`) and week numbers (`week 01-10`). Raises UnsupportedHours otherwise."""
    return list(_parse(value))


# --------------------------------------------------------------------------------------------
# Materialisation
# --------------------------------------------------------------------------------------------


def merge(slots: Iterable[Slot]) -> list[Slot]:
    """Sort slots and merge those that overlap or touch."""
    merged: list[list[int]] = []
    for start, end in sorted(slots):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _fold(start: int, end: int) -> list[Slot]:
    """A slot of the timeline (minutes, possibly outside the week) as rows inside the week."""
    if end - start >= WEEK_MINUTES:
        return [(0, WEEK_MINUTES)]
    start_in_week = start % WEEK_MINUTES
    end_in_week = start_in_week + (end - start)
    if end_in_week <= WEEK_MINUTES:
        return [(start_in_week, end_in_week)]
    return [(start_in_week, WEEK_MINUTES), (0, end_in_week - WEEK_MINUTES)]


@lru_cache(maxsize=256)
def _parsed(value: str, country: str | None) -> opening_hours.OpeningHours:
    return opening_hours.OpeningHours(value, country=country)


def _open_periods(
    value: str, start: datetime, end: datetime, country: str | None
) -> list[tuple[datetime, datetime]]:
    oh = _parsed(value, country)
    return [
        (max(begin, start), min(finish or end, end))
        for begin, finish, state, _comment in oh.intervals(start - timedelta(days=2), end)
        if state == opening_hours.State.OPEN and (finish is None or finish > start)
    ]


def _weekly_slots_in(value: str, monday: datetime) -> list[Slot]:
    """The open slots of the week starting at `monday` (no public holiday applied)."""
    slots: list[Slot] = []
    for begin, finish in _open_periods(value, monday, monday + timedelta(days=7), None):
        start = int((begin - monday).total_seconds() // 60)
        end = int((finish - monday).total_seconds() // 60)
        slots += _fold(start, end)
    return merge(slots)


def intersect(first: Sequence[Slot], second: Sequence[Slot]) -> list[Slot]:
    """The minutes open in both lists of merged slots."""
    result = []
    for start, end in first:
        for other_start, other_end in second:
            low, high = max(start, other_start), min(end, other_end)
            if low < high:
                result.append((low, high))
    return merge(result)


# Calendar rules are evaluated over eleven years: every date falls on every weekday, every
# weekday takes every rank in its month, every week number comes (and three 29 Februaries).
SURE_FROM = datetime(2024, 1, 1)  # noqa: DTZ001 - a Monday, local wall-clock time
SURE_YEARS = 11


def _sure_weekly_slots(value: str) -> list[Slot]:
    """The minutes of the week open on every occurrence of their weekday over SURE_YEARS
    years: what a string with calendar rules promises whatever the date
    (`Mo-Fr 09:00-12:00, Sa[1] 10:00-12:00` → Monday to Friday only)."""
    end = datetime(SURE_FROM.year + SURE_YEARS, 1, 1)  # noqa: DTZ001
    per_day: dict[date, list[Slot]] = {}
    for begin, finish in _open_periods(value, SURE_FROM, end, None):
        current = begin
        while current < finish:
            midnight = datetime.combine(current.date(), time())
            stop = min(finish, midnight + timedelta(days=1))
            per_day.setdefault(current.date(), []).append(
                (
                    int((current - midnight).total_seconds() // 60),
                    int((stop - midnight).total_seconds() // 60),
                )
            )
            current = stop
    sure: dict[int, list[Slot]] = {}
    day = SURE_FROM.date()
    while day < end.date():
        weekday = day.weekday()
        slots = merge(per_day.get(day, []))
        sure[weekday] = slots if weekday not in sure else intersect(sure[weekday], slots)
        day += timedelta(days=1)
    return merge(
        (weekday * DAY_MINUTES + start, weekday * DAY_MINUTES + finish)
        for weekday, slots in sure.items()
        for start, finish in slots
    )


@lru_cache(maxsize=256)
def _new_year_on(weekday: int) -> date:
    """A 1 January (a public holiday in Belgium and France) falling on `weekday`."""
    year = 2024
    while date(year, 1, 1).weekday() != weekday:
        year += 1
    return date(year, 1, 1)


@lru_cache(maxsize=8)
def _holidays_by_weekday(country: str) -> dict[int, list[date]]:
    """Public holidays of `country` over eight years, by weekday (for calendar rules)."""
    found: dict[int, list[date]] = {}
    for day in sorted(holidays.country_holidays(country, years=range(2024, 2032))):
        found.setdefault(day.weekday(), []).append(day)
    return found


def mentions_holidays(value: str) -> bool:
    return any(token.lower() == "ph" for token in _TOKEN.findall(value or ""))


def _day_rows(value: str, day: date, country: str) -> list[Slot]:
    """The open slots of a local date as rows of its weekday (minutes since Monday)."""
    midnight = datetime.combine(day, time())
    offset = day.weekday() * DAY_MINUTES
    return merge(
        (
            offset + int((begin - midnight).total_seconds() // 60),
            offset + int((finish - midnight).total_seconds() // 60),
        )
        for begin, finish in _open_periods(value, midnight, midnight + timedelta(days=1), country)
    )


@lru_cache(maxsize=4096)
def slots_for(value: str, country: str | None = None) -> tuple[tuple[Slot, ...], tuple[Slot, ...]]:
    """(regular rows, holiday rows) of an hours string, as (start, end) minutes of the week.

    Regular rows: the reference week, a slot crossing the end of the week folded onto Monday
    and adjacent slots merged. Holiday rows: for each weekday, the hours of that day when it is
    a public holiday of `country`, evaluated by opening-hours-py on a real 1 January falling on
    that weekday; a copy of the regular rows when the string does not mention `PH`.

    Calendar rules (`is_irregular`: `Sa[1]`, `Dec 01-Mar 31`, `week 01-10`…) cannot be weekly
    rows. The rows are then what is open **every** week of a year (`_sure_weekly_slots`), and
    the holiday rows what is open on every public holiday of that weekday over eight years: so
    "open at" and "open now" never claim an opening that depends on the date (a first-Monday
    service is not open "every Monday"); the sheet gives the whole rule in words.
    """
    if not value:
        return (), ()
    irregular = is_irregular(value)
    regular = tuple(
        _sure_weekly_slots(value) if irregular else _weekly_slots_in(value, REFERENCE_MONDAY)
    )
    if not mentions_holidays(value):
        return regular, regular
    country = country or DEFAULT_COUNTRY
    holiday: list[Slot] = []
    for weekday in range(7):
        if irregular:
            days = _holidays_by_weekday(country).get(weekday) or [_new_year_on(weekday)]
            rows = _day_rows(value, days[0], country)
            for day in days[1:]:
                rows = intersect(rows, _day_rows(value, day, country))
        else:
            rows = _day_rows(value, _new_year_on(weekday), country)
        holiday += rows
    return regular, tuple(merge(holiday))


def weekly_slots(value: str, country: str | None = None) -> list[Slot]:
    """Open slots of a regular week as (start, end) minutes since Monday 00:00."""
    return list(slots_for(value, country)[0])


def interval_rows(*, service: Service) -> list[OpeningInterval]:
    """The unsaved OpeningInterval rows of a service (for bulk creation of many services)."""
    from .models import OpeningInterval

    country = service.network.country if service.network_id else None
    regular, holiday = slots_for(service.opening_hours or "", country)
    return [
        OpeningInterval(service=service, holiday=is_holiday, start=start, end=end)
        for is_holiday, slots in ((False, regular), (True, holiday))
        for start, end in slots
    ]


def materialise(*, service: Service) -> None:
    """Replace the service's OpeningInterval rows by those of its current hours, and set its
    `week_hours` / `holiday_hours` to the same slots (the caller saves them)."""
    from .models import OpeningInterval

    rows = interval_rows(service=service)
    service.week_hours = [(row.start, row.end) for row in rows if not row.holiday]
    service.holiday_hours = [(row.start, row.end) for row in rows if row.holiday]
    service.intervals.all().delete()
    OpeningInterval.objects.bulk_create(rows)


# --------------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name or settings.TIME_ZONE)


@lru_cache(maxsize=128)
def _holiday_dates(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_public_holiday(country: str | None, day: date) -> bool:
    """Whether `day` is a public holiday of `country` (BE, FR), per the `holidays` package."""
    return day in _holiday_dates(country or DEFAULT_COUNTRY, day.year)


def minute_of_week(local: datetime) -> int:
    return local.weekday() * DAY_MINUTES + local.hour * 60 + local.minute


def _aware(when: datetime) -> datetime:
    return timezone.make_aware(when) if timezone.is_naive(when) else when


# --------------------------------------------------------------------------------------------
# "Open at" in the database
# --------------------------------------------------------------------------------------------


class InSlot(Expression):
    """A condition on Service: one of its slots of the given kind (holiday rows or regular
    rows) contains `minute` of the week.

    - PostgreSQL: `week_hours @> minute` (or `holiday_hours`), tested inside the service's own
      row: no subquery per candidate, so "open at" costs next to nothing on the rows that the
      other filters' indexes leave (docs/performance.md);
    - other databases: `EXISTS` on the OpeningInterval rows (index on service).
    Both read the same slots: `materialise` writes the rows and the two columns together.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, *, holiday: bool, minute: int, using: str = "default"):
        from .models import OpeningInterval

        super().__init__()
        self.minute = int(minute)
        if connections[using].vendor == "postgresql":
            self.test = F("holiday_hours" if holiday else "week_hours")
        else:
            self.test = Exists(
                OpeningInterval.objects.filter(
                    service=OuterRef("pk"), holiday=holiday, start__lte=minute, end__gt=minute
                )
            )

    def get_source_expressions(self):
        return [self.test]

    def set_source_expressions(self, exprs):
        (self.test,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.test)
        if isinstance(self.test, Exists):
            return sql, params
        return f"{sql} @> %s", (*params, self.minute)


def _networks() -> list[Network]:
    """Every network's id, time zone and country (one small query)."""
    from relais.network.models import Network

    return list(Network.objects.only("id", "time_zone", "country"))


@dataclass(frozen=True)
class OpenPlan:
    """What "open at a moment" means for a list of networks, as data: for each local date,
    the (minute of the week, public holiday?, network ids) groups, and whether the list holds
    every network (see `open_at_condition`). `shape` and `flat` split it into the query's
    structure and its values (a search compiles its query once per structure:
    `relais.core.compiled`); `from_parts` puts them back together."""

    days: tuple[tuple[date, tuple[tuple[int, bool, tuple[int, ...]], ...]], ...]
    complete: bool

    @property
    def names_networks(self) -> bool:
        """Whether the condition names the networks (several dates or groups, or a list that
        is not every network); when it does not, their ids are no part of the query."""
        return (
            len(self.days) > 1
            or not self.complete
            or any(len(groups) > 1 for _day, groups in self.days)
        )

    def shape(self) -> tuple:
        named = self.names_networks
        return (
            self.complete,
            tuple(
                tuple((holiday, len(ids) if named else 0) for _m, holiday, ids in groups)
                for _d, groups in self.days
            ),
        )

    def flat(self) -> tuple[list[int], list[date], list[int]]:
        minutes = [minute for _d, groups in self.days for minute, _h, _ids in groups]
        days = [day for day, _groups in self.days]
        ids = (
            [pk for _d, groups in self.days for _m, _h, group in groups for pk in group]
            if self.names_networks
            else []
        )
        return minutes, days, ids

    @classmethod
    def from_parts(cls, shape: tuple, minutes, days, ids) -> OpenPlan:
        complete, structure = shape
        minutes, ids = iter(minutes), iter(ids)
        built = []
        for day, groups in zip(days, structure, strict=True):
            built.append(
                (
                    day,
                    tuple(
                        (next(minutes), holiday, tuple(next(ids) for _ in range(count)))
                        for holiday, count in groups
                    ),
                )
            )
        return cls(days=tuple(built), complete=complete)


def open_plan(
    when: datetime, *, networks: Iterable[Network] | None = None, every_network: bool = False
) -> OpenPlan:
    """The plan of `open_at_condition` (see there)."""
    when = _aware(when)
    listed = _networks() if networks is None else list(networks)
    by_date: dict[date, dict[tuple[int, bool], list[int]]] = {}
    for network in listed:
        local = when.astimezone(_zone(network.time_zone))
        key = (minute_of_week(local), is_public_holiday(network.country, local.date()))
        by_date.setdefault(local.date(), {}).setdefault(key, []).append(network.pk)
    return OpenPlan(
        days=tuple(
            (day, tuple((minute, holiday, tuple(ids)) for (minute, holiday), ids in groups.items()))
            for day, groups in by_date.items()
        ),
        complete=networks is None or every_network,
    )


def open_condition(plan: OpenPlan, *, using: str = "default") -> Q:
    """The Q of an `OpenPlan` (see `open_at_condition`)."""
    from .models import Notice

    if not plan.days:
        return Q(pk__in=[])

    def exists(queryset) -> Q:
        return Q(Exists(queryset.filter(service=OuterRef("pk"))))

    conditions = []
    for day, groups in plan.days:
        slots = []
        for minute, holiday, network_ids in groups:
            in_slot = Q(InSlot(holiday=holiday, minute=minute, using=using))
            slots.append(
                in_slot & Q(network_id__in=list(network_ids)) if len(groups) > 1 else in_slot
            )
        notices = Notice.objects.filter(starts_on__lte=day, ends_on__gte=day)
        day_open = (reduce(operator.or_, slots) & ~exists(notices.filter(effect="closed"))) | (
            exists(notices.filter(effect="open"))
        )
        if len(plan.days) > 1 or not plan.complete:
            day_open &= Q(network_id__in=[pk for _m, _h, ids in groups for pk in ids])
        conditions.append(day_open)
    return reduce(operator.or_, conditions)


def open_at_condition(
    when: datetime,
    *,
    networks: Iterable[Network] | None = None,
    every_network: bool = False,
    using: str = "default",
) -> Q:
    """A Q on Service that is true when the service is open at `when` (see module docstring).

    `when` is converted to each network's local time. Networks are grouped by local date, then
    by minute of the week and holiday status, so the usual case — Belgian and French networks
    on an ordinary day — is a single condition that does not look at the network, and the
    notices are tested once per local date. The slots are tested by `InSlot` (in the service's
    row on PostgreSQL, EXISTS on OpeningInterval elsewhere), the notices by EXISTS on Notice.

    `networks` (objects with `pk`, `time_zone`, `country`) are those to consider: by default
    every network (one small query); a caller that already has them (one network, or a list
    kept for the request) passes them and saves that query. Services of other networks are
    then never open, unless the caller says that the list holds `every_network` (then no
    condition on the network is added where all networks share the same local moment).
    `using`: the database the condition is for (the slots are tested in the row on
    PostgreSQL, see `InSlot`).
    """
    plan = open_plan(when, networks=networks, every_network=every_network)
    return open_condition(plan, using=using)


def filter_open_at(
    queryset: QuerySet[Service],
    when: datetime,
    *,
    networks: Iterable[Network] | None = None,
) -> QuerySet[Service]:
    """The services of `queryset` open at `when`, decided by the database (SQLite and
    PostgreSQL alike): the materialised slots and the notices, no parsing.
    One extra query reads the networks unless `networks` is given (see open_at_condition)."""
    return queryset.filter(open_at_condition(when, networks=networks, using=queryset.db))


# --------------------------------------------------------------------------------------------
# "Open now / closes at / next opening" in Python, from the materialised rows
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenState:
    """Where a service stands at a moment.

    - open_now: open at that moment (the same answer as `filter_open_at`);
    - closes_at: when open, the end of the current opening (following it across midnight and
      across days); None when closed, or when it does not close within the horizon;
    - next_opening: when closed, the start of the next opening within HORIZON_DAYS; None when
      open now or nothing opens within the horizon;
    - notices: the notices still running or to come (ends_on ≥ the local date), by start.
    Datetimes are aware, in the network's time zone.
    """

    open_now: bool
    next_opening: datetime | None = None
    closes_at: datetime | None = None
    notices: list[Notice] = field(default_factory=list)


def _day_slots(
    day: date,
    regular: Sequence[Slot],
    holiday_rows: Sequence[Slot],
    notices: Sequence[Notice],
    country: str | None,
) -> list[Slot]:
    """Open minutes of a local date, as (start, end) minutes since that date's 00:00."""
    covering = [n for n in notices if n.starts_on <= day <= n.ends_on]
    if any(n.effect == "open" for n in covering):
        return [(0, DAY_MINUTES)]
    if any(n.effect == "closed" for n in covering):
        return []
    rows = holiday_rows if is_public_holiday(country, day) else regular
    day_start = day.weekday() * DAY_MINUTES
    day_end = day_start + DAY_MINUTES
    return [
        (max(start, day_start) - day_start, min(end, day_end) - day_start)
        for start, end in rows
        if start < day_end and end > day_start
    ]


def open_state(service: Service, when: datetime | None = None) -> OpenState:
    """Open now, closing time, next opening and notices of a service at `when` (default now).

    Computed from the service's materialised slots (`week_hours`, `holiday_hours`: the same
    as its OpeningInterval rows, in its own row) and its `notices` — no parsing of the hours
    string, and no query when the notices are prefetched (and the network loaded).
    """
    network = service.network
    tz = _zone(network.time_zone)
    country = network.country
    when = _aware(when or timezone.now())
    local = when.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
    today = local.date()

    regular: list[Slot] = list(service.week_hours)
    holiday_rows: list[Slot] = list(service.holiday_hours)
    all_notices = sorted(service.notices.all(), key=lambda n: (n.starts_on, n.ends_on, n.pk))
    state_notices = [n for n in all_notices if n.effect in ("open", "closed")]

    # The open periods of the horizon, as local wall-clock datetimes, merged across midnight.
    horizon_end = datetime.combine(today + timedelta(days=HORIZON_DAYS + 1), time())
    periods: list[list[datetime]] = []
    for offset in range(HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        midnight = datetime.combine(day, time())
        for start, end in sorted(_day_slots(day, regular, holiday_rows, state_notices, country)):
            begin = midnight + timedelta(minutes=start)
            finish = midnight + timedelta(minutes=end)
            if periods and periods[-1][1] == begin:
                periods[-1][1] = finish
            else:
                periods.append([begin, finish])

    def aware(moment: datetime) -> datetime:
        return moment.replace(tzinfo=tz).astimezone(tz)

    open_now, closes_at, next_opening = False, None, None
    for begin, finish in periods:
        if begin <= local < finish:
            open_now = True
            closes_at = None if finish >= horizon_end else aware(finish)
            break
        if begin > local:
            if begin <= local + timedelta(days=HORIZON_DAYS):
                next_opening = aware(begin)
            break
    return OpenState(
        open_now=open_now,
        next_opening=None if open_now else next_opening,
        closes_at=closes_at,
        notices=[n for n in all_notices if n.ends_on >= today],
    )


# --------------------------------------------------------------------------------------------
# The hours in plain words
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    days: tuple[str, ...]
    day_range: str  # "{first} au {last}"
    and_: str  # " et "
    comma: str  # ", "
    every_day: str
    day_and_night: str
    always: str  # the whole line for 24/7
    holidays: str
    closed: str
    next_day: str
    colon: str
    # Calendar rules (see `_describe_rules`).
    months: tuple[str, ...] = ()  # in a date: "1er décembre", "1 грудня"
    month_names: tuple[str, ...] = ()  # alone: "décembre – mars", "грудень – березень"
    nth: dict[int, str] = field(default_factory=dict)  # 1 → "1er", -1 → "dernier"
    nth_feminine: dict[int, str] = field(default_factory=dict)  # where the weekday is feminine
    feminine_days: tuple[int, ...] = ()
    nth_weekday: str = "{nth} {day}"  # "{nth} {day} du mois"
    plural_days: tuple[str, ...] = ()  # "lundis" (several ranks of one weekday)
    date: str = "{day} {month}"
    date_year: str = "{day} {month} {year}"
    first_of_month: str = ""  # day 1 of a month, when the language says it apart ("1er")
    date_range: str = "{start} – {end}"
    from_date: str = "{start}"
    month_range: str = "{start} – {end}"
    every_month: str = "{day}"
    week: str = "{weeks}"
    weeks: str = "{weeks}"
    week_range: str = "{first}–{last}"

    def time(self, minutes: int) -> str:
        hours, mins = divmod(minutes, 60)
        return f"{hours}:{mins:02d}"


class _FrenchWords(_Words):
    def time(self, minutes: int) -> str:
        hours, mins = divmod(minutes, 60)
        return f"{hours} h {mins:02d}" if mins else f"{hours} h"


WORDS: dict[str, _Words] = {
    "fr": _FrenchWords(
        days=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        day_range="{first} au {last}",
        and_=" et ",
        comma=", ",
        every_day="tous les jours",
        day_and_night="jour et nuit",
        always="tous les jours, jour et nuit",
        holidays="jours fériés",
        closed="fermé",
        next_day="le lendemain",
        colon=" : ",
        months=(
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        nth={1: "1er", 2: "2e", 3: "3e", 4: "4e", 5: "5e", -1: "dernier", -2: "avant-dernier"},
        nth_weekday="{nth} {day} du mois",
        plural_days=(
            "lundis",
            "mardis",
            "mercredis",
            "jeudis",
            "vendredis",
            "samedis",
            "dimanches",
        ),
        first_of_month="1er",
        date_range="du {start} au {end}",
        from_date="à partir du {start}",
        month_range="de {start} à {end}",
        every_month="le {day} de chaque mois",
        week="semaine {weeks}",
        weeks="semaines {weeks}",
        week_range="{first} à {last}",
    ),
    "nl": _Words(
        days=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
        day_range="{first} tot {last}",
        and_=" en ",
        comma=", ",
        every_day="elke dag",
        day_and_night="dag en nacht",
        always="elke dag, dag en nacht",
        holidays="feestdagen",
        closed="gesloten",
        next_day="de volgende dag",
        colon=": ",
        months=(
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ),
        nth={
            1: "eerste",
            2: "tweede",
            3: "derde",
            4: "vierde",
            5: "vijfde",
            -1: "laatste",
            -2: "voorlaatste",
        },
        nth_weekday="{nth} {day} van de maand",
        date_range="van {start} tot {end}",
        from_date="vanaf {start}",
        month_range="van {start} tot {end}",
        every_month="de {day}e van elke maand",
        week="week {weeks}",
        weeks="weken {weeks}",
        week_range="{first} tot {last}",
    ),
    "de": _Words(
        days=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        day_range="{first} bis {last}",
        and_=" und ",
        comma=", ",
        every_day="täglich",
        day_and_night="Tag und Nacht",
        always="täglich, Tag und Nacht",
        holidays="Feiertage",
        closed="geschlossen",
        next_day="am nächsten Tag",
        colon=": ",
        months=(
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ),
        nth={1: "1.", 2: "2.", 3: "3.", 4: "4.", 5: "5.", -1: "letzter", -2: "vorletzter"},
        nth_weekday="{nth} {day} im Monat",
        date="{day}. {month}",
        date_year="{day}. {month} {year}",
        date_range="vom {start} bis {end}",
        from_date="ab dem {start}",
        month_range="von {start} bis {end}",
        every_month="am {day}. jedes Monats",
        week="Kalenderwoche {weeks}",
        weeks="Kalenderwochen {weeks}",
        week_range="{first} bis {last}",
    ),
    "en": _Words(
        days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        day_range="{first} to {last}",
        and_=" and ",
        comma=", ",
        every_day="every day",
        day_and_night="day and night",
        always="every day, day and night",
        holidays="public holidays",
        closed="closed",
        next_day="next day",
        colon=": ",
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        nth={
            1: "first",
            2: "second",
            3: "third",
            4: "fourth",
            5: "fifth",
            -1: "last",
            -2: "second to last",
        },
        nth_weekday="{nth} {day} of the month",
        date_range="from {start} to {end}",
        from_date="from {start}",
        month_range="from {start} to {end}",
        every_month="on day {day} of every month",
        week="week {weeks}",
        weeks="weeks {weeks}",
        week_range="{first} to {last}",
    ),
    "ar": _Words(
        days=("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
        day_range="من {first} إلى {last}",
        and_=" و",
        comma="، ",
        every_day="كل يوم",
        day_and_night="ليلاً ونهاراً",
        always="كل يوم، ليلاً ونهاراً",
        holidays="العطل الرسمية",
        closed="مغلق",
        next_day="اليوم التالي",
        colon=": ",
        months=(
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ),
        nth={
            1: "الأول",
            2: "الثاني",
            3: "الثالث",
            4: "الرابع",
            5: "الخامس",
            -1: "الأخير",
            -2: "قبل الأخير",
        },
        nth_feminine={
            1: "الأولى",
            2: "الثانية",
            3: "الثالثة",
            4: "الرابعة",
            5: "الخامسة",
            -1: "الأخيرة",
            -2: "قبل الأخيرة",
        },
        feminine_days=(4,),
        nth_weekday="{day} {nth} من الشهر",
        date_range="من {start} إلى {end}",
        from_date="ابتداءً من {start}",
        month_range="من {start} إلى {end}",
        every_month="يوم {day} من كل شهر",
        week="الأسبوع {weeks}",
        weeks="الأسابيع {weeks}",
        week_range="{first} إلى {last}",
    ),
    "uk": _Words(
        days=("понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"),
        day_range="{first} – {last}",
        and_=" і ",
        comma=", ",
        every_day="щодня",
        day_and_night="цілодобово",
        always="щодня, цілодобово",
        holidays="святкові дні",
        closed="зачинено",
        next_day="наступного дня",
        colon=": ",
        months=(
            "січня",
            "лютого",
            "березня",
            "квітня",
            "травня",
            "червня",
            "липня",
            "серпня",
            "вересня",
            "жовтня",
            "листопада",
            "грудня",
        ),
        month_names=(
            "січень",
            "лютий",
            "березень",
            "квітень",
            "травень",
            "червень",
            "липень",
            "серпень",
            "вересень",
            "жовтень",
            "листопад",
            "грудень",
        ),
        nth={
            1: "перший",
            2: "другий",
            3: "третій",
            4: "четвертий",
            5: "пʼятий",
            -1: "останній",
            -2: "передостанній",
        },
        nth_feminine={
            1: "перша",
            2: "друга",
            3: "третя",
            4: "четверта",
            5: "пʼята",
            -1: "остання",
            -2: "передостання",
        },
        feminine_days=(2, 4, 5, 6),
        nth_weekday="{nth} {day} місяця",
        date_range="з {start} по {end}",
        from_date="з {start}",
        month_range="{start} – {end}",
        every_month="{day}-го числа кожного місяця",
        week="тиждень {weeks}",
        weeks="тижні {weeks}",
        week_range="{first}–{last}",
    ),
    "ro": _Words(
        days=("luni", "marți", "miercuri", "joi", "vineri", "sâmbătă", "duminică"),
        day_range="{first} – {last}",
        and_=" și ",
        comma=", ",
        every_day="zilnic",
        day_and_night="zi și noapte",
        always="zilnic, zi și noapte",
        holidays="sărbători legale",
        closed="închis",
        next_day="a doua zi",
        colon=": ",
        months=(
            "ianuarie",
            "februarie",
            "martie",
            "aprilie",
            "mai",
            "iunie",
            "iulie",
            "august",
            "septembrie",
            "octombrie",
            "noiembrie",
            "decembrie",
        ),
        nth={
            1: "prima",
            2: "a doua",
            3: "a treia",
            4: "a patra",
            5: "a cincea",
            -1: "ultima",
            -2: "penultima",
        },
        nth_weekday="{nth} {day} din lună",
        date_range="de la {start} până la {end}",
        from_date="începând cu {start}",
        month_range="{start} – {end}",
        every_month="pe {day} ale fiecărei luni",
        week="săptămâna {weeks}",
        weeks="săptămânile {weeks}",
        week_range="{first}–{last}",
    ),
}
DESCRIBE_LANGUAGES = tuple(WORDS)


def _circular(slots: Sequence[Slot]) -> list[Slot]:
    """Merged slots of a week where a slot may run past Sunday midnight (end > WEEK)."""
    merged = merge(slots)
    if len(merged) > 1 and merged[0][0] == 0 and merged[-1][1] == WEEK_MINUTES:
        first, last = merged[0], merged[-1]
        merged = [*merged[1:-1], (last[0], WEEK_MINUTES + first[1])]
    return merged


def _describe_day(day: int, slots: Sequence[Slot], words: _Words) -> str | None:
    """The hours starting on `day` in the circular week `slots`, or None when closed."""
    day_start, day_end = day * DAY_MINUTES, (day + 1) * DAY_MINUTES
    for start, end in slots:
        for shift in (0, WEEK_MINUTES):
            if start <= day_start + shift and end >= day_end + shift:
                return words.day_and_night
    pieces = []
    for start, end in slots:
        begin = start % WEEK_MINUTES
        if not day_start <= begin < day_end:
            continue
        finish = begin + (end - start)
        text = f"{words.time(begin - day_start)} – "
        days_later = (finish - 1 - day_start) // DAY_MINUTES if finish > day_end else 0
        end_minutes = finish - day_start - days_later * DAY_MINUTES
        text += words.time(end_minutes)
        if days_later == 1:
            text += f" ({words.next_day})"
        elif days_later > 1:
            text += f" ({words.days[(day + days_later) % 7]})"
        pieces.append((begin, text))
    if not pieces:
        return None
    texts = [text for _begin, text in sorted(pieces)]
    return _join(texts, words)


def _join(items: Sequence[str], words: _Words) -> str:
    if len(items) == 1:
        return items[0]
    return words.comma.join(items[:-1]) + words.and_ + items[-1]


def _day_set(days: Sequence[int], words: _Words) -> str:
    if len(days) == 7:
        return words.every_day
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    items: list[str] = []
    for run in runs:
        if len(run) >= 3:
            items.append(words.day_range.format(first=words.days[run[0]], last=words.days[run[-1]]))
        else:
            items += [words.days[day] for day in run]
    return _join(items, words)


def _grouped(per_day: Sequence[str | None], words: _Words) -> list[tuple[str, str]]:
    """(days, hours) pairs grouping the days with the same hours, in week order."""
    groups: dict[str, list[int]] = {}
    for day, text in enumerate(per_day):
        if text is not None:
            groups.setdefault(text, []).append(day)
    return [(_day_set(days, words), text) for text, days in groups.items()]


def _date_text(point: DatePoint, words: _Words) -> str:
    if point.month is None:
        return str(point.day or "")
    if point.day is None:
        return (words.month_names or words.months)[point.month - 1]
    day = words.first_of_month if point.day == 1 and words.first_of_month else str(point.day)
    template = words.date_year if point.year else words.date
    return template.format(day=day, month=words.months[point.month - 1], year=point.year)


def _range_text(item: DateRange, words: _Words) -> str:
    start = item.start
    if item.open_end:
        return words.from_date.format(start=_date_text(start, words))
    if item.end is None:
        return _date_text(start, words)
    end = DatePoint(
        month=item.end.month or start.month,
        day=item.end.day,
        year=item.end.year if item.end.year else (start.year if item.end.month is None else None),
    )
    if start.day is None and end.day is None:
        names = words.month_names or words.months
        return words.month_range.format(
            start=names[(start.month or 1) - 1], end=names[(end.month or 1) - 1]
        )
    return words.date_range.format(start=_date_text(start, words), end=_date_text(end, words))


def _dates_text(dates: Sequence[DateRange], words: _Words) -> str:
    """Dates in words; the same day of all twelve months is "le 15 de chaque mois"."""
    singles: dict[int, set[int]] = {}
    for item in dates:
        point = item.start
        if item.end is None and not item.open_end and point.day and not point.year:
            singles.setdefault(point.day, set()).add(point.month or 0)
    monthly = {day for day, months in singles.items() if months >= set(range(1, 13))}
    texts = []
    for day in sorted(monthly):
        shown = words.first_of_month if day == 1 and words.first_of_month else str(day)
        texts.append(words.every_month.format(day=shown))
    for item in dates:
        point = item.start
        if item.end is None and not item.open_end and point.day in monthly and not point.year:
            continue
        texts.append(_range_text(item, words))
    return _join(texts, words) if texts else ""


def _weekdays_text(rule: Rule, words: _Words) -> str:
    plain: list[int] = []
    ranked: list[str] = []
    for item in rule.weekdays:
        days = (
            list(range(item.first, item.last + 1))
            if item.first <= item.last
            else [*range(item.first, 7), *range(0, item.last + 1)]
        )
        if not item.nth:
            plain += [d for d in days if d not in plain]
            continue
        day = days[0]
        ordinals = (
            words.nth_feminine if day in words.feminine_days and words.nth_feminine else words.nth
        )
        nth = _join([ordinals.get(n, str(n)) for n in item.nth], words)
        name = (
            words.plural_days[day] if len(item.nth) > 1 and words.plural_days else words.days[day]
        )
        ranked.append(words.nth_weekday.format(nth=nth, day=name))
    texts = ([_day_set(plain, words)] if plain else []) + ranked
    if rule.holidays:
        texts.append(words.holidays)
    return _join(texts, words) if texts else ""


def _weeks_text(weeks: Sequence[tuple[int, int]], words: _Words) -> str:
    items = [
        str(low) if low == high else words.week_range.format(first=low, last=high)
        for low, high in weeks
    ]
    if len(weeks) == 1 and weeks[0][0] == weeks[0][1]:
        return words.week.format(weeks=items[0])
    return words.weeks.format(weeks=_join(items, words))


def _times_text(rule: Rule, words: _Words) -> str:
    if rule.off:
        return words.closed
    if rule.always or not rule.times:
        return words.day_and_night
    texts = []
    for opens, closes in rule.times:
        text = f"{words.time(opens)} – "
        if closes <= opens or closes > DAY_MINUTES:
            text += f"{words.time(closes % DAY_MINUTES)} ({words.next_day})"
        else:
            text += words.time(closes)
        texts.append(text)
    return _join(texts, words)


def _describe_rules(value: str, words: _Words) -> list[str]:
    """Hours with calendar rules in words, one line per rule (`parse_rules`)."""
    lines = []
    for rule in parse_rules(value):
        parts = [
            _dates_text(rule.dates, words),
            _weeks_text(rule.weeks, words) if rule.weeks else "",
            _weekdays_text(rule, words),
        ]
        when = words.comma.join(part for part in parts if part)
        if rule.always and not when:
            lines.append(words.always)
            continue
        lines.append(f"{when or words.every_day}{words.colon}{_times_text(rule, words)}")
    return lines


def describe(value: str, language: str = "fr", *, country: str | None = None) -> list[str]:
    """The hours in plain words, one line per group of days with the same hours.

    >>> describe("Mo-Fr 09:00-12:00,13:30-16:00; PH off")
    ['lundi au vendredi : 9 h – 12 h et 13 h 30 – 16 h', 'jours fériés : fermé']

    Languages: fr, nl, de, en, ar, uk, ro (others fall back to French). An empty string gives
    no line (hours unknown); a string that never opens gives "fermé".
    """
    if not value:
        return []
    words = WORDS.get((language or "fr").split("-")[0].lower(), WORDS["fr"])
    if is_irregular(value):
        try:
            return _describe_rules(value, words)
        except UnsupportedHours:
            pass  # not validated: the weekly rows at least
    regular, holiday_rows = slots_for(value, country)
    week = _circular(regular)
    per_day = [_describe_day(day, week, words) for day in range(7)]
    lines: list[str]
    if all(text == words.day_and_night for text in per_day):
        lines = [words.always]
    elif not any(per_day):
        lines = [words.closed]
    else:
        lines = [f"{days}{words.colon}{text}" for days, text in _grouped(per_day, words)]

    if mentions_holidays(value):
        per_holiday: list[str | None] = []
        for day in range(7):
            day_start, day_end = day * DAY_MINUTES, (day + 1) * DAY_MINUTES
            outside = [
                (max(start, lo), min(end, hi))
                for start, end in regular
                for lo, hi in ((0, day_start), (day_end, WEEK_MINUTES))
                if start < hi and end > lo
            ]
            inside = [(s, e) for s, e in holiday_rows if day_start <= s < day_end]
            per_holiday.append(
                _describe_day(day, _circular(outside + inside), words) or words.closed
            )
        groups = _grouped(per_holiday, words)
        if len(groups) == 1:
            lines.append(f"{words.holidays}{words.colon}{groups[0][1]}")
        else:
            lines += [f"{words.holidays} ({days}){words.colon}{text}" for days, text in groups]
    return lines
