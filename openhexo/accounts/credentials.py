"""Password resets and email changes, each confirmed through a link sent by email.

A reset link carries Django's `default_token_generator` token and the user id in base 64: it
stops working once the password changes (so it works once) or after PASSWORD_RESET_TIMEOUT.
Asking for one never tells whether the address has an account.

An email change is confirmed from the NEW address: the link carries a signed token naming the
user, the current email and the new one. It works until PASSWORD_RESET_TIMEOUT and only
while the login is still the email it was issued for, so it works once; the old address is
told when the change happens.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .mail import link, send_after_commit
from .models import User
from .requests import RequestRefused, checked_password, lifetime, normalized_email, refuse_taken

RESET_PATH = "/accounts/reset/"
EMAIL_PATH = "/accounts/email/"
EMAIL_SALT = "openhexo.accounts.change-email"
MAX_TOKEN = 1024


# --- password reset ---------------------------------------------------------------------------


def reset_link(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return link(RESET_PATH, uidb64, default_token_generator.make_token(user))


def request_password_reset(email: str) -> str:
    """Email a reset link if an active account uses `email`; the same silence otherwise.

    Returns the address as normalized. Raises ValidationError only for a malformed address
    (which reveals nothing)."""
    email = normalized_email(email)
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        return email
    body = "\n".join(
        [
            f"Hello {user.first_name or user.email},",
            "",
            "Someone, hopefully you, asked to reset the password of your openhexo account.",
            "Choose a new password here:",
            reset_link(user),
            "",
            "If you did not ask for it, ignore this message: your password stays the same.",
            f"The link works once, within {lifetime().days} days.",
        ]
    )
    send_after_commit("Reset your openhexo password", body, user.email)
    return email


def user_for_reset(uidb64: str, token: str) -> User | None:
    """The user a reset link designates, None if the link is invalid, used or expired."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk, is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


@transaction.atomic
def reset_password(uidb64: str, token: str, password: str) -> User:
    """Set a new (validated) password through a reset link; RequestRefused if it is invalid."""
    user = user_for_reset(uidb64, token)
    if user is None:
        raise RequestRefused("This password reset link is invalid, used or expired.")
    user.password = checked_password(password, user)
    user.save(update_fields=["password"])
    return user


# --- email change -----------------------------------------------------------------------------


def email_change_link(token: str) -> str:
    return link(EMAIL_PATH, token)


@transaction.atomic
def request_email_change(user: User, new_email: str) -> str:
    """Email the new address a link that confirms the change; returns the link's token.

    Nothing changes until then. Raises ValidationError naming `new_email`."""
    new_email = normalized_email(new_email, "new_email")
    if new_email == user.email:
        raise ValidationError({"new_email": ["This is already the email of your account."]})
    refuse_taken(new_email, "new_email")
    token = signing.dumps({"user": user.pk, "from": user.email, "to": new_email}, salt=EMAIL_SALT)
    body = "\n".join(
        [
            "Hello,",
            "",
            f"The openhexo account {user.email} asked to use this address as its login.",
            "Confirm the change here:",
            email_change_link(token),
            "",
            "Until then the login stays the same. If you did not expect this message,",
            f"ignore it. The link works once, within {lifetime().days} days.",
        ]
    )
    send_after_commit("Confirm your new openhexo email", body, new_email)
    return token


def pending_email_change(
    token: str, lock: bool = False, owner: User | None = None
) -> tuple[User, str]:
    """The user and the new email a change link names.

    User.DoesNotExist for anything that is not one of our links (or, given `owner`, not one
    of theirs); RequestRefused once it has expired or was used (the login is no longer the
    email it was issued for)."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        raise User.DoesNotExist("No such email change.")
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=lifetime())
    except signing.SignatureExpired:
        raise RequestRefused("This email change link has expired; ask for a new one.") from None
    except signing.BadSignature:
        raise User.DoesNotExist("No such email change.") from None
    if owner is not None and data["user"] != owner.pk:
        raise User.DoesNotExist("No such email change.")
    users = User.objects.select_for_update() if lock else User.objects.all()
    user = users.get(pk=data["user"], is_active=True)
    if user.email != data["from"]:
        raise RequestRefused("This email change link was used already, or is outdated.")
    return user, data["to"]


@transaction.atomic
def confirm_email_change(token: str, owner: User | None = None) -> User:
    """Make the new email the login (it must still be free) and tell the old address.

    Given `owner`, only a link issued to them is accepted."""
    user, new_email = pending_email_change(token, lock=True, owner=owner)
    refuse_taken(new_email, "new_email")
    old_email, user.email = user.email, new_email
    user.save(update_fields=["email"])
    body = "\n".join(
        [
            "Hello,",
            "",
            f"The login of your openhexo account is now {new_email} instead of this address.",
            "If you did not ask for this change, reset your password and contact the operator.",
        ]
    )
    send_after_commit("Your openhexo email changed", body, old_email)
    return user
