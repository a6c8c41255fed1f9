from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toolkit.errors import PortalError
from training.lms_import import import_completions


class Command(BaseCommand):
    help = "Import confirmed course completions from an LMS export (email, course_code, completed_on). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = import_completions(path.read_bytes(), path.name, actor=None)
        except PortalError as error:
            raise CommandError(str(error.message)) from error
        for number, reason in result.errors:
            self.stderr.write(f"row {number}: {reason}")
        self.stdout.write(f"{result.created} new, {result.updated} updated, {len(result.errors)} rejected")
        if result.errors:
            raise SystemExit(1)
