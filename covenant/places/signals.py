"""Signals of the places core: apps that copy postcodes' coordinates hear when the directory changed."""

from django.dispatch import Signal

# Sent (inside the import's transaction) after a Postcode Directory import has added or moved postcodes.
postcodes_changed = Signal()
