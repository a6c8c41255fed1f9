"""A broker that refuses connections, for tests of what survives its outage (the outbox)."""

from datetime import timedelta
from unittest import mock

from celery.app.task import Task
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from portal.outbox import outbox_dispatch


def broker_down():
    return mock.patch.object(Task, "apply_async", side_effect=BrokerDown("[Errno 111] Connection refused"))


def broker_back():
    """The broker answers again: beat's dispatcher publishes what waited (it skips only fresh jobs)."""
    return outbox_dispatch(now=timezone.now() + timedelta(minutes=5))
