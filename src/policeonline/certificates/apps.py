"""Electronic certificates: signed PDF documents with a QR code anyone can verify (both zones)."""
from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "policeonline.certificates"
    verbose_name = _("Electronic certificates")

    def ready(self):
        # Declared in both zones (the intranet sends, the portal receives); messages/__init__
        # should import it beside identity — until then this import declares the types.
        from policeonline.messages import certificates  # noqa: F401

        if settings.ZONE == "internet":
            from . import handlers  # noqa: F401  (the portal's mirror of issued certificates)
