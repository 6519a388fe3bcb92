"""Whether anything the program's Twilio reads judge changed since this stack's last update.

Every ``preview`` and ``up`` used to read Twilio for the pre-flight checks (``components/preflight.py``) and the
route verification (``components/inbound_routing.py``): 17 GETs at 400 numbers, seconds at Twilio's latency, on
runs with nothing to change. Both judge the configuration, so they are skipped when the configuration, the
credentials, the program's code and the last ``refresh`` are the ones the last update ran with; the run then exports
the verdicts that update recorded. Their digest is the stack output ``configDigest``; no secret goes
into it (:func:`config_digest`).

A ``refresh`` counts because it is how Twilio's side comes in: the Messaging Service's refresh records every
number's route and when it was read (outputs ``inbound_routing``, ``inbound_routing_verified_at``), and a route
broken in the Console must be judged again, against the configuration. A ``pulumi refresh`` before the run changes
the checkpoint, so the digest; ``pulumi up --refresh`` refreshes inside the run, after the program has read the
checkpoint, so the program also compares the service's refresh time as the engine hands it back
(:func:`refreshed_in_this_run`) and verifies the routes again when it moved. The pre-flight checks are skipped in
that case: they judge the configuration, and the providers' own checks and Twilio's answers still guard each
write. The reads also run when the stack's state holds pending creates (an interrupted update: the pre-flight
recognises what those creates made), when the state cannot be read, and when the last update recorded no route
verdicts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.sync_await import _sync_await

from components.stack_state import StackState
from components.twilio_settings import ENVIRONMENT

#: the stack outputs this module reads back from the checkpoint (``StackState.outputs``)
DIGEST_OUTPUT = "configDigest"
ROUTING_OUTPUT = "inboundRouting"
VERIFIED_AT_OUTPUT = "inboundRoutingVerifiedAt"
#: the Messaging Service outputs its refresh writes (``components/messaging_service.py``)
SERVICE_ROUTING = "inbound_routing"
SERVICE_VERIFIED_AT = "inbound_routing_verified_at"
#: the credentials' secrets among the settings' environment variables
SECRET_ENV = (ENVIRONMENT["auth_token"], ENVIRONMENT["api_secret"])

#: the code whose behaviour the reads' verdicts depend on: a new release of it judges again
_PACKAGE = Path(__file__).resolve().parent.parent
CODE = ("components", "twilio_contract", "stack_config.py")


def now() -> str:
    """A verification's time: UTC, ISO 8601 to the microsecond (two refreshes in a second still differ)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def code_fingerprint(roots: Iterable[Path] | None = None) -> str:
    """A hash of the program's Python sources (modules under ``components/``, ``twilio_contract/``, the config
    schema), so upgrading flex-a2p runs the checks once even with the configuration unchanged."""
    files: list[Path] = []
    for root in roots if roots is not None else (_PACKAGE / part for part in CODE):
        files.extend(sorted(root.rglob("*.py")) if root.is_dir() else [root] if root.exists() else [])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def config_digest(raw_config: Mapping[str, Any], is_secret: Callable[[str], bool],
                  stack_file: Mapping[str, Any] | None, environ: Mapping[str, str], program: str = "",
                  refreshed: Any = None, fingerprint: str | None = None) -> str:
    """The digest of what the checks judge: the stack config, the ``TWILIO_*`` variables the settings fall back to,
    the code (``program``: the stack program's own source) and the last refresh (``refreshed``: :func:`last_refresh`).

    No secret goes in, so the digest is a plain output: a secret key counts by its ciphertext in the stack file,
    which changes whenever the value is set again and tells nothing of it (a bare hash of a nine-digit tax ID would
    be reversed by trying them all); the auth token and API secret not at all (a new token reads the same account).
    A secret set outside the stack file (an environment of the backend) is not seen changing."""
    config = {key: raw_config[key] if not is_secret(key) else {"stored": (stack_file or {}).get(key)}
              for key in sorted(raw_config)}
    judged = {
        "refreshed": refreshed,
        "config": config,
        "environment": {name: environ.get(name) for name in sorted(ENVIRONMENT.values()) if name not in SECRET_ENV},
        "program": hashlib.sha256(program.encode()).hexdigest(),
        "code": fingerprint if fingerprint is not None else code_fingerprint(),
    }
    return hashlib.sha256(json.dumps(judged, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class LastUpdate:
    """Whether the checks may be skipped, and if not, why (for the CLI's info line)."""

    unchanged: bool
    why: str


def last_refresh(state: StackState, service_type: str, service_name: str) -> str | None:
    """When a ``refresh`` last read the routes of the stack's Messaging Service (None: never)."""
    for service in state.managed(service_type, service_name):
        at = service.outputs.get(SERVICE_VERIFIED_AT)
        if isinstance(at, str) and at:
            return at
    return None  # "": written since, never refreshed


def compare(digest: str, previous: Mapping[str, Any], state: StackState, has_numbers: bool) -> LastUpdate:
    """``previous``: the stack outputs of the last update (``StackState.outputs``)."""
    if not state.readable:
        return LastUpdate(False, f"the stack's state could not be read ({state.problem})")
    if state.pending_creates:
        return LastUpdate(False, "the state lists creates an interrupted update left pending")
    last = previous.get(DIGEST_OUTPUT)
    if last is None:
        return LastUpdate(False, "no earlier update recorded its configuration")
    if last != digest:
        return LastUpdate(False, "the configuration, the credentials, flex-a2p or Twilio (a refresh) changed since "
                                 "the last update")
    if has_numbers and not isinstance(previous.get(ROUTING_OUTPUT), Mapping):
        return LastUpdate(False, "the last update recorded no route verdicts")
    return LastUpdate(True, "the configuration, the credentials and flex-a2p are as at the last update, and no "
                            "refresh has read Twilio since")


def refreshed_in_this_run(service_verified_at: pulumi.Output[Any], in_checkpoint: str | None) -> bool:
    """Whether the engine refreshed the Messaging Service's routes during this run (``up --refresh``): its
    ``inbound_routing_verified_at`` is not the checkpoint's, or not known yet (an update of the service pending). Blocks
    until the engine has registered the service, as reading the previous outputs does."""
    if not _sync_await(service_verified_at.is_known()):
        return True
    return (_sync_await(service_verified_at.future()) or None) != in_checkpoint
