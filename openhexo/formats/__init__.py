"""Hexoskin file formats: the data endpoint's zip, CSV and EDF renderings (pure: no Django)."""
