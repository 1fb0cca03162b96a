"""Directory factories: services (saved through `service_save`), locations, notices.

`ServiceFactory` builds a service and saves it through `services.service_save`, so that its
search text and opening intervals are materialised like in production. Give locations with
`ServiceFactory(locations=[LocationFactory.build(...), ...])` or use `make_service(...)`.
Others may append factories below; please do not rewrite the existing ones.
"""

from datetime import date, timedelta

import factory

from relais.directory import services
from relais.directory.models import Location, Notice, Service
from tests.factories import NetworkFactory, OrganisationFactory


class LocationFactory(factory.django.DjangoModelFactory):
    """A fixed place in Namur. Use `.build()` to pass it to `ServiceFactory(locations=[...])`."""

    class Meta:
        model = Location

    name = ""
    is_mobile = False
    address = factory.Sequence(lambda n: f"Rue de la Gare {n + 1}")
    postcode = "5000"
    municipality = "Namur"
    latitude = 50.4669
    longitude = 4.8675

    class Params:
        mobile = factory.Trait(
            is_mobile=True,
            area_served="Centre-ville",
            address="",
            latitude=None,
            longitude=None,
        )


class ServiceFactory(factory.django.DjangoModelFactory):
    """A public day-centre service, saved through `service_save`.

    `locations` (a list of unsaved Location) is passed to `service_save`; without it the
    service gets one fixed location in Namur. `locations=[]` makes a service without place.
    """

    class Meta:
        model = Service
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Accueil, café, douches."
    axes = factory.LazyFunction(lambda: ["accueil_de_jour"])
    opening_hours = "Mo-Fr 09:00-17:00"

    class Params:
        professionals = factory.Trait(visibility="professionals")
        night_shelter = factory.Trait(
            axes=["accueil_de_nuit"], opening_hours="Mo-Su 20:00-08:00", name="Abri de nuit"
        )
        always_open = factory.Trait(opening_hours="24/7")

    @classmethod
    def _create(cls, model_class, *args, locations=None, by=None, verified=False, **kwargs):
        service = model_class(*args, **kwargs)
        if locations is None:
            locations = [LocationFactory.build()]
        return services.service_save(
            service=service, locations=list(locations), by=by, verified=verified
        )

    @classmethod
    def make_service(cls, *, locations=None, **kwargs) -> Service:
        """`ServiceFactory.make_service(opening_hours="...", locations=[...])`."""
        return cls(locations=locations, **kwargs)


def make_service(*, locations=None, **kwargs) -> Service:
    """A saved service (intervals and search text materialised); see ServiceFactory."""
    return ServiceFactory(locations=locations, **kwargs)


class NoticeFactory(factory.django.DjangoModelFactory):
    """A notice on today for a week; `closed=True` / `open=True` traits set the effect."""

    class Meta:
        model = Notice

    service = factory.SubFactory(ServiceFactory)
    starts_on = factory.LazyFunction(date.today)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=7))
    message = "Information"
    effect = Notice.Effect.INFO

    class Params:
        closed = factory.Trait(effect=Notice.Effect.CLOSED, message="Fermé pour travaux")
        open = factory.Trait(effect=Notice.Effect.OPEN, message="Plan hiver : ouvert jour et nuit")
