from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "policeonline.permits"
    verbose_name = _("Urban-area vehicle pass permits")

    def ready(self):
        from . import handlers  # noqa: F401  (applies the intranet's vehicle facts)
