"""`manage.py generate_services`: synthetic services in bulk, searchable like the others."""

import re
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from relais.directory import grid, hours, selectors, services
from relais.directory.demo.synthetic import SOURCE
from relais.directory.models import Location, Notice, OpeningInterval, Service
from relais.network.models import Municipality
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CENTRES = {
    ("Namur", "5000"): (50.4657, 4.8661),
    ("Namur", "5100"): (50.4580, 4.8730),
    ("Andenne", "5300"): (50.4897, 5.0935),
    ("Le Mans", "72000"): (48.0061, 0.1996),
    ("Allonnes", "72700"): (47.9686, 0.1606),
}


@pytest.fixture
def networks():
    namur = NetworkFactory(slug="namur-test", country="BE", time_zone="Europe/Brussels")
    le_mans = NetworkFactory(
        slug="le-mans-test",
        country="FR",
        time_zone="Europe/Paris",
        axes=["accueil_ecoute", "aide_alimentaire", "hygiene_sante", "acces_aux_droits"],
    )
    for name, postcode in CENTRES:
        network = le_mans if postcode.startswith("72") else namur
        Municipality.objects.create(network=network, name=name, postcode=postcode)
    for index in range(3):
        MembershipFactory(network=namur, organisation=OrganisationFactory(name=f"CPAS {index}"))
        MembershipFactory(
            network=le_mans,
            organisation=OrganisationFactory(name=f"CCAS {index}", country="FR", postcode="72000"),
        )
    MembershipFactory(network=namur, applicant=True)  # applicants get no services
    return namur, le_mans


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_services", *args, stdout=out)
    return out.getvalue()


def test_rows_are_created_like_service_save_would(networks):
    namur, le_mans = networks

    output = generate("--count", "200", "--seed", "3")

    assert "200 services créés" in output
    rows = list(
        Service.objects.filter(source=SOURCE)
        .select_related("network", "organisation")
        .prefetch_related("locations", "intervals", "organisation__memberships")
    )
    assert len(rows) == 200
    assert sum(1 for s in rows if s.network == namur) == 100
    for service in rows:
        service.full_clean()
        (location,) = service.locations.all()
        location.full_clean()
        assert service.search_text == services.search_text_for(
            service=service, locations=[location]
        )
        stored = sorted((i.holiday, i.start, i.end) for i in service.intervals.all())
        assert stored == sorted(
            (i.holiday, i.start, i.end) for i in hours.interval_rows(service=service)
        )
        # The search columns, as service_save sets them.
        assert (service.latitude, service.longitude, service.located_places) == (
            location.latitude,
            location.longitude,
            1,
        )
        assert service.geo_cell == grid.cell_of(location.latitude, location.longitude)
        assert sorted(service.week_hours) == [(s, e) for h, s, e in stored if not h]
        assert sorted(service.holiday_hours) == [(s, e) for h, s, e in stored if h]
        assert set(service.axes) <= set(service.network.axes) and service.axes
        assert [m.status for m in service.organisation.memberships.all()] == ["active"]
        assert service.network.municipalities.filter(
            name=location.municipality, postcode=location.postcode
        ).exists()
        lat, lon = CENTRES[(location.municipality, location.postcode)]
        assert abs(location.latitude - lat) < 0.1 and abs(location.longitude - lon) < 0.15
        assert location.is_mobile == bool(location.area_served)
    assert Location.objects.count() == 200
    assert OpeningInterval.objects.count() >= 200
    visibilities = {s.visibility for s in rows}
    assert visibilities == {"public", "professionals"}
    assert len({s.opening_hours for s in rows}) >= 15
    assert any(s.network == le_mans and "aide_alimentaire" in s.axes for s in rows)
    assert Notice.objects.filter(service__source=SOURCE).count() < 30


def test_the_same_seed_gives_the_same_services_and_replace_starts_again(networks):
    generate("--count", "60", "--seed", "7", "--network", "namur-test")
    first = sorted(Service.objects.values_list("name", "opening_hours", "visibility"))

    output = generate("--count", "60", "--seed", "7", "--network", "namur-test", "--replace")

    assert "supprimées" in output
    assert sorted(Service.objects.values_list("name", "opening_hours", "visibility")) == first
    assert Service.objects.count() == 60
    assert set(Service.objects.values_list("network__slug", flat=True)) == {"namur-test"}


def test_search_finds_the_generated_services(networks):
    namur, _le_mans = networks
    generate("--count", "200", "--seed", "11")
    public = Service.objects.filter(network=namur, visibility="public")

    def words(service):
        return re.findall(r"[^\W_]+", service.search_text)

    found = selectors.services_search(viewer=None, q="Épicer", network=namur)
    expected = {s.pk for s in public if any(w.startswith("epicer") for w in words(s))}
    assert expected and {s.pk for s in found} == expected

    tuesday_2am = datetime(2024, 1, 9, 2, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    night = selectors.services_search(viewer=None, network=namur, open_at=tuesday_2am)
    minute = 24 * 60 + 2 * 60
    assert not Notice.objects.filter(starts_on__lte="2024-01-09", ends_on__gte="2024-01-09")
    expected = {
        s.pk
        for s in public.prefetch_related("intervals")
        if any(i.start <= minute < i.end for i in s.intervals.all() if not i.holiday)
    }
    assert expected and {s.pk for s in night} == expected

    centre = CENTRES[("Namur", "5000")]
    near = list(
        selectors.services_search(viewer=None, near=centre, radius_km=3, axis="accueil_de_jour")
    )
    located = Location.objects.filter(service__in=public, latitude__isnull=False)
    by_hand = {
        loc.service_id
        for loc in located.select_related("service")
        if "accueil_de_jour" in loc.service.axes
        and selectors.haversine_km(centre, (loc.latitude, loc.longitude)) < 2.9
    }
    assert by_hand and by_hand <= {s.pk for s in near}
    distances = [s.distance_km for s in near]
    assert distances == sorted(distances) and distances[-1] <= 3


def test_bad_arguments_are_refused(networks):
    with pytest.raises(CommandError, match="Réseau inconnu"):
        generate("--count", "10", "--network", "nulle-part")
    with pytest.raises(CommandError, match="positif"):
        generate("--count", "0")
    assert not Service.objects.exists()


def test_a_network_without_members_is_refused():
    NetworkFactory(slug="vide")
    with pytest.raises(CommandError, match="aucune organisation"):
        generate("--count", "10")
