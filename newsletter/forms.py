"""The preferences form: per topic, a checkbox and how often."""

from django import forms
from django.utils.translation import gettext_lazy as _

from newsletter.models import Frequency, Topic


class PreferencesForm(forms.Form):
    def __init__(self, *args, subscriptions=None, **kwargs):
        self.subscriptions = subscriptions = subscriptions or {}
        initial = {}
        for topic, found in subscriptions.items():
            initial[topic], initial[f"{topic}_frequency"] = True, found.frequency
        super().__init__(*args, initial=initial, **kwargs)
        for topic in Topic:
            self.fields[topic.value] = forms.BooleanField(label=topic.label, required=False)
            self.fields[f"{topic.value}_frequency"] = forms.ChoiceField(
                label=_("How often"), choices=Frequency.choices, initial=Frequency.AS_PUBLISHED, required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )  # fmt: skip
            self.fields[topic.value].widget.attrs["class"] = "form-check-input"

    def rows(self):
        """(topic, checkbox, frequency, subscription or None) for the template."""
        return [
            (topic, self[topic.value], self[f"{topic.value}_frequency"], self.subscriptions.get(topic.value))
            for topic in Topic
        ]

    def choices(self) -> dict[str, str | None]:
        data = self.cleaned_data
        return {
            t.value: (data[f"{t.value}_frequency"] or Frequency.AS_PUBLISHED) if data[t.value] else None for t in Topic
        }
