from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.catalog.models import Department


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    APPROVER = "approver", _("Approver")
    SUPERVISOR = "supervisor", _("Supervisor")
    AUDITOR = "auditor", _("Auditor")
    DUTY_OFFICER = "duty_officer", _("Duty officer")
    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("Bureau leadership")  # bureau-wide supervision (ADR 0027)


def validate_roles(value):
    unknown = set(value) - set(Role.values)
    if unknown or not isinstance(value, list):
        raise ValidationError(_("Unknown role(s): %(r)s"), params={"r": ", ".join(sorted(unknown))})


class OfficerManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra):
        extra.setdefault("roles", [Role.ADMIN])
        return super().create_superuser(username, email, password, **extra)


class Officer(AbstractUser):
    """A police officer. ``username`` is the police number (警号)."""

    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True,
                                   related_name="officers", verbose_name=_("department"))
    roles = models.JSONField(_("roles"), default=list, validators=[validate_roles])

    objects = OfficerManager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self):
        return f"{self.get_full_name() or self.username} ({self.username})"

    def get_full_name(self):
        return f"{self.last_name}{self.first_name}".strip()

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles if r in Role.values]

    def save(self, *args, **kwargs):
        # The admin site is for administrators only; staff status follows the role.
        self.is_staff = self.is_superuser = Role.ADMIN in self.roles
        super().save(*args, **kwargs)
