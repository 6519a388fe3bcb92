"""How components/twilio_client.py reads credentials and the base URL (no network)."""

from __future__ import annotations

import pytest
from pulumi.dynamic import Config
from twilio.base.exceptions import TwilioException

from components.errors import TwilioConfigError
from components.twilio_client import (
    RetryPolicy,
    TwilioHttpClientWithRetries,
    build_client,
    resolve_credentials,
    resolve_retry_policy,
)

SID = "AC" + "a" * 32
KEY = "SK" + "b" * 32
TOKEN = "token-" + "c" * 26
SECRET = "secret-" + "d" * 25


def cfg(**values: str) -> Config:
    return Config({f"twilio:{k}": v for k, v in values.items()}, "flex-a2p")


def test_stack_config_auth_token() -> None:
    creds = resolve_credentials(cfg(accountSid=SID, authToken=TOKEN), environ={})
    assert (creds.account_sid, creds.username, creds.password, creds.api_base_url) == (SID, SID, TOKEN, None)


def test_stack_config_api_key_uses_account_sid_for_urls() -> None:
    client, creds = build_client(cfg(accountSid=SID, apiKey=KEY, apiSecret=SECRET), environ={})
    assert (creds.username, creds.password) == (KEY, SECRET)
    assert client.account_sid == SID and client.auth == (KEY, SECRET)


def test_config_pair_wins_over_environment() -> None:
    env = {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": SECRET, "TWILIO_ACCOUNT_SID": "AC" + "f" * 32}
    creds = resolve_credentials(cfg(accountSid=SID, authToken=TOKEN), environ=env)
    assert (creds.username, creds.password, creds.account_sid) == (SID, TOKEN, SID)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN}, (SID, TOKEN)),
        ({"TWILIO_ACCOUNT_SID": SID, "TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": SECRET}, (KEY, SECRET)),
    ],
    ids=["token", "api-key"],
)
def test_environment_fallback(env: dict[str, str], expected: tuple[str, str]) -> None:
    creds = resolve_credentials(Config({}, "flex-a2p"), environ=env)
    assert (creds.username, creds.password) == expected and creds.account_sid == SID


def test_base_url_from_config_or_environment() -> None:
    assert resolve_credentials(cfg(accountSid=SID, authToken=TOKEN, apiBaseUrl="http://127.0.0.1:4010/"),
                               environ={}).api_base_url == "http://127.0.0.1:4010"
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_API_BASE_URL": "http://localhost:1"}
    assert resolve_credentials(None, environ=env).api_base_url == "http://localhost:1"


@pytest.mark.parametrize(
    ("config", "env", "message"),
    [
        ({}, {}, "twilio:accountSid (or TWILIO_ACCOUNT_SID), twilio:authToken (or TWILIO_AUTH_TOKEN)"),
        ({"accountSid": SID}, {}, "set twilio:authToken (or TWILIO_AUTH_TOKEN)"),
        ({"accountSid": SID, "apiKey": KEY}, {}, "set twilio:apiSecret"),
        ({"apiKey": KEY, "apiSecret": SECRET}, {}, "set twilio:accountSid"),
        ({}, {"TWILIO_API_KEY": KEY, "TWILIO_ACCOUNT_SID": SID}, "set TWILIO_API_SECRET"),
        ({"accountSid": "ACnope", "authToken": TOKEN}, {}, "twilio:accountSid: must be an Account SID"),
        ({"accountSid": SID, "apiKey": "AC" + "1" * 32, "apiSecret": SECRET}, {}, "twilio:apiKey: must be an API key SID"),
        ({"accountSid": SID, "authToken": TOKEN, "apiBaseUrl": "127.0.0.1:4010"}, {}, "twilio:apiBaseUrl: must be"),
    ],
)
def test_bad_configuration_names_the_key_and_never_the_secret(config: dict[str, str], env: dict[str, str],
                                                              message: str) -> None:
    with pytest.raises(TwilioConfigError) as info:
        resolve_credentials(cfg(**config), environ=env)
    assert message in str(info.value)
    assert TOKEN not in str(info.value) and SECRET not in str(info.value)


def test_credentials_repr_hides_the_secret() -> None:
    creds = resolve_credentials(cfg(accountSid=SID, authToken=TOKEN), environ={})
    assert TOKEN not in repr(creds) and "***" in repr(creds)


def test_retry_policy_from_config() -> None:
    policy = resolve_retry_policy(cfg(maxRetries="2", retryTimeout="5", requestTimeout="1.5"), environ={})
    assert (policy.max_retries, policy.max_elapsed_seconds, policy.request_timeout_seconds) == (2, 5.0, 1.5)
    assert resolve_retry_policy(None, environ={}) == RetryPolicy()
    with pytest.raises(TwilioConfigError, match="twilio:maxRetries"):
        resolve_retry_policy(cfg(maxRetries="lots"), environ={})


def test_every_twilio_product_host_is_rewritten_to_the_base_url() -> None:
    http = TwilioHttpClientWithRetries(RetryPolicy(), "http://127.0.0.1:4010")
    assert http.rewrite("https://messaging.twilio.com/v1/Services?PageSize=5") == \
        "http://127.0.0.1:4010/v1/Services?PageSize=5"
    assert http.rewrite("https://api.twilio.com/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json") == \
        "http://127.0.0.1:4010/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json"
    assert http.rewrite("https://trusthub.twilio.com/v1/CustomerProfiles") == "http://127.0.0.1:4010/v1/CustomerProfiles"
    with pytest.raises(TwilioException, match="messaging.us1.twilio.com"):
        http.rewrite("https://messaging.us1.twilio.com/v1/Services")  # never leak to real Twilio
    assert TwilioHttpClientWithRetries(RetryPolicy()).rewrite("https://api.twilio.com/x") == "https://api.twilio.com/x"


def test_the_twilio_host_travels_in_the_host_header_because_products_share_paths() -> None:
    http = TwilioHttpClientWithRetries(RetryPolicy(), "http://127.0.0.1:4010")
    assert http.target("https://flex-api.twilio.com/v1/Configuration") == \
        ("http://127.0.0.1:4010/v1/Configuration", "flex-api.twilio.com")
    assert http.target("https://conversations.twilio.com/v1/Configuration") == \
        ("http://127.0.0.1:4010/v1/Configuration", "conversations.twilio.com")
    for host in ("studio", "proxy"):
        assert http.target(f"https://{host}.twilio.com/v1/x")[1] == f"{host}.twilio.com"
    with pytest.raises(TwilioException, match="voice.twilio.com"):
        http.target("https://voice.twilio.com/v1/Calls")
    assert TwilioHttpClientWithRetries(RetryPolicy()).target("https://proxy.twilio.com/v1/Services") == \
        ("https://proxy.twilio.com/v1/Services", None)  # real Twilio: nothing rewritten, no Host set


def test_client_built_for_the_emulator_ignores_region_and_edge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_REGION", "au1")
    monkeypatch.setenv("TWILIO_EDGE", "sydney")
    client, _ = build_client(cfg(accountSid=SID, authToken=TOKEN, apiBaseUrl="http://127.0.0.1:4010"), environ={})
    assert client.region is None and client.edge is None
    assert client.get_hostname("https://messaging.twilio.com/v1/Services") == "https://messaging.twilio.com/v1/Services"
