from contextlib import contextmanager
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


@contextmanager
def clock(*args, tz=MOSCOW):
    """Freeze the server's clock at a wall-clock moment in `tz`."""
    moment = datetime(*args, tzinfo=tz)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment
