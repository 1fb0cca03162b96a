"""Freshness of the directory: a sheet not verified for six months shows "à vérifier", the
network's coordinators see a freshness board, and every week each organisation admin gets the
list of the sheets to check (`manage.py send_freshness_reminders`, or the task below).

The reads here are scoped like selectors (to a network, an organisation or an admin); the
e-mails are sent one per admin, in French, after the reads.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count, Q, QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.models import OrganisationRole, User
from relais.network.models import Network, Organisation

from .models import Service

# "Not verified for 6 months": 183 days, so that the badge does not depend on month lengths.
STALE_AFTER = timedelta(days=183)


def stale_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - STALE_AFTER


def is_stale(service: Service, now: datetime | None = None) -> bool:
    """True when the sheet was never verified or not for six months."""
    return service.verified_at is None or service.verified_at < stale_before(now)


def _stale(now: datetime | None = None) -> Q:
    return Q(verified_at__isnull=True) | Q(verified_at__lt=stale_before(now))


def stale_services(
    *, network: Network | None = None, organisations=None, now: datetime | None = None
) -> QuerySet[Service]:
    """Sheets to check, by organisation then name, with who verified them last."""
    services = Service.objects.filter(_stale(now))
    if network is not None:
        services = services.filter(network=network)
    if organisations is not None:
        services = services.filter(organisation__in=organisations)
    return services.select_related("organisation", "network", "verified_by").order_by(
        "organisation__name", "name"
    )


def organisations_administered_by(user) -> QuerySet[Organisation]:
    """The organisations `user` is an admin of (none for anonymous visitors), by name."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        roles__user=user, roles__role=OrganisationRole.Role.ADMIN
    ).order_by("name")


@dataclass
class OrganisationFreshness:
    organisation: Organisation
    total: int = 0
    services: list[Service] = field(default_factory=list)

    @property
    def stale(self) -> int:
        return len(self.services)


@dataclass
class FreshnessBoard:
    network: Network
    total: int
    stale: int
    organisations: list[OrganisationFreshness]


def freshness_board(*, network: Network, now: datetime | None = None) -> FreshnessBoard:
    """The coordinator's board: per organisation of the network, its number of sheets and the
    ones not verified for six months (three queries, whatever the size)."""
    counts = (
        Service.objects.filter(network=network)
        .values("organisation_id")
        .annotate(total=Count("id"), stale=Count("id", filter=_stale(now)))
    )
    totals = {row["organisation_id"]: row for row in counts}
    rows: dict[int, OrganisationFreshness] = {}
    for service in stale_services(network=network, now=now):
        row = rows.get(service.organisation_id)
        if row is None:
            row = rows[service.organisation_id] = OrganisationFreshness(
                organisation=service.organisation,
                total=totals.get(service.organisation_id, {}).get("total", 0),
            )
        row.services.append(service)
    organisations = sorted(rows.values(), key=lambda r: (-r.stale, r.organisation.name.casefold()))
    return FreshnessBoard(
        network=network,
        total=sum(row["total"] for row in totals.values()),
        stale=sum(row["stale"] for row in totals.values()),
        organisations=organisations,
    )


@dataclass
class Reminder:
    """One e-mail: an organisation admin and, per organisation they administer, the sheets to
    check."""

    user: User
    organisations: list[OrganisationFreshness]

    @property
    def count(self) -> int:
        return sum(row.stale for row in self.organisations)


def freshness_reminders(*, now: datetime | None = None) -> list[Reminder]:
    """Who gets a reminder this week: every active admin with an e-mail address of an
    organisation that has sheets to check (two queries)."""
    by_organisation: dict[int, OrganisationFreshness] = {}
    for service in stale_services(now=now):
        row = by_organisation.setdefault(
            service.organisation_id, OrganisationFreshness(organisation=service.organisation)
        )
        row.services.append(service)
    if not by_organisation:
        return []
    roles = (
        OrganisationRole.objects.filter(
            role=OrganisationRole.Role.ADMIN,
            organisation_id__in=by_organisation,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "organisation__name")
    )
    reminders: dict[int, Reminder] = {}
    for role in roles:
        reminder = reminders.setdefault(role.user_id, Reminder(user=role.user, organisations=[]))
        reminder.organisations.append(by_organisation[role.organisation_id])
    return list(reminders.values())


def send_freshness_reminders(*, now: datetime | None = None, base_url: str = "") -> int:
    """E-mail each organisation admin the list of their sheets to check; returns how many
    e-mails were sent. `base_url` (e.g. https://relais.example.org) makes the links absolute."""
    base_url = base_url or settings.RELAIS_BASE_URL
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in freshness_reminders(now=now):
            context = {
                "user": reminder.user,
                "reminder": reminder,
                "manage_url": base_url + reverse("directory:manage"),
                "base_url": base_url,
            }
            subject = (
                _("Annuaire : %(count)s fiche à vérifier")
                if reminder.count == 1
                else _("Annuaire : %(count)s fiches à vérifier")
            ) % {"count": reminder.count}
            body = render_to_string("directory/email/freshness_reminder.txt", context)
            send_mail(subject, body, None, [reminder.user.email])
            sent += 1
    return sent


@task
def send_freshness_reminders_task() -> int:
    """The weekly reminder as a Django task (enqueue it from a scheduler, or run the
    `send_freshness_reminders` management command from cron)."""
    return send_freshness_reminders()
