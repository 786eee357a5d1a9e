"""How exceptions inside resources become answers (openhexo/api/base.py `response_for`)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError
from tastypie.exceptions import ApiFieldError, NotFound

from openhexo.api.base import response_for


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (IntegrityError("UNIQUE constraint failed"), 400, "conflicts with existing data"),
        (DataError("integer out of range"), 400, "out of range"),
        (ValidationError({"gender": ["Bad choice."]}), 400, "'gender': Bad choice."),
        (ApiFieldError("The 'x' field is wrong."), 400, "The 'x' field is wrong."),
        (NotFound("gone"), 404, "not visible to you"),
    ],
)
def test_known_failures_are_explained(error, status, message):
    response = response_for(error)
    assert response.status_code == status
    assert message in json.loads(response.content)["error"]
    assert "UNIQUE" not in response.content.decode()  # database internals stay inside


def test_crashes_are_left_to_the_canned_500():
    assert response_for(ZeroDivisionError()) is None


def test_a_crash_answers_the_canned_500_and_is_logged(api, alice, monkeypatch, caplog):
    from openhexo.api.resources.range import RangeResource

    def explode(self):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(RangeResource, "base_queryset", explode)
    response = api.get("/api/range/", alice)
    assert response.status_code == 500
    assert response.json() == {
        "error_message": "Sorry, this request could not be processed. Please try again later."
    }
    assert "boom" in caplog.text
