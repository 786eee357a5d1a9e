"""Benchmarks of openhexo against baselines measured in the same run (see README.md)."""
