"""Weekly: e-mail each organisation admin the directory sheets not verified for six months.

Cron (Monday 7:00): 0 7 * * 1  cd /srv/relais && .venv/bin/python manage.py send_freshness_reminders
"""

from django.core.management.base import BaseCommand

from relais.directory.tasks import freshness_reminders, send_freshness_reminders


class Command(BaseCommand):
    help = "E-mail each organisation admin the list of its directory sheets to check."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get a reminder, send nothing.",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the site for the links (default: RELAIS_BASE_URL).",
        )

    def handle(self, *args, dry_run: bool = False, base_url: str = "", **options):
        if dry_run:
            reminders = freshness_reminders()
            for reminder in reminders:
                self.stdout.write(
                    f"{reminder.user.email}: {reminder.count} "
                    + ", ".join(row.organisation.name for row in reminder.organisations)
                )
            self.stdout.write(f"{len(reminders)} e-mail(s) would be sent (dry run).")
            return
        sent = send_freshness_reminders(base_url=base_url.rstrip("/"))
        self.stdout.write(self.style.SUCCESS(f"{sent} e-mail(s) sent."))
