"""Every API resource, registered in the order `GET /api/` lists them (sorted by name)."""

from .accesstoken import AccessTokenResource
from .account import AccountResource
from .activityattribute import ActivityAttributeResource
from .activityattributevalue import ActivityAttributeValueResource
from .activitytype import ActivityTypeResource
from .algo import AlgoResource
from .annotation import AnnotationResource
from .bundle import BundleResource
from .bundle_permission import BundlePermissionResource
from .bundle_permission_request import BundlePermissionRequestResource
from .changeemail import ChangeEmailResource
from .contenttype import ContentTypeResource
from .createrelateduser import CreateRelatedUserResource
from .createuser import CreateUserResource
from .createuserrequest import CreateUserRequestResource
from .data import ALIAS_RESOURCES, DatafileResource, DataResource
from .datatype import DatatypeResource
from .device import DeviceResource
from .metric import MetricResource
from .oauthclient import OAuthClientResource
from .profile import ProfileResource
from .range import RangeResource
from .record import RecordResource
from .report import DistributionResource, ReportResource
from .resetpassword import ResetPasswordResource
from .team import TeamResource
from .track import TrackResource
from .trackpoint import TrackPointResource
from .trainingroutine import TrainingRoutineResource
from .unit import UnitResource
from .user import UserResource

RESOURCES = [
    AccessTokenResource,
    AccountResource,
    ActivityAttributeResource,
    ActivityAttributeValueResource,
    ActivityTypeResource,
    AlgoResource,
    AnnotationResource,
    BundlePermissionRequestResource,
    BundlePermissionResource,
    BundleResource,
    ChangeEmailResource,
    ContentTypeResource,
    CreateRelatedUserResource,
    CreateUserRequestResource,
    CreateUserResource,
    DataResource,
    DatafileResource,
    DatatypeResource,
    DeviceResource,
    DistributionResource,
    MetricResource,
    OAuthClientResource,
    ProfileResource,
    RangeResource,
    RecordResource,
    ReportResource,
    ResetPasswordResource,
    TeamResource,
    TrackPointResource,
    TrackResource,
    TrainingRoutineResource,
    UnitResource,
    UserResource,
]

# Served but not listed by `GET /api/` (API.md section 7, Q26).
UNLISTED = ALIAS_RESOURCES
