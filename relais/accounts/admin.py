from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, NetworkRole, OrganisationRole, User

# The admin's own login form would skip the second factor: send it to allauth's login.
admin.site.login = secure_admin_login(admin.site.login)


class OrganisationRoleInline(admin.TabularInline):
    model = OrganisationRole
    extra = 0


class NetworkRoleInline(admin.TabularInline):
    model = NetworkRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("relais"), {"fields": ("display_name", "is_demo")}),
    )
    list_display = ("username", "display_name", "email", "is_active", "is_staff", "is_demo")
    list_filter = (*BaseUserAdmin.list_filter, "is_demo")
    search_fields = (*BaseUserAdmin.search_fields, "display_name")
    inlines = (OrganisationRoleInline, NetworkRoleInline)


@admin.register(OrganisationRole)
class OrganisationRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "may_open_person_files")
    list_filter = ("role",)
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "organisation__name")


@admin.register(NetworkRole)
class NetworkRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "network", "role")
    list_filter = ("role",)
    list_select_related = ("user", "network")
    search_fields = ("user__username", "network__name")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued through the API only; here they can be seen and revoked."""

    list_display = ("user", "created_at", "expires_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "digest", "created_at", "expires_at", "with_second_factor")
    fields = (*readonly_fields, "revoked_at")
    actions = ("revoke",)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Révoquer les jetons sélectionnés"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(token=token)
