"""Signals of the sample store, so other apps (processing) act on new samples without the
store knowing them."""

from django.dispatch import Signal

# Sent by actions.ingest inside its transaction, once the samples and their records are
# stored, with user_id and spans ({datatype id: store.Span}).
samples_ingested = Signal()
