from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account of a worker, volunteer, admin, coordinator or DPO. Persons never have one."""

    display_name = models.CharField(_("nom affiché"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("compte de démonstration"), default=False)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def has_any_role(self) -> bool:
        return self.organisation_roles.exists() or self.network_roles.exists()

    def coordinated_networks(self):
        from relais.network.models import Network

        return Network.objects.filter(
            roles__user=self, roles__role=NetworkRole.Role.COORDINATOR
        ).order_by("name")


class OrganisationRole(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("administrateur·rice")
        WORKER = "worker", _("intervenant·e")
        VOLUNTEER = "volunteer", _("bénévole")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organisation_roles")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    may_open_person_files = models.BooleanField(
        _("peut ouvrir les dossiers des personnes"),
        default=False,
        help_text=_("Pour les bénévoles : autorisation donnée par l'administrateur·rice."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_organisation_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class NetworkRole(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordination")
        DPO = "dpo", _("délégué·e à la protection des données")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="network_roles")
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "network", "role"], name="unique_network_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.network}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    with_second_factor = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"API token of {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
