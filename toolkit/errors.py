"""The one application error type: pages and the API turn it into a message the user can act on."""


class PortalError(Exception):
    """A business rule refused the request. `message` is translated and shown as is; `field` names
    the form field it belongs to, when there is one. `code` and `details` (e.g. the id of the report
    a file repeats) are for programs: the API answers them next to the message."""

    def __init__(self, message, *, field=None, code=None, details=None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code
        self.details = details or {}
