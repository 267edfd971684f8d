"""Shared kernel: validators, protected personal data, masking, language and elder mode."""
