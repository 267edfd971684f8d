"""Internet zone: urban-area vehicle pass permits, issued instantly on the portal (ADR 0020)."""
