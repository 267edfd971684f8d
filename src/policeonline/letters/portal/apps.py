from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersPortalConfig(AppConfig):
    name = "policeonline.letters.portal"
    label = "letters_portal"
    verbose_name = _("Consultations and complaints")

    def ready(self):
        from . import handlers  # noqa: F401  (routing, answers and public Q&A from the intranet)
