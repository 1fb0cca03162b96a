from django.urls import path

from . import views

app_name = "network"

coordination = "<slug:slug>/coordination"

urlpatterns = [
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/charte/versions/", views.charter_versions, name="charter_versions"),
    path("<slug:slug>/charte/v<int:number>/", views.charter_version, name="charter_version"),
    path("<slug:slug>/adherer/", views.join, name="join"),
    path("<slug:slug>/adherer/merci/", views.join_done, name="join_done"),
    # Coordination: coordinators of the network only.
    path(f"{coordination}/", views.coordination, name="coordination"),
    path(f"{coordination}/membres/", views.memberships, name="memberships"),
    path(
        f"{coordination}/membres/<slug:organisation>/depart/",
        views.membership_leave,
        name="membership_leave",
    ),
    path(f"{coordination}/membres.csv", views.members_csv, name="members_csv"),
    path(f"{coordination}/membres.xlsx", views.members_xlsx, name="members_xlsx"),
    path(f"{coordination}/membres.pdf", views.members_pdf, name="members_pdf"),
    path(f"{coordination}/demandes/", views.applications, name="applications"),
    path(
        f"{coordination}/demandes/<int:signature_id>/accepter/",
        views.application_accept,
        name="application_accept",
    ),
    path(
        f"{coordination}/demandes/<int:signature_id>/refuser/",
        views.application_refuse,
        name="application_refuse",
    ),
    path(f"{coordination}/assemblee-generale/", views.ga_seats, name="ga_seats"),
    path(
        f"{coordination}/assemblee-generale/<slug:organisation>/",
        views.ga_seat_approve,
        name="ga_seat_approve",
    ),
    path(f"{coordination}/signatures/", views.signatures, name="signatures"),
    path(
        f"{coordination}/signatures/<int:signature_id>/document/",
        views.signature_document,
        name="signature_document",
    ),
    path(f"{coordination}/charte/", views.charter_admin, name="charter_admin"),
    path(f"{coordination}/charte/nouvelle/", views.charter_draft, name="charter_draft"),
    path(
        f"{coordination}/charte/v<int:number>/",
        views.charter_admin_version,
        name="charter_admin_version",
    ),
    path(
        f"{coordination}/charte/v<int:number>/approuver/",
        views.charter_approve,
        name="charter_approve",
    ),
]
