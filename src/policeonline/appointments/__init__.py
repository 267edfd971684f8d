"""Appointments (预约): service halls as data (both zones), booking on the portal (``booking``),
the hall officer's day list on the intranet (``desk``). See docs/appointments.md."""
