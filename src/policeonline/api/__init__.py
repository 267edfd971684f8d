"""The JSON API of the internet zone (django-ninja): versioned under /api/v1/, documented by a
generated OpenAPI document that is committed and drift-checked (docs/api/)."""
