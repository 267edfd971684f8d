import secrets

from django.db import models
from django.utils import timezone


def trade_no() -> str:
    return timezone.localtime().strftime("%Y%m%d") + secrets.token_hex(8).upper()


class Trade(models.Model):
    class Status(models.TextChoices):
        WAIT_BUYER_PAY = "WAIT_BUYER_PAY"
        TRADE_SUCCESS = "TRADE_SUCCESS"
        TRADE_CLOSED = "TRADE_CLOSED"

    merchant_id = models.CharField(max_length=32)
    out_trade_no = models.CharField(max_length=40)
    trade_no = models.CharField(max_length=32, unique=True, default=trade_no)
    amount_fen = models.PositiveIntegerField()
    subject = models.CharField(max_length=100)
    notify_url = models.URLField(max_length=300)
    return_url = models.URLField(max_length=300)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAIT_BUYER_PAY)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_fen = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant_id", "out_trade_no"],
                                               name="sim_one_trade_per_merchant_order")]

    def __str__(self):
        return self.trade_no


class Refund(models.Model):
    trade = models.ForeignKey(Trade, models.PROTECT, related_name="refunds")
    out_refund_no = models.CharField(max_length=40)
    refund_no = models.CharField(max_length=32, unique=True, default=trade_no)
    amount_fen = models.PositiveIntegerField()
    refunded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trade", "out_refund_no"],
                                               name="sim_one_refund_per_request")]

    def __str__(self):
        return self.refund_no


class Notification(models.Model):
    """One asynchronous notice to the merchant, retried until it answers ``success``."""

    trade = models.ForeignKey(Trade, models.PROTECT, related_name="notifications")
    refund = models.ForeignKey(Refund, models.PROTECT, null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_at = models.DateTimeField(default=timezone.now, db_index=True)
    acked_at = models.DateTimeField(null=True, blank=True)
    gave_up = models.BooleanField(default=False)
    last_error = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.trade_id}/{self.refund_id or '-'} #{self.attempts}"
