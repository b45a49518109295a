"""Read queries for teams and memberships."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from crm.models import Membership


def memberships_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Membership]:
    """The user's memberships with their teams, in a stable order."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk).select_related("team").order_by("team__name")


def membership_active(
    *, user: AbstractBaseUser | AnonymousUser, team_id: int | None
) -> Membership | None:
    """The membership for the team chosen in the session, else the user's first one."""
    memberships = memberships_for_user(user=user)
    if team_id is not None:
        chosen = memberships.filter(team_id=team_id).first()
        if chosen is not None:
            return chosen
    return memberships.first()
