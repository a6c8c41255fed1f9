from rest_framework import serializers

from distributors.models import RowError, SalesLine, SalesReport
from distributors.validation import text


class ReportSerializer(serializers.ModelSerializer):
    distributor = serializers.CharField(source="distributor.code", read_only=True)
    replaces = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SalesReport
        fields = [
            "id",
            "distributor",
            "original_name",
            "status",
            "replaces",
            "created_at",
            "finished_at",
            "rows_total",
            "rows_stored",
            "rows_rejected",
            "units",
            "partners_found",
            "unmatched_rows",
            "unknown_sku_rows",
            "error_message",
        ]
        read_only_fields = fields


class ReportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    replaces = serializers.IntegerField(required=False, help_text="id of your processed report that this file corrects")


class UploadRefusalSerializer(serializers.Serializer):
    """A refused upload (for the schema): the message is under the field it concerns ("file",
    "replaces") or under "detail"; programs read `code` and, when the refusal names a report,
    `report_id`."""

    code = serializers.CharField(
        required=False,
        help_text="duplicate_report, idempotency_key_reused, invalid_idempotency_key, too_large, file_type",
    )
    report_id = serializers.IntegerField(
        required=False,
        help_text="duplicate_report: the report with these bytes; idempotency_key_reused: the report made with the key",
    )


class RowErrorSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(read_only=True, help_text="Why the row was rejected, in the request's language")
    code = serializers.CharField(
        read_only=True,
        help_text="The reason for programs: a stable code such as date_format, quantity_zero or already_stored "
        "(empty for rows rejected before codes existed)",
    )
    values = serializers.SerializerMethodField(help_text="The row's cells as text, in the file's order")

    class Meta:
        model = RowError
        fields = ["row_number", "reason", "code", "values"]

    def get_values(self, error) -> list[str]:
        return [text(value) for value in error.values]


class SalesLineSerializer(serializers.ModelSerializer):
    distributor = serializers.CharField(source="distributor.code")
    quarter = serializers.CharField(source="quarter.code")

    class Meta:
        model = SalesLine
        fields = [
            "id",
            "distributor",
            "invoice_number",
            "invoice_date",
            "quarter",
            "partner_ref",
            "sku",
            "quantity",
            "model",
            "unit_price",
            "report",
        ]
