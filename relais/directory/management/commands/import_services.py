"""manage.py import_services --format data-inclusion|hsds|csv FILE --network SLUG [--dry-run]

Idempotent upsert of services by source id: a second run of the same file changes nothing.
Each row is written in its own savepoint, so one bad row does not stop the others; the
final report lists the created, updated, unchanged and rejected rows, with the reason of
each rejection, how the rows got their axes (and which are "à classer"), and the warnings
(hours kept in words, ignored languages…). `-v 2` adds, for each row, its axes and how they
were found. See docs/interop.md.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from tqdm import tqdm

from relais.core.axes import Axis
from relais.directory.interop import importers
from relais.network.models import Network


class _DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


class Command(BaseCommand):
    help = "Importe des services (data·inclusion, HSDS 3.0 ou CSV) dans un réseau."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier à importer")
        parser.add_argument("--format", required=True, choices=importers.FORMATS, dest="fmt")
        parser.add_argument("--network", required=True, help="identifiant (slug) du réseau")
        parser.add_argument(
            "--source",
            default="",
            help="nom de la source (par défaut le format) : les services sont retrouvés "
            "par (réseau, source, identifiant à la source)",
        )
        parser.add_argument(
            "--axis",
            action="append",
            default=[],
            choices=Axis.values,
            help="axe donné aux services dont les axes ne se déduisent pas du fichier (répétable)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="tout vérifier et afficher le rapport sans rien enregistrer",
        )

    def handle(self, *args, file, fmt, network, source, axis, dry_run, verbosity=1, **options):
        try:
            target = Network.objects.get(slug=network)
        except Network.DoesNotExist as error:
            raise CommandError(f"Réseau inconnu : {network}") from error
        outside = [a for a in axis if a not in target.axes]
        if outside:
            raise CommandError(
                f"Axe hors de la liste du réseau {target.slug} : {', '.join(outside)} "
                f"(axes du réseau : {', '.join(target.axes)})."
            )
        try:
            rows, warnings = importers.read_file(file, fmt)
        except importers.ImportFileError as error:
            raise CommandError(str(error)) from error
        report = importers.Report(warnings=list(warnings))
        progress = tqdm(
            rows,
            desc="Import",
            unit="service",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        )
        run = {
            "network": target,
            "source": source or fmt,
            "default_axes": axis,
            "report": report,
        }
        if dry_run:
            try:
                with transaction.atomic():
                    importers.import_rows(progress, **run)
                    raise _DryRun
            except _DryRun:
                pass
        else:
            importers.import_rows(progress, **run)
        progress.close()
        self._report(report, dry_run=dry_run, verbose=verbosity >= 2)

    def _report(self, report: importers.Report, *, dry_run: bool, verbose: bool = False) -> None:
        out = self.stdout
        if dry_run:
            out.write("Simulation (--dry-run) : rien n'a été enregistré.")
        out.write(
            f"Créés : {report.created} · mis à jour : {report.updated} · "
            f"inchangés : {report.unchanged} · rejetés : {len(report.rejected)}"
        )
        if report.organisations_created:
            out.write(
                f"Organisations créées ({len(report.organisations_created)}) : "
                + ", ".join(report.organisations_created)
            )
        counts = [
            f"{count} {importers.AXES_HOW[how]}"
            for how, count in report.axes_counts.items()
            if count
        ]
        if counts:
            out.write("Axes : " + " · ".join(counts))
        if verbose:
            for outcome in report.outcomes:
                if outcome.status == "rejected" or outcome.axes == importers.TO_CLASSIFY:
                    continue
                detail = f" : {outcome.axes_detail}" if outcome.axes_detail else ""
                out.write(
                    f"Axes : {outcome.label} « {outcome.name} » → "
                    f"{', '.join(outcome.axes_codes)} ({importers.AXES_HOW[outcome.axes]}{detail})"
                )
        for outcome in report.to_classify:
            out.write(self.style.WARNING(f"À classer : {outcome.label} « {outcome.name} »"))
        if report.to_classify and not dry_run:
            out.write(
                "Les services à classer ne sont pas publics tant que leurs axes ne sont pas "
                f"choisis : page « Services à classer » ({reverse('directory:to_classify')})."
            )
        for outcome in report.rejected:
            name = f" « {outcome.name} »" if outcome.name else ""
            out.write(self.style.ERROR(f"Rejeté : {outcome.label}{name} — {outcome.reason}"))
        for warning in report.warnings:
            out.write(self.style.WARNING(f"Avertissement : {warning}"))
