from rest_framework import serializers

from portal.models import Partner, User


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["dell_id", "legal_name", "inn", "city", "segment"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    partner = PartnerSerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["email", "full_name", "is_partner_admin", "partner"]
        read_only_fields = fields
