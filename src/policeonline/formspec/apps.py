from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormspecConfig(AppConfig):
    name = "policeonline.formspec"
    verbose_name = _("Application forms")
