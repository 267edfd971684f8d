from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "policeonline.exchange"
    verbose_name = _("Boundary exchange")

    def ready(self):
        from policeonline import messages  # noqa: F401  (the business message types)

        from . import control  # noqa: F401  (registers the exchange's own message types)
        from .crypto.contrib import ed25519  # noqa: F401
        from .transports.contrib import amqp, spool  # noqa: F401
