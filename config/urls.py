from django.contrib import admin
from django.urls import include, path

from relais.core import views as core_views

from .api import api

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # E-mail addresses are managed by organisation admins, not by each user: an unverified
    # address added there could receive password resets.
    path("comptes/email/", core_views.not_found),
    path("comptes/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reseaux/", include("relais.network.urls")),
    path("annuaire/", include("relais.directory.urls")),
    path("mon-dossier/", include("relais.persons.portal_urls")),
    path("personnes/", include("relais.persons.urls")),
    path("protection-des-donnees/", include("relais.persons.dpo_urls")),
    path("gestion/", admin.site.urls),
]
