"""Courses and their completions by partner users. Which courses a rebate program requires is
`rebates.TrainingGate`'s business; this app knows nothing of programs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CourseKind(models.TextChoices):
    SALES = "sales", _("Sales")
    TECHNICAL = "technical", _("Technical")


class Course(models.Model):
    """A free course on the portal's training section (brochure: codes like DPWS0212WBTS)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind)
    language = models.CharField(_("language"), max_length=10, default="en")
    link = models.URLField(_("link"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return f"{self.code} — {self.title}"


class CompletionSource(models.TextChoices):
    STAFF = "staff", _("Entered by vendor staff")
    LMS = "lms", _("Imported from the LMS")
    PARTNER = "partner", _("Reported by the partner")


class CompletionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", pgettext_lazy("completion status", "Rejected")


class Completion(models.Model):
    """A partner user's completed course. Only confirmed records count towards a program's gates."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="completions"
    )
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField(_("completed on"))
    source = models.CharField(_("source"), max_length=20, choices=CompletionSource)
    status = models.CharField(_("status"), max_length=20, choices=CompletionStatus, default=CompletionStatus.PENDING)
    certificate = models.FileField(_("certificate"), upload_to="certificates/%Y/%m/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_completion_per_user_course")]

    def __str__(self):
        return f"{self.user} — {self.course.code}"
