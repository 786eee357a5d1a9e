"""Account requests: an account exists once the owner of its email confirms it.

Three ways ask for one (API.md section 2.18): someone signs up (`createuserrequest`, open to
anonymous callers), staff create one (`createuser`), or a user creates one for someone else
and asks for bundles of rights over the new account's data (`createrelateduser`, e.g. a coach
for an athlete). Each stores an `AccountRequest` and emails a single-use link; confirming it
creates the user and their profile and grants the bundles. Nothing is created before then, so
a mistyped or hostile address gets an email and nothing else.

The password is hashed at once, the token is kept as its SHA-256 only, and every input is
validated when asked and again when confirmed (the email may have been taken meanwhile).
"""

import hashlib
import math
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .mail import link, send_after_commit
from .models import AccountRequest, BundlePermission, PermissionBundle, Profile, User

CONFIRM_PATH = "/api/createuserrequest/"
MAX_PASSWORD = 1024
MAX_NUMBER = 1e6
RESEND_SECONDS = 60
PURGE_AFTER = timedelta(days=7)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,128}")
PROFILE_TEXT = ("gender", "unit_system")
PROFILE_NUMBERS = (
    "height",
    "weight",
    "hr_max",
    "hr_rest",
    "hr_recov",
    "vo2_max",
    "fitness_percentile",
)


class RequestRefused(Exception):
    """The operation cannot go on; the message tells the caller why (a 400)."""


class TooSoon(RequestRefused):
    """An email went to this address moments ago; try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class NewAccount:
    """What an account request asks for, as a caller sent it (not yet validated)."""

    email: str
    password: str = ""
    first_name: str = ""
    last_name: str = ""
    profile: dict = field(default_factory=dict)


def lifetime() -> timedelta:
    """How long emailed links stay valid: Django's PASSWORD_RESET_TIMEOUT (3 days)."""
    return timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def normalized_email(email: str, field_name: str = "email") -> str:
    """The email as accounts store it (trimmed, lower case); ValidationError if malformed."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({field_name: ["An email address is required."]})
    try:
        User._meta.get_field("email").clean(email, None)
    except ValidationError as error:
        raise ValidationError({field_name: error.messages}) from None
    return email


def refuse_taken(email: str, field_name: str = "email") -> None:
    if User.objects.filter(email=email).exists():
        raise ValidationError({field_name: ["An account with this email already exists."]})


def checked_password(password: str, candidate: User) -> str:
    """The hash of an acceptable password; ValidationError naming `password` otherwise."""
    if len(password) > MAX_PASSWORD:
        raise ValidationError({"password": [f"At most {MAX_PASSWORD} characters."]})
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    return make_password(password)


def _profile_value(name: str, value):
    if name == "date_of_birth":
        if not isinstance(value, str):
            raise ValidationError({f"profile.{name}": ["Expected a date as YYYY-MM-DD."]})
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            raise ValidationError({f"profile.{name}": ["Expected a date as YYYY-MM-DD."]}) from None
    if name in PROFILE_TEXT:
        if not isinstance(value, str):
            raise ValidationError({f"profile.{name}": ["Expected a string."]})
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError({f"profile.{name}": ["Expected a number."]})
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValidationError({f"profile.{name}": ["Expected a reasonable finite number."]})
    return value


def profile_from(data: dict | None) -> Profile:
    """An unsaved Profile from request data: Hexoskin nests body values under `fitness`.

    Unknown keys are ignored, as everywhere in the API; known ones are checked."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError({"profile": ["Expected an object."]})
    fitness = data.get("fitness") or {}
    if not isinstance(fitness, dict):
        raise ValidationError({"profile.fitness": ["Expected an object."]})
    values = {}
    for name in ("date_of_birth", *PROFILE_TEXT, *PROFILE_NUMBERS):
        value = data.get(name, fitness.get(name) if name in PROFILE_NUMBERS else None)
        if value is not None:
            values[name] = _profile_value(name, value)
    profile = Profile(**values)
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as error:
        named = {f"profile.{key}": messages for key, messages in error.message_dict.items()}
        raise ValidationError(named) from None
    return profile


def stored_profile(profile: Profile) -> dict:
    """The checked profile values as JSON, to rebuild the Profile on confirmation."""
    names = ("date_of_birth", *PROFILE_TEXT, *PROFILE_NUMBERS)
    values = {name: getattr(profile, name) for name in names}
    if values["date_of_birth"] is not None:
        values["date_of_birth"] = values["date_of_birth"].isoformat()
    defaults = Profile()
    return {name: value for name, value in values.items() if value != getattr(defaults, name)}


def candidate_user(account: NewAccount) -> User:
    """An unsaved, checked User for `account` (email, names); ValidationError otherwise."""
    email = normalized_email(account.email)
    refuse_taken(email)
    candidate = User(email=email, first_name=account.first_name, last_name=account.last_name)
    candidate.full_clean(exclude=["password"], validate_unique=False)
    return candidate


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def refuse_too_soon(email: str) -> None:
    """At most one confirmation email per address per RESEND_SECONDS: no mail bombing."""
    recent = timezone.now() - timedelta(seconds=RESEND_SECONDS)
    if AccountRequest.objects.filter(email=email, created__gt=recent).exists():
        message = "A confirmation was sent to this address moments ago; retry in a minute."
        raise TooSoon(message, RESEND_SECONDS)


def purge_stale() -> None:
    """Forget unconfirmed requests expired for a while (they still answer 'expired' until)."""
    AccountRequest.objects.filter(
        confirmed__isnull=True, expires__lt=timezone.now() - PURGE_AFTER
    ).delete()


@transaction.atomic
def request_account(
    account: NewAccount,
    kind: str = "request",
    created_by: User | None = None,
    bundles: Iterable[PermissionBundle] = (),
) -> tuple[AccountRequest, str]:
    """Store a pending account and email its confirmation link; returns it and its token.

    A new request replaces the unconfirmed one of the same kind the same creator made for the
    same address. Raises ValidationError (naming the field) or TooSoon."""
    candidate = candidate_user(account)
    profile = stored_profile(profile_from(account.profile))
    bundles = list(bundles)
    if bundles and created_by is None:
        raise ValidationError({"bundles": ["Only a signed-in user can ask for bundles."]})
    refuse_too_soon(candidate.email)  # before the deliberately slow password hashing
    password = checked_password(account.password, candidate) if account.password else ""
    purge_stale()
    AccountRequest.objects.filter(
        email=candidate.email, kind=kind, created_by=created_by, confirmed__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    pending = AccountRequest.objects.create(
        kind=kind,
        email=candidate.email,
        password=password,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        profile=profile,
        token_hash=token_hash(token),
        created_by=created_by,
        expires=timezone.now() + lifetime(),
    )
    pending.bundles.set(bundles)
    send_confirmation(pending, token, bundles)
    return pending, token


def confirmation_link(token: str) -> str:
    return link(CONFIRM_PATH, token)


def send_confirmation(pending: AccountRequest, token: str, bundles: list) -> None:
    who = pending.created_by
    name = f"{who.first_name} {who.last_name}".strip() if who is not None else ""
    lines = [
        f"Hello {pending.first_name or pending.email},",
        "",
        (
            f"{name or who.email} ({who.email}) created an openhexo account for you."
            if who is not None
            else "Someone, hopefully you, asked for an openhexo account with this address."
        ),
    ]
    if bundles:
        names = ", ".join(bundle.name for bundle in bundles)
        lines.append(f"Confirming also lets {who.email} access your data as: {names}.")
    lines += [
        "",
        "The request is at this address (opening it changes nothing):",
        confirmation_link(token),
        "",
        "To create the account, send an empty PUT request to that address (an app does it",
        "for you). Without confirmation nothing is created; if you did not expect this",
        f"message, ignore it. The link expires on {pending.expires:%Y-%m-%d %H:%M} UTC.",
    ]
    send_after_commit("Confirm your openhexo account", "\n".join(lines), pending.email)


def find(token: str, lock: bool = False) -> AccountRequest:
    """The request a token opens; AccountRequest.DoesNotExist for any other string."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        raise AccountRequest.DoesNotExist("No such account request.")
    requests = AccountRequest.objects.select_related("created_by")
    if lock:
        requests = requests.select_for_update(of=("self",))
    return requests.get(token_hash=token_hash(token))


@transaction.atomic
def confirm(token: str, password: str = "") -> AccountRequest:
    """Create the requested user, profile and grants; the token works once, before expiry.

    `password` sets (or replaces) the password; it is required when the request holds none.
    Raises AccountRequest.DoesNotExist, RequestRefused or ValidationError."""
    pending = find(token, lock=True)
    if pending.confirmed is not None:
        raise RequestRefused("This account request was confirmed already; log in instead.")
    if pending.status() == "expired":
        raise RequestRefused("This account request has expired; please ask for a new one.")
    account = NewAccount(pending.email, "", pending.first_name, pending.last_name)
    user = candidate_user(account)
    if password:
        user.password = checked_password(password, user)
    elif pending.password:
        user.password = pending.password
    else:
        raise ValidationError({"password": ["Choose a password to confirm this request."]})
    user.save()
    profile = profile_from(pending.profile)
    profile.user = user
    profile.save()
    grant_bundles(pending, user)
    pending.confirmed, pending.user, pending.password = timezone.now(), user, ""
    pending.save(update_fields=["confirmed", "user", "password"])
    return pending


def grant_bundles(pending: AccountRequest, user: User) -> None:
    """The new user lets the request's creator see (or change) their data."""
    if pending.created_by is None:
        return
    for bundle in pending.bundles.all():
        BundlePermission.objects.get_or_create(
            bundle=bundle, user_allowed=pending.created_by, user_target=user
        )
