from django.core.management.base import BaseCommand
from django.utils import timezone

from relais.persons import retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules of every network: warn the referent organisations 30 days "
        "before, anonymise files without activity for the network's retention period, purge "
        "access-log entries older than the log retention. Dry run unless --apply."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Act. Without it, only report what it would do."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=retention.BATCH_SIZE,
            help=f"Files per transaction (default {retention.BATCH_SIZE}).",
        )

    def handle(self, *args, apply: bool, batch_size: int, **options):
        reports = retention.run(apply=apply, batch_size=max(1, batch_size))
        if not apply:
            self.stdout.write("Dry run: nothing changed. Add --apply to act.")
        verbs = (
            ("warned", "anonymised", "purged")
            if apply
            else ("would warn", "would anonymise", "would purge")
        )
        for report in reports:
            before = timezone.localtime(report.log_purge_before).date().isoformat()
            self.stdout.write(
                f"{report.network}: {verbs[0]} {report.organisations_warned} organisation(s) "
                f"about {report.warned} file(s); {verbs[1]} {report.anonymised} file(s); "
                f"{verbs[2]} {report.log_entries_purged} log entries before {before}."
            )
            if report.unwarned_organisations:
                self.stdout.write(
                    "  no admin nor e-mail address to warn: "
                    + ", ".join(sorted(set(report.unwarned_organisations)))
                )
        totals = [sum(getattr(r, name) for r in reports) for name in ("warned", "anonymised")]
        purged = sum(r.log_entries_purged for r in reports)
        self.stdout.write(
            f"Total: {verbs[0]} {totals[0]} file(s), {verbs[1]} {totals[1]}, "
            f"{verbs[2]} {purged} log entries."
        )
