"""A minimal `twilio` resource provider plugin standing in for the Terraform-bridged one in CLI tests.

Only `twilio:index/messagingServicesV1:MessagingServicesV1` is served: Create POSTs the service to the emulator
(TWILIO_API_BASE_URL with the emulator's credentials) the way the bridged provider would, so a test can tell
from the emulator whether anything was created. Inputs are camelCase like the bridged SDK's.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent import futures

import grpc
import requests
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

TYPE = "twilio:index/messagingServicesV1:MessagingServicesV1"
FORM_NAMES = {"friendlyName": "FriendlyName", "useInboundWebhookOnNumber": "UseInboundWebhookOnNumber",
              "inboundRequestUrl": "InboundRequestUrl", "fallbackUrl": "FallbackUrl", "statusCallback": "StatusCallback"}


def _auth() -> tuple[str, str]:
    return os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"]


class Provider(provider_pb2_grpc.ResourceProviderServicer):
    def GetPluginInfo(self, request, context):
        return plugin_pb2.PluginInfo(version="0.0.1")

    def CheckConfig(self, request, context):
        return provider_pb2.CheckResponse(inputs=request.news)

    def DiffConfig(self, request, context):
        return provider_pb2.DiffResponse()

    def Configure(self, request, context):
        return provider_pb2.ConfigureResponse(acceptSecrets=True, supportsPreview=False)

    def Check(self, request, context):
        return provider_pb2.CheckResponse(inputs=request.news)

    def Diff(self, request, context):
        olds = json_format.MessageToDict(request.olds)
        news = json_format.MessageToDict(request.news)
        changed = [k for k in news if k != "sid" and olds.get(k) != news[k]]
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME if changed else provider_pb2.DiffResponse.DIFF_NONE,
            diffs=changed,
        )

    def Create(self, request, context):
        if request.type != TYPE:
            context.abort(grpc.StatusCode.UNIMPLEMENTED, f"stand-in provider does not serve {request.type}")
        inputs = json_format.MessageToDict(request.properties)
        form = {FORM_NAMES[k]: str(v).lower() if isinstance(v, bool) else v for k, v in inputs.items() if k in FORM_NAMES}
        response = requests.post(f"{os.environ['TWILIO_API_BASE_URL']}/v1/Services", data=form, auth=_auth(), timeout=30)
        if response.status_code >= 400:
            context.abort(grpc.StatusCode.UNKNOWN, f"Twilio error {response.status_code}: {response.text}")
        service = response.json()
        outputs = struct_pb2.Struct()
        outputs.update({**inputs, "sid": service["sid"],
                        "useInboundWebhookOnNumber": service.get("use_inbound_webhook_on_number")})
        return provider_pb2.CreateResponse(id=service["sid"], properties=outputs)

    def Read(self, request, context):
        return provider_pb2.ReadResponse(id=request.id, properties=request.properties, inputs=request.inputs)

    def Update(self, request, context):
        return provider_pb2.UpdateResponse(properties=request.news)

    def Delete(self, request, context):
        requests.delete(f"{os.environ['TWILIO_API_BASE_URL']}/v1/Services/{request.id}", auth=_auth(), timeout=30)
        return empty_pb2.Empty()


def main() -> None:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(Provider(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop(0)


if __name__ == "__main__":
    main()
