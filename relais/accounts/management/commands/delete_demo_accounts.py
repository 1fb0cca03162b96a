from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError, RestrictedError

from relais.accounts.services import demo_accounts_delete


class Command(BaseCommand):
    help = (
        "Delete the demo accounts (is_demo=True: known password and second-factor secret), "
        "with their roles, API tokens and authenticators. Production refuses to run while "
        "any exists (system check relais.E001)."
    )

    def handle(self, *args, **options):
        try:
            count = demo_accounts_delete()
        except (ProtectedError, RestrictedError) as error:
            raise CommandError(
                f"Nothing deleted: other records still point to demo accounts ({error.args[0]})"
            ) from error
        self.stdout.write(f"Deleted {count} demo account(s).")
