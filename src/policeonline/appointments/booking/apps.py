from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "policeonline.appointments.booking"
    label = "appointment_booking"
    verbose_name = _("Appointments")

    def ready(self):
        from . import handlers  # noqa: F401  (arrivals and no-shows from the hall)
