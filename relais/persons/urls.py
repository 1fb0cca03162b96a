"""Person pages (mounted at /personnes/). Ids are UUIDs; names never appear in URLs."""

from django.urls import path

from . import views

app_name = "persons"

file = "<uuid:person_id>"

urlpatterns = [
    path("", views.search, name="search"),
    path("nouveau/", views.create, name="create"),
    path("urgence/", views.break_glass_lookup, name="break_glass_lookup"),
    path(f"{file}/", views.person_file, name="file"),
    path(f"{file}/identite/", views.identity, name="identity"),
    path(f"{file}/notes/", views.note_add, name="note_add"),
    path(f"{file}/contacts/", views.contact_add, name="contact_add"),
    path(f"{file}/projet/", views.goal_add, name="goal_add"),
    path(f"{file}/projet/<uuid:goal_id>/", views.goal_edit, name="goal_edit"),
    path(f"{file}/consentements/nouveau/", views.consent_new, name="consent_new"),
    path(
        f"{file}/consentements/<uuid:consent_id>/retirer/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path(
        f"{file}/consentements/<uuid:consent_id>/bulletin/",
        views.consent_slip,
        name="consent_slip",
    ),
    path(
        f"{file}/consentements/<uuid:consent_id>/bulletin.pdf",
        views.consent_slip_pdf,
        name="consent_slip_pdf",
    ),
    path(f"{file}/journal/", views.access_log, name="access_log"),
    path(f"{file}/export.json", views.export_json, name="export_json"),
    path(f"{file}/export.pdf", views.export_pdf, name="export_pdf"),
    path(f"{file}/code-acces/", views.access_code, name="access_code"),
    path(f"{file}/effacer/", views.erase, name="erase"),
    path(f"{file}/urgence/", views.break_glass, name="break_glass"),
]
