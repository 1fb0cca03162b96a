"""The demo services loaded by `manage.py load_demo` (relais.directory.demo)."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import phonenumbers
import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.directory import hours, services
from relais.directory.demo.loader import DIRECTORIES, SOURCE, load_services
from relais.directory.models import Location, Notice, OpeningInterval, Service, ServiceTranslation
from relais.network.demo.loader import Tally
from relais.network.models import Network

pytestmark = pytest.mark.django_db

BELGIAN = ["luxembourg", "brabant-wallon", "namur", "mons-borinage"]


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(demo_db):
    """The demo data and what its first run printed, loaded once for all the demo tests that
    run one after another (`demo_db` in tests/conftest.py); each test runs in its own
    savepoint, so what a test changes is undone after it."""
    return demo_db


def demo_services():
    return Service.objects.filter(source=SOURCE).select_related("network", "organisation")


def test_the_first_run_reports_the_services(demo):
    total = sum(len(d.services) for d in DIRECTORIES)
    assert f"Service: {total} created, 0 updated" in demo
    assert Service.objects.filter(source=SOURCE).count() == total


def test_each_network_has_its_services_spread_over_its_axes(demo):
    for network in Network.objects.all():
        rows = list(network.services.filter(source=SOURCE))
        assert len(rows) >= (30 if network.slug == "le-mans" else 40), network.slug
        used = Counter(axis for service in rows for axis in service.axes)
        for service in rows:
            assert service.axes, service.name
            assert set(service.axes) <= set(network.axes), (service.name, service.axes)
        # every axis of the network has services, most of them several
        assert set(used) == set(network.axes), (network.slug, used)
        assert sum(1 for count in used.values() if count >= 3) >= len(network.axes) - 2
        municipalities = {loc.municipality for s in rows for loc in s.locations.all()}
        assert len(municipalities) >= 3, network.slug
        assert len({s.organisation_id for s in rows}) >= 12, network.slug


def test_every_service_is_valid_and_materialised(demo):
    for service in demo_services().prefetch_related("locations", "intervals"):
        service.full_clean()
        locations = list(service.locations.all())
        assert locations, service.name
        for location in locations:
            location.full_clean()
        assert service.search_text == services.search_text_for(service=service, locations=locations)
        assert service.opening_hours
        stored = sorted((i.holiday, i.start, i.end) for i in service.intervals.all())
        expected = sorted((i.holiday, i.start, i.end) for i in hours.interval_rows(service=service))
        assert stored and stored == expected, service.name
        assert service.organisation.memberships.filter(
            network=service.network, status="active"
        ).exists(), service.name


def test_places_belong_to_the_network_territory(demo):
    territory = {
        network.id: set(network.municipalities.values_list("name", "postcode"))
        for network in Network.objects.all()
    }
    locations = Location.objects.filter(service__source=SOURCE).select_related("service__network")
    for location in locations:
        network = location.service.network
        key = (location.municipality, location.postcode)
        assert key in territory[network.id], (location.service.name, key)
        assert location.latitude is not None and location.longitude is not None
        if network.country == "BE":
            assert 49.4 < location.latitude < 51.6 and 2.5 < location.longitude < 6.5
        else:
            assert 47.8 < location.latitude < 48.2 and 0.0 < location.longitude < 0.4
        if location.is_mobile:
            assert location.area_served and not location.address
        else:
            assert location.municipality


def test_contacts_are_valid_and_fictitious(demo):
    for service in demo_services():
        if service.phone:
            number = phonenumbers.parse(service.phone, service.network.country)
            assert phonenumbers.is_valid_number(number), service.phone
            assert phonenumbers.region_code_for_number(number) == service.network.country
        if service.network.country == "FR" and service.phone:
            assert service.phone.startswith("+33 2 61 91")  # the range reserved for fiction
        if service.email:
            assert service.email.endswith("@example.org")
    assert demo_services().exclude(phone="").count() >= 150
    phones = list(demo_services().exclude(phone="").values_list("phone", flat=True))
    assert len(phones) == len(set(phones))


def test_hours_fit_the_kind_of_service(demo):
    tuesday_2am = 24 * 60 + 2 * 60
    tuesday_10am = 24 * 60 + 10 * 60

    def open_at(service, minute):
        return any(i.start <= minute < i.end for i in service.intervals.all() if not i.holiday)

    rows = demo_services().prefetch_related("intervals", "locations")
    shelters = [s for s in rows if s.name.startswith("Abri de nuit")]
    assert len(shelters) >= 5
    for shelter in shelters:
        assert open_at(shelter, tuesday_2am) and not open_at(shelter, tuesday_10am), shelter
    day_centres = [s for s in rows if s.name.startswith("Accueil de jour")]
    assert len(day_centres) >= 4
    for centre in day_centres:
        assert open_at(centre, tuesday_10am) and not open_at(centre, tuesday_2am), centre
    street_work = [s for s in rows if "travail_de_rue" in s.axes and s.visibility == "public"]
    assert len(street_work) >= 20
    mobile = [s for s in street_work if all(loc.is_mobile for loc in s.locations.all())]
    assert len(mobile) >= 20
    assert any(s.opening_hours == "Tu,Th 19:00-23:00" for s in mobile)
    assert any(s.opening_hours == "24/7" for s in rows)
    assert sum(1 for s in rows if "PH" in s.opening_hours) >= 40


def test_vocabularies_capacities_and_costs(demo):
    rows = list(demo_services())
    assert all(s.thematiques and s.publics and s.welcomes and s.access_modes for s in rows)
    assert all("fr" in s.languages for s in rows)
    assert sum(1 for s in rows if len(s.languages) > 1) >= 40
    units = Counter(s.capacity_unit for s in rows if s.capacity is not None)
    assert {"beds", "places", "parcels_per_week", "meals_per_day"} <= set(units)
    assert all(s.capacity_unit == "" for s in rows if s.capacity is None)
    assert Counter(s.cost for s in rows)["participation"] >= 10
    assert any("sans_papiers" in s.welcomes for s in rows)
    assert any("avec_animaux" in s.welcomes for s in rows)


def test_notices_professionals_translations_and_freshness(demo):
    today = timezone.localdate()
    half_a_year_ago = timezone.now() - timedelta(days=183)
    for network in Network.objects.all():
        rows = network.services.filter(source=SOURCE)
        assert rows.filter(visibility="professionals").count() >= 3, network.slug
        assert Notice.objects.filter(service__in=rows).exists(), network.slug
        assert ServiceTranslation.objects.filter(service__in=rows).exists(), network.slug
        assert rows.filter(verified_at__lt=half_a_year_ago).count() >= 3, network.slug
        assert rows.filter(verified_at__gte=half_a_year_ago).count() >= 20, network.slug
    notices = Notice.objects.filter(service__source=SOURCE)
    current = notices.filter(starts_on__lte=today, ends_on__gte=today)
    assert current.filter(effect="open", message__startswith="Plan").count() >= 4
    assert current.filter(effect="closed").exists()
    assert notices.filter(effect="closed", starts_on__gt=today).exists()  # announced works
    assert current.filter(effect="info", message__startswith="Complet ce soir").count() >= 3
    languages = set(
        ServiceTranslation.objects.filter(service__source=SOURCE).values_list("language", flat=True)
    )
    assert {"nl", "en", "ar", "uk"} <= languages
    assert Service.objects.filter(source=SOURCE, verified_at__isnull=True).exists()
    assert Service.objects.filter(source=SOURCE, verified_by__username="admin.cpas-namur").exists()


def test_a_second_run_creates_and_changes_nothing(demo, django_assert_num_queries):
    models = (Service, Location, OpeningInterval, Notice, ServiceTranslation)
    before = {m: sorted(m.objects.values_list("pk", flat=True)) for m in models}
    stamps = sorted(Service.objects.values_list("pk", "updated_at"))
    notices = sorted(Notice.objects.values_list("pk", "updated_at", "starts_on", "ends_on"))

    second = load()
    tally = Tally()
    with django_assert_num_queries(4):  # services with their network and organisation,
        load_services(tally)  # locations, translations, notices; none per row

    assert "0 rows created, 0 updated" in second
    assert not tally.created and not tally.updated
    assert {m: sorted(m.objects.values_list("pk", flat=True)) for m in models} == before
    assert sorted(Service.objects.values_list("pk", "updated_at")) == stamps
    assert sorted(Notice.objects.values_list("pk", "updated_at", "starts_on", "ends_on")) == notices


def test_a_changed_service_is_put_back(demo):
    service = Service.objects.get(source=SOURCE, source_id="namur/abri-sauverdias")
    Service.objects.filter(pk=service.pk).update(name="Abri", opening_hours="Mo 10:00-11:00")
    service.locations.update(municipality="Ailleurs")
    service.translations.filter(language="en").update(description="Changed")
    today = timezone.localdate()
    service.notices.update(starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=30))
    Service.objects.get(source=SOURCE, source_id="namur/colis").delete()

    output = load()

    assert "Service: 1 created, 1 updated" in output
    assert "Location: 1 created, 1 updated" in output
    assert "ServiceTranslation: 2 created, 1 updated" in output  # "colis" has two
    assert "Notice: 0 created, 1 updated" in output
    service.refresh_from_db()
    assert service.name == "Abri de nuit « Les Sauverdias »"
    assert service.opening_hours == "Mo-Su 20:00-08:00"
    assert service.locations.get().municipality == "Namur"
    assert "sauverdias" in service.search_text and "ailleurs" not in service.search_text
    assert sorted(service.intervals.values_list("holiday", "start", "end")) == sorted(
        (i.holiday, i.start, i.end) for i in hours.interval_rows(service=service)
    )
    assert service.intervals.filter(holiday=False, start=20 * 60, end=32 * 60).exists()
    notice = service.notices.get()
    assert notice.starts_on <= today <= notice.ends_on
    assert Service.objects.filter(source=SOURCE, source_id="namur/colis").exists()


def test_a_service_removed_from_the_demo_data_is_deleted(demo):
    network = Network.objects.get(slug="namur")
    stale = Service.objects.get(source=SOURCE, source_id="namur/colis")
    stale.source_id = "namur/ancien-service"
    stale.save()
    other = Service.objects.filter(network=network).exclude(source=SOURCE)
    assert not other.exists()

    output = load()

    assert "Service: 1 created, 1 updated" in output
    assert not Service.objects.filter(source_id="namur/ancien-service").exists()
