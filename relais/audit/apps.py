from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "relais.audit"
    label = "audit"
