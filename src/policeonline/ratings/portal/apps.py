from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingPortalConfig(AppConfig):
    name = "policeonline.ratings.portal"
    label = "rating_portal"
    verbose_name = _("Ratings (portal)")

    def ready(self):
        from . import handlers  # noqa: F401  (the department's follow-up from the intranet)
