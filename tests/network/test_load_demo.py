"""`manage.py load_demo`: five networks, their territories, charters, members and demo accounts."""

from datetime import date
from io import StringIO

import phonenumbers
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from relais.accounts.models import NetworkRole, OrganisationRole, User
from relais.network import selectors, validators
from relais.network.demo.accounts import ACCOUNTS
from relais.network.models import Membership, Network, Organisation, Signature

pytestmark = pytest.mark.django_db

SLUGS = ["brabant-wallon", "le-mans", "luxembourg", "mons-borinage", "namur"]


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def demo(demo_db):
    """The demo data and what its first run printed, loaded once for all the demo tests that
    run one after another (`demo_db` in tests/conftest.py); each test runs in its own
    savepoint, so what a test changes is undone after it."""
    return demo_db


def test_the_first_run_reports_what_it_created(demo):
    assert "rows created, 0 updated" in demo
    assert "Organisation: 104 created, 0 updated" in demo
    assert "0 rows created" not in demo


def test_a_second_run_creates_and_changes_nothing(demo, django_assert_max_num_queries):
    counts = row_counts()
    stamps = {
        model: sorted(model.objects.values_list("updated_at", flat=True))
        for model in (Network, Organisation, Membership, Signature)
    }

    with django_assert_max_num_queries(40):  # a few queries per network, none per row
        second = load()

    assert "0 rows created, 0 updated" in second
    assert row_counts() == counts
    for model, values in stamps.items():
        assert sorted(model.objects.values_list("updated_at", flat=True)) == values


def test_a_changed_row_is_put_back(demo):
    Organisation.objects.filter(slug="cpas-namur").update(name="CPAS", phone="")

    output = load()

    assert "Organisation: 0 created, 1 updated" in output
    assert Organisation.objects.get(slug="cpas-namur").name == "CPAS de Namur"


def test_the_five_networks_and_their_territories(demo):
    networks = Network.objects.in_bulk(field_name="slug")

    assert sorted(networks) == SLUGS
    assert networks["luxembourg"].ga_member_label == "membre associé"
    assert networks["brabant-wallon"].ga_member_label == "membre effectif"
    assert networks["namur"].axes == [
        "urgence_sociale",
        "accueil_de_jour",
        "accueil_de_nuit",
        "travail_de_rue",
    ]
    assert {"aide_alimentaire", "logement"} <= set(networks["mons-borinage"].axes)
    assert len(networks["mons-borinage"].axes) == 6
    assert networks["le-mans"].country == "FR"
    assert networks["le-mans"].time_zone == "Europe/Paris"
    for slug in SLUGS:
        network = networks[slug]
        assert network.coordinator_email.endswith("@example.org")
        assert network.description
        if network.country == "BE":
            assert network.time_zone == "Europe/Brussels"

    def codes(slug):
        return set(networks[slug].municipalities.values_list("code", flat=True))

    assert {code[:2] for code in codes("namur")} == {"92"}
    assert "92094" in codes("namur")  # Namur
    assert {code[:2] for code in codes("mons-borinage")} == {"53"}
    assert "81001" in codes("luxembourg")  # Arlon
    assert "25112" in codes("brabant-wallon")  # Wavre
    le_mans = set(networks["le-mans"].municipalities.values_list("name", "postcode", "code"))
    assert {("Le Mans", "72000", "72181"), ("Le Mans", "72100", "72181")} <= le_mans
    assert ("Allonnes", "72700", "72003") in le_mans


def test_namur_has_its_31_signatories_and_the_others_at_least_twelve(demo):
    for network in Network.objects.all():
        active = selectors.organisations_for_network(network=network)
        if network.slug == "namur":
            assert active.count() == 31
            assert {"cpas-namur", "restos-namur", "croix-rouge-namur"} <= {o.slug for o in active}
        else:
            assert active.count() >= 12
    assert (
        Organisation.objects.filter(slug__in=["cpas-arlon", "cpas-wavre", "cpas-mons"]).count() == 3
    )
    assert Organisation.objects.get(slug="ccas-le-mans").country == "FR"


def test_every_member_signed_the_charter_in_force(demo):
    for network in Network.objects.all():
        charter = selectors.charter_current(network=network)
        assert charter is not None and charter.commitment_sections()
        members = network.memberships.filter(status=Membership.Status.ACTIVE)
        for membership in members.select_related("organisation"):
            signature = selectors.signature_valid_for(
                network=network, organisation=membership.organisation
            )
            assert signature is not None, membership
            assert signature.signed_on <= membership.started_on
            assert signature.accepted_sections == [i for i, _s in charter.commitment_sections()]
            if membership.kind == Membership.Kind.GA_MEMBER:
                assert membership.ga_approved_on >= membership.started_on
        assert members.filter(kind=Membership.Kind.GA_MEMBER).exists()
    assert selectors.charter_current(
        network=Network.objects.get(slug="brabant-wallon")
    ).approved_on == date(2021, 10, 18)


def test_each_coordinator_has_pending_applications(demo):
    for network in Network.objects.all():
        pending = selectors.applications_pending(network=network)
        assert pending.count() == 2
        applicants = network.memberships.filter(status=Membership.Status.APPLICANT)
        assert {m.organisation_id for m in applicants} == {s.organisation_id for s in pending}
    assert Membership.objects.exclude(status__in=["active", "applicant"]).count() == 0


def test_organisation_data_is_valid(demo):
    for organisation in Organisation.objects.prefetch_related("memberships__network"):
        network = organisation.memberships.get().network
        organisation.full_clean()
        assert organisation.email.endswith("@example.org")
        number = phonenumbers.parse(organisation.phone, organisation.country)
        assert phonenumbers.is_valid_number(number), organisation.phone
        if organisation.enterprise_number:
            assert organisation.enterprise_number == validators.normalise_enterprise_number(
                organisation.enterprise_number, organisation.country
            )
        assert network.municipalities.filter(
            name=organisation.municipality, postcode=organisation.postcode
        ).exists(), (organisation.slug, organisation.municipality, organisation.postcode)
        if organisation.country == "BE":
            assert 49.4 < organisation.latitude < 51.6 and 2.5 < organisation.longitude < 6.5
        else:
            assert 47.8 < organisation.latitude < 48.2 and 0.0 < organisation.longitude < 0.4
    assert Organisation.objects.exclude(enterprise_number="").count() >= 20


def test_demo_accounts_can_log_in_with_the_shared_second_factor(demo):
    assert User.objects.filter(is_demo=True).count() == len(ACCOUNTS) == 16
    for username, _display, scope, slug, role in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.email == f"{username}@example.org"
        assert user.display_name
        assert user.check_password(settings.DEMO_PASSWORD)
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert decrypt(totp.data["secret"]) == settings.DEMO_TOTP_SECRET
        if scope == "network":
            assert NetworkRole.objects.filter(user=user, network__slug=slug, role=role).exists()
        else:
            assert OrganisationRole.objects.filter(
                user=user, organisation__slug=slug, role=role
            ).exists()
    coordinators = NetworkRole.objects.filter(role=NetworkRole.Role.COORDINATOR)
    assert sorted(coordinators.values_list("network__slug", flat=True)) == SLUGS
    volunteer = OrganisationRole.objects.get(user__username="volunteer.restos-namur")
    assert volunteer.role == OrganisationRole.Role.VOLUNTEER
    assert not volunteer.may_open_person_files
