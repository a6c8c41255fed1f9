"""The upload pipeline from the command line: store the file as a report, then process it here."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from distributors.models import Distributor, SalesReport
from distributors.services import report_process, report_receive
from portal.errors import PortalError


class Command(BaseCommand):
    help = "Import a sell-through report (xlsx/csv) for a distributor, exactly like an upload."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--distributor", required=True, help="distributor code")
        parser.add_argument("--replaces", type=int, help="id of the report this file corrects")

    def handle(self, *args, file, distributor, replaces=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        seller = Distributor.objects.filter(code=distributor).first()
        if seller is None:
            raise CommandError(f"No distributor with code {distributor!r}")
        replaced = SalesReport.objects.filter(pk=replaces).first() if replaces else None
        try:
            report = report_receive(
                distributor=seller,
                upload=SimpleUploadedFile(path.name, path.read_bytes()),
                source="cli",
                replaces=replaced,
            )
        except PortalError as error:
            raise CommandError(str(error.message)) from error
        report = report_process(report.pk)
        self.stdout.write(
            f"report #{report.pk}: {report.get_status_display()}; rows {report.rows_total}, stored {report.rows_stored}, "
            f"rejected {report.rows_rejected}, net units {report.units}, partners {report.partners_found}"
            + (f"; {report.error_message}" if report.error_message else "")
        )
        if report.status != "done":
            raise SystemExit(1)
