"""Kinds of services found in every relais social, with what they usually offer.

`service(kind, key, organisation, name, ...)` builds a DemoService from a kind's defaults and
the given overrides. A kind lists its axes twice: `axes`, kept when the network uses them,
else `fallback_axes` (Namur has no "logement" axis, Le Mans no "accueil de nuit"…).
"""

from .base import DemoService, Note, Place, Translation

# Axes (relais.core.axes.Axis values).
URGENCE = "urgence_sociale"
JOUR = "accueil_de_jour"
NUIT = "accueil_de_nuit"
RUE = "travail_de_rue"
ALIMENTAIRE = "aide_alimentaire"
LOGEMENT = "logement"
ECOUTE = "accueil_ecoute"
DROITS = "acces_aux_droits"
SANTE = "hygiene_sante"
LIEN = "lien_social"
SAVOIRS = "savoirs_de_base"

# data·inclusion thématiques.
HEBERGEMENT = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
MAINTIEN_LOGEMENT = "logement-hebergement--se-maintenir-dans-le-logement"
LOUER = "logement-hebergement--louer-un-logement"
INFO_LOGEMENT = "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"
IMPAYES = "logement-hebergement--reduire-les-impayes-de-loyer"
ALIMENTATION = "equipement-et-alimentation--alimentation"
HABILLEMENT = "equipement-et-alimentation--habillement"
LIEN_SOCIAL = "remobilisation--lien-social"
BIEN_ETRE = "remobilisation--bien-etre-confiance-en-soi"
ACTIVITES = "remobilisation--activites-sportives-et-culturelles"
SOINS = "sante--acces-aux-soins"
ADDICTIONS = "sante--addictions"
SANTE_MENTALE = "sante--sante-mentale"
SANTE_SEXUELLE = "sante--sante-sexuelle"
ACCES_DROITS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
DEMARCHES = (
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
)
CITOYENNETE = (
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete"
)
JUDICIAIRE = (
    "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"
)
DETTES = "difficultes-financieres--situation-dendettement-surendettement"
BUDGET = "difficultes-financieres--ameliorer-sa-gestion-budgetaire"
VIOLENCES = "famille--surmonter-conflits-separation-violence"
PARENTALITE = "famille--soutien-a-la-parentalite-et-a-leducation"
FRANCAIS = "lecture-ecriture-calcul--maitriser-le-francais"
CALCUL = "lecture-ecriture-calcul--maitriser-le-calcul"
EN_LIGNE = "numerique--acceder-a-des-services-en-ligne"
NUMERIQUE = "numerique--maitriser-les-fondamentaux-du-numerique"
CONNEXION = "numerique--acceder-a-une-connexion-internet"

# data·inclusion publics.
TOUS = "tous-publics"
URGENCE_PUBLIC = "personnes-en-situation-durgence"
FAMILLES = "familles"
FEMMES = "femmes"
JEUNES = "jeunes"
EXILES = "personnes-exilees"
MINIMAS = "beneficiaires-des-minimas-sociaux"
SENIORS = "seniors"
JURIDIQUE = "personnes-en-situation-juridique-specifique"
HANDICAP = "personnes-en-situation-de-handicap"

# Who may come (Welcome values).
HOMMES = "hommes_seuls"
W_FEMMES = "femmes"
W_FAMILLES = "familles"
COUPLES = "couples"
JEUNES_ADULTES = "jeunes_18_25"
MINEURS = "mineurs"
ANIMAUX = "avec_animaux"
SANS_PAPIERS = "sans_papiers"
TOUT_LE_MONDE = "tout_public"

WALK_IN, APPOINTMENT, PHONE, REFERRAL = "walk_in", "appointment", "phone", "referral"

KINDS: dict[str, dict] = {
    "abri_de_nuit": {
        "description": (
            "Un lit pour la nuit, une douche chaude, une soupe le soir et un petit-déjeuner "
            "avant de repartir. On arrive sans rendez-vous ; les lits sont attribués dans "
            "l'ordre d'arrivée jusqu'à ce que l'abri soit complet."
        ),
        "axes": (NUIT,),
        "fallback_axes": (LOGEMENT, URGENCE),
        "languages": ("fr", "en"),
        "opening_hours": "Mo-Su 20:00-08:00",
        "thematiques": (HEBERGEMENT,),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (HOMMES, W_FEMMES, COUPLES, JEUNES_ADULTES),
        "conditions": (
            "Être majeur. Pas d'alcool ni de produits à l'intérieur ; chacun reçoit un casier "
            "pour ses affaires."
        ),
        "access_modes": (WALK_IN, PHONE),
        "capacity_unit": "beds",
    },
    "plan_hiver": {
        "description": (
            "Pendant le plan hiver, des places de nuit en plus pour que personne ne dorme "
            "dehors par grand froid : lit de camp, repas chaud, douche et petit-déjeuner."
        ),
        "axes": (NUIT, URGENCE),
        "fallback_axes": (LOGEMENT,),
        "languages": ("fr", "en"),
        "opening_hours": "Mo-Su 21:00-08:00",
        "thematiques": (HEBERGEMENT,),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (TOUT_LE_MONDE, ANIMAUX),
        "conditions": "Aucune condition : il suffit de se présenter.",
        "access_modes": (WALK_IN,),
        "capacity_unit": "beds",
    },
    "maison_accueil": {
        "description": (
            "Un hébergement de quelques mois avec un accompagnement social pour reprendre "
            "pied : remettre ses papiers en ordre, retrouver un revenu, chercher un logement. "
            "L'entrée se fait après un entretien."
        ),
        "axes": (LOGEMENT,),
        "fallback_axes": (NUIT, URGENCE),
        "opening_hours": "24/7",
        "thematiques": (HEBERGEMENT, ACCES_DROITS),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (HOMMES,),
        "conditions": "Entretien préalable ; participation aux frais selon les revenus.",
        "cost": "participation",
        "cost_details": "Une part des revenus, fixée à l'entrée.",
        "access_modes": (APPOINTMENT, REFERRAL),
        "capacity_unit": "beds",
    },
    "accueil_de_jour": {
        "description": (
            "Un lieu pour se poser au chaud : café, soupe, journaux, prises pour recharger son "
            "téléphone, douche et machine à laver. L'équipe écoute, aide aux démarches et "
            "oriente vers les autres services du réseau."
        ),
        "axes": (JOUR,),
        "fallback_axes": (ECOUTE, SANTE),
        "languages": ("fr", "en"),
        "opening_hours": "Mo-Fr 08:30-16:00",
        "thematiques": (LIEN_SOCIAL, ALIMENTATION),
        "publics": (URGENCE_PUBLIC, TOUS),
        "welcomes": (TOUT_LE_MONDE, ANIMAUX),
        "access_modes": (WALK_IN,),
        "capacity_unit": "places",
    },
    "restaurant_social": {
        "description": (
            "Un repas chaud complet servi à table le midi, pour un prix symbolique. On peut "
            "aussi venir seulement boire un café et discuter."
        ),
        "axes": (ALIMENTAIRE, JOUR),
        "fallback_axes": (),
        "opening_hours": "Mo-Fr 11:30-13:30",
        "thematiques": (ALIMENTATION, LIEN_SOCIAL),
        "publics": (TOUS,),
        "welcomes": (TOUT_LE_MONDE,),
        "cost": "participation",
        "cost_details": "2 € le repas ; gratuit avec un bon d'un service social.",
        "access_modes": (WALK_IN,),
        "capacity_unit": "meals_per_day",
    },
    "colis": {
        "description": (
            "Distribution de colis alimentaires : produits secs, conserves et produits frais "
            "selon les arrivages. Une inscription est demandée à la première visite."
        ),
        "axes": (ALIMENTAIRE,),
        "fallback_axes": (URGENCE,),
        "opening_hours": "Tu 09:00-12:00; Th 14:00-17:00",
        "thematiques": (ALIMENTATION,),
        "publics": (FAMILLES, MINIMAS),
        "welcomes": (TOUT_LE_MONDE,),
        "conditions": (
            "Inscription selon les revenus du ménage : apporter une preuve de revenus ou une "
            "attestation d'un service social."
        ),
        "access_modes": (WALK_IN, REFERRAL),
        "capacity_unit": "parcels_per_week",
    },
    "epicerie": {
        "description": (
            "Une épicerie où l'on fait ses courses soi-même, à environ un tiers du prix "
            "habituel, le temps de souffler et de remettre son budget à flot."
        ),
        "axes": (ALIMENTAIRE,),
        "fallback_axes": (URGENCE,),
        "opening_hours": "Mo,We,Fr 13:30-17:00",
        "thematiques": (ALIMENTATION, BUDGET),
        "publics": (FAMILLES, MINIMAS),
        "welcomes": (TOUT_LE_MONDE,),
        "conditions": "Accès pour six mois, renouvelable, sur orientation d'un service social.",
        "cost": "participation",
        "cost_details": "Prix réduits, environ 30 % du prix en magasin.",
        "access_modes": (REFERRAL,),
    },
    "travail_de_rue": {
        "description": (
            "Des éducateurs de rue vont à la rencontre des personnes qui vivent ou passent "
            "leurs journées dehors : écoute, boissons chaudes, couvertures, premiers soins, et "
            "un accompagnement vers les services quand la personne le souhaite."
        ),
        "axes": (RUE,),
        "fallback_axes": (ECOUTE,),
        "languages": ("fr", "en"),
        "opening_hours": "Tu,Th 19:00-23:00",
        "thematiques": (LIEN_SOCIAL, SOINS),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (TOUT_LE_MONDE, ANIMAUX),
        "access_modes": (WALK_IN, PHONE),
    },
    "urgence_sociale": {
        "description": (
            "Une permanence téléphonique jour et nuit pour les situations d'urgence : personne "
            "à la rue, violence, sortie d'hôpital sans solution. L'équipe cherche une place, "
            "se déplace si besoin et passe le relais aux services de jour."
        ),
        "axes": (URGENCE,),
        "fallback_axes": (LOGEMENT, ECOUTE),
        "languages": ("fr", "nl", "en"),
        "opening_hours": "24/7",
        "thematiques": (HEBERGEMENT, VIOLENCES),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (PHONE,),
        "email": False,
    },
    "permanence_sociale": {
        "description": (
            "Accueil sans rendez-vous par un assistant social : revenu d'intégration, aide "
            "médicale urgente, aide au loyer, carte médicale, démarches administratives. On "
            "repart avec une réponse ou un rendez-vous."
        ),
        "axes": (URGENCE,),
        "fallback_axes": (DROITS,),
        "opening_hours": "Mo-Fr 08:30-11:30; PH off",
        "thematiques": (ACCES_DROITS, DEMARCHES),
        "publics": (TOUS, MINIMAS),
        "welcomes": (TOUT_LE_MONDE,),
        "conditions": "Habiter la commune, ou s'y trouver sans logement.",
        "access_modes": (WALK_IN, APPOINTMENT),
    },
    "adresse_reference": {
        "description": (
            "Une adresse de référence pour recevoir son courrier et garder ses droits quand on "
            "n'a plus de logement. Le courrier se retire au guichet avec une pièce d'identité "
            "ou la carte remise à l'inscription."
        ),
        "axes": (URGENCE,),
        "fallback_axes": (DROITS,),
        "opening_hours": "Tu,Th 09:00-12:00; PH off",
        "thematiques": (DEMARCHES, ACCES_DROITS),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (WALK_IN,),
    },
    "douches": {
        "description": (
            "Douches chaudes avec serviette, savon et rasoir fournis ; machines à laver et "
            "séchoir pendant qu'on prend un café. Inscription à l'arrivée, vingt minutes par "
            "personne."
        ),
        "axes": (JOUR,),
        "fallback_axes": (SANTE,),
        "opening_hours": "Mo,Tu,Th,Fr 08:30-11:30",
        "thematiques": (BIEN_ETRE,),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (WALK_IN,),
        "capacity_unit": "places",
    },
    "soins": {
        "description": (
            "Consultations de médecine générale et soins infirmiers sans rendez-vous le matin, "
            "y compris sans mutuelle ou sans papiers ; l'équipe aide ensuite à ouvrir ou "
            "retrouver ses droits en santé."
        ),
        "axes": (URGENCE,),
        "fallback_axes": (SANTE,),
        "languages": ("fr", "en"),
        "opening_hours": "Mo-Fr 08:30-10:30; PH off",
        "thematiques": (SOINS,),
        "publics": (TOUS, URGENCE_PUBLIC),
        "welcomes": (TOUT_LE_MONDE, SANS_PAPIERS),
        "access_modes": (WALK_IN, APPOINTMENT),
    },
    "psy_mobile": {
        "description": (
            "Une équipe mobile (infirmiers, psychologue, psychiatre) rencontre à la rue ou dans "
            "les abris des personnes en souffrance psychique sans suivi. Intervention à la "
            "demande d'un service du réseau, en lien avec le médecin traitant s'il y en a un."
        ),
        "axes": (RUE,),
        "fallback_axes": (SANTE,),
        "languages": ("fr", "en"),
        "opening_hours": "Mo-Fr 09:00-17:00; PH off",
        "thematiques": (SANTE_MENTALE, SOINS),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (REFERRAL, PHONE),
        "professionals": True,
    },
    "assuetudes": {
        "description": (
            "Accueil, écoute et accompagnement des personnes qui consomment de l'alcool ou des "
            "drogues, et de leurs proches : échange de seringues, matériel à moindre risque, "
            "orientation vers un traitement quand la personne le souhaite."
        ),
        "axes": (JOUR, RUE),
        "fallback_axes": (SANTE,),
        "opening_hours": "Mo-Fr 10:00-16:00",
        "thematiques": (ADDICTIONS, SOINS),
        "publics": (TOUS,),
        "welcomes": (TOUT_LE_MONDE,),
        "conditions": "Anonyme et gratuit.",
        "access_modes": (WALK_IN, APPOINTMENT),
    },
    "vestiaire": {
        "description": (
            "Vêtements, chaussures et sacs de couchage propres, rangés par taille : on choisit "
            "soi-même. Les dons sont acceptés aux heures d'ouverture."
        ),
        "axes": (JOUR,),
        "fallback_axes": (ECOUTE,),
        "opening_hours": "We 13:30-16:30; Sa 09:30-12:00",
        "thematiques": (HABILLEMENT,),
        "publics": (TOUS,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (WALK_IN,),
    },
    "logement_ais": {
        "description": (
            "Une agence immobilière sociale loue à loyer modéré des logements confiés par des "
            "propriétaires et accompagne les locataires. Permanence pour s'inscrire sur la "
            "liste d'attente ou poser une question sur son bail."
        ),
        "axes": (LOGEMENT,),
        "fallback_axes": (URGENCE,),
        "opening_hours": "Tu,Th 09:00-12:00; PH off",
        "thematiques": (LOUER, MAINTIEN_LOGEMENT),
        "publics": (TOUS, MINIMAS),
        "welcomes": (TOUT_LE_MONDE,),
        "conditions": "Revenus limités ; inscription sur la liste d'attente.",
        "access_modes": (APPOINTMENT, PHONE),
    },
    "housing_first": {
        "description": (
            "Un logement tout de suite, sans étapes préalables, pour des personnes qui ont "
            "longtemps vécu à la rue, avec une équipe qui passe chez elles aussi souvent que "
            "nécessaire. Les candidatures sont présentées par les services du réseau."
        ),
        "axes": (LOGEMENT,),
        "fallback_axes": (URGENCE,),
        "opening_hours": "Mo-Fr 09:00-17:00; PH off",
        "thematiques": (MAINTIEN_LOGEMENT, HEBERGEMENT),
        "publics": (URGENCE_PUBLIC,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (REFERRAL,),
        "professionals": True,
        "capacity_unit": "places",
    },
    "mediation_dettes": {
        "description": (
            "Un service de médiation de dettes fait le point sur le budget, négocie des plans "
            "de paiement avec les créanciers et, si besoin, prépare une procédure de "
            "règlement collectif de dettes."
        ),
        "axes": (URGENCE,),
        "fallback_axes": (DROITS,),
        "opening_hours": "Mo-Th 09:00-12:00; PH off",
        "thematiques": (DETTES, BUDGET),
        "publics": (TOUS,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (APPOINTMENT,),
    },
    "droits_etrangers": {
        "description": (
            "Permanence d'information juridique pour les personnes étrangères : séjour, "
            "regroupement familial, aide médicale urgente, recours. Interprète possible sur "
            "rendez-vous."
        ),
        "axes": (URGENCE,),
        "fallback_axes": (DROITS,),
        "opening_hours": "Tu 13:30-16:30; Th 09:30-12:30; PH off",
        "thematiques": (CITOYENNETE, ACCES_DROITS),
        "publics": (EXILES, JURIDIQUE),
        "welcomes": (TOUT_LE_MONDE, SANS_PAPIERS),
        "languages": ("fr", "en", "ar"),
        "access_modes": (WALK_IN, APPOINTMENT),
    },
    "alphabetisation": {
        "description": (
            "Apprendre ou réapprendre à lire, écrire et calculer en français, en petits groupes, "
            "pour des adultes qui ont peu ou pas été à l'école. Inscription après une rencontre "
            "individuelle."
        ),
        "axes": (SAVOIRS, JOUR),
        "fallback_axes": (),
        "opening_hours": "Mo-Th 09:00-12:00; PH off",
        "thematiques": (FRANCAIS, CALCUL),
        "publics": (TOUS, EXILES),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (APPOINTMENT,),
        "capacity_unit": "places",
    },
    "lien_social": {
        "description": (
            "Un café associatif où l'on vient boire un verre, jouer, participer à un atelier "
            "cuisine ou couture et rencontrer d'autres habitants du quartier."
        ),
        "axes": (LIEN, JOUR),
        "fallback_axes": (),
        "opening_hours": "Tu-Fr 14:00-18:00",
        "thematiques": (LIEN_SOCIAL, ACTIVITES),
        "publics": (TOUS,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (WALK_IN,),
    },
    "ecoute": {
        "description": (
            "Un lieu d'accueil et d'écoute sans rendez-vous : on peut y parler de ce qui ne va "
            "pas, se faire aider pour un courrier ou une démarche, et être orienté."
        ),
        "axes": (ECOUTE, JOUR),
        "fallback_axes": (),
        "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        "thematiques": (LIEN_SOCIAL, DEMARCHES),
        "publics": (TOUS,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (WALK_IN,),
    },
    "numerique": {
        "description": (
            "Ordinateurs en libre accès, wifi et un animateur pour les démarches en ligne "
            "(mutuelle, chômage, allocations, prise de rendez-vous) ou pour apprendre à se "
            "servir d'un smartphone."
        ),
        "axes": (DROITS, JOUR),
        "fallback_axes": (URGENCE,),
        "opening_hours": "Mo,We 13:30-16:30; Fr 09:00-12:00",
        "thematiques": (EN_LIGNE, NUMERIQUE, CONNEXION),
        "publics": (TOUS,),
        "welcomes": (TOUT_LE_MONDE,),
        "access_modes": (WALK_IN,),
    },
    "violences": {
        "description": (
            "Écoute, mise à l'abri et accompagnement des femmes victimes de violences "
            "conjugales et de leurs enfants. L'adresse de l'hébergement reste confidentielle ; "
            "le premier contact se fait par téléphone."
        ),
        "axes": (URGENCE, LOGEMENT),
        "fallback_axes": (ECOUTE,),
        "languages": ("fr", "en"),
        "opening_hours": "24/7",
        "thematiques": (VIOLENCES, HEBERGEMENT),
        "publics": (FEMMES, FAMILLES),
        "welcomes": (W_FEMMES, W_FAMILLES),
        "access_modes": (PHONE,),
        "capacity_unit": "places",
    },
    "sante_pass": {
        "description": (
            "Consultations médicales et sociales pour les personnes sans couverture maladie ou "
            "avec des droits incomplets : soins, médicaments, et aide pour ouvrir ses droits."
        ),
        "axes": (SANTE,),
        "fallback_axes": (URGENCE,),
        "languages": ("fr", "en"),
        "opening_hours": "Mo-Fr 09:00-12:30,13:30-16:30; PH off",
        "thematiques": (SOINS, ACCES_DROITS),
        "publics": (URGENCE_PUBLIC, EXILES),
        "welcomes": (TOUT_LE_MONDE, SANS_PAPIERS),
        "access_modes": (WALK_IN, REFERRAL),
    },
}


def service(
    kind: str,
    key: str,
    organisation: str,
    name: str,
    *,
    at: Place | tuple[Place, ...] | None = None,
    **overrides,
) -> DemoService:
    """A demo service of a kind; `at` gives its place(s), else the organisation's address."""
    values = {"fallback_axes": (), **KINDS[kind], **overrides}
    if at is not None:
        values["places"] = at if isinstance(at, tuple) else (at,)
    return DemoService(key=key, organisation=organisation, name=name, **values)


def winter_plan(message: str = "Plan hiver : ouvert jour et nuit, sans interruption.") -> Note:
    return Note(-5, 40, message, "open")


def works(message: str, starts: int = -2, ends: int = 12) -> Note:
    return Note(starts, ends, message, "closed")


def full_tonight(message: str = "Complet ce soir : appelez l'urgence sociale.") -> Note:
    return Note(0, 0, message, "info")


def translated(language: str, description: str, name: str = "", conditions: str = ""):
    return Translation(language, name=name, description=description, conditions=conditions)


# Translations of some kinds' default descriptions, written by the organisations (demo).
SHELTER_IN_OTHER_LANGUAGES = (
    translated(
        "nl",
        "Een bed voor de nacht, een warme douche, soep 's avonds en een ontbijt voor je "
        "vertrekt. Je komt zonder afspraak; de bedden worden verdeeld in volgorde van "
        "aankomst tot de opvang vol is.",
        conditions="Meerderjarig zijn. Geen alcohol of drugs binnen; iedereen krijgt een "
        "kastje voor zijn spullen.",
    ),
    translated(
        "en",
        "A bed for the night, a hot shower, soup in the evening and breakfast before you "
        "leave. No appointment needed; beds are given in order of arrival until the shelter "
        "is full.",
        name="Night shelter",
        conditions="Adults only. No alcohol or drugs inside; everyone gets a locker for "
        "their belongings.",
    ),
    translated(
        "ar",
        "سرير لليلة، ودُش ساخن، وحساء في المساء، وفطور قبل المغادرة. يمكن القدوم بدون موعد، "
        "وتُوزَّع الأسرّة حسب ترتيب الوصول إلى أن يمتلئ المأوى.",
        name="مأوى ليلي",
    ),
    translated(
        "uk",
        "Ліжко на ніч, гарячий душ, суп увечері та сніданок перед виходом. Можна прийти без "
        "запису; ліжка надають у порядку прибуття, доки є вільні місця.",
        name="Нічний притулок",
    ),
)

DAY_CENTRE_IN_OTHER_LANGUAGES = (
    translated(
        "nl",
        "Een warme plek om even tot rust te komen: koffie, soep, kranten, stopcontacten om je "
        "telefoon op te laden, een douche en een wasmachine. Het team luistert, helpt met "
        "papierwerk en verwijst door naar de andere diensten van het netwerk.",
    ),
    translated(
        "en",
        "A warm place to rest: coffee, soup, newspapers, sockets to charge your phone, a "
        "shower and a washing machine. The team listens, helps with paperwork and points you "
        "to the other services of the network.",
        name="Day centre",
    ),
    translated(
        "ar",
        "مكان دافئ للراحة: قهوة، حساء، جرائد، مقابس لشحن الهاتف، دُش وغسالة. يستمع إليك "
        "الفريق، ويساعدك في الإجراءات الإدارية، ويوجّهك إلى الخدمات الأخرى في الشبكة.",
    ),
)

PARCELS_IN_OTHER_LANGUAGES = (
    translated(
        "en",
        "Food parcels: dry goods, tins and fresh produce depending on deliveries. You "
        "register on your first visit.",
        name="Food parcels",
        conditions="Registration depends on the household's income: bring proof of income "
        "or a letter from a social service.",
    ),
    translated(
        "ar",
        "توزيع طرود غذائية: مواد جافة ومعلّبات ومنتجات طازجة حسب ما يصل. يُطلب التسجيل في "
        "الزيارة الأولى.",
    ),
)
