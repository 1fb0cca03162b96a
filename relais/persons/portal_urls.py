"""The person's portal ("mon dossier"), mounted at /mon-dossier/. No staff account involved:
the person signs in with the two codes of their slip. No name or code ever appears in a URL."""

from django.urls import path

from . import portal

app_name = "portal"

urlpatterns = [
    path("", portal.login, name="login"),
    path("dossier/", portal.file_view, name="file"),
    path("qui-a-consulte/", portal.access_log, name="access_log"),
    path("accords/", portal.consents, name="consents"),
    path("accords/<uuid:consent_id>/retirer/", portal.consent_revoke, name="consent_revoke"),
    path("telecharger/mon-dossier.pdf", portal.export_pdf, name="export_pdf"),
    path("telecharger/mon-dossier.json", portal.export_json, name="export_json"),
    path("correction/", portal.correction, name="correction"),
    path("code/", portal.access_code, name="access_code"),
    path("deconnexion/", portal.logout, name="logout"),
]
