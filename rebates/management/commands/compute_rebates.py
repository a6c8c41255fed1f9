from django.core.management.base import BaseCommand, CommandError

from portal.errors import PortalError
from rebates.models import FiscalQuarter
from rebates.payouts import payout_run_compute, payout_run_start


class Command(BaseCommand):
    help = "Compute one payout run for a fiscal quarter (e.g. --quarter 2016-Q1) and print its totals."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="fiscal quarter code, e.g. 2016-Q1")

    def handle(self, *args, quarter, **options):
        found = FiscalQuarter.objects.filter(code=quarter).first()
        if found is None:
            raise CommandError(f"No fiscal quarter {quarter!r} (codes look like 2016-Q1).")
        try:
            run = payout_run_start(quarter=found, source="command")
        except PortalError as error:
            raise CommandError(str(error.message)) from error
        run = payout_run_compute(run.pk)
        self.stdout.write(
            f"run #{run.pk} {found.code}: {run.get_status_display()}, {run.lines_count} lines, total {run.total_amount} RUB"
        )
        for line in run.lines.values("program__kind", "reason").order_by("program__kind", "reason").distinct():
            subset = run.lines.filter(program__kind=line["program__kind"], reason=line["reason"])
            amount = sum(subset.values_list("amount", flat=True))
            self.stdout.write(
                f"  {line['program__kind']:<11} {line['reason']:<28} {subset.count():>6} lines {amount:>14} RUB"
            )
