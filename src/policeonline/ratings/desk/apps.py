from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingDeskConfig(AppConfig):
    name = "policeonline.ratings.desk"
    label = "rating_desk"
    verbose_name = _("Ratings and rectification")

    def ready(self):
        from . import handlers  # noqa: F401  (citizens' ratings from the portal)
