"""Authoritative registries on the intranet: people, households, vehicles, drivers, records."""
