from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from policeonline.accounts.forms import ChineseLabels


class OfficerSignInForm(ChineseLabels, AuthenticationForm):
    """Police number, password and the 6-digit code of the officer's authenticator."""

    username = forms.CharField(label=_("Police number"), max_length=30,
                               widget=forms.TextInput(attrs={"autofocus": True,
                                                             "autocomplete": "username"}))
    otp_token = forms.CharField(label=_("Authenticator code"), max_length=6, min_length=6,
                                widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                              "inputmode": "numeric"}))
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The police number or password is wrong."),
        "bad_token": _("The authenticator code is wrong or expired."),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        self.otp_device = match_token(user, cleaned.get("otp_token", "")) if user else None
        if user and self.otp_device is None:
            # A wrong code is a failed sign-in like a wrong password: counted towards the
            # lockout (django-axes) and written to the audit log.
            user_login_failed.send(sender=type(self), credentials={"username": user.username},
                                   request=self.request, reason="wrong_code")
            raise ValidationError(self.error_messages["bad_token"], code="bad_token")
        return cleaned
