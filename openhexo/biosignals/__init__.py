"""Biosignal algorithms, pure numpy/scipy (no Django): raw series in, derived series out."""
