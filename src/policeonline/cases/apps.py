from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "policeonline.cases"
    verbose_name = _("Cases")

    def ready(self):
        from . import intake  # noqa: F401  (turns submissions from the portal into cases)
