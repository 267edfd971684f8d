"""The limits of booking, each a setting with the default below (docs/appointments.md)."""

from django.conf import settings

DEFAULTS = {
    "APPOINTMENT_BOOKING_DAYS": 10,  # slots offered on the next N working days
    "APPOINTMENT_MAX_RESCHEDULES": 2,  # reschedules per booking
    "APPOINTMENT_RESCHEDULE_CUTOFF_HOURS": 24,  # no reschedule this close to the slot
    "APPOINTMENT_NO_SHOW_LIMIT": 3,  # no-shows within the window that ban booking
    "APPOINTMENT_NO_SHOW_WINDOW_DAYS": 180,
    "APPOINTMENT_NO_SHOW_BAN_DAYS": 30,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))
