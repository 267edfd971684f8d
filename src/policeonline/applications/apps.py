from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "policeonline.applications"
    verbose_name = _("Online applications")

    def ready(self):
        from . import updates  # noqa: F401  (applies the intranet's case log)
