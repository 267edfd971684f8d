from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuarantorDeskConfig(AppConfig):
    name = "policeonline.guarantors.desk"
    label = "guarantor_desk"
    verbose_name = _("Guarantees on cases")

    def ready(self):
        from . import handlers  # noqa: F401  (guarantors' answers from the portal)
