"""Transports move envelope bytes and nothing else: they are trusted for nothing."""
