"""WSGI entry point; the zone comes from DJANGO_SETTINGS_MODULE (set by the process manager)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policeonline.settings.internet")
application = get_wsgi_application()
