from argparse import ArgumentTypeError
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from relais.network import selectors, services
from relais.network.charter_import import CharterParseError, parse_charter
from relais.network.models import Network


class Command(BaseCommand):
    help = (
        "Read a charter (plain text or Markdown) into a new version of a network's charter: "
        "a draft, or approved when the text or --approved-on gives the general assembly's date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--network", required=True, help="slug of the network")
        parser.add_argument("file", help="the charter, UTF-8 text or Markdown")
        parser.add_argument(
            "--approved-on",
            type=_iso_date,
            help="date of the general assembly that approved it (YYYY-MM-DD)",
        )

    def handle(self, *args, network, file, approved_on, **options):
        try:
            network_obj = Network.objects.get(slug=network)
        except Network.DoesNotExist:
            known = ", ".join(Network.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown network '{network}' (known: {known}).") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        try:
            parsed = parse_charter(text)
        except CharterParseError as error:
            raise CommandError(f"{path.name}: {error}") from error
        approved_on = approved_on or parsed.approved_on
        try:
            with transaction.atomic():
                version = services.charter_version_create(
                    network=network_obj,
                    title=parsed.title,
                    sections=parsed.sections,
                    source_name=path.name[:200],
                )
                if approved_on:
                    services.charter_version_approve(version=version, approved_on=approved_on)
        except ValidationError as error:
            raise CommandError(f"{path.name}: {'; '.join(error.messages)}") from error
        state = f"approved on {approved_on:%Y-%m-%d}" if approved_on else "a draft"
        self.stdout.write(
            f"{network_obj.slug}: version {version.number} « {version.title} », "
            f"{len(parsed.sections)} sections ({len(parsed.commitments())} commitments), {state}."
        )
        if approved_on and selectors.charter_current(network=network_obj) == version:
            self.stdout.write(
                "It is now the charter in force: members must sign it; signatures of the "
                f"previous version count until {version.transition_ends_on():%Y-%m-%d}."
            )
        if not parsed.commitments():
            self.stderr.write("Warning: no commitment section was found; check the sections.")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None
