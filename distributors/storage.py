"""Storing validated sales records in bulk (COPY on PostgreSQL, executemany elsewhere), inside the
caller's transaction. Duplicates inside a file are dropped before they get here (first occurrence
wins), so two ways remain:

- `DirectLines` writes straight into the sales lines: the usual case, as fast as a plain COPY. A
  line key already stored by an earlier report makes the unique index refuse the batch
  (IntegrityError); the caller then rolls back to its savepoint and takes the other way.
- `StagedLines` loads a temporary table, then one INSERT … SELECT with ON CONFLICT DO NOTHING keeps
  what is new, and `skipped_keys()` names the report that already holds each skipped row."""

import csv
import io
import itertools

from django.db import DatabaseError, connection

STAGING = "staging_sales_lines"
RECORD_COLUMNS = (
    "row_number", "invoice_number", "invoice_date", "quarter_id", "partner_ref", "partner_id", "sku", "product_id",
    "quantity", "model", "unit_price",
)  # fmt: skip
CHUNK = 20_000


class _RowStream(io.TextIOBase):
    """A file-like object that formats rows as CSV only when PostgreSQL's COPY asks for more, so
    the server inserts one part while Python reads and validates the next.

    psycopg2 replaces an exception raised in read() by "COPY from stdin failed" (QueryCanceled), so
    a refused file or a bug would look like a database error: read() keeps the exception in
    `failure` for the caller to raise instead."""

    def __init__(self, rows):
        self.rows = iter(rows)
        self.failure: BaseException | None = None

    def readable(self):
        return True

    def read(self, size=-1):
        out = io.StringIO()
        writer = csv.writer(out)
        target = size if size and size > 0 else 1 << 20
        try:
            while out.tell() < target:
                batch = list(itertools.islice(self.rows, 500))
                if not batch:
                    break
                writer.writerows(batch)
        except BaseException as error:
            self.failure = error
            raise
        return out.getvalue()


class _BulkWriter:
    table = ""
    columns: tuple = ()
    streams = False

    def __init__(self, *, partners: dict[str, int], products: dict[str, int]):
        """`partners` maps a Dell ID as text to the partner's id, `products` a SKU to the product's id."""
        self.partners, self.products = partners, products
        self.postgres = connection.vendor == "postgresql"
        self.buffer: list = []
        self.count = 0

    def prefix(self) -> tuple:
        return ()

    def add(self, record) -> None:
        self.buffer.append(record)
        if len(self.buffer) >= CHUNK:
            self.flush()

    def _row(self, r, prefix):
        return (*prefix, r.row_number, r.invoice_number, r.invoice_date, r.quarter_id, r.partner_ref,
                self.partners.get(r.partner_ref), r.sku, self.products.get(r.sku), r.quantity, r.model, r.unit_price)  # fmt: skip

    def store(self, records) -> int:
        """Write all records; returns how many lines were stored."""
        for record in records:
            self.add(record)
        return self.finish()

    def flush(self) -> None:
        if not self.buffer:
            return
        partners, products, prefix = self.partners, self.products, self.prefix()
        rows = [
            (*prefix, r.row_number, r.invoice_number, r.invoice_date, r.quarter_id, r.partner_ref, partners.get(r.partner_ref),
             r.sku, products.get(r.sku), r.quantity, r.model, r.unit_price)
            for r in self.buffer
        ]  # fmt: skip
        names = ", ".join(self.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                data = io.StringIO()
                csv.writer(data).writerows(rows)  # None becomes an empty field: NULL to COPY
                data.seek(0)
                with connection.wrap_database_errors:  # psycopg's errors as Django's (IntegrityError)
                    cursor.cursor.copy_expert(
                        f"COPY {self.table} ({names}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (model))", data
                    )
            else:
                cursor.executemany(
                    f"INSERT INTO {self.table} ({names}) VALUES ({', '.join(['%s'] * len(self.columns))})", rows
                )
        self.count += len(self.buffer)
        self.buffer = []


class DirectLines(_BulkWriter):
    table = "distributors_salesline"
    columns = ("report_id", "distributor_id", *RECORD_COLUMNS)

    def __init__(self, *, report_id: int, distributor_id: int, **kwargs):
        super().__init__(**kwargs)
        self.report_id, self.distributor_id = report_id, distributor_id
        self.streams = self.postgres

    def store(self, records) -> int:
        if not self.postgres:
            return super().store(records)
        prefix = self.prefix()
        counted = [0]

        def rows():
            for record in records:
                counted[0] += 1
                yield self._row(record, prefix)

        sql = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (model))"
        stream = _RowStream(rows())
        try:
            with connection.cursor() as cursor, connection.wrap_database_errors:
                cursor.cursor.copy_expert(sql, stream, size=1 << 20)
        except DatabaseError:
            if stream.failure is not None:  # the COPY was cancelled because reading the rows failed
                raise stream.failure from None
            raise
        return counted[0]

    def prefix(self) -> tuple:
        return (self.report_id, self.distributor_id)

    def finish(self) -> int:
        self.flush()
        return self.count


class StagedLines(_BulkWriter):
    table = STAGING
    columns = RECORD_COLUMNS

    def __init__(self, *, report_id: int, distributor_id: int, **kwargs):
        super().__init__(**kwargs)
        self.report_id, self.distributor_id = report_id, distributor_id
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGING} (row_number integer, invoice_number varchar(60), invoice_date date, "
                "quarter_id bigint, partner_ref varchar(40), partner_id bigint, sku varchar(40), product_id bigint, "
                "quantity integer, model varchar(200), unit_price numeric(14, 2))"
            )

    def finish(self) -> int:
        """Move the staged records into sales lines, skipping keys already stored; returns how many were stored."""
        self.flush()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO distributors_salesline (report_id, distributor_id, {", ".join(RECORD_COLUMNS)})
                SELECT %s, %s, {", ".join("s." + c for c in RECORD_COLUMNS)}
                FROM {STAGING} s WHERE true ORDER BY s.row_number
                ON CONFLICT (distributor_id, invoice_number, sku, partner_ref) DO NOTHING
                """,
                [self.report_id, self.distributor_id],
            )
            return cursor.rowcount

    def skipped_keys(self) -> list[tuple]:
        """Staged rows not stored: (row number, cells…, the report that holds the key)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT s.row_number, s.invoice_number, s.invoice_date, s.partner_ref, s.sku, s.quantity, s.model,
                       s.unit_price, existing.report_id
                FROM {STAGING} s
                JOIN distributors_salesline existing
                  ON existing.distributor_id = %s AND existing.invoice_number = s.invoice_number
                 AND existing.sku = s.sku AND existing.partner_ref = s.partner_ref
                WHERE existing.report_id <> %s
                ORDER BY s.row_number
                """,
                [self.distributor_id, self.report_id],
            )
            rows = cursor.fetchall()
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            return rows
