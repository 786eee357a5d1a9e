"""`changeemail`: change the login email, confirmed from the new address (API.md 2.18).

POST `{"new_email"}` (`email` is read too) emails the new address a link; nothing changes
until it is followed. The link opens a confirmation page (`/accounts/email/<token>/`); an app
may instead GET `changeemail/<token>/` to see the change and PUT to it to confirm, as the user
whose email changes (anyone else gets 404). The old address is told when it happens.
"""

from dataclasses import dataclass

from tastypie.http import HttpAccepted

from openhexo.accounts.credentials import (
    confirm_email_change,
    pending_email_change,
    request_email_change,
)
from openhexo.accounts.models import User
from openhexo.api.fields import CharField, ValueField
from openhexo.api.operations import MAX_EMAIL, OperationMeta, OperationResource, text
from openhexo.api.prefix import current_prefix

SENT = "A link to confirm the change was sent to the new address; the login stays until then."
PENDING = "Confirm with an empty PUT to this address."
DONE = "The login email changed."


@dataclass
class EmailChange:
    user_id: int
    email: str
    new_email: str
    detail: str


class ChangeEmailResource(OperationResource):
    email = CharField(attribute="email", readonly=True, help_text="The current login.")
    new_email = CharField(attribute="new_email", max_length=MAX_EMAIL)
    user = ValueField("related", "to_one")
    detail = CharField(attribute="detail", readonly=True)

    class Meta(OperationMeta):
        resource_name = "changeemail"
        object_class = User  # Tastypie wants a model; answers are built from dataclasses
        detail_uri_name = "token"
        list_allowed_methods = ["post"]
        detail_allowed_methods = ["get", "put"]

    def dehydrate_user(self, bundle) -> str:
        return f"{current_prefix()}user/{bundle.obj.user_id}/"

    def post_list(self, request, **kwargs):
        data = self.body(request)
        new_email = text(data, "new_email", MAX_EMAIL) or text(data, "email", MAX_EMAIL)
        request_email_change(request.user, new_email)
        change = EmailChange(request.user.pk, request.user.email, new_email.strip().lower(), SENT)
        return self.render(request, change, HttpAccepted)

    def get_detail(self, request, **kwargs):
        user, new_email = pending_email_change(kwargs["token"], owner=request.user)
        return self.render(request, EmailChange(user.pk, user.email, new_email, PENDING))

    def put_detail(self, request, **kwargs):
        user = confirm_email_change(kwargs["token"], owner=request.user)
        return self.render(request, EmailChange(user.pk, user.email, user.email, DONE))
