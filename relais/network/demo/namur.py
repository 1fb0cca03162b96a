"""Relais social urbain namurois: the 31 signatories listed at the end of its charter.

Demo assumption: the charter gives no approval date; we use 14 June 2018.
"""

from datetime import date

from relais.core.axes import Axis

from . import territory
from .base import ASSOCIATION, HEALTH, PUBLIC, DemoNetwork, Org, Section

ORGANISATIONS = [
    Org("wallonie", "Wallonie – Service public de Wallonie Intérieur et Action sociale", PUBLIC, "Avenue Gouverneur Bovesse 100", "5100", "Namur", 50.4612, 4.8781, ga=True),
    Org("cpas-namur", "CPAS de Namur", PUBLIC, "Rue de Dave 165", "5100", "Namur", 50.4521, 4.8794, ga=True),
    Org("ville-namur", "Ville de Namur", PUBLIC, "Esplanade de l'Hôtel de Ville 1", "5000", "Namur", 50.4655, 4.8672, ga=True),
    Org("chr-namur", "Centre Hospitalier Régional de Namur", HEALTH, "Avenue Albert Ier 185", "5000", "Namur", 50.4535, 4.8563, ga=True),
    Org("centre-service-social-namur", "Centre de Service Social de Namur", ASSOCIATION, "Rue du Lombard 8", "5000", "Namur", 50.4640, 4.8645, registered=True),
    Org("restos-namur", "Les Restos du Cœur de Namur", ASSOCIATION, "Rue Saint-Nicolas 4", "5000", "Namur", 50.4628, 4.8720, ga=True, registered=True),
    Org("saint-vincent-de-paul-namur", "Société Saint-Vincent de Paul – Namur", ASSOCIATION, "Rue de Bruxelles 61", "5000", "Namur", 50.4681, 4.8619),
    Org("phenix-namur", "Phénix", ASSOCIATION, "Rue de Gembloux 12", "5002", "Namur", 50.4772, 4.8472, registered=True),
    Org("cai-namur", "Centre d'Action Interculturelle", ASSOCIATION, "Rue Docteur Haibe 2", "5002", "Namur", 50.4758, 4.8420),
    Org("sesame-namur", "Sésame", ASSOCIATION, "Rue Borgnet 4", "5000", "Namur", 50.4660, 4.8600, registered=True),
    Org("namur-entraide-sida", "Namur Entraide Sida", ASSOCIATION, "Rue Fumal 7", "5000", "Namur", 50.4634, 4.8590),
    Org("trois-portes-namur", "Les 3 Portes", ASSOCIATION, "Rue des Brasseurs 53", "5000", "Namur", 50.4627, 4.8655),
    Org("sauverdias", "Les Sauverdias", ASSOCIATION, "Rue de l'Arsenal 12", "5000", "Namur", 50.4620, 4.8622, ga=True),
    Org("province-namur", "Province de Namur", PUBLIC, "Place Saint-Aubain 2", "5000", "Namur", 50.4613, 4.8617),
    Org("mm-arsouilles", "Maison médicale des Arsouilles", HEALTH, "Rue des Tanneries 1", "5000", "Namur", 50.4649, 4.8618, registered=True),
    Org("re-verre", "Le Re-Verre", ASSOCIATION, "Rue Saint-Loup 6", "5000", "Namur", 50.4637, 4.8660),
    Org("espace-p-namur", "Espace P… Namur", ASSOCIATION, "Rue Saint-Nicolas 62", "5000", "Namur", 50.4622, 4.8745),
    Org("hnp-saint-martin", "Hôpital neuro-psychiatrique Saint-Martin", HEALTH, "Rue Saint-Hubert 84", "5100", "Namur", 50.4085, 4.8906),
    Org("ciep-namur", "Centre d'Information et d'Éducation Populaire (CIEP)", ASSOCIATION, "Rue de Dave 45", "5100", "Namur", 50.4560, 4.8760, registered=True),
    Org("li-ptite-buweye", "Li Ptite Buwèye", ASSOCIATION, "Rue de Dave 208", "5100", "Namur", 50.4487, 4.8789),
    Org("gabs", "Groupe d'Animation de la Basse-Sambre", ASSOCIATION, "Rue du Pont 35", "5060", "Sambreville", 50.4462, 4.6310, registered=True),
    Org("mm-bomel", "Maison médicale de Bomel", HEALTH, "Rue de Bomel 154", "5000", "Namur", 50.4730, 4.8650),
    Org("cpas-sambreville", "CPAS de Sambreville", PUBLIC, "Grand-Place 1", "5060", "Sambreville", 50.4470, 4.6302, ga=True),
    Org("croix-rouge-namur", "Croix-Rouge de Belgique – Maison Croix-Rouge de Namur", ASSOCIATION, "Rue de la Pépinière 29", "5000", "Namur", 50.4710, 4.8530),
    Org("lire-et-ecrire-namur", "Lire et Écrire Namur", ASSOCIATION, "Rue Relis Namurwès 1", "5000", "Namur", 50.4672, 4.8648, registered=True),
    Org("une-main-tendue", "Une Main tendue", ASSOCIATION, "Rue de Coquelet 40", "5000", "Namur", 50.4745, 4.8700),
    Org("mm-la-plante", "Maison médicale de La Plante", HEALTH, "Chaussée de Dinant 200", "5000", "Namur", 50.4465, 4.8630),
    Org("foyer-namurois", "Le Foyer namurois", PUBLIC, "Rue des Brasseurs 11", "5000", "Namur", 50.4630, 4.8668),
    Org("mm-balances", "Maison médicale des Balances", HEALTH, "Rue Patenier 33", "5000", "Namur", 50.4590, 4.8480),
    Org("sageiss-andenne", "SAGEISS – Service d'Assistance, de Guidance et d'Intervention de la Ville d'Andenne", PUBLIC, "Place des Tilleuls 1", "5300", "Andenne", 50.4896, 5.0941),
    Org("gestion-logement-namur", "Gestion Logement Namur", ASSOCIATION, "Rue Lelièvre 2", "5000", "Namur", 50.4668, 4.8612, registered=True),
]  # fmt: skip

APPLICANTS = [
    Org("epicerie-sociale-jambes", "Épicerie sociale de Jambes", ASSOCIATION, "Avenue Jean Materne 98", "5100", "Namur", 50.4568, 4.8720),
    Org("abri-gembloux", "Abri de nuit de Gembloux", ASSOCIATION, "Rue Théo Toussaint 12", "5030", "Gembloux", 50.5627, 4.6955),
]  # fmt: skip

NETWORK = DemoNetwork(
    slug="namur",
    name="Relais social urbain namurois",
    short_name="RSUN",
    country="BE",
    axes=[Axis.URGENCE_SOCIALE, Axis.ACCUEIL_DE_JOUR, Axis.ACCUEIL_DE_NUIT, Axis.TRAVAIL_DE_RUE],
    description=(
        "Le Relais social urbain namurois fait travailler ensemble les services publics et "
        "les associations de l'arrondissement de Namur qui accompagnent des personnes en grande "
        "précarité. Il organise l'aide de l'urgence à l'insertion autour de quatre axes, "
        "observe ce qui pousse les personnes vers l'exclusion et porte ces constats auprès "
        "des décideurs."
    ),
    ga_member_label="membre effectif",
    coordinator_name="Claire Dumont",
    phone_prefix="+32 81 24",
    charter_title="Charte du Relais social urbain namurois",
    charter_approved_on=date(2018, 6, 14),
    charter_sections=[
        Section(
            "Préambule",
            "Le réseau relie des services publics et des associations au service des personnes "
            "très précarisées, parfois au point de ne plus pouvoir dire ce dont elles ont "
            "besoin. Il met au jour ce qui fabrique l'exclusion, propose des réponses et tient "
            "une chaîne d'aide de l'urgence à l'insertion : urgence sociale, accueil de jour, "
            "accueil de nuit, travail de rue. Tout service de l'arrondissement qui adhère à la "
            "charte peut y prendre part.",
            commitment=False,
        ),
        Section(
            "La dignité",
            "Respecter chaque personne : la recevoir avec égards et écoute, l'aider sur les "
            "plans matériel, psychologique et social, à son rythme, sans juger sa façon de "
            "vivre.",
        ),
        Section(
            "La solidarité",
            "Soutenir les liens familiaux et sociaux, aider à trouver un hébergement, ouvrir "
            "l'accès aux soins et aux services sociaux et juridiques.",
        ),
        Section(
            "La citoyenneté",
            "Aider la personne à faire reconnaître son identité et ses droits, lui redonner "
            "confiance dans les services, l'informer pour sortir de l'isolement.",
        ),
        Section(
            "L'autonomie",
            "Accompagner sans faire à la place, aider à bâtir un projet de vie, éviter toute "
            "dépendance envers les services et associer les personnes aux actions qui les "
            "concernent.",
        ),
        Section(
            "Méthode et déontologie",
            "Construire le réseau ensemble, se concerter en connaissant les missions de chacun, "
            "se former, évaluer les actions communes, interpeller les décideurs sur les causes "
            "de l'exclusion et respecter les règles communes (devoir de réserve, secret "
            "professionnel partagé).",
        ),
        Section(
            "Partenariat",
            "Prendre une part active au travail du Relais social : coordination, mise en réseau "
            "et développement des compétences des services.",
        ),
    ],
    ga_approved_on=date(2019, 3, 21),
    territory=lambda: territory.belgian(nis_prefix="92"),
    organisations=ORGANISATIONS,
    applicants=APPLICANTS,
    number_seed=100,
)
