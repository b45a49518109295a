"""A team's thresholds: a change has the team's flags judged again, by the task."""

from outreach import tasks
from outreach.services import thresholds


def test_the_re_evaluation_is_enqueued_under_the_name_of_its_task():
    # The service names the task rather than importing it (the task imports the services).
    assert tasks.flags_reevaluate.name == thresholds.FLAGS_REEVALUATE_TASK
