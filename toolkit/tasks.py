"""Options shared by the portal's Celery tasks (the queues they go to are config/celery.py's)."""

import smtplib

# An e-mail that the mail server refused or could not take (down, timed out) is tried again with
# growing pauses — 30 s, 1 min, 2 min … up to an hour apart, for about a day. The notification
# functions read the current state when they run, so a late e-mail is still right.
MAIL_TASK = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 30,
    "soft_time_limit": 60,
    "time_limit": 90,
}

# A sales report of 300 MB or a payout run over millions of lines takes minutes, not an hour: past
# the soft limit the task stops and the report or run is marked failed with the reason (vendor
# staff see it and start again); past the hard limit the worker process itself is replaced.
IMPORT_TASK_LIMITS = {"soft_time_limit": 3600, "time_limit": 3700}
PAYOUT_TASK_LIMITS = {"soft_time_limit": 3600, "time_limit": 3700}
