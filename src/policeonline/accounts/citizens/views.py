"""Registration, sign-in, password reset and the account page (internet zone).

The forms work without JavaScript: 'Send code' is a submit button of the same form, so the
page comes back with what was typed (passwords excepted) and a note that the code was sent.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import services, sms_codes
from .forms import (
    CitizenRegistrationForm,
    CompanyRegistrationForm,
    ContactForm,
    PasswordResetForm,
    PhoneForm,
    ResetPhoneForm,
    RetryVerificationForm,
    SignInForm,
)

BACKEND = "policeonline.accounts.citizens.backends.IdentifierBackend"


def _send_code(request, form_class, phone_form_class):
    """Handle the 'send code' button: validate the phone only, keep what was typed."""
    form = form_class(initial={k: v for k, v in request.POST.items()
                               if not k.startswith("password") and k != "csrfmiddlewaretoken"})
    phone_form = phone_form_class(request.POST)
    if phone_form.is_valid():
        try:
            sms_codes.issue(phone_form.cleaned_data["phone"], phone_form.purpose)
            messages.success(request, _("A verification code was sent to your mobile."))
        except ValidationError as exc:
            form.phone_error = exc.messages[0]
    else:
        form.phone_error = phone_form.errors["phone"][0]
    return form


def _registration(request, form_class, template, create):
    form = form_class()
    if request.method == "POST":
        if request.POST.get("action") == "send_code":
            form = _send_code(request, form_class, PhoneForm)
        else:
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    user = create(form.cleaned_data)
                except (ValidationError, IntegrityError):
                    form.add_error(None, _("This account was registered a moment ago. Please "
                                           "sign in."))
                else:
                    login(request, user, backend=BACKEND)
                    messages.success(request, _("Your account has been created."))
                    return redirect("citizens:me")
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


@sensitive_post_parameters("password1", "password2", "id_number")
def register(request):
    def create(data):
        return services.register_citizen(name=data["name"], id_number=data["id_number"],
                                          phone=data["phone"], password=data["password1"],
                                          sms=data["sms"])
    return _registration(request, CitizenRegistrationForm, "citizens/register.html", create)


@sensitive_post_parameters("password1", "password2", "id_number")
def register_company(request):
    def create(data):
        return services.register_company(
            company_name=data["company_name"], credit_code=data["credit_code"],
            name=data["name"], id_number=data["id_number"], phone=data["phone"],
            password=data["password1"], sms=data["sms"])
    return _registration(request, CompanyRegistrationForm, "citizens/register_company.html",
                         create)


@sensitive_post_parameters("password1", "password2")
def reset_password(request):
    form = PasswordResetForm()
    if request.method == "POST":
        if request.POST.get("action") == "send_code":
            form = _send_code(request, PasswordResetForm, ResetPhoneForm)
        else:
            form = PasswordResetForm(request.POST)
            if form.is_valid():
                try:
                    services.reset_password(form.user, form.cleaned_data["password1"],
                                            form.cleaned_data["sms"])
                except ValidationError as exc:
                    form.add_error("sms_code", exc)
                else:
                    messages.success(request, _("Your password has been changed. Please sign "
                                                "in with the new password."))
                    return redirect("citizens:login")
    return render(request, "citizens/reset_password.html", {"form": form},
                  status=400 if form.errors else 200)


class SignInView(auth_views.LoginView):
    template_name = "citizens/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "portal:home"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


def _verification_context(user):
    from .verification import REASON_TEXT

    return {"account": user, "reason_text": REASON_TEXT.get(user.verification_reason, ""),
            "retry_form": RetryVerificationForm(initial={"name": user.name})}


@login_required
def me(request):
    user = request.user
    form = ContactForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email address has been saved."))
        return redirect("citizens:me")
    return render(request, "citizens/me.html", {**_verification_context(user), "contact_form": form})


@login_required
@require_POST
def start_verification(request):
    """An account that was never verified (e.g. created by an operator) asks once."""
    user = request.user
    if user.verification == user.Verification.UNVERIFIED:
        services.request_verification(user)
    return redirect("citizens:me")


@login_required
def verification_status(request):
    """The verification panel alone: htmx polls it while the answer is on its way."""
    return render(request, "citizens/_verification.html", _verification_context(request.user))


@login_required
@require_POST
def retry_verification(request):
    user = request.user
    form = RetryVerificationForm(request.POST)
    if user.verification != user.Verification.FAILED:
        messages.info(request, _("Your verification is not in a state that can be retried."))
    elif form.is_valid():
        services.retry_verification(user, form.cleaned_data["name"])
        messages.success(request, _("Verification requested again."))
    else:
        context = _verification_context(user)
        context["retry_form"] = form
        return render(request, "citizens/me.html", context, status=400)
    return redirect("citizens:me")
