"""Services of Le Mans Solidaire (Le Mans Métropole), on the network's own axes. Phone numbers
are in the range reserved for fiction (02 61 91 xx xx)."""

from relais.network.demo import le_mans

from .base import DemoDirectory, Place, places_of
from .catalogue import (
    ACCES_DROITS,
    DAY_CENTRE_IN_OTHER_LANGUAGES,
    DEMARCHES,
    DROITS,
    ECOUTE,
    EXILES,
    HEBERGEMENT,
    LIEN_SOCIAL,
    LOGEMENT,
    PARENTALITE,
    SENIORS,
    SHELTER_IN_OTHER_LANGUAGES,
    W_FAMILLES,
    full_tonight,
    service,
    translated,
    winter_plan,
    works,
)

CENTRES = {
    ("Le Mans", "72000"): (48.0061, 0.1996),
    ("Le Mans", "72100"): (47.9840, 0.2150),
    ("Allonnes", "72700"): (47.9686, 0.1606),
    ("Arnage", "72230"): (47.9286, 0.1878),
    ("Coulaines", "72190"): (48.0253, 0.2042),
    ("Mulsanne", "72230"): (47.9111, 0.2489),
    ("Yvré-l'Évêque", "72530"): (48.0172, 0.2714),
    ("La Chapelle-Saint-Aubin", "72650"): (48.0367, 0.1578),
    ("Sargé-lès-le-Mans", "72190"): (48.0336, 0.2378),
}
at, mobile = places_of(CENTRES)

CCAS_DESCRIPTION = (
    "Accueil sans rendez-vous par un travailleur social du CCAS : RSA, aides facultatives, "
    "aide aux factures d'énergie, demande de logement social, dossier de santé. On repart "
    "avec une réponse ou un rendez-vous."
)

SERVICES = [
    service(
        "urgence_sociale",
        "115",
        "siao-sarthe",
        "Le 115 de la Sarthe",
        description=(
            "Le 115 répond jour et nuit, gratuitement, aux personnes sans abri ou qui risquent "
            "de l'être : une place d'hébergement d'urgence pour la nuit, une orientation ou le "
            "passage d'une maraude. Depuis un téléphone, composez le 115."
        ),
        axes=(LOGEMENT, ECOUTE),
        languages=("fr", "en"),
        verified_days_ago=1,
    ),
    service(
        "abri_de_nuit",
        "hebergement-urgence",
        "siao-sarthe",
        "Hébergement d'urgence de nuit",
        at=at("Rue Paul Courboulay 9", "72000", "Le Mans"),
        capacity=40,
        opening_hours="Mo-Su 19:00-08:30",
        access_modes=("phone",),
        conditions="Orientation par le 115. Être majeur.",
        translations=SHELTER_IN_OTHER_LANGUAGES,
        languages=("fr", "en", "ar", "uk", "ps"),
        notes=(full_tonight("Complet ce soir : appelez le 115 pour une autre place."),),
    ),
    service(
        "plan_hiver",
        "places-hivernales",
        "siao-sarthe",
        "Places hivernales",
        at=at("Rue de l'Estérel 12", "72100", "Le Mans", name="Gymnase des Glonnières"),
        capacity=50,
        access_modes=("phone", "walk_in"),
        notes=(winter_plan("Plan grand froid : places ouvertes jour et nuit."),),
        verified_days_ago=200,
    ),
    service(
        "housing_first",
        "siao-insertion",
        "siao-sarthe",
        "Demandes d'hébergement et de logement accompagné",
        description=(
            "Le SIAO reçoit les demandes d'hébergement d'insertion, de résidence sociale, de "
            "pension de famille et de logement accompagné, et oriente vers les places libres. "
            "Demande faite par un travailleur social."
        ),
        thematiques=(HEBERGEMENT, "logement-hebergement--louer-un-logement"),
        capacity=None,
    ),
    service(
        "permanence_sociale",
        "accueil-ccas",
        "ccas-le-mans",
        "Accueil social du CCAS",
        description=CCAS_DESCRIPTION,
        conditions="Habiter Le Mans, ou y être sans domicile.",
        languages=("fr", "en"),
        verified_days_ago=16,
    ),
    service(
        "adresse_reference",
        "domiciliation",
        "ccas-le-mans",
        "Domiciliation administrative",
        description=(
            "Une adresse pour recevoir son courrier et faire valoir ses droits (RSA, "
            "assurance maladie, titre de séjour) quand on n'a pas de domicile stable. "
            "Courrier à retirer au guichet avec une pièce d'identité."
        ),
        opening_hours="Mo-Fr 09:00-12:00; PH off",
    ),
    service(
        "epicerie",
        "epicerie-ccas",
        "ccas-le-mans",
        "Épicerie sociale du CCAS",
        at=at("Rue Hippolyte Lecornué 10", "72000", "Le Mans"),
        opening_hours="Tu,Th 14:00-17:30; Sa 09:30-12:00",
        verified_days_ago=230,
    ),
    service(
        "numerique",
        "point-numerique",
        "ccas-le-mans",
        "Point numérique",
        description=(
            "Ordinateurs, imprimante et un conseiller pour les démarches en ligne : CAF, "
            "France Travail, ameli, impôts, prise de rendez-vous en préfecture."
        ),
        axes=(DROITS,),
    ),
    service(
        "maison_accueil",
        "pension-de-famille",
        "ccas-le-mans",
        "Pension de famille",
        description=(
            "Des studios dans une maison commune, sans limite de durée, pour des personnes "
            "qui ont connu la rue et souhaitent un logement stable et entouré. Un hôte est "
            "présent chaque jour."
        ),
        at=at("Rue de Bellevue 21", "72000", "Le Mans"),
        capacity=18,
        professionals=True,
    ),
    service(
        "accueil_de_jour",
        "accueil-de-jour",
        "accueil-jour-le-mans",
        "Accueil de jour",
        capacity=45,
        opening_hours="Mo-Fr 08:30-17:00; Sa 09:00-12:00",
        translations=DAY_CENTRE_IN_OTHER_LANGUAGES,
        languages=("fr", "en", "ar", "ru"),
        verified_days_ago=7,
    ),
    service(
        "douches",
        "espace-hygiene",
        "accueil-jour-le-mans",
        "Espace hygiène",
        opening_hours="Mo-Fr 08:30-11:30",
        capacity=16,
        notes=(works("Fermé pour rénovation des douches.", starts=10, ends=20),),
    ),
    service(
        "travail_de_rue",
        "maraude-accueil",
        "accueil-jour-le-mans",
        "Maraude du soir",
        at=mobile("Centre-ville du Mans, gare et bords de Sarthe", "72000", "Le Mans"),
        opening_hours="Mo,We,Fr 19:00-22:30",
    ),
    service(
        "colis",
        "distribution-restos",
        "restos-sarthe",
        "Distribution alimentaire des Restos du Cœur",
        opening_hours="Tu,Th 09:00-11:30",
        capacity=300,
        conditions="Inscription selon le reste à vivre du foyer, avec justificatifs.",
        verified_days_ago=50,
    ),
    service(
        "restaurant_social",
        "repas-soir",
        "restos-sarthe",
        "Repas chaud du soir",
        description=(
            "Un repas chaud servi le soir en semaine, sans inscription, pour les personnes à "
            "la rue ou mal logées."
        ),
        opening_hours="Mo-Fr 18:30-20:00",
        cost="free",
        cost_details="",
        capacity=80,
    ),
    service(
        "colis",
        "restos-allonnes",
        "restos-sarthe",
        "Distribution des Restos du Cœur à Allonnes",
        at=at("Rue du Pavillon 6", "72700", "Allonnes"),
        opening_hours="We 14:00-16:30",
        capacity=120,
    ),
    service(
        "colis",
        "libre-service-spf",
        "secours-populaire-le-mans",
        "Libre-service alimentaire",
        description=(
            "Un libre-service où chacun choisit ses produits avec une petite participation, "
            "après un premier accueil qui étudie la situation du foyer."
        ),
        opening_hours="We 14:00-17:00; Sa 09:00-12:00",
        cost="participation",
        cost_details="Participation de 10 % de la valeur des produits.",
        capacity=150,
    ),
    service(
        "vestiaire",
        "boutique-solidaire",
        "secours-populaire-le-mans",
        "Boutique solidaire",
        cost="participation",
        cost_details="Petits prix ; gratuit en cas d'urgence.",
    ),
    service(
        "permanence_sociale",
        "acces-aux-droits-spf",
        "secours-populaire-le-mans",
        "Permanence d'accès aux droits",
        description=(
            "Des bénévoles aident à remplir un dossier, comprendre un courrier ou contester "
            "une décision, et accompagnent si besoin au guichet."
        ),
        conditions="",
        opening_hours="Mo 14:00-17:00; Th 09:30-12:00",
        thematiques=(ACCES_DROITS, DEMARCHES),
        verified_days_ago=None,
    ),
    service(
        "ecoute",
        "accueil-ecoute",
        "secours-catholique-le-mans",
        "Accueil et écoute",
        verified_days_ago=195,
    ),
    service(
        "lien_social",
        "cafe-solidaire",
        "secours-catholique-le-mans",
        "Café solidaire",
        opening_hours="Tu,Fr 14:00-17:30",
        languages=("fr", "es"),
    ),
    service(
        "alphabetisation",
        "ateliers-francais",
        "secours-catholique-le-mans",
        "Ateliers de français",
        description=(
            "Des ateliers en petits groupes pour apprendre le français de tous les jours : "
            "se présenter, faire ses courses, parler au médecin ou à l'école des enfants."
        ),
        publics=(EXILES,),
        translations=(
            translated(
                "en",
                "Small-group workshops to learn everyday French: introducing yourself, "
                "shopping, talking to the doctor or to your children's school.",
                name="French workshops",
            ),
            translated(
                "uk",
                "Заняття в малих групах, щоб вивчити повсякденну французьку: розповісти про "
                "себе, зробити покупки, поговорити з лікарем або зі школою дітей.",
                name="Майстерні французької мови",
            ),
        ),
    ),
    service(
        "vestiaire",
        "vestiboutique-cr",
        "croix-rouge-le-mans",
        "Vestiboutique de la Croix-Rouge",
        cost="participation",
        cost_details="Vêtements à petits prix, ouverts à tous.",
    ),
    service(
        "travail_de_rue",
        "maraude-croix-rouge",
        "croix-rouge-le-mans",
        "Maraude de la Croix-Rouge",
        at=mobile("Le Mans : centre, Pontlieue et gare", "72000", "Le Mans"),
        opening_hours="Tu,Th,Sa 20:00-23:00",
        verified_days_ago=20,
    ),
    service(
        "colis",
        "aide-alimentaire-urgence-cr",
        "croix-rouge-le-mans",
        "Aide alimentaire d'urgence",
        description=(
            "Un colis de dépannage pour quelques jours, sans dossier, en attendant une aide "
            "plus durable."
        ),
        conditions="",
        opening_hours="Mo,Th 14:00-16:00",
        capacity=40,
    ),
    service(
        "lien_social",
        "visites-personnes-agees",
        "petits-freres-le-mans",
        "Visites aux personnes âgées isolées",
        description=(
            "Des bénévoles rendent visite chaque semaine à des personnes âgées seules, "
            "partagent un moment, une sortie ou un repas de fête."
        ),
        publics=(SENIORS,),
        opening_hours="Mo-Fr 09:00-17:00",
        access_modes=("phone", "referral"),
    ),
    service(
        "colis",
        "approvisionnement-associations",
        "banque-alimentaire-sarthe",
        "Approvisionnement des associations d'aide alimentaire",
        description=(
            "La banque alimentaire collecte et trie les denrées et approvisionne les "
            "associations et CCAS partenaires. Réservé aux structures."
        ),
        professionals=True,
        opening_hours="Mo-Fr 08:00-12:00,13:30-16:00; PH off",
        access_modes=("appointment",),
        capacity=None,
    ),
    service(
        "sante_pass",
        "pass",
        "pass-ch-le-mans",
        "Permanence d'accès aux soins de santé (PASS)",
        languages=("fr", "en", "ar"),
        verified_days_ago=40,
    ),
    service(
        "psy_mobile",
        "empp",
        "pass-ch-le-mans",
        "Équipe mobile psychiatrie précarité",
        at=mobile("Le Mans Métropole", "72000", "Le Mans"),
        verified_days_ago=380,
    ),
    service(
        "lien_social",
        "ateliers-sablons",
        "centre-social-sablons",
        "Ateliers du centre social des Sablons",
        description=(
            "Cuisine, couture, jardinage, sorties en famille : des ateliers ouverts aux "
            "habitants du quartier pour se rencontrer et faire ensemble."
        ),
        opening_hours="Mo-Fr 14:00-18:00; We 09:30-12:00",
    ),
    service(
        "alphabetisation",
        "asl-sablons",
        "centre-social-sablons",
        "Ateliers sociolinguistiques",
        opening_hours="Tu,Th 09:00-11:30",
    ),
    service(
        "numerique",
        "numerique-pontlieue",
        "centre-social-pontlieue",
        "Accompagnement numérique",
    ),
    service(
        "ecoute",
        "accueil-familles-pontlieue",
        "centre-social-pontlieue",
        "Accueil des familles",
        description=(
            "Un lieu pour les parents : parler de l'éducation des enfants, trouver un mode de "
            "garde, préparer une rentrée, partager un goûter avec d'autres familles."
        ),
        thematiques=(PARENTALITE, LIEN_SOCIAL),
        welcomes=(W_FAMILLES,),
        publics=("familles",),
    ),
    service(
        "lien_social",
        "jardins-partages",
        "union-mancelle-centres-sociaux",
        "Jardins partagés",
        description=(
            "Des parcelles cultivées ensemble dans plusieurs quartiers ; chacun repart avec sa "
            "part de légumes. Outils et graines fournis."
        ),
        at=at("Rue de la Prairie 2", "72190", "Coulaines"),
        opening_hours="We,Sa 09:00-12:00",
    ),
    service(
        "permanence_sociale",
        "accueil-ccas-allonnes",
        "ccas-allonnes",
        "Accueil social du CCAS d'Allonnes",
        description=CCAS_DESCRIPTION,
        conditions="Habiter Allonnes.",
    ),
    service(
        "epicerie",
        "epicerie-coulaines",
        "ccas-coulaines",
        "Épicerie solidaire de Coulaines",
        opening_hours="We 14:00-17:00; Fr 09:00-12:00",
    ),
    service(
        "violences",
        "violences-le-mans",
        "ccas-le-mans",
        "Accueil des femmes victimes de violences",
        at=Place("", "72000", "Le Mans", 48.0061, 0.1996),
        capacity=15,
    ),
]

DIRECTORY = DemoDirectory(
    network=le_mans.NETWORK.slug,
    phone_prefix=le_mans.NETWORK.phone_prefix,
    country=le_mans.NETWORK.country,
    services=SERVICES,
)
