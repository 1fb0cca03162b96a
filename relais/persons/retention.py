"""Retention: nothing is kept longer than the network decided.

For each network:

- a file without activity (a note, a contact, a goal, a consent, a change of identity) for
  `network.person_retention_months` (24 by default) is anonymised: identity, notes and goals
  gone, pseudonymous statistics kept (`services.person_retention_anonymise`);
- the referent organisation's admins are warned by e-mail `WARNING_DAYS` (30) days before,
  once per period of inactivity (`Person.retention_warned_at`); a file is anonymised only
  `WARNING_DAYS` after its warning, so that nobody loses a file without notice, even when
  the job runs for the first time on old files or after the setting was shortened; any new
  activity clears the warning;
- access-log entries older than `network.audit_retention_months` (12 by default) are purged
  with `relais.audit.services.audit_purge_before`, the only deletion the PostgreSQL trigger
  lets through.

`run()` is a dry run unless `apply=True`: it counts what it would do. It works in batches
(`BATCH_SIZE` files per transaction; the log purge by windows of `PURGE_WINDOW_DAYS`).
The e-mails name no person: how many files, until when, and their ids.
"""

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Min, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.audit.models import AccessLogEntry
from relais.audit.services import audit_purge_before
from relais.network.models import Network, Organisation

from . import services
from .models import Person

WARNING_DAYS = 30
BATCH_SIZE = 200
PURGE_WINDOW_DAYS = 31


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the last day
    of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def inactive_before(network: Network, now: datetime) -> datetime:
    return months_before(now, network.person_retention_months)


def files_to_warn(network: Network, now: datetime) -> QuerySet[Person]:
    """Files that reach the retention period within WARNING_DAYS and whose referent
    organisation was not yet warned for this period of inactivity."""
    return Person.objects.filter(
        network=network,
        anonymised_at__isnull=True,
        last_activity_at__lt=inactive_before(network, now) + timedelta(days=WARNING_DAYS),
    ).filter(Q(retention_warned_at__isnull=True) | Q(retention_warned_at__lt=F("last_activity_at")))


def files_to_anonymise(network: Network, now: datetime) -> QuerySet[Person]:
    """Files without activity for the retention period, warned at least WARNING_DAYS ago
    (and after their last activity)."""
    return Person.objects.filter(
        network=network,
        anonymised_at__isnull=True,
        last_activity_at__lt=inactive_before(network, now),
        retention_warned_at__gte=F("last_activity_at"),
        retention_warned_at__lte=now - timedelta(days=WARNING_DAYS),
    )


def log_purge_before(network: Network, now: datetime) -> datetime:
    return months_before(now, network.audit_retention_months)


@dataclass
class NetworkReport:
    network: str
    warned: int = 0
    organisations_warned: int = 0
    anonymised: int = 0
    log_entries_purged: int = 0
    log_purge_before: datetime | None = None
    unwarned_organisations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "network": self.network,
            "warned": self.warned,
            "organisations_warned": self.organisations_warned,
            "anonymised": self.anonymised,
            "log_entries_purged": self.log_entries_purged,
            "log_purge_before": self.log_purge_before.isoformat()
            if self.log_purge_before
            else None,
            "unwarned_organisations": self.unwarned_organisations,
        }


def _batches(queryset: QuerySet[Person], batch_size: int):
    """Ids in batches, read once before anything changes."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        yield ids[start : start + batch_size]


def _file_url(person_id) -> str:
    try:
        path = reverse("persons:detail", args=[person_id])
    except NoReverseMatch:
        return str(person_id)
    return f"{settings.RELAIS_BASE_URL}{path}"


def _warn(network: Network, report: NetworkReport, now: datetime, batch_size: int) -> None:
    """One e-mail per referent organisation listing all its files to warn; the files are
    marked in batches, in the organisation's transaction, and the e-mail leaves on commit."""
    deadline = now + timedelta(days=WARNING_DAYS)
    by_organisation: dict[int, list] = {}
    for person_id, organisation_id in (
        files_to_warn(network, now).order_by("pk").values_list("pk", "referent_organisation_id")
    ):
        by_organisation.setdefault(organisation_id, []).append(person_id)
    organisations = Organisation.objects.in_bulk(list(by_organisation))
    for organisation_id, person_ids in sorted(by_organisation.items()):
        organisation = organisations[organisation_id]
        with transaction.atomic():
            for start in range(0, len(person_ids), batch_size):
                batch = person_ids[start : start + batch_size]
                # Checked again: an activity since the list was read asks for no warning yet.
                report.warned += (
                    files_to_warn(network, now).filter(pk__in=batch).update(retention_warned_at=now)
                )
            recipients = services.organisation_admin_emails(organisation)
            if recipients:
                _send_warning(network, organisation, person_ids, deadline, recipients)
                report.organisations_warned += 1
            else:
                report.unwarned_organisations.append(organisation.slug)


def _send_warning(network, organisation, person_ids, deadline, recipients) -> None:
    context = {
        "network": network,
        "organisation": organisation,
        "count": len(person_ids),
        "months": network.person_retention_months,
        "deadline": deadline,
        "files": [_file_url(pk) for pk in sorted(person_ids, key=str)],
    }

    def send():
        with translation.override(settings.LANGUAGE_CODE), timezone.override(network.time_zone):
            send_mail(
                _("Des dossiers seront anonymisés dans %(days)d jours") % {"days": WARNING_DAYS},
                render_to_string("persons/portal/email/retention_warning.txt", context),
                None,
                recipients,
            )

    transaction.on_commit(send)


def _anonymise(network: Network, report: NetworkReport, now: datetime, batch_size: int) -> None:
    for ids in _batches(files_to_anonymise(network, now), batch_size):
        with transaction.atomic():
            # Checked again inside the transaction: an activity since the batch was read
            # keeps the file.
            for person in files_to_anonymise(network, now).filter(pk__in=ids).select_for_update():
                services.person_retention_anonymise(person=person)
                report.anonymised += 1


def _purge_log(network: Network, report: NetworkReport, now: datetime, apply: bool) -> None:
    before = log_purge_before(network, now)
    report.log_purge_before = before
    old = AccessLogEntry.objects.filter(network_id=network.pk, at__lt=before)
    if not apply:
        report.log_entries_purged = old.count()
        return
    oldest = old.aggregate(oldest=Min("at"))["oldest"]
    while oldest is not None and oldest < before:
        window_end = min(oldest + timedelta(days=PURGE_WINDOW_DAYS), before)
        report.log_entries_purged += audit_purge_before(network_id=network.pk, before=window_end)
        oldest = window_end


def run(
    *,
    apply: bool = False,
    now: datetime | None = None,
    networks=None,
    batch_size: int = BATCH_SIZE,
) -> list[NetworkReport]:
    """Apply (or, by default, count) the retention rules of every network."""
    now = now or timezone.now()
    reports = []
    for network in networks if networks is not None else Network.objects.order_by("slug"):
        report = NetworkReport(network=network.slug)
        if apply:
            # Anonymise first: a file warned today is never anonymised by the same run.
            _anonymise(network, report, now, batch_size)
            _warn(network, report, now, batch_size)
        else:
            report.anonymised = files_to_anonymise(network, now).count()
            to_warn = files_to_warn(network, now)
            report.warned = to_warn.count()
            report.organisations_warned = to_warn.values("referent_organisation").distinct().count()
        _purge_log(network, report, now, apply)
        reports.append(report)
    return reports
