from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatePoolConfig(AppConfig):
    name = "policeonline.platepool"
    verbose_name = _("Plate pool")

    def ready(self):
        from policeonline.messages import plates  # noqa: F401  (the message types)

        from . import handlers  # noqa: F401  (records the choices reported by the portal)
