"""Signals of the references, for the apps that derive data from them (lower apps never call higher ones)."""

from django.dispatch import Signal

# Sent once the ROME codes or their parent codes changed (tdu.matching rebuilds the search links).
rome_codes_changed = Signal()
