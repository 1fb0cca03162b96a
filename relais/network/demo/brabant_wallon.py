"""Relais social intercommunal du Brabant wallon.

The charter was approved by the general assembly of 18 October 2021. Demo assumption: it lists
no axes; we use the four axes shared by the Walloon relais sociaux.
"""

from datetime import date

from relais.core.axes import Axis

from . import territory
from .base import ASSOCIATION, HEALTH, PUBLIC, DemoNetwork, Org, Section

ORGANISATIONS = [
    Org("cpas-wavre", "CPAS de Wavre", PUBLIC, "Rue de l'Ermitage 10", "1300", "Wavre", 50.7150, 4.6050, ga=True),
    Org("cpas-nivelles", "CPAS de Nivelles", PUBLIC, "Rue Samiette 70", "1400", "Nivelles", 50.5960, 4.3270, ga=True),
    Org("cpas-ottignies", "CPAS d'Ottignies-Louvain-la-Neuve", PUBLIC, "Avenue des Combattants 35", "1340", "Ottignies-Louvain-la-Neuve", 50.6650, 4.5660, ga=True),
    Org("cpas-braine-l-alleud", "CPAS de Braine-l'Alleud", PUBLIC, "Rue Pierre Flamand 64", "1420", "Braine-l’Alleud", 50.6840, 4.3700),
    Org("cpas-tubize", "CPAS de Tubize", PUBLIC, "Rue du Pont Demeur 4", "1480", "Tubize", 50.6920, 4.2040),
    Org("cpas-jodoigne", "CPAS de Jodoigne", PUBLIC, "Chaussée de Tirlemont 16", "1370", "Jodoigne", 50.7250, 4.8700),
    Org("province-bw-social", "Province du Brabant wallon – Action sociale", PUBLIC, "Place du Brabant wallon 1", "1300", "Wavre", 50.7170, 4.6130, ga=True),
    Org("abri-nivelles", "Abri de nuit de Nivelles", ASSOCIATION, "Rue de Namur 40", "1400", "Nivelles", 50.5975, 4.3330, registered=True),
    Org("accueil-jour-wavre", "Accueil de jour « La Halte » (Wavre)", ASSOCIATION, "Rue du Chemin de Fer 8", "1300", "Wavre", 50.7145, 4.6000, registered=True),
    Org("travail-de-rue-bw", "Travail de rue en Brabant wallon", ASSOCIATION, "Place de l'Hôtel de Ville 2", "1340", "Ottignies-Louvain-la-Neuve", 50.6660, 4.5690),
    Org("restos-wavre", "Les Restos du Cœur de Wavre", ASSOCIATION, "Avenue Henri Lepage 5", "1300", "Wavre", 50.7120, 4.6080, ga=True, registered=True),
    Org("maison-accueil-lln", "Maison d'accueil « Le Relais » (Louvain-la-Neuve)", ASSOCIATION, "Rue des Wallons 20", "1348", "Ottignies-Louvain-la-Neuve", 50.6690, 4.6120),
    Org("ais-brabant-wallon", "Agence immobilière sociale du Brabant wallon", ASSOCIATION, "Rue de Bruxelles 26", "1300", "Wavre", 50.7180, 4.6020, registered=True),
    Org("mm-tubize", "Maison médicale de Tubize", HEALTH, "Rue de Mons 55", "1480", "Tubize", 50.6900, 4.2010),
    Org("croix-rouge-ottignies", "Croix-Rouge de Belgique – Ottignies", ASSOCIATION, "Avenue Reine Astrid 12", "1340", "Ottignies-Louvain-la-Neuve", 50.6640, 4.5700),
    Org("lire-et-ecrire-bw", "Lire et Écrire Brabant wallon", ASSOCIATION, "Boulevard des Archers 21", "1400", "Nivelles", 50.5990, 4.3250, registered=True),
]  # fmt: skip

APPLICANTS = [
    Org("epicerie-perwez", "Épicerie sociale de Perwez", ASSOCIATION, "Rue de la Station 3", "1360", "Perwez", 50.6240, 4.8120),
    Org("cpas-genappe", "CPAS de Genappe", PUBLIC, "Rue de Ways 39", "1470", "Genappe", 50.6110, 4.4520),
]  # fmt: skip

NETWORK = DemoNetwork(
    slug="brabant-wallon",
    name="Relais social intercommunal du Brabant wallon",
    short_name="RSI Brabant wallon",
    country="BE",
    axes=[Axis.URGENCE_SOCIALE, Axis.ACCUEIL_DE_JOUR, Axis.ACCUEIL_DE_NUIT, Axis.TRAVAIL_DE_RUE],
    description=(
        "Le Relais social du Brabant wallon coordonne les services publics et associatifs de "
        "la province qui viennent en aide aux personnes en grande précarité. Il soutient "
        "leurs compétences, évalue les actions menées et cherche avec eux à rompre les "
        "mécanismes qui entretiennent l'exclusion."
    ),
    ga_member_label="membre effectif",
    coordinator_name="Benoît Jacquet",
    phone_prefix="+32 10 22",
    charter_title="Charte du Relais social intercommunal du Brabant wallon",
    charter_approved_on=date(2021, 10, 18),
    charter_sections=[
        Section(
            "Préambule",
            "Le Relais social coordonne, met en réseau et renforce les services qui "
            "accompagnent les personnes en grande précarité. Il analyse ce qui produit "
            "l'exclusion, propose des réponses, évalue les actions et vise l'autonomie des "
            "personnes. Il est ouvert à tout partenaire de la province qui adopte la charte.",
            commitment=False,
        ),
        Section(
            "Un accueil et un accompagnement adaptés",
            "Respecter la dignité et les choix de chacun sans discrimination, accueillir sans "
            "condition et aller à la rencontre des personnes là où elles en sont.",
        ),
        Section(
            "Une intervention proposée",
            "Offrir, selon nos moyens et le souhait de la personne, une aide matérielle, "
            "relationnelle ou sociale ; aider à renouer avec les institutions ; encourager "
            "la participation des personnes aux actions qui les concernent.",
        ),
        Section(
            "La citoyenneté contre l'exclusion",
            "Reconnaître l'identité et le parcours de chacun, l'aider à connaître et exercer "
            "ses droits, développer l'esprit critique et rompre l'isolement.",
        ),
        Section(
            "Déontologie",
            "Respecter le libre choix des personnes ; garder confidentiel ce qui les concerne, "
            "sauf danger pour un tiers ; ne partager le secret professionnel qu'avec leur "
            "consentement éclairé ; traiter les données personnelles selon le RGPD.",
        ),
        Section(
            "Méthodologie",
            "Construire le réseau, se concerter en connaissant les missions de chacun, "
            "intervenir dans les limites de sa compétence, se former, évaluer les actions et "
            "interpeller les décideurs.",
        ),
        Section(
            "Partenariat",
            "Être un acteur à part entière de la dynamique du réseau et contribuer à son "
            "travail méthodologique.",
        ),
        Section(
            "Adhésion et modifications",
            "La charte peut être modifiée avec l'accord des partenaires. Tout service peut la "
            "signer et devenir partenaire ; un membre effectif siège à l'assemblée générale.",
            commitment=False,
        ),
    ],
    ga_approved_on=date(2022, 3, 21),
    territory=lambda: territory.belgian(province="20002"),
    organisations=ORGANISATIONS,
    applicants=APPLICANTS,
    number_seed=300,
)
