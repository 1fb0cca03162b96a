"""Relais social de Mons-Borinage: six axes, from social emergency to housing.

Demo assumption: the charter gives no approval date; we use 21 March 2019.
"""

from datetime import date

from relais.core.axes import RELAIS_SOCIAL_AXES

from . import territory
from .base import ASSOCIATION, HEALTH, PUBLIC, DemoNetwork, Org, Section

ORGANISATIONS = [
    Org("cpas-mons", "CPAS de Mons", PUBLIC, "Rue de Bertaimont 40", "7000", "Mons", 50.4495, 3.9540, ga=True),
    Org("ville-mons", "Ville de Mons", PUBLIC, "Grand-Place 22", "7000", "Mons", 50.4542, 3.9519, ga=True),
    Org("cpas-quaregnon", "CPAS de Quaregnon", PUBLIC, "Rue Paul Pastur 5", "7390", "Quaregnon", 50.4405, 3.8640),
    Org("cpas-frameries", "CPAS de Frameries", PUBLIC, "Rue Archimède 1", "7080", "Frameries", 50.4060, 3.8950),
    Org("cpas-boussu", "CPAS de Boussu", PUBLIC, "Rue Ferrer 36", "7300", "Boussu", 50.4340, 3.7950),
    Org("cpas-colfontaine", "CPAS de Colfontaine", PUBLIC, "Place de Wasmes 1", "7340", "Colfontaine", 50.4100, 3.8480),
    Org("cpas-saint-ghislain", "CPAS de Saint-Ghislain", PUBLIC, "Rue de Tournai 2", "7330", "Saint-Ghislain", 50.4470, 3.8190),
    Org("abri-mons", "Abri de nuit de Mons", ASSOCIATION, "Rue des Arbalestriers 8", "7000", "Mons", 50.4555, 3.9470, ga=True, registered=True),
    Org("accueil-jour-mons", "Accueil de jour « Le Sablier » (Mons)", ASSOCIATION, "Rue d'Havré 60", "7000", "Mons", 50.4530, 3.9580, registered=True),
    Org("travail-de-rue-borinage", "Travail de rue Mons-Borinage", ASSOCIATION, "Rue de la Station 12", "7012", "Mons", 50.4520, 3.8890),
    Org("restos-mons", "Les Restos du Cœur de Mons", ASSOCIATION, "Rue de Nimy 90", "7000", "Mons", 50.4590, 3.9550, ga=True, registered=True),
    Org("epicerie-frameries", "Épicerie sociale de Frameries", ASSOCIATION, "Rue de la Libération 14", "7080", "Frameries", 50.4075, 3.8920),
    Org("ais-mons-borinage", "Agence immobilière sociale Mons-Borinage", ASSOCIATION, "Avenue Frère Orban 15", "7000", "Mons", 50.4510, 3.9430, registered=True),
    Org("chu-ambroise-pare", "CHU Ambroise Paré", HEALTH, "Boulevard Kennedy 2", "7000", "Mons", 50.4580, 3.9320),
    Org("mm-borinage", "Maison médicale du Borinage", HEALTH, "Rue de Mons 100", "7301", "Boussu", 50.4350, 3.8330),
    Org("croix-rouge-mons", "Croix-Rouge de Belgique – Mons", ASSOCIATION, "Rue des Arquebusiers 3", "7000", "Mons", 50.4535, 3.9490),
]  # fmt: skip

APPLICANTS = [
    Org("cpas-dour", "CPAS de Dour", PUBLIC, "Rue de Boussu 45", "7370", "Dour", 50.3960, 3.7790),
    Org("logement-solidaire-cuesmes", "Logement solidaire de Cuesmes", ASSOCIATION, "Rue de l'Église 9", "7033", "Mons", 50.4360, 3.9230),
]  # fmt: skip

NETWORK = DemoNetwork(
    slug="mons-borinage",
    name="Relais social de Mons-Borinage",
    short_name="RSMB",
    country="BE",
    axes=list(RELAIS_SOCIAL_AXES),
    description=(
        "Le Relais social de Mons-Borinage rassemble les CPAS, la ville et les associations "
        "de la région qui accompagnent les personnes les plus démunies. Il relie leurs "
        "actions sur six axes, de l'urgence sociale au logement, et donne aux personnes une "
        "place dans ce qui est construit pour elles."
    ),
    ga_member_label="membre effectif",
    coordinator_name="Olivier Bodart",
    phone_prefix="+32 65 40",
    charter_title="Charte du Relais social de Mons-Borinage",
    charter_approved_on=date(2019, 3, 21),
    charter_sections=[
        Section(
            "Préambule",
            "Créé en 2004 à l'initiative de la Wallonie, le Relais social relie les services "
            "publics et associatifs pour lutter contre l'exclusion et donner sens et lien aux "
            "plus démunis. Il soutient une chaîne d'actions de l'urgence à l'insertion sur six "
            "axes : urgence sociale, accueil de jour, accueil de nuit, travail de rue, aide "
            "alimentaire et logement.",
            commitment=False,
        ),
        Section(
            "La dignité",
            "Respecter chaque usager, l'accueillir avec égards, l'aider sur tous les plans en "
            "tenant compte de son rythme et de sa manière de vivre.",
        ),
        Section(
            "La solidarité",
            "Soutenir les liens sociaux et familiaux et aider chacun à faire valoir les droits "
            "qui existent déjà.",
        ),
        Section(
            "La citoyenneté",
            "Aider à établir son identité et connaître ses droits, redonner confiance dans "
            "l'aide sociale, rompre l'isolement.",
        ),
        Section(
            "L'autonomie",
            "Accompagner sans faire à la place, soutenir un projet de vie, éviter la dépendance "
            "et associer les usagers aux actions qui les concernent.",
        ),
        Section(
            "Méthode et déontologie",
            "Construire le réseau, se concerter, se former, évaluer les actions communes, "
            "analyser les causes de l'exclusion, interpeller les décideurs et respecter les "
            "règles communes (devoir de réserve, secret professionnel partagé).",
        ),
        Section(
            "Partenariat",
            "Contribuer au travail du Relais social et respecter le règlement d'ordre intérieur "
            "établi entre les membres.",
        ),
    ],
    ga_approved_on=date(2019, 11, 14),
    territory=lambda: territory.belgian(nis_prefix="53"),
    organisations=ORGANISATIONS,
    applicants=APPLICANTS,
    number_seed=400,
)
