"""Signals PartnerAdvantage listens to. Both enqueue through the outbox inside the sender's
transaction, so the job runs only if that transaction commits."""

from django.db.models.signals import post_save

from portal.outbox import enqueue


def _lines_changed(sender, **kwargs):
    # Sent with no arguments inside the transaction that stored, deleted or re-matched sales lines.
    from advantage.tasks import rematch_claims

    enqueue(rematch_claims)


def _completion_saved(sender, instance, **kwargs):
    from advantage.models import Member
    from advantage.tasks import award_training
    from training.models import CompletionStatus

    if instance.status == CompletionStatus.CONFIRMED and Member.objects.filter(user_id=instance.user_id).exists():
        enqueue(award_training, instance.pk)


def connect() -> None:
    from distributors.signals import sales_lines_changed
    from training.models import Completion

    sales_lines_changed.connect(_lines_changed, dispatch_uid="advantage-rematch")
    post_save.connect(_completion_saved, sender=Completion, dispatch_uid="advantage-training")
