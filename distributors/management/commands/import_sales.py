"""The upload pipeline from the command line: store the file as a report, then process it here.
With a worker running, the upload also queues the report's task: whichever of the two takes the
report first processes it, and the other waits for (command) or skips (worker) the result."""

import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from distributors.models import SalesReport
from distributors.services import report_in_progress, report_process, report_receive
from portal.models import Distributor
from toolkit.errors import PortalError


class Command(BaseCommand):
    help = "Import a sell-through report (xlsx/csv) for a distributor, exactly like an upload."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--distributor", required=True, help="distributor code")
        parser.add_argument("--replaces", type=int, help="id of the report this file corrects")
        parser.add_argument(
            "--wait",
            type=int,
            default=3600,
            metavar="SECONDS",
            help="how long to wait for a worker that took the report",
        )

    def handle(self, *args, file, distributor, replaces=None, wait=3600, **options):
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
        deadline = time.monotonic() + wait
        while report_in_progress(report) and time.monotonic() < deadline:  # a worker holds it
            time.sleep(0.5)
            report.refresh_from_db()
        self.stdout.write(
            f"report #{report.pk}: {report.get_status_display()}; rows {report.rows_total}, stored {report.rows_stored}, "
            f"rejected {report.rows_rejected}, net units {report.units}, partners {report.partners_found}"
            + (f"; {report.error_message}" if report.error_message else "")
        )
        if report.status != "done" or report.rows_stored == 0:
            self.stderr.write("Nothing was stored." if report.status == "done" else f"The report is {report.status}.")
            raise SystemExit(1)
