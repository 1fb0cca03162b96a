"""Relais social intercommunal de la province de Luxembourg: a rural province, a wide territory.

Demo assumptions: the charter gives no approval date (we use 24 September 2020) and lists no
axes (we use the four axes shared by the Walloon relais sociaux).
"""

from datetime import date

from relais.core.axes import Axis

from . import territory
from .base import ASSOCIATION, HEALTH, PUBLIC, DemoNetwork, Org, Section

ORGANISATIONS = [
    Org("cpas-arlon", "CPAS d'Arlon", PUBLIC, "Rue de Sesselich 83", "6700", "Arlon", 49.6785, 5.8120, ga=True),
    Org("cpas-marche", "CPAS de Marche-en-Famenne", PUBLIC, "Rue des Carmes 17", "6900", "Marche-en-Famenne", 50.2262, 5.3440, ga=True),
    Org("cpas-bastogne", "CPAS de Bastogne", PUBLIC, "Rue des Brasseurs 2", "6600", "Bastogne", 50.0008, 5.7180, ga=True),
    Org("cpas-libramont", "CPAS de Libramont-Chevigny", PUBLIC, "Place Communale 9", "6800", "Libramont-Chevigny", 49.9205, 5.3795),
    Org("cpas-virton", "CPAS de Virton", PUBLIC, "Rue Croix-le-Maire 19", "6760", "Virton", 49.5672, 5.5330),
    Org("cpas-neufchateau", "CPAS de Neufchâteau", PUBLIC, "Grand-Place 1", "6840", "Neufchâteau", 49.8405, 5.4355),
    Org("province-luxembourg-social", "Province de Luxembourg – Service provincial social et santé", PUBLIC, "Square Albert Ier 1", "6700", "Arlon", 49.6830, 5.8155, ga=True),
    Org("abri-arlon", "Abri de nuit d'Arlon", ASSOCIATION, "Rue de Neufchâteau 42", "6700", "Arlon", 49.6855, 5.8055, registered=True),
    Org("accueil-jour-marche", "Accueil de jour « Le Tremplin » (Marche)", ASSOCIATION, "Rue du Commerce 12", "6900", "Marche-en-Famenne", 50.2270, 5.3455, registered=True),
    Org("travail-de-rue-lux", "Travail de rue en province de Luxembourg", ASSOCIATION, "Rue de Diekirch 30", "6700", "Arlon", 49.6840, 5.8190),
    Org("restos-marche", "Les Restos du Cœur de Marche-en-Famenne", ASSOCIATION, "Rue Victor Libert 6", "6900", "Marche-en-Famenne", 50.2250, 5.3430, ga=True, registered=True),
    Org("ais-nord-luxembourg", "Agence immobilière sociale Nord-Luxembourg", ASSOCIATION, "Rue Pierre Thomas 4", "6600", "Bastogne", 49.9995, 5.7160, registered=True),
    Org("mm-arlon", "Maison médicale d'Arlon", HEALTH, "Rue des Martyrs 21", "6700", "Arlon", 49.6800, 5.8140),
    Org("chcentre-ardenne", "Vivalia – Centre hospitalier de l'Ardenne", HEALTH, "Avenue de Houffalize 35", "6800", "Libramont-Chevigny", 49.9240, 5.3820),
    Org("croix-rouge-bastogne", "Croix-Rouge de Belgique – Maison d'accueil de Bastogne", ASSOCIATION, "Chaussée d'Houffalize 1", "6600", "Bastogne", 50.0040, 5.7200),
    Org("lire-et-ecrire-luxembourg", "Lire et Écrire Luxembourg", ASSOCIATION, "Rue du Village 4", "6800", "Libramont-Chevigny", 49.9190, 5.3780, registered=True),
]  # fmt: skip

APPLICANTS = [
    Org("epicerie-virton", "Épicerie solidaire de Virton", ASSOCIATION, "Rue d'Arlon 15", "6760", "Virton", 49.5690, 5.5350),
    Org("cpas-bouillon", "CPAS de Bouillon", PUBLIC, "Rue du Collège 33", "6830", "Bouillon", 49.7940, 5.0670),
]  # fmt: skip

NETWORK = DemoNetwork(
    slug="luxembourg",
    name="Relais social intercommunal de la province de Luxembourg",
    short_name="RSI Luxembourg",
    country="BE",
    axes=[Axis.URGENCE_SOCIALE, Axis.ACCUEIL_DE_JOUR, Axis.ACCUEIL_DE_NUIT, Axis.TRAVAIL_DE_RUE],
    description=(
        "Dans une province étendue, peu peuplée et mal desservie par les transports, "
        "l'isolement guette les personnes fragilisées. Le Relais social relie les CPAS et "
        "les associations de toute la province pour repérer ce qui exclut, coordonner les "
        "réponses et accompagner les personnes de l'urgence à l'insertion."
    ),
    ga_member_label="membre associé",
    coordinator_name="Véronique Masson",
    phone_prefix="+32 63 22",
    charter_title="Charte du Relais social intercommunal de la province de Luxembourg",
    charter_approved_on=date(2020, 9, 24),
    charter_sections=[
        Section(
            "Préambule",
            "Le Relais social combat l'exclusion des personnes en grande précarité dans une "
            "province rurale où la distance et le manque de transports isolent. En réunissant "
            "services publics et associations, il repère les mécanismes d'exclusion et "
            "coordonne les actions, de l'urgence à l'insertion, partout dans la province.",
            commitment=False,
        ),
        Section(
            "La dignité",
            "Aller vers la personne, l'accueillir sans condition et avec bienveillance, "
            "l'aider selon ses besoins et ses souhaits, et la reconnaître comme auteure de "
            "son projet de vie.",
        ),
        Section(
            "L'autonomie",
            "Respecter son rythme, l'informer du rôle de chaque intervenant, relier les "
            "projets autour d'elle et avec elle, l'accompagner sans faire à sa place ni créer "
            "de dépendance.",
        ),
        Section(
            "La lutte contre l'isolement",
            "Entretenir ou recréer des liens familiaux et sociaux et donner à la personne les "
            "moyens de participer à la vie en société.",
        ),
        Section(
            "La citoyenneté",
            "Faire connaître ses droits et ses devoirs, restaurer sa confiance dans l'aide "
            "sociale, ouvrir l'accès aux soins et aux services sociaux et juridiques.",
        ),
        Section(
            "Déontologie",
            "Respecter le secret professionnel et le devoir de réserve ; chaque partenaire "
            "assume ses responsabilités selon ses missions.",
        ),
        Section(
            "Partenariat",
            "Participer pleinement au Relais social et à un réseau durable, fondé sur la "
            "concertation, la mise en commun des ressources et le respect de l'identité de "
            "chacun.",
        ),
        Section(
            "Méthode",
            "Évaluer en continu les dispositifs et les actions, se former, rester attentifs "
            "aux causes de l'exclusion et interpeller les décideurs qui peuvent agir.",
        ),
        Section(
            "Adhésion",
            "Tout service peut signer la charte et devenir partenaire ; un membre associé siège "
            "en outre à l'assemblée générale.",
            commitment=False,
        ),
    ],
    ga_approved_on=date(2021, 3, 18),
    territory=lambda: territory.belgian(province="80000"),
    organisations=ORGANISATIONS,
    applicants=APPLICANTS,
    number_seed=200,
)
