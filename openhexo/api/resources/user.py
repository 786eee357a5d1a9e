"""`user`: the caller and the users who shared their data with them."""

from openhexo.accounts.models import User
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField, ToOneField, ValueField
from openhexo.api.lookups import EXACT, NUMERIC, RELATIONS
from openhexo.api.prefix import current_prefix

MAX_SEARCH = 100


class UserResource(HexoResource):
    id = IdField()
    email = CharField(attribute="email", readonly=True, blank=True, unique=True)
    username = CharField(attribute="email", readonly=True, blank=True, unique=True)
    first_name = CharField(attribute="first_name", blank=True, default="", max_length=150)
    last_name = CharField(attribute="last_name", blank=True, default="", max_length=150)
    profile = ToOneField(
        "openhexo.api.resources.profile.ProfileResource",
        "profile",
        null=True,
        readonly=True,
        blank=True,
    )
    devices = ValueField(null=True, readonly=False)
    stats = ValueField(null=True, readonly=False)

    class Meta(HexoMeta):
        queryset = User.objects.select_related("profile").filter(is_active=True)
        resource_name = "user"
        authorization = OwnerAuthorization(owner_field="id")
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get", "put", "patch"]
        filtering = {
            "email": ["exact", "in", "startswith"],
            "id": NUMERIC,
            "profile": RELATIONS,
            "search": EXACT,
            "username": ["exact", "in", "startswith"],
        }
        ordering = ["id", "username", "email", "profile"]
        filter_paths = {"username": "email"}
        custom_filters = ("search",)

    def lookup_for(self, reference) -> dict:
        """Users are also designated by their email."""
        if isinstance(reference, str) and "@" in reference:
            return {"email": reference.strip().lower()}
        return super().lookup_for(reference)

    def filter_reference(self, value: str):
        if "@" in value:
            found = User.objects.filter(email=value.strip().lower()).values_list("pk", flat=True)
            return found.first() or 0
        return super().filter_reference(value)

    def convert_filter_values(self, bits, lookup, model_field, values):
        """Emails are stored lower-case and matched as text: `email__startswith=ali` is valid."""
        if model_field.name != "email":
            return super().convert_filter_values(bits, lookup, model_field, values)
        converted = [value.strip().lower() for value in values]
        return converted if lookup in ("in", "range") else converted[0]

    def filter_search(self, queryset, value, request):
        return queryset.search(value[:MAX_SEARCH])


def user_summary(user) -> dict:
    """The summary user nested in records (v1 shape)."""
    prefix = current_prefix()
    profile_id = getattr(getattr(user, "profile", None), "pk", None)
    return {
        "email": user.email,
        "first_name": user.first_name,
        "id": user.pk,
        "last_name": user.last_name,
        "profile": f"{prefix}profile/{profile_id}/" if profile_id else None,
        "resource_uri": f"{prefix}user/{user.pk}/",
        "username": user.email,
    }
