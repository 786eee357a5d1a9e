"""Request guards: body size limits (ordinary bodies vs uploads) and path normalisation."""

import pytest

MB = 1024 * 1024

pytestmark = pytest.mark.urls("tests.api.upload_urls")


def post(client, path: str, size: int, **extra):
    return client.generic("POST", path, b"x" * size, content_type="application/json", **extra)


def test_uploads_may_exceed_the_ordinary_limit(client):
    response = post(client, "/upload/", 3 * MB)
    assert response.status_code == 200
    assert response.json() == {"received": 3 * MB}


def test_uploads_over_their_limit_are_413(client, settings):
    settings.MAX_UPLOAD_BYTES = 4 * MB
    response = post(client, "/upload/", 4 * MB + 1)
    assert response.status_code == 413
    assert response.json()["error"] == (
        f"The request body of {4 * MB + 1} bytes is over the limit of {4 * MB} bytes."
    )


def test_ordinary_bodies_are_limited_to_two_megabytes(client):
    assert post(client, "/api/range/", 2 * MB + 1).status_code == 413


@pytest.mark.parametrize("declared", ["ten", "²", "9" * 40])
def test_a_malformed_content_length_is_refused(client, declared):
    response = post(client, "/upload/", 10, CONTENT_LENGTH=declared)
    assert response.status_code == 400
    assert "Content-Length" in response.json()["error"]
