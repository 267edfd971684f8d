"""Intranet: the transparency log itself — one entry per case event, sequenced, signed and
published to the portal (ADR 0028)."""
