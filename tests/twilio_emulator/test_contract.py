"""Contract tests: the emulator's routes, parameters, and the traffic of the real twilio client against Twilio's
OpenAPI documents (see contract.py for the three documented patches applied to the loaded documents)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException

from twilio_emulator import CAMPAIGN_SID
from twilio_emulator.models import Backend, Settings
from twilio_emulator.responses import TwilioApi
from twilio_emulator.store import Store
from twilio_emulator.testing import EmulatorHttpClient, compliant_bundles

from .conftest import A2P_TRUST_PRODUCT_POLICY, CAMPAIGN, CUSTOMER_PROFILE_POLICY
from ..flex_wiring import CHAT_SERVICE, WORKFLOW, address_of, send_to_flex_flow
from .contract import Recorder, operation_id, raw_document, violations

FIXTURES = Path(__file__).resolve().parents[2] / "twilio_emulator" / "fixtures"

#: (host, operation ID): the IDs repeat across documents (Messaging and Proxy both have FetchService).
MODELLED_OPERATIONS = {
    *(("messaging", op) for op in (
        "CreateService", "ListService", "FetchService", "UpdateService", "DeleteService", "FetchUsecase",
        "CreatePhoneNumber", "ListPhoneNumber", "FetchPhoneNumber", "DeletePhoneNumber",
        "CreateBrandRegistrations", "ListBrandRegistrations", "FetchBrandRegistrations", "UpdateBrandRegistrations",
        "CreateUsAppToPerson", "ListUsAppToPerson", "FetchUsAppToPerson", "UpdateUsAppToPerson",
        "DeleteUsAppToPerson", "FetchUsAppToPersonUsecase")),
    *(("trusthub", op) for op in (
        "CreateCustomerProfile", "ListCustomerProfile", "FetchCustomerProfile", "UpdateCustomerProfile",
        "DeleteCustomerProfile", "CreateTrustProduct", "ListTrustProduct", "FetchTrustProduct", "UpdateTrustProduct",
        "DeleteTrustProduct",
        "CreateCustomerProfileEntityAssignment", "ListCustomerProfileEntityAssignment",
        "FetchCustomerProfileEntityAssignment", "DeleteCustomerProfileEntityAssignment",
        "CreateTrustProductEntityAssignment", "ListTrustProductEntityAssignment", "FetchTrustProductEntityAssignment",
        "DeleteTrustProductEntityAssignment",
        "CreateCustomerProfileEvaluation", "ListCustomerProfileEvaluation", "FetchCustomerProfileEvaluation",
        "CreateTrustProductEvaluation", "ListTrustProductEvaluation", "FetchTrustProductEvaluation",
        "CreateEndUser", "ListEndUser", "FetchEndUser", "UpdateEndUser", "DeleteEndUser",
        "CreateSupportingDocument", "ListSupportingDocument", "FetchSupportingDocument", "UpdateSupportingDocument",
        "DeleteSupportingDocument", "ListPolicies", "FetchPolicies")),
    *(("api", op) for op in (
        "CreateAccount", "FetchAccount", "CreateIncomingPhoneNumber", "ListIncomingPhoneNumber",
        "FetchIncomingPhoneNumber", "UpdateIncomingPhoneNumber", "DeleteIncomingPhoneNumber",
        "CreateNewKey", "ListKey", "FetchKey", "DeleteKey", "CreateApplication", "ListApplication",
        "FetchApplication", "UpdateApplication", "DeleteApplication",
        "CreateAddress", "ListAddress", "FetchAddress", "UpdateAddress", "DeleteAddress")),
    *(("conversations", op) for op in (
        "FetchConfiguration", "UpdateConfiguration", "ListConfigurationAddress", "CreateConfigurationAddress",
        "FetchConfigurationAddress", "UpdateConfigurationAddress", "DeleteConfigurationAddress")),
    *(("flex-api", op) for op in (
        "FetchConfiguration", "ListFlexFlow", "CreateFlexFlow", "FetchFlexFlow", "UpdateFlexFlow", "DeleteFlexFlow")),
    *(("studio", op) for op in ("ListFlow", "CreateFlow", "FetchFlow", "UpdateFlow", "DeleteFlow")),
    *(("proxy", op) for op in ("ListService", "CreateService", "FetchService", "UpdateService", "DeleteService")),
}


def modelled(host: str) -> list[str]:
    """The operation IDs of one host the emulator models."""
    return sorted(op for h, op in MODELLED_OPERATIONS if h == host)


def emulator_routes() -> list[tuple[str, str, str, Any]]:
    """(host, method, path, endpoint) of every modelled operation."""
    api = TwilioApi(Backend(Store(), Settings()))
    return [(host, op.method, op.path, api.endpoint(op)) for host, op in api.operations()]


def spec_operation(host: str, method: str, path: str) -> dict[str, Any]:
    doc = raw_document(host)
    template = next(t for t in doc["paths"] if _shape(t) == _shape(path) and method.lower() in doc["paths"][t])
    return doc["paths"][template][method.lower()]


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_every_emulator_route_is_a_twilio_operation_and_all_are_covered() -> None:
    seen = set()
    for host, method, path, _ in emulator_routes():
        doc = raw_document(host)
        matches = [t for t in doc["paths"] if _shape(t) == _shape(path) and method.lower() in doc["paths"][t]]
        assert matches, f"{method} {host}{path} is not in Twilio's OpenAPI documents"
        seen.add((host, doc["paths"][matches[0]][method.lower()]["operationId"]))
    assert seen == MODELLED_OPERATIONS


def test_the_emulator_serves_every_host_the_product_calls() -> None:
    from components.twilio_client import TWILIO_HOSTS
    from twilio_emulator.responses import HOSTS

    assert set(HOSTS) == set(TWILIO_HOSTS)


def test_declared_parameters_are_twilios() -> None:
    """Each operation accepts exactly the body and query parameters Twilio declares, with the same required set."""
    for host, method, path, endpoint in emulator_routes():
        op = spec_operation(host, method, path)
        doc = raw_document(host)
        body = op.get("requestBody", {}).get("content", {}).get("application/x-www-form-urlencoded", {}).get("schema")
        if body and "$ref" in body:
            body = doc["components"]["schemas"][body["$ref"].split("/")[-1]]
        spec_form = set((body or {}).get("properties", {}))
        spec_required = set((body or {}).get("required", []))
        assert {p.name for p in endpoint.form_params} == spec_form, op["operationId"]
        assert {p.name for p in endpoint.form_params if p.required} == spec_required, op["operationId"]
        spec_query = {p["name"] for p in op.get("parameters", []) if p.get("in") == "query"}
        assert {p.name for p in endpoint.query_params} == spec_query, op["operationId"]
        for p in endpoint.form_params:  # enums: the same values
            prop = body["properties"][p.name]
            if "$ref" in prop:
                prop = doc["components"]["schemas"][prop["$ref"].split("/")[-1]]
            if "enum" in prop:
                assert set(p.choices) == set(prop["enum"]), (op["operationId"], p.name)


def test_client_traffic_over_every_modelled_operation_has_no_violations(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay="manual")
    recorder = Recorder()
    client = emulator.client(http_client=EmulatorHttpClient(emulator.base_url,
                                                            request_hooks={"response": [recorder.hook]}))
    tour(client, emulator)
    flex_tour(client, emulator)

    covered = {(ex.host, ex.operation) for ex in recorder.exchanges}
    assert covered == MODELLED_OPERATIONS, MODELLED_OPERATIONS ^ covered
    assert len(recorder.exchanges) > 60
    found = violations(recorder.exchanges)
    assert found == [], "\n".join(found)


def tour(client: Any, emulator: Any) -> None:
    """Every modelled operation, in the states whose bodies differ (pending, approved, failed, empty, paged)."""
    m, th = client.messaging.v1, client.trusthub.v1
    # Trust Hub bundles: draft, rejected, approved
    profile = th.customer_profiles.create(friendly_name="Acme", email="ops@acme.example",
                                          policy_sid=CUSTOMER_PROFILE_POLICY, status_callback="https://acme.example/cb")
    product = th.trust_products.create(friendly_name="Acme A2P", email="ops@acme.example",
                                       policy_sid=A2P_TRUST_PRODUCT_POLICY)
    profile.update(friendly_name="Acme Inc", email="compliance@acme.example")
    profile.update(status="pending-review")
    product.update(status="pending-review")
    emulator.review(product.sid, "rejected", "Missing stock ticker")
    product.fetch()
    product.update(status="pending-review")
    emulator.review(profile.sid, "approved")
    emulator.review(product.sid, "approved")
    profile.fetch(), product.fetch()
    th.customer_profiles.list(status="twilio-approved", page_size=5)
    th.trust_products.list(policy_sid=A2P_TRUST_PRODUCT_POLICY)
    spare = th.trust_products.create(friendly_name="Spare", email="ops@acme.example", policy_sid=A2P_TRUST_PRODUCT_POLICY)
    spare.delete()
    spare_profile = th.customer_profiles.create(friendly_name="Spare", email="ops@acme.example",
                                                policy_sid=CUSTOMER_PROFILE_POLICY)
    spare_profile.delete()
    trust_hub_tour(client, emulator)

    # Brands: pending, awaiting the Authentication+ email, failed (2FA, data), resubmitted, approved
    brand = m.brand_registrations.create(customer_profile_bundle_sid=profile.sid, a2p_profile_bundle_sid=product.sid,
                                         brand_type="STANDARD", mock=False, skip_automatic_sec_vet=False)
    brand.fetch()
    emulator.review(brand.sid, "awaiting_2fa")
    brand.fetch()
    emulator.review(brand.sid, "failed", error_code=21740)
    brand.fetch()
    m.brand_registrations(brand.sid).update()
    emulator.review(brand.sid, "failed", "Invalid State/Region/Province", error_code=30701)
    brand.fetch()
    m.brand_registrations(brand.sid).update()
    emulator.review(brand.sid, "approved")
    brand.fetch()
    m.brand_registrations.list(page_size=1)

    # Services, paged lists, usecases
    services = [m.services.create(friendly_name=f"svc {i}") for i in range(3)]
    service = m.services.create(
        friendly_name="Flex SMS", inbound_request_url="https://flex.example/in", inbound_method="POST",
        fallback_url="https://flex.example/fallback", fallback_method="GET", status_callback="https://flex.example/st",
        sticky_sender=True, mms_converter=False, smart_encoding=True, scan_message_content="enable",
        fallback_to_long_code=False, area_code_geomatch=True, validity_period=14400, synchronous_validation=True,
        usecase="discussion", use_inbound_webhook_on_number=True)
    service.fetch()
    m.services(service.sid).update(friendly_name="Flex SMS (prod)", inbound_request_url="")
    assert len(m.services.list(page_size=2)) == 4  # follows absolute next_page_url values
    m.services(services[0].sid).delete()
    m.usecases.fetch()

    # Numbers and senders
    number = client.incoming_phone_numbers.create(phone_number="+14155550111", friendly_name="Flex line",
                                                  sms_url="https://flex.example/sms", sms_method="POST",
                                                  voice_receive_mode="voice", emergency_status="Inactive")
    others = [client.incoming_phone_numbers.create(area_code="628") for _ in range(2)]
    client.incoming_phone_numbers(number.sid).fetch()
    client.incoming_phone_numbers(number.sid).update(sms_url="https://flex.example/sms2", sms_method="GET",
                                                     sms_fallback_url="", voice_url="https://flex.example/voice")
    assert len(client.incoming_phone_numbers.list(page_size=1)) == 3  # follows relative next_page_uri values
    client.incoming_phone_numbers.list(phone_number="+14155550111")
    m.services(service.sid).phone_numbers.create(phone_number_sid=number.sid)
    m.services(service.sid).phone_numbers.create(phone_number_sid=others[0].sid)
    m.services(service.sid).phone_numbers(number.sid).fetch()
    m.services(service.sid).phone_numbers.list(page_size=1)
    m.services(service.sid).phone_numbers(others[0].sid).delete()
    client.incoming_phone_numbers(others[1].sid).delete()

    # Campaigns: pending, failed, resubmitted, verified, v1.2 shape, usecases
    m.services(service.sid).us_app_to_person_usecases.fetch(brand_registration_sid=brand.sid)
    m.services(service.sid).us_app_to_person_usecases.fetch()
    m.services(service.sid).us_app_to_person.create(
        brand_registration_sid=brand.sid, opt_in_message="Acme: you are opted in. Reply STOP to opt out.",
        opt_out_message="Acme: you are unsubscribed and will get no more messages.",
        help_message="Acme support: visit acme.example/help. Reply STOP to opt out.",
        opt_in_keywords=["START"], opt_out_keywords=["STOP", "END"], help_keywords=["HELP"],
        subscriber_opt_in=True, age_gated=False, direct_lending=False, **CAMPAIGN)
    campaign = m.services(service.sid).us_app_to_person(CAMPAIGN_SID)
    campaign.fetch()  # the v2 shape without the header: the campaign has policy URLs (D12)
    emulator.review(service.sid, "failed", "Message flow lacks opt-in details", error_code=30897,
                    fields=["MESSAGE_FLOW"])
    campaign.fetch()
    campaign.update(has_embedded_links=False, has_embedded_phone=False, message_samples=CAMPAIGN["message_samples"],
                    message_flow=CAMPAIGN["message_flow"], description=CAMPAIGN["description"], age_gated=False,
                    direct_lending=False, x_twilio_api_version="v1.2")
    emulator.review(service.sid, "approved")
    campaign.fetch(x_twilio_api_version="v1.2")
    m.services(service.sid).us_app_to_person.list()
    m.services(service.sid).fetch()  # us_app_to_person_registered true
    campaign.delete()
    m.services(service.sid).delete()

    # Accounts and keys
    sub = client.api.v2010.accounts.create(friendly_name="tenant")
    client.api.v2010.accounts(sub.sid).fetch()
    key = client.new_keys.create(friendly_name="ci")
    client.keys(key.sid).fetch()
    client.keys.list()
    client.keys(key.sid).delete()

    # Errors still go through the validator as requests (their bodies are not described by the documents)
    with pytest.raises(TwilioRestException):
        m.services(service.sid).fetch()


def trust_hub_tour(client: Any, emulator: Any) -> None:
    """The chain a brand needs, as Twilio's onboarding guide builds it: addresses, documents, end users, assignments,
    evaluations (noncompliant, then compliant) and policies."""
    th = client.trusthub.v1
    bare = th.customer_profiles.create(friendly_name="Bare", email="ops@acme.example",
                                       policy_sid=CUSTOMER_PROFILE_POLICY)
    assert th.customer_profiles(bare.sid).customer_profiles_evaluations.create(
        policy_sid=CUSTOMER_PROFILE_POLICY).status == "noncompliant"
    profile_sid, product_sid = compliant_bundles(client, submit=False)
    profile, product = th.customer_profiles(profile_sid), th.trust_products(product_sid)
    evaluation = profile.customer_profiles_evaluations.create(policy_sid=CUSTOMER_PROFILE_POLICY)
    assert evaluation.status == "compliant"
    profile.customer_profiles_evaluations(evaluation.sid).fetch()
    profile.customer_profiles_evaluations.list()
    evaluation = product.trust_products_evaluations.create(policy_sid=A2P_TRUST_PRODUCT_POLICY)
    assert evaluation.status == "compliant"
    product.trust_products_evaluations(evaluation.sid).fetch()
    product.trust_products_evaluations.list()

    [held] = product.trust_products_entity_assignments.list(object_type="customer_profile")
    product.trust_products_entity_assignments(held.sid).fetch()
    assignments = profile.customer_profiles_entity_assignments.list(page_size=2)
    profile.customer_profiles_entity_assignments(assignments[0].sid).fetch()
    spare_user = th.end_users.create(friendly_name="Second representative", type="authorized_representative_2",
                                     attributes={"first_name": "Sam", "last_name": "Lee"})
    spare_user.update(friendly_name="Rep 2", attributes={"first_name": "Sam", "last_name": "Lee",
                                                         "job_position": "VP"})
    spare = profile.customer_profiles_entity_assignments.create(object_sid=spare_user.sid)
    profile.customer_profiles_entity_assignments(spare.sid).delete()
    info = th.end_users.create(friendly_name="Spare info", type="us_a2p_messaging_profile_information",
                               attributes={"company_type": "public", "stock_exchange": "NASDAQ",
                                           "stock_ticker": "ACME", "brand_contact_email": "ir@acme.example"})
    spare = product.trust_products_entity_assignments.create(object_sid=info.sid)
    product.trust_products_entity_assignments(spare.sid).delete()
    th.end_users(info.sid).fetch()
    th.end_users.list(page_size=2)
    th.end_users(spare_user.sid).delete()
    th.end_users(info.sid).delete()

    address = client.addresses.create(customer_name="Acme Inc", street="2 Side St", street_secondary="Floor 3",
                                      city="Oakland", region="CA", postal_code="94607", iso_country="US",
                                      friendly_name="Second office", emergency_enabled=False,
                                      auto_correct_address=False)
    client.addresses(address.sid).update(street="3 Side St", street_secondary="", auto_correct_address=False)
    client.addresses(address.sid).fetch()
    client.addresses.list(iso_country="US", page_size=1)
    document = th.supporting_documents.create(friendly_name="Second office", type="customer_profile_address",
                                              attributes={"address_sids": address.sid})
    th.supporting_documents(document.sid).update(friendly_name="Second office (HQ)")
    th.supporting_documents(document.sid).fetch()
    th.supporting_documents.list()
    th.supporting_documents(document.sid).delete()
    client.addresses(address.sid).delete()

    [policy] = [p for p in th.policies.list() if p.sid == CUSTOMER_PROFILE_POLICY]
    assert th.policies(A2P_TRUST_PRODUCT_POLICY).fetch().requirements["end_user"][0]["type"] == \
        "us_a2p_messaging_profile_information"
    assert policy.requirements["supporting_document"][0][0]["accepted_documents"][0]["fields"] == ["address_sids"]
    profile.update(status="pending-review")
    emulator.review(profile_sid, "approved")
    profile.fetch()


def flex_tour(client: Any, emulator: Any) -> None:
    """Every operation of the products Flex receives SMS through, in the states whose bodies differ."""
    number = client.incoming_phone_numbers.create(phone_number="+14155550190")

    # Studio: draft and published flows, an update, a page of flows
    flow = client.studio.v2.flows.create(friendly_name="Flex", status="draft", definition=send_to_flex_flow(),
                                         commit_message="first")
    client.studio.v2.flows(flow.sid).update(status="published", definition=send_to_flex_flow())
    client.studio.v2.flows(flow.sid).fetch()
    spare = client.studio.v2.flows.create(friendly_name="Spare", status="published",
                                          definition=send_to_flex_flow("incomingMessage"))
    client.studio.v2.flows.list(page_size=1)

    # Conversations: defaults, then studio, webhook and default addresses, fetched by SID and by address
    client.conversations.v1.configuration().fetch()
    client.conversations.v1.configuration().update(default_chat_service_sid=CHAT_SERVICE,
                                                   default_inactive_timer="PT1M", default_closed_timer="PT10M")
    studio = client.conversations.v1.address_configurations.create(
        type="sms", address=number.phone_number, friendly_name="Flex SMS", auto_creation_enabled=True,
        auto_creation_type="studio", auto_creation_studio_flow_sid=flow.sid, auto_creation_studio_retry_count=1)
    address_of(client, number.phone_number)
    client.conversations.v1.address_configurations(studio.sid).update(
        auto_creation_type="webhook", auto_creation_webhook_url="https://flex.example/conversations",
        auto_creation_webhook_method="post", auto_creation_webhook_filters=["onMessageAdded"],
        auto_creation_conversation_service_sid=CHAT_SERVICE)
    whatsapp = client.conversations.v1.address_configurations.create(type="whatsapp", address="whatsapp:+14155550190")
    client.conversations.v1.address_configurations.list(type="sms")
    client.conversations.v1.address_configurations(whatsapp.sid).delete()

    # Flex: configuration (none yet on this account: a 404), Flex Flows of each integration type
    with pytest.raises(TwilioRestException):
        client.flex_api.v1.configuration().fetch()
    flex_flow = client.flex_api.v1.flex_flow.create(
        friendly_name="Flex Messaging Channel Flow", chat_service_sid=CHAT_SERVICE, channel_type="sms",
        contact_identity=number.phone_number, enabled=True, integration_type="studio",
        integration_flow_sid=spare.sid, janitor_enabled=True, long_lived=False)
    client.flex_api.v1.flex_flow(flex_flow.sid).update(integration_type="external",
                                                       integration_url="https://flex.example/in")
    task = client.flex_api.v1.flex_flow.create(
        friendly_name="Web", chat_service_sid=CHAT_SERVICE, channel_type="web", integration_type="task",
        integration_workspace_sid="WS" + "1" * 32, integration_workflow_sid=WORKFLOW, integration_channel="chat",
        integration_timeout=30, integration_priority=1, integration_creation_on_message=True,
        integration_retry_count=2)
    client.flex_api.v1.flex_flow(flex_flow.sid).fetch()
    client.flex_api.v1.flex_flow.list(friendly_name="Web")
    client.flex_api.v1.flex_flow(task.sid).delete()

    # Proxy and a TwiML application on the number
    proxy = client.proxy.v1.services.create(unique_name="Flex Proxy Service", chat_instance_sid=CHAT_SERVICE,
                                            callback_url="https://flex.example/proxy", default_ttl=3600,
                                            geo_match_level="country", number_selection_behavior="prefer-sticky")
    client.proxy.v1.services(proxy.sid).update(out_of_session_callback_url="https://flex.example/oos")
    client.proxy.v1.services(proxy.sid).fetch()
    client.proxy.v1.services.list()
    app = client.applications.create(friendly_name="SMS app", sms_url="https://flex.example/sms", sms_method="POST")
    client.applications(app.sid).update(sms_url="https://flex.example/sms2")
    client.applications(app.sid).fetch()
    client.applications.list(friendly_name="SMS app")
    client.incoming_phone_numbers(number.sid).update(sms_application_sid=app.sid)
    client.applications(app.sid).delete()
    client.proxy.v1.services(proxy.sid).delete()
    client.conversations.v1.address_configurations(studio.sid).delete()
    client.studio.v2.flows(spare.sid).delete()


@pytest.mark.parametrize("fixture", ["dev_account.json", "legacy_account.json"])
def test_the_fixture_accounts_bodies_are_twilios(emulator_factory: Any, fixture: str) -> None:
    """What the account fixtures seed (a Flex configuration among them) reads back in Twilio's shapes."""
    emulator = emulator_factory(extra_args=("--fixtures", str(FIXTURES / fixture)))
    recorder = Recorder()
    client = emulator.client(http_client=EmulatorHttpClient(emulator.base_url,
                                                            request_hooks={"response": [recorder.hook]}))
    client.flex_api.v1.configuration().fetch()
    client.flex_api.v1.flex_flow.list()
    client.conversations.v1.configuration().fetch()
    client.conversations.v1.address_configurations.list()
    client.studio.v2.flows.list()
    client.proxy.v1.services.list()
    client.incoming_phone_numbers.list()
    assert all(ex.response.status_code == 200 for ex in recorder.exchanges)
    found = violations(recorder.exchanges)
    assert found == [], "\n".join(found)


def test_operation_lookup_prefers_literal_paths() -> None:
    assert operation_id("messaging", "GET", "/v1/Services/Usecases") == "FetchUsecase"
    assert operation_id("messaging", "GET", "/v1/Services/MG" + "0" * 32) == "FetchService"
    assert operation_id("messaging", "GET", "/v1/Services/MG" + "0" * 32 + "/Compliance/Usa2p/Usecases") == \
        "FetchUsAppToPersonUsecase"
    assert operation_id("conversations", "GET", "/v1/Configuration/Addresses/%2B14155550100") == \
        "FetchConfigurationAddress"


def test_the_validator_catches_violations(emulator: Any) -> None:
    """Guards against a vacuous contract test: tampered traffic must be reported."""
    import copy
    import json

    from .contract import Exchange

    recorder = Recorder()
    client = emulator.client(http_client=EmulatorHttpClient(emulator.base_url,
                                                            request_hooks={"response": [recorder.hook]}))
    client.messaging.v1.brand_registrations.create(customer_profile_bundle_sid="BU" + "1" * 32,
                                                   a2p_profile_bundle_sid="BU" + "2" * 32)
    client.messaging.v1.services.create(friendly_name="x")
    assert violations(recorder.exchanges) == []

    def tampered(index: int, **changes: Any) -> Exchange:
        response = copy.copy(recorder.exchanges[index].response)
        response._content = json.dumps({**json.loads(response.text), **changes}).encode()
        return Exchange(recorder.exchanges[index].request, response)

    for exchange in (tampered(0, status="BOGUS"), tampered(1, sid="MG123"), tampered(1, sticky_sender="yes"),
                     tampered(1, date_created="2024-01-01 10:00")):
        assert len(violations([exchange])) == 1
    unauthenticated = recorder.exchanges[1].request.copy()
    del unauthenticated.headers["Authorization"]
    assert "Security" in violations([Exchange(unauthenticated, recorder.exchanges[1].response)])[0]
