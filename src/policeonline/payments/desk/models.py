from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.payments.money import fen_to_yuan


class FeeRequest(models.Model):
    """One fee asked of a case's applicant; its state follows what the portal reports."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting payment")
        PAID = "paid", _("Paid")
        REFUND_REQUESTED = "refund_requested", _("Refund requested")
        REFUNDED = "refunded", _("Refunded")
        CLOSED = "closed", _("Closed unpaid")

    request_id = models.UUIDField(unique=True, editable=False)
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="fee_requests")
    fee_code = models.CharField(max_length=40)
    fee_name = models.CharField(_("fee"), max_length=100)
    amount_fen = models.PositiveIntegerField()
    state = models.CharField(_("status"), max_length=16, choices=State.choices,
                             default=State.REQUESTED)
    order_no = models.CharField(_("order number"), max_length=20, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)  # refunded or closed

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["state", "-requested_at"], name="feerequest_state")]

    def __str__(self):
        return f"{self.case_id} {self.fee_code}"

    @property
    def amount_yuan(self) -> str:
        return fen_to_yuan(self.amount_fen)
