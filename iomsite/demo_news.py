"""Further demo news items (placeholder; filled in below)."""

DEMO_CONTACTS = []
DEMO_NEWS = []
