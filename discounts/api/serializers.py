from rest_framework import serializers


class LevelSerializer(serializers.Serializer):
    min_revenue = serializers.DecimalField(max_digits=16, decimal_places=2)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)


class QuarterRevenueSerializer(serializers.Serializer):
    code = serializers.CharField()
    revenue = serializers.DecimalField(max_digits=20, decimal_places=2)
    estimated = serializers.DecimalField(max_digits=20, decimal_places=2)


class ToolSerializer(serializers.Serializer):
    """The web tool's numbers: the current quarter so far and what it would earn if it closed today."""

    quarter = serializers.CharField(source="quarter.code")
    terms_are_example = serializers.BooleanField(source="terms.is_example")
    revenue = serializers.DecimalField(source="figures.revenue", max_digits=20, decimal_places=2)
    estimated = serializers.DecimalField(source="figures.estimated", max_digits=20, decimal_places=2)
    standard_percent = serializers.DecimalField(source="discount.standard_percent", max_digits=5, decimal_places=2)
    next_level = LevelSerializer(source="discount.next_level", allow_null=True)
    revenue_missing = serializers.DecimalField(
        source="discount.revenue_missing", max_digits=20, decimal_places=2, allow_null=True
    )
    year_ago_revenue = serializers.DecimalField(source="figures.year_ago_revenue", max_digits=20, decimal_places=2)
    growth_target = serializers.DecimalField(
        source="discount.growth_target", max_digits=20, decimal_places=2, allow_null=True
    )
    growth_met = serializers.BooleanField(source="discount.growth_met")
    growth_missing = serializers.DecimalField(
        source="discount.growth_missing", max_digits=20, decimal_places=2, allow_null=True
    )
    growth_percent = serializers.DecimalField(source="discount.growth_percent", max_digits=5, decimal_places=2)
    hardware_invoices = serializers.IntegerField(source="figures.hardware_invoices")
    attached_invoices = serializers.IntegerField(source="figures.attached_invoices")
    attach_share = serializers.DecimalField(
        source="discount.attach_share", max_digits=5, decimal_places=2, allow_null=True
    )
    attach_invoices_missing = serializers.IntegerField(source="discount.attach_invoices_missing", allow_null=True)
    attach_percent = serializers.DecimalField(source="discount.attach_percent", max_digits=5, decimal_places=2)
    eligible = serializers.BooleanField(source="discount.eligible")
    ineligible = serializers.CharField()
    total_percent = serializers.DecimalField(source="discount.total_percent", max_digits=5, decimal_places=2)
    history = QuarterRevenueSerializer(many=True)


class DistributorDiscountSerializer(serializers.Serializer):
    dell_id = serializers.IntegerField(source="partner.dell_id")
    partner = serializers.CharField(source="partner.legal_name")
    inn = serializers.CharField(source="partner.inn")
    applies_to = serializers.CharField(source="run.applies_to.code")
    total_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    standard_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    growth_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    attach_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
