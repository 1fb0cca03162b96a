"""Services of the directory, their locations, hours, notices and translations.

Data and invariants only. Hours are materialised into OpeningInterval rows by
`relais.directory.hours` (called from the services layer when a service is saved), so that
"open at" is answered by the database.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from relais.core.models import TimeStampedModel
from relais.network import validators as network_validators
from relais.network.models import Network, Organisation

from . import vocabularies as v
from .fields import WeekRangesField


def _check_codes(value, allowed, message) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Une liste est attendue."))
    unknown = [code for code in value if code not in allowed]
    if unknown:
        raise ValidationError(message % {"codes": ", ".join(map(str, unknown))})


def validate_thematiques(value) -> None:
    _check_codes(value, v.THEMATIQUE_CODES, _("Thématique inconnue : %(codes)s."))


def validate_publics(value) -> None:
    _check_codes(value, v.PUBLIC_CODES, _("Public inconnu : %(codes)s."))


def validate_welcomes(value) -> None:
    _check_codes(value, set(v.Welcome.values), _("Public inconnu : %(codes)s."))


def validate_access_modes(value) -> None:
    _check_codes(value, set(v.AccessMode.values), _("Mode d'accès inconnu : %(codes)s."))


def validate_languages(value) -> None:
    _check_codes(value, set(v.LANGUAGES), _("Langue inconnue : %(codes)s."))


def validate_opening_hours(value: str) -> None:
    from .hours import validate_opening_hours as validate

    validate(value)


# The fields of a service its organisation edits (forms, API, imports).
SERVICE_EDITABLE_FIELDS = (
    "name",
    "description",
    "axes",
    "thematiques",
    "publics",
    "welcomes",
    "conditions",
    "languages",
    "cost",
    "cost_details",
    "access_modes",
    "phone",
    "email",
    "website",
    "opening_hours",
    "hours_text",
    "capacity",
    "capacity_unit",
    "visibility",
)


class AxesOrigin(models.TextChoices):
    """Where a service's axes come from. Empty: chosen by a person (the sheet's form, the API,
    the "services à classer" page), or recorded before relais kept the origin."""

    CHOSEN = "", _("choisis par l'organisation ou la coordination")
    FILE = "file", _("donnés par le fichier importé")
    TAXONOMY = "taxonomy", _("déduits des termes de taxonomie (HSDS)")
    THEMATIQUES = "thematiques", _("déduits des thématiques (data·inclusion)")
    KEYWORDS = "keywords", _("déduits des mots du service")
    DEFAULT = "default", _("axe par défaut de l'import")

    @classmethod
    def inferred(cls) -> frozenset[str]:
        """The origins of a guess, which a later import may revise."""
        return frozenset({cls.TAXONOMY, cls.THEMATIQUES, cls.KEYWORDS, cls.DEFAULT})


class Service(TimeStampedModel):
    """What an organisation offers to persons: a night shelter, a meal, a shower, street work…"""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="services")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # At least one axis, unless the service is "à classer" (see `clean`).
    axes = models.JSONField(
        _("axes"), default=list, blank=True, validators=[network_validators.validate_axes]
    )
    thematiques = models.JSONField(
        _("thématiques"), default=list, blank=True, validators=[validate_thematiques]
    )
    publics = models.JSONField(
        _("publics"), default=list, blank=True, validators=[validate_publics]
    )
    welcomes = models.JSONField(
        _("qui peut venir"), default=list, blank=True, validators=[validate_welcomes]
    )
    conditions = models.TextField(_("conditions d'accès"), blank=True)
    languages = models.JSONField(
        _("langues parlées"), default=list, blank=True, validators=[validate_languages]
    )
    cost = models.CharField(_("coût"), max_length=20, choices=v.Cost.choices, default=v.Cost.FREE)
    cost_details = models.CharField(_("précisions sur le coût"), max_length=200, blank=True)
    access_modes = models.JSONField(
        _("comment venir"), default=list, blank=True, validators=[validate_access_modes]
    )
    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        blank=True,
        validators=[network_validators.validate_phone],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    opening_hours = models.CharField(
        _("horaires (format OpenStreetMap)"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("Par exemple « Mo-Fr 09:00-12:00,13:30-16:00; PH off »."),
    )
    hours_text = models.TextField(
        _("horaires en toutes lettres"),
        max_length=1000,
        blank=True,
        validators=[MaxLengthValidator(1000)],
        help_text=_(
            "Ce que les horaires ci-dessus ne savent pas dire, par exemple « le 2e mardi du "
            "mois quand il ne tombe pas pendant les vacances scolaires »."
        ),
    )
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("unité de capacité"), max_length=20, choices=v.CapacityUnit.choices, blank=True
    )
    visibility = models.CharField(
        _("visibilité"), max_length=20, choices=v.Visibility.choices, default=v.Visibility.PUBLIC
    )
    verified_at = models.DateTimeField(_("dernière vérification"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vérifié par"),
    )
    # Axes: a service imported without any axis the network could infer is "à classer" (not
    # classified): it has no axes and only its organisation and its network's coordinators
    # see it until one of them chooses its axes (`services.service_classify`).
    classified = models.BooleanField(_("classé"), default=True)
    axes_origin = models.CharField(
        _("origine des axes"), max_length=20, choices=AxesOrigin.choices, blank=True, default=""
    )
    classified_at = models.DateTimeField(_("classé le"), null=True, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("classé par"),
    )
    # Imports: the record's origin, for idempotent upserts.
    source = models.CharField(_("source"), max_length=60, blank=True)
    source_id = models.CharField(_("identifiant à la source"), max_length=200, blank=True)
    # Search: a denormalised, accent-free lower-case text (name, description, organisation,
    # municipalities) kept up to date by the services layer; the full-text indexes read it.
    search_text = models.TextField(editable=False, blank=True, default="")
    # Search at scale (selectors.services_search), denormalised by the services layer from
    # the locations and the hours so that the filters of a search are tested on the service's
    # own row and combined by the database's indexes: the coordinates of the first located
    # place and how many located places there are (only services with several are looked up
    # in Location), the weekly hours and the hours of a public holiday (as OpeningInterval
    # rows hold them).
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    # The cell of a grid of 0.05° × 0.05° holding that place (`grid.cell_of`): a radius asks
    # for the few cells around its point, an index answers exactly those.
    geo_cell = models.IntegerField(null=True, blank=True, editable=False)
    located_places = models.PositiveSmallIntegerField(default=0, editable=False)
    week_hours = WeekRangesField(default=list, blank=True, editable=False)
    holiday_hours = WeekRangesField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "source", "source_id"],
                condition=~Q(source_id=""),
                name="unique_service_source_id",
            )
        ]
        # No index on the visibility: nine services in ten are public, and an index on it
        # only tempts the planner into reading it whole for the search (docs/performance.md).
        indexes = [
            models.Index(fields=["organisation"]),
            models.Index(fields=["geo_cell"], name="directory_service_cell_idx"),
            models.Index(
                fields=["located_places"],
                condition=Q(located_places__gt=1),
                name="directory_service_places_idx",
            ),
            models.Index(
                fields=["network"], condition=Q(classified=False), name="service_to_classify"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # A service "à classer" gets axes and becomes classified in the same save
        # (`services.service_save`); a classified service always has axes.
        if self.classified and not self.axes:
            raise ValidationError({"axes": _("Choisissez au moins un axe.")})


class Location(models.Model):
    """Where a service happens: an address, or an area covered by a mobile service."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("nom du lieu"), max_length=200, blank=True)
    is_mobile = models.BooleanField(_("mobile (travail de rue, maraude)"), default=False)
    area_served = models.CharField(_("zone couverte"), max_length=300, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    municipality = models.CharField(_("commune"), max_length=120, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name or f"{self.address}, {self.postcode} {self.municipality}"

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Donnez la latitude et la longitude, ou aucune des deux."))
        if not self.is_mobile and not (self.address or self.municipality):
            raise ValidationError(_("Un lieu fixe a une adresse ou au moins une commune."))
        if self.is_mobile and not self.area_served:
            raise ValidationError({"area_served": _("Décrivez la zone couverte.")})


class OpeningInterval(models.Model):
    """One weekly open slot materialised from Service.opening_hours.

    `start` and `end` are minutes since Monday 00:00, local time of the service's network
    (0 ≤ start < end ≤ 10080). A slot crossing the end of the week is split in two. Rows with
    `holiday=True` describe a public holiday of the network's country (used instead of the
    regular rows on such a day).
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="intervals")
    holiday = models.BooleanField(default=False)
    start = models.PositiveSmallIntegerField()
    end = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["holiday", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")) & Q(end__lte=7 * 24 * 60),
                name="opening_interval_in_week",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.start}-{self.end}"


class Notice(TimeStampedModel):
    """A temporary notice: closed for works, winter plan open day and night, full tonight."""

    class Effect(models.TextChoices):
        INFO = "info", _("information seulement")
        CLOSED = "closed", _("fermé pendant cette période")
        OPEN = "open", _("ouvert jour et nuit pendant cette période")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="notices")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    message = models.CharField(_("message"), max_length=300)
    effect = models.CharField(
        _("effet sur les horaires"), max_length=10, choices=Effect.choices, default=Effect.INFO
    )

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("avis temporaire")
        verbose_name_plural = _("avis temporaires")
        indexes = [models.Index(fields=["service", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="notice_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.message


class ServiceTranslation(models.Model):
    """A service's description and conditions in another language, written by its
    organisation; the French text is the fallback for an empty field."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("langue"),
        max_length=5,
        choices=[(code, v.LANGUAGES[code]) for code in v.TRANSLATABLE_LANGUAGES],
    )
    name = models.CharField(_("nom"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    conditions = models.TextField(_("conditions d'accès"), blank=True)

    class Meta:
        verbose_name = _("traduction")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="unique_service_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.language})"
