"""Storing validated sales records in bulk (COPY on PostgreSQL, executemany elsewhere), inside the
caller's transaction. Duplicates inside a file are dropped before they get here (first occurrence
wins), so two ways remain:

- `DirectLines` writes straight into the sales lines: the usual case, as fast as a plain COPY. A
  line key already stored by an earlier report makes the unique index refuse the batch
  (IntegrityError); the caller then rolls back to its savepoint and takes the other way.
- `StagedLines` loads a temporary table, then one INSERT … SELECT with ON CONFLICT DO NOTHING keeps
  what is new, and `skipped_keys()` names the report that already holds each skipped row."""

from django.db import connection

from toolkit.bulk_copy import insert_rows

STAGING = "staging_sales_lines"
# A SalesRecord's fields in order, then the ids looked up: a row is prefix + record + ids.
RECORD_COLUMNS = (
    "row_number", "invoice_number", "invoice_date", "quarter_id", "partner_ref", "sku", "quantity", "model",
    "unit_price", "partner_id", "product_id",
)  # fmt: skip


class _Lines:
    table = ""
    columns: tuple = ()

    def __init__(self, *, partners: dict[str, int], products: dict[str, int]):
        """`partners` maps a Dell ID as text to the partner's id, `products` a SKU to the product's id."""
        self.partners, self.products = partners, products
        # On PostgreSQL the rows stream into COPY while the file is still being read.
        self.streams = connection.vendor == "postgresql"

    def prefix(self) -> tuple:
        return ()

    def store(self, records) -> int:
        """Write all records; returns how many rows were written."""
        prefix, partner, product = self.prefix(), self.partners.get, self.products.get
        rows = (prefix + r + (partner(r.partner_ref), product(r.sku)) for r in records)
        return insert_rows(self.table, self.columns, rows, not_null=("model",), typed=True)


class DirectLines(_Lines):
    table = "distributors_salesline"
    columns = ("report_id", "distributor_id", *RECORD_COLUMNS)

    def __init__(self, *, report_id: int, distributor_id: int, **kwargs):
        super().__init__(**kwargs)
        self.report_id, self.distributor_id = report_id, distributor_id

    def prefix(self) -> tuple:
        return (self.report_id, self.distributor_id)

    def store(self, records) -> int:
        """Write all records, tallying on the way what the report's summary shows (`totals`: units,
        distinct partners, lines without a partner, lines without a product): every record is
        stored, so nothing has to read the million lines back afterwards."""
        prefix, partner, product = self.prefix(), self.partners.get, self.products.get
        partners: set[int] = set()
        tally = {}

        def rows():
            units = unmatched = unknown_sku = 0
            for r in records:
                partner_id, product_id = partner(r.partner_ref), product(r.sku)
                yield prefix + r + (partner_id, product_id)
                # counted once COPY took the row (a value it refuses raises its own error first)
                units += r.quantity
                if partner_id is None:
                    unmatched += 1
                else:
                    partners.add(partner_id)
                if product_id is None:
                    unknown_sku += 1
            tally.update(units=units, unmatched=unmatched, unknown_sku=unknown_sku)

        stored = insert_rows(self.table, self.columns, rows(), not_null=("model",), typed=True)
        self.totals = {**tally, "partners": len(partners)}
        return stored


class StagedLines(_Lines):
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

    def store(self, records) -> int:
        """Stage the records, then move them into sales lines, skipping keys already stored; returns
        how many were stored."""
        super().store(records)
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
