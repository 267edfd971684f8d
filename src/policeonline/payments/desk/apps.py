from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentDeskConfig(AppConfig):
    name = "policeonline.payments.desk"
    label = "payment_desk"
    verbose_name = _("Fee payments")

    def ready(self):
        from . import handlers  # noqa: F401  (payments and refunds reported by the portal)
