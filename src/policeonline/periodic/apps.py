from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PeriodicConfig(AppConfig):
    name = "policeonline.periodic"
    verbose_name = _("Periodic jobs")

    def ready(self):
        autodiscover_modules("jobs")
