"""Chinese working days: the official holiday schedule, make-up working days and deadlines (intranet)."""
