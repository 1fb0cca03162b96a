"""Hours that depend on the date: the n-th weekday of the month, dates, seasons, weeks.

What relais promises for them: the exact rule in words on the sheet, and for "open at" and
"open now" only what is open every week (never a first-Monday service "open every Monday").
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import opening_hours
import pytest
from django.core.exceptions import ValidationError

from relais.directory import hours
from relais.directory.models import OpeningInterval, Service
from relais.directory.templatetags.directory import service_status
from tests.directory.factories import make_service
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def day(weekday: int, hh: int, mm: int = 0) -> int:
    return weekday * 1440 + hh * 60 + mm


def rows(service, holiday=False) -> list[tuple[int, int]]:
    return sorted(
        OpeningInterval.objects.filter(service=service, holiday=holiday).values_list("start", "end")
    )


def open_ids(when) -> set[int]:
    return set(hours.filter_open_at(Service.objects.all(), when).values_list("pk", flat=True))


@pytest.fixture
def belgium():
    return NetworkFactory(slug="namur", country="BE", time_zone="Europe/Brussels")


# --- Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Mo[1] 09:00-12:00",
        "Sa[1,3] 10:00-12:00",
        "Fr[-1] 14:00-16:00",
        "Mo-Fr 09:00-12:00, Tu[2] 14:00-16:00",
        "Dec 01-Mar 31 Mo-Su 20:00-08:00",
        "2026 Dec 01-2027 Mar 31 Mo-Su 20:00-08:00, Mo-Fr 09:00-12:00",
        "2026 Dec 01+ Mo 10:00-12:00",
        "Jan 15,Feb 15,Mar 15 10:00-12:00",
        "Jul-Aug Mo-Fr 09:00-13:00",
        "week 01-10 Mo 10:00-12:00",
    ],
)
def test_calendar_rules_are_valid(value):
    hours.validate_opening_hours(value)
    assert hours.is_irregular(value)


@pytest.mark.parametrize(
    "value", ["Mo-Fr 09:00-17:00", "24/7", "Sa 20:00-02:00", "Mo-Fr 09:00-12:00; PH off"]
)
def test_a_typical_week_is_not_irregular(value):
    assert not hours.is_irregular(value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Mo[6] 10:00-12:00", None),  # no sixth Monday: opening-hours-py refuses it
        ("2026 Mo 10:00-12:00", "une année sans mois ni jour"),
        ("week 01-53/2 Mo 10:00-12:00", "les répétitions"),
        ("Mo 18:00+", "les heures de fermeture non précisées"),
        ("Jul-Aug Mo-Fr 09:00-13:00; SH off", "les vacances scolaires (SH)"),
        # A closing date is a notice ("open at" follows notices to the day).
        ("Mo-Fr 09:00-17:00; Dec 25 off", "les fermetures à une date"),
    ],
)
def test_what_stays_refused(value, reason):
    with pytest.raises(ValidationError) as error:
        hours.validate_opening_hours(value)
    if reason:
        assert reason in error.value.messages[0]


# --- Materialisation and "open at" ----------------------------------------------------------


def test_a_first_monday_service_is_never_said_open_every_monday(belgium):
    monthly = make_service(network=belgium, opening_hours="Mo[1] 09:00-12:00")
    weekly = make_service(network=belgium, opening_hours="Mo 09:00-12:00")
    assert rows(monthly) == [] and rows(monthly, holiday=True) == []
    # 5 January 2026 is the first Monday of the month, 12 January the second.
    assert open_ids(at(2026, 1, 5, 10, 0)) == {weekly.pk}
    assert open_ids(at(2026, 1, 12, 10, 0)) == {weekly.pk}
    state = hours.open_state(monthly, at(2026, 1, 5, 10, 0))
    assert not state.open_now and state.next_opening is None


def test_the_weekly_part_of_calendar_hours_stays_searchable(belgium):
    service = make_service(
        network=belgium, opening_hours="Mo-Fr 09:00-12:00, Sa[1] 10:00-12:00; PH off"
    )
    assert rows(service) == [(day(d, 9), day(d, 12)) for d in range(5)]
    assert rows(service, holiday=True) == []  # PH off
    assert open_ids(at(2026, 1, 7, 10, 0)) == {service.pk}  # a Wednesday
    assert open_ids(at(2026, 1, 3, 11, 0)) == set()  # the first Saturday: only in words
    assert hours.describe(service.opening_hours) == [
        "lundi au vendredi : 9 h – 12 h",
        "1er samedi du mois : 10 h – 12 h",
        "jours fériés : fermé",
    ]


def test_a_winter_season_is_not_open_all_year(belgium):
    service = make_service(
        network=belgium, opening_hours="Dec 01-Mar 31 Mo-Su 20:00-08:00, Mo-Fr 09:00-12:00"
    )
    assert rows(service) == [(day(d, 9), day(d, 12)) for d in range(5)]
    assert open_ids(at(2026, 7, 15, 23, 0)) == set()
    assert open_ids(at(2026, 7, 15, 10, 0)) == {service.pk}


@pytest.mark.parametrize(
    "value",
    [
        "Mo-Fr 09:00-12:00, Tu[2] 14:00-16:00",
        "Jul-Aug Mo-Fr 09:00-13:00, Mo-Fr 14:00-16:00",
        "week 01-10 Mo 10:00-12:00, We 10:00-12:00",
        "Mo-Su 20:00-08:00, Sa[-1] 10:00-12:00",
    ],
)
def test_rows_never_claim_an_opening_opening_hours_py_does_not_see(belgium, value):
    """Every materialised minute is open in every week of two years, per opening-hours-py."""
    regular, _holiday = hours.slots_for(value, "BE")
    parsed = opening_hours.OpeningHours(value)
    start = datetime(2025, 1, 6)
    for week in range(104):
        monday = start + timedelta(weeks=week)
        for begin, end in regular:
            for minute in range(begin, end, 30):
                moment = monday + timedelta(minutes=minute)
                assert parsed.is_open(moment), (value, moment)


def test_the_sheet_says_hours_vary_instead_of_closed(belgium):
    service = make_service(network=belgium, opening_hours="Sa[1,3] 10:00-12:00")
    service = Service.objects.prefetch_related("intervals", "notices").get(pk=service.pk)
    status = service_status(service, at(2026, 1, 3, 11, 0))
    assert (status.open_now, status.known) == (False, False)
    assert str(status.label) == "Horaires variables"


# --- Words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lines"),
    [
        ("Sa[1,3] 10:00-12:00", ["1er et 3e samedis du mois : 10 h – 12 h"]),
        ("Fr[-1] 14:00-16:30", ["dernier vendredi du mois : 14 h – 16 h 30"]),
        (
            "2026 Dec 01-2027 Mar 31 Mo-Su 20:00-08:00",
            ["du 1er décembre 2026 au 31 mars 2027, tous les jours : 20 h – 8 h (le lendemain)"],
        ),
        ("Dec 01-Mar 31 Mo-Fr 09:00-12:00", ["du 1er décembre au 31 mars, lundi au vendredi : 9 h – 12 h"]),
        ("2026 Dec 01+ We 14:00-16:00", ["à partir du 1er décembre 2026, mercredi : 14 h – 16 h"]),
        ("Jul-Aug Mo-Fr 09:00-13:00", ["de juillet à août, lundi au vendredi : 9 h – 13 h"]),
        ("week 01-10 Mo 10:00-12:00", ["semaines 1 à 10, lundi : 10 h – 12 h"]),
        (
            ",".join(f"{m} 15" for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))
            + " 10:00-12:00",
            ["le 15 de chaque mois : 10 h – 12 h"],
        ),
    ],
)  # fmt: skip
def test_calendar_rules_in_french(value, lines):
    assert hours.describe(value) == lines


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("nl", ["eerste en derde zaterdag van de maand: 10:00 – 12:00", "van 1 december tot 31 maart, elke dag: 20:00 – 8:00 (de volgende dag)"]),
        ("de", ["1. und 3. Samstag im Monat: 10:00 – 12:00", "vom 1. Dezember bis 31. März, täglich: 20:00 – 8:00 (am nächsten Tag)"]),
        ("en", ["first and third Saturday of the month: 10:00 – 12:00", "from 1 December to 31 March, every day: 20:00 – 8:00 (next day)"]),
        ("uk", ["перша і третя субота місяця: 10:00 – 12:00", "з 1 грудня по 31 березня, щодня: 20:00 – 8:00 (наступного дня)"]),
        ("ro", ["prima și a treia sâmbătă din lună: 10:00 – 12:00", "de la 1 decembrie până la 31 martie, zilnic: 20:00 – 8:00 (a doua zi)"]),
        ("ar", ["السبت الأول والثالث من الشهر: 10:00 – 12:00", "من 1 ديسمبر إلى 31 مارس، كل يوم: 20:00 – 8:00 (اليوم التالي)"]),
    ],
)  # fmt: skip
def test_calendar_rules_in_other_languages(language, lines):
    value = "Sa[1,3] 10:00-12:00, Dec 01-Mar 31 Mo-Su 20:00-08:00"
    assert hours.describe(value, language) == lines


def test_rules_are_read_as_written():
    [weekly, monthly] = hours.parse_rules("Mo-Fr 09:00-12:00, Tu[2,-1] 14:00-16:00")
    assert (weekly.calendar, monthly.calendar, monthly.additional) == (False, True, True)
    assert monthly.weekdays == [hours.Weekdays(1, 1, (2, -1))]
    assert monthly.times == [(14 * 60, 16 * 60)]
    [season] = hours.parse_rules("2026 Dec 01-2027 Mar 31 Mo-Su 20:00-08:00")
    assert season.dates == [
        hours.DateRange(hours.DatePoint(12, 1, 2026), hours.DatePoint(3, 31, 2027))
    ]
    assert date(2026, 12, 1)  # the dates keep their years


def test_the_public_directory_says_it_in_its_languages(client, belgium):
    make_service(network=belgium, name="Vestiaire", opening_hours="Sa[1,3] 10:00-12:00")
    html = client.get("/annuaire/public/namur/", {"lang": "nl"}).text
    assert "Wisselende openingsuren" in html
    assert "eerste en derde zaterdag van de maand: 10:00 – 12:00" in html
    html = client.get("/annuaire/public/namur/", {"lang": "en"}).text
    assert "Hours vary" in html


def test_the_live_check_of_the_form_says_what_calendar_hours_mean(client):
    html = client.get(
        "/annuaire/gerer/horaires/", {"opening_hours": "Mo-Fr 09:00-12:00, Sa[1] 10:00-12:00"}
    ).text
    assert "1er samedi du mois : 10 h – 12 h" in html
    assert "ne compteront que les heures valables chaque semaine" in html
    html = client.get("/annuaire/gerer/horaires/", {"opening_hours": "Mo-Fr 09:00-12:00"}).text
    assert "valables chaque semaine" not in html
