"""The whole A2P chain with the real Pulumi CLI, from an emulator account that owns only numbers: Trust Hub bundles,
brand and campaign in one `up`; `up` then `up --refresh` without waiting; a noncompliant profile; a change under
review; destroy; and personal data, which never appears in plain text."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from pulumi_driver import PulumiStack, assert_in_output, combined_output
from tests.e2e.test_flex_a2p_stack import FIXTURES, dev_config, flex_stack
from twilio_emulator.testing import RunningEmulator, compliant_bundles

PROFILE = "flex-a2p:trustHub.customerProfile"
TYPES = ("CustomerProfile", "A2PTrustProduct")
#: Personal data these tests set (in place of the dev stack's own), to look for afterwards.
PERSONAL = {"businessInformation.businessRegistrationNumber": "55-1234567",
            "authorizedRepresentatives[0].email": "jordan.private@example.net",
            "authorizedRepresentatives[0].phoneNumber": "+14155550177"}


def emulator_with(factory: Callable[..., RunningEmulator], review_delay: float | str) -> RunningEmulator:
    return factory(review_delay=review_delay, extra_args=("--fixtures", str(FIXTURES)))


def without_waiting() -> dict[str, Any]:
    """The dev stack's Trust Hub, brand and campaign sections with every review wait turned off."""
    config = dev_config()
    hub = config["flex-a2p:trustHub"]
    hub["customerProfile"]["waitForReview"] = False
    hub["a2pProfile"]["waitForReview"] = False
    return {"trustHub": hub, "brand": {**config["flex-a2p:brand"], "waitForReview": False},
            "campaign": {**config["flex-a2p:campaign"], "waitForReview": False}}


def profile_section(**changes: Any) -> dict[str, Any]:
    profile = dev_config()["flex-a2p:trustHub"]["customerProfile"]
    return {**profile, **changes}


def set_personal_data(stack: PulumiStack) -> None:
    for path, value in PERSONAL.items():
        stack.run("config", "set", "--secret", "--path", f"{PROFILE}.{path}", value)


def test_one_up_with_waiting_goes_from_numbers_to_a_verified_campaign(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_with(emulator_factory, review_delay=1)
    client = emulator.client()
    assert client.trusthub.v1.customer_profiles.list() == [] and client.messaging.v1.brand_registrations.list() == []
    stack = flex_stack(tmp_path, emulator)
    up = stack.up()
    assert_in_output(up, "+ 8 created", "waiting for Twilio's review", "review ended twilio-approved",
                     "review ended APPROVED", "review ended VERIFIED")
    outputs = stack.outputs()
    assert outputs["customerProfileStatus"] == outputs["trustProductStatus"] == "twilio-approved"
    assert outputs["brandStatus"] == "APPROVED" and outputs["campaignStatus"] == "VERIFIED"
    brand = client.messaging.v1.brand_registrations(outputs["brandRegistrationSid"]).fetch()
    assert (brand.customer_profile_bundle_sid, brand.a2p_profile_bundle_sid) == (outputs["customerProfileSid"],
                                                                                 outputs["trustProductSid"])
    assert client.trusthub.v1.trust_products(outputs["trustProductSid"]).trust_products_entity_assignments.list()
    stack.preview("--expect-no-changes")


def test_without_waiting_up_then_up_refresh_converge(tmp_path: Path,
                                                     emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_with(emulator_factory, review_delay=1)
    stack = flex_stack(tmp_path, emulator, **without_waiting())
    stack.up()
    first = stack.outputs()
    assert first["customerProfileStatus"] in ("pending-review", "in-review")
    assert first["campaignStatus"] in ("PENDING", "IN_PROGRESS")  # created once the brand passed (21717 wait)
    time.sleep(1.2)  # the campaign's review comes due
    stack.up("--refresh")
    converged = stack.outputs()
    assert converged["customerProfileStatus"] == converged["trustProductStatus"] == "twilio-approved"
    assert (converged["brandStatus"], converged["campaignStatus"]) == ("APPROVED", "VERIFIED")
    assert converged["customerProfileSid"] == first["customerProfileSid"]
    stack.preview("--expect-no-changes")


def test_a_noncompliant_profile_stops_before_anything_is_created_naming_every_field(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_with(emulator_factory, review_delay=0)
    profile = profile_section()
    business = {k: v for k, v in profile["businessInformation"].items() if k not in ("websiteUrl", "businessType")}
    representative = {k: v for k, v in profile["authorizedRepresentatives"][0].items() if k != "jobPosition"}
    hub = {**dev_config()["flex-a2p:trustHub"], "customerProfile": {
        **profile, "businessInformation": business, "authorizedRepresentatives": [representative],
        "address": {"street": "123 Example Street", "city": "San Francisco", "isoCountry": "USA"}}}
    stack = flex_stack(tmp_path, emulator, trustHub=hub)
    result = stack.up(check=False)
    assert result.returncode != 0
    assert_in_output(result, f"{PROFILE}.businessInformation.websiteUrl: required",
                     f"{PROFILE}.businessInformation.businessType: required",
                     f"{PROFILE}.authorizedRepresentatives[0].jobPosition: required",
                     f"{PROFILE}.address.region: required", f"{PROFILE}.address.postalCode: required",
                     f"{PROFILE}.address.isoCountry: must be an ISO 3166-1 alpha-2 country code")
    assert "Traceback" not in combined_output(result)
    assert [r for r in emulator.requests() if r["method"] == "POST"] == [], "nothing was written"


def test_a_noncompliant_evaluation_fails_the_up_naming_the_key(tmp_path: Path,
                                                               emulator_factory: Callable[..., RunningEmulator]) -> None:
    """What only Twilio can judge: here the primary profile named is a rejected one."""
    emulator = emulator_with(emulator_factory, review_delay="manual")
    rejected, _ = compliant_bundles(emulator.client())
    emulator.review(rejected, "rejected", "Business could not be verified")
    hub = {"customerProfile": profile_section(primaryProfileSid=rejected, waitForReview=False)}
    stack = flex_stack(tmp_path, emulator, trustHub=hub, brand=None, campaign=None)
    result = stack.up(check=False)
    assert result.returncode != 0
    assert_in_output(result, "does not meet Twilio's policy RNdfbf3fae0e1107f8aded0e7cead80bf5",
                     f"{PROFILE}.primaryProfileSid: The Primary Customer Profile Bundle {rejected} was rejected",
                     "nothing was submitted and what was made for it has been removed")
    assert [p.sid for p in emulator.client().trusthub.v1.customer_profiles.list()] == [rejected]


def test_a_change_under_review_is_refused_clearly_and_goes_through_once_rejected(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_with(emulator_factory, review_delay="manual")
    hub = {"customerProfile": profile_section(waitForReview=False)}
    stack = flex_stack(tmp_path, emulator, trustHub=hub, brand=None, campaign=None)
    stack.up()
    profile_sid = stack.outputs()["customerProfileSid"]
    emulator.review(profile_sid, "in-review")

    business = {**hub["customerProfile"]["businessInformation"], "websiteUrl": "https://www.example.com"}
    changed = {"customerProfile": {**hub["customerProfile"], "businessInformation": business}}
    stack.set_config_object("flex-a2p:trustHub", changed)
    emulator.clear_requests()
    refused = stack.up("--refresh", check=False)
    assert refused.returncode != 0
    assert_in_output(refused, f"Customer Profile {profile_sid} is in-review",
                     f"Changed: {PROFILE}.businessInformation.websiteUrl", "60711", "Revert the change until")
    assert [r for r in emulator.requests() if r["method"] in ("POST", "DELETE")] == [], "refused before any write"

    emulator.review(profile_sid, "rejected", "Website does not match the business name")
    stack.up("--refresh")
    assert stack.outputs()["customerProfileStatus"] == "pending-review", "edited in place and resubmitted"
    assert stack.outputs()["customerProfileSid"] == profile_sid
    [business_user] = [u for u in emulator.client().trusthub.v1.end_users.list()
                       if u.type == "customer_profile_business_information"]
    assert business_user.attributes["website_url"] == "https://www.example.com"


def test_destroy_removes_what_twilio_lets_it_and_says_what_it_keeps(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_with(emulator_factory, review_delay=0)
    client = emulator.client()
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    outputs = stack.outputs()
    destroy = stack.destroy()
    assert_in_output(destroy, f"Brand Registration {outputs['brandRegistrationSid']} is only forgotten",
                     f"A2P Trust Product {outputs['trustProductSid']} is kept",
                     f"Customer Profile {outputs['customerProfileSid']} is kept, with the 4 objects it holds, "
                     f"because it is still in use by Brand Registration {outputs['brandRegistrationSid']}, "
                     f"Trust Product {outputs['trustProductSid']}")
    assert stack.resources() == [] and client.messaging.v1.services.list() == []
    assert client.trusthub.v1.customer_profiles(outputs["customerProfileSid"]).fetch().status == "twilio-approved"

    # Bundles no brand uses are deleted with everything they hold.
    alone = flex_stack(tmp_path / "alone", emulator, brand=None, campaign=None)
    alone.up()
    kept_before = len(client.trusthub.v1.end_users.list())
    destroy = alone.destroy()
    assert_in_output(destroy, "deleted, with the objects it held")
    assert len(client.trusthub.v1.customer_profiles.list()) == 1 and len(client.trusthub.v1.trust_products.list()) == 1
    assert len(client.trusthub.v1.end_users.list()) == kept_before - 3 and len(client.addresses.list()) == 1


def test_personal_data_never_appears_in_plain_text(tmp_path: Path,
                                                   emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_with(emulator_factory, review_delay=0)
    stack = flex_stack(tmp_path, emulator)
    set_personal_data(stack)
    outputs: list[str] = [combined_output(stack.up("--logtostderr", "-v=9"))]
    outputs.append(combined_output(stack.refresh()))
    outputs.append(combined_output(stack.preview("--diff", "--show-reads")))
    outputs.append(stack.run("stack", "export").stdout)
    outputs.append(stack.run("stack", "output", "--json").stdout)
    outputs.append((stack.program_dir / f"Pulumi.{stack.name}.yaml").read_text())

    # A value stored in plain text is refused by key, with the command that encrypts it, never quoted.
    hub = dev_config()["flex-a2p:trustHub"]
    plain = {**hub, "customerProfile": {**hub["customerProfile"], "authorizedRepresentatives": [
        {**hub["customerProfile"]["authorizedRepresentatives"][0], "email": "plain.text@example.net"}]}}
    bad = flex_stack(tmp_path / "plain", emulator, trustHub=plain)
    refused = bad.up(check=False)
    assert refused.returncode != 0
    assert_in_output(refused, f"pulumi config set --stack test --secret --path '{PROFILE}.authorizedRepresentatives[0]"
                              ".email'")
    assert "phoneNumber'" not in combined_output(refused), "only the value stored in plain text is named"
    assert "plain.text@example.net" not in combined_output(refused)

    plain_state = stack.run("stack", "export", "--show-secrets").stdout
    assert PERSONAL["authorizedRepresentatives[0].email"] in plain_state, "the test looks for values that are there"
    for text in outputs:
        for value in PERSONAL.values():
            assert value not in text, f"{value!r} in plain text"
