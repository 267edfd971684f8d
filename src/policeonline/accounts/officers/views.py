from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _
from django_otp import login as otp_login


class OfficerSignInView(auth_views.LoginView):
    template_name = "officers/login.html"
    redirect_authenticated_user = True

    def get_form_class(self):
        from .forms import OfficerSignInForm

        return OfficerSignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        otp_login(self.request, form.otp_device)  # marks the session as verified
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from django.conf import settings

        if settings.DEMO_MODE:
            from .demo import demo_codes

            context["demo_codes"] = demo_codes()
        return context


class OfficerSignOutView(auth_views.LogoutView):
    next_page = "officers:login"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response
