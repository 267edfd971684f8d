from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "policeonline.accounts.citizens"
    label = "citizens"
    verbose_name = _("Citizen and company accounts")

    def ready(self):
        from . import verification  # noqa: F401  (handler for the intranet's answers)
