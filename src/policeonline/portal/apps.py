from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "policeonline.portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import framed  # noqa: F401 - connects its setting_changed receiver
