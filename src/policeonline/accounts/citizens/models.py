"""Internet-zone accounts. ID and phone numbers are stored encrypted with keyed lookup
digests (core.protected); only masked forms are ever rendered to anyone but the owner."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policeonline.core.masking import mask_id_number, mask_phone
from policeonline.core.protected import EncryptedTextField, lookup_digest


def id_digest(number: str) -> str:
    return lookup_digest("id", number)


def phone_digest(phone: str) -> str:
    return lookup_digest("phone", phone)


def credit_code_digest(code: str) -> str:
    return lookup_digest("uscc", code)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_citizen(self, *, name, id_number, phone, password):
        user = self.model(kind=User.Kind.CITIZEN, name=name)
        user.set_identity(id_number)
        user.set_phone(phone)
        user.set_password(password)
        user.save()
        return user

    def create_company(self, *, company_name, credit_code, name, id_number, phone, password):
        user = self.model(kind=User.Kind.COMPANY, name=name, company_name=company_name)
        user.set_identity(id_number)
        user.set_credit_code(credit_code)
        user.set_phone(phone)
        user.set_password(password)
        user.save()
        return user

    def by_identifier(self, identifier: str):
        """The account an ID number, credit code or phone number signs in as, or None."""
        from policeonline.core.validators import normalize_id_number, normalize_phone

        raw = normalize_id_number(identifier)
        phone = normalize_phone(identifier)
        return (self.filter(login_key__in=[credit_code_digest(raw)]).first()
                or self.filter(kind=User.Kind.CITIZEN, login_key=id_digest(raw)).first()
                or self.filter(phone_digest=phone_digest(phone)).first())


class User(AbstractBaseUser, PermissionsMixin):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Individual")
        COMPANY = "company", _("Company")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Not yet verified")
        PENDING = "pending", _("Verification pending")
        VERIFIED = "verified", _("Real-name verified")
        FAILED = "failed", _("Verification failed")

    kind = models.CharField(_("account type"), max_length=10, choices=Kind.choices)
    # The sign-in key: digest of the ID number (citizens) or the credit code (companies).
    login_key = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=50,
                            help_text=_("The citizen, or the company's responsible person"))
    id_number = EncryptedTextField(_("resident ID number"))
    id_digest = models.CharField(max_length=64, db_index=True, editable=False)
    id_masked = models.CharField(max_length=18, editable=False)
    phone = EncryptedTextField(_("mobile number"))
    phone_digest = models.CharField(max_length=64, unique=True, editable=False)
    phone_masked = models.CharField(max_length=11, editable=False)
    email = models.EmailField(_("email (optional)"), blank=True,
                              help_text=_("Where application updates are also sent, if given"))
    company_name = models.CharField(_("company name"), max_length=100, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    verification = models.CharField(_("real-name verification"), max_length=12,
                                    choices=Verification.choices, default=Verification.UNVERIFIED)
    # The latest request sent across the boundary, and the intranet's reason code for its answer.
    verification_request_id = models.CharField(max_length=36, blank=True, editable=False)
    verification_reason = models.CharField(max_length=30, blank=True, editable=False)
    verification_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "login_key"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(fields=["id_digest"], condition=models.Q(kind="citizen"),
                                    name="one_citizen_account_per_id_number"),
        ]

    def __str__(self):
        return self.company_name or self.name

    @property
    def is_staff(self):
        return False  # nobody administers anything from the internet zone

    def set_identity(self, id_number: str):
        self.id_number = id_number
        self.id_digest = id_digest(id_number)
        self.id_masked = mask_id_number(id_number)
        if self.kind == self.Kind.CITIZEN:
            self.login_key = self.id_digest

    def set_credit_code(self, code: str):
        self.credit_code = code  # public business-register data, not personal
        self.login_key = credit_code_digest(code)

    def set_phone(self, phone: str):
        self.phone = phone
        self.phone_digest = phone_digest(phone)
        self.phone_masked = mask_phone(phone)

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED

    @property
    def account_ref(self) -> str:
        """How the intranet refers to this account: opaque, no personal data."""
        return f"account:{self.pk}"


class SmsCode(models.Model):
    """A one-time code sent to a phone. Only its hash is stored; it expires, is used once,
    and allows a few wrong guesses before it is spent."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("registration")
        RESET = "reset", _("password reset")

    phone_digest = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.purpose} code {self.pk}"
