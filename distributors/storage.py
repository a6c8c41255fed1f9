"""Storing validated sales records: a staging table loaded in bulk (COPY on PostgreSQL), then one
INSERT … SELECT in row order that resolves partners and products; ON CONFLICT DO NOTHING skips a key
already stored — by an earlier report, or by an earlier row of the same file, so the first
occurrence wins. Runs inside the caller's transaction."""

import csv
import io

from django.db import connection

STAGING = "staging_sales_lines"
COLUMNS = (
    "row_number", "invoice_number", "invoice_date", "quarter_id", "partner_ref", "partner_id", "sku", "product_id",
    "quantity", "model", "unit_price",
)  # fmt: skip
CHUNK = 20_000


class Staging:
    """Collects records and loads them into a temporary table in chunks, so memory stays flat."""

    def __init__(self, *, partners: dict[str, int], products: dict[str, int]):
        """`partners` maps a Dell ID as text to the partner's id, `products` a SKU to the product's id."""
        self.partners, self.products = partners, products
        self.postgres = connection.vendor == "postgresql"
        self.buffer: list = []
        self.count = 0
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGING} (row_number integer, invoice_number varchar(60), invoice_date date, "
                "quarter_id bigint, partner_ref varchar(40), partner_id bigint, sku varchar(40), product_id bigint, "
                "quantity integer, model varchar(200), "
                "unit_price numeric(14, 2))"
            )

    def add(self, record) -> None:
        self.buffer.append(record)
        if len(self.buffer) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        partners, products = self.partners, self.products
        rows = [
            (
                r.row_number,
                r.invoice_number,
                r.invoice_date,
                r.quarter_id,
                r.partner_ref,
                partners.get(r.partner_ref),
                r.sku,
                products.get(r.sku),
                r.quantity,
                r.model,
                r.unit_price,
            )
            for r in self.buffer
        ]
        with connection.cursor() as cursor:
            if self.postgres:
                data = io.StringIO()
                csv.writer(data).writerows(rows)  # None is written as an empty field: NULL to COPY
                data.seek(0)
                cursor.cursor.copy_expert(f"COPY {STAGING} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)", data)
            else:
                placeholders = ", ".join(["%s"] * len(COLUMNS))
                cursor.executemany(f"INSERT INTO {STAGING} ({', '.join(COLUMNS)}) VALUES ({placeholders})", rows)
        self.count += len(self.buffer)
        self.buffer = []

    def drop(self) -> None:
        """After success; on an error the rollback removes the table created in the transaction."""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def insert_lines(*, report_id: int, distributor_id: int) -> int:
    """Move staged records into sales lines; returns how many were stored."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO distributors_salesline (report_id, distributor_id, row_number, invoice_number, invoice_date,
                quarter_id, partner_ref, partner_id, sku, product_id, quantity, model, unit_price)
            SELECT %s, %s, s.row_number, s.invoice_number, s.invoice_date, s.quarter_id, s.partner_ref, s.partner_id,
                s.sku, s.product_id, s.quantity, COALESCE(s.model, ''), s.unit_price
            FROM {STAGING} s
            WHERE true
            ORDER BY s.row_number
            ON CONFLICT (distributor_id, invoice_number, sku, partner_ref) DO NOTHING
            """,
            [report_id, distributor_id],
        )
        return cursor.rowcount


def skipped_duplicates(*, report_id: int, distributor_id: int) -> list[tuple]:
    """Staged rows that were not stored: (row number, cells, report holding the key, first row)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.row_number, s.invoice_number, s.invoice_date, s.partner_ref, s.sku, s.quantity, COALESCE(s.model, ''), s.unit_price,
                   existing.report_id, existing.row_number
            FROM {STAGING} s
            JOIN distributors_salesline existing
              ON existing.distributor_id = %s AND existing.invoice_number = s.invoice_number
             AND existing.sku = s.sku AND existing.partner_ref = s.partner_ref
            WHERE NOT (existing.report_id = %s AND existing.row_number = s.row_number)
            ORDER BY s.row_number
            """,
            [distributor_id, report_id],
        )
        return cursor.fetchall()
