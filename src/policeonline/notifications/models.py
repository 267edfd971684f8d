from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """An in-site message (站内信): always written, whatever other channels reach the person."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="messages")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(max_length=200, blank=True)
    # What it says as a key and values (texts.py), to word it in the reader's language; empty
    # for messages written as plain text (title and body are then all there is).
    key = models.CharField(max_length=40, blank=True)
    values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="message_unread")]

    def __str__(self):
        return self.title

    def worded(self) -> tuple[str, str]:
        """Title and body in the active language; as sent when there is no key, or when the
        key is not known (any more) to this version."""
        from .texts import TEXTS, render

        if self.key in TEXTS:
            try:
                return render(self.key, self.values)
            except (KeyError, TypeError, ValueError):
                pass  # values of an older shape: the text as sent is still right
        return self.title, self.body
