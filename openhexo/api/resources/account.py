"""`account`: the authenticated user, with their full profile nested (list GET only)."""

from openhexo.accounts.models import User
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import BooleanField, CharField, IdField, ToOneField
from openhexo.api.prefix import current_prefix


class AccountResource(HexoResource):
    id = IdField()
    email = CharField(attribute="email", readonly=True, blank=True, unique=True)
    username = CharField(attribute="email", readonly=True, blank=True, unique=True)
    first_name = CharField(attribute="first_name", blank=True, default="")
    last_name = CharField(attribute="last_name", blank=True, default="")
    is_staff = BooleanField(attribute="is_staff")
    profile = ToOneField(
        "openhexo.api.resources.profile.ProfileResource",
        "profile",
        null=True,
        readonly=True,
        blank=True,
        full=True,
    )

    class Meta(HexoMeta):
        queryset = User.objects.select_related("profile")
        resource_name = "account"
        authorization = OwnerAuthorization(owner_field="id")
        list_allowed_methods = ["get"]
        detail_allowed_methods = []
        ordering = ["id", "username", "email", "profile"]
        filter_paths = {"username": "email"}

    def get_object_list(self, request):
        return self.base_queryset().filter(pk=request.user.pk)

    def get_resource_uri(self, bundle_or_obj=None, url_name="api_dispatch_list"):
        """An account is its user: its URI is the user's."""
        if bundle_or_obj is None:
            return super().get_resource_uri()
        obj = getattr(bundle_or_obj, "obj", bundle_or_obj)
        return f"{current_prefix()}user/{obj.pk}/"
