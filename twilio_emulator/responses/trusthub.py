"""Trust Hub v1 bundles as trusthub.twilio.com serves them: CustomerProfiles and TrustProducts share one shape
(https://www.twilio.com/docs/trust-hub/trusthub-rest-api/customer-profiles)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..models.trusthub import BUNDLE_STATUSES
from ..params import PAGING, Param, enum, sid
from .core import Ctx, Operation, no_content, page_v1, twilio_json, v1_dates

CREATE_BUNDLE = (Param("FriendlyName", required=True), Param("Email", required=True),
                 sid("PolicySid", "RN", required=True), Param("StatusCallback", "uri"))
UPDATE_BUNDLE = (enum("Status", *BUNDLE_STATUSES), Param("StatusCallback", "uri"), Param("FriendlyName"),
                 Param("Email"))
LIST_BUNDLES = (enum("Status", *BUNDLE_STATUSES), Param("FriendlyName"), sid("PolicySid", "RN"), *PAGING)


def bundle(ctx: Ctx, kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc, "valid_until")
    collection = "CustomerProfiles" if kind == "customer_profile" else "TrustProducts"
    prefix = "customer_profiles" if kind == "customer_profile" else "trust_products"
    url = f"{ctx.base}/v1/{collection}/{doc['sid']}"
    out["url"] = url
    out["links"] = {f"{prefix}_entity_assignments": url + "/EntityAssignments",
                    f"{prefix}_evaluations": url + "/Evaluations",
                    f"{prefix}_channel_endpoint_assignment": url + "/ChannelEndpointAssignments"}
    return out


def bundle_operations(base: str, kind: str) -> tuple[Operation, ...]:
    """The five operations of one bundle collection; `kind` selects it in the store."""
    def list_(c: Ctx) -> Response:
        q = c.query
        docs = c.session.list_bundles(kind, c.account_sid, status=q.get("status"),
                                      friendly_name=q.get("friendly_name"), policy_sid=q.get("policy_sid"))
        filters = {"Status": q.get("status"), "FriendlyName": q.get("friendly_name"),
                   "PolicySid": q.get("policy_sid")}
        return page_v1(c, "results", docs, lambda d: bundle(c, kind, d), filters)

    def create(c: Ctx) -> Response:
        return twilio_json(bundle(c, kind, c.session.create_bundle(kind, c.account_sid, c.form)), 201)

    def fetch(c: Ctx) -> Response:
        return twilio_json(bundle(c, kind, c.session.fetch_bundle(kind, c.account_sid, c.path("sid"))))

    def update(c: Ctx) -> Response:
        return twilio_json(bundle(c, kind, c.session.update_bundle(kind, c.account_sid, c.path("sid"), c.form)))

    def delete(c: Ctx) -> Response:
        c.session.delete_bundle(kind, c.account_sid, c.path("sid"))
        return no_content()

    return (
        Operation("GET", base, list_, query=LIST_BUNDLES),
        Operation("POST", base, create, form=CREATE_BUNDLE),
        Operation("GET", base + "/{sid}", fetch),
        Operation("POST", base + "/{sid}", update, form=UPDATE_BUNDLE),
        Operation("DELETE", base + "/{sid}", delete),
    )


HOST = "trusthub"
OPERATIONS = (*bundle_operations("/v1/CustomerProfiles", "customer_profile"),
              *bundle_operations("/v1/TrustProducts", "trust_product"))
