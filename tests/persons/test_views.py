"""Person pages for workers and organisation admins, per persona: what each one sees, what a
forbidden file answers (the 404 of an unknown id), the audit entries, the no-store header,
forms whose errors change nothing, and constant query counts."""

import html
import io
import json
import re
import uuid
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relais.audit.models import AccessLogEntry
from relais.persons import services
from relais.persons.models import BreakGlass, Consent, Contact, Goal, Note, Person
from relais.persons.slip import SLIP_LANGUAGES
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    login_with_second_factor,
    organisation_role,
)

UNKNOWN = uuid.UUID("00000000-0000-4000-8000-000000000000")
REASON = "Menace de suicide signalée par l'équipe de rue ce soir"
# Every page of a logged-in user: session, user, second-factor check, the menu (coordinated
# networks; persons and DPO links), and the session saved with its clock (savepoint, update,
# release).
PAGE_OVERHEAD = 8
PERSONAS = [
    "referent_worker",
    "referent_admin",
    "allowed_volunteer",
    "partner_worker",
    "outsider_worker",
    "foreign_worker",
    "volunteer",
    "coordinator",
    "dpo",
]
NOT_REFERENT = [p for p in PERSONAS if p not in ("referent_worker", "referent_admin")]
NOT_REFERENT.remove("allowed_volunteer")


def fresh(user):
    user.__dict__.pop("_relais_acting_organisations", None)
    return user


def client_for(user) -> Client:
    client = Client()
    login_with_second_factor(client, user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def consent(world, **kwargs) -> Consent:
    defaults = {
        "scope": ["identity", "shared_notes"],
        "method": "oral",
        "purpose": "Trouver un hébergement pour l'hiver",
        "organisations": [world.partner],
    }
    defaults.update(kwargs)
    return services.consent_grant(
        user=fresh(world.referent_worker), person_id=world.person.pk, **defaults
    )


def note(world, text_, visibility=Note.Visibility.SHARED, **kwargs) -> Note:
    return services.note_add(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        text=text_,
        visibility=visibility,
        **kwargs,
    )


def url(name, world=None, *args):
    if world is None:
        return reverse(f"persons:{name}", args=args)
    return reverse(f"persons:{name}", args=[world.person.pk, *args])


def log_count(**filters) -> int:
    return AccessLogEntry.objects.filter(**filters).count()


def assert_not_found_like_unknown(client, path_for):
    """The answer for a forbidden file is exactly the answer for an id that does not exist."""
    forbidden = client.get(path_for(None))
    unknown = client.get(path_for(UNKNOWN))
    assert forbidden.status_code == unknown.status_code == 404
    assert forbidden.content == unknown.content


# The world and the personas' sessions are written once for the tests of this module
# (`shared_world` in conftest.py); each test gets its own copy of the objects and new browsers
# on the same sessions, and its changes are rolled back after it.


@pytest.fixture
def world(shared_world, db):
    return shared_world.copy()


@pytest.fixture
def clients(shared_world, world):
    return {name: shared_world.client(name) for name in PERSONAS}


# --- Anonymous visitors and the no-store header ------------------------------------------------


def test_anonymous_visitors_are_asked_to_log_in_whatever_the_id(client, world):
    for path in (
        url("search"),
        url("create"),
        url("file", world),
        reverse("persons:file", args=[UNKNOWN]),
        url("break_glass", world),
        url("access_log", world),
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("account_login")), path
    assert log_count(action="read") == 0


def test_pages_with_person_data_are_never_stored(world, clients):
    c = consent(world)
    pages = [
        url("search") + "?q=jo",
        url("create"),
        url("file", world),
        url("identity", world),
        url("consent_new", world),
        url("consent_slip", world, c.pk),
        url("consent_slip_pdf", world, c.pk),
        url("access_log", world),
        url("export_json", world),
        url("export_pdf", world),
        url("access_code", world),
        url("erase", world),
    ]
    admin = clients["referent_admin"]
    for path in pages:
        response = admin.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
    partner = clients["partner_worker"]
    for path in (url("file", world), url("break_glass", world), url("break_glass_lookup")):
        response = partner.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


# --- The file page per persona -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["referent_worker", "referent_admin", "allowed_volunteer"])
def test_the_referent_organisation_sees_the_whole_file(world, clients, persona):
    note(world, "Note interne du CPAS", Note.Visibility.ORGANISATION)
    note(world, "Note partagée avec l'abri", Note.Visibility.SHARED)
    note(
        world,
        "Le frère est menacé",
        Note.Visibility.ORGANISATION,
        about_third_party=True,
        third_party_reason="concerne le frère",
    )
    consent(world)
    response = clients[persona].get(url("file", world))
    page = text(response)
    assert response.status_code == 200
    assert "<h1>Jojo</h1>" in page
    assert "Note interne du CPAS" in page
    assert "Note partagée avec l'abri" in page
    assert "Le frère est menacé" in page and "Non montrée à la personne : concerne le frère" in page
    assert 'id="consentements"' in page and "Abri de nuit" in page
    assert 'id="journal"' in page
    assert url("export_json", world) in page


def test_a_consented_partner_sees_the_shared_part_only(world, clients):
    note(world, "Note interne du CPAS", Note.Visibility.ORGANISATION)
    note(world, "Note partagée avec l'abri", Note.Visibility.SHARED)
    services.goal_save(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        title="Retrouver un logement",
        status="planned",
    )
    consent(world, scope=["identity", "shared_notes"])
    before = log_count(action="read", basis="consent")
    response = clients["partner_worker"].get(url("file", world))
    page = text(response)
    assert response.status_code == 200
    assert "<h1>Jojo</h1>" in page
    assert "Note partagée avec l'abri" in page
    assert "Note interne du CPAS" not in page
    assert "Retrouver un logement" not in page  # the life project is not in the consent
    for referent_only in ('id="consentements"', 'id="journal"', "export.json", "code-acces"):
        assert referent_only not in page
    # The note form only offers shared notes: org-private notes are the referent's.
    assert 'value="organisation"' not in page and 'value="shared"' in page
    assert log_count(action="read", basis="consent") == before + 1


def test_a_consent_without_identity_shows_no_name(world, clients):
    note(world, "Note partagée avec l'abri", Note.Visibility.SHARED)
    consent(world, scope=["shared_notes"])
    page = text(clients["partner_worker"].get(url("file", world)))
    assert "Jojo" not in page
    assert "<h1>Dossier partagé</h1>" in page
    assert "Note partagée avec l'abri" in page


@pytest.mark.parametrize("persona", NOT_REFERENT)
def test_everyone_else_gets_the_404_of_an_unknown_file(world, clients, persona):
    before = AccessLogEntry.objects.count()
    client = clients[persona]
    assert_not_found_like_unknown(
        client, lambda pid: reverse("persons:file", args=[pid or world.person.pk])
    )
    assert AccessLogEntry.objects.count() == before


def test_a_revoked_or_expired_consent_closes_the_file_on_the_next_request(
    world, clients, time_machine
):
    c = consent(world, expires_at=timezone.now() + timedelta(days=2))
    partner = clients["partner_worker"]
    assert partner.get(url("file", world)).status_code == 200
    services.consent_revoke(consent_id=c.pk, person=world.person)
    assert partner.get(url("file", world)).status_code == 404
    consent(world, expires_at=timezone.now() + timedelta(days=2))
    assert partner.get(url("file", world)).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=3))
    partner = client_for(world.partner_worker)  # a new session: the old one has timed out
    assert partner.get(url("file", world)).status_code == 404


@pytest.mark.parametrize("size", [1, 30])
def test_the_file_page_costs_a_constant_number_of_queries(
    world, clients, size, django_assert_num_queries
):
    for n in range(size):
        note(world, f"Note {n}", Note.Visibility.SHARED if n % 2 else Note.Visibility.ORGANISATION)
        consent(world, organisations=[world.partner, world.outsider])
        services.contact_add(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            happened_on=date(2025, 1, 1),
            kind="meeting",
        )
        services.goal_save(
            user=fresh(world.referent_worker),
            person_id=world.person.pk,
            title=f"Objectif {n}",
            status="planned",
            steps=["un", "deux"],
        )
    assert log_count(person_id=world.person.pk) > size * 3
    admin = clients["referent_admin"]
    # roles, the person, the audit insert (savepoint, insert, release), goals, notes, contacts,
    # consents and their organisations, the latest log entries, the admin role (erase link)
    with django_assert_num_queries(PAGE_OVERHEAD + 12):
        response = admin.get(url("file", world))
    assert response.status_code == 200
    assert text(response).count('class="note"') == size
    partner = clients["partner_worker"]
    # roles, the person, consents and break-glass, the audit insert, notes, contacts
    with django_assert_num_queries(PAGE_OVERHEAD + 8):
        response = partner.get(url("file", world))
    assert response.status_code == 200


# --- Search and a new file ---------------------------------------------------------------------


def test_search_lists_only_files_the_organisation_may_see_and_logs_each_name(world, clients):
    other = services.person_create(
        user=fresh(world.partner_worker), organisation=world.partner, called_name="Joséphine"
    )
    page = text(clients["referent_worker"].get(url("search") + "?q=jo"))
    assert "Jojo" in page and "Joséphine" not in page
    assert log_count(action="search", person_id=world.person.pk) == 1
    assert log_count(action="search", person_id=other.pk) == 0
    page = text(clients["partner_worker"].get(url("search") + "?q=jo"))
    assert "Joséphine" in page and "Jojo" not in page
    consent(world, scope=["identity"])
    page = text(clients["partner_worker"].get(url("search") + "?q=jo"))
    assert "Jojo" in page and "partagé avec l'accord de la personne" in page
    # No list without a search: no name shown, nothing logged.
    before = log_count(action="search")
    page = text(clients["referent_worker"].get(url("search")))
    assert "Jojo" not in page
    assert log_count(action="search") == before


@pytest.mark.parametrize("size", [1, 30])
def test_search_costs_a_constant_number_of_queries(world, clients, size, django_assert_num_queries):
    for n in range(size):
        services.person_create(
            user=fresh(world.referent_worker), organisation=world.referent, called_name=f"Jo {n}"
        )
    # roles, count, page, the audit of the names shown (roles cached: savepoint, insert, release)
    with django_assert_num_queries(PAGE_OVERHEAD + 6):
        response = clients["referent_worker"].get(url("search") + "?q=jo")
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["volunteer", "coordinator", "dpo"])
def test_who_may_not_open_files_has_no_person_pages(world, clients, persona):
    for path in (url("search"), url("create"), url("break_glass_lookup")):
        assert clients[persona].get(path).status_code == 404, path
    page = text(clients[persona].get("/"))
    assert url("search") not in page


def test_the_menu_links_to_the_person_pages_and_the_dpo_pages(world, clients):
    assert f'href="{url("search")}"' in text(clients["referent_worker"].get("/"))
    assert f'href="{url("search")}"' in text(clients["allowed_volunteer"].get("/"))
    dpo_page = text(clients["dpo"].get("/"))
    assert f'href="{reverse("dpo:index")}"' in dpo_page
    assert f'href="{url("search")}"' not in dpo_page
    assert reverse("dpo:index") not in text(clients["referent_worker"].get("/"))


def test_opening_a_file_needs_only_the_name(world, clients):
    response = clients["referent_worker"].post(url("create"), {"called_name": "  Mimi  "})
    person = Person.objects.get(called_name="Mimi")
    assert response.status_code == 302
    assert response["Location"] == reverse("persons:file", args=[person.pk])
    assert person.referent_organisation == world.referent
    assert person.languages == [] and person.birth_year is None
    assert log_count(action="create", person_id=person.pk) == 1


def test_the_new_file_form_says_why_each_field_is_asked(world, clients):
    page = text(clients["referent_worker"].get(url("create")))
    assert page.count("Pourquoi nous le demandons") == 8
    assert "hors Union européenne" in page and "autre pays de l'Union européenne" in page
    assert "à la rue (sans abri)" in page  # ETHOS Light
    assert 'name="organisation"' not in page  # one organisation: no choice


def test_the_new_file_form_with_every_field(world, clients):
    response = clients["referent_worker"].post(
        url("create"),
        {
            "called_name": "Mimi",
            "first_name": "Michèle",
            "last_name": "Dupont",
            "birth_year": "1975",
            "gender": "woman",
            "nationality": "non_eu",
            "languages": "arabe, français; Arabe",
            "phone": "+32 470 00 00 00",
            "housing": "ethos_2",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(called_name="Mimi")
    assert person.languages == ["arabe", "français"]
    assert (person.nationality, person.housing, person.birth_year) == ("non_eu", "ethos_2", 1975)


@pytest.mark.parametrize(
    "data",
    [
        {"called_name": "   "},
        {"called_name": "Mimi", "birth_year": "2999"},
        {"called_name": "Mimi", "nationality": "belgian"},
        {"called_name": "Mimi", "housing": "castle"},
    ],
)
def test_a_bad_new_file_changes_nothing(world, clients, data):
    before = Person.objects.count(), AccessLogEntry.objects.count()
    response = clients["referent_worker"].post(url("create"), data)
    assert response.status_code == 200
    assert "error-summary" in text(response)
    assert (Person.objects.count(), AccessLogEntry.objects.count()) == before


def test_a_worker_of_several_organisations_chooses_the_referent(world, clients):
    organisation_role(world.referent_worker, world.partner)
    client = clients["referent_worker"]
    page = text(client.get(url("create")))
    assert 'name="organisation"' in page and "Abri de nuit" in page
    response = client.post(url("create"), {"called_name": "Mimi"})
    assert response.status_code == 200 and "error-summary" in text(response)
    client.post(url("create"), {"called_name": "Mimi", "organisation": str(world.partner.pk)})
    assert Person.objects.get(called_name="Mimi").referent_organisation == world.partner


# --- Notes, contacts, life project, identity ---------------------------------------------------


def test_the_referent_adds_an_organisation_note_and_a_third_party_note(world, clients):
    client = clients["referent_worker"]
    response = client.post(
        url("note_add", world), {"text": "Dort au parc", "visibility": "organisation"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    response = client.post(
        url("note_add", world),
        {
            "text": "Sa sœur est en danger",
            "visibility": "shared",
            "about_third_party": "on",
            "third_party_reason": "concerne sa sœur",
        },
    )
    assert response.status_code == 302
    third = Note.objects.get(about_third_party=True)
    assert (third.visibility, third.third_party_reason) == ("shared", "concerne sa sœur")
    assert log_count(action="note_add", person_id=world.person.pk) == 2


@pytest.mark.parametrize(
    "data",
    [
        {"text": "   ", "visibility": "shared"},
        {"text": "x", "visibility": "everyone"},
        {"text": "x", "visibility": "shared", "about_third_party": "on"},
    ],
)
def test_a_bad_note_changes_nothing(world, clients, data):
    before = Note.objects.count(), log_count(action="note_add")
    response = clients["referent_worker"].post(url("note_add", world), data)
    assert response.status_code == 200
    assert "error-summary" in text(response)
    assert (Note.objects.count(), log_count(action="note_add")) == before


def test_a_partner_adds_shared_notes_only(world, clients):
    consent(world, scope=["identity", "shared_notes"])
    partner = clients["partner_worker"]
    response = partner.post(url("note_add", world), {"text": "Vu à l'abri", "visibility": "shared"})
    assert response.status_code == 302
    added = Note.objects.get()
    assert (added.text, added.organisation) == ("Vu à l'abri", world.partner)
    response = partner.post(
        url("note_add", world), {"text": "Interne", "visibility": "organisation"}
    )
    assert response.status_code == 404
    assert Note.objects.count() == 1


@pytest.mark.parametrize("persona", NOT_REFERENT)
def test_writes_to_a_forbidden_file_answer_404_and_change_nothing(world, clients, persona):
    before = Note.objects.count(), Contact.objects.count(), Goal.objects.count()
    logged = AccessLogEntry.objects.count()
    client = clients[persona]
    for name, data in (
        ("note_add", {"text": "x", "visibility": "shared"}),
        ("contact_add", {"happened_on": "2025-01-01", "kind": "meeting"}),
        ("goal_add", {"title": "x", "status": "planned"}),
        ("identity", {"called_name": "Autre"}),
        ("note_add", {"text": "", "visibility": "shared"}),  # invalid too: still 404
    ):
        assert client.post(url(name, world), data).status_code == 404, name
    assert (Note.objects.count(), Contact.objects.count(), Goal.objects.count()) == before
    assert AccessLogEntry.objects.count() == logged
    world.person.refresh_from_db()
    assert world.person.called_name == "Jojo"


def test_contacts_timeline(world, clients):
    client = clients["referent_worker"]
    response = client.post(
        url("contact_add", world),
        {"happened_on": "2025-02-03", "kind": "street", "summary": "Rencontré gare"},
    )
    assert response.status_code == 302
    page = text(client.get(url("file", world)))
    assert "3 février 2025" in page and "rencontre en rue" in page and "Rencontré gare" in page
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(url("contact_add", world), {"happened_on": future, "kind": "street"})
    assert response.status_code == 200 and "dans le futur" in text(response)
    assert Contact.objects.count() == 1


def test_life_project_goals_are_added_and_edited(world, clients):
    client = clients["referent_worker"]
    response = client.post(
        url("goal_add", world),
        {
            "title": "Retrouver un logement",
            "steps": "Demande CPAS\n\nVisite",
            "who_helps": "Abri de nuit",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.steps == ["Demande CPAS", "Visite"]
    page = text(client.get(url("goal_edit", world, goal.pk)))
    assert "Retrouver un logement" in page and "Demande CPAS\nVisite" in page
    response = client.post(
        url("goal_edit", world, goal.pk),
        {"title": "Retrouver un logement", "steps": "", "status": "reached"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.steps) == ("reached", [])
    response = client.post(url("goal_edit", world, goal.pk), {"title": " ", "status": "x"})
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.title == "Retrouver un logement"
    assert client.get(url("goal_edit", world, UNKNOWN)).status_code == 404
    assert log_count(action="goal_change") == 2


def test_a_partner_with_the_life_project_edits_goals_but_not_the_identity(world, clients):
    goal = services.goal_save(
        user=fresh(world.referent_worker),
        person_id=world.person.pk,
        title="Soigner ses dents",
        status="planned",
    )
    consent(world, scope=["life_project"])
    partner = clients["partner_worker"]
    assert partner.get(url("goal_edit", world, goal.pk)).status_code == 200
    partner.post(
        url("goal_edit", world, goal.pk), {"title": "Soigner ses dents", "status": "in_progress"}
    )
    goal.refresh_from_db()
    assert goal.status == "in_progress"
    assert partner.get(url("identity", world)).status_code == 404


def test_the_referent_corrects_the_identity(world, clients):
    client = clients["referent_worker"]
    page = text(client.get(url("identity", world)))
    assert 'value="Jojo"' in page and 'value="1980"' in page
    response = client.post(url("identity", world), {"called_name": "Jo", "birth_year": "1981"})
    assert response.status_code == 302
    world.person.refresh_from_db()
    assert (world.person.called_name, world.person.birth_year) == ("Jo", 1981)
    response = client.post(url("identity", world), {"called_name": "", "birth_year": "1982"})
    assert response.status_code == 200
    world.person.refresh_from_db()
    assert world.person.birth_year == 1981
    assert log_count(action="change") == 1


# --- Consents and their slips ------------------------------------------------------------------


def test_the_referent_records_a_consent_for_named_organisations(world, clients):
    client = clients["referent_worker"]
    page = text(client.get(url("consent_new", world)))
    assert "Abri de nuit" in page and "Ancien signataire" in page
    assert "CPAS de test" not in page.split('name="organisations"')[-1].split("</fieldset>")[0]
    default = Consent.default_expiry().astimezone(timezone.get_current_timezone()).date()
    assert f'value="{default.isoformat()}"' in page  # 12 months by default
    response = client.post(
        url("consent_new", world),
        {
            "organisations": [world.partner.pk],
            "scope": ["identity", "life_project"],
            "purpose": "Suivi logement",
            "method": "signed_slip",
            "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        },
    )
    c = Consent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("consent_slip", world, c.pk)
    assert list(c.organisations.all()) == [world.partner]
    assert c.scope == ["identity", "life_project"] and not c.all_signatories
    assert log_count(action="consent_grant", consent_id=c.pk) == 1
    assert clients["partner_worker"].get(url("file", world)).status_code == 200


def test_a_consent_for_all_current_signatories(world, clients):
    clients["referent_worker"].post(
        url("consent_new", world),
        {
            "all_signatories": "on",
            "scope": ["identity"],
            "purpose": "Orientation",
            "method": "oral",
            "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert Consent.objects.get().all_signatories
    assert clients["partner_worker"].get(url("file", world)).status_code == 200
    assert clients["outsider_worker"].get(url("file", world)).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"organisations": []},
        {"scope": []},
        {"purpose": "  "},
        {"method": "telepathy"},
        {"expires_on": "2001-01-01"},
        {"expires_on": (timezone.localdate() + timedelta(days=400)).isoformat()},
        {"organisations": ["999999"]},
    ],
)
def test_a_bad_consent_changes_nothing(world, clients, change):
    data = {
        "organisations": [world.partner.pk],
        "scope": ["identity"],
        "purpose": "Orientation",
        "method": "oral",
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    data.update(change)
    logged = log_count(action="consent_grant")
    response = clients["referent_worker"].post(url("consent_new", world), data)
    assert response.status_code == 200 and "error-summary" in text(response)
    assert not Consent.objects.exists()
    assert log_count(action="consent_grant") == logged


def test_the_foreign_organisation_cannot_be_named(world, clients):
    page = text(clients["referent_worker"].get(url("consent_new", world)))
    assert "Service lointain" not in page


def test_consent_states_and_revocation(world, clients, time_machine):
    expired = consent(world, expires_at=timezone.now() + timedelta(days=1))
    revoked = consent(world, organisations=[world.outsider])
    services.consent_revoke(consent_id=revoked.pk, person=world.person)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    valid = consent(world)
    clients = {name: client_for(getattr(world, name)) for name in PERSONAS}  # new sessions
    client = clients["referent_worker"]
    page = text(client.get(url("file", world)))
    assert "valable" in page and "expiré" in page and "retiré le" in page
    assert url("consent_revoke", world, valid.pk) in page
    assert url("consent_revoke", world, expired.pk) not in page
    assert clients["partner_worker"].get(url("file", world)).status_code == 200
    response = client.post(url("consent_revoke", world, valid.pk))
    assert response.status_code == 302 and response["Location"].endswith("#consentements")
    valid.refresh_from_db()
    assert valid.revoked_at is not None and valid.revoked_by == world.referent_worker
    assert clients["partner_worker"].get(url("file", world)).status_code == 404
    assert log_count(action="consent_revoke", consent_id=valid.pk) == 1


def test_only_the_referent_revokes(world, clients):
    c = consent(world)
    assert clients["partner_worker"].post(url("consent_revoke", world, c.pk)).status_code == 404
    assert clients["referent_worker"].get(url("consent_revoke", world, c.pk)).status_code == 405
    c.refresh_from_db()
    assert c.revoked_at is None


SLIP_WORDS = {
    "fr": (
        "Accord pour partager des informations",
        "Comment retirer mon accord",
        "12 janvier 2026",
    ),
    "nl": (
        "Toestemming om informatie te delen",
        "Hoe ik mijn toestemming intrek",
        "12 januari 2026",
    ),
    "de": (
        "Einverständnis zur Weitergabe",
        "Wie ich mein Einverständnis zurückziehe",
        "12. Januar 2026",
    ),
    "en": ("Agreement to share information", "How to withdraw my agreement", "12 January 2026"),
}
SIGNATORIES = {
    "fr": "Toutes les organisations signataires de la charte du réseau",
    "nl": "Alle organisaties die het charter van het netwerk",
    "de": "Alle Organisationen, die die Charta des Netzwerks",
    "en": "All the organisations that signed the charter of the network",
}


@pytest.fixture
def january_consent(world, time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0)))
    return consent(
        world,
        organisations=[world.partner],
        all_signatories=True,
        scope=["identity", "life_project"],
        purpose="Trouver un hébergement pour l'hiver",
        expires_at=timezone.make_aware(timezone.datetime(2027, 1, 12, 10, 0)),
    )


@pytest.mark.parametrize("lang", sorted(SLIP_LANGUAGES))
def test_the_consent_slip_in_four_languages(world, clients, january_consent, lang):
    response = clients["referent_worker"].get(
        url("consent_slip", world, january_consent.pk) + f"?lang={lang}"
    )
    page = text(response)
    title, withdraw, day = SLIP_WORDS[lang]
    assert response.status_code == 200
    assert f'<article class="slip" lang="{lang}">' in page
    for expected in (title, withdraw, day, SIGNATORIES[lang], "Abri de nuit"):
        assert expected in page, expected
    assert "Trouver un hébergement pour l'hiver" in page
    assert "http://testserver/mon-dossier/" in page
    assert "CPAS de test" in page  # the referent organisation, where to withdraw
    # The PDF says the same, in the same language.
    response = clients["referent_worker"].get(
        url("consent_slip_pdf", world, january_consent.pk) + f"?lang={lang}"
    )
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(response.content)).pages)
    pdf = re.sub(r"\s+", " ", pdf)
    for expected in (title, withdraw, day, "Abri de nuit", "hiver"):
        assert expected in pdf, expected


def test_the_slip_falls_back_to_french_and_names_what_is_not_shared(
    world, clients, january_consent
):
    page = text(
        clients["referent_worker"].get(url("consent_slip", world, january_consent.pk) + "?lang=xx")
    )
    assert 'lang="fr"' in page
    assert "mon projet de vie" in page and "mon identité" in page
    assert "notes marquées « partagées »" not in page  # not in this consent's scope


def test_slips_are_for_the_referent_organisation_only(world, clients):
    c = consent(world)
    other = services.person_create(
        user=fresh(world.referent_worker), organisation=world.referent, called_name="Autre"
    )
    assert clients["partner_worker"].get(url("consent_slip", world, c.pk)).status_code == 404
    wrong_file = reverse("persons:consent_slip", args=[other.pk, c.pk])
    assert clients["referent_worker"].get(wrong_file).status_code == 404
    unknown = url("consent_slip", world, UNKNOWN)
    assert clients["referent_worker"].get(unknown).status_code == 404


# --- Access log, export, access code, erasure ---------------------------------------------------


def test_the_access_log_shows_who_looked(world, clients):
    consent(world)
    clients["partner_worker"].get(url("file", world))
    page = text(clients["referent_worker"].get(url("access_log", world)))
    assert "worker.partner" in page and "Abri de nuit" in page
    assert "consultation" in page and "consentement" in page
    assert "création du dossier" in page


@pytest.mark.parametrize("name", ["access_log", "export_json", "export_pdf", "access_code"])
def test_referent_only_pages_answer_404_to_a_consented_partner(world, clients, name):
    consent(world, scope=["identity", "life_project", "shared_notes"])
    before = AccessLogEntry.objects.count()
    assert_not_found_like_unknown(
        clients["partner_worker"],
        lambda pid: reverse(f"persons:{name}", args=[pid or world.person.pk]),
    )
    assert AccessLogEntry.objects.count() == before


def test_export_json_holds_the_whole_file_and_is_logged(world, clients):
    note(world, "Note interne", Note.Visibility.ORGANISATION)
    c = consent(world)
    assert clients["referent_worker"].get(url("export_json", world)).status_code == 404
    response = clients["referent_admin"].get(url("export_json", world))
    assert (
        response["Content-Disposition"] == f'attachment; filename="dossier-{world.person.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["identity"]["called_name"] == "Jojo"
    assert [n["text"] for n in data["notes"]] == ["Note interne"]
    assert data["consents"][0]["id"] == str(c.pk) and data["consents"][0]["state"] == "valid"
    assert {e["action"] for e in data["access_log"]} >= {"create", "note_add", "consent_grant"}
    assert log_count(action="export", person_id=world.person.pk) == 1


def test_export_pdf(world, clients):
    note(world, "Dort au parc Louise-Marie", Note.Visibility.SHARED)
    response = clients["referent_admin"].get(url("export_pdf", world))
    assert response["Content-Type"] == "application/pdf"
    assert "Jojo" not in response["Content-Disposition"]
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jojo" in pdf and "Louise-Marie" in pdf
    assert log_count(action="export") == 1


def test_the_access_code_is_shown_once_with_a_qr_code(world, clients):
    client = clients["referent_worker"]
    page = text(client.get(url("access_code", world)))
    assert "n'est montré qu'une fois" in page
    response = client.post(url("access_code", world))
    page = text(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    world.person.refresh_from_db()
    codes = re.findall(r'<dd class="code">([A-Z0-9]+)</dd>', page)
    assert codes[0] == world.person.file_code
    assert services.person_authenticate(file_code=codes[0], access_code=codes[1]) == world.person
    assert 'src="data:image/svg+xml;base64,' in page
    assert "http://testserver/mon-dossier/" in page
    assert "Jojo" not in page.split('class="slip"')[1]  # the paper carries no name
    assert log_count(action="access_code") == 1
    assert "Imprimer un nouveau code" in text(client.get(url("file", world)))


def test_erasure_is_for_admins_of_the_referent_organisation(world, clients):
    note(world, "Note à effacer", Note.Visibility.SHARED)
    worker = clients["referent_worker"]
    assert worker.get(url("erase", world)).status_code == 404
    assert worker.post(url("erase", world), {"confirm": "on"}).status_code == 404
    assert "Seuls les administrateurs" in text(worker.get(url("file", world)))
    admin = clients["referent_admin"]
    assert url("erase", world) in text(admin.get(url("file", world)))
    response = admin.post(url("erase", world), {})
    assert response.status_code == 200 and "Cochez la case" in text(response)
    world.person.refresh_from_db()
    assert world.person.anonymised_at is None
    response = admin.post(url("erase", world), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == url("search")
    world.person.refresh_from_db()
    assert world.person.anonymised_at is not None and world.person.called_name != "Jojo"
    assert not Note.objects.exists()
    assert log_count(action="erase") == 1
    assert admin.get(url("file", world)).status_code == 404


# --- Break-glass -------------------------------------------------------------------------------


def test_break_glass_opens_the_shared_part_and_tells_the_referent_and_the_dpo(
    world, clients, mailoutbox, django_capture_on_commit_callbacks
):
    note(world, "Note partagée", Note.Visibility.SHARED)
    note(world, "Note interne", Note.Visibility.ORGANISATION)
    partner = clients["partner_worker"]
    page = text(partner.get(url("break_glass", world)))
    assert "Jojo" not in page  # nothing of the file before the declaration
    assert "L'organisation référente et la personne déléguée à la protection des données" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(url("break_glass", world), {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == url("file", world)
    glass = BreakGlass.objects.get()
    assert (glass.user, glass.organisation, glass.reason) == (
        world.partner_worker,
        world.partner,
        REASON,
    )
    recipients = set(mailoutbox[0].to)
    assert {"dpo@example.org", world.referent_admin.email} <= recipients
    page = text(partner.get(url("file", world)))
    assert "Accès d'urgence" in page and "Note partagée" in page and "Note interne" not in page
    assert log_count(action="read", basis="break_glass", break_glass_id=glass.pk) == 1


def test_a_short_reason_opens_nothing(world, clients):
    response = clients["partner_worker"].post(url("break_glass", world), {"reason": "urgence !"})
    assert response.status_code == 200 and "20 caractères au moins" in text(response)
    assert not BreakGlass.objects.exists()
    assert clients["partner_worker"].get(url("file", world)).status_code == 404


@pytest.mark.parametrize("persona", ["foreign_worker", "volunteer", "coordinator", "dpo"])
def test_break_glass_is_for_workers_of_the_network_only(world, clients, persona):
    client = clients[persona]
    assert_not_found_like_unknown(
        client, lambda pid: reverse("persons:break_glass", args=[pid or world.person.pk])
    )
    assert client.post(url("break_glass", world), {"reason": REASON}).status_code == 404
    assert not BreakGlass.objects.exists()


def test_break_glass_of_an_unknown_file_is_a_404(world, clients):
    path = reverse("persons:break_glass", args=[UNKNOWN])
    assert clients["partner_worker"].get(path).status_code == 404
    assert clients["partner_worker"].post(path, {"reason": REASON}).status_code == 404


def test_break_glass_lookup_by_file_id(world, clients):
    partner = clients["partner_worker"]
    response = partner.get(url("break_glass_lookup") + f"?dossier={world.person.pk}")
    assert response.status_code == 302 and response["Location"] == url("break_glass", world)
    response = partner.get(url("break_glass_lookup") + "?dossier=Jojo")
    assert response.status_code == 200 and "pas la bonne forme" in text(response)


def test_a_second_organisation_worker_can_be_a_member_elsewhere(world, clients):
    """A worker whose organisation joined the network later may declare a break-glass too."""
    late = OrganisationFactory(slug="tardif", name="Service tardif")
    MembershipFactory(network=world.network, organisation=late)
    worker = UserFactory(username="worker.tardif", with_totp=True)
    organisation_role(worker, late)
    client = client_for(worker)
    assert client.get(url("break_glass", world)).status_code == 200
    assert client.get(url("file", world)).status_code == 404
