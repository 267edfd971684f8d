"""Citizen-facing forms. Each field error is a sentence a citizen can act on."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from policeonline.accounts.forms import ChineseLabels
from policeonline.core.validators import validate_credit_code, validate_id_number, validate_mobile

from . import sms_codes
from .models import SmsCode, User, credit_code_digest, id_digest, phone_digest

NAME_HELP = _("As printed on your ID card.")


class PhoneForm(ChineseLabels, forms.Form):
    """Just the phone: what 'send me a code' needs."""

    phone = forms.CharField(label=_("Mobile number"), max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "tel",
                                                          "inputmode": "numeric"}))
    purpose = SmsCode.Purpose.REGISTER

    def clean_phone(self):
        phone = validate_mobile(self.cleaned_data["phone"])
        registered = User.objects.filter(phone_digest=phone_digest(phone)).exists()
        if self.purpose == SmsCode.Purpose.REGISTER and registered:
            raise ValidationError(_("This mobile number is already registered. Sign in, or "
                                    "reset your password."), code="phone_taken")
        if self.purpose == SmsCode.Purpose.RESET and not registered:
            raise ValidationError(_("No account uses this mobile number."), code="phone_unknown")
        return phone


class ResetPhoneForm(PhoneForm):
    purpose = SmsCode.Purpose.RESET


class NewPasswordMixin(forms.Form):
    sms_code = forms.CharField(label=_("SMS verification code"), max_length=6,
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                             "inputmode": "numeric"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html)
    password2 = forms.CharField(label=_("Repeat the password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def check_passwords(self, user: User):
        cleaned = self.cleaned_data
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)

    def check_code(self):
        phone, code = self.cleaned_data.get("phone"), self.cleaned_data.get("sms_code")
        if phone and code and not self.errors:
            try:
                self.cleaned_data["sms"] = sms_codes.check(phone, self.purpose, code)
            except ValidationError as exc:
                self.add_error("sms_code", exc)


class CitizenRegistrationForm(PhoneForm, NewPasswordMixin):
    name = forms.CharField(label=_("Full name"), max_length=50, help_text=NAME_HELP,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_number = forms.CharField(label=_("Resident ID number"), max_length=20,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    agree = forms.BooleanField(label=_("I have read and accept the user agreement and the "
                                       "privacy notice."))
    field_order = ["name", "id_number", "phone", "sms_code", "password1", "password2", "agree"]

    def clean_id_number(self):
        number = validate_id_number(self.cleaned_data["id_number"])
        if User.objects.filter(kind=User.Kind.CITIZEN, id_digest=id_digest(number)).exists():
            raise ValidationError(_("An account already exists for this ID number. Sign in, or "
                                    "reset your password."), code="id_taken")
        return number

    def clean(self):
        cleaned = super().clean()
        self.check_passwords(User(kind=User.Kind.CITIZEN, name=cleaned.get("name", "")))
        self.check_code()
        return cleaned


class CompanyRegistrationForm(PhoneForm, NewPasswordMixin):
    company_name = forms.CharField(label=_("Company name"), max_length=100,
                                   widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=20)
    name = forms.CharField(label=_("Responsible person's full name"), max_length=50,
                           help_text=NAME_HELP)
    id_number = forms.CharField(label=_("Responsible person's resident ID number"),
                                max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    agree = CitizenRegistrationForm.base_fields["agree"]
    field_order = ["company_name", "credit_code", "name", "id_number", "phone", "sms_code",
                   "password1", "password2", "agree"]

    def clean_credit_code(self):
        code = validate_credit_code(self.cleaned_data["credit_code"])
        if User.objects.filter(login_key=credit_code_digest(code)).exists():
            raise ValidationError(_("This company already has an account."), code="uscc_taken")
        return code

    def clean_id_number(self):
        return validate_id_number(self.cleaned_data["id_number"])

    def clean(self):
        cleaned = super().clean()
        self.check_passwords(User(kind=User.Kind.COMPANY, name=cleaned.get("name", ""),
                                  company_name=cleaned.get("company_name", "")))
        self.check_code()
        return cleaned


class PasswordResetForm(ResetPhoneForm, NewPasswordMixin):
    field_order = ["phone", "sms_code", "password1", "password2"]

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone")
        self.user = User.objects.filter(phone_digest=phone_digest(phone)).first() if phone else None
        if self.user:
            self.check_passwords(self.user)
        self.check_code()
        return cleaned


class SignInForm(ChineseLabels, AuthenticationForm):
    username = forms.CharField(label=_("ID number, credit code or mobile number"), max_length=20,
                               widget=forms.TextInput(attrs={"autofocus": True,
                                                             "autocomplete": "username"}))
    error_messages = {
        "invalid_login": _("The account or the password is wrong. After %(limit)s failures "
                           "in a row the account is locked for a while."),
        "inactive": _("This account is disabled."),
    }

    def get_invalid_login_error(self):
        from django.conf import settings

        return ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                               params={"limit": settings.AXES_FAILURE_LIMIT})


class RetryVerificationForm(ChineseLabels, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=50, help_text=NAME_HELP)


class ContactForm(forms.ModelForm):
    """Where application updates also go by email (SMS and in-site messages always)."""

    class Meta:
        model = User
        fields = ["email"]
