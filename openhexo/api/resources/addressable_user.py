"""Users as a request body names them where any active account may be named (not registered).

Granting someone access, asking someone for theirs or inviting them to a team names a user
the caller usually cannot see yet; these fields look the id, URI or email up among all
active users. Rendering is the user resource's: `/api/user/<id>/`.
"""

from .user import UserResource


class AddressableUserResource(UserResource):
    def obj_for_reference(self, reference, request):
        return self.base_queryset().get(**self.lookup_for(reference))


# How sharing resources declare such fields: ToOneField(ADDRESSABLE_USER, ...).
ADDRESSABLE_USER = "openhexo.api.resources.addressable_user.AddressableUserResource"
