"""Start the emulator as a subprocess for tests, and talk to it.

    with run_emulator(review_delay="manual") as emu:
        client = emu.client()                      # a twilio.rest.Client whose requests all go to the emulator
        emu.review(brand_sid, "approved")          # /_emulator/reviews/{sid}

The process listens on a free port (`--port 0`); `launch.start` waits for it, as for the scripts.
`compliant_bundles(client)` builds the Trust Hub bundles an A2P brand needs, the way Twilio's onboarding guide does.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from base64 import b64encode
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from twilio.http.http_client import TwilioHttpClient

from twilio_contract import host_name, split_twilio_url

from .launch import EmulatorError, start, stop_process

__all__ = ["EmulatorError", "EmulatorHttpClient", "RunningEmulator", "compliant_bundles", "run_emulator"]

STARTUP_TIMEOUT_SECONDS = 15.0


@dataclass
class RunningEmulator:
    base_url: str
    account_sid: str
    auth_token: str
    process: subprocess.Popen[str]
    state: str | None = None
    api_key: str | None = None
    api_secret: str | None = None
    output: deque[str] = field(default_factory=lambda: deque(maxlen=200))

    def client(self, username: str | None = None, password: str | None = None, account_sid: str | None = None,
               **kwargs: Any) -> Any:
        """A `twilio.rest.Client` whose requests to every Twilio host go to the emulator (`EmulatorHttpClient`,
        unless an `http_client` of that kind is given)."""
        from twilio.rest import Client

        kwargs.setdefault("http_client", EmulatorHttpClient(self.base_url))
        return Client(username or self.account_sid, password or self.auth_token,
                      account_sid or (None if username is None else self.account_sid), **kwargs)

    # ---------------------------------------------------------------------------------- control API
    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", "Basic " + b64encode(
            f"{self.account_sid}:{self.auth_token}".encode()).decode())
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise EmulatorError(f"{method} {path}: HTTP {exc.code} {exc.read().decode(errors='replace')}") from None
        return json.loads(raw) if raw else None

    def review(self, sid: str, status: str, reason: str | None = None, **extra: Any) -> dict[str, Any]:
        """Set a review outcome: `sid` is a brand (BN), a bundle (BU) or a service (MG) for its campaign."""
        return self.control("POST", f"/_emulator/reviews/{sid}", {"status": status, "reason": reason, **extra})

    def add_fault(self, **fault: Any) -> dict[str, Any]:
        return self.control("POST", "/_emulator/faults", fault)

    def clear_faults(self) -> None:
        self.control("DELETE", "/_emulator/faults")

    def requests(self) -> list[dict[str, Any]]:
        return self.control("GET", "/_emulator/requests")["requests"]

    def clear_requests(self) -> None:
        self.control("DELETE", "/_emulator/requests")

    def reset(self) -> None:
        self.control("POST", "/_emulator/reset")

    def stop(self) -> None:
        stop_process(self.process)


class EmulatorHttpClient(TwilioHttpClient):
    """The twilio client's own HTTP client, sending each `https://<host>.twilio.com/…` request to the emulator with
    `Host: <host>.twilio.com`, as a reverse proxy would: the emulator serves every host on one port and routes by
    `Host` (two hosts share paths). Links in responses come back as Twilio's https URLs and return here the same way.
    Other keywords (`request_hooks`, `timeout`, …) are `TwilioHttpClient`'s."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, params: Any = None, data: Any = None,  # type: ignore[override]
                headers: dict[str, str] | None = None, auth: Any = None, timeout: float | None = None,
                allow_redirects: bool = False) -> Any:
        parts = split_twilio_url(url)
        if parts is not None:
            host, rest = parts
            url, headers = self.base_url + rest, {**(headers or {}), "Host": host_name(host)}
        return super().request(method, url, params=params, data=data, headers=headers, auth=auth, timeout=timeout,
                               allow_redirects=allow_redirects)


@contextmanager
def run_emulator(*, state: str | os.PathLike[str] | None = None, review_delay: float | str = 0,
                 account_sid: str | None = None, auth_token: str | None = None, api_key: str | None = None,
                 api_secret: str | None = None, latency_ms: int = 0, host: str = "127.0.0.1",
                 extra_args: tuple[str, ...] = ()) -> Iterator[RunningEmulator]:
    """Run `python -m twilio_emulator --port 0` until the block exits."""
    options = ["--host", host, "--port", "0", "--review-delay", str(review_delay), "--latency-ms", str(latency_ms),
               *extra_args]
    env = dict(os.environ)
    if state is not None:
        options += ["--state", str(Path(state))]
    if account_sid is not None:
        options += ["--account-sid", account_sid]
    if auth_token is not None:
        env["TWILIO_EMULATOR_AUTH_TOKEN"] = auth_token  # not on the command line, where `ps` would show it
    if api_key is not None:
        options += ["--api-key", api_key]
        env["TWILIO_EMULATOR_API_SECRET"] = api_secret or ""
    started = start(options, env=env, timeout=STARTUP_TIMEOUT_SECONDS)
    emulator = RunningEmulator(
        base_url=started.base_url, account_sid=started.credentials.account_sid,
        auth_token=started.credentials.auth_token, process=started.process,
        state=None if state is None else str(state), api_key=api_key, api_secret=api_secret, output=started.output)
    try:
        yield emulator
    finally:
        started.stop()


#: Attributes of a customer profile that complies with the secondary customer profile policy (test data only).
BUSINESS_INFORMATION = {
    "business_name": "Acme Inc", "business_type": "Corporation", "business_industry": "TECHNOLOGY",
    "business_registration_identifier": "EIN", "business_registration_number": "12-3456789",
    "business_identity": "direct_customer", "business_regions_of_operation": "USA_AND_CANADA",
    "website_url": "https://acme.example.com",
}
REPRESENTATIVE = {"first_name": "Alex", "last_name": "Smith", "email": "alex@acme.example.com",
                  "phone_number": "+14155550199", "business_title": "Head of Support", "job_position": "Director"}


def compliant_bundles(client: Any, *, submit: bool = True) -> tuple[str, str]:
    """A secondary customer profile and an A2P trust product that pass their policies' evaluations, built through
    the client as Twilio's onboarding guide builds them, and submitted for review unless ``submit`` is false."""
    from twilio_contract.trusthub import (A2P_MESSAGING_PROFILE_POLICY, ADDRESS_DOCUMENT_TYPE,
                                          SECONDARY_CUSTOMER_PROFILE_POLICY)

    th = client.trusthub.v1
    profile = th.customer_profiles.create(friendly_name="Acme secondary profile", email="compliance@acme.example.com",
                                          policy_sid=SECONDARY_CUSTOMER_PROFILE_POLICY)
    address = client.addresses.create(customer_name="Acme Inc", street="1 Main St", city="San Francisco",
                                      region="CA", postal_code="94105", iso_country="US")
    document = th.supporting_documents.create(friendly_name="Acme address", type=ADDRESS_DOCUMENT_TYPE,
                                              attributes={"address_sids": address.sid})
    business = th.end_users.create(friendly_name="Acme business", type="customer_profile_business_information",
                                   attributes=BUSINESS_INFORMATION)
    representative = th.end_users.create(friendly_name="Acme representative", type="authorized_representative_1",
                                         attributes=REPRESENTATIVE)
    for sid in (business.sid, representative.sid, document.sid):
        th.customer_profiles(profile.sid).customer_profiles_entity_assignments.create(object_sid=sid)
    product = th.trust_products.create(friendly_name="Acme A2P profile", email="compliance@acme.example.com",
                                       policy_sid=A2P_MESSAGING_PROFILE_POLICY)
    information = th.end_users.create(friendly_name="Acme messaging profile",
                                      type="us_a2p_messaging_profile_information",
                                      attributes={"company_type": "private"})
    for sid in (information.sid, profile.sid):
        th.trust_products(product.sid).trust_products_entity_assignments.create(object_sid=sid)
    if submit:
        th.customer_profiles(profile.sid).update(status="pending-review")
        th.trust_products(product.sid).update(status="pending-review")
    return profile.sid, product.sid
