"""Intranet zone: the hall's expected visits (mirrored from the portal's bookings) and the
hall officer's day list, where arrivals and no-shows are recorded and reported back."""
