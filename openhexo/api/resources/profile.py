"""`profile`: a user's body and preferences."""

from openhexo.accounts.models import Profile
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    IdField,
    JSONField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import EXACT, NUMERIC, RELATIONS


class ProfileResource(HexoResource):
    id = IdField()
    date_of_birth = DateField(attribute="date_of_birth", null=True, blank=True)
    gender = CharField(attribute="gender", blank=True, default="")
    height = FloatField(attribute="height", null=True, blank=True)
    weight = FloatField(attribute="weight", null=True, blank=True)
    unit_system = CharField(attribute="unit_system", blank=True)
    fitness = ValueField(null=True)
    preferences = JSONField(attribute="preferences", null=True)
    avatar = CharField(attribute="avatar", null=True, max_length=500)
    last_modified = DateTimeField(attribute="last_modified", blank=True, default=True)
    user = ToOneField("openhexo.api.resources.user.UserResource", "user", readonly=True)

    class Meta(HexoMeta):
        queryset = Profile.objects.all()
        resource_name = "profile"
        authorization = OwnerAuthorization(owner_field="user_id")
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get", "put", "patch"]
        filtering = {
            "date_of_birth": NUMERIC,
            "gender": EXACT,
            "id": NUMERIC,
            "short_metrics": EXACT,
            "start": EXACT,
            "user": RELATIONS,
        }
        ordering = ["id", "user", "date_of_birth", "gender"]
        flag_filters = ("short_metrics", "start")

    def dehydrate_fitness(self, bundle) -> dict:
        return bundle.obj.fitness()
