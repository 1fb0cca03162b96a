"""The access log of person files: one append-only row per read, export or change.

It never holds content: who, which organisation, which file, what, when and on which basis.
On PostgreSQL a trigger refuses UPDATE and DELETE, except the retention purge
(`relais.audit.services.audit_purge_before`), which sets a transaction-local flag.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("création du dossier")
    READ = "read", _("consultation")
    SEARCH = "search", _("recherche")
    CHANGE = "change", _("modification")
    NOTE_ADD = "note_add", _("ajout d'une note")
    CONTACT_ADD = "contact_add", _("ajout d'un contact")
    GOAL_CHANGE = "goal_change", _("projet de vie modifié")
    CONSENT_GRANT = "consent_grant", _("consentement enregistré")
    CONSENT_REVOKE = "consent_revoke", _("consentement retiré")
    BREAK_GLASS = "break_glass", _("accès d'urgence")
    EXPORT = "export", _("export")
    ACCESS_CODE = "access_code", _("code d'accès personnel créé")
    CORRECTION_REQUEST = "correction_request", _("demande de correction")
    ERASE = "erase", _("effacement (anonymisation)")
    RETENTION = "retention", _("anonymisation après la durée de conservation")


class Basis(models.TextChoices):
    OWN_ORGANISATION = "own_organisation", _("organisation référente")
    CONSENT = "consent", _("consentement")
    BREAK_GLASS = "break_glass", _("accès d'urgence")
    PERSON = "person", _("la personne elle-même")
    SYSTEM = "system", _("traitement automatique")


class AccessLogEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("quand"), auto_now_add=True, db_index=True)
    # Plain ids, not foreign keys: the log outlives accounts and anonymised files.
    user_id = models.BigIntegerField(_("utilisateur"), null=True, blank=True)
    username = models.CharField(_("nom d'utilisateur"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    network_id = models.BigIntegerField(_("réseau"), null=True, blank=True)
    person_id = models.UUIDField(_("dossier"), db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    basis = models.CharField(_("base"), max_length=30, choices=Basis.choices)
    consent_id = models.UUIDField(null=True, blank=True)
    break_glass_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("entrée du journal d'accès")
        verbose_name_plural = _("journal d'accès")
        indexes = [
            models.Index(fields=["person_id", "-at"]),
            models.Index(fields=["user_id", "-at"]),
            models.Index(fields=["network_id", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.person_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("The access log is append-only.")
