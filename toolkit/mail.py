"""The development console mail backend, readable: Django's console backend prints the MIME message
as sent, with Cyrillic bodies base64-encoded (unreadable in a terminal). This one prints the
headers a person reads and the decoded text, so a newcomer can follow the activation link."""

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        text = message.body
        for alternative in getattr(message, "alternatives", []) or []:
            if getattr(alternative, "mimetype", "") == "text/plain":
                text = alternative.content
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            text.rstrip("\n"),
        ]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
