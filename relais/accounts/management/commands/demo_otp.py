import time

from allauth.mfa.totp.internal.auth import hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the current second-factor (TOTP) code shared by the demo accounts."

    def handle(self, *args, **options):
        counter = int(time.time()) // 30
        code = hotp_value(settings.DEMO_TOTP_SECRET, counter)
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"{code:06d}  (valid {remaining} s more)")
