from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Courses, completions and training gates (issue 3)."""

    name = "training"
    verbose_name = _("Trainings")
