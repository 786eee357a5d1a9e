"""`createrelateduser`: a user creates an account for someone else and asks for bundles.

The person confirms through the emailed link; only then does the account exist and do the
bundles let the creator see (coach: also change) the new account's data.
"""

import pytest
from django.core import mail

from openhexo.accounts.models import AccountRequest, BundlePermission, PermissionBundle, User
from tests.mailbox import committing, only_link, only_message, token_of

URL = "/api/createrelateduser/"
NEW = "athlete@example.com"
STRONG = "violet-harbour-97"


def coach() -> PermissionBundle:
    return PermissionBundle.objects.get(name="coach")


def create(api, user, **body):
    with committing():
        return api.post(URL, user, data={"email": NEW, "first_name": "Ath"} | body)


def confirm_from_email(api, data=None):
    token = token_of(only_link(NEW, "/api/createuserrequest/"))
    return api.put(f"/api/createuserrequest/{token}/", data=data)


def test_the_creator_gets_the_bundles_once_the_person_confirms(api, alice):
    friend = PermissionBundle.objects.get(name="friend")
    response = create(
        api, alice, password=STRONG, bundles=[f"/api/bundle/{coach().pk}/", friend.pk]
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body["bundles"]) == {f"/api/bundle/{coach().pk}/", f"/api/bundle/{friend.pk}/"}
    assert body["requested_by"] == "alice@example.com"
    message = only_message(NEW)
    assert "alice@example.com" in message.body
    assert "coach" in message.body and "friend" in message.body
    assert not BundlePermission.objects.exists()
    confirmed = confirm_from_email(api)
    assert confirmed.status_code == 200
    athlete = User.objects.get(email=NEW)
    grants = BundlePermission.objects.filter(user_target=athlete, user_allowed=alice)
    assert {grant.bundle.name for grant in grants} == {"coach", "friend"}
    seen = api.get(f"/api/user/{athlete.pk}/", alice)
    assert seen.status_code == 200 and seen.json()["email"] == NEW


def test_nothing_is_visible_before_confirmation(api, alice):
    create(api, alice, password=STRONG, bundles=["coach"])
    assert not User.objects.filter(email=NEW).exists()
    assert api.get("/api/user/", alice).json()["meta"]["total_count"] == 1


def test_the_person_chooses_the_password_when_none_was_given(api, alice):
    create(api, alice, bundles=["coach"])
    assert confirm_from_email(api).status_code == 400
    assert confirm_from_email(api, {"password": "lantern-orchard-58"}).status_code == 200
    assert User.objects.get(email=NEW).check_password("lantern-orchard-58")


def test_a_confirmation_page_shows_who_asks_for_what(api, alice):
    create(api, alice, bundles=[{"resource_uri": f"/api/v1/bundle/{coach().pk}/"}])
    token = token_of(only_link(NEW, "/api/createuserrequest/"))
    shown = api.get(f"/api/createuserrequest/{token}/").json()
    assert shown["requested_by"] == "alice@example.com"
    assert shown["bundles"] == [f"/api/bundle/{coach().pk}/"]


@pytest.mark.parametrize(
    "bundles", [["nonexistent"], [999999], "coach", [None], [True], ["/api/user/1/"], ["x"] * 21]
)
def test_unknown_bundles_are_400_and_create_nothing(api, alice, bundles):
    response = create(api, alice, bundles=bundles)
    assert response.status_code == 400
    assert "'bundles'" in response.json()["error"]
    assert not AccountRequest.objects.exists() and mail.outbox == []


def test_an_existing_account_is_400(api, alice, bob):
    response = create(api, alice, email="bob@example.com", bundles=["coach"])
    assert response.status_code == 400
    assert "'email'" in response.json()["error"]
    assert not BundlePermission.objects.exists()


def test_anonymous_callers_are_401(api, db):
    assert api.post(URL, data={"email": NEW, "bundles": ["coach"]}).status_code == 401
    assert not AccountRequest.objects.exists()
