"""The service catalog: categories and items with their guides, loaded from versioned data."""
