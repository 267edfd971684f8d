"""Citizens' and companies' accounts (internet zone)."""
