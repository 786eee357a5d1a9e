"""The demo account `make run` creates on an empty database, so a newcomer can log in."""

from collections.abc import Callable

from .actions import create_user
from .models import User

DEMO_EMAIL = "demo@openhexo.local"
DEMO_PASSWORD = "hexoskin-demo"


def demo_password_works() -> bool:
    """Whether the demo account still opens with the password everyone can read."""
    user = User.objects.filter(email=DEMO_EMAIL).first()
    return user is not None and user.check_password(DEMO_PASSWORD)


def ensure_demo_account(say: Callable[[str], None], base_url: str) -> User | None:
    """Create the demo user if there is no user at all; say how to log in."""
    if User.objects.exists():
        return None
    user = create_user(DEMO_EMAIL, DEMO_PASSWORD, first_name="Demo", last_name="Athlete")
    say(f"Created a demo account: email {DEMO_EMAIL}, password {DEMO_PASSWORD}")
    say(f"Try: curl -u {DEMO_EMAIL}:{DEMO_PASSWORD} {base_url}/api/account/")
    return user
