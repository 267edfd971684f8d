"""`make demo`: both zones on one machine, with seeded data, stopped cleanly by Ctrl-C."""
