"""`createrelateduser`: create an account for someone else (a coach for an athlete).

The body of `createuser` plus `bundles`: the rights over the new account's data its creator
asks for. The person gets the confirmation link by email; confirming creates the account and
grants those bundles to the creator (they are the data owner's to give, and confirming is
how they give them). Bundles are named by id, URI, nested object or name.
"""

from django.core.exceptions import ValidationError
from tastypie.http import HttpCreated

from openhexo.accounts.models import AccountRequest, PermissionBundle
from openhexo.accounts.requests import request_account
from openhexo.api.fields import ValueField, uri_id
from openhexo.api.operations import OperationMeta

from .createuserrequest import PendingAccountResource

MAX_BUNDLES = 20


def bundle_lookup(value) -> dict:
    """The ORM lookup for one bundle reference; ValidationError naming `bundles` otherwise."""
    if isinstance(value, dict):
        value = value.get("resource_uri") or value.get("id") or value.get("name")
    if isinstance(value, int) and not isinstance(value, bool):
        return {"pk": value}
    if isinstance(value, str) and 0 < len(value) <= 200:
        found = uri_id(value, "bundle") if "/" in value else value
        if found is not None and found.isdigit():
            return {"pk": int(found)}
        if found is not None:
            return {"name": found}
    raise ValidationError({"bundles": [f"Expected bundle ids, URIs or names, got {value!r:.60}."]})


def bundles_from(values) -> list[PermissionBundle]:
    if values is None:
        return []
    if not isinstance(values, list) or len(values) > MAX_BUNDLES:
        raise ValidationError({"bundles": [f"Expected a list of at most {MAX_BUNDLES} bundles."]})
    bundles = []
    for value in values:
        bundle = PermissionBundle.objects.filter(**bundle_lookup(value)).first()
        if bundle is None:
            raise ValidationError({"bundles": [f"No such bundle: {value!r:.60}."]})
        bundles.append(bundle)
    return list(dict.fromkeys(bundles))


class CreateRelatedUserResource(PendingAccountResource):
    bundles = ValueField("related", "to_many", readonly=False, null=True, blank=True)

    class Meta(OperationMeta):
        resource_name = "createrelateduser"
        include_resource_uri = True
        object_class = AccountRequest
        list_allowed_methods = ["post"]
        detail_allowed_methods = []

    def post_list(self, request, **kwargs):
        data = self.body(request)
        account = self.account_from(data)
        bundles = bundles_from(data.get("bundles"))
        pending, _token = request_account(
            account, kind="related", created_by=request.user, bundles=bundles
        )
        return self.render(request, pending, HttpCreated)
