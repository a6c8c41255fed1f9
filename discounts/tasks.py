"""Celery tasks of the discount program: thin wrappers over discounts.services."""

from celery import shared_task

from toolkit.tasks import PAYOUT_TASK_LIMITS


@shared_task(**PAYOUT_TASK_LIMITS)
def close_discount_quarters() -> int:
    """Beat job: fix next quarter's discounts for each quarter that closed and has no run yet
    (a quarter that has one is skipped, so running it again changes nothing)."""
    from discounts.services import scheduled_closes

    return len(scheduled_closes())
