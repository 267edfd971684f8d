from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuarantorPortalConfig(AppConfig):
    name = "policeonline.guarantors.portal"
    label = "guarantor_requests"
    verbose_name = _("Guarantee requests")
