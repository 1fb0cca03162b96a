"""Networks, organisations, memberships, charter versions and signatures.

Data and invariants only: reads live in selectors.py, writes in services.py.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from relais.core.axes import Axis
from relais.core.models import TimeStampedModel

from . import validators


class Country(models.TextChoices):
    BE = "BE", _("Belgique")
    FR = "FR", _("France")


class Network(TimeStampedModel):
    """A relais social: a network of services that signed a common charter."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=80, blank=True)
    country = models.CharField(_("pays"), max_length=2, choices=Country.choices)
    time_zone = models.CharField(
        _("fuseau horaire"),
        max_length=60,
        default="Europe/Brussels",
        validators=[validators.validate_time_zone],
    )
    axes = models.JSONField(_("axes"), default=list, validators=[validators.validate_axes])
    description = models.TextField(_("qui sommes-nous"), blank=True)
    ga_member_label = models.CharField(
        _("nom des membres qui siègent à l'assemblée générale"),
        max_length=80,
        default=_("membre de l'assemblée générale"),
    )
    charter_transition_days = models.PositiveIntegerField(
        _("période de transition après une nouvelle charte (jours)"),
        default=180,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Pendant cette période, les signatures de la version précédente restent valables."
        ),
    )
    person_retention_months = models.PositiveSmallIntegerField(
        _("conservation des dossiers sans activité (mois)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    audit_retention_months = models.PositiveSmallIntegerField(
        _("conservation du journal d'accès (mois)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    coordinator_name = models.CharField(_("coordination : nom"), max_length=150, blank=True)
    coordinator_email = models.EmailField(_("coordination : e-mail"), blank=True)
    coordinator_phone = models.CharField(
        _("coordination : téléphone"),
        max_length=30,
        blank=True,
        validators=[validators.validate_phone],
    )
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")

    def __str__(self) -> str:
        return self.name

    def axis_choices(self) -> list[tuple[str, str]]:
        return [(code, Axis(code).label) for code in self.axes]


class Municipality(models.Model):
    """A municipality (with one postcode) of a network's territory."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="municipalities")
    name = models.CharField(_("commune"), max_length=120)
    postcode = models.CharField(_("code postal"), max_length=10)
    code = models.CharField(_("code INS / INSEE"), max_length=10, blank=True)

    class Meta:
        ordering = ["name", "postcode"]
        verbose_name = _("commune")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name", "postcode"], name="unique_network_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.name}"


class Organisation(TimeStampedModel):
    """A public service, association, social centre or health service."""

    class Kind(models.TextChoices):
        PUBLIC_SERVICE = "public_service", _("service public")
        ASSOCIATION = "association", _("association")
        SOCIAL_CENTRE = "social_centre", _("centre social")
        HEALTH = "health", _("santé")
        OTHER = "other", _("autre")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION
    )
    country = models.CharField(_("pays"), max_length=2, choices=Country.choices, default="BE")
    enterprise_number = models.CharField(
        _("numéro d'entreprise (BCE) ou SIRET"),
        max_length=20,
        blank=True,
        help_text=_("Belgique : numéro BCE/KBO (0123.456.789). France : SIRET (14 chiffres)."),
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    municipality = models.CharField(_("commune"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[validators.validate_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~Q(enterprise_number=""),
                name="unique_enterprise_number",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.enterprise_number:
            try:
                self.enterprise_number = validators.normalise_enterprise_number(
                    self.enterprise_number, self.country
                )
            except ValidationError as error:
                raise ValidationError({"enterprise_number": error.messages}) from error
        if self.phone:
            self.phone = validators.normalise_phone(self.phone, self.country)


class Membership(TimeStampedModel):
    """An organisation's place in a network: partner, or member who sits at the GA."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("partenaire")
        GA_MEMBER = "ga_member", _("membre de l'assemblée générale")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("candidature")
        ACTIVE = "active", _("actif")
        REFUSED = "refused", _("refusé")
        LEFT = "left", _("parti")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    kind = models.CharField(_("qualité"), max_length=20, choices=Kind.choices, default=Kind.PARTNER)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.APPLICANT
    )
    ga_requested = models.BooleanField(_("demande à siéger à l'assemblée générale"), default=False)
    applied_on = models.DateField(_("date de la demande"), default=date.today)
    started_on = models.DateField(_("membre depuis"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    ga_approved_on = models.DateField(
        _("siège approuvé par l'assemblée générale le"), null=True, blank=True
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="unique_network_membership"
            ),
            models.CheckConstraint(
                condition=~Q(kind="ga_member") | Q(ga_approved_on__isnull=False),
                name="ga_member_needs_ga_approval",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(started_on__isnull=False),
                name="active_membership_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.network}"

    def kind_label(self) -> str:
        if self.kind == self.Kind.GA_MEMBER:
            return self.network.ga_member_label
        return str(self.Kind.PARTNER.label)

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.ACTIVE:
            from .selectors import signature_valid_for

            if signature_valid_for(network=self.network, organisation=self.organisation) is None:
                raise ValidationError(
                    _(
                        "Une organisation ne peut être membre active qu'après avoir signé "
                        "la charte en vigueur du réseau."
                    )
                )


class CharterVersion(TimeStampedModel):
    """One version of a network's charter, approved (or to be approved) by the GA."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="charter_versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=250)
    sections = models.JSONField(
        _("sections"),
        default=list,
        validators=[validators.validate_sections],
        help_text=_("Liste de sections : titre, texte et s'il s'agit d'un engagement."),
    )
    approved_on = models.DateField(
        _("approuvée par l'assemblée générale le"), null=True, blank=True
    )
    axes = models.JSONField(_("axes"), default=list, validators=[validators.validate_axes])
    source_name = models.CharField(_("fichier source"), max_length=200, blank=True)

    class Meta:
        ordering = ["network", "-number"]
        verbose_name = _("version de la charte")
        verbose_name_plural = _("versions de la charte")
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="unique_charter_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def commitment_sections(self) -> list[tuple[int, dict]]:
        return [(i, s) for i, s in enumerate(self.sections) if s.get("commitment")]

    def transition_ends_on(self) -> date | None:
        if self.approved_on is None:
            return None
        return self.approved_on + timedelta(days=self.network.charter_transition_days)


def signature_upload_to(instance: "Signature", filename: str) -> str:
    return f"signatures/{instance.charter_version.network.slug}/{filename}"


class Signature(TimeStampedModel):
    """An organisation's signature of a charter version."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        ACCEPTED = "accepted", _("acceptée")
        REFUSED = "refused", _("refusée")

    charter_version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="signatures"
    )
    signatories = models.JSONField(
        _("signataires (nom et fonction)"),
        default=list,
        validators=[validators.validate_signatories],
    )
    signed_on = models.DateField(_("date de signature"))
    accepted_sections = models.JSONField(_("engagements acceptés"), default=list)
    document = models.FileField(
        _("document signé (scan)"), upload_to=signature_upload_to, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["charter_version", "organisation"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_live_signature_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.charter_version}"
