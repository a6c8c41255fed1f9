from rest_framework import serializers

from rebates.models import Enrollment, Program, Tier


class GroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="__str__")
    rates = serializers.SerializerMethodField(help_text="RUB per unit by plan (units) as decimal strings")

    def get_rates(self, group) -> dict[str, str]:
        return {str(rate.tier.units): str(rate.amount) for rate in group.rates.all()}


class ProgramSerializer(serializers.ModelSerializer):
    quarter = serializers.CharField(source="quarter.code")
    name = serializers.CharField(source="__str__")
    tiers = serializers.SerializerMethodField()
    groups = GroupSerializer(many=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "quarter",
            "kind",
            "name",
            "accept_deadline",
            "tier_policy",
            "requires_confirmation",
            "tiers",
            "groups",
        ]

    def get_tiers(self, program) -> list[int]:
        return [tier.units for tier in program.tiers.all()]


class EnrollmentSerializer(serializers.ModelSerializer):
    program = serializers.PrimaryKeyRelatedField(read_only=True)
    quarter = serializers.CharField(source="program.quarter.code", read_only=True)
    plan = serializers.IntegerField(source="tier.units", read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "program", "quarter", "plan", "status", "accepted_at", "changed_at", "confirmed_at"]
        read_only_fields = fields


class EnrollmentInputSerializer(serializers.Serializer):
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all())
    plan = serializers.IntegerField(min_value=1, help_text="The plan's units, e.g. 150")

    def validate(self, data):
        tier = Tier.objects.filter(program=data["program"], units=data["plan"]).first()
        if tier is None:
            plans = ", ".join(str(t.units) for t in data["program"].tiers.all())
            raise serializers.ValidationError({"plan": [f"This program's plans are: {plans}."]})
        data["tier"] = tier
        return data


class PayoutLineSerializer(serializers.Serializer):
    run = serializers.IntegerField(source="run_id")
    quarter = serializers.CharField(source="run.quarter.code")
    run_status = serializers.CharField(source="run.status")
    preview = serializers.BooleanField(
        source="run.is_preview", help_text="computed before the quarter closed: may change"
    )
    partner_ref = serializers.CharField()
    distributor = serializers.CharField(source="distributor.code")
    program = serializers.CharField(source="program.kind")
    group = serializers.CharField(source="group_code")
    units = serializers.IntegerField()
    tier_units = serializers.IntegerField(allow_null=True)
    rate = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    adjustment = serializers.DecimalField(max_digits=16, decimal_places=2)
    reason = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_display", help_text="the reason in the caller's language")


class ProgressSerializer(serializers.Serializer):
    program = serializers.CharField(source="enrollment.program.kind")
    status = serializers.CharField(source="enrollment.status")
    plan = serializers.IntegerField()
    counted_units = serializers.IntegerField(source="counted")
    missing_units = serializers.IntegerField(source="missing")
    expected_rebate = serializers.DecimalField(source="expected", max_digits=16, decimal_places=2)
    units_not_authorized = serializers.IntegerField(source="not_authorized")
    units_waiting_for_trainings = serializers.IntegerField(source="gated")
