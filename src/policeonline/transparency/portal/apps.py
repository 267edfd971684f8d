from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyPortalConfig(AppConfig):
    name = "policeonline.transparency.portal"
    label = "transparency_portal"
    verbose_name = _("Transparency log")

    def ready(self):
        from . import handlers  # noqa: F401  (leaves and signed tree heads from the intranet)
