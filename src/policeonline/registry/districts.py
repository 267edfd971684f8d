"""Jinan's districts and counties: the data lives in policeonline.core.districts (both zones use it)."""

from policeonline.core.districts import DISTRICT_NAMES, JINAN_DISTRICTS

__all__ = ["DISTRICT_NAMES", "JINAN_DISTRICTS"]
