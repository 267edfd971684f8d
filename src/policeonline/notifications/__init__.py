"""Notification channels (plugin kind): base interface, registry, contrib providers."""
