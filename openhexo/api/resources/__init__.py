"""Every API resource, registered in the order `GET /api/` lists them (sorted by name)."""

from .account import AccountResource
from .activityattribute import ActivityAttributeResource
from .activityattributevalue import ActivityAttributeValueResource
from .activitytype import ActivityTypeResource
from .algo import AlgoResource
from .annotation import AnnotationResource
from .contenttype import ContentTypeResource
from .datatype import DatatypeResource
from .device import DeviceResource
from .metric import MetricResource
from .profile import ProfileResource
from .range import RangeResource
from .record import RecordResource
from .team import TeamResource
from .track import TrackResource
from .trackpoint import TrackPointResource
from .trainingroutine import TrainingRoutineResource
from .unit import UnitResource
from .user import UserResource

RESOURCES = [
    AccountResource, ActivityAttributeResource, ActivityAttributeValueResource,
    ActivityTypeResource, AlgoResource, AnnotationResource, ContentTypeResource,
    DatatypeResource, DeviceResource, MetricResource, ProfileResource, RangeResource,
    RecordResource, TeamResource, TrackResource, TrackPointResource, TrainingRoutineResource,
    UnitResource, UserResource,
]  # fmt: skip
