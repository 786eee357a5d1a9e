"""The naive baseline: one row per sample, as a straightforward Django model stores it."""
