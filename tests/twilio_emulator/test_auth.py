"""Basic auth with account SID + token or API key + secret, 401/20003 otherwise, and account scoping."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from .conftest import Raw, assert_twilio_error, buy_number

KEY_SID = "SK" + "5" * 32
KEY_SECRET = "command-line-secret"


def test_wrong_or_missing_credentials_are_401_20003(emulator: Any, raw: Raw) -> None:
    with pytest.raises(TwilioRestException) as err:
        emulator.client(emulator.account_sid, "wrong-token").messaging.v1.services.create(friendly_name="x")
    assert (err.value.status, err.value.code) == (401, 20003)
    url = emulator.base_url + "/v1/Services"
    assert_twilio_error(requests.get(url, timeout=10), 401, 20003, "No credentials")
    assert_twilio_error(requests.get(url, auth=("AC" + "9" * 32, emulator.auth_token), timeout=10), 401, 20003)
    assert_twilio_error(requests.get(url, headers={"Authorization": "Basic !!!"}, timeout=10), 401, 20003)
    assert_twilio_error(requests.get(url, headers={"Authorization": "Bearer abc"}, timeout=10), 401, 20003)
    assert requests.get(url, timeout=10).headers["www-authenticate"].startswith("Basic")
    assert raw("GET", "/v1/Services").json()["services"] == []  # nothing was created
    assert_twilio_error(requests.post(emulator.base_url + "/_emulator/reset", timeout=10), 401, 20003)


def test_api_key_from_the_command_line(emulator_factory: Any) -> None:
    emulator = emulator_factory(api_key=KEY_SID, api_secret=KEY_SECRET)
    keyed = emulator.client(KEY_SID, KEY_SECRET, emulator.account_sid)
    service = keyed.messaging.v1.services.create(friendly_name="via key")
    assert service.account_sid == emulator.account_sid
    number = keyed.incoming_phone_numbers.create(area_code="415")  # v2010 path uses the account SID
    assert number.account_sid == emulator.account_sid
    assert emulator.client().messaging.v1.services(service.sid).fetch().sid == service.sid
    with pytest.raises(TwilioRestException) as err:
        emulator.client(KEY_SID, "not-the-secret", emulator.account_sid).messaging.v1.services(service.sid).fetch()
    assert err.value.code == 20003


def test_api_key_created_through_the_keys_api(client: Any, emulator: Any) -> None:
    key = client.new_keys.create(friendly_name="ci")
    assert key.sid.startswith("SK") and key.secret
    keyed = emulator.client(key.sid, key.secret, emulator.account_sid)
    assert keyed.messaging.v1.services.create(friendly_name="keyed").account_sid == emulator.account_sid
    assert client.keys(key.sid).fetch().friendly_name == "ci"
    assert [k.sid for k in client.keys.list()] == [key.sid]
    client.keys(key.sid).delete()
    with pytest.raises(TwilioRestException) as err:
        keyed.messaging.v1.services.create(friendly_name="after revoke")
    assert (err.value.status, err.value.code) == (401, 20003)


def test_everything_is_scoped_to_the_authenticated_account(client: Any, emulator: Any) -> None:
    service = client.messaging.v1.services.create(friendly_name="main's")
    number = buy_number(client)
    sub = client.api.v2010.accounts.create(friendly_name="tenant")
    assert sub.sid.startswith("AC") and sub.auth_token and sub.owner_account_sid == emulator.account_sid
    tenant = emulator.client(sub.sid, sub.auth_token, sub.sid)

    assert tenant.messaging.v1.services.list() == []
    with pytest.raises(TwilioRestException) as err:
        tenant.messaging.v1.services(service.sid).fetch()
    assert (err.value.status, err.value.code) == (404, 20404)  # existence is not leaked
    with pytest.raises(TwilioRestException) as err:
        tenant.messaging.v1.services(service.sid).delete()
    assert err.value.code == 20404
    with pytest.raises(TwilioRestException) as err:
        tenant.api.v2010.accounts(emulator.account_sid).incoming_phone_numbers(number.sid).fetch()
    assert (err.value.status, err.value.code) == (401, 20003)
    own = tenant.messaging.v1.services.create(friendly_name="tenant's")
    with pytest.raises(TwilioRestException) as err:  # a number of another account cannot join this service
        tenant.messaging.v1.services(own.sid).phone_numbers.create(phone_number_sid=number.sid)
    assert err.value.code == 21421

    # the main account reaches its subaccount's v2010 resources, not its v1 ones
    tenant_number = tenant.incoming_phone_numbers.create(area_code="646")
    assert client.api.v2010.accounts(sub.sid).incoming_phone_numbers(tenant_number.sid).fetch().sid == tenant_number.sid
    assert [s.sid for s in client.messaging.v1.services.list()] == [service.sid]
    assert client.api.v2010.accounts(sub.sid).fetch().auth_token is None  # never stored in plain text
    with pytest.raises(TwilioRestException) as err:
        tenant.api.v2010.accounts.create(friendly_name="grandchild")
    assert err.value.status == 400


def test_a_parent_reaches_a_subaccount_as_twilio_documents(client: Any, emulator: Any) -> None:
    """D19: the parent's SID and token act on a subaccount's v2010 resources (keys, numbers); its v1 objects need the
    subaccount's own credentials; neither the parent's token under the subaccount's SID nor a parent key gets in."""
    sub = client.api.v2010.accounts.create(friendly_name="tenant")
    key = client.api.v2010.accounts(sub.sid).new_keys.create(friendly_name="tenant key")  # parent acting on the sub
    tenant = emulator.client(key.sid, key.secret, sub.sid)
    service = tenant.messaging.v1.services.create(friendly_name="tenant's")
    assert service.account_sid == sub.sid
    assert client.api.v2010.accounts(sub.sid).keys(key.sid).fetch().sid == key.sid

    with pytest.raises(TwilioRestException) as err:  # the parent's own v1 view holds only its own objects
        client.messaging.v1.services(service.sid).fetch()
    assert (err.value.status, err.value.code) == (404, 20404)
    with pytest.raises(TwilioRestException) as err:  # subaccount SID with the parent's token: not a credential
        emulator.client(sub.sid, emulator.auth_token, sub.sid).messaging.v1.services.create(friendly_name="x")
    assert (err.value.status, err.value.code) == (401, 20003)

    parent_key = client.new_keys.create(friendly_name="main key")
    parent_keyed = emulator.client(parent_key.sid, parent_key.secret, emulator.account_sid)
    assert parent_keyed.api.v2010.accounts(emulator.account_sid).fetch().sid == emulator.account_sid
    for call in (lambda: parent_keyed.api.v2010.accounts(sub.sid).fetch(),
                 lambda: parent_keyed.api.v2010.accounts(sub.sid).incoming_phone_numbers.create(area_code="415"),
                 lambda: parent_keyed.api.v2010.accounts(sub.sid).new_keys.create(friendly_name="x")):
        with pytest.raises(TwilioRestException) as err:  # a main account's key reaches the main account only
            call()
        assert (err.value.status, err.value.code) == (401, 20003)
    with pytest.raises(TwilioRestException) as err:  # and a subaccount's key never reaches its parent
        tenant.api.v2010.accounts(emulator.account_sid).fetch()
    assert (err.value.status, err.value.code) == (401, 20003)


def test_a_fault_can_be_scoped_to_one_account(client: Any, emulator: Any) -> None:
    """D33: `account` limits a fault to requests naming that account, by its SID or one of its API keys."""
    first, second = (client.api.v2010.accounts.create(friendly_name=n) for n in ("first", "second"))
    key = client.api.v2010.accounts(first.sid).new_keys.create()
    keyed_first = emulator.client(key.sid, key.secret, first.sid)
    plain_second = emulator.client(second.sid, second.auth_token, second.sid)
    emulator.add_fault(method="POST", path="/v1/Services", count=1, status=429, code=20429, account=first.sid)
    assert plain_second.messaging.v1.services.create(friendly_name="second's").account_sid == second.sid  # another account: untouched, the fault stays
    with pytest.raises(TwilioRestException) as err:
        keyed_first.messaging.v1.services.create(friendly_name="throttled")
    assert (err.value.status, err.value.code) == (429, 20429)
    assert keyed_first.messaging.v1.services.create(friendly_name="first's").account_sid == first.sid  # used up
    with pytest.raises(Exception, match="account"):
        emulator.add_fault(path="/v1/Services", status=429, account="SK123")
