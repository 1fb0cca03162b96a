"""Pages of a network's data-protection officer (mounted at /protection-des-donnees/)."""

from django.urls import path

from . import dpo_views

app_name = "dpo"

urlpatterns = [
    path("", dpo_views.index, name="index"),
    path("<slug:slug>/", dpo_views.access_log, name="log"),
    path("<slug:slug>/urgences/", dpo_views.break_glasses, name="break_glasses"),
    path(
        "<slug:slug>/urgences/<uuid:glass_id>/",
        dpo_views.break_glass_review,
        name="break_glass_review",
    ),
    path("<slug:slug>/alertes/", dpo_views.alerts, name="alerts"),
]
