"""`resetpassword`: email a link that sets a new password (a v1 "operation", API.md 2.18).

POST `{"email"}` answers the same 202 whether or not an account uses the address, so it
cannot tell who has an account. The link opens the password reset page
(`/accounts/reset/<uidb64>/<token>/`), which people without a login use by nature; the
resource itself, like every API resource but `createuserrequest`, needs an authenticated
caller (an app acting through its own client credentials, for instance).
"""

from dataclasses import dataclass

from tastypie.http import HttpAccepted

from openhexo.accounts.credentials import request_password_reset
from openhexo.accounts.models import User
from openhexo.api.fields import CharField
from openhexo.api.operations import MAX_EMAIL, OperationMeta, OperationResource, text

SENT = "If an account uses this address, a link to reset its password was sent to it."


@dataclass
class ResetAnswer:
    email: str
    detail: str = SENT


class ResetPasswordResource(OperationResource):
    email = CharField(attribute="email", max_length=MAX_EMAIL)
    detail = CharField(attribute="detail", readonly=True)

    class Meta(OperationMeta):
        resource_name = "resetpassword"
        object_class = User  # Tastypie wants a model; answers are built from dataclasses
        list_allowed_methods = ["post"]
        detail_allowed_methods = []

    def post_list(self, request, **kwargs):
        email = request_password_reset(text(self.body(request), "email", MAX_EMAIL, required=True))
        return self.render(request, ResetAnswer(email), HttpAccepted)
