"""Officers, their department and roles (intranet zone). Sign-in needs password and TOTP."""
