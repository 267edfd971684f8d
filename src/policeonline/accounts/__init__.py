"""Accounts. ``citizens`` (internet zone): citizens and companies. ``officers`` (intranet
zone): officers, their departments and roles. Shared here: password policy and lockout."""
