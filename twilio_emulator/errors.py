"""Twilio's legacy error body `{code, message, more_info, status}` as an exception the HTTP layer renders."""

from __future__ import annotations


class TwilioError(Exception):
    """A Twilio API error: `status` is the HTTP status, `code` the Twilio error code."""

    def __init__(self, status: int, code: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }


def not_found(resource_path: str) -> TwilioError:
    """20404 with Twilio's message template; product APIs name the path without the version prefix."""
    return TwilioError(404, 20404, f"The requested resource {resource_path} was not found")


def invalid_parameter(name: str, rule: str) -> TwilioError:
    return TwilioError(400, 20001, f"Invalid parameter {name}: {rule}")


def missing_parameter(name: str) -> TwilioError:
    return TwilioError(400, 20001, f"Missing required parameter {name} in the post body")


def authentication_error(message: str = "Authenticate") -> TwilioError:
    return TwilioError(401, 20003, message, headers={"WWW-Authenticate": 'Basic realm="Twilio API"'})
