"""What this stack's last update exported, for the program to read before it declares anything.

Some of Twilio's rules depend on whether an object already exists: since 2026-06-30 a *new* A2P campaign needs its
privacy and terms URLs, while a campaign registered earlier keeps working without them. A provider's ``check()``
knows that for its own resource only once the engine registers it, which under ``pulumi up --skip-preview`` happens
after the resources it depends on (the service, the numbers, the brand) were already created. The program knows it
earlier by reading the stack's own last outputs through a ``StackReference`` to itself; a stack that has never been
updated has none.

The reference is declared only when it is needed, so stacks whose configuration does not depend on it keep their
state exactly as before.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.runtime.sync_await import _sync_await


def previous_output(name: str) -> Any:
    """The stack output ``name`` as this stack's last update exported it, or None (a new stack, an output that was
    not set). Blocks until the reference is read, which Pulumi does in previews too. It declares the reference, so
    a program calls it once."""
    this_stack = pulumi.StackReference(f"{pulumi.get_organization()}/{pulumi.get_project()}/{pulumi.get_stack()}")
    details = _sync_await(this_stack.get_output_details(name))
    return details.value if details.value is not None else details.secret_value
