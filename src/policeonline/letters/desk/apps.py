from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersDeskConfig(AppConfig):
    name = "policeonline.letters.desk"
    label = "letters_desk"
    verbose_name = _("Letters from citizens")

    def ready(self):
        from . import handlers  # noqa: F401  (letters and ratings from the portal)
