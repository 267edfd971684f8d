"""Cryptographic suites: one interface, so a national-crypto suite (SM2/SM3) can replace
Ed25519/SHA-256 without touching any caller."""
