from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatesConfig(AppConfig):
    name = "policeonline.plates"
    verbose_name = _("Plate self-selection")

    def ready(self):
        from . import handlers  # noqa: F401  (applies releases and withdrawals)
