"""The partner's training gates of the current quarter: which programs and groups need which courses."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import current_quarter
from portal.api.permissions import IsPartnerUser
from rebates.training_gates import gated_items

GateStatusSerializer = inline_serializer(
    "GateStatus",
    {
        "scope": serializers.ChoiceField(["program", "group"]),
        "name": serializers.CharField(),
        "met": serializers.BooleanField(),
        "gates": inline_serializer(
            "Gate",
            {
                "name": serializers.CharField(),
                "met": serializers.BooleanField(),
                "min_courses": serializers.IntegerField(),
                "done": serializers.ListField(child=serializers.CharField()),
                "any_of": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        ),
    },
    many=True,
)


class TrainingGateStatusView(APIView):
    """Which training gates of the current quarter the caller's company meets."""

    permission_classes = [IsPartnerUser]

    @extend_schema(responses=GateStatusSerializer)
    def get(self, request):
        quarter = current_quarter()
        items = gated_items(request.user.partner, quarter) if quarter else []
        return Response(
            [
                {
                    "scope": "program" if item["is_program"] else "group",
                    "name": str(item["owner"]),
                    "met": item["met"],
                    "gates": [
                        {
                            "name": str(s.gate),
                            "met": s.met,
                            "min_courses": s.gate.min_courses,
                            "done": [c.code for c in s.done],
                            "any_of": [c.code for c in s.options],
                        }
                        for s in item["statuses"]
                    ],
                }
                for item in items
            ]
        )
