from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatePoolConfig(AppConfig):
    name = "policeonline.platepool"
    verbose_name = _("Plate pool")

    def ready(self):
        from . import handlers  # noqa: F401  (records the choices reported by the portal)
