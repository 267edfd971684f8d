"""Fee orders. ``state`` changes only in ``payments.services`` (one write path, row locked),
each change appended to the order's log; the gateway is the authority on money, so every
change from the gateway's side is checked against what the gateway signed."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .money import fen_to_yuan

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def order_no() -> str:
    """``F20261127`` + 10 random characters: says the day, not how many orders there are."""
    return "F" + timezone.localdate().strftime("%Y%m%d") + "".join(
        secrets.choice(ALPHABET) for _ in range(10))


class FeeOrder(models.Model):
    class State(models.TextChoices):
        CREATED = "created", _("Awaiting payment")
        PAYING = "paying", _("Payment in progress")
        PAID = "paid", _("Paid")
        REFUNDING = "refunding", _("Refund in progress")
        REFUNDED = "refunded", _("Refunded")
        CLOSED = "closed", _("Closed")

    order_no = models.CharField(_("order number"), max_length=20, unique=True, default=order_no)
    request_id = models.UUIDField(unique=True, editable=False)  # the intranet's payment request
    application = models.ForeignKey("applications.Application", models.PROTECT,
                                    related_name="fee_orders")
    fee_code = models.CharField(max_length=40)
    fee_name = models.CharField(_("fee"), max_length=100)
    amount_fen = models.PositiveIntegerField()
    state = models.CharField(_("status"), max_length=10, choices=State.choices,
                             default=State.CREATED)
    provider = models.CharField(max_length=32)
    trade_no = models.CharField(max_length=40, null=True, blank=True, unique=True)
    pay_url = models.URLField(max_length=300, blank=True)
    refund_no = models.CharField(max_length=40, blank=True)
    cancel_requested = models.BooleanField(default=False)  # the case no longer needs the fee
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "updated_at"], name="feeorder_state")]

    def __str__(self):
        return self.order_no

    @property
    def amount_yuan(self) -> str:
        return fen_to_yuan(self.amount_fen)

    @property
    def refund_no_out(self) -> str:
        return f"R{self.order_no[1:]}"

    @property
    def fee_label(self) -> str:
        """The fee's name in the reader's language, from the catalog; the name the intranet
        sent (Chinese) when the catalog no longer lists that fee."""
        from policeonline.catalog.models import Item

        item = Item.objects.filter(code=self.application.item_code).first()
        for fee in (item.localized_fees if item is not None else []):
            if fee["code"] == self.fee_code and fee["name"]:
                return fee["name"]
        return self.fee_name


class PaymentEvent(models.Model):
    """One entry of an order's log. Never updated."""

    order = models.ForeignKey(FeeOrder, models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    source = models.CharField(max_length=20)  # intranet, citizen, callback, query, system
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order_id} {self.action}"


class CallbackRecord(models.Model):
    """Every callback received, accepted or refused. An accepted ``notify_id`` is never
    accepted again (replay)."""

    class Outcome(models.TextChoices):
        APPLIED = "applied"
        DUPLICATE = "duplicate"  # genuine, already applied: acknowledged, nothing changes
        REFUSED = "refused"

    provider = models.CharField(max_length=32)
    notify_id = models.CharField(max_length=64, blank=True)
    order_no = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["provider", "notify_id"], name="callback_notify_once",
            condition=~models.Q(outcome="refused"))]

    def __str__(self):
        return f"{self.notify_id} {self.outcome}"
