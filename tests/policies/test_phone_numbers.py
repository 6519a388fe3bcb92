"""policies/phone_numbers.py: phone-number-in-one-messaging-service and us-10dlc-service-has-campaign (stack
policies over outputs)."""

from __future__ import annotations

from pulumi.runtime import proto
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from components.a2p_campaign import A2PCampaignArgs
from components.messaging_service import MessagingServiceArgs
from components.messaging_service_phone_number import MessagingServicePhoneNumberArgs
from policies.phone_numbers import NUMBER_INPUTS, is_us_10dlc
from policies.resource_types import (
    A2P_CAMPAIGN,
    BRIDGED_CAMPAIGN,
    BRIDGED_MESSAGING_SERVICE,
    BRIDGED_PHONE_NUMBER,
    MESSAGING_SERVICE,
    MESSAGING_SERVICE_PHONE_NUMBER,
    MESSAGING_SERVICE_SENDER_POOL,
)
from tests.policies.support import analyze_stack, policy, servicer, stack_resource, validate_stack

ONE_SERVICE = "phone-number-in-one-messaging-service"
HAS_CAMPAIGN = "us-10dlc-service-has-campaign"
MG_A = "MG" + "a" * 32
MG_B = "MG" + "b" * 32
PN_1 = "PN" + "1" * 32


def service(name: str, sid: str | None = None, bridged: bool = False):
    props = {"sid": sid} if sid else {}
    return stack_resource(BRIDGED_MESSAGING_SERVICE if bridged else MESSAGING_SERVICE, props, name)


def attach(name: str, svc, number: str | None = None, number_sid: str | None = None, sid_known: bool = True):
    props: dict = {"service_sid": svc.props.get("sid", UNKNOWN_STRING_VALUE) if sid_known else UNKNOWN_STRING_VALUE}
    if number:
        props["phone_number"] = number
    if number_sid:
        props["phone_number_sid"] = number_sid
    return stack_resource(MESSAGING_SERVICE_PHONE_NUMBER, props, name, {"service_sid": [svc]})


def campaign(name: str, svc, bridged: bool = False):
    if bridged:
        return stack_resource(BRIDGED_CAMPAIGN, {"messagingServiceSid": svc.props["sid"]}, name)
    return stack_resource(A2P_CAMPAIGN, {"messaging_service_sid": UNKNOWN_STRING_VALUE}, name, {"messaging_service_sid": [svc]})


def test_the_fields_the_rules_read_are_declared_by_the_resources() -> None:
    assert {*NUMBER_INPUTS, "service_sid"} <= set(MessagingServicePhoneNumberArgs.specs())
    assert "sid" in MessagingServicePhoneNumberArgs.OUTPUTS and "sid" in MessagingServiceArgs.OUTPUTS
    assert "messaging_service_sid" in A2PCampaignArgs.specs()


# --- phone-number-in-one-messaging-service


def test_distinct_numbers_pass() -> None:
    a, b = service("a", MG_A), service("b", MG_B)
    resources = [a, b, attach("n1", a, "+14155550100"), attach("n2", b, "+14155550101")]
    assert validate_stack(policy(ONE_SERVICE), resources) == []


def test_same_e164_in_two_services_is_a_violation_without_echoing_the_number() -> None:
    a, b = service("a", MG_A), service("b", MG_B)
    n1, n2 = attach("n1", a, "+14155550100"), attach("n2", b, "+14155550100")
    found = validate_stack(policy(ONE_SERVICE), [a, b, n1, n2])
    assert len(found) == 1
    message, urn = found[0]
    assert "…0100" in message and "+1415555" not in message
    assert "'n1'" in message and "'n2'" in message and urn in {n1.urn, n2.urn}


def test_same_number_sid_across_our_type_and_the_bridged_type_is_a_violation() -> None:
    a, b = service("a", MG_A), service("b", MG_B, bridged=True)
    ours = stack_resource(
        MESSAGING_SERVICE_PHONE_NUMBER, {"service_sid": MG_A, "phone_number": "+14155550100", "sid": PN_1}, "ours"
    )
    theirs = stack_resource(BRIDGED_PHONE_NUMBER, {"serviceSid": MG_B, "phoneNumberSid": PN_1}, "theirs")
    found = validate_stack(policy(ONE_SERVICE), [a, b, ours, theirs])
    assert len(found) == 1 and "SID ending 1111" in found[0][0]


def test_unknown_numbers_are_skipped_unless_configured() -> None:
    a = service("a", MG_A)
    r1 = stack_resource(MESSAGING_SERVICE_PHONE_NUMBER, {"service_sid": MG_A, "phone_number_sid": UNKNOWN_STRING_VALUE}, "n1")
    assert validate_stack(policy(ONE_SERVICE), [a, r1]) == []
    found = validate_stack(policy(ONE_SERVICE), [a, r1], {"unknownIsViolation": True})
    assert len(found) == 1 and "not known during preview" in found[0][0]


def test_servicer_reports_a_duplicate_as_mandatory() -> None:
    diagnostics = analyze_stack(
        servicer(),
        [
            (MESSAGING_SERVICE_PHONE_NUMBER, "n1", {"service_sid": MG_A, "phone_number": "+14155550100"}),
            (MESSAGING_SERVICE_PHONE_NUMBER, "n2", {"service_sid": MG_B, "phone_number": "+14155550100"}),
        ],
    )
    mine = [d for d in diagnostics if d.policyName == ONE_SERVICE]
    assert [d.enforcementLevel for d in mine] == [proto.MANDATORY]


# --- us-10dlc-service-has-campaign


def test_is_us_10dlc() -> None:
    assert is_us_10dlc("+14155550100", [])
    assert not is_us_10dlc("+18005550100", [])  # toll-free
    assert not is_us_10dlc("+18335550100", [])
    assert not is_us_10dlc("+14165550100", ["416"])  # Toronto
    assert not is_us_10dlc("+447700900123", [])
    assert not is_us_10dlc("415555", [])


def test_service_with_a_campaign_passes_during_preview_via_property_dependencies() -> None:
    a = service("a")  # sid unknown in preview: linked through dependencies
    resources = [a, attach("n1", a, "+14155550100", sid_known=False), campaign("c", a)]
    assert validate_stack(policy(HAS_CAMPAIGN), resources) == []


def test_service_with_a_bridged_campaign_passes_via_sid() -> None:
    a = service("a", MG_A)
    number = stack_resource(MESSAGING_SERVICE_PHONE_NUMBER, {"service_sid": MG_A, "phone_number": "+14155550100"}, "n")
    assert validate_stack(policy(HAS_CAMPAIGN), [a, number, campaign("c", a, bridged=True)]) == []


def test_services_without_us_10dlc_numbers_need_no_campaign() -> None:
    a = service("a", MG_A)
    resources = [a, attach("tf", a, "+18885550100"), attach("ca", a, "+16045550100"), attach("sid-only", a, number_sid=PN_1)]
    assert validate_stack(policy(HAS_CAMPAIGN), resources) == []


def test_service_with_10dlc_number_and_no_campaign_is_a_violation() -> None:
    a, b = service("a", MG_A), service("b", MG_B)
    resources = [a, b, attach("n1", a, "+14155550100"), attach("n2", b, "+12125550111"), campaign("cb", b)]
    found = validate_stack(policy(HAS_CAMPAIGN), resources)
    assert len(found) == 1
    message, urn = found[0]
    assert urn == a.urn and "'a'" in message and "…0100" in message and "30034" in message


def test_campaign_for_another_service_does_not_count_and_area_codes_are_configurable() -> None:
    a, b = service("a", MG_A), service("b", MG_B)
    resources = [a, b, attach("n1", a, "+16045550100"), campaign("cb", b)]
    assert validate_stack(policy(HAS_CAMPAIGN), resources) == []  # 604 = Vancouver by default
    assert len(validate_stack(policy(HAS_CAMPAIGN), resources, {"nonUsAreaCodes": []})) == 1
    assert validate_stack(policy(HAS_CAMPAIGN), resources, {"nonUsAreaCodes": [], "exemptResourceNames": ["a"]}) == []


def test_servicer_reports_a_missing_campaign_as_advisory_by_default() -> None:
    diagnostics = analyze_stack(
        servicer(),
        [
            (MESSAGING_SERVICE, "a", {"sid": MG_A, "use_inbound_webhook_on_number": True}),
            (MESSAGING_SERVICE_PHONE_NUMBER, "n1", {"service_sid": MG_A, "phone_number": "+14155550100"}),
        ],
    )
    mine = [d for d in diagnostics if d.policyName == HAS_CAMPAIGN]
    assert [d.enforcementLevel for d in mine] == [proto.ADVISORY]


# --- the sender pool: one resource, each of its numbers an attachment


def pool(name: str, svc, numbers: list[str], sids: dict[str, str] | None = None):
    props = {"service_sid": svc.props.get("sid", UNKNOWN_STRING_VALUE), "phone_numbers": numbers}
    if sids is not None:
        props["phone_number_sids"] = sids
    return stack_resource(MESSAGING_SERVICE_SENDER_POOL, props, name, {"service_sid": [svc]})


def test_a_pool_number_also_attached_elsewhere_is_a_violation_and_its_own_numbers_are_not() -> None:
    a, b = service("a", MG_A), service("b", MG_B, bridged=True)
    mine = pool("senders", a, ["+14155550100", "+14155550101"], {"+14155550100": PN_1, "+14155550101": "PN" + "2" * 32})
    assert validate_stack(policy(ONE_SERVICE), [a, mine]) == []
    theirs = stack_resource(BRIDGED_PHONE_NUMBER, {"serviceSid": MG_B, "phoneNumberSid": PN_1}, "theirs")
    found = validate_stack(policy(ONE_SERVICE), [a, b, mine, theirs])
    assert len(found) == 1 and "'senders'" in found[0][0] and "'theirs'" in found[0][0]


def test_a_pool_of_us_10dlc_numbers_needs_a_campaign_for_its_service() -> None:
    a = service("a")  # preview: linked through dependencies
    senders = pool("senders", a, ["+14155550100"])
    assert len(validate_stack(policy(HAS_CAMPAIGN), [a, senders])) == 1
    assert validate_stack(policy(HAS_CAMPAIGN), [a, senders, campaign("c", a)]) == []
