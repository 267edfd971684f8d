"""Real-name verification requests answered against the population registry (intranet)."""
