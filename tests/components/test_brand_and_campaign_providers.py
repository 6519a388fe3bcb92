"""BrandRegistration and A2PCampaign providers against the emulator (reviews driven by its control API)."""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

from components.a2p_campaign import A2PCampaignProvider
from components.brand_registration import BrandRegistrationProvider
from components.errors import InputError, TwilioApiError
from tests.components.campaign_samples import COMPLIANT_CAMPAIGN
from tests.components.conftest import api_calls, approved_brand, approved_bundles, campaign_program, checked, configure
from twilio_emulator import CAMPAIGN_SID
from twilio_emulator.testing import RunningEmulator


def brand_program(emu: RunningEmulator) -> dict[str, Any]:
    profile, product = approved_bundles(emu)
    return {"customer_profile_bundle_sid": profile, "a2p_profile_bundle_sid": product, "mock": True}


# -- BrandRegistration -----------------------------------------------------------------------------------------


def test_brand_create_and_read_after_review(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    provider = make(BrandRegistrationProvider)
    program = brand_program(emulator)
    created = provider.create(checked(provider, program))
    assert created.id.startswith("BN") and created.outs["status"] == "PENDING"
    assert created.outs["customer_profile_bundle_sid"] == program["customer_profile_bundle_sid"]
    refreshed = provider.read(created.id, created.outs)
    assert refreshed.outs["status"] == "APPROVED" and refreshed.outs["tcr_id"]
    assert refreshed.outs["identity_status"] == "VERIFIED" and refreshed.outs["errors"] == []
    assert provider.diff(created.id, refreshed.outs, checked(provider, program)).changes is False


def test_failed_brand_is_resubmitted_by_the_next_update(emulator_factory: Callable[..., RunningEmulator],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    emu = emulator_factory(review_delay="manual")
    provider = configure(BrandRegistrationProvider, emu)
    program = brand_program(emu)
    created = provider.create(checked(provider, program))
    emu.review(created.id, "failed", "Invalid State/Region/Province")
    refreshed = provider.read(created.id, created.outs)
    assert refreshed.outs["status"] == "FAILED" and "Invalid State" in refreshed.outs["failure_reason"]
    news = checked(provider, program)
    diff = provider.diff(created.id, refreshed.outs, news)
    assert diff.changes is True and not diff.replaces
    updated = provider.update(created.id, refreshed.outs, news)
    assert updated.outs["status"] == "PENDING" and updated.outs["sid"] == created.id
    assert "resubmitting" in capsys.readouterr().err
    assert len(api_calls(emu, "POST", f"/v1/a2p/BrandRegistrations/{created.id}")) == 1


def test_brand_delete_forgets_and_leaves_it_in_twilio(make: Callable[..., Any], emulator: RunningEmulator,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    provider = make(BrandRegistrationProvider)
    created = provider.create(checked(provider, brand_program(emulator)))
    provider.delete(created.id, created.outs)
    assert "only forgotten" in capsys.readouterr().err
    assert emulator.client().messaging.v1.brand_registrations(created.id).fetch().sid == created.id


def test_brand_adopt_sid_registers_nothing_new(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    existing = approved_brand(emulator)
    provider = make(BrandRegistrationProvider)
    created = provider.create(checked(provider, {"adopt_sid": existing}))
    assert created.id == existing and created.outs["status"] == "APPROVED"
    assert len(emulator.client().messaging.v1.brand_registrations.list()) == 1
    wrong = {"adopt_sid": existing, "a2p_profile_bundle_sid": "BU" + "9" * 32,
             "customer_profile_bundle_sid": created.outs.get("customer_profile_bundle_sid") or "BU" + "8" * 32}
    with pytest.raises(InputError, match="_bundle_sid: Brand Registration .* cannot change"):
        provider.create(checked(provider, wrong))


def test_a_brand_awaiting_its_2fa_email_or_failing_it_tells_what_to_do_on_every_read(
        emulator_factory: Callable[..., RunningEmulator], capsys: pytest.CaptureFixture[str]) -> None:
    emu = emulator_factory(review_delay="manual")
    provider = configure(BrandRegistrationProvider, emu)
    created = provider.create(checked(provider, brand_program(emu)))
    assert capsys.readouterr().err == ""  # a plain PENDING brand asks nothing of anyone

    emu.review(created.id, "awaiting_2fa")
    waiting = provider.read(created.id, created.outs)
    assert waiting.outs["identity_status"] == "UNVERIFIED"
    warning = capsys.readouterr().err
    assert f"Brand Registration {created.id}: waiting for the brand contact to complete the Authentication+ 2FA " \
           "email" in warning and "Twilio error 30994" in warning

    emu.review(created.id, "failed", error_code=21740)
    failed = provider.read(created.id, waiting.outs)
    warning = capsys.readouterr().err
    assert "Authentication+ failed (Twilio error 21740: Invalid Brand Contact Email Domain)" in warning
    assert "not a free-mail one such as gmail.com" in warning and f"/v1/a2p/BrandRegistrations/{created.id}/2fa" in warning
    provider.diff(created.id, failed.outs, checked(provider, brand_program(emu)))  # preview says it too
    assert "Twilio error 21740" in capsys.readouterr().err

    emu.review(created.id, "approved")
    provider.read(created.id, failed.outs)
    assert capsys.readouterr().err == ""


def test_a_brand_over_the_account_limit_or_out_of_resubmissions_says_to_contact_support(
        emulator_factory: Callable[..., RunningEmulator], capsys: pytest.CaptureFixture[str]) -> None:
    emu = emulator_factory(review_delay="manual")
    provider = configure(BrandRegistrationProvider, emu)
    program = checked(provider, brand_program(emu))
    created = provider.create(program)
    emu.review(created.id, "failed", "Max registration limit reached", error_code=30712)
    failed = provider.read(created.id, created.outs)
    assert "(Twilio error 30712): contact Twilio Support" in capsys.readouterr().err
    for _ in range(3):
        failed = provider.read(created.id, provider.update(created.id, failed.outs, program).outs)
        emu.review(created.id, "failed", "bad data")
        failed = provider.read(created.id, failed.outs)
    with pytest.raises(TwilioApiError, match="21724.*three resubmissions") as info:
        provider.update(created.id, failed.outs, program)
    assert info.value.code == 21724


# -- A2PCampaign -----------------------------------------------------------------------------------------------


@pytest.fixture
def service(emulator: RunningEmulator) -> str:
    return emulator.client().messaging.v1.services.create(friendly_name="flex-dev").sid


def test_campaign_create_waits_for_review_when_asked(make: Callable[..., Any], emulator: RunningEmulator,
                                                     service: str) -> None:
    brand = approved_brand(emulator)
    provider = make(A2PCampaignProvider)
    emulator.clear_requests()
    created = provider.create(checked(provider, campaign_program(service, brand, wait_for_review=True)))
    assert [r["method"] for r in emulator.requests()][0] == "POST"  # no look-ups before the create
    assert created.outs["campaign_status"] == "VERIFIED" and created.outs["campaign_id"]
    assert created.outs["sid"].startswith("QE") and created.outs["messaging_service_sid"] == service
    assert created.outs["message_samples"] == COMPLIANT_CAMPAIGN["message_samples"]
    live = emulator.client().messaging.v1.services(service).us_app_to_person.list()
    assert [c.sid for c in live] == [created.id]
    news = checked(provider, campaign_program(service, brand, wait_for_review=True))
    assert provider.diff(created.id, created.outs, news).changes is False


def test_campaign_create_waits_for_a_pending_brand(emulator_factory: Callable[..., RunningEmulator]) -> None:
    emu = emulator_factory(review_delay=1)
    service = emu.client().messaging.v1.services.create(friendly_name="flex-dev").sid
    brand_provider = configure(BrandRegistrationProvider, emu)
    brand = brand_provider.create(checked(brand_provider, brand_program(emu)))
    assert brand.outs["status"] == "PENDING"
    provider = configure(A2PCampaignProvider, emu)
    started = time.monotonic()
    created = provider.create(checked(provider, campaign_program(service, brand.id)))
    assert created.outs["campaign_status"] in ("PENDING", "IN_PROGRESS")
    assert time.monotonic() - started < 10
    # refused once (21717) while the brand was PENDING, created after it was approved
    assert [r["status"] for r in api_calls(emu, "POST", f"/v1/Services/{service}/Compliance/Usa2p")] == [400, 201]


def test_campaign_for_a_failed_brand_fails_clearly(emulator_factory: Callable[..., RunningEmulator]) -> None:
    emu = emulator_factory(review_delay="manual")
    service = emu.client().messaging.v1.services.create(friendly_name="flex-dev").sid
    brand = configure(BrandRegistrationProvider, emu)
    created_brand = brand.create(checked(brand, brand_program(emu)))
    emu.review(created_brand.id, "failed", "Tax ID mismatch")
    provider = configure(A2PCampaignProvider, emu)
    with pytest.raises(TwilioApiError, match=f"brand_registration_sid: Brand Registration {created_brand.id} is "
                                             "FAILED .*Tax ID mismatch"):
        provider.create(checked(provider, campaign_program(service, created_brand.id)))
    assert [r["status"] for r in api_calls(emu, "POST", f"/v1/Services/{service}/Compliance/Usa2p")] == [400]
    assert emu.client().messaging.v1.services(service).us_app_to_person.list() == []


def test_campaign_review_timeout_returns_with_a_warning(emulator_factory: Callable[..., RunningEmulator],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    emu = emulator_factory(review_delay="manual")
    service = emu.client().messaging.v1.services.create(friendly_name="flex-dev").sid
    brand = approved_brand(emu)
    provider = configure(A2PCampaignProvider, emu)
    created = provider.create(checked(provider, campaign_program(service, brand, wait_for_review=True,
                                                                 review_timeout_seconds=1)))
    assert created.outs["campaign_status"] == "PENDING"
    assert "review not finished after 1s" in capsys.readouterr().err


def test_campaign_updates_in_place_and_keeps_the_sid(make: Callable[..., Any], emulator: RunningEmulator,
                                                     service: str) -> None:
    brand = approved_brand(emulator)
    provider = make(A2PCampaignProvider)
    created = provider.create(checked(provider, campaign_program(service, brand, wait_for_review=True)))
    description = COMPLIANT_CAMPAIGN["description"] + " Agents reply within one business day."
    news = checked(provider, campaign_program(service, brand, wait_for_review=True, description=description))
    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True and not diff.replaces
    updated = provider.update(created.id, created.outs, news)
    assert updated.outs["sid"] == created.id and updated.outs["description"] == description
    live = emulator.client().messaging.v1.services(service).us_app_to_person(created.id).fetch()
    assert live.description == description and live.us_app_to_person_usecase == "CUSTOMER_CARE"


def test_second_campaign_on_a_service_points_to_adopt_sid(make: Callable[..., Any], emulator: RunningEmulator,
                                                          service: str) -> None:
    brand = approved_brand(emulator)
    provider = make(A2PCampaignProvider)
    first = provider.create(checked(provider, campaign_program(service, brand)))
    with pytest.raises(TwilioApiError, match=f"already has an A2P campaign .*adopt_sid='{first.id}'"):
        provider.create(checked(provider, campaign_program(service, brand)))
    adopted = provider.create(checked(provider, campaign_program(service, brand, adopt_sid=first.id)))
    assert adopted.id == first.id and adopted.outs["adopt_sid"] == first.id
    assert len(emulator.client().messaging.v1.services(service).us_app_to_person.list()) == 1


def test_adopting_a_campaign_as_it_is_writes_nothing(make: Callable[..., Any], emulator: RunningEmulator,
                                                     service: str) -> None:
    brand = approved_brand(emulator)
    provider = make(A2PCampaignProvider)
    first = provider.create(checked(provider, campaign_program(service, brand)))
    emulator.clear_requests()
    adopted = provider.create(checked(provider, campaign_program(service, brand, adopt_sid=first.id)))
    assert adopted.id == first.id and [r["method"] for r in emulator.requests()] == ["GET"]


def test_campaign_deleted_out_of_band_reads_as_gone(make: Callable[..., Any], emulator: RunningEmulator,
                                                    service: str) -> None:
    brand = approved_brand(emulator)
    provider = make(A2PCampaignProvider)
    created = provider.create(checked(provider, campaign_program(service, brand)))
    emulator.client().messaging.v1.services(service).us_app_to_person(created.id).delete()
    assert provider.read(created.id, created.outs).id == ""
    provider.delete(created.id, created.outs)  # idempotent
    assert emulator.client().messaging.v1.services(service).us_app_to_person.list() == []


def test_campaign_policy_urls_are_sent_read_back_and_checked(make: Callable[..., Any], emulator: RunningEmulator,
                                                             service: str) -> None:
    brand = approved_brand(emulator)
    provider = make(A2PCampaignProvider)
    urls = {"privacy_policy_url": "https://acme.example.com/privacy",
            "terms_and_conditions_url": "https://acme.example.com/terms"}
    program = checked(provider, campaign_program(service, brand, **urls))
    created = provider.create(program)
    assert [r["status"] for r in api_calls(emulator, "POST", f"/v1/Services/{service}/Compliance/Usa2p")] == [201]
    assert {k: created.outs[k] for k in urls} == urls  # the create answer carries them (v1.2 representation)
    assert provider.diff(created.id, created.outs, program).changes is False  # so the next preview is clean
    refreshed = provider.read(created.id, created.outs)
    assert {k: refreshed.outs[k] for k in urls} == urls and refreshed.outs["campaign_status"] == "VERIFIED"

    changed = checked(provider, dict(program, privacy_policy_url="https://acme.example.com/privacy-2026"), program)
    assert provider.diff(created.id, refreshed.outs, changed).changes is True
    updated = provider.update(created.id, refreshed.outs, changed)
    assert updated.outs["privacy_policy_url"] == "https://acme.example.com/privacy-2026"
    live = emulator.client().messaging.v1.services(service).us_app_to_person(created.id).fetch()
    assert (live.privacy_policy_url, live.terms_and_conditions_url) == (
        "https://acme.example.com/privacy-2026", urls["terms_and_conditions_url"])

    failures = provider.check({}, campaign_program(service, brand, privacy_policy_url="http://acme.example.com/p")
                              ).failures
    assert [(f.property, "https" in f.reason) for f in failures] == [("privacy_policy_url", True)]


def test_an_adopted_campaign_without_policy_urls_is_read_and_updated_in_place_without_them(
        make: Callable[..., Any], emulator: RunningEmulator, service: str) -> None:
    brand = approved_brand(emulator)
    old = {k: v for k, v in campaign_program(service, brand).items() if not k.endswith("_url")}
    emulator.client().messaging.v1.services(service).us_app_to_person.create(
        brand_registration_sid=brand, **{k: v for k, v in old.items() if k not in (
            "messaging_service_sid", "brand_registration_sid")})
    provider = make(A2PCampaignProvider)
    adopted = provider.create(checked(provider, {**old, "adopt_sid": CAMPAIGN_SID}))
    state = provider.read(adopted.id, adopted.outs).outs
    news = checked(provider, dict(old, description=old["description"] + " Agents reply within minutes."), state)
    updated = provider.update(adopted.id, state, news)  # in place: Twilio's update does not ask for the URLs
    assert updated.outs["description"].endswith("within minutes.")
    assert "privacy_policy_url" not in updated.outs
