"""HSDS schedules as real feeds write them → OpenStreetMap hours, or hours in words with a
warning (`relais.directory.interop.schedules`)."""

import re
from datetime import date

import pytest

from relais.directory import hours
from relais.directory.interop.schedules import translate_schedules

TODAY = date(2026, 11, 16)  # a Monday


def translate(*schedules: dict):
    result = translate_schedules(list(schedules), today=TODAY)
    hours.validate_opening_hours(result.opening_hours)  # what relais stores must be valid
    return result


@pytest.mark.parametrize(
    ("schedules", "expected"),
    [
        # The first Monday, the last Friday, the 1st and 3rd Saturdays of the month.
        ([{"freq": "MONTHLY", "byday": "1MO", "opens_at": "09:00", "closes_at": "12:00"}], "Mo[1] 09:00-12:00"),
        ([{"freq": "MONTHLY", "byday": "-1FR", "opens_at": "14:00", "closes_at": "16:00"}], "Fr[-1] 14:00-16:00"),
        ([{"freq": "MONTHLY", "byday": "1SA,3SA", "opens_at": "10:00", "closes_at": "12:00"}], "Sa[1,3] 10:00-12:00"),
        # The 15th of every month.
        (
            [{"freq": "MONTHLY", "bymonthday": "15", "opens_at": "09:30", "closes_at": "12:00"}],
            "Jan 15,Feb 15,Mar 15,Apr 15,May 15,Jun 15,Jul 15,Aug 15,Sep 15,Oct 15,Nov 15,Dec 15 09:30-12:00",
        ),
        # Some weeks of the year.
        ([{"freq": "WEEKLY", "byday": "WE", "byweekno": "27,28,29,30", "opens_at": "14:00", "closes_at": "16:00"}], "week 27-30 We 14:00-16:00"),
        # Every day, without byday.
        ([{"freq": "DAILY", "opens_at": "20:00", "closes_at": "08:00"}], "Mo-Su 20:00-08:00"),
        # A weekly schedule and a monthly one: the monthly hours add to the week's.
        (
            [
                {"freq": "WEEKLY", "byday": "WE", "opens_at": "14:00", "closes_at": "16:30"},
                {"freq": "MONTHLY", "byday": "1SA", "opens_at": "10:00", "closes_at": "12:00"},
            ],
            "We 14:00-16:30, Sa[1] 10:00-12:00",
        ),
        # A winter season that has not begun: its dates, with their years.
        (
            [{"freq": "DAILY", "opens_at": "21:00", "closes_at": "08:00", "valid_from": "2026-12-01", "valid_to": "2027-03-31"}],
            "2026 Dec 01-2027 Mar 31 21:00-08:00",
        ),
        # A school year in progress (until), and a series from a start date on.
        (
            [{"byday": "TU,TH", "opens_at": "09:00+01:00", "closes_at": "11:30+01:00", "dtstart": "2026-09-01", "until": "2027-06-30"}],
            "2026 Sep 01-2027 Jun 30 Tu,Th 09:00-11:30",
        ),
        ([{"byday": "MO", "opens_at": "10:00", "closes_at": "12:00", "valid_from": "2027-01-04"}], "2027 Jan 04+ Mo 10:00-12:00"),
        # Ten Mondays from 7 December 2026: until 8 February 2027.
        (
            [{"byday": "MO", "opens_at": "10:00", "closes_at": "12:00", "dtstart": "2026-12-07", "count": 10}],
            "2026 Dec 07-2027 Feb 08 Mo 10:00-12:00",
        ),
    ],
)  # fmt: skip
def test_what_opening_hours_can_say_exactly(schedules, expected):
    result = translate(*schedules)
    assert result.opening_hours == expected
    assert result.words == []
    assert result.warnings == []


def test_a_first_monday_is_not_every_monday():
    result = translate(
        {"freq": "MONTHLY", "byday": "1MO", "opens_at": "09:00", "closes_at": "12:00"}
    )
    assert hours.weekly_slots(result.opening_hours) == []
    assert hours.describe(result.opening_hours) == ["1er lundi du mois : 9 h – 12 h"]


def test_an_old_schedule_is_left_out_and_said():
    result = translate(
        {"byday": "MO,WE", "opens_at": "13:30", "closes_at": "17:00", "valid_to": "2025-06-30"},
        {
            "byday": "MO,WE,FR",
            "opens_at": "13:30",
            "closes_at": "17:00",
            "valid_from": "2025-07-01",
        },
    )
    assert result.opening_hours == "Mo,We,Fr 13:30-17:00"
    assert result.warnings == ["horaire 1 terminé le 30/06/2025 (valid_to) : ignoré"]


def test_a_long_validity_is_a_plain_week_and_said():
    result = translate(
        {"byday": "MO", "opens_at": "09:00", "closes_at": "12:00", "valid_to": "2028-12-31"}
    )
    assert result.opening_hours == "Mo 09:00-12:00"
    assert result.warnings == [
        "horaire valable jusqu'au 31/12/2028 : date de fin non reprise dans les horaires "
        "(plus d'un an)"
    ]


def test_an_opening_without_closing_time_is_kept_in_words():
    result = translate(
        {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "12:00"},
        {
            "byday": "TU,TH",
            "opens_at": "19:00",
            "description": "Le mardi et le jeudi à partir de 19 h.",
        },
        {"byday": "SA", "opens_at": "20:00"},  # no description: words built from the fields
    )
    assert result.opening_hours == "Mo-Fr 09:00-12:00"
    assert result.words == [
        "Le mardi et le jeudi à partir de 19 h.",
        "Samedi : à partir de 20:00.",
    ]
    assert result.warnings == [
        "horaire 2 gardé en toutes lettres (heure d'ouverture sans heure de fermeture) : "
        "« Le mardi et le jeudi à partir de 19 h. »",
        "horaire 3 gardé en toutes lettres (heure d'ouverture sans heure de fermeture) : "
        "« Samedi : à partir de 20:00. »",
    ]


@pytest.mark.parametrize(
    ("schedule", "reason", "words"),
    [
        ({"freq": "MONTHLY", "bymonthday": "-1", "opens_at": "14:00", "closes_at": "16:00"}, "jours du mois comptés depuis la fin", "Chaque mois, jours du mois -1 : de 14:00 à 16:00."),
        ({"byday": "SA", "interval": 2, "opens_at": "10:00", "closes_at": "12:00", "attending_type": "sur rendez-vous"}, "toutes les 2 semaines", "Toutes les 2 semaines, samedi : de 10:00 à 12:00 (sur rendez-vous)."),
        ({"freq": "YEARLY", "byyearday": "1,100", "opens_at": "10:00", "closes_at": "12:00"}, "fréquence YEARLY", "Chaque année, jours de l'année 1,100 : de 10:00 à 12:00."),
        ({"byday": "MO", "count": 5, "opens_at": "10:00", "closes_at": "12:00"}, "« count », sans date de début", "Lundi : de 10:00 à 12:00."),
        ({"freq": "WEEKLY", "byday": "1MO", "opens_at": "10:00", "closes_at": "12:00", "description": "Un lundi sur quatre."}, "jour avec rang hors d'un horaire mensuel", "Un lundi sur quatre."),
        ({"opens_at": "10:00", "closes_at": "12:00"}, "pas de jours", "De 10:00 à 12:00."),
    ],
)  # fmt: skip
def test_what_relais_keeps_in_words(schedule, reason, words):
    result = translate({"byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}, schedule)
    assert result.opening_hours == "Mo 09:00-12:00"  # the rest is kept
    assert result.words == [words]
    [warning] = result.warnings
    assert warning.startswith("horaire 2 gardé en toutes lettres (")
    assert reason in warning


def test_a_description_only_schedule_is_words_without_warning():
    result = translate(
        {"byday": "MO", "opens_at": "09:00", "closes_at": "12:00"},
        {"description": "Sur rendez-vous le reste de la semaine."},
    )
    assert (result.opening_hours, result.words, result.warnings) == (
        "Mo 09:00-12:00",
        ["Sur rendez-vous le reste de la semaine."],
        [],
    )


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"byday": "MO", "opens_at": "27:00", "closes_at": "28:00"}, "heure illisible « 27:00 »"),
        ({"byday": "MO", "opens_at": "9h", "closes_at": "12:00"}, "heure illisible « 9h »"),
        ({"byday": "XX", "opens_at": "09:00", "closes_at": "12:00"}, "jour inconnu « XX »"),
        ({"byday": "MO", "opens_at": "09:00", "closes_at": "12:00", "valid_to": "2026-13-01"}, "date illisible « 2026-13-01 » (valid_to)"),
        ({"freq": "MONTHLY", "bymonthday": "premier", "opens_at": "09:00", "closes_at": "12:00"}, "« bymonthday » illisible"),
    ],
)  # fmt: skip
def test_what_does_not_read_is_an_error(schedule, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        translate_schedules([schedule], today=TODAY)
