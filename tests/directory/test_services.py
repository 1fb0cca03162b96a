import pytest
from django.core.exceptions import ValidationError

from relais.directory.models import Service
from tests.directory.factories import make_service
from tests.factories import NetworkFactory, OrganisationFactory


@pytest.mark.django_db
def test_a_national_phone_number_is_read_in_the_networks_country():
    network = NetworkFactory(country="FR", time_zone="Europe/Paris", axes=["aide_alimentaire"])
    service = make_service(
        network=network,
        organisation=OrganisationFactory(country="FR"),
        axes=["aide_alimentaire"],
        phone="02 43 12 34 56",
    )
    assert service.phone == "+33 2 43 12 34 56"


@pytest.mark.django_db
def test_a_bad_phone_names_the_field_and_stores_nothing():
    network = NetworkFactory(axes=["aide_alimentaire"])
    with pytest.raises(ValidationError) as error:
        make_service(network=network, axes=["aide_alimentaire"], phone="12")
    assert "phone" in error.value.message_dict
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_the_search_columns_follow_the_locations_and_the_hours():
    """`service_save` keeps the columns the search reads in its own row (first located place,
    number of located places, weekly and holiday slots) in step with the rows they sum up."""
    from relais.directory import grid, services
    from tests.directory.factories import LocationFactory

    network = NetworkFactory(axes=["accueil_de_jour"])
    mobile = LocationFactory.build(mobile=True, area_served="Centre-ville")
    first = LocationFactory.build(latitude=50.4545, longitude=4.8790)
    second = LocationFactory.build(latitude=50.4776, longitude=4.8960)
    service = make_service(
        network=network,
        axes=["accueil_de_jour"],
        opening_hours="Mo 09:00-12:00; PH off",
        locations=[mobile, first, second],
    )

    def stored():
        row = Service.objects.get(pk=service.pk)
        return (row.latitude, row.longitude, row.located_places, row.week_hours, row.holiday_hours)

    assert stored() == (50.4545, 4.8790, 2, [(540, 720)], [])
    assert Service.objects.get(pk=service.pk).geo_cell == grid.cell_of(50.4545, 4.8790)
    assert sorted(service.week_hours) == sorted(
        (i.start, i.end) for i in service.intervals.filter(holiday=False)
    )

    service.opening_hours = "Mo-Tu 08:00-10:00"
    services.service_save(service=service, locations=[LocationFactory.build(mobile=True)])
    # No located place left; a string without PH keeps its hours on public holidays.
    assert stored() == (None, None, 0, [(480, 600), (1920, 2040)], [(480, 600), (1920, 2040)])
    assert Service.objects.get(pk=service.pk).geo_cell is None


@pytest.mark.django_db
def test_the_weekly_slots_survive_dumpdata_and_loaddata():
    from django.core import serializers

    network = NetworkFactory(axes=["accueil_de_jour"])
    service = make_service(
        network=network, axes=["accueil_de_jour"], opening_hours="Mo 09:00-12:00"
    )
    text = serializers.serialize("json", [service])
    (restored,) = list(serializers.deserialize("json", text))
    assert restored.object.week_hours == [(540, 720)]
    assert restored.object.holiday_hours == [(540, 720)]
