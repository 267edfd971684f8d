from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticeDeskConfig(AppConfig):
    name = "policeonline.notices.desk"
    label = "notice_desk"
    verbose_name = _("News and notices (back office)")
