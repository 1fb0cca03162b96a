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

Refused, with a clear message: months, dates and years (`Jul-Aug`, `Dec 25`, `2025`), week
numbers, the n-th weekday of a month (`Mo[1]`), school holidays (`SH`), Easter, sunrise /
sunset, open ends (`18:00+`), repetitions (`/`), fallback rules (`||`), `unknown` and
comments in quotes. Such things are periods, not a week: they are entered as *notices*
(`Notice`: closed for works, winter plan open day and night, holidays of the association),
which the engine takes into account with the hours. Conditions ("women only", "by
appointment") go in the service's conditions of access.

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


def _unsupported_reason(token: str) -> str | None:
    """Why a token of a parsable string is outside what the weekly engine represents."""
    lower = token.lower()
    if lower in _ALLOWED_WORDS or token in {"24/7", ",", ";", "-"}:
        return None
    if re.fullmatch(r"\d{1,2}:\d{2}", token):
        return None
    if token.startswith('"'):
        return _("les commentaires entre guillemets (mettez-les dans les conditions d'accès)")
    if token.startswith("["):
        return _("le n-ième jour du mois (« Mo[1] »)")
    if lower in _MONTHS or token.isdigit():
        return _("les mois, dates et années")
    if lower in _SOLAR:
        return _("le lever et le coucher du soleil")
    reasons = {
        "week": _("les numéros de semaine"),
        "sh": _("les vacances scolaires (SH)"),
        "easter": _("Pâques"),
        "unknown": _("l'état « inconnu »"),
        "||": _("les règles de repli (« || »)"),
        "+": _("les heures de fermeture non précisées (« + »)"),
        "/": _("les répétitions (« / »)"),
    }
    return reasons.get(lower, _("« %(token)s »") % {"token": token})


def validate_opening_hours(value: str) -> None:
    """Refuse what opening-hours-py cannot read, and what is not a typical week.

    See the module docstring for what is supported; periods go in notices.
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
    for token in _TOKEN.findall(value):
        reason = _unsupported_reason(token)
        if reason and reason not in reasons:
            reasons.append(reason)
    if not reasons and _weekly_slots_in(value, REFERENCE_MONDAY) != _weekly_slots_in(
        value, REFERENCE_MONDAY + timedelta(weeks=27)
    ):
        reasons.append(_("des horaires qui changent selon la semaine"))
    if reasons:
        raise ValidationError(
            _(
                "Horaires non pris en charge : %(reasons)s. Les horaires décrivent une semaine "
                "type (jours, heures, jours fériés « PH ») ; pour une période (travaux, "
                "vacances, plan hiver), ajoutez un avis temporaire."
            )
            % {"reasons": ", ".join(reasons)},
            code="unsupported",
        )


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


def _open_periods(
    value: str, start: datetime, end: datetime, country: str | None
) -> list[tuple[datetime, datetime]]:
    oh = opening_hours.OpeningHours(value, country=country)
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


@lru_cache(maxsize=256)
def _new_year_on(weekday: int) -> date:
    """A 1 January (a public holiday in Belgium and France) falling on `weekday`."""
    year = 2024
    while date(year, 1, 1).weekday() != weekday:
        year += 1
    return date(year, 1, 1)


def mentions_holidays(value: str) -> bool:
    return any(token.lower() == "ph" for token in _TOKEN.findall(value or ""))


@lru_cache(maxsize=4096)
def slots_for(value: str, country: str | None = None) -> tuple[tuple[Slot, ...], tuple[Slot, ...]]:
    """(regular rows, holiday rows) of an hours string, as (start, end) minutes of the week.

    Regular rows: the reference week, a slot crossing the end of the week folded onto Monday
    and adjacent slots merged. Holiday rows: for each weekday, the hours of that day when it is
    a public holiday of `country`, evaluated by opening-hours-py on a real 1 January falling on
    that weekday; a copy of the regular rows when the string does not mention `PH`.
    """
    if not value:
        return (), ()
    regular = tuple(_weekly_slots_in(value, REFERENCE_MONDAY))
    if not mentions_holidays(value):
        return regular, regular
    holiday: list[Slot] = []
    for weekday in range(7):
        day = datetime.combine(_new_year_on(weekday), time())
        offset = weekday * DAY_MINUTES
        for begin, finish in _open_periods(
            value, day, day + timedelta(days=1), country or DEFAULT_COUNTRY
        ):
            holiday.append(
                (
                    offset + int((begin - day).total_seconds() // 60),
                    offset + int((finish - day).total_seconds() // 60),
                )
            )
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
    from .models import Notice

    when = _aware(when)
    complete = networks is None or every_network
    listed = _networks() if networks is None else list(networks)
    if not listed:
        return Q(pk__in=[])
    by_date: dict[date, dict[tuple[int, bool], list[int]]] = {}
    for network in listed:
        local = when.astimezone(_zone(network.time_zone))
        key = (minute_of_week(local), is_public_holiday(network.country, local.date()))
        by_date.setdefault(local.date(), {}).setdefault(key, []).append(network.pk)

    def exists(queryset) -> Q:
        return Q(Exists(queryset.filter(service=OuterRef("pk"))))

    conditions = []
    for day, groups in by_date.items():
        slots = []
        for (minute, holiday), network_ids in groups.items():
            in_slot = Q(InSlot(holiday=holiday, minute=minute, using=using))
            slots.append(in_slot & Q(network_id__in=network_ids) if len(groups) > 1 else in_slot)
        notices = Notice.objects.filter(starts_on__lte=day, ends_on__gte=day)
        day_open = (reduce(operator.or_, slots) & ~exists(notices.filter(effect="closed"))) | (
            exists(notices.filter(effect="open"))
        )
        if len(by_date) > 1 or not complete:
            day_open &= Q(network_id__in=[pk for ids in groups.values() for pk in ids])
        conditions.append(day_open)
    return reduce(operator.or_, conditions)


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
