"""HSDS 3.0 schedules → OpenStreetMap `opening_hours`, as far as the format and relais go.

Real feeds write schedules in many ways: a typical week (`freq=WEEKLY`, `byday=MO,TU`), the
first Monday of the month (`freq=MONTHLY`, `byday=1MO`), the 15th of each month
(`bymonthday=15`), some weeks of the year (`byweekno`), a winter season (`valid_from`,
`valid_to`), a series that ends (`until`, `count`), several schedules per service, an
opening time without a closing time, or a description only. `translate_schedules` keeps
every schedule it can say exactly in OpenStreetMap terms and the others in words:

- a **weekly** schedule becomes a weekly rule (`hsds.opening_hours_from_schedules`, the rules
  of a typical week joined so that a night slot is not cut at midnight);
- a **monthly** schedule by ranked weekday becomes `Mo[1]`, `Sa[1,3]`, `Fr[-1]`; by day of the
  month, the same day of the twelve months (`Jan 15,Feb 15,…`); **week numbers** become
  `week 01-10`;
- **dates** (`valid_from`/`dtstart`, `valid_to`/`until`/`count`): a schedule that ended before
  the day of the import is left out (warning); one that starts later, or ends within a year,
  gets its dates with their years (`2026 Dec 01-2027 Mar 31 Mo-Su 20:00-08:00`); one in force
  for more than a year is a plain weekly rule (its end date is reported);
- those rules are **additional** rules (`, `): the first Saturday's hours add to the week's.

Each calendar rule is checked day by day over a year against the schedule's own meaning
(`_occurs`) as opening-hours-py reads it; a rule that does not match exactly is not used.

Kept in words (the schedule's `description`, else a French sentence built from its fields),
with a warning that names what was not understood: a repetition every other week or month
(`interval`), days of the year (`byyearday`), counted from the end (`bymonthday=-1`, negative
week numbers), yearly or hourly frequencies, a ranked weekday in a weekly schedule, an
opening time without a closing time (OpenStreetMap's open end "18:00+" is read as "open until
midnight" by opening-hours-py, which relais would then promise), a series counted without a
start (`count` without `dtstart`). A description-only schedule is kept in words without a
warning: nothing was lost.

Real errors still reject the row (`ValueError`): times or dates that do not read ("27:00",
"9h", "2026-13-01") and unknown day codes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import opening_hours

from . import hsds

DAY = 24 * 60
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")
FREQUENCY_WORDS = {
    "DAILY": "chaque jour",
    "WEEKLY": "chaque semaine",
    "MONTHLY": "chaque mois",
    "YEARLY": "chaque année",
}
DAY_WORDS = hsds.DAY_NAMES
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A calendar rule is checked over this many days from the day of the import.
HORIZON_DAYS = 400
# Validity dates further away than this are not written into the hours (see module docstring).
ENCODED_PERIOD = timedelta(days=366)


class NotExpressible(Exception):
    """A schedule relais keeps in words; `reason` names what was not understood."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Translation:
    """What the schedules of a service become."""

    opening_hours: str = ""
    words: list[str] = field(default_factory=list)  # the service's hours in words
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Spec:
    """One schedule, read."""

    index: int
    freq: str
    days: list[tuple[int, int | None]]  # (weekday, rank in the month or None)
    monthdays: list[int]
    weeknos: list[int]
    opens: int
    closes: int  # may be past midnight (> DAY)
    start: date | None
    end: date | None
    end_reason: str = ""  # "valid_to", "until" or "count"


# --- Reading the fields ---------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, name: str) -> date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError as error:
        raise ValueError(f"date illisible « {text} » ({name})") from error


def _integers(value, name: str) -> list[int]:
    text = _text(value).replace(" ", "")
    if not text:
        return []
    try:
        return [int(part) for part in text.split(",") if part]
    except ValueError as error:
        raise ValueError(f"« {name} » illisible : « {text} »") from error


def _byday(value) -> list[tuple[int, int | None]]:
    days = []
    for token in _text(value).replace(" ", "").upper().split(","):
        if not token:
            continue
        match = re.match(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$", token)
        if not match:
            raise ValueError(f"jour inconnu « {token} »")
        rank = int(match.group(1)) if match.group(1) else None
        days.append((hsds.DAYS.index(match.group(2)), rank))
    return days


def _times(schedule: dict) -> tuple[int | None, int | None]:
    opens_at, closes_at = _text(schedule.get("opens_at")), _text(schedule.get("closes_at"))
    opens = hsds.parse_time(opens_at) if opens_at else None
    closes = hsds.parse_time(closes_at) if closes_at else None
    if opens == DAY:
        raise ValueError(f"heure d'ouverture illisible « {opens_at} »")
    return opens, closes


def _check(schedule: dict) -> None:
    """Raise ValueError for what does not read at all (the row is rejected)."""
    _times(schedule)
    _byday(schedule.get("byday"))
    for name in ("valid_from", "valid_to", "dtstart", "until"):
        _date(schedule.get(name), name)
    for name in ("bymonthday", "byweekno", "byyearday"):
        _integers(schedule.get(name), name)


# --- The meaning of a schedule, day by day ------------------------------------------------


def _rank_from_end(day: date) -> int:
    last = calendar.monthrange(day.year, day.month)[1]
    return -((last - day.day) // 7 + 1)


def _occurs(spec: _Spec, day: date) -> bool:
    """Whether the schedule opens on `day` (its meaning in iCalendar terms)."""
    if spec.start and day < spec.start:
        return False
    if spec.end and day > spec.end:
        return False
    if spec.weeknos and day.isocalendar().week not in spec.weeknos:
        return False
    if spec.monthdays:
        return day.day in spec.monthdays
    if spec.freq == "DAILY" and not spec.days:
        return True
    for weekday, rank in spec.days:
        if weekday != day.weekday():
            continue
        if rank is None or rank == (day.day - 1) // 7 + 1 or rank == _rank_from_end(day):
            return True
    return False


def _count_end(spec: _Spec, start: date, count: int) -> date:
    """The day of the `count`-th opening from `start`."""
    day, seen = start, 0
    for _step in range(366 * 10):
        if _occurs(spec, day):
            seen += 1
            if seen == count:
                return day
        day += timedelta(days=1)
    raise NotExpressible("« count » trop grand")


# --- Translation --------------------------------------------------------------------------


def _read(index: int, schedule: dict) -> _Spec:
    """A schedule with both times, read; NotExpressible for what relais cannot say."""
    freq = _text(schedule.get("freq")).upper() or "WEEKLY"
    if freq not in FREQUENCIES:
        raise NotExpressible(f"fréquence {freq}")
    interval = _text(schedule.get("interval"))
    if interval not in ("", "1", "1.0"):
        unit = {"DAILY": "jours", "WEEKLY": "semaines", "MONTHLY": "mois"}[freq]
        raise NotExpressible(f"toutes les {interval} {unit}, « interval »")
    if _integers(schedule.get("byyearday"), "byyearday"):
        raise NotExpressible("jours de l'année, « byyearday »")
    days = _byday(schedule.get("byday"))
    monthdays = _integers(schedule.get("bymonthday"), "bymonthday")
    weeknos = _integers(schedule.get("byweekno"), "byweekno")
    if any(n <= 0 or n > 31 for n in monthdays):
        raise NotExpressible("jours du mois comptés depuis la fin, « bymonthday » négatif")
    if any(n <= 0 or n > 53 for n in weeknos):
        raise NotExpressible("semaines comptées depuis la fin de l'année, « byweekno » négatif")
    ranked = [rank for _day, rank in days if rank is not None]
    if ranked and freq != "MONTHLY":
        raise NotExpressible("jour avec rang hors d'un horaire mensuel")
    if any(rank == 0 or abs(rank) > 5 for rank in ranked):
        raise NotExpressible("rang de jour impossible dans un mois")
    if monthdays and (days or freq != "MONTHLY"):
        raise NotExpressible("jours du mois combinés à des jours de la semaine")
    start = max(
        (d for d in (_date(schedule.get("valid_from"), "valid_from"),
                     _date(schedule.get("dtstart"), "dtstart")) if d),
        default=None,
    )  # fmt: skip
    if not days and not monthdays and freq != "DAILY":
        if start is None:
            raise NotExpressible("pas de jours, « byday »")
        if freq == "MONTHLY":
            monthdays = [start.day]
        else:
            days = [(start.weekday(), None)]
    opens, closes = _times(schedule)
    if opens is None or closes is None:
        raise NotExpressible("heure d'ouverture ou de fermeture manquante")
    if closes <= opens:
        closes += DAY
    ends = [
        (d, name)
        for d, name in (
            (_date(schedule.get("valid_to"), "valid_to"), "valid_to"),
            (_date(schedule.get("until"), "until"), "until"),
        )
        if d
    ]
    end, end_reason = min(ends) if ends else (None, "")
    spec = _Spec(
        index=index,
        freq=freq,
        days=days,
        monthdays=monthdays,
        weeknos=weeknos,
        opens=opens,
        closes=closes,
        start=start,
        end=end,
        end_reason=end_reason,
    )
    count = _text(schedule.get("count"))
    if count:
        if not count.isdigit() or int(count) < 1:
            raise NotExpressible(f"« count » illisible : {count}")
        if start is None:
            raise NotExpressible("nombre de fois, « count », sans date de début")
        counted = _count_end(spec, start, int(count))
        if spec.end is None or counted < spec.end:
            spec.end, spec.end_reason = counted, "count"
    return spec


def _osm_date(day: date) -> str:
    return f"{day.year} {MONTHS[day.month - 1]} {day.day:02d}"


def _dates_selector(spec: _Spec, today: date) -> str:
    """The dates written into the rule ("" when none), per the module docstring."""
    starts_later = spec.start is not None and spec.start > today
    ends_soon = spec.end is not None and spec.end - today < ENCODED_PERIOD
    if not (starts_later or ends_soon):
        return ""
    start = spec.start if spec.start and spec.start > today - ENCODED_PERIOD else None
    start = start or today
    if spec.end is None:
        return f"{_osm_date(start)}+"
    return f"{_osm_date(start)}-{_osm_date(spec.end)}"


def _weeks_selector(weeknos: list[int]) -> str:
    runs: list[list[int]] = []
    for number in sorted(set(weeknos)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{r[0]:02d}" if len(r) == 1 else f"{r[0]:02d}-{r[-1]:02d}" for r in runs]
    return "week " + ",".join(parts)


def _weekdays_selector(days: list[tuple[int, int | None]]) -> str:
    plain = sorted({d for d, rank in days if rank is None})
    ranks: dict[int, list[int]] = {}
    for weekday, rank in days:
        if rank is not None and weekday not in plain:
            ranks.setdefault(weekday, []).append(rank)
    parts = [hsds._days_selector(plain)] if plain else []
    for weekday in sorted(ranks):
        values = sorted(set(ranks[weekday]), key=lambda r: (r < 0, abs(r)))
        parts.append(f"{hsds.OSM_DAYS[weekday]}[{','.join(str(r) for r in values)}]")
    return ",".join(parts)


def _rule(spec: _Spec, today: date) -> tuple[str, bool]:
    """The OpenStreetMap rule of a schedule, and whether it is a plain weekly rule."""
    dates = _dates_selector(spec, today)
    if spec.monthdays:
        if dates:
            raise NotExpressible("jours du mois limités à une période")
        dates = ",".join(
            f"{month} {day:02d}"
            for number, month in enumerate(MONTHS, start=1)
            for day in sorted(set(spec.monthdays))
            if day <= calendar.monthrange(2024, number)[1]  # 2024: a leap year
        )
    selectors = [dates] if dates else []
    if spec.weeknos:
        selectors.append(_weeks_selector(spec.weeknos))
    weekdays = _weekdays_selector(spec.days) if spec.days else ""
    if weekdays:
        selectors.append(weekdays)
    if len(dates) > 300:
        raise NotExpressible("trop de dates pour des horaires OpenStreetMap")
    times = hsds._osm_range(spec.opens, spec.closes)
    weekly = not dates and not spec.weeknos and all(rank is None for _d, rank in spec.days)
    return " ".join([*selectors, times]), weekly


def _expected(spec: _Spec, first: date, last: date) -> list[tuple[datetime, datetime]]:
    periods = []
    day = first - timedelta(days=1)
    while day <= last:
        if _occurs(spec, day):
            midnight = datetime.combine(day, time())
            periods.append(
                (
                    midnight + timedelta(minutes=spec.opens),
                    midnight + timedelta(minutes=spec.closes),
                )
            )
        day += timedelta(days=1)
    return _clip(periods, first, last)


def _clip(periods, first: date, last: date) -> list[tuple[datetime, datetime]]:
    low = datetime.combine(first, time())
    high = datetime.combine(last, time())
    merged: list[list[datetime]] = []
    for begin, end in sorted(periods):
        begin, end = max(begin, low), min(end, high)
        if begin >= end:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return [(b, e) for b, e in merged]


def _actual(rule: str, first: date, last: date) -> list[tuple[datetime, datetime]]:
    parsed = opening_hours.OpeningHours(rule)
    low = datetime.combine(first - timedelta(days=2), time())
    high = datetime.combine(last + timedelta(days=1), time())
    periods = [
        (begin, end or high)
        for begin, end, state, _comment in parsed.intervals(low, high)
        if state == opening_hours.State.OPEN
    ]
    return _clip(periods, first, last)


def _verified(rule: str, spec: _Spec, today: date) -> None:
    first, last = today, today + timedelta(days=HORIZON_DAYS)
    try:
        same = _actual(rule, first, last) == _expected(spec, first, last)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        same = False
    if not same:
        raise NotExpressible("règle que le format OpenStreetMap ne rend pas exactement")


# --- Words --------------------------------------------------------------------------------


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _rank_words(rank: int) -> str:
    if rank == 1:
        return "1er"
    if rank == -1:
        return "dernier"
    if rank < 0:
        return f"{-rank}e en partant de la fin"
    return f"{rank}e"


def schedule_words(schedule: dict) -> str:
    """A schedule in words: its description (and how to attend), else a French sentence
    built from its fields ("Chaque mois, 1er lundi : de 09:00 à 12:00.")."""
    description = _text(schedule.get("description"))
    attending = _text(schedule.get("attending_type"))
    if description:
        if attending and attending.casefold() not in description.casefold():
            description = f"{description.rstrip('.')} ({attending})."
        return description
    parts = []
    freq = _text(schedule.get("freq")).upper()
    interval = _text(schedule.get("interval"))
    if interval not in ("", "1", "1.0") and (freq or "WEEKLY") in ("WEEKLY", "MONTHLY"):
        unit = "mois" if freq == "MONTHLY" else "semaines"
        parts.append(f"toutes les {interval} {unit}")
    elif freq in FREQUENCY_WORDS:
        parts.append(FREQUENCY_WORDS[freq])
    try:
        days = _byday(schedule.get("byday"))
    except ValueError:
        days = []
    if days:
        parts.append(
            ", ".join(
                f"{_rank_words(rank)} {DAY_WORDS[d]}" if rank else DAY_WORDS[d] for d, rank in days
            )
        )
    for name, label in (
        ("bymonthday", "jours du mois"),
        ("byweekno", "semaines"),
        ("byyearday", "jours de l'année"),
    ):
        if _text(schedule.get(name)):
            parts.append(f"{label} {_text(schedule.get(name))}")
    opens_at, closes_at = _text(schedule.get("opens_at")), _text(schedule.get("closes_at"))
    if opens_at and closes_at:
        times = f"de {opens_at[:5]} à {closes_at[:5]}"
    elif opens_at:
        times = f"à partir de {opens_at[:5]}"
    elif closes_at:
        times = f"jusqu'à {closes_at[:5]}"
    else:
        times = ""
    for name, label in (("valid_from", "à partir du"), ("valid_to", "jusqu'au")):
        value = _text(schedule.get(name))
        if value:
            parts.append(f"{label} {value[:10]}")
    text = ", ".join(parts)
    if times:
        text = f"{text} : {times}" if text else times
    if attending:
        text = f"{text} ({attending})" if text else attending
    return (text[:1].upper() + text[1:] + ".") if text else ""


# --- Everything together --------------------------------------------------------------------


def translate_schedules(schedules: list[dict], *, today: date) -> Translation:
    """The hours of a service from its HSDS schedules (see the module docstring).

    Raises ValueError when a schedule does not read (the row is then rejected)."""
    result = Translation()
    weekly: list[dict] = []
    calendar_rules: list[str] = []
    for index, schedule in enumerate(schedules, start=1):
        _check(schedule)
        label = f"horaire {index}" if len(schedules) > 1 else "horaire"
        opens, closes = _times(schedule)
        if opens is None and closes is None:
            words = schedule_words(schedule)
            if words:
                result.words.append(words)
            continue
        try:
            if opens is None or closes is None:
                raise NotExpressible(
                    "heure d'ouverture sans heure de fermeture"
                    if closes is None
                    else "heure de fermeture sans heure d'ouverture"
                )
            spec = _read(index, schedule)
            if spec.end is not None and spec.end < today:
                result.warnings.append(
                    f"{label} terminé le {spec.end:%d/%m/%Y} ({spec.end_reason}) : ignoré"
                )
                continue
            rule, is_weekly = _rule(spec, today)
            if is_weekly:
                if spec.end is not None:
                    result.warnings.append(
                        f"{label} valable jusqu'au {spec.end:%d/%m/%Y} : date de fin non reprise "
                        "dans les horaires (plus d'un an)"
                    )
                weekly.append(
                    {
                        "byday": ",".join(hsds.DAYS[d] for d, _r in spec.days)
                        or ",".join(hsds.DAYS),
                        "opens_at": _hhmm(spec.opens),
                        "closes_at": _hhmm(spec.closes),
                    }
                )
                continue
            _verified(rule, spec, today)
            calendar_rules.append(rule)
        except NotExpressible as error:
            words = schedule_words(schedule)
            if words:
                result.words.append(words)
            result.warnings.append(
                f"{label} gardé en toutes lettres ({error.reason})"
                + (f" : « {words} »" if words else " : sans description, rien n'en est gardé")
            )
    weekly_value = hsds.opening_hours_from_schedules(weekly) if weekly else ""
    rules = [weekly_value] if weekly_value else []
    rules += calendar_rules
    result.opening_hours = ", ".join(rules)
    return result
