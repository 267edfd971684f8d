from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsDeskConfig(AppConfig):
    name = "policeonline.stats.desk"
    label = "stats_desk"
    verbose_name = _("Statistics (daily figures)")
