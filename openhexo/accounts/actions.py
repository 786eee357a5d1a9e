"""Multi-step account operations shared by the command line and the API."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from .models import Profile, User


@transaction.atomic
def create_user(email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create a user and their empty profile; raises ValidationError on a weak password."""
    candidate = User(email=email.strip().lower(), first_name=first_name, last_name=last_name)
    validate_password(password, candidate)
    candidate.full_clean(exclude=["password"])
    user = User.objects.create_user(
        email=candidate.email, password=password, first_name=first_name, last_name=last_name
    )
    Profile.objects.create(user=user)
    return user
