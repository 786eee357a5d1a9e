"""`createuserrequest`: ask for an account, then confirm it with the emailed token.

The only API resource open to anonymous callers (API.md section 2.18, section 7 Q22). POST
stores a pending account and emails `<PUBLIC_URL>/api/createuserrequest/<token>/`; GET on
that address shows the request (a link scanner following it confirms nothing) and an empty PUT
confirms it: 200 with the created user's URI. The answer to the POST never holds the token, so
only the owner of the mailbox can confirm. The same pending accounts come from `createuser`
(staff) and `createrelateduser` (an account made for someone else, with bundles to grant).
"""

from tastypie.http import HttpCreated

from openhexo.accounts.models import AccountRequest
from openhexo.accounts.requests import MAX_PASSWORD, NewAccount, confirm, find, request_account
from openhexo.api.fields import CharField, DateTimeField, JSONField, ToOneField, ValueField
from openhexo.api.operations import (
    MAX_EMAIL,
    MAX_NAME,
    OpenToAnonymous,
    OperationMeta,
    OperationResource,
    text,
)
from openhexo.api.prefix import current_prefix

USER = "openhexo.api.resources.user.UserResource"


def never(bundle) -> bool:
    return False


class PendingAccountResource(OperationResource):
    """An AccountRequest as the three account creation resources render it."""

    email = CharField(attribute="email", max_length=MAX_EMAIL)
    password = CharField(null=True, use_in=never, help_text="Write-only: never returned.")
    first_name = CharField(attribute="first_name", blank=True, default="", max_length=MAX_NAME)
    last_name = CharField(attribute="last_name", blank=True, default="", max_length=MAX_NAME)
    profile = JSONField(attribute="profile", null=True, blank=True)
    bundles = ValueField("related", "to_many", null=True, blank=True)
    requested_by = ValueField(null=True, help_text="Email of whoever created the request.")
    created = DateTimeField(attribute="created", readonly=True)
    expires = DateTimeField(attribute="expires", readonly=True)
    confirmed = DateTimeField(attribute="confirmed", null=True, readonly=True)
    status = ValueField(help_text="pending, confirmed or expired")
    user = ToOneField(USER, "user", null=True, readonly=True)

    class Meta(OperationMeta):
        abstract = True
        include_resource_uri = True
        object_class = AccountRequest

    def account_from(self, data: dict, password_required: bool = False) -> NewAccount:
        return NewAccount(
            email=text(data, "email", MAX_EMAIL, required=True),
            password=text(data, "password", MAX_PASSWORD, required=password_required),
            first_name=text(data, "first_name", MAX_NAME),
            last_name=text(data, "last_name", MAX_NAME),
            profile=data.get("profile") or {},
        )

    def dehydrate_bundles(self, bundle) -> list[str]:
        ids = bundle.obj.bundles.values_list("pk", flat=True)
        return [f"{current_prefix()}bundle/{pk}/" for pk in ids]

    def dehydrate_requested_by(self, bundle) -> str | None:
        creator = bundle.obj.created_by
        return None if creator is None else creator.email

    def dehydrate_status(self, bundle) -> str:
        return bundle.obj.status()

    def get_resource_uri(self, bundle_or_obj=None, url_name="api_dispatch_list"):
        """A request's address holds its token: known only to who brought the token."""
        if bundle_or_obj is None:
            return f"{current_prefix()}createuserrequest/"
        token = getattr(getattr(bundle_or_obj, "obj", bundle_or_obj), "_token", None)
        return None if token is None else f"{current_prefix()}createuserrequest/{token}/"


class CreateUserRequestResource(PendingAccountResource):
    class Meta(OperationMeta):
        resource_name = "createuserrequest"
        authentication = OpenToAnonymous()
        include_resource_uri = True
        object_class = AccountRequest
        detail_uri_name = "token"
        list_allowed_methods = ["post"]
        detail_allowed_methods = ["get", "put"]

    def post_list(self, request, **kwargs):
        pending, _token = request_account(self.account_from(self.body(request)))
        return self.render(request, pending, HttpCreated)

    def get_detail(self, request, **kwargs):
        pending = find(kwargs["token"])
        pending._token = kwargs["token"]
        return self.render(request, pending)

    def put_detail(self, request, **kwargs):
        password = text(self.body(request), "password", MAX_PASSWORD)
        pending = confirm(kwargs["token"], password)
        pending._token = kwargs["token"]
        return self.render(request, pending)
