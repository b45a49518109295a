"""Signals other apps may listen to (companies depends on none of them)."""

from django.dispatch import Signal

#: Sent inside the merge transaction before anything is re-linked, with
#: `survivor`, `merged` and `by`. A receiver may resolve conflicts of its own
#: models (two open cases in the same pipeline, say) so the generic re-link
#: can move the rest; raising ValidationError stops the merge.
company_merging = Signal()
