"""The one application error type: pages and the API turn it into a message the user can act on."""


class PortalError(Exception):
    """A business rule refused the request. `message` is translated and shown as is; `field` names
    the form field it belongs to, when there is one."""

    def __init__(self, message, *, field=None, code=None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code
