"""Filter lookup lists shared by resource declarations (as the Hexoskin schema spells them)."""

from tastypie.constants import ALL_WITH_RELATIONS

NUMERIC = ["exact", "in", "gt", "gte", "lt", "lte", "range"]
WINDOW = ["exact", "range", "gt", "gte", "lt", "lte"]
MODIFIED = ["exact", "in", "range", "gt", "gte", "lt", "lte"]
SPAN = ["range", "gt", "gte", "lt", "lte"]
TEXT = ["exact", "contains", "in", "startswith", "endswith"]
EXACT = ["exact"]
RELATIONS = ALL_WITH_RELATIONS
