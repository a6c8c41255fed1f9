"""Signals of the distributors app: sales lines are written with COPY and raw UPDATEs, which send
no model signals, so the services announce the change themselves (rebates caches what it derives
from the lines: rebates/inputs_cache.py)."""

from django.dispatch import Signal

# Sent inside the transaction that stored, deleted or re-matched sales lines.
sales_lines_changed = Signal()
