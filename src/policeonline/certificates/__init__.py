"""Electronic certificates: signed PDF documents with a QR code anyone can verify (both zones)."""
