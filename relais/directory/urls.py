from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    # Public directory: no login, public services only, seven languages.
    path("public/<slug:slug>/", views.public_directory, name="public"),
    path("public/<slug:slug>/services/<int:pk>/", views.public_service, name="public_service"),
    path("guide/<slug:slug>.pdf", views.guide_pdf, name="guide"),
    # Organisation admins.
    path("gerer/", views.manage, name="manage"),
    path("gerer/nouveau/", views.manage_create, name="manage_create"),
    path("gerer/horaires/", views.hours_check, name="hours_check"),
    path("gerer/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("gerer/<int:pk>/verifier/", views.manage_verify, name="manage_verify"),
    path("gerer/<int:pk>/avis/", views.manage_notice, name="manage_notice"),
    path(
        "gerer/<int:pk>/avis/<int:notice_id>/retirer/",
        views.manage_notice_withdraw,
        name="manage_notice_withdraw",
    ),
    path("gerer/<int:pk>/traductions/", views.manage_translations, name="manage_translations"),
    path(
        "gerer/<int:pk>/traductions/<str:language>/",
        views.manage_translations,
        name="manage_translation",
    ),
    # Coordinators.
    path("fraicheur/<slug:slug>/", views.freshness, name="freshness"),
    # Coordinators and organisation admins: services imported without axes.
    path("a-classer/", views.to_classify, name="to_classify"),
    path("a-classer/<int:pk>/", views.to_classify_service, name="to_classify_service"),
]
