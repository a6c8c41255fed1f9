from rest_framework.response import Response

from toolkit.errors import PortalError


def error_response(error: PortalError, *, status: int = 400) -> Response:
    """The one application error as an API answer: {field or "detail": [message]}, plus the error's
    machine-readable "code" and details when it has them, so a program need not parse the message."""
    body = {error.field or "detail": [str(error.message)]}
    if error.code:
        body["code"] = error.code
    return Response({**body, **error.details}, status=status)
