"""Services of the Relais social intercommunal de la province de Luxembourg: a wide, rural
province, services spread over its small towns, street work that travels."""

from relais.network.demo import luxembourg

from .base import DemoDirectory, Place, places_of
from .catalogue import (
    DAY_CENTRE_IN_OTHER_LANGUAGES,
    JEUNES,
    JEUNES_ADULTES,
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
    ("Arlon", "6700"): (49.6833, 5.8167),
    ("Aubange", "6791"): (49.5640, 5.8360),
    ("Marche-en-Famenne", "6900"): (50.2270, 5.3440),
    ("Hotton", "6990"): (50.2680, 5.4460),
    ("Bastogne", "6600"): (50.0000, 5.7150),
    ("Vielsalm", "6690"): (50.2850, 5.9150),
    ("Libramont-Chevigny", "6800"): (49.9200, 5.3800),
    ("Bertrix", "6880"): (49.8550, 5.2530),
    ("Virton", "6760"): (49.5680, 5.5320),
    ("Neufchâteau", "6840"): (49.8410, 5.4350),
    ("Saint-Hubert", "6870"): (50.0270, 5.3740),
    ("Durbuy", "6940"): (50.3525, 5.4560),
    ("Bouillon", "6830"): (49.7940, 5.0670),
    ("Florenville", "6820"): (49.7000, 5.3100),
}
at, mobile = places_of(CENTRES)

SERVICES = [
    service(
        "abri_de_nuit",
        "abri-arlon",
        "abri-arlon",
        "Abri de nuit d'Arlon",
        capacity=16,
        languages=("fr", "de", "en", "ar"),
        translations=SHELTER_IN_OTHER_LANGUAGES,
        notes=(winter_plan(),),
        verified_days_ago=21,
    ),
    service(
        "restaurant_social",
        "soupe-du-soir",
        "abri-arlon",
        "Soupe du soir",
        description=(
            "Chaque soir, avant l'ouverture des lits, une soupe, du pain et une boisson "
            "chaude pour toute personne qui a faim, qu'elle dorme à l'abri ou non."
        ),
        opening_hours="Mo-Su 18:30-20:00",
        cost="free",
        cost_details="",
        capacity=40,
    ),
    service("permanence_sociale", "permanence-arlon", "cpas-arlon", "Permanence sociale d'Arlon"),
    service(
        "urgence_sociale",
        "garde-sociale",
        "cpas-arlon",
        "Garde sociale du sud de la province",
        description=(
            "En dehors des heures de bureau, un assistant social de garde répond au téléphone "
            "pour les personnes sans abri ou en danger et trouve une solution pour la nuit."
        ),
        opening_hours="Mo-Fr 17:00-08:00; Sa,Su,PH 00:00-24:00",
        verified_days_ago=5,
    ),
    service("adresse_reference", "adresse-reference-arlon", "cpas-arlon", "Adresse de référence"),
    service(
        "mediation_dettes",
        "mediation-dettes-arlon",
        "cpas-arlon",
        "Service de médiation de dettes",
        verified_days_ago=240,
    ),
    service(
        "maison_accueil",
        "logement-urgence-arlon",
        "cpas-arlon",
        "Logements d'urgence d'Arlon",
        description=(
            "Trois appartements meublés pour quelques semaines, après une expulsion ou un "
            "sinistre, avec le suivi d'une assistante sociale du CPAS."
        ),
        at=at("Rue de Bastogne 54", "6700", "Arlon"),
        capacity=3,
        welcomes=(W_FAMILLES, W_FEMMES),
        access_modes=("referral",),
        professionals=True,
    ),
    service(
        "travail_de_rue",
        "tdr-arlon",
        "travail-de-rue-lux",
        "Travail de rue à Arlon",
        at=mobile("Arlon : centre, gare et parc Léopold", "6700", "Arlon"),
        verified_days_ago=10,
    ),
    service(
        "travail_de_rue",
        "tdr-marche",
        "travail-de-rue-lux",
        "Travail de rue à Marche-en-Famenne",
        at=mobile(
            "Marche : centre, gare et quartier de la Porte Haute", "6900", "Marche-en-Famenne"
        ),
        opening_hours="Mo,We 14:00-18:00",
    ),
    service(
        "travail_de_rue",
        "tdr-bastogne",
        "travail-de-rue-lux",
        "Travail de rue à Bastogne",
        at=mobile("Bastogne : centre et abords de la gare des bus", "6600", "Bastogne"),
        opening_hours="Fr 14:00-20:00",
        publics=(JEUNES,),
        welcomes=(JEUNES_ADULTES, "mineurs"),
    ),
    service(
        "travail_de_rue",
        "tdr-athus",
        "travail-de-rue-lux",
        "Travail de rue à Athus",
        at=mobile("Athus et Aubange, frontière luxembourgeoise", "6791", "Aubange"),
        opening_hours="Tu 13:00-18:00",
        languages=("fr", "de", "pt"),
    ),
    service(
        "travail_de_rue",
        "tdr-virton",
        "travail-de-rue-lux",
        "Travail de rue en Gaume",
        at=mobile("Virton et villages de Gaume", "6760", "Virton"),
        opening_hours="Th 13:00-18:00",
        verified_days_ago=330,
    ),
    service(
        "accueil_de_jour",
        "tremplin",
        "accueil-jour-marche",
        "Accueil de jour « Le Tremplin »",
        capacity=25,
        translations=DAY_CENTRE_IN_OTHER_LANGUAGES,
        languages=("fr", "nl", "en"),
        opening_hours="Mo-Fr 09:00-16:00; Sa 09:00-12:00",
    ),
    service(
        "douches",
        "douches-marche",
        "accueil-jour-marche",
        "Douches et lessive",
        opening_hours="Mo-Fr 09:00-11:30",
        capacity=8,
    ),
    service(
        "restaurant_social",
        "repas-marche",
        "restos-marche",
        "Repas chaud du Resto du Cœur",
        opening_hours="Tu,Th 11:30-13:30",
        capacity=45,
    ),
    service(
        "colis",
        "colis-marche",
        "restos-marche",
        "Colis alimentaires à Marche",
        opening_hours="Mo 13:30-16:30; Fr 09:00-11:30",
        capacity=90,
        verified_days_ago=60,
    ),
    service(
        "colis",
        "colis-hotton",
        "restos-marche",
        "Colis alimentaires à Hotton",
        at=at("Rue de la Jonction 4", "6990", "Hotton"),
        opening_hours="We 14:00-16:00",
        capacity=25,
    ),
    service(
        "permanence_sociale",
        "permanence-marche",
        "cpas-marche",
        "Permanence sociale de Marche-en-Famenne",
    ),
    service(
        "abri_de_nuit",
        "abri-marche",
        "cpas-marche",
        "Abri de nuit de Marche-en-Famenne",
        at=at("Rue des Religieuses 3", "6900", "Marche-en-Famenne"),
        capacity=8,
        opening_hours="Mo-Su 21:00-08:00",
        notes=(full_tonight(),),
    ),
    service(
        "epicerie",
        "epicerie-marche",
        "cpas-marche",
        "Épicerie sociale « Le Panier »",
        at=at("Rue Porte Basse 11", "6900", "Marche-en-Famenne"),
        verified_days_ago=280,
    ),
    service(
        "permanence_sociale",
        "permanence-bastogne",
        "cpas-bastogne",
        "Permanence sociale de Bastogne",
    ),
    service(
        "plan_hiver",
        "plan-hiver-bastogne",
        "cpas-bastogne",
        "Plan hiver : abri de nuit temporaire",
        at=at("Rue du Vivier 2", "6600", "Bastogne", name="Salle du Vivier"),
        capacity=10,
        notes=(winter_plan("Plan grand froid : accueil aussi en journée, du 1er jour de gel."),),
    ),
    service(
        "maison_accueil",
        "maison-accueil-bastogne",
        "croix-rouge-bastogne",
        "Maison d'accueil de la Croix-Rouge",
        description=(
            "Un hébergement de quelques mois pour des femmes seules ou avec enfants et des "
            "familles, avec un accompagnement vers un logement, la scolarité des enfants et "
            "l'accès aux droits."
        ),
        capacity=24,
        welcomes=(W_FEMMES, W_FAMILLES),
        publics=("femmes", "familles"),
        languages=("fr", "en", "ar", "ti"),
        verified_days_ago=41,
    ),
    service("vestiaire", "vestiaire-bastogne", "croix-rouge-bastogne", "Vestiboutique de Bastogne"),
    service("logement_ais", "ais-bastogne", "ais-nord-luxembourg", "Agence immobilière sociale"),
    service(
        "logement_ais",
        "ais-vielsalm",
        "ais-nord-luxembourg",
        "Permanence logement à Vielsalm",
        at=at("Rue de l'Hôtel de Ville 5", "6690", "Vielsalm"),
        opening_hours="Mo 09:00-12:00; PH off",
        access_modes=("walk_in", "phone"),
        verified_days_ago=420,
    ),
    service(
        "permanence_sociale",
        "permanence-libramont",
        "cpas-libramont",
        "Permanence sociale de Libramont",
    ),
    service(
        "colis",
        "colis-libramont",
        "cpas-libramont",
        "Colis alimentaires du CPAS",
        opening_hours="Th 13:30-16:00",
        capacity=30,
        access_modes=("referral",),
    ),
    service(
        "accueil_de_jour",
        "espace-jour-bertrix",
        "cpas-libramont",
        "Espace de jour de Bertrix",
        description=(
            "Deux jours par semaine, une salle chauffée avec café et repas de midi partagé, "
            "pour rompre l'isolement des personnes des villages alentour. Transport possible "
            "sur demande."
        ),
        at=at("Rue de la Gare 12", "6880", "Bertrix"),
        opening_hours="Tu,Th 09:00-15:00",
        access_modes=("walk_in", "phone"),
        capacity=15,
    ),
    service(
        "urgence_sociale",
        "service-social-hopital",
        "chcentre-ardenne",
        "Service social de l'hôpital",
        description=(
            "Les assistants sociaux de l'hôpital préparent la sortie des patients sans "
            "logement et font le lien avec le CPAS et les abris avant le départ."
        ),
        opening_hours="Mo-Fr 08:00-17:00; PH off",
        access_modes=("phone", "referral"),
        professionals=True,
    ),
    service(
        "psy_mobile",
        "equipe-mobile",
        "chcentre-ardenne",
        "Équipe mobile de santé mentale",
        at=mobile(
            "Centre-Ardenne : Libramont, Neufchâteau, Bertrix, Saint-Hubert",
            "6800",
            "Libramont-Chevigny",
        ),
        verified_days_ago=190,
    ),
    service(
        "permanence_sociale", "permanence-virton", "cpas-virton", "Permanence sociale de Virton"
    ),
    service(
        "maison_accueil",
        "logement-urgence-virton",
        "cpas-virton",
        "Logement d'urgence de Virton",
        description=(
            "Un studio pour une personne ou un couple mis à la rue, pour quelques nuits ou "
            "quelques semaines, le temps de trouver mieux avec le CPAS."
        ),
        capacity=2,
        welcomes=("hommes_seuls", W_FEMMES, "couples"),
        access_modes=("referral", "phone"),
        professionals=True,
    ),
    service(
        "permanence_sociale",
        "permanence-neufchateau",
        "cpas-neufchateau",
        "Permanence sociale de Neufchâteau",
        opening_hours="Mo,We,Fr 09:00-11:30; PH off",
    ),
    service(
        "numerique",
        "epn-neufchateau",
        "cpas-neufchateau",
        "Espace public numérique",
        at=at("Rue Franklin Roosevelt 2", "6840", "Neufchâteau"),
    ),
    service(
        "droits_etrangers",
        "info-juridique-arlon",
        "province-luxembourg-social",
        "Point d'information droit des étrangers",
        languages=("fr", "en", "ar", "ps", "fa"),
    ),
    service(
        "violences",
        "violences-conjugales",
        "province-luxembourg-social",
        "Accueil des victimes de violences conjugales",
        at=Place("", "6900", "Marche-en-Famenne", 50.2270, 5.3440),
        capacity=10,
        verified_days_ago=90,
    ),
    service(
        "ecoute",
        "sante-mentale-libramont",
        "province-luxembourg-social",
        "Service de santé mentale de Libramont : premier accueil",
        description=(
            "Un premier entretien avec un psychologue ou une assistante sociale, pour soi ou "
            "pour un proche, puis une orientation vers un suivi adapté."
        ),
        at=at("Avenue Herbofin 39", "6800", "Libramont-Chevigny"),
        axes=("urgence_sociale",),
        access_modes=("walk_in", "phone"),
    ),
    service(
        "soins",
        "consultations-arlon",
        "mm-arlon",
        "Consultations sans rendez-vous",
        languages=("fr", "de", "en"),
    ),
    service(
        "assuetudes",
        "comptoir-arlon",
        "mm-arlon",
        "Comptoir d'échange de seringues",
        at=at("Rue des Faubourgs 7", "6700", "Arlon"),
        opening_hours="Mo,We,Fr 10:00-13:00",
        notes=(works("Fermé pour déménagement ; le matériel est disponible à l'abri de nuit."),),
    ),
    service(
        "alphabetisation",
        "alpha-libramont",
        "lire-et-ecrire-luxembourg",
        "Cours d'alphabétisation à Libramont",
    ),
    service(
        "alphabetisation",
        "alpha-arlon",
        "lire-et-ecrire-luxembourg",
        "Cours d'alphabétisation à Arlon",
        at=at("Rue de Diekirch 42", "6700", "Arlon"),
        opening_hours="Tu,Th 13:30-16:00; PH off",
    ),
    service(
        "alphabetisation",
        "alpha-marche",
        "lire-et-ecrire-luxembourg",
        "Cours d'alphabétisation à Marche",
        at=at("Rue Victor Libert 36", "6900", "Marche-en-Famenne"),
        opening_hours="Mo,We 09:00-12:00; PH off",
        translations=(
            translated(
                "en",
                "Learn or re-learn to read, write and count in French, in small groups, for "
                "adults who went little or not at all to school. You sign up after a one-to-one "
                "meeting.",
                name="Literacy classes",
            ),
        ),
    ),
    service(
        "colis",
        "colis-saint-hubert",
        "cpas-libramont",
        "Colis alimentaires à Saint-Hubert",
        at=at("Place du Marché 4", "6870", "Saint-Hubert"),
        opening_hours="Tu 14:00-16:00",
        capacity=20,
    ),
]

DIRECTORY = DemoDirectory(
    network=luxembourg.NETWORK.slug,
    phone_prefix=luxembourg.NETWORK.phone_prefix,
    country=luxembourg.NETWORK.country,
    services=SERVICES,
)
