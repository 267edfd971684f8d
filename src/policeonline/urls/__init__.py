"""URL roots: one per zone. A zone's root includes only that zone's apps."""
