"""A person's file: minimal, shared only with consent, open to the person.

Data and invariants only. Nobody reads these models directly outside `relais/persons`:
every read goes through `relais.persons.access`, which decides and audits.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.network.models import Network, Organisation

from .crypto import EncryptedTextField

CONSENT_DEFAULT_MONTHS = 12
BREAK_GLASS_HOURS = 24


class Gender(models.TextChoices):
    WOMAN = "woman", _("femme")
    MAN = "man", _("homme")
    OTHER = "other", _("autre")
    NOT_SAID = "not_said", _("ne souhaite pas le dire")


class Nationality(models.TextChoices):
    BE_FR = "be_fr", _("belge ou française")
    EU = "eu", _("autre pays de l'Union européenne")
    NON_EU = "non_eu", _("hors Union européenne")
    UNKNOWN = "unknown", _("inconnue ou non dite")


class Housing(models.TextChoices):
    """ETHOS Light (FEANTSA): the six operational categories, plus 'housed'."""

    ROUGH_SLEEPING = "ethos_1", _("1. à la rue (sans abri)")
    EMERGENCY_SHELTER = "ethos_2", _("2. en hébergement d'urgence")
    HOMELESS_ACCOMMODATION = "ethos_3", _("3. en hébergement pour personnes sans domicile")
    INSTITUTION = "ethos_4", _("4. en institution (sortie prévue sans logement)")
    NON_CONVENTIONAL = "ethos_5", _("5. en logement non conventionnel (caravane, squat…)")
    FRIENDS_FAMILY = "ethos_6", _("6. hébergé·e temporairement chez des proches")
    HOUSED = "housed", _("logé·e")
    NOT_SAID = "not_said", _("non dit")


class Person(models.Model):
    """The person at the centre. Only `called_name` is required; every other field is optional
    and the form says why it is asked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="persons")
    referent_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referent_of"
    )
    called_name = models.CharField(_("nom d'usage"), max_length=120)
    first_name = models.CharField(_("prénom"), max_length=120, blank=True)
    last_name = models.CharField(_("nom"), max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True, blank=True)
    gender = models.CharField(_("genre"), max_length=10, choices=Gender.choices, blank=True)
    nationality = models.CharField(
        _("nationalité"), max_length=10, choices=Nationality.choices, blank=True
    )
    languages = models.JSONField(_("langues"), default=list, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    housing = models.CharField(
        _("situation de logement"), max_length=10, choices=Housing.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    # Self-access ("mon dossier"): a public file code and a hashed access code.
    file_code = models.CharField(max_length=12, unique=True, null=True, blank=True)
    access_code_hash = models.CharField(max_length=128, blank=True)
    access_code_set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        indexes = [
            models.Index(fields=["referent_organisation", "called_name"]),
            models.Index(fields=["last_activity_at"]),
        ]

    def __str__(self) -> str:
        return self.called_name

    # Fields that identify the person: anonymisation blanks every one of them. A guard test
    # fails when a field is added to Person without being classified here.
    IDENTIFYING_FIELDS = (
        "called_name",
        "first_name",
        "last_name",
        "phone",
        "file_code",
        "access_code_hash",
    )
    STATISTICAL_FIELDS = ("birth_year", "gender", "nationality", "languages", "housing")
    TECHNICAL_FIELDS = (
        "id",
        "network",
        "referent_organisation",
        "created_at",
        "created_by",
        "last_activity_at",
        "retention_warned_at",
        "anonymised_at",
        "access_code_set_at",
    )


class Note(models.Model):
    class Visibility(models.TextChoices):
        ORGANISATION = "organisation", _("mon organisation seulement")
        SHARED = "shared", _("partagée (avec consentement)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    visibility = models.CharField(
        _("visibilité"), max_length=20, choices=Visibility.choices, default=Visibility.ORGANISATION
    )
    text = EncryptedTextField(_("texte"))
    about_third_party = models.BooleanField(_("concerne une tierce personne"), default=False)
    third_party_reason = EncryptedTextField(_("motif"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(about_third_party=False) | ~Q(third_party_reason=""),
                name="third_party_note_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"note {self.id}"


class Goal(models.Model):
    """A goal of the life project, chosen by the person."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("envisagé")
        IN_PROGRESS = "in_progress", _("en cours")
        REACHED = "reached", _("atteint")
        DROPPED = "dropped", _("abandonné")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    title = EncryptedTextField(_("objectif"))
    steps = models.JSONField(_("étapes"), default=list, blank=True)
    who_helps = EncryptedTextField(_("qui aide"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"goal {self.id}"


class Contact(models.Model):
    """One meeting with the person (the timeline): when, which organisation, what kind."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("entretien")
        STREET = "street", _("rencontre en rue")
        PHONE = "phone", _("téléphone")
        NIGHT = "night", _("nuitée")
        MEAL = "meal", _("repas")
        ACCOMPANIMENT = "accompaniment", _("accompagnement")
        OTHER = "other", _("autre")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    summary = EncryptedTextField(_("en bref"), blank=True)

    class Meta:
        ordering = ["-happened_on"]

    def __str__(self) -> str:
        return f"contact {self.id}"


class Consent(models.Model):
    """The person's informed consent to share parts of their file with named organisations,
    or with every organisation that signed the network's current charter."""

    class Scope(models.TextChoices):
        IDENTITY = "identity", _("identité")
        LIFE_PROJECT = "life_project", _("projet de vie")
        SHARED_NOTES = "shared_notes", _("notes partagées et contacts")

    class Method(models.TextChoices):
        ORAL = "oral", _("oral")
        WRITTEN = "written", _("écrit")
        SIGNED_SLIP = "signed_slip", _("bulletin signé")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    all_signatories = models.BooleanField(
        _("toutes les organisations signataires de la charte en vigueur"), default=False
    )
    shares_identity = models.BooleanField(_("partage l'identité"), default=False)
    shares_life_project = models.BooleanField(_("partage le projet de vie"), default=False)
    shares_notes = models.BooleanField(_("partage les notes partagées et contacts"), default=False)
    purpose = EncryptedTextField(_("pourquoi"))
    method = models.CharField(_("comment"), max_length=20, choices=Method.choices)
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    revoked_by_person = models.BooleanField(default=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["person", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(shares_identity=True)
                | Q(shares_life_project=True)
                | Q(shares_notes=True),
                name="consent_shares_something",
            )
        ]

    def __str__(self) -> str:
        return f"consent {self.id}"

    @staticmethod
    def default_expiry(given_at=None):
        return (given_at or timezone.now()) + timedelta(days=round(CONSENT_DEFAULT_MONTHS * 30.44))

    SCOPE_FIELDS = {
        "identity": "shares_identity",
        "life_project": "shares_life_project",
        "shared_notes": "shares_notes",
    }

    @property
    def scope(self) -> list[str]:
        return [code for code, name in self.SCOPE_FIELDS.items() if getattr(self, name)]

    @scope.setter
    def scope(self, codes) -> None:
        for code, name in self.SCOPE_FIELDS.items():
            setattr(self, name, code in codes)

    def is_valid(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.given_at <= at < self.expires_at


class BreakGlass(models.Model):
    """Emergency access to the shared part, for danger to the person or a third person."""

    class Review(models.TextChoices):
        PENDING = "pending", _("à examiner")
        JUSTIFIED = "justified", _("justifié")
        NOT_JUSTIFIED = "not_justified", _("non justifié")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glasses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("motif"))
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["person", "user", "expires_at"])]

    def __str__(self) -> str:
        return f"break-glass {self.id}"


class CorrectionRequest(models.Model):
    """The person asks their referent organisation to correct something in their file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    text = EncryptedTextField(_("demande"))
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"correction {self.id}"


class PersonToken(models.Model):
    """A bearer token for the person's own portal API: it opens that one file, nothing else."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"person token {self.pk}"
