"""HexoResource: django-tastypie resources with every Hexoskin rule of DESIGN.md section 5.

A resource subclasses HexoResource, declares its fields and a `Meta(HexoMeta)`, and names
its owner field (in its authorization). URIs, paging, filtering, ordering, errors,
authorization and the write semantics (POST 201 + Location + body, PUT/PATCH 200 + body,
PUT on a missing object 404) come from here.
"""

import logging

from django.core.exceptions import (
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db import DataError, IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from tastypie.bundle import Bundle
from tastypie.exceptions import (
    ApiFieldError,
    BadRequest,
    ImmediateHttpResponse,
    InvalidFilterError,
    InvalidSortError,
    NotFound,
)
from tastypie.http import HttpAccepted, HttpCreated
from tastypie.resources import ModelResource

from openhexo.records.timestamps import INT64_MAX

from .auth import READWRITE, HexoAuthentication
from .authorization import OwnerAuthorization
from .fields import uri_id
from .filtering import FilteringMixin
from .paging import HexoPaginator
from .prefix import current_prefix, serving
from .ratelimits import rate_limit_refusal
from .responses import json_error, json_response
from .serialization import HexoSerializer

log = logging.getLogger(__name__)
CANNED_ERROR = "Sorry, this request could not be processed. Please try again later."
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_SET_IDS = 1000
MAX_BULK = 1000
NOT_FOUND = "No such object, or it is not visible to you."
BAD_REQUESTS = (BadRequest, ApiFieldError, InvalidFilterError, InvalidSortError)


def parse_id(value) -> int:
    """A positive database id from a URL or body value; ValueError otherwise."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= INT64_MAX:
        raise ValueError(f"'{value}' is not an id.")
    return int(text)


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"'{field}': {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def field_schema(field) -> dict:
    entry = {
        "blank": field.blank,
        "default": field.default if field.has_default() else "No default provided.",
        "help_text": field.help_text,
        "nullable": field.null,
        "readonly": field.readonly,
        "type": field.dehydrated_type,
        "unique": field.unique,
    }
    if field.dehydrated_type == "related":
        related_type = getattr(field, "related_type", None)
        entry["related_type"] = related_type or ("to_many" if field.is_m2m else "to_one")
    return entry


def response_for(error: Exception) -> HttpResponse | None:
    """The answer to an exception a resource view raised, or None for a real crash."""
    if isinstance(error, ImmediateHttpResponse):
        return error.response
    if isinstance(error, PermissionDenied):
        return json_error(403, str(error) or "You may not do this.")
    if isinstance(error, RequestDataTooBig):
        return json_error(413, str(error) or "The request body is too large.")
    if isinstance(error, SuspiciousOperation):
        return json_error(400, f"The request was refused: {error}")
    if isinstance(error, BAD_REQUESTS):
        return json_error(400, str(error.args[0]) if error.args else "Bad request.")
    if isinstance(error, ValidationError):
        return json_error(400, validation_message(error))
    if isinstance(error, IntegrityError):
        return json_error(400, "The request conflicts with existing data.")
    if isinstance(error, DataError):
        return json_error(400, "A value is out of range for its field.")
    if isinstance(error, ObjectDoesNotExist | NotFound | Http404):
        return json_error(404, NOT_FOUND)
    if isinstance(error, MultipleObjectsReturned):
        return json_error(400, "More than one object matches this URI.")
    return None


class HexoMeta:
    """Meta defaults of every resource: `class Meta(HexoMeta)`."""

    always_return_data = True
    authentication = HexoAuthentication()
    authorization = OwnerAuthorization()
    serializer = HexoSerializer()
    paginator_class = HexoPaginator
    limit = 20
    max_limit = 1000
    filtering: dict = {}
    ordering: list = []
    filter_paths: dict = {}
    filter_aliases: dict = {}
    flag_filters: tuple = ()
    custom_filters: tuple = ()


class HexoResource(FilteringMixin, ModelResource):
    class Meta(HexoMeta):
        abstract = True

    @classmethod
    def get_fields(cls, fields=None, excludes=None):
        """Every field is declared on its resource; none is inferred from the model."""
        return {}

    # --- dispatch and errors -------------------------------------------------------------

    def wrap_view(self, view):
        @csrf_exempt
        def wrapper(request, *args, **kwargs):
            with serving(request.path_info):
                try:
                    response = getattr(self, view)(request, *args, **kwargs)
                except Exception as error:  # noqa: BLE001 - every failure gets an answer
                    response = response_for(error)
                    if response is None:
                        log.exception("Unexpected error serving %s", request.path_info)
                        response = json_response({"error_message": CANNED_ERROR}, status=500)
            if response.status_code == 404 and not response.content:
                response = json_error(404, NOT_FOUND)  # stock views answer some 404s bare
            if request.method == "GET":
                patch_cache_control(response, private=True, no_cache=True)
            return response

        return wrapper

    def dispatch(self, request_type, request, **kwargs):
        """Every write is one transaction: a refused or failed request changes nothing."""
        if request.method in SAFE_METHODS:
            return super().dispatch(request_type, request, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request_type, request, **kwargs)
            self.after_write(request)
            return response

    def after_write(self, request) -> None:
        """Work done once per write request, inside its transaction (e.g. summaries)."""

    def is_authenticated(self, request):
        """Authentication, then the token's scope: a read-only access never writes."""
        super().is_authenticated(request)
        caller = getattr(request, "caller", None)
        if request.method not in SAFE_METHODS and caller and READWRITE not in caller.scopes:
            message = "This access is read-only (scope readonly): writing needs readwrite."
            raise ImmediateHttpResponse(json_error(403, message))

    def throttle_check(self, request):
        refusal = rate_limit_refusal(request)
        if refusal is not None:
            raise ImmediateHttpResponse(refusal)

    def method_check(self, request, allowed=None):
        allowed = allowed or []
        method = request.method.lower()
        allows = ",".join(name.upper() for name in allowed)
        if method == "options":
            raise ImmediateHttpResponse(HttpResponse(allows, headers={"Allow": allows}))
        if method not in allowed:
            message = f"{request.method} is not allowed here; allowed: {allows or 'none'}."
            raise ImmediateHttpResponse(json_error(405, message, Allow=allows))
        return method

    def create_response(self, request, data, response_class=HttpResponse, **response_kwargs):
        body = self._meta.serializer.to_json(data)
        return response_class(content=body, content_type="application/json", **response_kwargs)

    def error_response(self, request, errors, response_class=None):
        status = response_class.status_code if response_class else 400
        return json_error(status, str(errors))

    def deserialize(self, request, data, format=None):
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if content_type not in ("", "application/json", "text/json"):
            message = f"Request bodies must be application/json, not '{content_type}'."
            raise ImmediateHttpResponse(json_error(415, message))
        return self._meta.serializer.from_json(data or b"{}")

    def alter_deserialized_detail_data(self, request, data):
        if not isinstance(data, dict):
            raise BadRequest("The request body must be a JSON object.")
        return data

    def alter_deserialized_list_data(self, request, data):
        objects = data.get("objects") if isinstance(data, dict) else None
        if not isinstance(objects, list) or not all(isinstance(o, dict) for o in objects):
            raise BadRequest('The request body must be {"objects": [<object>, ...]}.')
        deleted = data.setdefault("deleted_objects", [])
        if not isinstance(deleted, list) or not all(isinstance(uri, str) for uri in deleted):
            raise BadRequest("'deleted_objects' must be a list of URIs.")
        if len(objects) + len(deleted) > MAX_BULK:
            raise BadRequest(f"A bulk PATCH changes at most {MAX_BULK} objects.")
        name = self._meta.resource_name
        updated = {uri_id(str(o["resource_uri"]), name) for o in objects if "resource_uri" in o}
        if updated & {uri_id(uri, name) for uri in deleted} - {None}:
            raise BadRequest("An object cannot be both updated and deleted in one request.")
        return data

    # --- URIs and lookups ----------------------------------------------------------------

    def get_resource_uri(self, bundle_or_obj=None, url_name="api_dispatch_list"):
        base = f"{current_prefix()}{self._meta.resource_name}/"
        if bundle_or_obj is None:
            return base
        obj = bundle_or_obj.obj if isinstance(bundle_or_obj, Bundle) else bundle_or_obj
        return f"{base}{getattr(obj, self._meta.detail_uri_name)}/"

    def get_object_list(self, request):
        return self._meta.authorization.scope(self.base_queryset(), request.user)

    def apply_filters(self, request, applicable_filters):
        queryset = self.get_object_list(request).filter(**applicable_filters)
        for name in self._meta.custom_filters:
            value = request.GET.get(name, request.GET.get(f"{name}__exact"))
            if value is not None:
                queryset = getattr(self, f"filter_{name}")(queryset, value, request)
        return queryset

    def base_queryset(self):
        return self._meta.queryset._clone()

    def lookup_for(self, reference) -> dict:
        """ORM lookup for an id as it appears in a URI or a body."""
        return {"pk": parse_id(reference)}

    def obj_for_reference(self, reference, request):
        return self.get_object_list(request).get(**self.lookup_for(reference))

    def filter_reference(self, value: str):
        """The pk a filter value (id or URI) designates."""
        found = uri_id(value, self._meta.resource_name) if "/" in value else value
        return self.lookup_for(found)["pk"]

    def obj_get(self, bundle, **kwargs):
        detail = kwargs.pop(self._meta.detail_uri_name, None)
        queryset = self.get_object_list(bundle.request)
        try:
            lookup = self.lookup_for(detail) if detail is not None else {}
        except ValueError as error:
            raise NotFound(str(error)) from error
        return queryset.filter(**self.build_filters(kwargs, ignore_bad_filters=True)).get(**lookup)

    def get_via_uri(self, uri, request=None):
        reference = uri_id(str(uri), self._meta.resource_name)
        if reference is None:
            raise NotFound(f"'{uri}' is not a URI of a {self._meta.resource_name}.")
        try:
            return self.obj_for_reference(reference, request)
        except ValueError as error:
            raise NotFound(str(error)) from error

    # --- schema and the set endpoint -----------------------------------------------------

    def build_schema(self) -> dict:
        """The schema document in the shape the live Hexoskin API serves."""
        schema = {
            "allowed_detail_http_methods": self._meta.detail_allowed_methods,
            "allowed_list_http_methods": self._meta.list_allowed_methods,
            "default_format": "application/json",
            "default_limit": self._meta.limit,
            "fields": {name: field_schema(field) for name, field in self.fields.items()},
        }
        if self._meta.filtering:
            schema["filtering"] = self._meta.filtering
        if self._meta.ordering:
            schema["ordering"] = self._meta.ordering
        return schema

    def get_schema(self, request, **kwargs):
        self.method_check(request, allowed=["get"])
        return self.create_response(request, self.build_schema())

    def get_multiple(self, request, **kwargs):
        self.method_check(
            request, allowed=["get"] if "get" in self._meta.detail_allowed_methods else []
        )
        self.is_authenticated(request)
        listed = kwargs.get(f"{self._meta.detail_uri_name}_list", "").split(";")
        references = [reference for reference in listed if reference]
        if len(references) > MAX_SET_IDS:
            raise BadRequest(f"At most {MAX_SET_IDS} ids may be asked for at once.")
        objects, not_found = [], []
        for reference in references:
            try:
                obj = self.obj_for_reference(reference, request)
            except (ObjectDoesNotExist, ValueError):
                not_found.append(reference)
                continue
            bundle = self.full_dehydrate(self.build_bundle(obj=obj, request=request), True)
            objects.append(bundle)
        data = {"objects": objects} | ({"not_found": not_found} if not_found else {})
        return self.create_response(request, data)

    # --- writes --------------------------------------------------------------------------

    def body(self, request) -> dict:
        return self.alter_deserialized_detail_data(request, self.deserialize(request, request.body))

    def render(self, request, obj, response_class=HttpResponse, **headers):
        """The object as stored, never an echo of the request body."""
        obj._prefetched_objects_cache = {}
        bundle = self.full_dehydrate(self.build_bundle(obj=obj, request=request))
        return self.create_response(request, bundle, response_class=response_class, **headers)

    def post_list(self, request, **kwargs):
        bundle = self.build_bundle(data=self.body(request), request=request)
        bundle = self.obj_create(bundle, **self.remove_api_resource_names(kwargs))
        location = self.get_resource_uri(bundle.obj)
        return self.render(request, bundle.obj, HttpCreated, location=location)

    def put_detail(self, request, **kwargs):
        bundle = self.build_bundle(data=self.body(request), request=request)
        bundle = self.obj_update(bundle, **self.remove_api_resource_names(kwargs))
        return self.render(request, bundle.obj)

    def patch_detail(self, request, **kwargs):
        changes = self.body(request)
        bundle = self.build_bundle(request=request)
        obj = self.obj_get(bundle, **self.remove_api_resource_names(kwargs))
        return self.render(request, self.patched(request, obj, changes))

    def patched(self, request, obj, changes: dict):
        """The stored object with the sent keys laid over it, saved as a PUT would be."""
        bundle = self.full_dehydrate(self.build_bundle(obj=obj, request=request))
        bundle.data.update(changes)
        return self.obj_update(bundle).obj

    def patch_list(self, request, **kwargs):
        """Bulk changes, all or nothing: `objects` to create or update, `deleted_objects`."""
        data = self.alter_deserialized_list_data(request, self.deserialize(request, request.body))
        for key, method in (("objects", "put"), ("deleted_objects", "delete")):
            if data.get(key) and method not in self._meta.detail_allowed_methods:
                raise ImmediateHttpResponse(json_error(405, f"'{key}' cannot be sent here."))
        saved = [self.patched_item(request, dict(item)) for item in data["objects"]]
        for uri in data["deleted_objects"]:
            self.obj_delete(Bundle(obj=self.get_via_uri(uri, request), request=request))
        objects = [self.full_dehydrate(self.build_bundle(obj=o, request=request)) for o in saved]
        return self.create_response(request, {"objects": objects}, response_class=HttpAccepted)

    def patched_item(self, request, item: dict):
        uri = item.pop("resource_uri", None)
        if uri is None:
            return self.obj_create(self.build_bundle(data=item, request=request)).obj
        return self.patched(request, self.get_via_uri(uri, request), item)

    def obj_create(self, bundle, **kwargs):
        bundle.obj = self._meta.object_class()
        self.default_owner(bundle)
        bundle = self.full_hydrate(bundle)
        return self.save(bundle)

    def obj_update(self, bundle, skip_errors=False, **kwargs):
        kwargs.pop("request", None)
        if bundle.obj is None or bundle.obj.pk is None:
            bundle.obj = self.obj_get(bundle, **kwargs)
        self._meta.authorization.check_write(bundle.obj, bundle.request.user, "update")
        bundle = self.full_hydrate(bundle)
        return self.save(bundle, skip_errors=skip_errors)

    def obj_delete(self, bundle, **kwargs):
        if bundle.obj is None or bundle.obj.pk is None:
            bundle.obj = self.obj_get(bundle, **kwargs)
        self._meta.authorization.check_write(bundle.obj, bundle.request.user, "delete")
        self.delete_object(bundle.obj)

    def delete_object(self, obj) -> None:
        """Delete one object the caller may delete (resources add what goes with it)."""
        obj.delete()

    def delete_detail(self, request, **kwargs):
        self.obj_delete(Bundle(request=request), **self.remove_api_resource_names(kwargs))
        return HttpResponse(status=204)

    def default_owner(self, bundle) -> None:
        """A new object whose body names no owner belongs to the caller."""
        owner_field = self._meta.authorization.owner_field or ""
        name = owner_field.removesuffix("_id")
        if name != owner_field and name in self.fields and name not in bundle.data:
            bundle.data[name] = bundle.request.user.pk

    def save(self, bundle, skip_errors=False):
        self.validate(bundle)
        return super().save(bundle, skip_errors=skip_errors)

    def validate(self, bundle) -> None:
        """Model validation (choices, lengths, uniqueness) before anything is written."""
        bundle.obj.full_clean(validate_unique=True)

    def save_related(self, bundle):
        """Related objects named in a body are references, never nested writes."""

    def hydrate_m2m(self, bundle):
        for name, field in self.fields.items():
            if field.is_m2m and not field.readonly and name in bundle.data:
                values = bundle.data[name] or []
                if not isinstance(values, list):
                    raise ApiFieldError(f"The '{name}' field expects a list.")
                bundle.data[name] = [
                    field.build_related_resource(v, bundle.request) for v in values
                ]
        return bundle

    def save_m2m(self, bundle):
        for name, field in self.fields.items():
            if field.is_m2m and not field.readonly and name in bundle.data:
                getattr(bundle.obj, field.attribute).set([b.obj for b in bundle.data[name]])
