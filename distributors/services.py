"""Sell-through reports: receive a file (store it and its hash, nothing heavy), process it in a
task (read → validate → store in one transaction), replace a report with a correction, and manage
API tokens. Every row of a file ends up stored or listed as a row error with its reason."""

import hashlib
import logging
import math
import re
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.files.base import File
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import FiscalQuarter, Product
from distributors import storage
from distributors.claims import claims_match_waiting, claims_release_lines
from distributors.models import ApiToken, ReportStatus, RowError, SalesLine, SalesReport
from distributors.report_files import open_report
from distributors.signals import sales_lines_changed
from distributors.validation import QuarterFinder, RowRejected, RowValidator, text
from portal.models import Partner
from portal.outbox import enqueue
from toolkit.errors import PortalError
from toolkit.files import local_copy
from toolkit.locks import held_lock

log = logging.getLogger(__name__)
ALREADY_IMPORTED = gettext_lazy("This file was already imported as report #%(id)s (%(name)s). It is not counted twice.")
IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
# What fits the column and any HTTP client: a UUID, a job name with a date, …
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,255}")
PROGRESS_EVERY = 10_000


def progress_key(report_id: int) -> str:
    return f"report-progress:{report_id}"


def _hash_and_size(upload) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def report_receive(
    *,
    distributor,
    upload,
    uploaded_by=None,
    source="web",
    replaces: SalesReport | None = None,
    idempotency_key: str | None = None,
) -> SalesReport:
    """Store an uploaded file and queue its processing. Refuses at once (PortalError) an oversized
    file, a file already imported by this distributor, or a correction of someone else's report."""
    if upload.size > settings.REPORT_MAX_BYTES:
        raise PortalError(
            _("The file is %(mb)s MB; the limit is %(limit)s MB. Split it by month.")
            % {"mb": upload.size // 2**20, "limit": settings.REPORT_MAX_BYTES // 2**20},
            field="file",
            code="too_large",
        )
    if not upload.name.lower().endswith((".xlsx", ".csv", ".txt")):
        raise PortalError(_("Upload the report as .xlsx or .csv."), field="file", code="file_type")
    if replaces is not None and (replaces.distributor_id != distributor.pk or replaces.status != ReportStatus.DONE):
        raise PortalError(_("Only a processed report of your own can be corrected."), field="replaces")
    sha256, size = _hash_and_size(upload)
    _refuse_if_imported(distributor, sha256)
    try:
        with transaction.atomic():
            report = SalesReport(
                distributor=distributor,
                uploaded_by=uploaded_by,
                source=source,
                original_name=Path(upload.name).name[:255],
                sha256=sha256,
                size=size,
                replaces=replaces,
                idempotency_key=idempotency_key,
            )
            report.file.save(Path(upload.name).name, File(upload), save=False)
            report.save()
    except IntegrityError:  # another upload got in first: the same bytes, correction or idempotency key
        _refuse_if_imported(distributor, sha256)
        if replaces is not None and SalesReport.objects.filter(replaces=replaces).exists():
            raise PortalError(_("This report already has a correction."), field="replaces") from None
        raise  # the same idempotency key: report_receive_once answers it
    from distributors.tasks import process_report_task

    enqueue(process_report_task, report.pk)
    return report


def _refuse_if_imported(distributor, sha256: str) -> None:
    earlier = (
        SalesReport.objects.filter(distributor=distributor, sha256=sha256).exclude(status=ReportStatus.FAILED).first()
    )
    if earlier:
        raise PortalError(
            ALREADY_IMPORTED % {"id": earlier.pk, "name": earlier.original_name},
            field="file",
            code="duplicate_report",
            details={"report_id": earlier.pk},
        )


def report_receive_once(*, idempotency_key: str | None, distributor, upload, **receive) -> tuple[SalesReport, bool]:
    """report_receive for a machine that may send the same request again (a timeout, a retried job).
    Returns (report, created). The key names one upload of this distributor: the same key with the
    same bytes gives back the report it made, whatever its status, and stores nothing; with other
    bytes it is refused (IDEMPOTENCY_KEY_REUSED), so a key reused by mistake loses no file silently.
    Without a key every request is a new upload."""
    if idempotency_key is None:
        return report_receive(distributor=distributor, upload=upload, **receive), True
    if not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise PortalError(
            _("An Idempotency-Key is 1 to 255 visible ASCII characters, for example a UUID."),
            code="invalid_idempotency_key",
        )
    earlier = _made_with_key(distributor, idempotency_key, upload)
    if earlier is not None:
        return earlier, False
    try:
        return report_receive(distributor=distributor, upload=upload, idempotency_key=idempotency_key, **receive), True
    except (PortalError, IntegrityError):
        # A retry can overtake the request it repeats: then it is answered as that request was.
        earlier = _made_with_key(distributor, idempotency_key, upload)
        if earlier is None:
            raise
        return earlier, False


def _made_with_key(distributor, idempotency_key: str, upload) -> SalesReport | None:
    earlier = SalesReport.objects.filter(distributor=distributor, idempotency_key=idempotency_key).first()
    if earlier is not None and _hash_and_size(upload)[0] != earlier.sha256:
        raise PortalError(
            _(
                "This Idempotency-Key was already used for another file (report #%(id)s). Send a new file with a new key."
            )
            % {"id": earlier.pk},
            code=IDEMPOTENCY_KEY_REUSED,
            details={"report_id": earlier.pk},
        )
    return earlier


def _claim(report_id: int) -> bool:
    """Mark the report as being processed (a conditional UPDATE, so finished reports are never
    redone). Gives up after REPORT_MAX_ATTEMPTS deliveries instead of looping."""
    claimed = SalesReport.objects.filter(
        pk=report_id,
        status__in=[ReportStatus.RECEIVED, ReportStatus.PROCESSING],
        attempts__lt=settings.REPORT_MAX_ATTEMPTS,
    ).update(status=ReportStatus.PROCESSING, attempts=F("attempts") + 1, started_at=timezone.now())
    if not claimed:
        SalesReport.objects.filter(
            pk=report_id, status=ReportStatus.PROCESSING, attempts__gte=settings.REPORT_MAX_ATTEMPTS
        ).update(
            status=ReportStatus.FAILED,
            error_message=_("Processing was interrupted %(n)s times; upload the file again or contact support.")
            % {"n": settings.REPORT_MAX_ATTEMPTS},
            finished_at=timezone.now(),
        )
    return bool(claimed)


def report_process(report_id: int) -> SalesReport:
    """Process a received report: all or nothing. Safe to run twice or after a killed worker: a
    finished report is not touched, and a half-done run left nothing behind (one transaction).
    One process at a time holds the report (an advisory lock, gone with a killed worker's
    connection): another delivery meanwhile does nothing and leaves the holder's status as it is."""
    with held_lock("sales-report", report_id) as taken:
        if not taken:
            log.info("report %s is being processed elsewhere: this delivery does nothing", report_id)
            return SalesReport.objects.get(pk=report_id)
        return _process_held(report_id)


def report_in_progress(report: SalesReport) -> bool:
    """After report_process: still not finished means another process holds it."""
    return report.status in (ReportStatus.RECEIVED, ReportStatus.PROCESSING)


def _process_held(report_id: int) -> SalesReport:
    if not _claim(report_id):
        return SalesReport.objects.get(pk=report_id)
    try:
        received = SalesReport.objects.get(pk=report_id)
        # The stored file may be in a bucket: the readers get a local copy in this worker's temporary
        # directory, fetched before the transaction starts and deleted when processing ends, whichever
        # way it ends (toolkit/files.py).
        with (
            local_copy(received.file, suffix=Path(received.original_name).suffix.lower()) as path,
            transaction.atomic(),
        ):
            report = SalesReport.objects.select_for_update().get(pk=report_id)
            _process_locked(report, path)
    except PortalError as error:
        SalesReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED, error_message=str(error.message), finished_at=timezone.now()
        )
    except (OperationalError, InterfaceError):
        # The database went away mid-way: the transaction stored nothing, and writing "failed" through
        # the same dead connection would fail too. The task tries again (each try counts an attempt);
        # the stuck-report sweep ends it with a message if the database stays away.
        log.warning("report %s: the database connection failed; it will be tried again", report_id, exc_info=True)
        connection.close()
        raise
    except Exception:
        log.exception("report %s failed", report_id)
        SalesReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            error_message=_(
                "Processing failed because of an error on our side; nothing was stored. Support has been notified."
            ),
            finished_at=timezone.now(),
        )
        raise
    finally:
        cache.delete(progress_key(report_id))
    return SalesReport.objects.get(pk=report_id)


def _process_locked(report: SalesReport, path: Path) -> None:
    if report.replaces_id:
        _retire(report.replaces_id)
    lookups = {
        "partners": {str(dell_id): pk for dell_id, pk in Partner.objects.values_list("dell_id", "pk")},
        "products": dict(Product.objects.values_list("sku", "pk")),
    }
    totals = None
    try:
        with transaction.atomic():  # a savepoint: the fast way, straight into the sales lines
            direct = storage.DirectLines(report_id=report.pk, distributor_id=report.distributor_id, **lookups)
            total, stored, errors = _read_validate_store(report, path, direct)
            totals = direct.totals  # every line went in: counted on the way
    except IntegrityError:  # some line keys were already stored by an earlier report
        RowError.objects.filter(report=report).delete()
        staged = storage.StagedLines(report_id=report.pk, distributor_id=report.distributor_id, **lookups)
        total, stored, errors = _read_validate_store(report, path, staged)
        skipped = {row_number: earlier_report for row_number, *_cells, earlier_report in staged.skipped_keys()}
        if skipped:
            cells_of = _cells_of_rows(report, path, skipped.keys())
            for row_number, earlier_report in skipped.items():
                errors.append(
                    RowError(
                        report=report,
                        row_number=row_number,
                        code="already_stored",
                        params={"id": earlier_report},
                        values=cells_of[row_number],
                    )
                )
    RowError.objects.bulk_create(errors)
    if totals is None:  # the staged way stored only some lines
        totals = SalesLine.objects.filter(report=report).aggregate(
            units=Sum("quantity"),
            partners=Count("partner", distinct=True),
            unmatched=Count("pk", filter=Q(partner__isnull=True)),
            unknown_sku=Count("pk", filter=Q(product__isnull=True)),
        )
    rejected = RowError.objects.filter(report=report).count()
    if stored + rejected != total:  # every row accounted for, or nothing at all
        raise RuntimeError(f"report {report.pk}: {stored} stored + {rejected} rejected != {total} rows")
    report.rows_total, report.rows_stored, report.rows_rejected = total, stored, rejected
    report.units = totals["units"] or 0
    report.partners_found = totals["partners"]
    report.unmatched_rows, report.unknown_sku_rows = totals["unmatched"], totals["unknown_sku"]
    report.status = ReportStatus.DONE
    report.error_message = ""
    report.finished_at = timezone.now()
    report.save()
    claims_match_waiting(report.distributor_id)  # claims that waited for this report's lines
    sales_lines_changed.send(sender=SalesLine)


MAX_REJECTED_ROWS = 100_000


def _read_validate_store(report, path: Path, writer) -> tuple[int, int, list[RowError]]:
    """Read every row of the local copy at `path`, validate it, drop in-file duplicates (first occurrence wins) and hand the
    rest to `writer`, which may stream them into PostgreSQL while the file is still being read.
    Returns (data rows, rows stored, row errors not yet saved)."""
    source = open_report(path, report.original_name)
    quarters = QuarterFinder(FiscalQuarter.objects.values_list("start_date", "end_date", "id"))
    validate = RowValidator(source.positions, quarters, received_on=timezone.localdate(report.created_at))
    report.header = [_kept(cell) for cell in source.header]
    rejected: list[tuple[int, str, dict, list]] = []
    duplicates: list[tuple[bytes, int, list]] = []
    counted = {"total": 0}
    max_rows = settings.REPORT_MAX_ROWS
    # While a COPY streams, the connection is busy: a cache kept in the database must wait.
    show_progress = not (writer.streams and isinstance(caches["default"], DatabaseCache))

    def records():
        seen: set[bytes] = set()  # 16-byte digests of the line keys: ~80 MB for a million rows
        blake2b = hashlib.blake2b
        total = 0
        for row_number, cells in source.rows:
            try:
                record = validate(row_number, cells)
            except RowRejected as reason:
                if not any(c.strip() if isinstance(c, str) else c is not None for c in cells):
                    continue  # a blank row is not a row
                total += 1
                rejected.append((row_number, reason.code, reason.params, [_kept(c) for c in cells]))
                if len(rejected) > MAX_REJECTED_ROWS:
                    raise PortalError(
                        _("More than %(n)s rows are invalid: check the columns and the date format, then upload again.")
                        % {"n": MAX_REJECTED_ROWS}
                    ) from None
            else:
                total += 1
                # _line_key, inlined (a million calls): invoice number, SKU, Dell ID
                key = blake2b(f"{record[1]}\x1f{record[5]}\x1f{record[4]}".encode(), digest_size=16).digest()
                if key in seen:
                    duplicates.append((key, row_number, [_kept(c) for c in cells]))
                else:
                    seen.add(key)
                    yield record
            if total > max_rows:
                raise PortalError(_("The file has more than %(max)s data rows: split it.") % {"max": max_rows})
            if show_progress and total % PROGRESS_EVERY == 0:
                cache.set(progress_key(report.pk), total, timeout=3600)
        counted["total"] = total

    stored = writer.store(records())
    total = counted["total"]
    if total == 0:
        raise PortalError(_("The file has a header but no data rows: nothing was imported."))
    errors = [
        RowError(report=report, row_number=n, code=code, params=params, values=values)
        for n, code, params, values in rejected
    ]
    if duplicates:
        first_rows = _first_rows(report, path, validate, {key for key, _row, _cells in duplicates})
        for key, row_number, cells in duplicates:
            errors.append(
                RowError(
                    report=report,
                    row_number=row_number,
                    code="duplicate_in_file",
                    params={"row": first_rows[key]},
                    values=cells,
                )
            )
    return total, stored, errors


def _shown(value: str) -> str:
    """A value as a row error keeps it: PostgreSQL text cannot hold NUL, so it shows as U+FFFD."""
    return value.replace("\x00", "\ufffd")


def _kept(cell):
    """A cell as a row error keeps it in JSON, for the rejected-rows file to give back as it came:
    text as text (NUL as U+FFFD), numbers as numbers (whole floats as integers), an empty cell as
    None, a date or a date and time as ISO text; anything else (a time of day) as its text."""
    kind = type(cell)
    if kind is str:
        return _shown(cell)
    if cell is None or kind is bool or kind is int:
        return cell
    if kind is float:
        if not math.isfinite(cell):
            return text(cell)
        return int(cell) if cell.is_integer() and abs(cell) < 2**53 else cell
    if kind is datetime:
        return cell.isoformat(sep=" ") if cell.time() != datetime.min.time() else cell.date().isoformat()
    if kind is date:
        return cell.isoformat()
    return _shown(text(cell))


def _cells_of_rows(report, path: Path, numbers) -> dict[int, list]:
    """A second, rare pass (only when lines were already stored by an earlier report): the cells of
    those rows as the file has them."""
    wanted = set(numbers)
    found: dict[int, list] = {}
    for row_number, cells in open_report(path, report.original_name).rows:
        if row_number in wanted:
            found[row_number] = [_kept(c) for c in cells]
    return found


def _line_key(invoice_number: str, sku: str, partner_ref: str) -> bytes:
    return hashlib.blake2b(f"{invoice_number}\x1f{sku}\x1f{partner_ref}".encode(), digest_size=16).digest()


def _first_rows(report, path: Path, validate, keys: set[bytes]) -> dict[bytes, int]:
    """A second, rare pass (only when a file repeats lines): the first row of each repeated key."""
    first: dict[bytes, int] = {}
    for row_number, cells in open_report(path, report.original_name).rows:
        try:
            record = validate(row_number, cells)
        except RowRejected:
            continue
        key = _line_key(record.invoice_number, record.sku, record.partner_ref)
        if key in keys and key not in first:
            first[key] = row_number
    return first


def _retire(report_id: int) -> None:
    """A correction replaces an earlier report: its lines go, the report stays visible as superseded."""
    old = SalesReport.objects.select_for_update().get(pk=report_id)
    if old.status != ReportStatus.DONE:
        raise PortalError(_("Report #%(id)s was already replaced or is not processed.") % {"id": old.pk})
    claims_release_lines(old.pk)
    SalesLine.objects.filter(report=old).delete()
    old.status = ReportStatus.SUPERSEDED
    old.save(update_fields=["status"])


def sales_lines_rematch() -> int:
    """Resolve lines whose Dell ID or SKU became known after import (a partner approved, a catalog
    fix). Called before a rebate run; returns how many lines changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE distributors_salesline SET partner_id = (SELECT p.id FROM portal_partner p "
            "WHERE CAST(p.dell_id AS TEXT) = distributors_salesline.partner_ref) WHERE partner_id IS NULL"
        )
        changed = cursor.rowcount
        cursor.execute(
            "UPDATE distributors_salesline SET product_id = (SELECT pr.id FROM catalog_product pr "
            "WHERE pr.sku = distributors_salesline.sku) WHERE product_id IS NULL"
        )
        changed += cursor.rowcount
    if changed:
        sales_lines_changed.send(sender=SalesLine)
    return changed


@transaction.atomic
def distributor_invite_colleague(*, actor, email: str, full_name: str, position: str = ""):
    """A distributor's administrator gives a colleague a login to the same distributor; the colleague
    sets a password from the e-mailed link (`portal:activate`), as a partner's colleague does.

    `User.is_partner_admin` means "may invite colleagues of the same company" for both kinds of
    company user: set on a partner's user it invites into that partner, on a distributor's user
    into that distributor. The colleague belongs to the actor's distributor, whatever the request
    says, and is never an administrator. Raises PortalError when the actor may not invite or the
    e-mail already has a login."""
    from allauth.account.models import EmailAddress

    from portal.models import User
    from portal.services import EMAIL_TAKEN_MESSAGE

    if not (actor.distributor_id and actor.is_partner_admin and actor.is_active):
        raise PortalError(_("Only your company's administrator can invite colleagues."), code="not_admin")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise PortalError(EMAIL_TAKEN_MESSAGE, field="email", code="email_taken")
    user = User(
        email=email, full_name=full_name.strip(), position=position.strip(), distributor_id=actor.distributor_id
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    log.info("distributor %s: user %s invited user %s", actor.distributor_id, actor.pk, user.pk)
    from distributors.tasks import send_colleague_invitation

    enqueue(send_colleague_invitation, user.pk, actor.pk)
    return user


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new API token for a distributor user; returns the key, which is never shown again."""
    if user.distributor_id is None:
        raise PortalError(_("API tokens are for distributor users."))
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name.strip() or "API", prefix=key[:8], key_hash=ApiToken.hash(key))
    return token, key


def token_revoke(*, user, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise PortalError(_("No such active token."))


def reports_sweep_stuck(*, now=None) -> list[int]:
    """Beat: reports left "received" or "processing" past REPORT_STUCK_AFTER_SECONDS that no process
    holds — their worker died, or their task was lost with the broker — are queued again; each try
    counts an attempt, and after REPORT_MAX_ATTEMPTS the report fails with a message saying to
    upload it again (a failed report's file may be sent again). Returns the ids queued."""
    from datetime import timedelta

    from distributors.tasks import process_report_task

    cutoff = (now or timezone.now()) - timedelta(seconds=settings.REPORT_STUCK_AFTER_SECONDS)
    stuck = SalesReport.objects.filter(
        Q(status=ReportStatus.PROCESSING, started_at__lt=cutoff)
        | Q(status=ReportStatus.RECEIVED, created_at__lt=cutoff)
    ).values_list("pk", flat=True)
    queued = []
    for report_id in stuck:
        with held_lock("sales-report", report_id) as free:
            if not free:
                continue  # a worker is on it
        process_report_task.delay(report_id)
        queued.append(report_id)
    return queued
