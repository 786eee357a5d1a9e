"""People: users (identified by email), their profile, teams and the named permission bundles."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from oauth2_provider.models import AbstractApplication


class UserQuerySet(models.QuerySet):
    def search(self, words: str) -> "UserQuerySet":
        """Users whose email or full name contains `words` (any case)."""
        words = words.strip()
        full_name = Concat("first_name", Value(" "), "last_name")
        matches = Q(email__icontains=words) | Q(full_name__icontains=words)
        return self.annotate(full_name=full_name).filter(matches)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account; the email is the login, and `username` mirrors it as Hexoskin's does."""

    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=150, blank=True, default="")
    last_name = models.CharField(max_length=150, blank=True, default="")
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.email

    @property
    def username(self) -> str:
        return self.email


class Profile(models.Model):
    """Body and preferences of a user; processing reads it (heart-rate zones, energy)."""

    GENDERS = [("M", "male"), ("F", "female"), ("", "unspecified")]
    UNIT_SYSTEMS = [("metric", "metric"), ("imperial", "imperial")]

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=GENDERS, blank=True, default="")
    height = models.FloatField(null=True, blank=True, help_text="metres")
    weight = models.FloatField(null=True, blank=True, help_text="kilograms")
    unit_system = models.CharField(max_length=8, choices=UNIT_SYSTEMS, default="metric")
    preferences = models.JSONField(null=True, blank=True)
    avatar = models.URLField(max_length=500, null=True, blank=True)
    hr_max = models.PositiveSmallIntegerField(null=True, blank=True)
    hr_rest = models.PositiveSmallIntegerField(null=True, blank=True)
    hr_recov = models.PositiveSmallIntegerField(null=True, blank=True)
    vo2_max = models.FloatField(null=True, blank=True)
    fitness_percentile = models.PositiveSmallIntegerField(null=True, blank=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def age(self, today: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        today = today or date.today()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def estimated_hr_max(self) -> int | None:
        """The stored maximum, else Tanaka's 208 - 0.7 x age (J Am Coll Cardiol 2001)."""
        if self.hr_max:
            return self.hr_max
        age = self.age()
        return None if age is None else (2080 - 7 * age + 5) // 10  # exact, halves round up

    def fitness(self) -> dict:
        return {
            "fitness_percentile": self.fitness_percentile,
            "height": self.height,
            "hr_max": self.estimated_hr_max(),
            "hr_recov": self.hr_recov,
            "hr_rest": self.hr_rest,
            "vo2_max": self.vo2_max,
            "weight": self.weight,
        }


class PermissionBundle(models.Model):
    """A named set of rights one user grants another over their data (friend, coach...)."""

    name = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=255, blank=True, default="")
    can_write = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A coach's list of athletes."""

    name = models.CharField(max_length=150, blank=True, default="")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="owned_teams")
    members = models.ManyToManyField(User, related_name="teams", blank=True)

    class Meta:
        ordering = ["id"]


class OAuthClient(AbstractApplication):
    """An OAuth2 client. An API key is one too: its client_id is the public key and its
    secret the private key that signs requests, so an API key's secret is kept verifiable
    (`hash_client_secret` off), as Hexoskin's signature scheme needs it."""

    extra_grant_types = models.JSONField(default=list, blank=True)
    readonly = models.BooleanField(default=False, help_text="tokens never get readwrite")
    is_api_key = models.BooleanField(default=False)

    class Meta(AbstractApplication.Meta):
        swappable = "OAUTH2_PROVIDER_APPLICATION_MODEL"

    def allows_grant_type(self, *grant_types: str) -> bool:
        return bool({self.authorization_grant_type, *self.extra_grant_types} & set(grant_types))


class BundlePermission(models.Model):
    """`user_target` lets `user_allowed` see (and with a writing bundle, change) their data."""

    bundle = models.ForeignKey(PermissionBundle, on_delete=models.PROTECT)
    user_allowed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="granted")
    user_target = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    name = models.CharField(max_length=150, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bundle", "user_allowed", "user_target"], name="one_grant_per_bundle"
            )
        ]


class BundlePermissionRequest(models.Model):
    """A grant someone asked `user_target` for; it takes effect when they redeem its token."""

    token = models.CharField(max_length=64, unique=True)
    bundle = models.ForeignKey(PermissionBundle, on_delete=models.PROTECT)
    user_allowed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    user_target = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    redeemed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class AccountRequest(models.Model):
    """An account asked for (by its future owner, by staff, or by a coach for an athlete).

    The user exists only once someone holding the emailed token confirms it. The password is
    kept hashed (or empty: then the confirmation sets it) and the token only as its SHA-256.
    """

    KINDS = [("request", "sign-up"), ("staff", "created by staff"), ("related", "for someone")]

    kind = models.CharField(max_length=8, choices=KINDS, default="request")
    email = models.EmailField(db_index=True)
    password = models.CharField(max_length=128, blank=True, default="", help_text="a hash")
    first_name = models.CharField(max_length=150, blank=True, default="")
    last_name = models.CharField(max_length=150, blank=True, default="")
    profile = models.JSONField(default=dict, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    bundles = models.ManyToManyField(PermissionBundle, blank=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    confirmed = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.email}"

    def status(self, now=None) -> str:
        if self.confirmed is not None:
            return "confirmed"
        return "expired" if self.expires <= (now or timezone.now()) else "pending"
