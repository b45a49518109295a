"""Re-evaluating a team's outreach flags after its thresholds changed."""

from datetime import date

from django.db import transaction

from crm.models import Team
from outreach import services
from outreach.models import Campaign, Touchpoint


@transaction.atomic
def team_reevaluate(*, team: Team, today: date) -> dict[str, int]:
    """Run the rules again over every outbound touchpoint and every unsent campaign."""
    checked = 0
    for touchpoint in Touchpoint.objects.filter(team=team, direction=Touchpoint.Direction.OUT).only(
        "pk"
    ):
        services.touchpoint_recheck(touchpoint=touchpoint, today=today)
        checked += 1
    campaigns = 0
    for campaign in Campaign.objects.filter(team=team).exclude(status=Campaign.Status.SENT):
        services.campaign_check(campaign=campaign, today=today)
        campaigns += 1
    return {"touchpoints": checked, "campaigns": campaigns}
