"""The charter reader and `manage.py import_charter`, on small charters written for the tests."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from relais.network.charter_import import CharterParseError, parse_charter
from relais.network.models import CharterVersion
from tests.factories import CharterVersionFactory, NetworkFactory

# A PDF export: title over two lines, page-break markers, sentences broken across lines
# (sometimes with a blank line in the middle), bullets of several shapes, a signatory list.
PDF_EXPORT = """\

 Charte du

 Réseau solidaire de Test-
Ville

Le réseau relie des services publics et des associations qui
accueillent des personnes sans abri, avec l'appui du Ministre des
Affaires sociales.

Nous, partenaires du Réseau solidaire, nous nous engageons à respecter les
principes suivants :

I. Envers les personnes

1. L'accueil

Chaque personne est reçue sans condition. Ce qui demande à chaque
intervenant de :

▪ Écouter la personne avec
patience ;
[bookmark: 2]▪ Respecter son rythme et ses
\x20
choix.

2. La confidentialité
Rien n'est transmis sans l'accord de la personne.

II. Envers les partenaires

Du point de vue partenarial, nous nous engageons à :

-  participer aux réunions du
réseau ;
 → partager nos constats.

Les partenaires signataires de la Charte sont :

Le CPAS de Test-Ville

La Maison d'accueil du
Vieux Pont

L'asbl « Le Phare »
 Pour l'institution ………………………

Nom(s), fonction(s) et signature(s)
"""

MARKDOWN = """\
# Charte du collectif Entraide

Un collectif de quartier contre l'isolement.

## Nos engagements

- **Accueillir** chacun sans jugement.
- *Orienter* vers le bon service.

## 1. Évaluation

Nous faisons le point chaque année.

Moyennant l'accord des membres, la charte peut être modifiée.

Approuvée à l'Assemblée générale du 3 mars 2022
"""

ARTICLES = """\
Charte

« Ensemble au Mans »

Avant-propos – Camille Durand
Adjointe à la solidarité

Une charte écrite ensemble par les associations du quartier.

1 – Nos valeurs

Le respect et la tolérance guident nos actions.

Article 1 : Faire avec la personne et non à sa place.

La personne choisit les démarches qu'elle entreprend.

Article 2 : Respecter le libre choix des structures.
Article 3 : Protéger les informations.

Nous nous engageons :

- ▶ À ne demander que le strict nécessaire.
- ▶ À permettre l'accès de la personne à son dossier.

2 - Des indicateurs partagés

Une fiche commune d'indicateurs construite à partir des rapports d'activité.
"""


def titles(parsed):
    return [section["title"] for section in parsed.sections]


def commitments(parsed):
    return [section["title"] for section in parsed.commitments()]


def test_a_pdf_export_is_read_into_title_and_sections():
    parsed = parse_charter(PDF_EXPORT)

    assert parsed.title == "Charte du Réseau solidaire de Test-Ville"
    assert titles(parsed) == [
        "Préambule",
        "Envers les personnes",
        "L'accueil",
        "La confidentialité",
        "Envers les partenaires",
        "Du point de vue partenarial",
        "Signataires",
    ]
    assert commitments(parsed) == ["L'accueil", "La confidentialité", "Du point de vue partenarial"]
    assert parsed.approved_on is None


def test_broken_lines_are_joined_and_bullets_and_markers_removed():
    sections = {s["title"]: s["body"] for s in parse_charter(PDF_EXPORT).sections}

    assert sections["Préambule"].splitlines()[0] == (
        "Le réseau relie des services publics et des associations qui accueillent des "
        "personnes sans abri, avec l'appui du Ministre des Affaires sociales."
    )
    assert sections["L'accueil"].splitlines() == [
        "Chaque personne est reçue sans condition. Ce qui demande à chaque intervenant de :",
        "- Écouter la personne avec patience ;",
        "- Respecter son rythme et ses choix.",
    ]
    assert sections["Du point de vue partenarial"].splitlines() == [
        "Nous nous engageons à :",
        "- participer aux réunions du réseau ;",
        "- partager nos constats.",
    ]
    assert not any("[bookmark" in body or "▪" in body for body in sections.values())


def test_the_signatory_list_is_kept_apart_without_the_signature_form():
    parsed = parse_charter(PDF_EXPORT)
    signatories = parsed.sections[-1]

    assert signatories["title"] == "Signataires"
    assert not signatories["commitment"]
    assert signatories["body"].splitlines() == [
        "- Le CPAS de Test-Ville",
        "- La Maison d'accueil du Vieux Pont",
        "- L'asbl « Le Phare »",
    ]


def test_the_sentence_before_the_principles_is_not_itself_a_commitment():
    """The preamble holds "Nous, partenaires…, nous nous engageons" but is not a principle;
    a part title with no text of its own is not one either."""
    parsed = parse_charter(PDF_EXPORT)
    by_title = {s["title"]: s for s in parsed.sections}

    assert "nous nous engageons" in by_title["Préambule"]["body"]
    assert not by_title["Préambule"]["commitment"]
    assert by_title["Envers les personnes"] == {
        "title": "Envers les personnes",
        "body": "",
        "commitment": False,
    }


def test_markdown_headings_emphasis_and_a_written_approval_date():
    parsed = parse_charter(MARKDOWN)

    assert parsed.title == "Charte du collectif Entraide"
    assert titles(parsed) == ["Préambule", "Nos engagements", "Évaluation", "Adhésion à la charte"]
    assert commitments(parsed) == ["Nos engagements"]
    assert parsed.sections[1]["body"] == (
        "- Accueillir chacun sans jugement.\n- Orienter vers le bon service."
    )
    assert parsed.approved_on == date(2022, 3, 3)


def test_articles_are_commitments_and_a_title_can_be_split():
    parsed = parse_charter(ARTICLES)

    assert parsed.title == "Charte « Ensemble au Mans »"
    assert titles(parsed) == [
        "Avant-propos – Camille Durand",
        "Nos valeurs",
        "Article 1 : Faire avec la personne et non à sa place",
        "Article 2 : Respecter le libre choix des structures",
        "Article 3 : Protéger les informations",
        "Des indicateurs partagés",
    ]
    assert commitments(parsed) == titles(parsed)[2:5]
    assert parsed.sections[0]["body"].startswith("Adjointe à la solidarité\nUne charte écrite")
    assert parsed.sections[4]["body"].splitlines()[1] == "- À ne demander que le strict nécessaire."


def test_a_numeric_approval_date_is_read():
    text = "Charte du réseau\n\nLa dignité\n\nRespecter chacun.\n\nApprouvée à l'Assemblée générale du 18/10/2021\n"

    assert parse_charter(text).approved_on == date(2021, 10, 18)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "vide"),
        ("  \n[bookmark: 1]\n\n", "vide"),
        ("Le réseau accueille tout le monde.\n\nLa dignité\n\nRespecter.\n", "titre"),
        ("Charte du réseau\n", "Aucune section"),
        (
            "Charte\n\nLa dignité\n\nRespecter.\n\nApprouvée à l'assemblée générale du 31/02/2021\n",
            "date",
        ),
    ],
)
def test_texts_that_are_not_charters_are_refused(text, message):
    with pytest.raises(CharterParseError, match=message):
        parse_charter(text)


@pytest.fixture
def charter_file(tmp_path):
    def write(text, name="charte.txt"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.mark.django_db
def test_the_command_creates_a_draft_version(charter_file):
    network = NetworkFactory(slug="test-ville")
    CharterVersionFactory(network=network, number=1)
    out = StringIO()

    call_command(
        "import_charter", "--network", "test-ville", str(charter_file(PDF_EXPORT)), stdout=out
    )

    version = CharterVersion.objects.get(network=network, number=2)
    assert version.title == "Charte du Réseau solidaire de Test-Ville"
    assert version.approved_on is None
    assert version.source_name == "charte.txt"
    assert version.axes == network.axes
    assert [i for i, _s in version.commitment_sections()] == [2, 3, 5]
    assert "version 2" in out.getvalue() and "draft" in out.getvalue()


@pytest.mark.django_db
def test_the_command_uses_the_stated_date_unless_one_is_given(charter_file):
    NetworkFactory(slug="test-ville")
    path = charter_file(MARKDOWN, "charte.md")

    out = StringIO()
    call_command("import_charter", "--network", "test-ville", str(path), stdout=out)
    assert "now the charter in force" in out.getvalue()
    call_command(
        "import_charter",
        "--network",
        "test-ville",
        str(path),
        "--approved-on",
        "2023-01-05",
        stdout=StringIO(),
    )

    dates = list(CharterVersion.objects.order_by("number").values_list("approved_on", flat=True))
    assert dates == [date(2022, 3, 3), date(2023, 1, 5)]


@pytest.mark.django_db
def test_an_approval_older_than_the_charter_in_force_is_refused(charter_file):
    network = NetworkFactory(slug="test-ville")
    CharterVersionFactory(network=network, number=1, approved_on=date(2023, 6, 1))

    with pytest.raises(CommandError, match="doit suivre"):
        call_command(
            "import_charter",
            "--network",
            "test-ville",
            str(charter_file(MARKDOWN, "c.md")),
            stdout=StringIO(),
        )

    assert CharterVersion.objects.filter(network=network).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("network", "content", "extra", "message"),
    [
        ("nowhere", PDF_EXPORT, [], "Unknown network 'nowhere'"),
        ("test-ville", None, [], "No such file"),
        ("test-ville", "", [], "vide"),
        ("test-ville", b"\xff\xfe\x00garbage", [], "not UTF-8"),
        ("test-ville", PDF_EXPORT, ["--approved-on", "18/10/2021"], "not a date"),
    ],
)
def test_the_command_refuses_bad_input_and_creates_nothing(
    tmp_path, network, content, extra, message
):
    NetworkFactory(slug="test-ville")
    path = tmp_path / "charte.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        call_command("import_charter", "--network", network, str(path), *extra, stdout=StringIO())

    assert not CharterVersion.objects.exists()
