"""Le Mans Solidaire: the CCAS, the social centres and about thirty associations of Le Mans.

Demo assumption: the charter gives no approval date; we use 19 November 2010, the day of the
"Assises Le Mans Solidaire" it mentions. The network has no general assembly of its own: its
"GA members" are the members of the steering committee.
"""

from datetime import date

from relais.core.axes import LE_MANS_AXES

from . import territory
from .base import ASSOCIATION, HEALTH, PUBLIC, SOCIAL_CENTRE, DemoNetwork, Org, Section

ORGANISATIONS = [
    Org("ccas-le-mans", "CCAS du Mans", PUBLIC, "Place Saint-Pierre 4", "72000", "Le Mans", 48.0085, 0.1990, ga=True),
    Org("union-mancelle-centres-sociaux", "Union mancelle des centres sociaux", SOCIAL_CENTRE, "Rue de Flore 31", "72000", "Le Mans", 48.0040, 0.2040, ga=True, registered=True),
    Org("centre-social-sablons", "Centre social des Sablons", SOCIAL_CENTRE, "Rue Robert Collet 12", "72100", "Le Mans", 47.9915, 0.2260, registered=True),
    Org("centre-social-pontlieue", "Centre social de Pontlieue", SOCIAL_CENTRE, "Avenue Jean Jaurès 150", "72100", "Le Mans", 47.9870, 0.2010),
    Org("restos-sarthe", "Les Restos du Cœur de la Sarthe", ASSOCIATION, "Rue du Port 18", "72000", "Le Mans", 48.0020, 0.1930, ga=True, registered=True),
    Org("secours-populaire-le-mans", "Secours populaire français – Le Mans", ASSOCIATION, "Boulevard Demorieux 45", "72100", "Le Mans", 47.9830, 0.2120),
    Org("secours-catholique-le-mans", "Secours catholique – Le Mans", ASSOCIATION, "Rue Nationale 60", "72000", "Le Mans", 48.0030, 0.2000),
    Org("croix-rouge-le-mans", "Croix-Rouge française – Le Mans", ASSOCIATION, "Avenue Bollée 22", "72000", "Le Mans", 48.0065, 0.2130, registered=True),
    Org("accueil-jour-le-mans", "Accueil de jour du Mans", ASSOCIATION, "Rue Gambetta 80", "72000", "Le Mans", 48.0010, 0.1970),
    Org("siao-sarthe", "SIAO de la Sarthe (115)", PUBLIC, "Avenue Olivier Heuzé 35", "72000", "Le Mans", 48.0060, 0.1810, ga=True),
    Org("petits-freres-le-mans", "Les Petits Frères des Pauvres – Le Mans", ASSOCIATION, "Rue de la Mariette 10", "72000", "Le Mans", 48.0120, 0.1950),
    Org("banque-alimentaire-sarthe", "Banque alimentaire de la Sarthe", ASSOCIATION, "Rue des Frères Lumière 5", "72230", "Arnage", 47.9300, 0.1890, registered=True),
    Org("pass-ch-le-mans", "Centre hospitalier du Mans – Permanence d'accès aux soins de santé", HEALTH, "Avenue Rubillard 194", "72000", "Le Mans", 48.0200, 0.2050),
    Org("ccas-allonnes", "CCAS d'Allonnes", PUBLIC, "Place François Mitterrand 1", "72700", "Allonnes", 47.9680, 0.1600),
    Org("ccas-coulaines", "CCAS de Coulaines", PUBLIC, "Place de la Mairie 1", "72190", "Coulaines", 48.0250, 0.2040),
]  # fmt: skip

APPLICANTS = [
    Org("epicerie-solidaire-arnage", "Épicerie solidaire d'Arnage", ASSOCIATION, "Rue du Général de Gaulle 30", "72230", "Arnage", 47.9310, 0.1870),
    Org("atelier-francais-le-mans", "Atelier de français pour adultes du Mans", ASSOCIATION, "Rue Chanzy 14", "72000", "Le Mans", 48.0005, 0.2020),
]  # fmt: skip

NETWORK = DemoNetwork(
    slug="le-mans",
    name="Le Mans Solidaire",
    short_name="Le Mans Solidaire",
    country="FR",
    axes=list(LE_MANS_AXES),
    description=(
        "Le Mans Solidaire rassemble le CCAS, les centres sociaux et une trentaine "
        "d'associations du Mans autour d'une charte de valeurs communes. Ensemble, ils "
        "apprennent à se connaître, partagent leurs pratiques et leurs indicateurs et "
        "tiennent à jour un annuaire des ressources locales pour mieux orienter les personnes."
    ),
    ga_member_label="membre du comité de pilotage",
    coordinator_name="Inès Poncelet",
    phone_prefix="+33 2 61 91",
    charter_title="Charte « Le Mans Solidaire »",
    charter_approved_on=date(2010, 11, 19),
    charter_sections=[
        Section(
            "Avant-propos",
            "Associations, centres sociaux et CCAS se croisaient sans vraiment travailler "
            "ensemble. En 2010, année européenne de lutte contre la pauvreté, ils ont écrit "
            "ensemble cette charte : un socle de valeurs et un outil vivant pour guider l'action "
            "de chaque structure signataire.",
            commitment=False,
        ),
        Section(
            "Des valeurs communes",
            "Considérer chaque personne dans sa globalité et ses droits ; agir avec elle ; "
            "partager nos pratiques. Nos valeurs : solidarité, laïcité et démocratie, "
            "l'utilisateur au cœur de l'action, autonomie et citoyenneté, respect, tolérance "
            "et non-discrimination, portées par la dimension humaine.",
            commitment=False,
        ),
        Section(
            "Article 1 : Faire avec la personne, pas à sa place",
            "Accueillir chacun avec bienveillance, quelle que soit la raison de sa venue, et "
            "l'informer du cadre de la structure pour qu'il y trouve sa place d'acteur.",
        ),
        Section(
            "Article 2 : Reconnaître la personne comme responsable et capable",
            "Voir en chacun quelqu'un qui a quelque chose à apporter, soutenir l'expression de "
            "ses compétences et l'aider à mener son propre projet.",
        ),
        Section(
            "Article 3 : Respecter le libre choix des structures",
            "La personne n'appartient à aucune structure : chacune connaît le réseau local et "
            "sait passer le relais selon les besoins.",
        ),
        Section(
            "Article 4 : Rester vigilants sur nos pratiques",
            "Ne demander que les documents strictement utiles, informer la personne de tout "
            "partage d'information, ne rien conserver ni diffuser sans son accord et lui "
            "ouvrir son dossier à tout moment.",
        ),
        Section(
            "Des indicateurs sociaux partagés",
            "Une fiche commune d'indicateurs tirée des rapports d'activité (activité, publics, "
            "prestations), des rencontres d'échanges régulières et un annuaire des ressources "
            "locales pour orienter les personnes.",
            commitment=False,
        ),
    ],
    ga_approved_on=date(2011, 6, 16),
    territory=territory.le_mans,
    organisations=ORGANISATIONS,
    applicants=APPLICANTS,
    number_seed=500,
)
