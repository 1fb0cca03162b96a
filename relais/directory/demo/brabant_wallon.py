"""Services of the Relais social intercommunal du Brabant wallon: Wavre, Nivelles,
Ottignies-Louvain-la-Neuve and the smaller towns of the province."""

from relais.network.demo import brabant_wallon

from .base import DemoDirectory, Place, places_of
from .catalogue import (
    COUPLES,
    DAY_CENTRE_IN_OTHER_LANGUAGES,
    HOMMES,
    JEUNES,
    JEUNES_ADULTES,
    PARCELS_IN_OTHER_LANGUAGES,
    SHELTER_IN_OTHER_LANGUAGES,
    W_FAMILLES,
    W_FEMMES,
    full_tonight,
    service,
    translated,
    winter_plan,
    works,
)

CENTRES = {
    ("Wavre", "1300"): (50.7170, 4.6080),
    ("Wavre", "1301"): (50.7080, 4.5890),
    ("Nivelles", "1400"): (50.5980, 4.3280),
    ("Ottignies-Louvain-la-Neuve", "1340"): (50.6660, 4.5680),
    ("Ottignies-Louvain-la-Neuve", "1348"): (50.6690, 4.6140),
    ("Braine-l’Alleud", "1420"): (50.6830, 4.3680),
    ("Tubize", "1480"): (50.6910, 4.2050),
    ("Jodoigne", "1370"): (50.7240, 4.8700),
    ("Waterloo", "1410"): (50.7150, 4.3990),
    ("Rixensart", "1330"): (50.7120, 4.5290),
    ("Genappe", "1470"): (50.6110, 4.4510),
    ("Perwez", "1360"): (50.6240, 4.8130),
    ("Court-Saint-Etienne", "1490"): (50.6330, 4.5680),
    ("Rebecq", "1430"): (50.6630, 4.1330),
}
at, mobile = places_of(CENTRES)

SERVICES = [
    service(
        "abri_de_nuit",
        "abri-nivelles",
        "abri-nivelles",
        "Abri de nuit de Nivelles",
        capacity=14,
        translations=SHELTER_IN_OTHER_LANGUAGES,
        languages=("fr", "nl", "en", "ar", "uk"),
        notes=(full_tonight(),),
        verified_days_ago=9,
    ),
    service(
        "plan_hiver",
        "plan-hiver-nivelles",
        "abri-nivelles",
        "Plan hiver : places de nuit supplémentaires",
        at=at("Rue de Soignies 18", "1400", "Nivelles", name="Salle paroissiale"),
        capacity=12,
        notes=(winter_plan(),),
    ),
    service(
        "permanence_sociale",
        "permanence-nivelles",
        "cpas-nivelles",
        "Permanence sociale de Nivelles",
        verified_days_ago=200,
    ),
    service(
        "epicerie",
        "epicerie-nivelles",
        "cpas-nivelles",
        "Épicerie sociale de Nivelles",
        at=at("Rue de Charleroi 21", "1400", "Nivelles"),
        opening_hours="Tu,Th 13:30-17:00; Sa 09:30-12:00",
    ),
    service(
        "adresse_reference", "adresse-reference-nivelles", "cpas-nivelles", "Adresse de référence"
    ),
    service(
        "accueil_de_jour",
        "la-halte",
        "accueil-jour-wavre",
        "Accueil de jour « La Halte »",
        capacity=30,
        opening_hours="Mo-Fr 08:30-16:30; PH 10:00-14:00",
        translations=DAY_CENTRE_IN_OTHER_LANGUAGES,
        languages=("fr", "en", "ar"),
        verified_days_ago=18,
    ),
    service(
        "douches",
        "douches-wavre",
        "accueil-jour-wavre",
        "Douches, lessive et consigne",
        description=(
            "Douches chaudes, lessive et une consigne pour laisser son sac en sécurité la "
            "journée. Produits d'hygiène et linge de rechange si besoin."
        ),
        opening_hours="Mo-Fr 08:30-11:00",
        capacity=12,
    ),
    service(
        "restaurant_social",
        "petit-dejeuner-samedi",
        "accueil-jour-wavre",
        "Petit-déjeuner du samedi",
        description=(
            "Le samedi matin, quand l'accueil de jour est fermé, un petit-déjeuner copieux "
            "servi par des bénévoles."
        ),
        opening_hours="Sa 08:30-11:00",
        cost="free",
        cost_details="",
        capacity=35,
    ),
    service("permanence_sociale", "permanence-wavre", "cpas-wavre", "Permanence sociale de Wavre"),
    service(
        "urgence_sociale",
        "urgence-sociale-bw",
        "cpas-wavre",
        "Urgence sociale du Brabant wallon",
        verified_days_ago=2,
    ),
    service(
        "mediation_dettes",
        "mediation-dettes-wavre",
        "cpas-wavre",
        "Médiation de dettes",
        verified_days_ago=365,
    ),
    service(
        "housing_first",
        "housing-first-bw",
        "cpas-wavre",
        "Housing First Brabant wallon",
        capacity=15,
    ),
    service(
        "restaurant_social",
        "resto-wavre",
        "restos-wavre",
        "Restaurant du cœur de Wavre",
        opening_hours="Mo,We,Fr 11:45-13:30",
        capacity=60,
        languages=("fr", "nl"),
    ),
    service(
        "colis",
        "colis-wavre",
        "restos-wavre",
        "Colis alimentaires à Wavre",
        capacity=110,
        translations=PARCELS_IN_OTHER_LANGUAGES,
        languages=("fr", "en"),
    ),
    service(
        "colis",
        "colis-jodoigne",
        "restos-wavre",
        "Colis alimentaires à Jodoigne",
        at=at("Rue du Château 9", "1370", "Jodoigne"),
        opening_hours="Sa 09:00-11:30",
        capacity=40,
        verified_days_ago=190,
    ),
    service(
        "travail_de_rue",
        "tdr-lln",
        "travail-de-rue-bw",
        "Travail de rue à Ottignies-Louvain-la-Neuve",
        at=mobile(
            "Gare d'Ottignies, Grand-Place et galeries de Louvain-la-Neuve",
            "1348",
            "Ottignies-Louvain-la-Neuve",
        ),
        opening_hours="Tu,Th 19:00-23:00; We 14:00-18:00",
        publics=("personnes-en-situation-durgence", JEUNES),
    ),
    service(
        "travail_de_rue",
        "tdr-wavre",
        "travail-de-rue-bw",
        "Travail de rue à Wavre",
        at=mobile("Centre de Wavre, gare et bords de la Dyle", "1300", "Wavre"),
        opening_hours="Mo,Th 10:00-16:00",
    ),
    service(
        "travail_de_rue",
        "tdr-tubize",
        "travail-de-rue-bw",
        "Travail de rue à Tubize",
        at=mobile("Tubize : centre et cités", "1480", "Tubize"),
        opening_hours="We 14:00-19:00; Fr 18:00-22:00",
        welcomes=(JEUNES_ADULTES, "mineurs"),
    ),
    service(
        "travail_de_rue",
        "tdr-braine",
        "travail-de-rue-bw",
        "Travail de rue à Braine-l'Alleud et Waterloo",
        at=mobile("Braine-l'Alleud et Waterloo : gares et centres", "1420", "Braine-l’Alleud"),
        opening_hours="Tu 13:00-18:00; Th 19:00-23:00",
        verified_days_ago=300,
    ),
    service(
        "travail_de_rue",
        "tdr-nivelles",
        "travail-de-rue-bw",
        "Travail de rue à Nivelles",
        at=mobile("Nivelles : Grand-Place, gare et parc de la Dodaine", "1400", "Nivelles"),
        opening_hours="Mo,Fr 14:00-18:00",
    ),
    service(
        "maison_accueil",
        "le-relais",
        "maison-accueil-lln",
        "Maison d'accueil « Le Relais »",
        description=(
            "Une maison d'accueil pour des femmes, avec ou sans enfants, et des familles sans "
            "logement : une chambre, un accompagnement social et un soutien à la parentalité "
            "pendant quelques mois."
        ),
        capacity=20,
        welcomes=(W_FEMMES, W_FAMILLES),
        publics=("femmes", "familles"),
        verified_days_ago=27,
    ),
    service(
        "maison_accueil",
        "transit-lln",
        "maison-accueil-lln",
        "Logements de transit",
        description=(
            "Quatre appartements pour une étape entre la maison d'accueil et un logement à "
            "soi, avec un suivi chaque semaine."
        ),
        at=at("Rue des Bruyères 3", "1348", "Ottignies-Louvain-la-Neuve"),
        capacity=4,
        welcomes=(W_FEMMES, W_FAMILLES),
        professionals=True,
    ),
    service(
        "permanence_sociale",
        "permanence-ottignies",
        "cpas-ottignies",
        "Permanence sociale d'Ottignies-Louvain-la-Neuve",
        languages=("fr", "en"),
    ),
    service(
        "epicerie",
        "epicerie-ottignies",
        "cpas-ottignies",
        "Épicerie sociale d'Ottignies",
        at=at("Avenue des Combattants 52", "1340", "Ottignies-Louvain-la-Neuve"),
    ),
    service(
        "assuetudes",
        "comptoir-lln",
        "cpas-ottignies",
        "Point santé et réduction des risques",
        at=at("Place de l'Université 25", "1348", "Ottignies-Louvain-la-Neuve"),
        opening_hours="Tu,Th 12:00-17:00",
        welcomes=(JEUNES_ADULTES, "tout_public"),
    ),
    service(
        "vestiaire",
        "vestiboutique-ottignies",
        "croix-rouge-ottignies",
        "Vestiboutique de la Croix-Rouge",
        cost="participation",
        cost_details="Quelques euros la pièce ; gratuit sur orientation d'un service social.",
    ),
    service(
        "colis",
        "aide-urgence-ottignies",
        "croix-rouge-ottignies",
        "Aide alimentaire d'urgence",
        description=(
            "Un colis de dépannage pour quelques jours, sans inscription préalable, en "
            "attendant une aide plus durable."
        ),
        opening_hours="Mo,Th 14:00-16:00",
        conditions="",
        access_modes=("walk_in",),
        capacity=30,
    ),
    service(
        "permanence_sociale",
        "permanence-braine",
        "cpas-braine-l-alleud",
        "Permanence sociale de Braine-l'Alleud",
    ),
    service(
        "numerique",
        "epn-braine",
        "cpas-braine-l-alleud",
        "Espace public numérique",
        at=at("Rue du Château 47", "1420", "Braine-l’Alleud"),
        notes=(works("Fermé pour travaux d'électricité.", starts=6, ends=13),),
    ),
    service(
        "permanence_sociale",
        "permanence-tubize",
        "cpas-tubize",
        "Permanence sociale de Tubize",
        verified_days_ago=210,
    ),
    service(
        "maison_accueil",
        "logement-urgence-tubize",
        "cpas-tubize",
        "Logement d'urgence de Tubize",
        description=(
            "Deux logements meublés pour des personnes ou des familles qui perdent leur "
            "logement du jour au lendemain."
        ),
        at=at("Rue de Bruxelles 88", "1480", "Tubize"),
        capacity=2,
        welcomes=(HOMMES, W_FEMMES, W_FAMILLES, COUPLES),
        access_modes=("referral",),
        professionals=True,
    ),
    service("soins", "soins-tubize", "mm-tubize", "Consultations sans rendez-vous"),
    service(
        "soins",
        "soins-rebecq",
        "mm-tubize",
        "Antenne médicale de Rebecq",
        at=at("Rue Docteur Colson 5", "1430", "Rebecq"),
        opening_hours="Tu,Fr 08:30-11:00; PH off",
    ),
    service(
        "permanence_sociale",
        "permanence-jodoigne",
        "cpas-jodoigne",
        "Permanence sociale de Jodoigne",
        opening_hours="Mo,Tu,Th 09:00-11:30; PH off",
    ),
    service(
        "accueil_de_jour",
        "espace-jour-jodoigne",
        "cpas-jodoigne",
        "Espace de jour de l'est du Brabant wallon",
        description=(
            "Une salle chaleureuse deux jours par semaine : repas de midi, douche, lessive et "
            "une assistante sociale présente pour les démarches."
        ),
        at=at("Rue Saint-Médard 10", "1370", "Jodoigne"),
        opening_hours="Tu,Th 09:30-15:00",
        capacity=15,
    ),
    service(
        "logement_ais",
        "ais-bw",
        "ais-brabant-wallon",
        "Agence immobilière sociale du Brabant wallon",
    ),
    service(
        "ecoute",
        "sante-mentale-wavre",
        "province-bw-social",
        "Service provincial de santé mentale : premier accueil",
        description=(
            "Une écoute rapide pour une souffrance psychique, pour soi ou un proche, puis une "
            "orientation vers une consultation."
        ),
        axes=("urgence_sociale",),
        access_modes=("walk_in", "phone"),
    ),
    service(
        "violences",
        "violences-bw",
        "province-bw-social",
        "Accueil des victimes de violences conjugales",
        at=Place("", "1400", "Nivelles", 50.5980, 4.3280),
        capacity=8,
    ),
    service(
        "psy_mobile",
        "equipe-mobile-bw",
        "province-bw-social",
        "Équipe mobile de crise",
        at=mobile("Tout le Brabant wallon", "1300", "Wavre"),
    ),
    service(
        "droits_etrangers",
        "droits-etrangers-wavre",
        "province-bw-social",
        "Permanence droit des étrangers",
        at=at("Rue de Nivelles 14", "1300", "Wavre"),
        translations=(
            translated(
                "ar",
                "استقبال للإعلام القانوني للأجانب: الإقامة، لمّ الشمل العائلي، المساعدة الطبية "
                "العاجلة، الطعون. يمكن توفير مترجم بموعد مسبق.",
            ),
            translated(
                "uk",
                "Юридична консультація для іноземців: перебування, возз'єднання родини, "
                "невідкладна медична допомога, оскарження рішень. Перекладач — за записом.",
            ),
        ),
        languages=("fr", "en", "ar", "uk"),
    ),
    service(
        "alphabetisation",
        "alpha-nivelles",
        "lire-et-ecrire-bw",
        "Cours d'alphabétisation à Nivelles",
    ),
    service(
        "alphabetisation",
        "alpha-wavre",
        "lire-et-ecrire-bw",
        "Cours d'alphabétisation à Wavre",
        at=at("Rue Barbier 9", "1300", "Wavre"),
        opening_hours="Mo-Th 13:30-16:00; PH off",
    ),
    service(
        "alphabetisation",
        "alpha-court-saint-etienne",
        "lire-et-ecrire-bw",
        "Cours d'alphabétisation à Court-Saint-Etienne",
        at=at("Rue Belotte 2", "1490", "Court-Saint-Etienne"),
        opening_hours="Tu,Th 09:00-12:00; PH off",
        verified_days_ago=None,
    ),
]

DIRECTORY = DemoDirectory(
    network=brabant_wallon.NETWORK.slug,
    phone_prefix=brabant_wallon.NETWORK.phone_prefix,
    country=brabant_wallon.NETWORK.country,
    services=SERVICES,
)
