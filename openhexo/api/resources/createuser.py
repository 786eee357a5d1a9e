"""`createuser`: staff (internal applications) create an account for an email and password.

It is a pending account like one from `createuserrequest`: the person receives the same
confirmation link and the account exists once they confirm it (API.md section 2.18).
"""

from tastypie.http import HttpCreated

from openhexo.accounts.models import AccountRequest
from openhexo.accounts.requests import request_account
from openhexo.api.authorization import forbid
from openhexo.api.operations import OperationMeta

from .createuserrequest import PendingAccountResource


class CreateUserResource(PendingAccountResource):
    class Meta(OperationMeta):
        resource_name = "createuser"
        include_resource_uri = True
        object_class = AccountRequest
        list_allowed_methods = ["post"]
        detail_allowed_methods = []

    def post_list(self, request, **kwargs):
        if not request.user.is_staff:
            forbid("Only staff create accounts here; anyone may ask at createuserrequest.")
        account = self.account_from(self.body(request), password_required=True)
        pending, _token = request_account(account, kind="staff", created_by=request.user)
        return self.render(request, pending, HttpCreated)
