"""PartnerAdvantage jobs: thin, idempotent wrappers of the services (docs/advantage.md)."""

from celery import shared_task

from advantage import claims, ledger, notifications, training
from toolkit.tasks import MAIL_TASK


@shared_task(**MAIL_TASK)
def send_claim_email(claim_id: int, kind: str) -> None:
    notifications.claim_email(claim_id, kind)


@shared_task(**MAIL_TASK)
def send_order_email(order_id: int, kind: str) -> None:
    notifications.order_email(order_id, kind)


@shared_task
def rematch_claims() -> dict:
    """After a report is stored, and on beat: pending claims, reviews due, returns."""
    return claims.claims_rematch()


@shared_task
def award_training(completion_id: int) -> None:
    training.training_award(completion_id)


@shared_task
def advantage_daily() -> dict:
    """Beat: claims matched again, training points caught up, points past their date expired."""
    return {
        **claims.claims_rematch(),
        "trainings": training.trainings_catch_up(),
        "expired": ledger.expire_all(),
    }
