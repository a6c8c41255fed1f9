from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.imports import import_products
from toolkit.errors import PortalError


class Command(BaseCommand):
    help = "Import the product catalog from xlsx/csv (sku, model, line, series, form_factor, diagonal). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = import_products(path.read_bytes(), path.name)
        except PortalError as error:
            raise CommandError(str(error.message)) from error
        for number, reason in result.errors:
            self.stderr.write(f"row {number}: {reason}")
        self.stdout.write(
            f"{result.rows} rows: {result.created} new, {result.updated} updated, {result.unchanged} unchanged, "
            f"{len(result.errors)} rejected"
        )
        if result.errors:
            raise SystemExit(1)
