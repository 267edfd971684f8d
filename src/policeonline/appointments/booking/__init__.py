"""Internet zone: slots and bookings. This zone is authoritative for capacity (no round trip);
every booking, reschedule and cancellation is reported to the intranet as an envelope."""
