"""What a payment provider (a gateway) does for the platform. One class per gateway under
``providers/contrib/<code>/``, registered in ``providers.registry``."""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime


class GatewayError(Exception):
    """The gateway could not be reached or answered something unusable (retry later)."""


class CallbackRefused(Exception):
    """A callback that is not the gateway's (bad signature) or is malformed."""


@dataclass(frozen=True)
class TradeStatus:
    """The gateway's signed word on one order."""

    order_no: str
    exists: bool
    trade_no: str = ""
    status: str = ""  # "waiting" | "paid" | "closed"
    amount_fen: int = 0
    refunded_fen: int = 0
    paid_at: datetime | None = None


@dataclass(frozen=True)
class Notice:
    """A verified callback."""

    kind: str  # "payment" | "refund"
    notify_id: str
    notify_time: datetime
    merchant_id: str
    trade: TradeStatus
    refund_no: str = ""
    refund_fen: int = 0


@dataclass(frozen=True)
class Refund:
    refund_no: str
    amount_fen: int


@dataclass(frozen=True)
class StatementLine:
    order_no: str
    trade_no: str
    kind: str  # "payment" | "refund"
    amount_fen: int


class PaymentProvider(ABC):
    code: str
    ack_body = "success"

    @abstractmethod
    def create_trade(self, order, return_url: str) -> tuple[str, str]:
        """Open the order at the gateway: ``(trade_no, pay_url)``."""

    @abstractmethod
    def pay_origin(self) -> str:
        """The origin (scheme://host[:port]) of the gateway's pay pages: the order page's
        Content-Security-Policy lets its pay form go there and nowhere else."""

    @abstractmethod
    def query(self, order_no: str) -> TradeStatus: ...

    @abstractmethod
    def refund(self, order, out_refund_no: str, amount_fen: int) -> Refund: ...

    @abstractmethod
    def parse_notice(self, body: bytes) -> Notice:
        """Verify the gateway's signature and read the callback (``CallbackRefused``)."""

    @abstractmethod
    def statement(self, day: date) -> list[StatementLine]: ...
