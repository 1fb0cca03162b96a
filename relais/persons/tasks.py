"""Background tasks of person files (Django's task framework). Nothing schedules them by
itself: cron runs `manage.py apply_retention --apply` every night (docs/operations.md), or a
worker enqueues the task below."""

from django.tasks import task

from . import retention


@task
def apply_retention() -> list[dict]:
    """The nightly retention job (warn, anonymise, purge the log); returns one report per
    network, counts only."""
    return [report.as_dict() for report in retention.run(apply=True)]
