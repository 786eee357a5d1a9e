"""JSON in and out of resources, with orjson (Hexoskin's API speaks JSON only)."""

import orjson
from tastypie.exceptions import BadRequest
from tastypie.serializers import Serializer


class HexoSerializer(Serializer):
    formats = ["json"]
    content_types = {"json": "application/json"}

    def to_json(self, data, options=None) -> bytes:
        simple = self.to_simple(data, options or {})
        return orjson.dumps(simple, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)

    def from_json(self, content):
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError as error:
            raise BadRequest(f"Request is not valid JSON: {error}.") from error
