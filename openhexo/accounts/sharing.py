"""Sharing between users: grants, permission requests redeemed by token, and coaches' teams.

Only the data owner grants: a `BundlePermission` always has the granting owner as its
`user_target`. Anyone may *ask* an owner for a grant with a `BundlePermissionRequest`, which
emails the owner a redeem link; the grant exists once the owner redeems it. Either side may
end a grant.

A team is a coach's list of athletes. Adding a member sends them a coach request; they become
a member (appear in `team.members`) when they redeem it. Removing a member, or the member
leaving, ends the coach grant unless they are still a member of another team of that coach.
A member who ends the coach grant leaves every team of that coach with it, so a listed member
is always one whose data the coach sees.

Refusals raise `PermissionDenied` (the caller may not do this) or `ValidationError` (the
request cannot be done as asked); unknown tokens raise `BundlePermissionRequest.DoesNotExist`.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import BundlePermission, BundlePermissionRequest, PermissionBundle, Team, User

DEFAULT_TTL = timedelta(days=7)
MAX_TTL = timedelta(days=90)
TEAM_BUNDLE = "coach"
Membership = Team.members.through


# --- grants ----------------------------------------------------------------------------------


@transaction.atomic
def grant(
    owner: User, grantee: User, bundle: PermissionBundle, name: str | None = None
) -> BundlePermission:
    """Let `grantee` use `bundle` over the data of `owner`, who is the one granting it."""
    if owner.pk == grantee.pk:
        raise ValidationError("A user cannot be granted access to their own data.")
    if BundlePermission.objects.filter(
        bundle=bundle, user_allowed=grantee, user_target=owner
    ).exists():
        raise ValidationError(f"{grantee.email} already has the '{bundle.name}' permission.")
    return BundlePermission.objects.create(
        bundle=bundle, user_allowed=grantee, user_target=owner, name=name
    )


@transaction.atomic
def revoke(permission: BundlePermission, by_user: User) -> None:
    """End a grant; either side may. Ending a coach grant leaves that coach's teams."""
    if by_user.pk not in (permission.user_allowed_id, permission.user_target_id):
        raise PermissionDenied("Only the users a permission joins may end it.")
    if permission.bundle.name == TEAM_BUNDLE:
        Membership.objects.filter(
            team__owner_id=permission.user_allowed_id, user_id=permission.user_target_id
        ).delete()
    permission.delete()


# --- requests --------------------------------------------------------------------------------


def redeem_url(permission_request: BundlePermissionRequest) -> str:
    """The link emailed to the owner: GET inspects the request, an empty PUT redeems it."""
    return f"{settings.PUBLIC_URL}/api/bundle_permission_request/{permission_request.token}/"


def seconds_left(
    permission_request: BundlePermissionRequest, now: datetime | None = None
) -> int | None:
    """Whole seconds until the request expires (0 once expired), None once redeemed."""
    if permission_request.redeemed is not None:
        return None
    remaining = permission_request.expires - (now or timezone.now())
    return max(0, int(remaining.total_seconds()))


@transaction.atomic
def request_permission(
    requested_by: User,
    user_target: User,
    user_allowed: User,
    bundle: PermissionBundle,
    team: Team | None = None,
    ttl: timedelta = DEFAULT_TTL,
) -> BundlePermissionRequest:
    """Ask `user_target` to grant `user_allowed` the `bundle` over their data, by email.

    The email is sent once the transaction commits, so a refused request sends nothing.
    """
    if user_target.pk == user_allowed.pk:
        raise ValidationError("A user cannot be asked to share their data with themselves.")
    if not timedelta(0) < ttl <= MAX_TTL:
        raise ValidationError(f"The ttl must be from 1 to {int(MAX_TTL.total_seconds())} seconds.")
    permission_request = BundlePermissionRequest.objects.create(
        token=secrets.token_urlsafe(32),
        bundle=bundle,
        user_allowed=user_allowed,
        user_target=user_target,
        requested_by=requested_by,
        team=team,
        expires=timezone.now() + ttl,
    )
    transaction.on_commit(lambda: _send_request_email(permission_request), robust=True)
    return permission_request


@transaction.atomic
def redeem(token: str, by_user: User) -> BundlePermission:
    """Grant what the request asked for; only its `user_target`, once, before it expires.

    A team request also makes its target a member of the team.
    """
    asked = BundlePermissionRequest.objects.select_for_update().get(token=token)
    if by_user.pk != asked.user_target_id:
        raise PermissionDenied("Only the user whose data is asked for may redeem this request.")
    if asked.redeemed is not None:
        raise ValidationError("This request has already been redeemed.")
    if asked.expires <= timezone.now():
        raise ValidationError("This request has expired.")
    permission, _ = BundlePermission.objects.get_or_create(
        bundle_id=asked.bundle_id, user_allowed_id=asked.user_allowed_id, user_target=by_user
    )
    asked.redeemed = timezone.now()
    asked.save(update_fields=["redeemed"])
    if asked.team_id is not None:
        asked.team.members.add(by_user)
    return permission


def cancel_request(permission_request: BundlePermissionRequest, by_user: User) -> None:
    """Withdraw (the requester) or decline (the target) a request; a grant made stays."""
    if by_user.pk not in (permission_request.requested_by_id, permission_request.user_target_id):
        raise PermissionDenied("Only the requester and the user asked may cancel a request.")
    permission_request.delete()


def _display_name(user: User) -> str:
    """`First Last <email>` on one line (a name holding line breaks cannot bend headers)."""
    full_name = " ".join(f"{user.first_name} {user.last_name}".split())
    return f"{full_name} <{user.email}>" if full_name else user.email


def _send_request_email(permission_request: BundlePermissionRequest) -> None:
    requester = _display_name(permission_request.requested_by)
    allowed = _display_name(permission_request.user_allowed)
    team = permission_request.team
    joining = f" as a member of the team '{team.name}'" if team and team.name else ""
    body = (
        f"{requester} asks you to give {allowed} the '{permission_request.bundle.name}' "
        f"permission over your openhexo data{joining}.\n\n"
        f"Review the request here (signed in as {permission_request.user_target.email}); "
        f"an empty PUT to the same address accepts it:\n{redeem_url(permission_request)}\n\n"
        f"It expires on {permission_request.expires:%Y-%m-%d %H:%M} UTC. "
        "If you do not want to share your data, ignore this email.\n"
    )
    subject = f"{requester} asks for access to your openhexo data"
    send_mail(subject, body, None, [permission_request.user_target.email])


# --- teams -----------------------------------------------------------------------------------


def team_bundle() -> PermissionBundle:
    """The bundle a team member grants the team's owner."""
    return PermissionBundle.objects.get(name=TEAM_BUNDLE)


def pending_invitations(team: Team) -> QuerySet[BundlePermissionRequest]:
    """Team requests not yet redeemed and not expired."""
    return BundlePermissionRequest.objects.filter(
        team=team, redeemed__isnull=True, expires__gt=timezone.now()
    )


@transaction.atomic
def invite_member(team: Team, member: User) -> BundlePermissionRequest | None:
    """Ask `member` to join (a coach request), unless they are in or already invited.

    The owner needs no grant over their own data: listing themselves makes them a member.
    """
    if member.pk == team.owner_id:
        team.members.add(member)
        return None
    if team.members.filter(pk=member.pk).exists():
        return None
    pending = pending_invitations(team).filter(user_target=member).first()
    if pending is not None:
        return pending
    return request_permission(
        requested_by=team.owner,
        user_target=member,
        user_allowed=team.owner,
        bundle=team_bundle(),
        team=team,
    )


@transaction.atomic
def remove_member(team: Team, member: User, by_user: User) -> None:
    """Take `member` out of `team` (the owner) or leave it (the member).

    Their pending invitations to the team are withdrawn, and the owner's coach grant ends
    unless the member still belongs to another team of the same owner. There is one coach
    grant per pair of users, so one the member had also given directly ends as well.
    """
    if by_user.pk not in (team.owner_id, member.pk):
        raise PermissionDenied("Only the team's owner and the member may end a membership.")
    team.members.remove(member)
    BundlePermissionRequest.objects.filter(
        team=team, user_target=member, redeemed__isnull=True
    ).delete()
    still_coached = Team.objects.filter(owner_id=team.owner_id, members=member).exists()
    if member.pk == team.owner_id or still_coached:
        return
    BundlePermission.objects.filter(
        bundle__name=TEAM_BUNDLE, user_allowed_id=team.owner_id, user_target=member
    ).delete()


def leave_team(team: Team, member: User) -> None:
    """`member` leaves `team`; the owner's coach grant ends with it (see remove_member)."""
    remove_member(team, member, by_user=member)


@transaction.atomic
def set_members(team: Team, wanted: Iterable[User]) -> list[BundlePermissionRequest]:
    """Make the team's members `wanted`: members not listed are removed, new ones invited.

    Pending invitations of users not listed stay (the listed members are the active ones,
    so a client putting back what it read must not withdraw them); returns the invitations.
    """
    wanted_by_pk = {user.pk: user for user in wanted}
    for member in team.members.exclude(pk__in=wanted_by_pk):
        remove_member(team, member, by_user=team.owner)
    invitations = (invite_member(team, user) for user in wanted_by_pk.values())
    return [invitation for invitation in invitations if invitation is not None]


@transaction.atomic
def delete_team(team: Team, by_user: User) -> None:
    """Delete a team (its owner only), removing every member first."""
    if by_user.pk != team.owner_id:
        raise PermissionDenied("Only the team's owner may delete it.")
    for member in team.members.all():
        remove_member(team, member, by_user=by_user)
    team.delete()
