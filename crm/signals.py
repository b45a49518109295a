"""Signals the pipeline sends, for apps above it that keep something derived from cases.

The pipeline does not know who listens: the reports (`crm.reports.receivers`)
keep the report fields stored on each case current from these.
"""

from django.dispatch import Signal

# Sent inside the transaction when a case is opened, edited, or reaches a stage for
# the first time: what a case's derived fields depend on may have changed.
# Arguments: `case` (the AcquisitionCase).
case_changed = Signal()
