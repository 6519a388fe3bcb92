"""`pulumi-python:dynamic/twilio:MessagingService`: a Messaging Service (`/v1/Services`).

``use_inbound_webhook_on_number`` defaults to true and the default is applied in ``check()``, so policies and the
plan see it: with false the service's own webhook takes inbound messages away from Flex (see
../shared/reference/flex-inbound-routing.md). Every field updates in place; only pointing ``adopt_sid`` at a
different service replaces.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from components.provider_base import (
    Checker,
    TwilioProvider,
    as_int,
    changed,
    diff_result,
    is_unknown,
    plain,
    user_inputs,
)
from components.twilio_client import TwilioApiError, idempotent_requests

#: Every Service field, under its API name in snake_case (the create/update parameters).
SERVICE_FIELDS = (
    "friendly_name",
    "inbound_request_url",
    "inbound_method",
    "fallback_url",
    "fallback_method",
    "status_callback",
    "sticky_sender",
    "mms_converter",
    "smart_encoding",
    "scan_message_content",
    "fallback_to_long_code",
    "area_code_geomatch",
    "validity_period",
    "synchronous_validation",
    "usecase",
    "use_inbound_webhook_on_number",
)
INPUTS = (*SERVICE_FIELDS, "adopt_sid")
OUTPUTS = ("sid", "account_sid", "url", "date_created", "date_updated", "us_app_to_person_registered")

_URL_FIELDS = ("inbound_request_url", "fallback_url", "status_callback")
_BOOL_FIELDS = (
    "sticky_sender", "mms_converter", "smart_encoding", "fallback_to_long_code", "area_code_geomatch",
    "synchronous_validation", "use_inbound_webhook_on_number",
)
USECASES = ("notifications", "marketing", "verification", "discussion", "poll", "undeclared")


def _normalize(key: str, value: Any) -> Any:
    if key in _URL_FIELDS and value == "":
        return None  # "" is how a URL is cleared; Twilio then reports null
    if key in ("inbound_method", "fallback_method") and isinstance(value, str):
        return value.upper()
    return as_int(value)


class MessagingServiceProvider(TwilioProvider):
    kind = "Messaging Service"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = dict(news)
        if inputs.get("use_inbound_webhook_on_number") is None:
            inputs["use_inbound_webhook_on_number"] = True
        for key in ("inbound_method", "fallback_method"):
            if isinstance(inputs.get(key), str) and not is_unknown(inputs[key]):
                inputs[key] = inputs[key].upper()
        if isinstance(inputs.get("validity_period"), float):
            inputs["validity_period"] = as_int(inputs["validity_period"])

        c = Checker(inputs)
        c.unknown_keys(INPUTS)
        if inputs.get("adopt_sid") is None:
            c.required("friendly_name")
        c.string("friendly_name", max_len=64)
        for key in _URL_FIELDS:
            c.url(key)
        for key in ("inbound_method", "fallback_method"):
            c.enum(key, ("GET", "POST"))
        for key in _BOOL_FIELDS:
            c.boolean(key)
        c.enum("scan_message_content", ("inherit", "enable", "disable"))
        c.integer("validity_period", 1, 36000)
        c.enum("usecase", USECASES)
        c.sid("adopt_sid", "MG", "a Messaging Service")
        return CheckResult(inputs, c.failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changes = changed(olds, news, SERVICE_FIELDS, _normalize)
        adopt = news.get("adopt_sid")
        replaces = ["adopt_sid"] if adopt is not None and (is_unknown(adopt) or adopt != id_) else []
        return diff_result(changes, replaces)

    # -- CRUD ----------------------------------------------------------------------------------------------------
    def _outputs(self, service: Any, inputs: dict[str, Any]) -> dict[str, Any]:
        outs = {key: plain(getattr(service, key, None)) if key in SERVICE_FIELDS else value
                for key, value in inputs.items()}
        outs.update({key: plain(getattr(service, key, None)) for key in OUTPUTS})
        return outs

    def _params(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {key: as_int(inputs[key]) for key in SERVICE_FIELDS if key in inputs}

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = user_inputs(props, INPUTS)
        params = self._params(inputs)
        services = self.client.messaging.v1.services
        if "adopt_sid" in inputs:
            sid = inputs["adopt_sid"]
            if self.fetch_or_none(f"fetch Messaging Service {sid} to adopt", services(sid).fetch) is None:
                raise TwilioApiError(
                    f"adopt_sid: Messaging Service {sid} does not exist in account "
                    f"{self._creds.account_sid if self._creds else '?'}", code=20404, status=404
                )
            with idempotent_requests():
                service = self.call(
                    f"update adopted Messaging Service {sid}", lambda: services(sid).update(**params)
                )
            return CreateResult(service.sid, self._outputs(service, inputs))

        name = params["friendly_name"]
        action = f"create Messaging Service {name!r}"
        before = {s.sid for s in self.call("list Messaging Services", lambda: services.list(page_size=1000))}
        service = self.create_once(
            action,
            lambda: services.create(**params),
            lambda: [s for s in services.list(page_size=1000) if s.sid not in before and s.friendly_name == name],
            lambda s: f"Messaging Service {s.sid}",
        )
        return CreateResult(service.sid, self._outputs(service, inputs))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        service = self.fetch_or_none(f"read Messaging Service {id_}", self.client.messaging.v1.services(id_).fetch)
        if service is None:
            return ReadResult("", {})
        inputs = user_inputs(props, INPUTS)
        outs = self._outputs(service, inputs)
        return ReadResult(service.sid, outs, inputs={k: outs[k] for k in inputs if outs.get(k) is not None})

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = user_inputs(news, INPUTS)
        params = self._params(inputs)
        with idempotent_requests():
            service = self.call(
                f"update Messaging Service {id_}", lambda: self.client.messaging.v1.services(id_).update(**params)
            )
        return UpdateResult(self._outputs(service, inputs))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.delete_if_present(f"delete Messaging Service {id_}", self.client.messaging.v1.services(id_).delete)


class MessagingService(pulumi.dynamic.Resource, module="twilio", name="MessagingService"):
    """A Twilio Messaging Service that, by default, defers inbound messages to each number's own webhook."""

    sid: pulumi.Output[str]
    account_sid: pulumi.Output[str]
    url: pulumi.Output[str]
    date_created: pulumi.Output[str]
    date_updated: pulumi.Output[str]
    us_app_to_person_registered: pulumi.Output[bool]
    friendly_name: pulumi.Output[str]
    use_inbound_webhook_on_number: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        friendly_name: pulumi.Input[str] | None = None,
        *,
        inbound_request_url: pulumi.Input[str] | None = None,
        inbound_method: pulumi.Input[str] | None = None,
        fallback_url: pulumi.Input[str] | None = None,
        fallback_method: pulumi.Input[str] | None = None,
        status_callback: pulumi.Input[str] | None = None,
        sticky_sender: pulumi.Input[bool] | None = None,
        mms_converter: pulumi.Input[bool] | None = None,
        smart_encoding: pulumi.Input[bool] | None = None,
        scan_message_content: pulumi.Input[str] | None = None,
        fallback_to_long_code: pulumi.Input[bool] | None = None,
        area_code_geomatch: pulumi.Input[bool] | None = None,
        validity_period: pulumi.Input[int] | None = None,
        synchronous_validation: pulumi.Input[bool] | None = None,
        usecase: pulumi.Input[str] | None = None,
        use_inbound_webhook_on_number: pulumi.Input[bool] | None = None,
        adopt_sid: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "friendly_name": friendly_name,
            "inbound_request_url": inbound_request_url,
            "inbound_method": inbound_method,
            "fallback_url": fallback_url,
            "fallback_method": fallback_method,
            "status_callback": status_callback,
            "sticky_sender": sticky_sender,
            "mms_converter": mms_converter,
            "smart_encoding": smart_encoding,
            "scan_message_content": scan_message_content,
            "fallback_to_long_code": fallback_to_long_code,
            "area_code_geomatch": area_code_geomatch,
            "validity_period": validity_period,
            "synchronous_validation": synchronous_validation,
            "usecase": usecase,
            "use_inbound_webhook_on_number": use_inbound_webhook_on_number,
            "adopt_sid": adopt_sid,
            **{key: None for key in OUTPUTS},
        }
        super().__init__(MessagingServiceProvider(), resource_name, props, opts)
