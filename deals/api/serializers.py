"""The deals API's shapes. Input is parsed here and nothing more: the services decide (deals/services.py).
A deal as the partner sees it never names another partner's deal: a conflict is a flag only."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from deals import selectors
from deals.models import MAX_QUANTITY, PARTNER_FIELDS, Deal, DealLine, PresaleHelp
from portal.models import Distributor, Region

MAX_LINES = 20  # as the form's DealLineFormSet


class DealLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(
        source="product.sku", read_only=True, allow_null=True, help_text="null when a whole line is named"
    )
    product_line = serializers.CharField(source="product_line.code", read_only=True)

    class Meta:
        model = DealLine
        fields = ["sku", "product_line", "quantity"]
        read_only_fields = fields


class DealSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="the status in the caller's language"
    )
    customer_region = serializers.CharField(
        source="customer_region.code", read_only=True, help_text="a federal district's code"
    )
    contact_phone = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, help_text="RUB, as a decimal string"
    )
    distributor = serializers.CharField(source="distributor.code", read_only=True, allow_null=True)
    presale_help = serializers.ListField(child=serializers.ChoiceField(PresaleHelp.choices), read_only=True)
    presale_assignee = serializers.CharField(source="presale_assignee.full_name", read_only=True, allow_null=True)
    lines = DealLineSerializer(many=True, read_only=True)
    conflict_flagged = serializers.SerializerMethodField(
        help_text="another registration of this customer and these products was found when the deal was submitted "
        "(the vendor decides; which one is not told)"
    )

    class Meta:
        model = Deal
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            *PARTNER_FIELDS,
            "presale_assignee",
            "lines",
            "created_at",
            "submitted_at",
            "answer_due",
            "decision_note",
            "protected_until",
            "extensions_used",
            "extension_requested_at",
            "conflict_flagged",
            "outcome_invoices",
            "lost_reason",
            "win_confirmed_at",
        ]
        read_only_fields = fields

    def get_conflict_flagged(self, deal) -> bool:
        return deal.conflict_with_id is not None


class DealLineInputSerializer(serializers.Serializer):
    item = serializers.CharField(
        max_length=100, help_text="A catalog SKU (210-AAAA) or a product line's code, name or alias"
    )
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)

    def validate(self, data):
        # A PATCH is partial, and DRF lets nested fields be missing then too; a line is whole or nothing.
        missing = {name: [field.error_messages["required"]] for name, field in self.fields.items() if name not in data}
        if missing:
            raise serializers.ValidationError(missing)
        product, line = selectors.product_and_line(data["item"])
        if line is None:
            raise serializers.ValidationError(
                {"item": [_("“%(item)s” is neither a catalog SKU nor a product line.") % {"item": data["item"]}]}
            )
        return {"product": product, "product_line": line, "quantity": data["quantity"]}


class DealInputSerializer(serializers.ModelSerializer):
    """A new deal (POST) or a change of a draft or returned deal (PATCH: only the fields sent; `lines`,
    when sent, replace the deal's lines). `submit: true` sends the deal to the account manager too."""

    customer_region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), help_text="a federal district's code, e.g. central"
    )
    contact_phone = PhoneNumberField(region="RU", required=False, allow_blank=True)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), help_text="RUB for the whole project"
    )
    distributor = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Distributor.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="the code of the distributor you will buy through; null: not decided yet",
    )
    presale_help = serializers.ListField(child=serializers.ChoiceField(PresaleHelp.choices), required=False)
    lines = DealLineInputSerializer(many=True, max_length=MAX_LINES)
    submit = serializers.BooleanField(required=False, default=False, write_only=True)

    class Meta:
        model = Deal
        fields = [*PARTNER_FIELDS, "lines", "submit"]

    def validate_close_date(self, close_date):
        if close_date < timezone.localdate():
            raise serializers.ValidationError(_("The expected close date cannot be in the past."))
        return close_date

    def validate_presale_help(self, codes):
        return list(dict.fromkeys(codes))  # as the form's checkboxes: each once, in the order given


class DealOutcomeSerializer(serializers.Serializer):
    won = serializers.BooleanField()
    invoices = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    lost_reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
