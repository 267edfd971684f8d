"""Forms as data: one declaration per item renders the form, validates it and publishes its JSON Schema.

    from policeonline.formspec import form_for, UploadRefused
    form = form_for(item)
"""

from .form import Form, Slot, form_for
from .uploads import UploadRefused

__all__ = ["Form", "Slot", "UploadRefused", "form_for"]
