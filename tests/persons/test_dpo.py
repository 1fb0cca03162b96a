"""Pages of a network's data-protection officer: the access log (never the content), the
break-glass review queue and alerts on unusual reading."""

import html
import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import NetworkRole
from relais.audit.models import Action, Basis
from relais.audit.services import audit_write
from relais.persons import selectors, services
from relais.persons.models import BreakGlass, Note
from tests.factories import UserFactory, login_with_second_factor, network_role


@pytest.fixture
def world(shared_world, db):
    """The world of conftest.py, written once for the tests of this module (`shared_world`):
    each test gets its own copy of the objects, and its changes are rolled back after it."""
    return shared_world.copy()


REASON = "Menace de suicide signalée par l'équipe de rue ce soir"
PAGE_OVERHEAD = 8  # see tests/persons/test_views.py


def fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def client_for(user) -> Client:
    client = Client()
    login_with_second_factor(client, user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def dpo_url(name, world, *args):
    return reverse(f"dpo:{name}", args=[world.network.slug, *args])


@pytest.fixture
def dpo(world):
    return client_for(world.dpo)


@pytest.fixture
def other_dpo(world):
    user = UserFactory(username="dpo.ailleurs", with_totp=True)
    network_role(user, world.other_network, NetworkRole.Role.DPO)
    return user


def glass_by(world, user=None):
    return services.break_glass_declare(
        user=fresh(user or world.partner_worker), person_id=world.person.pk, reason=REASON
    )


def persons(world, n, organisation=None):
    organisation = organisation or world.referent
    return [
        services.person_create(
            user=fresh(world.referent_worker), organisation=organisation, called_name=f"P{i}"
        )
        for i in range(n)
    ]


def read(world, user, organisation, person, basis=Basis.CONSENT, action=Action.READ):
    return audit_write(
        user=user, organisation=organisation, person=person, action=action, basis=basis
    )


# --- Who may open the DPO pages ----------------------------------------------------------------


def pages(world):
    glass = glass_by(world)
    return [
        dpo_url("log", world),
        dpo_url("break_glasses", world),
        dpo_url("alerts", world),
    ], glass


@pytest.mark.parametrize(
    "persona", ["referent_worker", "referent_admin", "partner_worker", "coordinator"]
)
def test_only_the_networks_dpo_opens_its_pages(world, persona):
    paths, glass = pages(world)
    client = client_for(getattr(world, persona))
    for path in [*paths, reverse("dpo:index")]:
        assert client.get(path).status_code == 404, path
    response = client.post(
        dpo_url("break_glass_review", world, glass.pk), {"decision": "justified"}
    )
    assert response.status_code == 404
    glass.refresh_from_db()
    assert glass.review == BreakGlass.Review.PENDING


def test_the_dpo_of_another_network_gets_404(world, other_dpo):
    paths, glass = pages(world)
    client = client_for(other_dpo)
    for path in paths:
        assert client.get(path).status_code == 404, path
    # Not even through the URL of their own network.
    own = reverse("dpo:break_glass_review", args=[world.other_network.slug, glass.pk])
    assert client.post(own, {"decision": "not_justified"}).status_code == 404
    glass.refresh_from_db()
    assert glass.review == BreakGlass.Review.PENDING
    unknown_network = reverse("dpo:log", args=["inconnu"])
    assert client.get(paths[0]).content == client.get(unknown_network).content


def test_anonymous_visitors_are_asked_to_log_in(client, world):
    paths, _glass = pages(world)
    for path in [*paths, reverse("dpo:index")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_every_dpo_page_is_never_stored(world, dpo):
    paths, _glass = pages(world)
    for path in [*paths, reverse("dpo:index")]:
        response = dpo.get(path)
        assert "no-store" in response["Cache-Control"], path


def test_the_index_goes_to_the_log_or_lists_the_networks(world, dpo, other_dpo):
    response = dpo.get(reverse("dpo:index"))
    assert response.status_code == 302 and response["Location"] == dpo_url("log", world)
    network_role(world.dpo, world.other_network, NetworkRole.Role.DPO)
    page = text(dpo.get(reverse("dpo:index")))
    assert world.network.name in page and world.other_network.name in page


def test_the_dpo_sees_no_file(world, dpo):
    assert dpo.get(reverse("persons:file", args=[world.person.pk])).status_code == 404
    assert dpo.get(reverse("persons:search")).status_code == 404


# --- The access log ----------------------------------------------------------------------------


def test_the_log_shows_who_looked_and_never_the_content(world, dpo):
    services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text="Dort sous le pont",
        visibility=Note.Visibility.SHARED,
    )
    page = text(dpo.get(dpo_url("log", world)))
    assert "worker.referent" in page and "CPAS de test" in page
    assert "ajout d'une note" in page and "création du dossier" in page
    assert str(world.person.pk) in page
    assert "Jojo" not in page and "Dort sous le pont" not in page


def test_the_log_of_another_network_is_not_shown(world, dpo):
    foreign = services.person_create(
        user=fresh(world.foreign_worker), organisation=world.foreign, called_name="Loin"
    )
    assert foreign.network_id == world.other_network.pk
    page = text(dpo.get(dpo_url("log", world)))
    assert str(foreign.pk) not in page and "worker.foreign" not in page


def test_the_log_filters(world, dpo, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2026, 3, 2, 9, 0)), tick=False)
    services.consent_grant(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        organisations=[world.partner],
        scope=["identity"],
        method="oral",
        purpose="Orientation",
    )
    time_machine.move_to(timezone.make_aware(datetime(2026, 3, 5, 9, 0)), tick=False)
    other = services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Autre"
    )
    from relais.persons import access

    access.get_person_for(fresh(world.partner_worker), world.person.pk)
    dpo = client_for(world.dpo)  # a session started now
    log = dpo_url("log", world)

    def shown(**query):
        response = dpo.get(log, query)
        assert response.status_code == 200
        return response.context["page"].paginator.count, text(response)

    assert shown()[0] == 4  # create ×2, consent, read
    assert shown(username="worker.partner")[0] == 1
    assert shown(username="WORKER.PARTNER")[0] == 1
    assert shown(organisation=world.partner.pk)[0] == 1
    assert shown(action="create")[0] == 2
    assert shown(basis="consent")[0] == 1
    assert shown(person=str(other.pk))[0] == 1
    # The world's file was opened today, after these dates.
    assert shown(date_from="2026-03-03", date_to="2026-03-31")[0] == 2
    assert shown(date_to="2026-03-02")[0] == 1
    assert shown(date_from="2026-03-02", date_to="2026-03-02", action="consent_grant")[0] == 1
    _count, page = shown(date_from="2026-03-05", date_to="2026-03-01")
    assert "Cette date est avant la date de début" in page
    _count, page = shown(person="pas-un-identifiant")
    assert "pas la bonne forme" in page


@pytest.mark.parametrize("size", [5, 60])
def test_the_log_is_paginated_in_a_constant_number_of_queries(
    world, dpo, size, django_assert_num_queries
):
    for _ in range(size):
        read(world, world.referent_worker, world.referent, world.person, Basis.OWN_ORGANISATION)
    # the network, the members (organisation filter), the count, the page
    with django_assert_num_queries(PAGE_OVERHEAD + 4):
        response = dpo.get(dpo_url("log", world))
    assert len(response.context["page"].object_list) == min(size + 1, 50)
    if size > 50:
        assert "Page 1 sur 2" in text(response)
        assert len(dpo.get(dpo_url("log", world), {"page": 2}).context["page"].object_list) == (
            size + 1 - 50
        )


# --- The break-glass review queue ---------------------------------------------------------------


def test_the_queue_shows_each_pending_break_glass_with_its_reason_and_use(world, dpo):
    glass = glass_by(world)
    from relais.persons import access

    access.get_person_for(fresh(world.partner_worker), world.person.pk)
    access.get_person_for(fresh(world.partner_worker), world.person.pk)
    response = dpo.get(dpo_url("break_glasses", world))
    page = text(response)
    assert REASON in page
    assert "worker.partner" in page and "Abri de nuit" in page
    assert str(glass.person_id) in page and "Jojo" not in page
    assert "3 entrées au journal" in page  # the declaration and two reads
    assert dpo_url("break_glass_review", world, glass.pk) in page


def test_the_dpo_reviews_a_break_glass(world, dpo):
    glass = glass_by(world)
    response = dpo.post(
        dpo_url("break_glass_review", world, glass.pk),
        {"decision": "not_justified", "comment": "Pas de danger décrit"},
    )
    assert response.status_code == 302 and response["Location"] == dpo_url("break_glasses", world)
    glass.refresh_from_db()
    assert glass.review == BreakGlass.Review.NOT_JUSTIFIED
    assert (glass.reviewed_by, glass.review_comment) == (world.dpo, "Pas de danger décrit")
    page = text(dpo.get(dpo_url("break_glasses", world)))
    assert "Aucun accès d'urgence à examiner" in page
    assert "non justifié" in page and "Pas de danger décrit" in page


def test_a_review_without_a_decision_changes_nothing(world, dpo):
    glass = glass_by(world)
    response = dpo.post(dpo_url("break_glass_review", world, glass.pk), {"comment": "?"})
    assert response.status_code == 200
    assert "Choisissez : justifié ou non justifié" in text(response)
    glass.refresh_from_db()
    assert glass.review == BreakGlass.Review.PENDING and glass.reviewed_at is None


def test_reviewing_an_unknown_break_glass_is_a_404(world, dpo):
    path = reverse(
        "dpo:break_glass_review",
        args=[world.network.slug, "00000000-0000-4000-8000-000000000000"],
    )
    assert dpo.post(path, {"decision": "justified"}).status_code == 404


def test_the_queue_costs_a_constant_number_of_queries(world, dpo, django_assert_num_queries):
    glass_by(world)
    glass_by(world, world.outsider_worker)
    glass_by(world, world.referent_admin)
    # the network, the queue (with its use), the latest reviews
    with django_assert_num_queries(PAGE_OVERHEAD + 3):
        response = dpo.get(dpo_url("break_glasses", world))
    assert len(response.context["rows"]) == 3


# --- Alerts on unusual reading ------------------------------------------------------------------


def at(moment):
    return timezone.make_aware(moment)


def test_many_files_of_other_organisations_in_an_hour_raise_an_alert(world, time_machine):
    files = persons(world, 12)
    start = datetime(2026, 4, 10, 10, 50)
    # the partner: 5 files before 11:00 and 5 after, within 20 minutes (an hour boundary)
    for i, person in enumerate(files[:10]):
        time_machine.move_to(at(start + timedelta(minutes=2 * i)), tick=False)
        read(world, world.partner_worker, world.partner, person)
    # the outsider: 9 files only, on break-glass
    for i, person in enumerate(files[:9]):
        time_machine.move_to(at(start + timedelta(minutes=i)), tick=False)
        read(world, world.outsider_worker, world.outsider, person, Basis.BREAK_GLASS)
    # a referent worker: 12 files of their own organisation
    for person in files:
        read(world, world.referent_worker, world.referent, person, Basis.OWN_ORGANISATION)
    # the allowed volunteer: one file, 15 times
    for _ in range(15):
        read(world, world.allowed_volunteer, world.partner, files[0])
    # the admin: 12 files, one every 20 minutes
    for i, person in enumerate(files):
        time_machine.move_to(at(start + timedelta(minutes=20 * i)), tick=False)
        read(world, world.referent_admin, world.partner, person)

    alerts = selectors.reading_alerts(network=world.network, now=at(start + timedelta(hours=5)))

    assert [(a["username"], a["peak"]) for a in alerts] == [("worker.partner", 10)]
    assert alerts[0]["first_at"] == at(start)
    assert alerts[0]["last_at"] == at(start)  # only the first read starts a window of 10


def test_alerts_look_back_a_limited_time_and_stay_in_the_network(world, time_machine):
    files = persons(world, 10)
    start = datetime(2026, 4, 10, 10, 0)
    time_machine.move_to(at(start), tick=False)
    for person in files:
        read(world, world.partner_worker, world.partner, person)
    later = at(start + timedelta(days=selectors.ALERT_LOOKBACK_DAYS + 1))
    assert selectors.reading_alerts(network=world.network, now=later) == []
    assert selectors.reading_alerts(network=world.other_network, now=at(start)) == []
    assert len(selectors.reading_alerts(network=world.network, now=at(start))) == 1


def test_the_alerts_are_one_query(world, django_assert_num_queries):
    files = persons(world, 10)
    for person in files:
        read(world, world.partner_worker, world.partner, person)
    with django_assert_num_queries(1):
        alerts = selectors.reading_alerts(network=world.network)
    assert alerts[0]["peak"] == 10


def test_the_alerts_page(world, dpo):
    files = persons(world, 11)
    for person in files:
        read(world, world.partner_worker, world.partner, person, Basis.BREAK_GLASS)
    page = text(dpo.get(dpo_url("alerts", world)))
    assert "worker.partner" in page
    assert f"{dpo_url('log', world)}?username=worker.partner" in page
    for person in files:  # no file: neither its name (a whole word: tokens hold "P1…") nor id
        assert not re.search(rf"\b{person.called_name}\b", page)
        assert str(person.pk) not in page


def test_no_alert_page_says_so(world, dpo):
    assert "Aucune lecture inhabituelle" in text(dpo.get(dpo_url("alerts", world)))
