"""Freshness: "à vérifier" after six months, the weekly reminder to organisation admins (the
management command and the Django task), the coordinator's board."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from relais.accounts.models import OrganisationRole
from relais.directory import tasks
from relais.directory.models import Service
from tests.directory.factories import ServiceFactory
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory, organisation_role

pytestmark = pytest.mark.django_db

ADMIN = OrganisationRole.Role.ADMIN


def service(name, organisation, *, days=None, network=None):
    """A service last verified `days` ago (None: never)."""
    created = ServiceFactory(
        name=name, organisation=organisation, network=network or NetworkFactory(slug="namur")
    )
    verified = timezone.now() - timedelta(days=days) if days is not None else None
    Service.objects.filter(pk=created.pk).update(verified_at=verified)
    created.refresh_from_db()
    return created


@pytest.fixture
def sauverdias():
    return OrganisationFactory(slug="sauverdias", name="Les Sauverdias")


@pytest.fixture
def restos():
    return OrganisationFactory(slug="restos", name="Restos du Cœur")


def admin_of(*organisations, email=None, **kwargs):
    user = UserFactory(**kwargs)
    if email is not None:
        user.email = email
        user.save()
    for organisation in organisations:
        organisation_role(user, organisation, ADMIN)
    return user


def test_six_months_is_the_limit(sauverdias):
    now = timezone.now()
    assert tasks.is_stale(service("Jamais", sauverdias))
    assert tasks.is_stale(service("Vieux", sauverdias, days=184))
    assert not tasks.is_stale(service("Récent", sauverdias, days=182))
    assert [s.name for s in tasks.stale_services(now=now)] == ["Jamais", "Vieux"]


def test_each_admin_gets_the_list_of_their_services_to_check(sauverdias, restos):
    service("Abri de nuit", sauverdias, days=200)
    service("Douches", sauverdias)
    service("Accueil de jour", sauverdias, days=10)
    service("Colis", restos, days=400)
    sophie = admin_of(sauverdias, username="sophie")
    chantal = admin_of(restos, username="chantal")
    admin_of(sauverdias, username="sans-mail", email="")
    admin_of(sauverdias, username="parti", is_active=False)
    worker = UserFactory(username="julien")
    organisation_role(worker, sauverdias, OrganisationRole.Role.WORKER)

    sent = tasks.send_freshness_reminders(base_url="https://relais.example.org")

    assert sent == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {sophie.email, chantal.email}
    to_sophie = by_recipient[sophie.email]
    assert to_sophie.subject == "Annuaire : 2 fiches à vérifier"
    assert "Les Sauverdias" in to_sophie.body
    assert "- Abri de nuit" in to_sophie.body and "- Douches" in to_sophie.body
    assert "jamais vérifiée" in to_sophie.body
    assert "Accueil de jour" not in to_sophie.body
    assert "Colis" not in to_sophie.body
    douches = Service.objects.get(name="Douches")
    assert f"https://relais.example.org/annuaire/gerer/{douches.pk}/" in to_sophie.body
    assert "https://relais.example.org/annuaire/gerer/" in to_sophie.body
    to_chantal = by_recipient[chantal.email]
    assert to_chantal.subject == "Annuaire : 1 fiche à vérifier"
    assert "Colis" in to_chantal.body and "Abri de nuit" not in to_chantal.body


def test_an_admin_of_two_organisations_gets_one_email(sauverdias, restos):
    service("Abri de nuit", sauverdias)
    service("Colis", restos)
    admin_of(sauverdias, restos)
    assert tasks.send_freshness_reminders() == 1
    body = mail.outbox[0].body
    assert body.index("Les Sauverdias") < body.index("Restos du Cœur")  # by name
    assert "Abri de nuit" in body and "Colis" in body


def test_nothing_to_check_sends_nothing(sauverdias):
    service("Récent", sauverdias, days=1)
    admin_of(sauverdias)
    assert tasks.send_freshness_reminders() == 0
    assert mail.outbox == []


def test_the_weekly_command_and_its_dry_run(sauverdias, capsys):
    service("Abri de nuit", sauverdias)
    admin = admin_of(sauverdias, username="sophie")
    call_command("send_freshness_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert f"{admin.email}: 1 Les Sauverdias" in out
    assert "1 e-mail(s) would be sent (dry run)." in out
    assert mail.outbox == []
    call_command("send_freshness_reminders", "--base-url", "https://relais.example.org/")
    assert "1 e-mail(s) sent." in capsys.readouterr().out
    assert len(mail.outbox) == 1
    assert "https://relais.example.org/annuaire/gerer/" in mail.outbox[0].body


def test_the_django_task(sauverdias):
    service("Abri de nuit", sauverdias)
    admin_of(sauverdias)
    result = tasks.send_freshness_reminders_task.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_reminders_cost_a_constant_number_of_queries(sauverdias, restos, django_assert_num_queries):
    for n in range(5):
        service(f"A{n}", sauverdias)
        service(f"B{n}", restos)
    admin_of(sauverdias)
    admin_of(restos)
    admin_of(sauverdias, restos)
    with django_assert_num_queries(2):
        reminders = tasks.freshness_reminders()
    assert sorted(reminder.count for reminder in reminders) == [5, 5, 10]


def test_the_board_counts_per_organisation(sauverdias, restos, django_assert_num_queries):
    namur = NetworkFactory(slug="namur")
    service("A1", sauverdias, network=namur)
    service("A2", sauverdias, days=300, network=namur)
    service("A3", sauverdias, days=3, network=namur)
    service("B1", restos, days=3, network=namur)
    service("Ailleurs", restos, network=NetworkFactory(slug="mons"))
    with django_assert_num_queries(2):
        board = tasks.freshness_board(network=namur)
    assert (board.total, board.stale) == (4, 2)
    assert [(row.organisation.name, row.stale, row.total) for row in board.organisations] == [
        ("Les Sauverdias", 2, 3)
    ]
