from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "policeonline.appointments.desk"
    label = "appointment_desk"
    verbose_name = _("Hall appointments")

    def ready(self):
        from . import handlers  # noqa: F401  (bookings from the portal)
