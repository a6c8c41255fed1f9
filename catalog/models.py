"""The fiscal calendar's quarters, the segments distributors are authorized for, product lines and
products: what every app reads."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FiscalQuarter(models.Model):
    """A Dell fiscal quarter ("2016-Q1"): programs run and sales count by these dates (inclusive)."""

    code = models.CharField(_("code"), max_length=7, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.PositiveSmallIntegerField(_("quarter"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("fiscal quarter")
        verbose_name_plural = _("fiscal quarters")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="one_quarter_per_number"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="quarter_ends_after_start"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=4), name="quarter_number_1_to_4"),
        ]

    def __str__(self):
        return f"{self.code} ({self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y})"


class Segment(models.TextChoices):
    """Distributors are authorized per segment (brochure p.10); each product line belongs to one."""

    CONSUMER = "consumer", _("Consumer")
    COMMERCIAL = "commercial", _("Commercial")
    MONITORS = "monitors", _("Monitors")


class FormFactor(models.TextChoices):
    NOTEBOOK = "notebook", _("Notebook")
    DESKTOP = "desktop", _("Desktop")
    AIO = "aio", _("All-in-one")
    TABLET = "tablet", _("Tablet")
    WORKSTATION = "workstation", _("Workstation")
    SERVER = "server", _("Server")
    STORAGE = "storage", _("Storage")
    SWITCH = "switch", _("Switch")
    MONITOR = "monitor", _("Monitor")
    SERVICE = "service", _("Service")


class ProductLine(models.Model):
    """A product line (Vostro, OptiPlex, UltraSharp …) and the segment whose distributors sell it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    segment = models.CharField(_("segment"), max_length=20, choices=Segment)
    aliases = models.CharField(
        _("other names"),
        max_length=200,
        blank=True,
        help_text=_("How catalog files may also name the line, comma-separated (monitor series: P, E, U, UltraSharp)."),
    )
    # The discount program's attach rate counts invoices that carry one of these lines' SKUs next
    # to hardware (ProSupport, ProDeploy, installation): docs/discounts.md.
    is_services = models.BooleanField(
        _("services"), default=False, help_text=_("Its products are services sold with hardware.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")

    def __str__(self):
        return self.name

    def names(self) -> list[str]:
        """Every way a catalog file may name this line: code, name and aliases."""
        return [self.code, self.name, *(alias.strip() for alias in self.aliases.split(",") if alias.strip())]


class Product(models.Model):
    """A catalog entry: what a distributor's SKU is, so that its sales can be put into a group."""

    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    model = models.CharField(_("model"), max_length=200)
    line = models.ForeignKey(ProductLine, verbose_name=_("line"), on_delete=models.PROTECT, related_name="products")
    series = models.CharField(_("series"), max_length=20, blank=True, help_text=_("e.g. 3xxx, 5xxx, T1xx, R7xx"))
    form_factor = models.CharField(_("form factor"), max_length=20, choices=FormFactor)
    diagonal = models.DecimalField(_("diagonal, inches"), max_digits=4, decimal_places=1, null=True, blank=True)
    # What a sales line reported without a unit price is worth in the discount program (an estimate).
    list_price = models.DecimalField(_("list price, RUB"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["sku"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return f"{self.sku} — {self.model}"
