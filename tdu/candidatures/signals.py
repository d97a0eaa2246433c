"""Signals the path sends for the apps above it (tdu.stats keeps its figures from them).

`path_changed(candidature_id, entry_id=None)` is sent inside the transaction of every transition (with its log
entry) and of every answer to a follow-up question; receivers that derive data from the path act after commit.
"""

from django.dispatch import Signal

path_changed = Signal()
