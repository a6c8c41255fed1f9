import getpass
import socket

from django.core.management.base import BaseCommand, CommandError

from catalog.models import FiscalQuarter
from portal.models import User
from rebates.payouts import payout_run_compute, payout_run_start
from toolkit.errors import PortalError


class Command(BaseCommand):
    help = "Compute one payout run for a fiscal quarter (e.g. --quarter 2016-Q1) and print its totals."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="fiscal quarter code, e.g. 2016-Q1")
        parser.add_argument(
            "--started-by",
            metavar="EMAIL",
            help="the portal login of the person starting the run: they then cannot approve it. Without it the "
            "run records the operating-system user and host, and a member of the Finance role approves it.",
        )

    def handle(self, *args, quarter, started_by=None, **options):
        found = FiscalQuarter.objects.filter(code=quarter).first()
        if found is None:
            raise CommandError(f"No fiscal quarter {quarter!r} (codes look like 2016-Q1).")
        actor = None
        if started_by:
            actor = User.objects.filter(email__iexact=started_by, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active login {started_by!r}.")
        try:
            run = payout_run_start(
                quarter=found, actor=actor, source="command",
                started_by_name=f"command: {getpass.getuser()}@{socket.gethostname()}",
            )  # fmt: skip
        except PortalError as error:
            raise CommandError(str(error.message)) from error
        run = payout_run_compute(run.pk)
        preview = " (preview: the quarter has not closed, the run cannot be approved)" if run.is_preview else ""
        self.stdout.write(
            f"run #{run.pk} {found.code}: {run.get_status_display()}{preview}, {run.lines_count} lines, "
            f"total {run.total_amount} RUB"
        )
        for line in run.lines.values("program__kind", "reason").order_by("program__kind", "reason").distinct():
            subset = run.lines.filter(program__kind=line["program__kind"], reason=line["reason"])
            amount = sum(subset.values_list("amount", flat=True))
            self.stdout.write(
                f"  {line['program__kind']:<11} {line['reason']:<28} {subset.count():>6} lines {amount:>14} RUB"
            )
