"""Pre-departure checklist rules (``C`` prefix), run by ``tripplan check``."""
