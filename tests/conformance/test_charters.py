"""The five real charters in ../shared/charters/ import into meaningful versions.

Run with `make conformance` (or `pytest -m conformance tests/conformance`); RELAIS_SHARED_DIR
points at the shared folder (default: the one beside the repository).
"""

import os
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from relais.network.charter_import import parse_charter
from relais.network.models import CharterVersion
from tests.factories import NetworkFactory

pytestmark = pytest.mark.conformance

SHARED_DIR = Path(
    os.environ.get("RELAIS_SHARED_DIR", Path(__file__).resolve().parents[2].parent / "shared")
)
CHARTERS = SHARED_DIR / "charters"

EXPECTED = {
    "relais-social-urbain-namurois.txt": {
        "title": "Charte du Relais social urbain namurois",
        "commitments": [
            "La dignité",
            "La solidarité",
            "La citoyenneté",
            "L'autonomie",
            "Du point de vue méthodologique et déontologique",
            "Du point de vue partenarial",
        ],
        "approved_on": None,
    },
    "relais-social-brabant-wallon.txt": {
        "title": "Charte du Relais social intercommunal du Brabant Wallon",
        "commitments": [
            "Favoriser un accueil et un accompagnement adapté",
            "Proposer une intervention",
            "Encourager l'accès à la citoyenneté et lutter contre les processus d'exclusion",
            "D'un point de vue déontologique",
            "D'un point de vue méthodologique",
            "D'un point de vue partenarial",
        ],
        "approved_on": date(2021, 10, 18),
    },
    "relais-social-province-luxembourg.txt": {
        "title": "Charte du Relais social intercommunal de la province de Luxembourg",
        "commitments": [
            "La dignité",
            "L'autonomie",
            "La lutte contre l'isolement",
            "La citoyenneté",
            "Du point de vue déontologique",
            "Du point de vue partenarial",
            "Du point de vue méthodologique",
        ],
        "approved_on": None,
    },
    "relais-social-mons-borinage.txt": {
        "title": "Charte du Relais Social de Mons-Borinage",
        "commitments": [
            "La dignité",
            "La solidarité",
            "La citoyenneté",
            "L'autonomie",
            "Du point de vue méthodologique et déontologique",
            "Du point de vue partenarial",
        ],
        "approved_on": None,
    },
    "le-mans-solidaire.txt": {
        "title": "Charte « Le Mans Solidaire »",
        "commitments": ["Article 1", "Article 2", "Article 3", "Article 4"],
        "approved_on": None,
    },
}


def parsed(name):
    return parse_charter((CHARTERS / name).read_text(encoding="utf-8"))


def test_the_five_charters_are_there():
    assert sorted(path.name for path in CHARTERS.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_commitments_and_approval_date(name):
    charter = parsed(name)
    expected = EXPECTED[name]

    assert charter.title == expected["title"]
    titles = [section["title"] for section in charter.commitments()]
    assert len(titles) == len(expected["commitments"])
    for title, wanted in zip(titles, expected["commitments"], strict=True):
        assert title == wanted or title.startswith(f"{wanted} : ")
    assert charter.approved_on == expected["approved_on"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_export_noise_is_left(name):
    for section in parsed(name).sections:
        text = section["title"] + "\n" + section["body"]
        assert "[bookmark:" not in text
        assert "**" not in text
        assert not any(line[:1] in "▪▶→" for line in section["body"].splitlines())
        assert "  " not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_commitments_hold_no_signature_form_or_adhesion_note(name):
    for section in parsed(name).commitments():
        body = section["body"].lower()
        assert section["body"].strip()
        assert "nom(s), fonction(s)" not in body
        assert "pour l'institution" not in body
        assert "qui le souhaite" not in body
        assert "signataires de la charte" not in body


def test_namur_lists_its_31_signatories_apart():
    sections = {s["title"]: s for s in parsed("relais-social-urbain-namurois.txt").sections}
    signatories = sections["Signataires"]["body"].splitlines()

    assert not sections["Signataires"]["commitment"]
    assert len(signatories) == 31
    assert signatories[0] == "- La Wallonie"
    assert "- Le Centre d'Information et d'Education Populaire (CIEP)" in signatories
    assert signatories[-1] == "- Gestion Logement Namur"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_lines_are_joined_back(name):
    """No line stops on "de", "la", "et"… or on a word cut by a hyphen: the sentences that the
    export broke are whole again."""
    for section in parsed(name).sections:
        for line in section["body"].splitlines():
            last_word = line.rsplit(" ", 1)[-1]
            assert last_word not in {"de", "du", "des", "la", "le", "les", "et", "en"}, line
            assert not re.search(r"\w-$", line), line


def test_a_word_cut_over_two_lines_is_whole_again():
    mons = {s["title"]: s["body"] for s in parsed("relais-social-mons-borinage.txt").sections}

    assert "savoir-être" in mons["Du point de vue méthodologique et déontologique"]


def test_le_mans_foreword_and_values_are_not_commitments():
    sections = parsed("le-mans-solidaire.txt").sections

    assert sections[0]["title"] == "Avant-propos – Yves Calippe"
    assert [s["title"] for s in sections if not s["commitment"]][1:] == [
        "Des valeurs communes",
        "Considérer l'homme et la femme à part entière dans sa globalité",
        "Agir et travailler ensemble",
        "L'utilisateur acteur des actions",
        "Des indicateurs sociaux partagés",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_command_imports_each_charter(name):
    network = NetworkFactory(slug="reseau-conformite")

    call_command(
        "import_charter", "--network", network.slug, str(CHARTERS / name), stdout=StringIO()
    )

    version = CharterVersion.objects.get(network=network)
    assert version.title == EXPECTED[name]["title"]
    assert version.approved_on == EXPECTED[name]["approved_on"]
    assert len(version.commitment_sections()) == len(EXPECTED[name]["commitments"])
    assert version.source_name == name
