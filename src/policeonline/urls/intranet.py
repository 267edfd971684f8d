from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

# The admin is for reference data, reached only by administrators whose session passed TOTP;
# it signs in through the officers' page (password + TOTP), never a weaker form of its own.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = _("Police Service Online — reference data")
admin.site.site_title = _("Police Service Online")
admin.site.login = lambda request, extra_context=None: redirect_to_login(request.get_full_path())

urlpatterns = [
    path("", include("policeonline.workbench.urls")),
    path("", include("policeonline.core.urls")),
    path("officers/", include("policeonline.accounts.officers.urls")),
    path("verification/", include("policeonline.verification.urls")),
    path("cases/", include("policeonline.cases.urls")),
    path("plates/", include("policeonline.platepool.urls")),
    path("permits/", include("policeonline.permitdesk.urls")),
    path("calendar/", include("policeonline.workdays.urls")),
    path("payments/", include("policeonline.payments.desk.urls")),
    path("appointments/", include("policeonline.appointments.desk.urls")),
    path("letters/", include("policeonline.letters.desk.urls")),
    path("notices/", include("policeonline.notices.desk.urls")),
    path("supervision/", include("policeonline.supervision.urls")),
    path("rectification/", include("policeonline.ratings.desk.urls")),
    path("admin/", admin.site.urls),
]
