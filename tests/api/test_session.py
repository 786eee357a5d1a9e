"""The web pages call the API with the browser session: reads as the user, writes CSRF-checked."""

import pytest
from django.test import Client

from openhexo.records.models import Range


@pytest.fixture
def browser(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    return browser


def test_a_session_reads_as_its_user(browser, alice):
    response = browser.get("/api/account/")
    assert response.status_code == 200
    assert response.json()["objects"][0]["id"] == alice.pk


def test_a_session_write_without_the_csrf_token_is_refused(browser):
    response = browser.post("/api/range/", '{"start": 1}', content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    assert not Range.objects.exists()


def test_a_session_write_with_the_csrf_token_goes_through(browser, alice):
    browser.get("/api/connect/login/")  # any page that sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/range/", '{"start": 1}', content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
    assert Range.objects.get().user == alice
