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
