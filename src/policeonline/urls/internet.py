from django.conf import settings
from django.urls import include, path

from policeonline.api.internet import api

urlpatterns = [
    # First: the API's requests (the app's, and the busiest: submitting, polling) are matched
    # without trying every portal pattern before it; no portal path starts with api/v1/.
    path("api/v1/", api.urls),
    path("", include("policeonline.portal.urls")),
    path("", include("policeonline.core.urls")),
    path("accounts/", include("policeonline.accounts.citizens.urls")),
    path("", include("policeonline.applications.urls")),
    path("", include("policeonline.plates.urls")),
    path("", include("policeonline.permits.urls")),
    path("messages/", include("policeonline.notifications.urls")),
    path("appointments/", include("policeonline.appointments.booking.urls")),
    path("guarantees/", include("policeonline.guarantors.portal.urls")),
    path("notices/", include("policeonline.notices.portal.urls")),
    path("", include("policeonline.certificates.urls")),
    path("", include("policeonline.payments.urls")),
    path("", include("policeonline.letters.portal.urls")),
    path("", include("policeonline.progress.urls")),
    path("", include("policeonline.ratings.portal.urls")),
    path("", include("policeonline.stats.portal.urls")),
    path("transparency/", include("policeonline.transparency.portal.urls")),
]
if settings.DEMO_MODE or settings.DEBUG:
    urlpatterns.append(path("dev/sms/",
                            include("policeonline.notifications.contrib.sms_simulator.urls")))
