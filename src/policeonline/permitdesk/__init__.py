"""Intranet zone: the vehicle facts pass permits need, and the traffic police's permit records."""
