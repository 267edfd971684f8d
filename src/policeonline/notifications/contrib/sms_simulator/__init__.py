"""SMS SIMULATOR — stands in for a real SMS gateway in development and the demo. It delivers
nothing: messages are written to the log and to a table that a demo-only page shows."""
