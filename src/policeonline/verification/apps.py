from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "policeonline.verification"
    verbose_name = _("Real-name verification")

    def ready(self):
        from . import handlers  # noqa: F401  (answers requests from the internet zone)
