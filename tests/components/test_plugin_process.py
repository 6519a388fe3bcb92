"""The production path without the CLI: the real dynamic-provider plugin (`python -u -m pulumi.dynamic`) in its own
process, spoken to over gRPC as the engine does. It unpickles ``__provider``, calls configure() with the full
stack config (secrets included), and runs check/create/read/delete."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import json_format, struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2 as proto
from pulumi.runtime.proto import provider_pb2_grpc

from components.messaging_service import MessagingServiceProvider
from twilio_emulator.testing import RunningEmulator

URN = "urn:pulumi:dev::flex-a2p::pulumi-python:dynamic/twilio:MessagingService::svc"


def struct(values: dict[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(values)
    return s


def plain(s: struct_pb2.Struct) -> dict[str, Any]:
    return json_format.MessageToDict(s)


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[tuple[Any, subprocess.Popen[str]]]:
    env = {**os.environ, "PULUMI_PROJECT": "flex-a2p"}
    process = subprocess.Popen([sys.executable, "-u", "-m", "pulumi.dynamic"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        yield provider_pb2_grpc.ResourceProviderStub(channel), process
        channel.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_plugin_runs_the_provider_with_secret_stack_config(plugin: Any, emulator: RunningEmulator) -> None:
    stub, process = plugin
    secret = {rpc._special_sig_key: rpc._special_secret_sig, "value": emulator.auth_token}
    stub.Configure(proto.ConfigureRequest(args=struct({
        "twilio:accountSid": emulator.account_sid, "twilio:authToken": secret, "twilio:apiBaseUrl": emulator.base_url,
        "flex-a2p:messagingService": "{}",  # the engine sends the whole stack config
    })))
    pickled = serialize_provider(MessagingServiceProvider())

    checked = stub.Check(proto.CheckRequest(urn=URN, olds=struct({}),
                                            news=struct({"__provider": pickled, "friendly_name": "flex-dev"})))
    inputs = plain(checked.inputs)
    assert list(checked.failures) == [] and inputs["use_inbound_webhook_on_number"] is True

    created = stub.Create(proto.CreateRequest(urn=URN, properties=checked.inputs))
    outs = plain(created.properties)
    assert created.id.startswith("MG") and outs["sid"] == created.id and outs["__provider"] == pickled
    assert emulator.client().messaging.v1.services(created.id).fetch().use_inbound_webhook_on_number is True

    read = stub.Read(proto.ReadRequest(id=created.id, urn=URN, properties=created.properties))
    assert read.id == created.id and plain(read.inputs)["friendly_name"] == "flex-dev"

    diff = stub.Diff(proto.DiffRequest(id=created.id, urn=URN, olds=created.properties, news=checked.inputs))
    assert diff.changes == proto.DiffResponse.DIFF_NONE

    stub.Delete(proto.DeleteRequest(id=created.id, urn=URN, properties=created.properties))
    assert emulator.client().messaging.v1.services.list() == []
    gone = stub.Read(proto.ReadRequest(id=created.id, urn=URN, properties=created.properties))
    assert gone.id == ""

    # A failing call reaches the engine as an UNKNOWN gRPC error with Twilio's code, and without the token.
    bad = struct({**plain(checked.inputs), "adopt_sid": "MG" + "0" * 32})
    with pytest.raises(grpc.RpcError) as info:
        stub.Create(proto.CreateRequest(urn=URN, properties=bad))
    details = info.value.details()
    assert info.value.code() == grpc.StatusCode.UNKNOWN
    assert "adopt_sid: Messaging Service MG000" in details and emulator.auth_token not in details

    process.terminate()
    _, stderr = process.communicate(timeout=10)
    assert emulator.auth_token not in stderr


def test_a_refusal_reaches_the_engine_as_one_line_and_a_bug_keeps_its_traceback(
    plugin: Any, emulator: RunningEmulator
) -> None:
    stub, _ = plugin
    stub.Configure(proto.ConfigureRequest(args=struct({
        "twilio:accountSid": emulator.account_sid, "twilio:authToken": emulator.auth_token,
        "twilio:apiBaseUrl": emulator.base_url,
    })))
    pickled = serialize_provider(MessagingServiceProvider())
    missing = "MG" + "0" * 32
    with pytest.raises(grpc.RpcError) as refused:
        stub.Create(proto.CreateRequest(urn=URN, properties=struct(
            {"__provider": pickled, "friendly_name": "flex-dev", "adopt_sid": missing})))
    details = refused.value.details()
    assert details.startswith(f"flex-a2p: adopt_sid: Messaging Service {missing} does not exist"), details
    assert "Traceback" not in details and details.count("\n") <= 1

    with pytest.raises(grpc.RpcError) as bug:  # no friendly_name: create cannot even build its request
        stub.Create(proto.CreateRequest(urn=URN, properties=struct({"__provider": pickled})))
    details = bug.value.details()
    assert details.startswith("flex-a2p: unexpected error in MessagingServiceProvider.create (a flex-a2p bug)")
    assert "Traceback (most recent call last)" in details and "KeyError: 'friendly_name'" in details
    assert emulator.auth_token not in details
