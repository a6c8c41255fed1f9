"""Issue 14: a row error's reason becomes a code and its parameters, written in the reader's language
when read; the sentence stored until now stays as `legacy_reason` for the rows that have one. A
report keeps its file's header row for the rejected-rows file."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("distributors", "0003_sales_line_fewer_indexes"),
    ]

    operations = [
        migrations.RenameField(model_name="rowerror", old_name="reason", new_name="legacy_reason"),
        migrations.AlterField(
            model_name="rowerror",
            name="legacy_reason",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="rowerror",
            name="code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="rowerror",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="salesreport",
            name="header",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
    ]
