from abc import ABC, abstractmethod


class Suite(ABC):
    """Digest and signature primitives of one suite. Keys cross this interface as bytes:
    the private key in the suite's own serialisation, the public key raw."""

    name: str  # written into every envelope header

    @abstractmethod
    def digest(self, data: bytes) -> str:
        """Hex digest of ``data``."""

    @abstractmethod
    def generate(self) -> tuple[bytes, bytes]:
        """A new key pair: (private key bytes, public key bytes)."""

    @abstractmethod
    def sign(self, private_key: bytes, data: bytes) -> bytes: ...

    @abstractmethod
    def verify(self, public_key: bytes, signature: bytes, data: bytes) -> bool:
        """True only for a valid signature; never raises for bad input."""
