from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "policeonline.payments"
    verbose_name = _("Fee payment")

    def ready(self):
        from . import handlers  # noqa: F401  (payment requests and refunds from the intranet)
        from .providers.contrib.gateway_simulator import provider  # noqa: F401  (registers it)
