from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsPortalConfig(AppConfig):
    name = "policeonline.stats.portal"
    label = "stats_portal"
    verbose_name = _("Public statistics")

    def ready(self):
        from . import handlers  # noqa: F401  (daily figures published by the intranet)
