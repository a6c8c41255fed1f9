"""The inputs of a partner's pages (rate tables, classification rules, authorizations, the partner's
summed sales lines and met gates, the quarter's programs, the district's managers) cached between
requests: the dashboard, the programs page and the API read them on every request, and they change
only when a report is processed, the catalog, a program or a manager is edited, an authorization or
a training completion changes.

Every entry sits under one version token (toolkit.cache.current_version) that a committed change to
any source replaces (the receivers below, connected in RebatesConfig.ready). The token is replaced
after COMMIT, never before: a request that read the old data stores it under the old token, which
nobody reads any more. Inside a transaction the cache is neither read nor written, since that
transaction may see (and would store) writes that are later rolled back. TIMEOUT bounds how long a
change made behind the ORM's back (raw SQL in a shell) can go unseen."""

import threading

from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from toolkit.cache import current_version, replace_version

INPUTS = "rebate-inputs"
TIMEOUT = 3600


def cached(key: str, compute, *, shared: bool = False):
    """compute() once per version of the inputs (or every time inside a transaction, or while the
    cache is unreachable). `shared`: the same for every partner (a quarter's programs, its rules):
    kept in this process's memory as well, so the page does not unpickle it on every request. Such
    objects are shared between threads: read them, never change them."""
    from django.core.cache import cache

    if connection.in_atomic_block:
        return compute()
    version = _version()
    if version is None:
        return compute()
    if shared and (value := _in_process.get((version, key))) is not None:
        return value
    full_key = f"{INPUTS}:{version}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    if shared:
        if len(_in_process) >= 100:  # entries of older versions, never read again
            _in_process.clear()
        _in_process[(version, key)] = value
    return value


_in_process: dict = {}  # {(version, key): value} of `shared` entries


# The version read once per request (a page asks for several entries): reset when a request starts
# and ends, and when this thread replaces it. Outside requests (tasks, commands) it is read each time.
_request = threading.local()


def _version() -> str | None:
    if (version := getattr(_request, "version", None)) is not None:
        return version
    version = current_version(INPUTS)
    if getattr(_request, "active", False):
        _request.version = version
    return version


def _request_started(**_kwargs):
    _request.active, _request.version = True, None


def _request_finished(**_kwargs):
    _request.active, _request.version = False, None


def _replace():
    _request.version = None
    replace_version(INPUTS)


def inputs_changed(**_kwargs) -> None:
    """After this transaction commits (at once outside one), the cached inputs are stale. One
    replacement per transaction, however many rows it saves (a catalog import saves thousands)."""
    if connection.in_atomic_block and any(func is _replace for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_replace)


def _user_saved(update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # every sign-in saves the user: nothing a progress reads
    inputs_changed(**kwargs)


def connect_receivers() -> None:
    from django.apps import apps

    from distributors.signals import sales_lines_changed

    sources = [
        "catalog.FiscalQuarter",
        "catalog.ProductLine",
        "catalog.Product",
        "training.Course",
        "training.Completion",
        "distributors.Authorization",
        "rebates.Program",
        "rebates.Tier",
        "rebates.ProductGroup",
        "rebates.Rate",
        "rebates.ClassificationRule",
        "rebates.TrainingGate",
        "portal.Partner",
        "portal.Region",  # the dashboard's contacts (rebates.selectors.partner_contacts)
        "portal.AccountManager",
        "portal.Coverage",
    ]
    for label in sources:
        model = apps.get_model(label)
        post_save.connect(inputs_changed, sender=model, dispatch_uid=f"inputs-saved-{label}")
        post_delete.connect(inputs_changed, sender=model, dispatch_uid=f"inputs-deleted-{label}")
    for label, field in [("rebates.ClassificationRule", "lines"), ("rebates.TrainingGate", "courses")]:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(inputs_changed, sender=through, dispatch_uid=f"inputs-m2m-{label}")
    user = apps.get_model("portal.User")
    post_save.connect(_user_saved, sender=user, dispatch_uid="inputs-user-saved")
    post_delete.connect(inputs_changed, sender=user, dispatch_uid="inputs-user-deleted")
    sales_lines_changed.connect(inputs_changed, dispatch_uid="inputs-sales-lines")
    request_started.connect(_request_started, dispatch_uid="inputs-request-started")
    request_finished.connect(_request_finished, dispatch_uid="inputs-request-finished")
