"""The letter form: what a citizen writes, checked before anything is stored or sent."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from policeonline.accounts.citizens.forms import PhoneForm
from policeonline.accounts.forms import ChineseLabels
from policeonline.catalog.models import Category, Item
from policeonline.formspec.uploads import UploadRefused, check_content

from . import conf

ACCEPT = ("pdf", "jpeg", "png")


def topic_choices() -> list:
    """'Other' and, per category of the catalog, the category itself and its items."""
    groups = [("other", _("Other / not about one service"))]
    items = {}
    for item in Item.objects.only("code", "name_zh", "name_en", "category_id").order_by("position"):
        items.setdefault(item.category_id, []).append((item.code, f"{item.code} {item.name}"))
    for category in Category.objects.order_by("position"):
        options = [(category.code, _("%(category)s (in general)") % {"category": category.name}),
                   *items.get(category.pk, [])]
        groups.append((category.name, options))
    return groups


def topic_label(code: str) -> str:
    if code == "other":
        return str(_("Other"))
    found = Item.objects.filter(code=code).first() or Category.objects.filter(code=code).first()
    return found.name if found else code


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class LetterForm(ChineseLabels, forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"))
    subject = forms.CharField(label=_("Subject"), max_length=conf.SUBJECT_MAX)
    text = forms.CharField(label=_("Your message"), max_length=conf.TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("At least %(min)d and at most %(max)d characters.")
                           % {"min": conf.TEXT_MIN, "max": conf.TEXT_MAX})
    attachments = MultipleFileField(
        label=_("Attachments (optional)"), required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("Up to %(n)d PDF, JPEG or PNG files of at most 1 MB each.")
        % {"n": conf.ATTACHMENTS_MAX})
    publish_consent = forms.BooleanField(
        label=_("Publish my question and the answer anonymously as public Q&A"), required=False,
        help_text=_("An officer removes anything personal before it is published."))

    def __init__(self, *args, public_qa=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices()
        if not public_qa:
            del self.fields["publish_consent"]

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise ValidationError(_("Write a subject."), code="required")
        return subject

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < conf.TEXT_MIN:
            raise ValidationError(_("Write at least %(min)d characters.") % {"min": conf.TEXT_MIN},
                                  code="min_length")
        return text

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > conf.ATTACHMENTS_MAX:
            raise ValidationError(_("Attach at most %(n)d files.") % {"n": conf.ATTACHMENTS_MAX},
                                  code="too_many")
        checked = []
        for upload in files:
            if upload.size > conf.ATTACHMENT_MAX_BYTES:
                raise ValidationError(
                    _("%(name)s is %(size).1f MB; at most 1 MB per file is accepted.")
                    % {"name": upload.name[:60], "size": upload.size / 1048576}, code="too_big")
            content = upload.read()
            try:
                content_type = check_content(upload.name, content, ACCEPT, conf.ATTACHMENT_MAX_BYTES)
            except UploadRefused as refused:
                raise ValidationError(f"{upload.name[:60]}: {refused.message}", code="refused") from None
            checked.append({"filename": upload.name[-120:], "content_type": content_type,
                            "content": content})
        return checked


class ContactPhoneForm(PhoneForm):
    """An anonymous writer's mobile number, proved with an SMS code."""

    purpose = "letter"


class AnonymousContactForm(ContactPhoneForm):
    sms_code = forms.CharField(label=_("SMS verification code"), max_length=6,
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                             "inputmode": "numeric"}))


class TrackForm(ChineseLabels, forms.Form):
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=40)
    phone = forms.CharField(label=_("Contact mobile number"), max_length=20)
