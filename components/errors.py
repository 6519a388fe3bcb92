"""The errors flex-a2p raises on purpose. Their messages are written for the user and are shown as they are.

- :class:`TwilioApiError`: Twilio refused a call (or could not be reached); carries Twilio's code and status.
- :class:`InputError`: flex-a2p itself refuses an input before or instead of calling Twilio (a value Twilio would
  reject, an adopted object that does not match, a change that needs ``--replace``). Never dressed as a Twilio
  error: its ``code`` is the Twilio code the input *would* get, when there is one, and says so.
- :class:`TwilioConfigError`: stack configuration (credentials, ``twilio:*`` settings) is missing or malformed.
- :class:`NotCompliant`: Twilio's evaluation of a Trust Hub bundle failed; it names each failing requirement.

In the dynamic-provider plugin they reach the engine as :class:`EngineReport` (``components/provider_base.py``): one
line, no traceback.
"""

from __future__ import annotations

from twilio_contract import ErrorCode


class FlexA2PError(Exception):
    """Root of flex-a2p's own errors."""


class TwilioApiError(FlexA2PError):
    """A Twilio call failed. The message names what was being done, Twilio's code and HTTP status."""

    def __init__(self, message: str, *, code: int | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code = ErrorCode(code) if code in ErrorCode._value2member_map_ else code
        self.status = status


class InputError(FlexA2PError, ValueError):
    """flex-a2p refuses an input; ``field`` names it (a resource input name)."""

    def __init__(self, field: str, message: str, *, would_be: int | None = None) -> None:
        if would_be is not None and str(int(would_be)) not in message:
            message += f" (Twilio would refuse it with error {int(would_be)})"
        super().__init__(f"{field}: {message}")
        self.field = field
        self.would_be = would_be  # the Twilio error code the input would get, if any


class ReplacementRequired(InputError):
    """A change Twilio cannot make in place and that flex-a2p does not replace on its own (fees, review)."""


class NotCompliant(FlexA2PError):
    """Twilio evaluated a Trust Hub bundle as noncompliant with its policy. ``failures`` are (stack-config key,
    Twilio's reason, Twilio's code) for each failing requirement, so the message can name every one at once."""

    def __init__(self, message: str, failures: list[tuple[str, str, int | None]]) -> None:
        super().__init__(message)
        self.failures = failures


class TwilioConfigError(FlexA2PError, ValueError):
    """Stack configuration for Twilio (``twilio:*`` keys or ``TWILIO_*`` variables) is missing or malformed; the
    message names the key."""


class EngineReport(Exception):
    """What a provider error becomes on its way to the engine, in the plugin process only.

    The dynamic-provider servicer answers every exception with ``traceback.format_exc()``. With
    ``sys.tracebacklimit = 0`` (set in the plugin) that is just ``<class name>: <message>``, and this class is named
    ``flex-a2p`` in ``builtins`` so the line reads ``flex-a2p: <message>``. Unexpected errors carry their full
    traceback in the message (they are bugs, and the traceback is what a report needs).
    """


EngineReport.__name__ = EngineReport.__qualname__ = "flex-a2p"
EngineReport.__module__ = "builtins"
