"""Vocabularies of the directory: who may come, how to come, cost, capacity units, languages.

Thématiques and publics are data·inclusion's (data-inclusion-schema v1), translated in the UI.
"""

from data_inclusion.schema.v1 import Public, Thematique
from django.db import models
from django.utils.translation import gettext_lazy as _

THEMATIQUE_CODES = frozenset(t.value for t in Thematique)
PUBLIC_CODES = frozenset(p.value for p in Public)


class Welcome(models.TextChoices):
    """Who may come (the street-level question, finer than data·inclusion's publics)."""

    MEN_ALONE = "hommes_seuls", _("hommes seuls")
    WOMEN = "femmes", _("femmes")
    FAMILIES = "familles", _("familles avec enfants")
    COUPLES = "couples", _("couples")
    YOUNG_ADULTS = "jeunes_18_25", _("jeunes adultes (18–25 ans)")
    MINORS = "mineurs", _("mineur·es")
    WITH_ANIMALS = "avec_animaux", _("personnes avec animaux")
    WITHOUT_PAPERS = "sans_papiers", _("personnes sans papiers")
    EVERYONE = "tout_public", _("tout le monde")


class AccessMode(models.TextChoices):
    WALK_IN = "walk_in", _("sans rendez-vous")
    APPOINTMENT = "appointment", _("sur rendez-vous")
    PHONE = "phone", _("par téléphone")
    REFERRAL = "referral", _("sur orientation d'un service")


class Cost(models.TextChoices):
    FREE = "free", _("gratuit")
    PARTICIPATION = "participation", _("participation financière")


class CapacityUnit(models.TextChoices):
    BEDS = "beds", _("lits")
    PLACES = "places", _("places")
    PARCELS_PER_WEEK = "parcels_per_week", _("colis par semaine")
    MEALS_PER_DAY = "meals_per_day", _("repas par jour")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    PROFESSIONALS = "professionals", _("professionnels du réseau")


# ISO 639-1 codes of the languages a service may speak, with their own name.
LANGUAGES = {
    "fr": "français",
    "nl": "Nederlands",
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "uk": "українська",
    "ro": "română",
    "ru": "русский",
    "es": "español",
    "it": "italiano",
    "pt": "português",
    "tr": "Türkçe",
    "pl": "polski",
    "fa": "فارسی",
    "ps": "پښتو",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "sq": "shqip",
    "bg": "български",
    "ln": "lingála",
    "wa": "walon",
    "sgn": "langue des signes",
}

# Languages of the public directory: French first, then those many persons in the street read.
PUBLIC_DIRECTORY_LANGUAGES = ["fr", "nl", "de", "en", "ar", "uk", "ro"]
TRANSLATABLE_LANGUAGES = [code for code in PUBLIC_DIRECTORY_LANGUAGES if code != "fr"]
