import time

from django.core.management.base import BaseCommand

from relais.network.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the five relais sociaux, their territories, charters, "
        "organisations, memberships and the demo accounts. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        tally = load_demo()
        seconds = time.monotonic() - started
        created, updated = sum(tally.created.values()), sum(tally.updated.values())
        self.stdout.write(
            f"Demo data loaded in {seconds:.1f} s: {created} rows created, {updated} updated."
        )
        for line in tally.lines():
            self.stdout.write(f"  {line}")
