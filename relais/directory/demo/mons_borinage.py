"""Services of the Relais social de Mons-Borinage: six axes, from social emergency to food aid
and housing, in Mons and the Borinage towns."""

from relais.network.demo import mons_borinage

from .base import DemoDirectory, Place, places_of
from .catalogue import (
    ANIMAUX,
    DAY_CENTRE_IN_OTHER_LANGUAGES,
    HOMMES,
    IMPAYES,
    INFO_LOGEMENT,
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
    ("Mons", "7000"): (50.4542, 3.9523),
    ("Mons", "7011"): (50.4760, 3.9030),
    ("Mons", "7012"): (50.4510, 3.8890),
    ("Mons", "7020"): (50.4710, 3.9530),
    ("Mons", "7033"): (50.4360, 3.9230),
    ("Quaregnon", "7390"): (50.4400, 3.8650),
    ("Frameries", "7080"): (50.4070, 3.8950),
    ("Boussu", "7300"): (50.4340, 3.7950),
    ("Boussu", "7301"): (50.4330, 3.8290),
    ("Colfontaine", "7340"): (50.4100, 3.8500),
    ("Saint-Ghislain", "7330"): (50.4470, 3.8190),
    ("Dour", "7370"): (50.3960, 3.7780),
    ("Quévy", "7040"): (50.3660, 3.9400),
    ("Jurbise", "7050"): (50.5300, 3.9100),
}
at, mobile = places_of(CENTRES)

SERVICES = [
    service(
        "abri_de_nuit",
        "abri-mons",
        "abri-mons",
        "Abri de nuit de Mons",
        capacity=30,
        welcomes=(HOMMES, W_FEMMES, "couples", JEUNES_ADULTES, ANIMAUX),
        translations=SHELTER_IN_OTHER_LANGUAGES,
        languages=("fr", "nl", "en", "ar", "uk"),
        notes=(winter_plan(),),
        verified_days_ago=4,
    ),
    service(
        "abri_de_nuit",
        "abri-familles",
        "abri-mons",
        "Abri de nuit pour femmes et familles",
        description=(
            "Des chambres séparées pour des femmes seules et des parents avec leurs enfants, "
            "un repas chaud le soir, une salle de bain par chambre et un petit-déjeuner."
        ),
        at=at("Rue des Tuileries 15", "7000", "Mons"),
        capacity=18,
        welcomes=(W_FEMMES, W_FAMILLES),
        publics=("femmes", "familles", "personnes-en-situation-durgence"),
        opening_hours="Mo-Su 18:00-09:00",
        notes=(full_tonight(),),
    ),
    service(
        "plan_hiver",
        "plan-hiver-mons",
        "abri-mons",
        "Plan hiver : accueil de nuit supplémentaire",
        at=at("Rue du Onze Novembre 6", "7000", "Mons", name="Salle du Manège"),
        capacity=35,
        notes=(winter_plan("Plan grand froid : ouvert aussi la journée tant qu'il gèle."),),
    ),
    service(
        "urgence_sociale",
        "urgence-sociale-mons",
        "cpas-mons",
        "Relais santé et urgence sociale de Mons",
        verified_days_ago=6,
        translations=(
            translated(
                "nl",
                "Een telefoonlijn dag en nacht voor noodsituaties: iemand op straat, geweld, "
                "ontslag uit het ziekenhuis zonder oplossing. Het team zoekt een plaats, komt "
                "indien nodig ter plaatse en geeft de fakkel door aan de dagdiensten.",
            ),
        ),
    ),
    service("permanence_sociale", "permanence-mons", "cpas-mons", "Permanence sociale de Mons"),
    service("adresse_reference", "adresse-reference-mons", "cpas-mons", "Adresse de référence"),
    service(
        "housing_first",
        "housing-first-mons",
        "cpas-mons",
        "Housing First Mons-Borinage",
        capacity=30,
        verified_days_ago=250,
    ),
    service(
        "mediation_dettes", "mediation-dettes-mons", "cpas-mons", "Service de médiation de dettes"
    ),
    service(
        "maison_accueil",
        "maison-accueil-cuesmes",
        "cpas-mons",
        "Maison d'accueil de Cuesmes",
        at=at("Rue de l'Agrappe 3", "7033", "Mons"),
        capacity=22,
        welcomes=(HOMMES, "couples"),
    ),
    service(
        "travail_de_rue",
        "tdr-mons-centre",
        "ville-mons",
        "Travail de rue — centre de Mons",
        at=mobile("Grand-Place, gare, piétonnier et parc du Waux-Hall", "7000", "Mons"),
        verified_days_ago=15,
    ),
    service(
        "travail_de_rue",
        "maraude-mons",
        "ville-mons",
        "Maraude de nuit",
        description=(
            "L'hiver, une équipe en voiture passe la nuit dans les lieux où dorment des "
            "personnes : boisson chaude, couverture, et une place à l'abri si elles le veulent."
        ),
        at=mobile("Mons et ses villages", "7000", "Mons"),
        opening_hours="Mo-Su 21:30-01:30",
    ),
    service(
        "numerique",
        "epn-mons",
        "ville-mons",
        "Espace public numérique",
        at=at("Rue de la Seuwe 17", "7000", "Mons"),
        verified_days_ago=410,
    ),
    service(
        "violences",
        "violences-mons",
        "ville-mons",
        "Accueil des victimes de violences conjugales",
        at=Place("", "7000", "Mons", 50.4542, 3.9523),
        capacity=12,
    ),
    service(
        "travail_de_rue",
        "tdr-jemappes",
        "travail-de-rue-borinage",
        "Travail de rue à Jemappes",
        at=mobile("Jemappes : place, gare et cités", "7012", "Mons"),
        opening_hours="Mo,We 14:00-19:00",
    ),
    service(
        "travail_de_rue",
        "tdr-quaregnon",
        "travail-de-rue-borinage",
        "Travail de rue à Quaregnon",
        at=mobile("Quaregnon : centre et Wasmuel", "7390", "Quaregnon"),
        opening_hours="Tu 13:00-18:00",
    ),
    service(
        "travail_de_rue",
        "tdr-frameries-colfontaine",
        "travail-de-rue-borinage",
        "Travail de rue à Frameries et Colfontaine",
        at=mobile("Frameries, La Bouverie, Pâturages et Wasmes", "7080", "Frameries"),
        opening_hours="Th 13:00-18:00; Fr 19:00-23:00",
    ),
    service(
        "travail_de_rue",
        "tdr-boussu",
        "travail-de-rue-borinage",
        "Travail de rue à Boussu et Hornu",
        at=mobile("Boussu, Hornu et Saint-Ghislain", "7301", "Boussu"),
        opening_hours="We 13:00-18:00",
        verified_days_ago=220,
    ),
    service(
        "accueil_de_jour",
        "le-sablier",
        "accueil-jour-mons",
        "Accueil de jour « Le Sablier »",
        capacity=40,
        opening_hours="Mo-Fr 08:00-16:00; Sa,Su 09:00-13:00",
        translations=DAY_CENTRE_IN_OTHER_LANGUAGES,
        languages=("fr", "en", "ar", "it"),
        verified_days_ago=11,
    ),
    service(
        "douches",
        "douches-mons",
        "accueil-jour-mons",
        "Douches et buanderie",
        opening_hours="Mo-Fr 08:00-11:00",
        capacity=20,
        notes=(
            works(
                "Douches fermées pour réparation ; douches ouvertes à l'abri de nuit de 8 h à 9 h.",
                starts=-3,
                ends=4,
            ),
        ),
    ),
    service(
        "restaurant_social",
        "resto-mons",
        "restos-mons",
        "Restaurant du cœur de Mons",
        capacity=100,
        verified_days_ago=30,
    ),
    service(
        "colis",
        "colis-mons",
        "restos-mons",
        "Colis alimentaires à Mons",
        capacity=200,
        translations=PARCELS_IN_OTHER_LANGUAGES,
        languages=("fr", "en", "ar"),
    ),
    service(
        "restaurant_social",
        "petit-dejeuner-mons",
        "restos-mons",
        "Petit-déjeuner du dimanche",
        description=(
            "Le dimanche matin, café, pain, œufs et fruits, servis par des bénévoles, pour "
            "commencer la journée au chaud."
        ),
        opening_hours="Su 08:00-10:30",
        cost="free",
        cost_details="",
        capacity=50,
    ),
    service(
        "epicerie",
        "epicerie-frameries",
        "epicerie-frameries",
        "Épicerie sociale de Frameries",
        verified_days_ago=180,
    ),
    service(
        "colis",
        "colis-frameries",
        "epicerie-frameries",
        "Colis et fruits et légumes de saison",
        description=(
            "Des colis de base et des fruits et légumes récupérés chez les maraîchers de la "
            "région, distribués chaque semaine."
        ),
        opening_hours="Fr 13:30-16:30",
        capacity=60,
    ),
    service(
        "permanence_sociale",
        "permanence-frameries",
        "cpas-frameries",
        "Permanence sociale de Frameries",
    ),
    service(
        "permanence_sociale",
        "permanence-quaregnon",
        "cpas-quaregnon",
        "Permanence sociale de Quaregnon",
    ),
    service(
        "epicerie",
        "epicerie-quaregnon",
        "cpas-quaregnon",
        "Épicerie sociale de Quaregnon",
        at=at("Rue Jules Destrée 40", "7390", "Quaregnon"),
        opening_hours="Tu,Th 09:00-12:00",
    ),
    service(
        "permanence_sociale", "permanence-boussu", "cpas-boussu", "Permanence sociale de Boussu"
    ),
    service(
        "maison_accueil",
        "logement-urgence-boussu",
        "cpas-boussu",
        "Logements d'urgence de Boussu",
        description=(
            "Trois logements meublés pour quelques semaines après une expulsion, un incendie "
            "ou une séparation, avec l'appui d'une assistante sociale."
        ),
        capacity=3,
        welcomes=(W_FAMILLES, W_FEMMES, HOMMES),
        access_modes=("referral",),
        professionals=True,
    ),
    service(
        "permanence_sociale",
        "permanence-colfontaine",
        "cpas-colfontaine",
        "Permanence sociale de Colfontaine",
        verified_days_ago=260,
    ),
    service(
        "restaurant_social",
        "resto-wasmes",
        "cpas-colfontaine",
        "Restaurant social de Wasmes",
        at=at("Rue du Bois 12", "7340", "Colfontaine"),
        opening_hours="Mo,Tu,Th,Fr 11:30-13:00",
        capacity=40,
    ),
    service(
        "permanence_sociale",
        "permanence-saint-ghislain",
        "cpas-saint-ghislain",
        "Permanence sociale de Saint-Ghislain",
    ),
    service(
        "colis",
        "colis-saint-ghislain",
        "cpas-saint-ghislain",
        "Colis alimentaires du CPAS",
        opening_hours="We 09:00-11:30",
        capacity=45,
        access_modes=("referral",),
    ),
    service(
        "logement_ais",
        "ais-mons",
        "ais-mons-borinage",
        "Agence immobilière sociale Mons-Borinage",
        verified_days_ago=130,
    ),
    service(
        "logement_ais",
        "recherche-logement-jemappes",
        "ais-mons-borinage",
        "Aide à la recherche de logement",
        description=(
            "Une permanence pour chercher un logement avec quelqu'un : lire les annonces, "
            "appeler les propriétaires, préparer une visite, demander une garantie locative "
            "ou une aide en cas d'arriérés de loyer."
        ),
        at=at("Rue de la Station 20", "7012", "Mons"),
        thematiques=(INFO_LOGEMENT, IMPAYES),
        opening_hours="Mo,Th 13:30-16:30",
        access_modes=("walk_in",),
        conditions="",
    ),
    service(
        "urgence_sociale",
        "service-social-chu",
        "chu-ambroise-pare",
        "Service social des urgences",
        description=(
            "Les assistants sociaux de l'hôpital préparent la sortie des patients sans "
            "domicile et préviennent le réseau avant qu'ils ne repartent à la rue."
        ),
        access_modes=("phone", "referral"),
        professionals=True,
    ),
    service(
        "psy_mobile",
        "equipe-mobile-mons",
        "chu-ambroise-pare",
        "Équipe mobile psychiatrie et précarité",
        at=mobile("Mons et Borinage", "7000", "Mons"),
    ),
    service(
        "soins",
        "soins-hornu",
        "mm-borinage",
        "Consultations sans rendez-vous",
        languages=("fr", "it", "tr"),
    ),
    service(
        "assuetudes",
        "assuetudes-borinage",
        "mm-borinage",
        "Consultations alcool, tabac et drogues",
        opening_hours="We 14:00-18:00; Sa 09:00-12:00",
        access_modes=("appointment", "walk_in"),
    ),
    service(
        "vestiaire",
        "vestiboutique-mons",
        "croix-rouge-mons",
        "Vestiboutique de la Croix-Rouge",
    ),
    service(
        "droits_etrangers",
        "droits-etrangers-mons",
        "croix-rouge-mons",
        "Permanence droit des étrangers",
        languages=("fr", "en", "ar", "ps", "so"),
    ),
    service(
        "colis",
        "colis-dour",
        "croix-rouge-mons",
        "Colis alimentaires à Dour",
        at=at("Grand-Place 8", "7370", "Dour"),
        opening_hours="Tu 14:00-16:00",
        capacity=35,
    ),
]

DIRECTORY = DemoDirectory(
    network=mons_borinage.NETWORK.slug,
    phone_prefix=mons_borinage.NETWORK.phone_prefix,
    country=mons_borinage.NETWORK.country,
    services=SERVICES,
)
