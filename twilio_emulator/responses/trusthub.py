"""Trust Hub v1 as trusthub.twilio.com serves it: bundles (CustomerProfiles and TrustProducts share one shape), their
entity assignments and evaluations, end users, supporting documents and policies
(https://www.twilio.com/docs/trust-hub/trusthub-rest-api)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response
from twilio_contract.trusthub import POLICIES, Policy

from ..exceptions import NotFound
from ..models.trusthub import BUNDLE_STATUSES
from ..params import PAGING, Param, enum, sid
from .core import Ctx, Operation, collection, no_content, page_v1, twilio_json, v1_dates

CREATE_BUNDLE = (Param("FriendlyName", required=True), Param("Email", required=True),
                 sid("PolicySid", "RN", required=True), Param("StatusCallback", "uri"))
UPDATE_BUNDLE = (enum("Status", *BUNDLE_STATUSES), Param("StatusCallback", "uri"), Param("FriendlyName"),
                 Param("Email"))
BUNDLE_FILTERS = (enum("Status", *BUNDLE_STATUSES), Param("FriendlyName"), sid("PolicySid", "RN"))
CREATE_ITEM = (Param("FriendlyName", required=True), Param("Type", required=True), Param("Attributes", "object"))
UPDATE_ITEM = (Param("FriendlyName"), Param("Attributes", "object"))
CREATE_ASSIGNMENT = (Param("ObjectSid", required=True),)
LIST_ASSIGNMENTS = (Param("ObjectType"), *PAGING)
CREATE_EVALUATION = (sid("PolicySid", "RN", required=True),)

COLLECTIONS = {"customer_profile": ("CustomerProfiles", "customer_profiles"),
               "trust_product": ("TrustProducts", "trust_products")}


def bundle(ctx: Ctx, kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc, "valid_until")
    collection_name, prefix = COLLECTIONS[kind]
    url = f"{ctx.base}/v1/{collection_name}/{doc['sid']}"
    out["url"] = url
    out["links"] = {f"{prefix}_entity_assignments": url + "/EntityAssignments",
                    f"{prefix}_evaluations": url + "/Evaluations",
                    f"{prefix}_channel_endpoint_assignment": url + "/ChannelEndpointAssignments"}
    return out


def bundle_child(ctx: Ctx, kind: str, child: str, doc: dict[str, Any]) -> dict[str, Any]:
    """An entity assignment or evaluation: `url` under its bundle, `date_created` only."""
    out = v1_dates(doc)
    out["url"] = f"{ctx.base}/v1/{COLLECTIONS[kind][0]}/{doc[f'{kind}_sid']}/{child}/{doc['sid']}"
    return out


def item(ctx: Ctx, name: str, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    out["url"] = f"{ctx.base}/v1/{name}/{doc['sid']}"
    return out


def requirements(policy: Policy) -> dict[str, Any]:
    """A policy's requirement list in the shape of Twilio's `GET /v1/Policies/{Sid}` example (D49)."""
    return {
        "end_user": [{"url": f"/EndUserTypes/{r.type}", "fields": list(r.fields), "type": r.type, "name": r.name,
                      "requirement_name": r.type} for r in policy.end_users],
        "supporting_trust_products": [],
        "supporting_document": [[{
            "description": d.description, "type": "document", "name": d.name, "requirement_name": d.requirement_name,
            "accepted_documents": [{"url": f"/SupportingDocumentTypes/{type_}", "fields": list(fields),
                                    "type": type_, "name": name} for type_, name, fields in d.accepted],
        }] for d in policy.documents],
        "supporting_customer_profiles": [{"type": p.type, "name": p.name, "requirement_name": p.requirement_name}
                                         for p in policy.customer_profiles],
    }


def policy_body(ctx: Ctx, policy: Policy) -> dict[str, Any]:
    return {"sid": policy.sid, "friendly_name": policy.friendly_name, "requirements": requirements(policy),
            "url": f"{ctx.base}/v1/Policies/{policy.sid}"}


def bundle_operations(base: str, kind: str) -> tuple[Operation, ...]:
    """A bundle collection's operations, and those of its entity assignments and evaluations."""
    def render(c: Ctx, child: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        return lambda d: bundle_child(c, kind, child, d)

    def fetch(child: str, segment: str) -> Callable[[Ctx], Response]:
        return lambda c: twilio_json(render(c, segment)(c.session.fetch_child(
            kind, child, c.account_sid, c.path("bundle_sid"), c.path("sid"))))

    def assign(c: Ctx) -> Response:
        doc = c.session.create_assignment(kind, c.account_sid, c.path("bundle_sid"), c.form["object_sid"])
        return twilio_json(render(c, "EntityAssignments")(doc), 201)

    def list_assignments(c: Ctx) -> Response:
        docs = c.session.list_assignments(kind, c.account_sid, c.path("bundle_sid"), c.query.get("object_type"))
        return page_v1(c, "results", docs, render(c, "EntityAssignments"), {"ObjectType": c.query.get("object_type")})

    def unassign(c: Ctx) -> Response:
        c.session.delete_assignment(kind, c.account_sid, c.path("bundle_sid"), c.path("sid"))
        return no_content()

    def evaluate(c: Ctx) -> Response:
        doc = c.session.create_evaluation(kind, c.account_sid, c.path("bundle_sid"), c.form["policy_sid"])
        return twilio_json(render(c, "Evaluations")(doc), 201)

    def list_evaluations(c: Ctx) -> Response:
        docs = c.session.list_children(kind, "evaluation", c.account_sid, c.path("bundle_sid"))
        return page_v1(c, "results", docs, render(c, "Evaluations"))

    assignments, evaluations = base + "/{bundle_sid}/EntityAssignments", base + "/{bundle_sid}/Evaluations"
    return (
        *collection(base, base + "/{sid}", "bundle", lambda c, d: bundle(c, kind, d), key="results",
                    create_form=CREATE_BUNDLE, update_form=UPDATE_BUNDLE, filters=BUNDLE_FILTERS, scope=(kind,)),
        Operation("GET", assignments, list_assignments, query=LIST_ASSIGNMENTS),
        Operation("POST", assignments, assign, form=CREATE_ASSIGNMENT),
        Operation("GET", assignments + "/{sid}", fetch("bundle_assignment", "EntityAssignments")),
        Operation("DELETE", assignments + "/{sid}", unassign),
        Operation("GET", evaluations, list_evaluations, query=PAGING),
        Operation("POST", evaluations, evaluate, form=CREATE_EVALUATION),
        Operation("GET", evaluations + "/{sid}", fetch("evaluation", "Evaluations")),
    )


def item_operations(base: str, kind: str) -> tuple[Operation, ...]:
    """End users or supporting documents: create, list, fetch, update, delete."""
    name = base.removeprefix("/v1/")
    return collection(base, base + "/{sid}", "item", lambda c, d: item(c, name, d), key="results",
                      create_form=CREATE_ITEM, update_form=UPDATE_ITEM, scope=(kind,))


def list_policies(ctx: Ctx) -> Response:
    return page_v1(ctx, "results", list(POLICIES.values()), lambda p: policy_body(ctx, p))  # type: ignore[arg-type]


def fetch_policy(ctx: Ctx) -> Response:
    policy = POLICIES.get(ctx.path("sid"))
    if policy is None:
        raise NotFound(f"/Policies/{ctx.path('sid')}")
    return twilio_json(policy_body(ctx, policy))


HOST = "trusthub"
OPERATIONS = (*bundle_operations("/v1/CustomerProfiles", "customer_profile"),
              *bundle_operations("/v1/TrustProducts", "trust_product"),
              *item_operations("/v1/EndUsers", "end_user"),
              *item_operations("/v1/SupportingDocuments", "supporting_document"),
              Operation("GET", "/v1/Policies", list_policies, query=PAGING),
              Operation("GET", "/v1/Policies/{sid}", fetch_policy))
