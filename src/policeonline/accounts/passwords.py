"""Password policy. Django's validators give length, common-password and similarity checks;
this adds the character-class rule of China's MLPS level 3 (see docs/adr/0007)."""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"\d"), re.compile(r"[^\w\s]|_"))


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(bool(c.search(password)) for c in CLASSES) < self.min_classes:
            raise ValidationError(
                _("The password must mix at least %(n)d of: lower-case letters, capital "
                  "letters, digits, symbols.") % {"n": self.min_classes},
                code="password_classes")

    def get_help_text(self):
        return _("Mix at least %(n)d of: lower-case letters, capital letters, digits, "
                 "symbols.") % {"n": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with our own wording: Django 5.2.x changed this message and its Chinese
    translation has not caught up, so citizens would see English."""

    def get_error_message(self):
        return ngettext("The password is too short: use at least %(n)d character.",
                        "The password is too short: use at least %(n)d characters.",
                        self.min_length) % {"n": self.min_length}
