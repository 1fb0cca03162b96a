"""Services of the Relais social urbain namurois (arrondissement de Namur, four axes)."""

from relais.network.demo import namur

from .base import DemoDirectory, places_of
from .catalogue import (
    ANIMAUX,
    COUPLES,
    DAY_CENTRE_IN_OTHER_LANGUAGES,
    EXILES,
    HOMMES,
    JEUNES,
    JEUNES_ADULTES,
    PARCELS_IN_OTHER_LANGUAGES,
    SANTE_SEXUELLE,
    SHELTER_IN_OTHER_LANGUAGES,
    SOINS,
    TOUT_LE_MONDE,
    URGENCE,
    W_FAMILLES,
    W_FEMMES,
    full_tonight,
    service,
    translated,
    winter_plan,
    works,
)

CENTRES = {
    ("Namur", "5000"): (50.4650, 4.8660),
    ("Namur", "5002"): (50.4770, 4.8440),
    ("Namur", "5020"): (50.4990, 4.8740),
    ("Namur", "5100"): (50.4560, 4.8760),
    ("Namur", "5101"): (50.4450, 4.9000),
    ("Sambreville", "5060"): (50.4470, 4.6300),
    ("Andenne", "5300"): (50.4900, 5.0940),
    ("Gembloux", "5030"): (50.5620, 4.6960),
    ("Eghezée", "5310"): (50.5900, 4.9100),
    ("Jemeppe-sur-Sambre", "5190"): (50.4630, 4.6650),
    ("Fosses-la-Ville", "5070"): (50.3960, 4.6950),
}
at, mobile = places_of(CENTRES)

SERVICES = [
    service(
        "abri_de_nuit",
        "abri-sauverdias",
        "sauverdias",
        "Abri de nuit « Les Sauverdias »",
        capacity=30,
        welcomes=(HOMMES, W_FEMMES, COUPLES, JEUNES_ADULTES, ANIMAUX),
        languages=("fr", "nl", "en", "ar"),
        translations=SHELTER_IN_OTHER_LANGUAGES,
        notes=(winter_plan(),),
        verified_days_ago=12,
    ),
    service(
        "abri_de_nuit",
        "abri-femmes",
        "sauverdias",
        "Abri de nuit pour femmes",
        description=(
            "Huit lits réservés aux femmes seules, dans une maison à part, avec une "
            "travailleuse de nuit. Douche, repas du soir et petit-déjeuner."
        ),
        at=at("Rue des Carmes 19", "5000", "Namur"),
        capacity=8,
        welcomes=(W_FEMMES,),
        publics=("femmes", "personnes-en-situation-durgence"),
        opening_hours="Mo-Su 19:30-08:30",
        notes=(full_tonight("Complet ce soir : appelez le 24 h/24 de l'urgence sociale."),),
    ),
    service(
        "plan_hiver",
        "plan-hiver-salle-sainte-croix",
        "ville-namur",
        "Plan hiver : accueil de nuit supplémentaire",
        at=at("Rue de la Croix 12", "5000", "Namur", name="Salle Sainte-Croix"),
        capacity=40,
        verified_days_ago=220,
    ),
    service(
        "urgence_sociale",
        "dus",
        "cpas-namur",
        "Dispositif d'urgence sociale (DUS)",
        verified_days_ago=3,
        translations=(
            translated(
                "en",
                "A phone line open day and night for emergencies: someone sleeping rough, "
                "violence, leaving hospital with nowhere to go. The team looks for a bed, "
                "comes out if needed and hands over to the day services.",
                name="Social emergency line",
            ),
        ),
    ),
    service(
        "permanence_sociale",
        "permanence-sociale",
        "cpas-namur",
        "Permanence sociale sans rendez-vous",
        languages=("fr", "nl", "en"),
        verified_days_ago=45,
    ),
    service(
        "adresse_reference",
        "adresse-reference",
        "cpas-namur",
        "Adresse de référence",
        at=at("Rue de Dave 165", "5100", "Namur", 50.4521, 4.8794, name="Guichet 3"),
    ),
    service(
        "housing_first",
        "housing-first",
        "cpas-namur",
        "Housing First Namur",
        capacity=25,
        verified_days_ago=310,
    ),
    service(
        "mediation_dettes",
        "mediation-dettes-cpas",
        "cpas-namur",
        "Médiation de dettes",
        verified_days_ago=260,
    ),
    service(
        "restaurant_social",
        "resto-midi",
        "restos-namur",
        "Repas chaud du midi",
        capacity=90,
        languages=("fr", "ar"),
        verified_days_ago=20,
        notes=(
            works(
                "Cuisine en travaux : repas servis froids (sandwichs et soupe) cette semaine.",
                starts=-1,
                ends=5,
            ),
        ),
    ),
    service(
        "colis",
        "colis",
        "restos-namur",
        "Colis alimentaires",
        capacity=150,
        translations=PARCELS_IN_OTHER_LANGUAGES,
        languages=("fr", "en"),
    ),
    service(
        "restaurant_social",
        "petit-dejeuner-week-end",
        "une-main-tendue",
        "Petit-déjeuner du week-end",
        description=(
            "Le samedi et le dimanche matin, quand les accueils de jour sont fermés : café, "
            "pain, fromage, fruits, et une oreille attentive."
        ),
        opening_hours="Sa,Su 08:00-11:00",
        cost="free",
        cost_details="",
        capacity=60,
    ),
    service(
        "accueil_de_jour",
        "accueil-de-jour",
        "une-main-tendue",
        "Accueil de jour « La Main »",
        capacity=50,
        opening_hours="Mo-Fr 08:00-13:00; PH 09:00-12:00",
        translations=DAY_CENTRE_IN_OTHER_LANGUAGES,
        languages=("fr", "en", "ar"),
        verified_days_ago=8,
    ),
    service(
        "maison_accueil",
        "maison-accueil",
        "trois-portes-namur",
        "Maison d'accueil pour hommes",
        capacity=36,
        verified_days_ago=95,
    ),
    service(
        "maison_accueil",
        "logements-transit",
        "trois-portes-namur",
        "Logements de transit",
        description=(
            "Six petits studios pour une étape entre la maison d'accueil et un logement à soi, "
            "avec un suivi hebdomadaire."
        ),
        at=at("Rue Saint-Donat 7", "5002", "Namur"),
        capacity=6,
        opening_hours="24/7",
        welcomes=(HOMMES, COUPLES),
        professionals=True,
    ),
    service(
        "vestiaire",
        "vestiaire",
        "croix-rouge-namur",
        "Vestiaire de la Croix-Rouge",
        verified_days_ago=400,
    ),
    service(
        "douches",
        "douches",
        "croix-rouge-namur",
        "Douches et lessive",
        capacity=15,
        opening_hours="Mo-Fr 07:30-10:30",
    ),
    service(
        "colis",
        "colis-saint-vincent",
        "saint-vincent-de-paul-namur",
        "Colis de la Saint-Vincent de Paul",
        opening_hours="Fr 14:00-16:30",
        capacity=40,
        verified_days_ago=200,
    ),
    service(
        "douches",
        "lavoir-jambes",
        "li-ptite-buweye",
        "Lavoir social et douches",
        description=(
            "Un lavoir où l'on lave et sèche son linge pour quelques pièces, avec des "
            "douches gratuites et un coin café. Lessive faite par l'équipe pour les personnes "
            "qui ne peuvent pas attendre."
        ),
        cost="participation",
        cost_details="1 € la machine, douche gratuite.",
        opening_hours="Mo,Tu,Th,Fr 08:30-12:00; We 13:00-16:00",
        capacity=10,
    ),
    service(
        "permanence_sociale",
        "service-social-general",
        "centre-service-social-namur",
        "Service social généraliste",
        description=(
            "Un service social pour toutes les questions : budget, logement, famille, "
            "papiers. Premier accueil sans rendez-vous, suivi ensuite sur rendez-vous."
        ),
        opening_hours="Mo-Fr 09:00-12:00,13:30-16:30; PH off",
        conditions="",
    ),
    service(
        "mediation_dettes",
        "mediation-dettes",
        "centre-service-social-namur",
        "Médiation de dettes et guidance budgétaire",
        verified_days_ago=None,
    ),
    service(
        "assuetudes",
        "centre-de-jour",
        "phenix-namur",
        "Centre de jour pour les assuétudes",
        description=(
            "Un programme de jour pour arrêter ou diminuer sa consommation : groupes de "
            "parole, ateliers, suivi psychologique et social. Entretien d'accueil préalable."
        ),
        opening_hours="Mo-Fr 09:00-16:30; PH off",
        access_modes=("appointment",),
    ),
    service(
        "assuetudes",
        "comptoir",
        "sesame-namur",
        "Comptoir d'échange de seringues",
        opening_hours="Mo-Fr 10:00-13:00; We 14:00-17:00",
        at=at("Rue Borgnet 4", "5000", "Namur", 50.4660, 4.8600),
    ),
    service(
        "assuetudes",
        "depistage",
        "namur-entraide-sida",
        "Dépistage anonyme et gratuit",
        description=(
            "Dépistage rapide du VIH et des hépatites, sans rendez-vous, résultat en vingt "
            "minutes ; préservatifs et conseils. Accompagnement des personnes séropositives."
        ),
        thematiques=(SANTE_SEXUELLE, SOINS),
        opening_hours="Tu 17:00-20:00; Th 12:00-15:00",
        languages=("fr", "en", "es"),
    ),
    service(
        "travail_de_rue",
        "espace-p-rue",
        "espace-p-namur",
        "Travail de rue auprès des personnes prostituées",
        description=(
            "Des tournées de nuit pour rencontrer les personnes qui se prostituent : "
            "matériel de prévention, écoute, soins et accès aux droits, sans jugement."
        ),
        at=mobile("Quartier de la gare et rue Saint-Nicolas", "5000", "Namur"),
        opening_hours="We,Fr 21:00-01:00",
        welcomes=(TOUT_LE_MONDE,),
        publics=("femmes",),
        languages=("fr", "en", "ro", "bg"),
    ),
    service(
        "travail_de_rue",
        "travail-de-rue-centre",
        "ville-namur",
        "Travail de rue — centre-ville",
        at=mobile("Corbeille, gare, Grognon et bords de Sambre", "5000", "Namur"),
        opening_hours="Mo-Fr 10:00-17:00; Tu,Th 19:00-23:00",
        verified_days_ago=14,
        translations=(
            translated(
                "nl",
                "Straathoekwerkers gaan naar de mensen die buiten leven: een luisterend oor, "
                "warme drank, dekens, eerste zorg en begeleiding naar de diensten als de "
                "persoon dat wil.",
            ),
        ),
    ),
    service(
        "travail_de_rue",
        "travail-de-rue-jambes",
        "ville-namur",
        "Travail de rue — Jambes",
        at=mobile("Jambes : gare, avenue Jean Materne, parc d'Amée", "5100", "Namur"),
        opening_hours="Mo,We,Fr 14:00-18:00",
    ),
    service(
        "travail_de_rue",
        "maraude-hiver",
        "ville-namur",
        "Maraude de nuit",
        description=(
            "En hiver, une équipe tourne en voiture la nuit pour proposer une place à l'abri, "
            "une couverture ou une boisson chaude aux personnes qui dorment dehors."
        ),
        at=mobile("Toute la ville de Namur", "5000", "Namur"),
        opening_hours="Mo-Su 21:00-01:00",
        notes=(winter_plan("Plan hiver : deux tournées par nuit jusqu'à la fin du froid."),),
    ),
    service(
        "soins",
        "consultations-sans-rdv",
        "mm-arsouilles",
        "Consultations médicales sans rendez-vous",
        languages=("fr", "en", "ar"),
        verified_days_ago=190,
    ),
    service(
        "soins",
        "soins-bomel",
        "mm-bomel",
        "Soins infirmiers et médecine générale",
        opening_hours="Mo-Fr 08:00-19:00; PH off",
        access_modes=("appointment", "phone"),
    ),
    service(
        "soins",
        "soins-la-plante",
        "mm-la-plante",
        "Maison médicale de La Plante",
        opening_hours="Mo-Fr 08:30-12:30,14:00-18:30; PH off",
    ),
    service(
        "soins",
        "infirmerie-abri",
        "mm-balances",
        "Permanence infirmière à l'abri de nuit",
        description=(
            "Deux soirs par semaine, une infirmière de la maison médicale soigne les petits "
            "bobos, les pieds abîmés par la marche et oriente vers un médecin."
        ),
        at=at("Rue de l'Arsenal 12", "5000", "Namur", 50.4620, 4.8622, name="Abri de nuit"),
        opening_hours="Mo,We 19:30-21:30",
    ),
    service(
        "urgence_sociale",
        "service-social-urgences",
        "chr-namur",
        "Service social des urgences de l'hôpital",
        description=(
            "Les assistants sociaux des urgences préparent la sortie des patients sans "
            "logement ni suivi et préviennent le réseau avant la sortie."
        ),
        professionals=True,
        access_modes=("phone", "referral"),
    ),
    service(
        "psy_mobile",
        "equipe-mobile",
        "hnp-saint-martin",
        "Équipe mobile de santé mentale",
        at=mobile("Arrondissement de Namur", "5000", "Namur"),
        verified_days_ago=75,
    ),
    service(
        "droits_etrangers",
        "permanence-juridique",
        "cai-namur",
        "Permanence juridique droit des étrangers",
        languages=("fr", "en", "ar", "ru", "fa"),
        publics=(EXILES, "personnes-en-situation-juridique-specifique"),
        verified_days_ago=33,
    ),
    service(
        "alphabetisation",
        "alpha",
        "lire-et-ecrire-namur",
        "Cours d'alphabétisation",
        capacity=48,
    ),
    service(
        "numerique",
        "espace-numerique",
        "ciep-namur",
        "Espace public numérique",
        at=at("Rue de Dave 45", "5100", "Namur", 50.4560, 4.8760),
    ),
    service(
        "logement_ais",
        "permanence-locataires",
        "foyer-namurois",
        "Permanence des locataires du logement social",
        description=(
            "Candidature à un logement social, questions sur le loyer, les charges ou une "
            "réparation : permanence au siège, sans rendez-vous le lundi."
        ),
        opening_hours="Mo 09:00-12:00; We 13:30-16:00; PH off",
        access_modes=("walk_in",),
    ),
    service(
        "logement_ais",
        "ais",
        "gestion-logement-namur",
        "Agence immobilière sociale",
        verified_days_ago=150,
    ),
    service(
        "travail_de_rue",
        "travail-de-rue-basse-sambre",
        "gabs",
        "Travail de rue en Basse-Sambre",
        at=mobile("Auvelais, Tamines et Jemeppe-sur-Sambre", "5060", "Sambreville"),
        opening_hours="Tu,Th 14:00-19:00",
        welcomes=(TOUT_LE_MONDE,),
        publics=(JEUNES,),
    ),
    service(
        "permanence_sociale",
        "permanence-sambreville",
        "cpas-sambreville",
        "Permanence sociale du CPAS de Sambreville",
    ),
    service(
        "maison_accueil",
        "logement-urgence-sambreville",
        "cpas-sambreville",
        "Logements d'urgence",
        description=(
            "Quatre logements meublés pour quelques semaines après une expulsion, un incendie "
            "ou une séparation, le temps de trouver une solution durable."
        ),
        at=at("Rue de la Station 30", "5060", "Sambreville"),
        capacity=4,
        welcomes=(W_FAMILLES, W_FEMMES, HOMMES),
        access_modes=("referral",),
        axes=(URGENCE,),
        professionals=True,
        verified_days_ago=500,
    ),
    service(
        "accueil_de_jour",
        "accueil-de-jour-andenne",
        "sageiss-andenne",
        "Accueil de jour d'Andenne",
        opening_hours="Mo-Fr 09:00-16:00; PH off",
        capacity=20,
    ),
    service(
        "travail_de_rue",
        "travail-de-rue-andenne",
        "sageiss-andenne",
        "Travail de rue à Andenne",
        at=mobile("Centre d'Andenne et bords de Meuse", "5300", "Andenne"),
        opening_hours="Mo,Th 13:00-18:00",
    ),
    service(
        "ecoute",
        "point-appui-sante-mentale",
        "province-namur",
        "Service de santé mentale : premier accueil",
        description=(
            "Un premier entretien avec un psychologue ou une assistante sociale pour une "
            "souffrance psychique, une crise, un proche inquiet ; orientation vers un suivi."
        ),
        at=at("Rue Lelièvre 5", "5000", "Namur"),
        axes=(URGENCE,),
        access_modes=("walk_in", "phone"),
        opening_hours="Mo-Fr 09:00-12:00; PH off",
    ),
    service(
        "lien_social",
        "cafe-social",
        "re-verre",
        "Le Re-Verre, café social",
        opening_hours="Mo-Fr 14:00-18:00",
        languages=("fr", "wa"),
    ),
    service(
        "colis",
        "colis-gembloux",
        "cpas-namur",
        "Distribution de colis à Gembloux",
        at=at("Rue du Moulin 8", "5030", "Gembloux"),
        opening_hours="We 09:00-11:30",
        capacity=35,
    ),
    service(
        "permanence_sociale",
        "antenne-eghezee",
        "centre-service-social-namur",
        "Antenne sociale d'Eghezée",
        at=at("Route de Gembloux 43", "5310", "Eghezée"),
        opening_hours="Th 09:00-12:00",
        conditions="",
    ),
]

DIRECTORY = DemoDirectory(
    network=namur.NETWORK.slug,
    phone_prefix=namur.NETWORK.phone_prefix,
    country=namur.NETWORK.country,
    services=SERVICES,
)
