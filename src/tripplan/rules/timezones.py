"""Time-zone rules (``TZ`` prefix): wrong clocks caught before the trip."""
