from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/coordination/", views.coordination, name="coordination"),
]
