"""The read replica (relais.core.db_routing): which reads go to it, and that nothing else does.

The router's decisions are checked on their own first (no database), then against a real
second database (`replica` in config/settings/test.py: a test database of its own, in memory
on SQLite, a second database on the same server on PostgreSQL) whose rows differ from the
primary's, so that a page shows which of the two it read.
"""

import re
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from relais.accounts.models import ApiToken, OrganisationRole, User
from relais.accounts.services import api_token_issue
from relais.audit.models import AccessLogEntry
from relais.core.db_routing import ReplicaRouter, reading_replica, replica_reads
from relais.directory.models import Location, Notice, OpeningInterval, Service
from relais.network.models import Membership, Network, Organisation
from relais.persons import services as person_services
from relais.persons.models import Note, Person
from tests.directory.factories import ServiceFactory
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    login_with_second_factor,
    organisation_role,
)

REPLICA = "replica"
router = ReplicaRouter()


def request(method="GET"):
    return SimpleNamespace(method=method)


def decisions(*models):
    """Where the router sends a read of each model now."""
    return [router.db_for_read(model) for model in models]


@pytest.fixture
def with_replica(settings):
    settings.RELAIS_READ_REPLICA = REPLICA
    return REPLICA


# --- The router's decisions ------------------------------------------------------------------


def test_without_a_replica_the_router_decides_nothing(settings):
    settings.RELAIS_READ_REPLICA = None

    @replica_reads
    def view(request):
        return (
            decisions(Service, Network),
            router.db_for_write(Service),
            reading_replica(),
        )

    assert view(request()) == ([None, None], None, None)


def test_outside_an_opted_in_view_everything_reads_the_primary(with_replica):
    assert decisions(Service, Location, Network, Organisation, Person) == [None] * 5
    assert router.db_for_write(Service) == DEFAULT_DB_ALIAS


def test_inside_an_opted_in_view_only_the_directory_and_networks_read_the_replica(with_replica):
    @replica_reads
    def view(request):
        return decisions(
            Service,
            Location,
            OpeningInterval,
            Notice,
            Network,
            Organisation,
            Membership,
            Person,
            Note,
            AccessLogEntry,
            User,
            OrganisationRole,
            ApiToken,
            Session,
            AccessAttempt,
        )

    assert view(request()) == [REPLICA] * 7 + [None] * 8


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_only_get_and_head_read_the_replica(with_replica, method):
    @replica_reads
    def view(request):
        return decisions(Service, Network)

    assert view(request("HEAD")) == [REPLICA, REPLICA]
    assert view(request(method)) == [None, None]


def test_after_a_write_through_the_orm_the_rest_of_the_request_reads_the_primary(with_replica):
    @replica_reads
    def view(request):
        before = decisions(Service)
        written = router.db_for_write(Notice)
        return before, written, decisions(Service, Network), reading_replica()

    assert view(request()) == ([REPLICA], DEFAULT_DB_ALIAS, [None, None], None)


def test_the_state_ends_with_the_view_even_when_it_raises(with_replica):
    @replica_reads
    def view(request):
        assert decisions(Service) == [REPLICA]
        raise LookupError

    with pytest.raises(LookupError):
        view(request())
    assert decisions(Service) == [None]
    assert reading_replica() is None


def test_each_request_starts_afresh(with_replica):
    @replica_reads
    def writer(request):
        router.db_for_write(Service)
        return decisions(Service)

    @replica_reads
    def reader(request):
        return decisions(Service)

    assert writer(request()) == [None]
    assert reader(request()) == [REPLICA]


def test_objects_of_both_databases_may_be_related(with_replica):
    primary, replica = Organisation(), Service()
    primary._state.db, replica._state.db = DEFAULT_DB_ALIAS, REPLICA
    assert router.allow_relation(primary, replica) is True


def test_without_a_replica_relations_are_left_to_django(settings):
    settings.RELAIS_READ_REPLICA = None
    one, other = Organisation(), Service()
    one._state.db, other._state.db = DEFAULT_DB_ALIAS, REPLICA
    assert router.allow_relation(one, other) is None


def test_the_replica_is_off_in_the_tests_unless_a_test_turns_it_on():
    # The other tests' query counts are today's: nothing reads the replica alias.
    from django.conf import settings

    assert settings.RELAIS_READ_REPLICA is None
    assert settings.DATABASES[REPLICA]["TEST"].get("MIRROR") is None


# --- A raw write on the primary --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE directory_service SET name = name WHERE id = -1",
        "DELETE FROM directory_notice WHERE id = -1",
    ],
)
def test_a_raw_write_on_the_primary_pins_the_rest_of_the_request(with_replica, statement):
    @replica_reads
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            after_select = reading_replica()
            cursor.execute(statement)
        return after_select, reading_replica(), decisions(Service)

    assert view(request()) == (REPLICA, None, [None])


# --- Against a real second database ----------------------------------------------------------

both = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA])

PRIMARY_NAME = "Abri de nuit pour femmes"
REPLICA_NAME = "Abri Réplique des Carmes"


def copy_to_replica(*querysets):
    """The rows of `querysets` (read on the primary), inserted as they are in the replica."""
    for queryset in querysets:
        data = serializers.serialize("python", queryset.using(DEFAULT_DB_ALIAS))
        for obj in serializers.deserialize("python", data, using=REPLICA):
            obj.save(using=REPLICA)


@pytest.fixture
def namur(db):
    return NetworkFactory(slug="namur", name="Relais social urbain namurois")


@pytest.fixture
def owner(namur):
    organisation = OrganisationFactory(slug="sauverdias", name="Les Sauverdias")
    MembershipFactory(network=namur, organisation=organisation)
    return organisation


@pytest.fixture
def shelter(namur, owner):
    """A public service on both databases, under another name (and search text) on the
    replica; a service for professionals too."""
    service = ServiceFactory(
        network=namur, organisation=owner, name=PRIMARY_NAME, opening_hours="24/7"
    )
    ServiceFactory(
        network=namur, organisation=owner, name="Cellule logement", visibility="professionals"
    )
    copy_to_replica(
        Network.objects.all(),
        Organisation.objects.all(),
        Membership.objects.all(),
        Service.objects.all(),
        Location.objects.all(),
        OpeningInterval.objects.all(),
    )
    Service.objects.using(REPLICA).filter(pk=service.pk).update(
        name=REPLICA_NAME, search_text=Concat(F("search_text"), Value(" replique"))
    )
    return service


def tables_read(captured) -> set[str]:
    """The tables the queries read from (each query's first FROM; joined tables,
    such as the name of who verified a sheet, are part of a directory read)."""
    return {match.group(1) for q in captured if (match := FROM.search(q["sql"]))}


FROM = re.compile(r'FROM "?(\w+)"?')
FORBIDDEN_ON_REPLICA = {"accounts_user", "django_session", "axes_accessattempt"}


@both
def test_the_public_directory_and_sheet_read_the_replica(client, with_replica, shelter):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        listing = client.get("/annuaire/public/namur/", {"q": "replique"})
        sheet = client.get(f"/annuaire/public/namur/services/{shelter.pk}/")

    assert listing.status_code == 200
    assert REPLICA_NAME in listing.content.decode()
    assert PRIMARY_NAME not in listing.content.decode()
    assert sheet.status_code == 200
    assert REPLICA_NAME in sheet.content.decode()
    assert len(on_replica) > 0
    assert not tables_read(on_replica) & FORBIDDEN_ON_REPLICA


@both
def test_without_the_setting_the_same_pages_read_the_primary(client, settings, shelter):
    settings.RELAIS_READ_REPLICA = None
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        listing = client.get("/annuaire/public/namur/", {"q": "abri"})
        sheet = client.get(f"/annuaire/public/namur/services/{shelter.pk}/")

    assert PRIMARY_NAME in listing.content.decode()
    assert PRIMARY_NAME in sheet.content.decode()
    assert len(on_replica) == 0


@both
def test_the_page_costs_the_same_queries_split_between_the_two(client, settings, shelter):
    path = "/annuaire/public/namur/?q=abri"
    settings.RELAIS_READ_REPLICA = None
    with CaptureQueriesContext(connection) as alone:
        client.get(path)
    settings.RELAIS_READ_REPLICA = REPLICA
    with (
        CaptureQueriesContext(connection) as on_primary,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        client.get(path)

    assert len(on_primary) + len(on_replica) == len(alone)
    assert len(on_replica) == len(alone)  # an anonymous visitor: nothing on the primary


@both
def test_the_public_api_guide_and_exports_read_the_replica(client, with_replica, shelter):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        listing = client.get("/api/v1/services", {"q": "replique"})
        detail = client.get(f"/api/v1/services/{shelter.pk}")
        exported = client.get("/api/v1/export/data-inclusion/services", {"include_be": "true"})
        hsds = client.get("/api/v1/export/hsds/services")
        guide = client.get("/api/v1/networks/namur/guide.pdf")

    assert [item["name"] for item in listing.json()["items"]] == [REPLICA_NAME]
    assert detail.json()["name"] == REPLICA_NAME
    assert [record["nom"] for record in exported.json()] == [REPLICA_NAME]
    assert [record["name"] for record in hsds.json()["contents"]] == [REPLICA_NAME]
    assert guide.status_code == 200
    tables = tables_read(on_replica)
    assert {"directory_service", "network_network"} <= tables
    assert not tables & FORBIDDEN_ON_REPLICA


@both
def test_a_member_searching_is_known_from_the_primary(client, with_replica, namur, owner, shelter):
    worker = UserFactory(with_totp=True)
    organisation_role(worker, owner, "worker")
    login_with_second_factor(client, worker)
    # The roles behind the search's visibility are the replica's: copy the worker's there.
    copy_to_replica(User.objects.filter(pk=worker.pk), OrganisationRole.objects.all())

    with (
        CaptureQueriesContext(connection) as on_primary,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        page = client.get("/annuaire/", {"q": "cellule"})

    assert page.status_code == 200
    assert "Cellule logement" in page.content.decode()  # for professionals: a member sees it
    assert {"django_session", "accounts_user"} <= tables_read(on_primary)
    assert not tables_read(on_replica) & FORBIDDEN_ON_REPLICA
    assert any('FROM "directory_service"' in q["sql"] for q in on_replica)


@both
def test_a_read_after_a_write_in_the_same_request_is_the_primarys(with_replica, shelter):
    @replica_reads
    def view(request):
        before = Service.objects.get(pk=shelter.pk).name
        Notice.objects.create(
            service=Service.objects.get(pk=shelter.pk),
            message="Fermé ce soir",
            starts_on="2030-01-01",
            ends_on="2030-01-02",
        )
        after = Service.objects.get(pk=shelter.pk).name
        return before, after

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert view(request()) == (REPLICA_NAME, PRIMARY_NAME)
    assert len(on_replica) == 2  # the first read, and the service read for the notice
    assert Notice.objects.using(DEFAULT_DB_ALIAS).filter(service_id=shelter.pk).count() == 1
    assert Notice.objects.using(REPLICA).count() == 0


@both
def test_person_pages_and_writes_never_touch_the_replica(
    client, with_replica, namur, owner, shelter
):
    worker = UserFactory(with_totp=True)
    organisation_role(worker, owner, "worker")
    admin = UserFactory(with_totp=True)
    organisation_role(admin, owner, "admin")
    person = person_services.person_create(user=worker, organisation=owner, called_name="Jojo")
    raw, _token = api_token_issue(user=worker)
    bearer = {"Authorization": f"Bearer {raw}"}

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        login_with_second_factor(client, worker)
        page = client.get(f"/personnes/{person.pk}/")
        read = client.get(f"/api/v1/persons/{person.pk}", headers=bearer)
        noted = client.post(
            f"/api/v1/persons/{person.pk}/notes",
            {"text": "Rencontré gare du Nord", "visibility": "shared"},
            content_type="application/json",
            headers=bearer,
        )
        client.logout()
        login_with_second_factor(client, admin)
        verified = client.post(f"/annuaire/gerer/{shelter.pk}/verifier/")
        patched = client.patch(
            f"/api/v1/services/{shelter.pk}",
            {"name": "Abri de nuit (nouveau nom)"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {api_token_issue(user=admin)[0]}"},
        )

    assert page.status_code == 200
    assert read.status_code == 200
    assert noted.status_code == 201
    assert verified.status_code == 302
    assert patched.status_code == 200
    assert patched.json()["name"] == "Abri de nuit (nouveau nom)"
    assert len(on_replica) == 0
