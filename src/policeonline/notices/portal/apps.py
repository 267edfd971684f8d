from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticePortalConfig(AppConfig):
    name = "policeonline.notices.portal"
    label = "notices_portal"
    verbose_name = _("News and notices")

    def ready(self):
        from . import handlers  # noqa: F401  (notices published and withdrawn by the back office)
