"""manage.py generate_services --count N [--network SLUG] [--seed S] [--replace]

Synthetic services for benchmarks (see relais.directory.demo.synthetic and bench/directory.py),
written in bulk: 100 000 services take about a minute on SQLite or PostgreSQL. The networks
and their organisations must exist (`manage.py load_demo`).
"""

import argparse
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from relais.directory.demo import synthetic
from relais.directory.models import Service
from relais.network.models import Network


class Command(BaseCommand):
    help = "Crée des services fictifs en nombre, pour mesurer les performances de l'annuaire."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="nombre de services")
        parser.add_argument(
            "--network", help="identifiant (slug) du réseau ; par défaut, tous les réseaux"
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="graine du hasard (même graine, mêmes services)"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="supprimer d'abord les services fictifs déjà créés dans ces réseaux",
        )
        parser.add_argument("--batch-size", type=int, default=2000, help=argparse.SUPPRESS)

    def handle(self, *args, count, network, seed, replace, batch_size, **options):
        if count < 1:
            raise CommandError("--count doit être un nombre positif.")
        networks = Network.objects.order_by("pk")
        if network:
            networks = networks.filter(slug=network)
        networks = list(networks)
        if not networks:
            raise CommandError(
                f"Réseau inconnu : {network}."
                if network
                else "Aucun réseau : lancez d'abord manage.py load_demo."
            )
        started = time.monotonic()
        if replace:
            deleted, _detail = Service.objects.filter(
                source=synthetic.SOURCE, network__in=networks
            ).delete()
            self.stdout.write(f"{deleted} lignes de services fictifs supprimées.")
        with tqdm(
            total=count,
            desc="Services",
            unit="service",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        ) as bar:
            try:
                report = synthetic.generate(
                    count=count,
                    networks=networks,
                    seed=seed,
                    batch_size=max(1, batch_size),
                    progress=bar.update,
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{report.services} services créés en {seconds:.1f} s "
            f"({report.locations} lieux, {report.intervals} plages horaires, "
            f"{report.notices} avis) dans {len(networks)} réseau(x)."
        )
