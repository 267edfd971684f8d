"""Deployment checks: production must not run on development fallbacks."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def protected_data_keys(app_configs, **kwargs):
    errors = []
    if not settings.PROTECTED_DATA_KEYS:
        errors.append(Error("PROTECTED_DATA_KEYS is not set: personal data would be encrypted "
                            "with a key derived from SECRET_KEY.", id="policeonline.E001"))
    if not settings.LOOKUP_HMAC_KEY:
        errors.append(Error("LOOKUP_HMAC_KEY is not set.", id="policeonline.E002"))
    if settings.DEMO_MODE:
        errors.append(Error("DEMO_MODE is on: demo helpers are exposed.", id="policeonline.E003"))
    return errors
