"""Exports of a trip: iCalendar files and the pieces they are built from."""
