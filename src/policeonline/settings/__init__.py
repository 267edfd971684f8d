"""Settings of the two zones. Pick one with DJANGO_SETTINGS_MODULE:

- ``policeonline.settings.internet``: the citizen portal and public API (internet zone)
- ``policeonline.settings.intranet``: the officers' back office (police-intranet zone)

Both extend ``base``; neither imports the other (tests/test_zone_separation.py checks it).
"""
