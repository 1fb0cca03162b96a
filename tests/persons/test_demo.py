"""Demo person files (relais/persons/demo.py), loaded by `manage.py load_demo`."""

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from relais.accounts.models import User
from relais.network.demo.loader import Tally
from relais.network.models import Network
from relais.persons import access, demo, retention, selectors, services
from relais.persons.models import BreakGlass, Consent, Note, Person

pytestmark = pytest.mark.django_db

CODES = {
    "DEMONAM1": "cpas-namur",
    "DEMONAM2": "restos-namur",
    "DEMOLUX1": "cpas-arlon",
    "DEMOBW1": "cpas-wavre",
    "DEMOMONS1": "cpas-mons",
    "DEMOMANS1": "ccas-le-mans",
}


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_data(demo_db):
    """The demo data and what its first run printed, loaded once for all the demo tests that
    run one after another (`demo_db` in tests/conftest.py); each test runs in its own
    savepoint, so what a test changes is undone after it."""
    return demo_db


def as_user(username):
    return User.objects.get(username=username)


def sees(username, person):
    try:
        return access.access_for(as_user(username), person.pk)
    except access.PersonNotFound:
        return None


def test_invented_persons_in_every_network(demo_data):
    counts = Counter(Person.objects.values_list("network__slug", flat=True))

    assert counts == {
        "namur": 30,
        "luxembourg": 30,
        "brabant-wallon": 30,
        "mons-borinage": 30,
        "le-mans": 15,
    }
    assert "Person: 135 created, 0 updated" in demo_data
    assert set(Person.objects.values_list("called_name", flat=True)) <= set(demo.PSEUDONYMS)
    referents = set(Person.objects.values_list("referent_organisation__slug", flat=True))
    assert {
        "cpas-namur",
        "restos-namur",
        "croix-rouge-namur",
        "cpas-arlon",
        "cpas-wavre",
        "cpas-mons",
        "ccas-le-mans",
        "abri-arlon",
        "restos-sarthe",
    } <= referents


def test_each_file_has_a_life_project_notes_and_contacts(demo_data):
    persons = Person.objects.all()
    for person in persons:
        assert person.goals.exists() and person.contacts.exists()
        assert {n.visibility for n in person.notes.all()} == {"organisation", "shared"}
    third = Note.objects.filter(about_third_party=True).select_related("person__network")
    assert sorted(n.person.network.slug for n in third) == sorted(
        ["namur", "luxembourg", "brabant-wallon", "mons-borinage", "le-mans"]
    )
    assert all(n.third_party_reason for n in third)


def test_consents_in_every_state_in_every_network(demo_data):
    now = timezone.now()
    states = {slug: set() for slug in Network.objects.values_list("slug", flat=True)}
    for consent in Consent.objects.select_related("person__network").prefetch_related(
        "organisations"
    ):
        if consent.revoked_at:
            state = "revoked by the person" if consent.revoked_by_person else "revoked"
        elif consent.expires_at <= now:
            state = "expired"
        elif consent.all_signatories:
            state = "valid, all signatories"
        else:
            assert consent.organisations.all()
            state = "valid, named"
        states[consent.person.network.slug].add(state)

    for slug, seen in states.items():
        assert {"valid, named", "valid, all signatories", "expired"} <= seen, slug
        assert seen & {"revoked", "revoked by the person"}, slug
    assert {"revoked", "revoked by the person"} <= set().union(*states.values())


def test_break_glasses_to_review_for_the_dpo_of_namur(demo_data):
    namur = Network.objects.get(slug="namur")

    pending = list(selectors.break_glasses_to_review(network=namur))

    assert len(pending) == 3
    assert {g.organisation.slug for g in pending} == {"restos-namur", "croix-rouge-namur"}
    assert all(g.person.referent_organisation.slug == "cpas-namur" for g in pending)
    assert BreakGlass.objects.filter(review="justified").count() == 1
    open_glass = BreakGlass.objects.get(expires_at__gt=timezone.now())
    assert open_glass.user.username == "worker.restos-namur"
    assert sees("worker.restos-namur", open_glass.person).basis == "break_glass"
    with pytest.raises(access.PersonNotFound):
        services.break_glass_review(
            user=as_user("coord.namur"), glass_id=pending[0].pk, justified=True
        )
    services.break_glass_review(user=as_user("dpo.namur"), glass_id=pending[0].pk, justified=True)


def test_the_readme_codes_open_mon_dossier(demo_data, client):
    for file_code, referent in CODES.items():
        person = services.person_authenticate(
            file_code=file_code, access_code=demo.DEMO_ACCESS_CODE
        )
        assert person is not None, file_code
        assert person.referent_organisation.slug == referent

    client.post("/mon-dossier/", {"file_code": "DEMONAM2", "access_code": "mon-dossier"})
    html = client.get("/mon-dossier/dossier/").content.decode()
    assert "Dédé" in html
    assert demo.THIRD_PARTY_NOTE[0] not in html  # withheld from the person
    log = client.get("/mon-dossier/qui-a-consulte/").content.decode()
    assert "CPAS de Namur" in log  # named by the consent, it read the file


def test_the_readme_lists_the_codes_and_who_sees_what(demo_data):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()

    for file_code in CODES:
        assert file_code in readme
    assert demo.DEMO_ACCESS_CODE in readme


def test_who_sees_which_file(demo_data):
    jojo = Person.objects.get(file_code="DEMONAM1")
    dede = Person.objects.get(file_code="DEMONAM2")

    assert sees("worker.cpas-namur", jojo).parts == access.WHOLE_FILE
    assert sees("worker.restos-namur", jojo).basis == "consent"
    assert sees("worker.croix-rouge-namur", jojo).basis == "consent"
    assert sees("worker.cpas-namur", dede).basis == "consent"
    assert sees("worker.croix-rouge-namur", dede) is None
    for nobody in ("volunteer.restos-namur", "coord.namur", "dpo.namur", "worker.cpas-arlon"):
        assert sees(nobody, jojo) is None, nobody
    restos = as_user("worker.restos-namur")
    visible = access.persons_visible_to(restos)
    assert visible.filter(referent_organisation__slug="restos-namur").count() == 5
    assert visible.exclude(referent_organisation__slug="restos-namur").count() == 12


def test_files_near_the_retention_period(demo_data):
    reports = {r.network: r for r in retention.run()}

    for slug in ("namur", "luxembourg", "brabant-wallon", "mons-borinage", "le-mans"):
        assert reports[slug].warned == 2, slug
        assert reports[slug].anonymised == 0, slug


def test_a_second_run_creates_and_changes_nothing(demo_data, django_assert_num_queries):
    tally = Tally()
    with django_assert_num_queries(2):  # the files, then all their rows' ids in one query
        demo.load_persons(tally)
    assert tally.lines() == []

    assert "0 rows created, 0 updated" in load()


def test_a_changed_identity_is_put_back_and_an_erased_file_left_alone(demo_data):
    jojo = Person.objects.get(file_code="DEMONAM1")
    Person.objects.filter(pk=jojo.pk).update(called_name="Changé", phone="")
    erased = Person.objects.filter(referent_organisation__slug="cpas-namur").exclude(pk=jojo.pk)[0]
    services.person_anonymise(user=as_user("admin.cpas-namur"), person_id=erased.pk)

    output = load()

    assert "Person: 0 created, 1 updated" in output
    jojo.refresh_from_db()
    assert jojo.called_name == "Jojo"
    erased.refresh_from_db()
    assert erased.anonymised_at is not None and erased.called_name != "Jojo"
    assert not erased.notes.exists()  # nothing recreated in the erased file
    assert "Note:" not in output
