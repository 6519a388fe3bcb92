"""What this stack's last update exported, for the program to read before it declares anything.

Some of Twilio's rules depend on whether an object already exists: since 2026-06-30 a *new* A2P campaign needs its
privacy and terms URLs, while a campaign registered earlier keeps working without them. A provider's ``check()``
knows that for its own resource only once the engine registers it, which under ``pulumi up --skip-preview`` happens
after the resources it depends on (the service, the numbers, the brand) were already created. The program knows it
earlier by reading the stack's own last outputs through a ``StackReference`` to itself; a stack that has never been
updated has none. The same reference tells whether the configuration changed since the last update
(``components/last_update.py``), so an update with nothing to change makes no Twilio call.

The reference is declared on the first read only, and once per run however many outputs are read.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.runtime.sync_await import _sync_await


class PreviousOutputs:
    """This stack's outputs as its last update exported them (secret ones decrypted, as the program may read them)."""

    def __init__(self) -> None:
        self._reference: pulumi.StackReference | None = None
        self._values: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """The output ``name``, or None (a new stack, an output that was not set). Blocks until the reference is
        read, which Pulumi does in previews too."""
        if name not in self._values:
            if self._reference is None:
                self._reference = pulumi.StackReference(
                    f"{pulumi.get_organization()}/{pulumi.get_project()}/{pulumi.get_stack()}")
            details = _sync_await(self._reference.get_output_details(name))
            self._values[name] = details.value if details.value is not None else details.secret_value
        return self._values[name]
