"""Opening hours: validation, materialisation, "open at" in the database, open state, words."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from relais.directory import hours
from relais.directory.models import Notice, OpeningInterval, Service
from relais.directory.services import service_save
from tests.directory.factories import LocationFactory, NoticeFactory, ServiceFactory, make_service
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
PARIS = ZoneInfo("Europe/Paris")
CAYENNE = ZoneInfo("America/Cayenne")  # French Guiana: France, UTC-3 all year


def at(*args, tz=BRUSSELS) -> datetime:
    return datetime(*args, tzinfo=tz)


def rows(service, holiday=False) -> list[tuple[int, int]]:
    return sorted(
        OpeningInterval.objects.filter(service=service, holiday=holiday).values_list("start", "end")
    )


def day(weekday: int, hh: int, mm: int = 0) -> int:
    return weekday * 1440 + hh * 60 + mm


@pytest.fixture
def belgium():
    return NetworkFactory(slug="namur", country="BE", time_zone="Europe/Brussels")


@pytest.fixture
def france():
    return NetworkFactory(slug="le-mans", country="FR", time_zone="Europe/Paris")


def open_ids(when, queryset=None, **kwargs) -> set[int]:
    queryset = Service.objects.all() if queryset is None else queryset
    return set(hours.filter_open_at(queryset, when, **kwargs).values_list("pk", flat=True))


# --- Validation -------------------------------------------------------------------------------


def test_factories_materialise():
    service = make_service(locations=[LocationFactory.build(mobile=True)])
    assert service.intervals.count() >= 1
    assert service.locations.get().is_mobile
    assert ServiceFactory(locations=[]).locations.count() == 0
    assert NoticeFactory(closed=True).effect == "closed"
    assert "namur" in ServiceFactory().search_text


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Mo-Fr 09:00-17:00",
        "mo-fr 9:00-17:00",
        "Mo-Fr 09:00-12:00,13:30-16:00; PH off",
        "Mo,We,Fr 10:00-12:00; Sa-Su 14:00-18:00",
        "Sa 20:00-02:00",
        "Mo-Su 20:00-32:00",
        "24/7",
        "off",
        "Mo-Fr 09:00-17:00; We off",
        "Mo-Fr 09:00-17:00; PH 10:00-12:00",
        "Mo-Fr,PH 09:00-17:00",
    ],
)
def test_supported_hours_are_valid(value):
    hours.validate_opening_hours(value)


def test_unreadable_hours_are_refused_with_an_example():
    with pytest.raises(ValidationError) as error:
        hours.validate_opening_hours("Mo-Fr 9-17")
    assert error.value.messages == [
        "Horaires illisibles : « Mo-Fr 9-17 ». Exemple : « Mo-Fr 09:00-17:00; PH off »."
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026 Mo-Fr 09:00-17:00", "une année sans mois ni jour"),
        ("week 1-53/2 Mo 10:00-12:00", "les répétitions"),
        ("Mo-Fr 09:00-17:00; SH off", "les vacances scolaires (SH)"),
        ("easter off", "Pâques"),
        ("sunrise-sunset", "le lever et le coucher du soleil"),
        ("Mo 18:00+", "les heures de fermeture non précisées"),
        ("Mo 10:00-12:00/01:00", "les répétitions"),
        ('Mo-Fr 09:00-12:00 || "sur rendez-vous"', "les règles de repli"),
        ('Mo 10:00-12:00 "femmes"', "les commentaires entre guillemets"),
        ("Mo 10:00-12:00 unknown", "l'état « inconnu »"),
    ],
)
def test_periods_and_vague_hours_are_refused_pointing_to_notices(value, reason):
    with pytest.raises(ValidationError) as error:
        hours.validate_opening_hours(value)
    (message,) = error.value.messages
    assert message.startswith("Horaires non pris en charge : ")
    assert reason in message
    assert "ajoutez un avis temporaire" in message


def test_saving_a_service_with_bad_hours_stores_nothing(belgium):
    with pytest.raises(ValidationError) as error:
        make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00; SH off")
    assert "opening_hours" in error.value.message_dict
    assert not Service.objects.exists()
    assert not OpeningInterval.objects.exists()


# --- Materialisation --------------------------------------------------------------------------


def test_simple_week_and_holidays_like_any_day(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    expected = [(day(d, 9), day(d, 17)) for d in range(5)]
    assert rows(service) == expected
    # No PH in the string: public holidays keep the usual hours.
    assert rows(service, holiday=True) == expected


def test_split_slots_and_adjacent_slots_merged(belgium):
    service = make_service(
        network=belgium, opening_hours="Mo 09:00-12:00,13:30-16:00; Tu 09:00-12:00,12:00-14:00"
    )
    assert rows(service) == [
        (day(0, 9), day(0, 12)),
        (day(0, 13, 30), day(0, 16)),
        (day(1, 9), day(1, 14)),
    ]


def test_slot_after_midnight(belgium):
    service = make_service(network=belgium, opening_hours="Sa 20:00-02:00; We 22:00-26:00")
    assert rows(service) == [(day(2, 22), day(3, 2)), (day(5, 20), day(6, 2))]


def test_sunday_night_into_monday_keeps_its_monday_part(belgium):
    service = make_service(network=belgium, opening_hours="Su 20:00-02:00")
    assert rows(service) == [(0, 120), (day(6, 20), 7 * 1440)]


def test_every_night_is_one_slot_per_night(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Su 20:00-08:00")
    assert rows(service)[0] == (0, day(0, 8))
    assert rows(service)[-1] == (day(6, 20), 7 * 1440)
    assert len(rows(service)) == 8  # Monday morning, six whole nights, Sunday evening


def test_always_open(belgium):
    service = make_service(network=belgium, opening_hours="24/7")
    assert rows(service) == [(0, 7 * 1440)]
    assert rows(service, holiday=True) == [(0, 7 * 1440)]


def test_closed_on_public_holidays(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00; PH off")
    assert len(rows(service)) == 5
    assert rows(service, holiday=True) == []


def test_specific_hours_on_public_holidays(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00; PH 10:00-12:00")
    assert rows(service, holiday=True) == [(day(d, 10), day(d, 12)) for d in range(7)]


def test_holiday_rule_added_to_the_week(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00, PH 10:00-12:00")
    assert rows(service, holiday=True) == [
        *((day(d, 9), day(d, 17)) for d in range(5)),
        (day(5, 10), day(5, 12)),
        (day(6, 10), day(6, 12)),
    ]


def test_new_hours_replace_the_rows_and_empty_hours_have_none(belgium):
    service = make_service(network=belgium, opening_hours="24/7")
    service.opening_hours = "Mo 10:00-11:00"
    service_save(service=service)
    assert rows(service) == [(600, 660)]
    service.opening_hours = ""
    service_save(service=service)
    assert not service.intervals.exists()


def test_interval_rows_for_bulk_creation(belgium):
    service = make_service(network=belgium, opening_hours="Mo 10:00-11:00; PH off")
    built = hours.interval_rows(service=service)
    assert [(r.holiday, r.start, r.end) for r in built] == [(False, 600, 660)]


@pytest.mark.parametrize("country", ["BE", "FR"])
def test_rows_agree_with_opening_hours_py_over_a_year(country):
    """The materialised rows, read with the rule "holiday rows on a public holiday", give the
    same answer as opening-hours-py at every moment of a year (on the days both calendars call
    public holidays: `holidays` also counts Whit Sunday in Belgium, opening-hours-py does not)."""
    import opening_hours

    strings = [
        "Mo-Fr 09:00-12:00,13:30-16:00; PH off",
        "Mo-Su 20:00-08:00; PH off",
        "Su 20:00-02:00; PH off",
        "Sa 22:00-26:00",
        "24/7; PH off",
        "Mo-Fr 09:00-17:00; PH 10:00-12:00",
        "Mo-Fr 09:00-17:00, PH 10:00-12:00",
        "PH 10:00-12:00; Mo-Fr 09:00-17:00",
        "Mo-Fr,PH 08:00-09:00",
    ]
    calendar = opening_hours.OpeningHours("PH", country=country)
    checked = 0
    for value in strings:
        regular, holiday = hours.slots_for(value, country)
        library = opening_hours.OpeningHours(value, country=country)
        moment = datetime(2025, 1, 1, 0, 7)
        while moment.year == 2025:
            is_holiday = hours.is_public_holiday(country, moment.date())
            noon = datetime.combine(moment.date(), datetime.min.time()).replace(hour=12)
            if is_holiday == calendar.is_open(noon):
                minute = hours.minute_of_week(moment)
                rows = holiday if is_holiday else regular
                ours = any(start <= minute < end for start, end in rows)
                assert ours == library.is_open(moment), (value, moment)
                checked += 1
            moment += timedelta(minutes=97)
    assert checked > len(strings) * 5000


# --- "Open at" in the database ----------------------------------------------------------------


def test_open_across_midnight(belgium):
    shelter = make_service(network=belgium, opening_hours="Mo-Su 20:00-08:00")
    day_centre = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    assert open_ids(at(2025, 3, 4, 2, 0)) == {shelter.pk}  # Tuesday 2 h
    assert open_ids(at(2025, 3, 4, 7, 59)) == {shelter.pk}
    assert open_ids(at(2025, 3, 4, 8, 0)) == set()
    assert open_ids(at(2025, 3, 4, 12, 0)) == {day_centre.pk}
    assert open_ids(at(2025, 3, 4, 17, 0)) == set()
    assert open_ids(at(2025, 3, 4, 23, 0)) == {shelter.pk}


def test_sunday_night_open_on_monday_morning(belgium):
    service = make_service(network=belgium, opening_hours="Su 20:00-02:00")
    assert open_ids(at(2025, 3, 9, 23, 30)) == {service.pk}  # Sunday
    assert open_ids(at(2025, 3, 10, 1, 0)) == {service.pk}  # Monday 1 h
    assert open_ids(at(2025, 3, 10, 3, 0)) == set()


def test_utc_moment_is_read_in_local_time(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    # 8 h 30 UTC is 9 h 30 in Brussels in winter.
    assert open_ids(datetime(2025, 1, 14, 8, 30, tzinfo=UTC)) == {service.pk}
    assert open_ids(datetime(2025, 1, 14, 16, 30, tzinfo=UTC)) == set()


def test_belgian_and_french_public_holidays_in_one_queryset(belgium, france):
    be = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00; PH off")
    fr = make_service(network=france, opening_hours="Mo-Fr 09:00-17:00; PH off")
    be_usual = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    # Monday 21 July 2025: Belgian national day, an ordinary Monday in France.
    assert open_ids(at(2025, 7, 21, 10, 0)) == {fr.pk, be_usual.pk}
    # Monday 14 July 2025: French national day, an ordinary Monday in Belgium.
    assert open_ids(at(2025, 7, 14, 10, 0, tz=PARIS)) == {be.pk, be_usual.pk}
    # The next day, everyone is open again.
    assert open_ids(at(2025, 7, 22, 10, 0)) == {be.pk, fr.pk, be_usual.pk}


def test_specific_hours_on_a_holiday(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00; PH 10:00-12:00")
    assert open_ids(at(2025, 7, 21, 9, 30)) == set()
    assert open_ids(at(2025, 7, 21, 11, 0)) == {service.pk}
    assert open_ids(at(2025, 7, 21, 14, 0)) == set()
    # A public holiday on a Sunday (Easter) also follows the PH rule.
    assert open_ids(at(2025, 4, 20, 11, 0)) == {service.pk}


def test_each_moment_follows_the_kind_of_its_own_local_date(belgium):
    shelter = make_service(network=belgium, opening_hours="Mo-Su 20:00-08:00; PH off")
    assert open_ids(at(2025, 7, 20, 23, 0)) == {shelter.pk}  # the evening before
    assert open_ids(at(2025, 7, 21, 1, 0)) == set()  # 21 July, a public holiday
    assert open_ids(at(2025, 7, 21, 21, 0)) == set()
    assert open_ids(at(2025, 7, 22, 1, 0)) == {shelter.pk}  # an ordinary Tuesday again


def test_notices_close_and_open(belgium):
    closed = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    opened = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    informed = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    both = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    works = {"starts_on": date(2025, 3, 3), "ends_on": date(2025, 3, 5)}
    NoticeFactory(service=closed, closed=True, **works)
    NoticeFactory(service=opened, open=True, **works)
    NoticeFactory(service=informed, message="Places limitées", **works)
    NoticeFactory(service=both, closed=True, **works)
    NoticeFactory(service=both, open=True, **works)

    assert open_ids(at(2025, 3, 4, 10, 0)) == {opened.pk, informed.pk, both.pk}
    # Day and night while the "open" notice runs, including its last day.
    assert open_ids(at(2025, 3, 5, 3, 0)) == {opened.pk, both.pk}
    assert open_ids(at(2025, 3, 5, 23, 59)) == {opened.pk, both.pk}
    # The day after, the usual hours again.
    assert open_ids(at(2025, 3, 6, 3, 0)) == set()
    assert open_ids(at(2025, 3, 6, 10, 0)) == {closed.pk, opened.pk, informed.pk, both.pk}


def test_spring_forward_sunday(belgium):
    # 30 March 2025: in Brussels, 2 h becomes 3 h. 1 h 30 UTC is 3 h 30 local (UTC+2).
    early = make_service(network=belgium, opening_hours="Su 01:00-03:00")
    late = make_service(network=belgium, opening_hours="Su 03:00-04:00")
    assert open_ids(datetime(2025, 3, 30, 0, 30, tzinfo=UTC)) == {early.pk}  # 1 h 30
    assert open_ids(datetime(2025, 3, 30, 1, 30, tzinfo=UTC)) == {late.pk}  # 3 h 30


def test_fall_back_sunday(belgium):
    # 26 October 2025: in Brussels, 3 h becomes 2 h; 2 h 30 happens twice.
    night = make_service(network=belgium, opening_hours="Su 02:00-03:00")
    morning = make_service(network=belgium, opening_hours="Su 03:00-05:00")
    assert open_ids(datetime(2025, 10, 26, 0, 30, tzinfo=UTC)) == {night.pk}  # 2 h 30 CEST
    assert open_ids(datetime(2025, 10, 26, 1, 30, tzinfo=UTC)) == {night.pk}  # 2 h 30 CET
    assert open_ids(datetime(2025, 10, 26, 2, 30, tzinfo=UTC)) == {morning.pk}  # 3 h 30 CET


def test_networks_in_different_time_zones(belgium, france):
    guiana = NetworkFactory(slug="cayenne", country="FR", time_zone="America/Cayenne")
    namur = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    le_mans = make_service(network=france, opening_hours="Mo-Fr 09:00-17:00")
    cayenne = make_service(network=guiana, opening_hours="Mo-Fr 09:00-17:00")
    # Tuesday 4 March 2025: Europe is UTC+1, Cayenne UTC-3.
    assert open_ids(datetime(2025, 3, 4, 10, 0, tzinfo=UTC)) == {namur.pk, le_mans.pk}
    assert open_ids(datetime(2025, 3, 4, 15, 0, tzinfo=UTC)) == {
        namur.pk,
        le_mans.pk,
        cayenne.pk,
    }
    assert open_ids(datetime(2025, 3, 4, 17, 30, tzinfo=UTC)) == {cayenne.pk}
    # Monday 14 July 2025, 23 h 30 UTC: a French holiday in Cayenne (20 h 30 local) but
    # already Tuesday in Europe; the shelter in Cayenne is closed on holidays.
    shelter = make_service(network=guiana, opening_hours="Mo-Su 20:00-23:00; PH off")
    night = make_service(network=belgium, opening_hours="Mo-Su 00:00-02:00")
    assert open_ids(datetime(2025, 7, 14, 23, 30, tzinfo=UTC)) == {night.pk}
    assert shelter.pk in open_ids(datetime(2025, 7, 15, 23, 30, tzinfo=UTC))


def test_networks_can_be_given_and_the_filter_composes(belgium, france):
    be = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    fr = make_service(network=france, opening_hours="Mo-Fr 09:00-17:00")
    when = at(2025, 3, 4, 10, 0)
    assert open_ids(when, networks=[belgium, france]) == {be.pk, fr.pk}
    assert open_ids(when, Service.objects.filter(network=france), networks=[france]) == {fr.pk}
    # Services of networks that are not listed are never open.
    assert open_ids(when, networks=[belgium]) == {be.pk}
    assert open_ids(when, networks=[]) == set()


def test_naive_moment_is_read_in_the_default_time_zone(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    assert open_ids(datetime(2025, 3, 4, 9, 30)) == {service.pk}


def test_open_at_and_a_page_of_results_in_a_constant_number_of_queries(
    belgium, france, django_assert_num_queries
):
    for index in range(30):
        make_service(
            network=belgium if index % 2 else france,
            opening_hours="Mo-Su 20:00-08:00" if index % 3 else "Mo-Fr 09:00-17:00; PH off",
        )
    NoticeFactory(service=Service.objects.first(), closed=True)
    when = at(2025, 7, 21, 22, 0)

    def page():
        queryset = (
            hours.filter_open_at(Service.objects.all(), when)
            .select_related("network", "organisation")
            .prefetch_related("intervals", "notices")
        )
        return [(s.name, hours.open_state(s, when)) for s in queryset[:20]]

    # Zones of the networks, the page, its intervals and its notices.
    with django_assert_num_queries(4):
        first = page()
    assert len(first) == 20
    for _index in range(30):
        make_service(network=belgium, opening_hours="Mo-Su 20:00-08:00")
    with django_assert_num_queries(4):
        assert len(page()) == 20


def test_open_state_agrees_with_the_database(belgium, france):
    strings = [
        "Mo-Fr 09:00-12:00,13:30-16:00; PH off",
        "Mo-Su 20:00-08:00",
        "Su 20:00-02:00; Mo-Fr 10:00-11:00",
        "Mo-Fr 09:00-17:00; PH 10:00-12:00",
        "Sa 22:00-26:00",
        "24/7",
        "",
    ]
    services = [
        make_service(network=n, opening_hours=s) for s in strings for n in (belgium, france)
    ]
    NoticeFactory(
        service=services[0], closed=True, starts_on=date(2025, 7, 18), ends_on=date(2025, 7, 19)
    )
    NoticeFactory(
        service=services[1], open=True, starts_on=date(2025, 7, 22), ends_on=date(2025, 7, 22)
    )
    queryset = Service.objects.select_related("network").prefetch_related("intervals", "notices")
    moment = datetime(2025, 7, 13, 21, 17, tzinfo=UTC)
    while moment < datetime(2025, 7, 23, tzinfo=UTC):
        in_database = open_ids(moment)
        in_python = {s.pk for s in queryset if hours.open_state(s, moment).open_now}
        assert in_database == in_python, moment
        moment += timedelta(minutes=97)


# --- Open state -------------------------------------------------------------------------------


def test_friday_evening_opens_on_monday_morning(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    state = hours.open_state(service, at(2025, 3, 7, 18, 0))
    assert not state.open_now
    assert state.next_opening == at(2025, 3, 10, 9, 0)
    assert state.next_opening.tzinfo == BRUSSELS
    assert state.closes_at is None


def test_open_now_closes_at(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-12:00,13:30-16:00")
    state = hours.open_state(service, at(2025, 3, 5, 10, 0))
    assert state.open_now
    assert state.closes_at == at(2025, 3, 5, 12, 0)
    assert state.next_opening is None
    assert hours.open_state(service, at(2025, 3, 5, 12, 30)).next_opening == at(2025, 3, 5, 13, 30)


def test_closes_after_midnight(belgium):
    service = make_service(network=belgium, opening_hours="Su 20:00-02:00")
    state = hours.open_state(service, at(2025, 3, 9, 23, 0))
    assert state.open_now
    assert state.closes_at == at(2025, 3, 10, 2, 0)


def test_always_open_never_closes(belgium):
    state = hours.open_state(make_service(network=belgium, opening_hours="24/7"))
    assert state.open_now
    assert state.closes_at is None
    assert state.next_opening is None


def test_no_hours_no_opening(belgium):
    for value in ("", "off"):
        state = hours.open_state(make_service(network=belgium, opening_hours=value))
        assert state == hours.OpenState(open_now=False)


def test_next_opening_skips_the_public_holiday(belgium, france):
    be = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00; PH off")
    fr = make_service(network=france, opening_hours="Mo-Fr 09:00-17:00; PH off")
    sunday = at(2025, 7, 20, 12, 0)
    assert hours.open_state(be, sunday).next_opening == at(2025, 7, 22, 9, 0)
    assert hours.open_state(fr, sunday).next_opening == at(2025, 7, 21, 9, 0, tz=PARIS)


def test_next_opening_skips_a_closed_notice_and_lists_notices(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    past = NoticeFactory(service=service, starts_on=date(2025, 2, 1), ends_on=date(2025, 2, 2))
    works = NoticeFactory(
        service=service, closed=True, starts_on=date(2025, 3, 10), ends_on=date(2025, 3, 12)
    )
    later = NoticeFactory(service=service, starts_on=date(2025, 4, 1), ends_on=date(2025, 4, 2))
    state = hours.open_state(service, at(2025, 3, 7, 18, 0))
    assert state.next_opening == at(2025, 3, 13, 9, 0)
    assert state.notices == [works, later]
    assert past not in state.notices


def test_open_notice_keeps_open_day_and_night(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    NoticeFactory(
        service=service, open=True, starts_on=date(2025, 3, 10), ends_on=date(2025, 3, 12)
    )
    state = hours.open_state(service, at(2025, 3, 10, 3, 0))
    assert state.open_now
    assert state.closes_at == at(2025, 3, 13, 0, 0)
    assert state.notices[0].effect == Notice.Effect.OPEN


def test_nothing_within_fourteen_days(belgium):
    service = make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    NoticeFactory(
        service=service, closed=True, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31)
    )
    assert hours.open_state(service, at(2025, 3, 5, 10, 0)) == hours.OpenState(
        open_now=False, notices=list(service.notices.all())
    )
    # 13 days before the end of the works, the next opening is in sight.
    assert hours.open_state(service, at(2025, 3, 19, 10, 0)).next_opening == at(2025, 4, 1, 9, 0)


def test_next_opening_across_the_spring_forward(belgium):
    service = make_service(network=belgium, opening_hours="Su 09:00-12:00")
    state = hours.open_state(service, at(2025, 3, 29, 12, 0))
    assert state.next_opening == at(2025, 3, 30, 9, 0)
    assert state.next_opening.utcoffset() == timedelta(hours=2)


def test_open_state_needs_no_query_when_prefetched(belgium, django_assert_num_queries):
    make_service(network=belgium, opening_hours="Mo-Fr 09:00-17:00")
    NoticeFactory(service=Service.objects.get(), closed=True)
    service = (
        Service.objects.select_related("network").prefetch_related("intervals", "notices").get()
    )
    with django_assert_num_queries(0):
        hours.open_state(service, at(2025, 3, 5, 10, 0))


# --- Hours in words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lines"),
    [
        (
            "Mo-Fr 09:00-12:00,13:30-16:00; PH off",
            ["lundi au vendredi : 9 h – 12 h et 13 h 30 – 16 h", "jours fériés : fermé"],
        ),
        ("Sa 20:00-02:00", ["samedi : 20 h – 2 h (le lendemain)"]),
        ("Mo-Su 20:00-08:00", ["tous les jours : 20 h – 8 h (le lendemain)"]),
        ("24/7", ["tous les jours, jour et nuit"]),
        ("Mo-Fr 00:00-24:00", ["lundi au vendredi : jour et nuit"]),
        (
            "Mo,We,Fr 10:00-12:00; Sa-Su 14:00-18:00",
            ["lundi, mercredi et vendredi : 10 h – 12 h", "samedi et dimanche : 14 h – 18 h"],
        ),
        (
            "Mo-Fr 09:00-17:00; PH 10:00-12:00",
            ["lundi au vendredi : 9 h – 17 h", "jours fériés : 10 h – 12 h"],
        ),
        (
            "Mo-Su 20:00-08:00; PH off",
            ["tous les jours : 20 h – 8 h (le lendemain)", "jours fériés : fermé"],
        ),
        (
            "Fr 18:00-24:00; Sa-Su 00:00-24:00; Mo 00:00-08:00",
            ["vendredi : 18 h – 8 h (lundi)", "samedi et dimanche : jour et nuit"],
        ),
        ("off", ["fermé"]),
        ("", []),
    ],
)
def test_describe_in_french(value, lines):
    assert hours.describe(value) == lines


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "nl",
            [
                "maandag tot vrijdag: 9:00 – 17:00",
                "zaterdag: 20:00 – 2:00 (de volgende dag)",
                "feestdagen: gesloten",
            ],
        ),
        (
            "de",
            [
                "Montag bis Freitag: 9:00 – 17:00",
                "Samstag: 20:00 – 2:00 (am nächsten Tag)",
                "Feiertage: geschlossen",
            ],
        ),
        (
            "en",
            [
                "Monday to Friday: 9:00 – 17:00",
                "Saturday: 20:00 – 2:00 (next day)",
                "public holidays: closed",
            ],
        ),
        (
            "ar",
            [
                "من الاثنين إلى الجمعة: 9:00 – 17:00",
                "السبت: 20:00 – 2:00 (اليوم التالي)",
                "العطل الرسمية: مغلق",
            ],
        ),
        (
            "uk",
            [
                "понеділок – пʼятниця: 9:00 – 17:00",
                "субота: 20:00 – 2:00 (наступного дня)",
                "святкові дні: зачинено",
            ],
        ),
        (
            "ro",
            [
                "luni – vineri: 9:00 – 17:00",
                "sâmbătă: 20:00 – 2:00 (a doua zi)",
                "sărbători legale: închis",
            ],
        ),
        (
            "fr-be",
            [
                "lundi au vendredi : 9 h – 17 h",
                "samedi : 20 h – 2 h (le lendemain)",
                "jours fériés : fermé",
            ],
        ),
        (
            "xx",
            [
                "lundi au vendredi : 9 h – 17 h",
                "samedi : 20 h – 2 h (le lendemain)",
                "jours fériés : fermé",
            ],
        ),
    ],
)
def test_describe_in_other_languages(language, lines):
    assert hours.describe("Mo-Fr 09:00-17:00; Sa 20:00-02:00; PH off", language) == lines


def test_describe_every_language_for_always_open():
    assert [hours.describe("24/7", code)[0] for code in hours.DESCRIBE_LANGUAGES] == [
        "tous les jours, jour et nuit",
        "elke dag, dag en nacht",
        "täglich, Tag und Nacht",
        "every day, day and night",
        "كل يوم، ليلاً ونهاراً",
        "щодня, цілодобово",
        "zilnic, zi și noapte",
    ]


def test_describe_holiday_hours_that_depend_on_the_day():
    assert hours.describe("Mo-Fr 09:00-17:00, PH 10:00-12:00") == [
        "lundi au vendredi : 9 h – 17 h",
        "jours fériés (lundi au vendredi) : 9 h – 17 h",
        "jours fériés (samedi et dimanche) : 10 h – 12 h",
    ]
