"""The PartnerAdvantage API's shapes: input parsed here, the services decide."""

from rest_framework import serializers

from advantage.models import Claim, Reward
from portal.models import Distributor


class ClaimSerializer(serializers.ModelSerializer):
    distributor = serializers.CharField(source="distributor.code", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "distributor", "invoice_number", "invoice_date", "sku", "quantity", "status",
                  "status_display", "matched_units", "points", "points_reversed", "note", "created_at"]  # fmt: skip
        read_only_fields = fields


class ClaimInputSerializer(serializers.Serializer):
    distributor = serializers.SlugRelatedField(slug_field="code", queryset=Distributor.objects.filter(is_active=True))
    invoice_number = serializers.CharField(max_length=60)
    invoice_date = serializers.DateField()
    sku = serializers.CharField(max_length=40)
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)


class BalanceSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    reserved = serializers.IntegerField(help_text="points of orders not yet shipped (already taken off the balance)")
    role = serializers.CharField()


class RewardSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    points_cost = serializers.IntegerField(allow_null=True, read_only=True, help_text="null: priced on request")
    stock = serializers.IntegerField(allow_null=True, read_only=True, help_text="null: supplied when ordered")

    class Meta:
        model = Reward
        fields = ["id", "name", "name_ru", "name_en", "points_cost", "stock"]
        read_only_fields = fields
