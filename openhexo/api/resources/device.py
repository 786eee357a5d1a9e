"""`device`: the shirts' recorders (read-only; created when records name them).

URIs use the numeric id, since the official client only follows URIs ending in digits; a
device is also found by its `deviceid` (HXSKIN12...), in URIs and in filters.
"""

from openhexo.accounts.visibility import readable_users
from openhexo.api.authorization import DeviceAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, DateTimeField, IdField, IntegerField, ToOneField
from openhexo.api.lookups import NUMERIC
from openhexo.records.models import Device


class DeviceResource(HexoResource):
    id = IdField()
    deviceid = CharField(attribute="deviceid", readonly=True, blank=True, unique=True, default="")
    user = ToOneField("openhexo.api.resources.user.UserResource", "user", null=True)
    model = IntegerField(attribute="model")
    serial = IntegerField(attribute="serial")
    status = IntegerField(attribute="status")
    hw_rev = CharField(attribute="hw_rev")
    fw_start = CharField(attribute="fw_start")
    fw_end = CharField(attribute="fw_end")
    bt_addr = CharField(attribute="bt_addr")
    bt_info = CharField(attribute="bt_info", blank=True, default="")
    mcu_info = CharField(attribute="mcu_info", blank=True, default="")
    batt_start = IntegerField(attribute="batt_start", null=True)
    batt_end = IntegerField(attribute="batt_end", null=True)
    charge_time = IntegerField(attribute="charge_time", null=True)
    purchase_order = IntegerField(attribute="purchase_order", null=True)
    created = DateTimeField(attribute="created", blank=True, default=True)
    last_modified = DateTimeField(attribute="last_modified", blank=True, default=True)

    class Meta(HexoMeta):
        queryset = Device.objects.all()
        resource_name = "device"
        authorization = DeviceAuthorization(owner_field="user_id")
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
        filtering = {"deviceid": ["exact", "in"], "id": NUMERIC}
        ordering = ["id"]

    def dehydrate_user(self, bundle) -> str | None:
        """The owner's URI, for those who may see the owner."""
        readable = readable_users(bundle.request.user)
        return bundle.data["user"] if readable.filter(pk=bundle.obj.user_id).exists() else None

    def lookup_for(self, reference) -> dict:
        text = str(reference).strip()
        if text.isdigit():
            return super().lookup_for(text)
        return {"deviceid": text}

    def filter_reference(self, value: str):
        if "/" not in value and not value.strip().isdigit():
            found = Device.objects.filter(deviceid=value.strip()).values_list("pk", flat=True)
            return found.first() or 0
        return super().filter_reference(value)
