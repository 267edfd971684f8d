"""The SMS channel interface. A provider plugin implements ``send`` and registers itself."""

from abc import ABC, abstractmethod


class DeliveryFailed(Exception):
    """The provider did not accept the message; the caller tells the user to try again."""


class SmsChannel(ABC):
    name: str

    @abstractmethod
    def send(self, phone: str, text: str) -> str:
        """Hand one message to the provider; return the provider's message id."""
