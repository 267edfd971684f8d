"""Forms as data: one declaration per item renders the form, validates it and publishes its JSON Schema."""
