from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitDeskConfig(AppConfig):
    name = "policeonline.permitdesk"
    label = "permitdesk"
    verbose_name = _("Pass permit records")

    def ready(self):
        from . import handlers  # noqa: F401  (answers fact requests, records permits)
