"""Axes guessed from a service's own words (`relais.directory.classify`) and the importer's
order of inference (`importers.infer_axes`): taxonomy terms, name, thématiques, description,
default, else "à classer"."""

import pytest

from relais.core.axes import LE_MANS_AXES, RELAIS_SOCIAL_AXES
from relais.directory import classify
from relais.directory.demo.loader import DIRECTORIES
from relais.directory.interop.importers import TO_CLASSIFY, infer_axes
from relais.network.demo import brabant_wallon, le_mans, luxembourg, mons_borinage, namur

NAMUR = ["urgence_sociale", "accueil_de_jour", "accueil_de_nuit", "travail_de_rue"]
SIX = [str(a) for a in RELAIS_SOCIAL_AXES]
LE_MANS = [str(a) for a in LE_MANS_AXES]
NETWORK_AXES = {
    module.NETWORK.slug: [str(a) for a in module.NETWORK.axes]
    for module in (namur, le_mans, luxembourg, brabant_wallon, mons_borinage)
}
DEMO = [(d.network, s) for d in DIRECTORIES for s in d.services]


def guess(name: str, description: str = "", axes=NAMUR) -> list[str]:
    return classify.guess_axes(name=name, description=description, network_axes=axes).axes


# --- The demo catalogue -----------------------------------------------------------------------


def _rate(infer) -> tuple[float, list[str]]:
    misses = []
    for network, demo in DEMO:
        axes = NETWORK_AXES[network]
        wanted = sorted(demo.axes_for(axes))
        found = sorted(infer(demo, axes))
        if found != wanted:
            misses.append(f"{network} « {demo.name} » : {found} au lieu de {wanted}")
    return 1 - len(misses) / len(DEMO), misses


def test_the_keyword_table_gives_nine_demo_services_in_ten_their_own_axes_back():
    """Each demo service, its axes removed: its name and description alone give them back."""
    assert len(DEMO) > 200
    rate, misses = _rate(
        lambda demo, axes: (
            classify.guess_axes(
                name=demo.name, description=demo.description, network_axes=axes
            ).axes
        )
    )
    assert rate >= 0.9, f"{rate:.1%}\n" + "\n".join(misses)


def test_the_importer_gives_nine_demo_services_in_ten_their_own_axes_back():
    """The same with everything an import knows: name, description and thématiques."""
    rate, misses = _rate(
        lambda demo, axes: (
            infer_axes(
                name=demo.name,
                description=demo.description,
                thematiques=demo.thematiques,
                network_axes=axes,
            ).axes
        )
    )
    assert rate >= 0.9, f"{rate:.1%}\n" + "\n".join(misses)


# --- Words as feeds write them ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "axes"),
    [
        ("Abri de nuit Saint-Nicolas", ["accueil_de_nuit"]),
        ("ABRIS DE NUIT", ["accueil_de_nuit"]),  # case and plural
        ("Hébergement d'urgence", ["accueil_de_nuit"]),
        ("Hebergement d’urgence", ["accueil_de_nuit"]),  # no accent, typographic apostrophe
        ("Nachtopvang De Schuilplaats", ["accueil_de_nuit"]),
        ("Nachtopvangcentrum", ["accueil_de_nuit"]),  # a Dutch compound
        ("Dagopvang voor daklozen", ["accueil_de_jour"]),
        ("Accueil de jour « La Main »", ["accueil_de_jour"]),
        ("Colis alimentaires", ["urgence_sociale"]),  # Namur has no food axis
        ("Voedselpakketten", ["urgence_sociale"]),
        ("Douches", ["accueil_de_jour"]),
        ("Maraude de nuit", ["travail_de_rue"]),
        ("Straathoekwerk Namen", ["travail_de_rue"]),
        ("Restaurant social", ["accueil_de_jour"]),
        ("Épicerie sociale", ["urgence_sociale"]),
        ("Plan grand froid", ["urgence_sociale", "accueil_de_nuit"]),
    ],
)
def test_french_and_dutch_names_in_namur(name, axes):
    assert sorted(guess(name)) == sorted(axes)


@pytest.mark.parametrize(
    ("name", "axes", "network"),
    [
        ("Colis alimentaires", ["aide_alimentaire"], SIX),
        ("Voedselpakketten", ["aide_alimentaire"], SIX),
        ("Restaurant social", ["accueil_de_jour", "aide_alimentaire"], SIX),
        ("Woonbegeleiding", ["logement"], SIX),
        ("Logement", ["logement"], SIX),
        ("Douches", ["hygiene_sante"], LE_MANS),  # Le Mans has no "accueil de jour"
        ("Maraude", ["accueil_ecoute"], LE_MANS),
        ("Abri de nuit", ["logement"], LE_MANS),
        ("Ateliers sociolinguistiques", ["savoirs_de_base"], LE_MANS),
    ],
)
def test_only_axes_the_network_has(name, axes, network):
    assert sorted(guess(name, axes=network)) == sorted(axes)


@pytest.mark.parametrize(
    "name",
    [
        "Cours de français",  # "ais" (agence immobilière sociale) is not a word here
        "Service social du CHU",  # a university hospital, not a shelter
        "Ruelle des artistes",  # "rue" alone says nothing
        "Alphabet et calligraphie",  # "alpha" is a whole word, not a prefix
        "Passage 45",  # "pass" (permanence d'accès aux soins) is a whole word
    ],
)
def test_no_match_inside_other_words(name):
    found = classify.guess_axes(name=name, network_axes=SIX + LE_MANS)
    assert found.phrase not in {"ais", "chu", "alpha", "pass"}, found


def test_the_name_comes_before_the_description():
    found = classify.guess_axes(
        name="Accueil de jour",
        description="Café, soupe et colis alimentaires le vendredi.",
        network_axes=SIX,
    )
    assert (found.axes, found.where, found.phrase) == (
        ["accueil_de_jour"],
        "name",
        "accueil de jour",
    )


def test_in_a_description_the_most_frequent_kind_wins():
    found = classify.guess_axes(
        name="Le Comptoir",
        description="Un repas chaud le midi ; le soir, une soupe et un petit-déjeuner le "
        "dimanche. Une douche est possible.",
        network_axes=SIX,
    )
    assert (found.kind, found.where) == ("repas", "description")


def test_nothing_recognised():
    assert classify.guess_axes(name="Bibliothèque de rue", network_axes=SIX) == classify.NO_GUESS
    assert guess("Cours de yoga", "Souplesse et respiration.") == []


def test_the_words_of_the_table():
    assert classify.words("Abris d'urgence, petit-déjeuner et œufs") == [
        "abri",
        "urgence",
        "petit",
        "dejeuner",
        "et",
        "oeuf",
    ]


# --- The importer's order ------------------------------------------------------------------


def test_taxonomy_terms_come_first():
    found = infer_axes(
        name="Les Tilleuls",
        description="Repas chaud.",
        terms=[("shelter-emergency", "Hébergement d'urgence"), ("food", "")],
        network_axes=SIX,
    )
    assert (found.axes, found.origin, found.detail) == (
        ["accueil_de_nuit"],
        "taxonomy",
        "« Hébergement d'urgence »",
    )
    # A term whose code is one of the network's axes.
    found = infer_axes(name="Les Tilleuls", terms=[("travail_de_rue", "Street")], network_axes=SIX)
    assert (found.axes, found.origin) == (["travail_de_rue"], "taxonomy")


def test_name_then_thematiques_then_description_then_default():
    thematiques = ["remobilisation--lien-social"]
    by_name = infer_axes(name="Travail de rue — gare", thematiques=thematiques, network_axes=SIX)
    assert (by_name.axes, by_name.origin) == (["travail_de_rue"], "keywords")
    by_thematique = infer_axes(
        name="Les Tilleuls", description="Douches.", thematiques=thematiques, network_axes=SIX
    )
    assert (by_thematique.axes, by_thematique.origin) == (["accueil_de_jour"], "thematiques")
    by_description = infer_axes(name="Les Tilleuls", description="Douches.", network_axes=SIX)
    assert (by_description.axes, by_description.origin) == (["accueil_de_jour"], "keywords")
    assert by_description.detail == "« douche » dans la description"
    by_default = infer_axes(
        name="Les Tilleuls", network_axes=SIX, default_axes=["logement", "lien_social"]
    )
    assert (by_default.axes, by_default.origin) == (["logement"], "default")
    nothing = infer_axes(name="Les Tilleuls", network_axes=SIX)
    assert (nothing.axes, nothing.origin) == ([], TO_CLASSIFY)
