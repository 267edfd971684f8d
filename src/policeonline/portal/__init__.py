"""The citizen portal (internet zone): home, catalog browsing and search, item guides."""
