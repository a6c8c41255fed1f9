from rest_framework.exceptions import ValidationError

from portal.errors import PortalError


def as_validation_error(error: PortalError) -> ValidationError:
    """The one application error, as the API's 400 answer: {field or "detail": [message]}."""
    return ValidationError({error.field or "detail": [str(error.message)]})
