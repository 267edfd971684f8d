"""The audit log: append-only records of who did what (both zones)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "policeonline.audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import signals

        signals.connect()
