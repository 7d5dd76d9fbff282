"""Independent grpcio server implementing grpc.testing.TestService for interop tests.

Usage: /usr/bin/python3 interop_server.py --descriptor-set PATH [--port 0]

Binds 127.0.0.1 (port 0 picks a free port), prints "LISTENING <port>" once serving and runs
until SIGTERM/SIGINT or until stdin closes. UnimplementedCall and UnimplementedService are
deliberately not registered, so calls to them fail with UNIMPLEMENTED.
Message classes are built from a FileDescriptorSet (with imports) rather than generated code,
so the peer works with whatever protobuf runtime the system grpcio ships with.
"""

import argparse
import sys
import time

import grpc

from peer import load_messages, serve

ECHO_INITIAL_KEY = "x-grpc-test-echo-initial"
ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin"
# Project convention: sleep this many milliseconds before answering (for deadline tests).
SLEEP_KEY = "x-interop-sleep-ms"
SLEEP_POLL_S = 0.01

STATUS_CODES = {code.value[0]: code for code in grpc.StatusCode}


class TestService:
    def __init__(self, messages):
        self._empty = messages["grpc.testing.Empty"]
        self._simple_request = messages["grpc.testing.SimpleRequest"]
        self._simple_response = messages["grpc.testing.SimpleResponse"]
        self._streaming_request = messages["grpc.testing.StreamingOutputCallRequest"]
        self._streaming_response = messages["grpc.testing.StreamingOutputCallResponse"]

    def handler(self):
        return grpc.method_handlers_generic_handler(
            "grpc.testing.TestService",
            {
                "EmptyCall": grpc.unary_unary_rpc_method_handler(
                    self.empty_call, self._empty.FromString, _serialize
                ),
                "UnaryCall": grpc.unary_unary_rpc_method_handler(
                    self.unary_call, self._simple_request.FromString, _serialize
                ),
                "StreamingOutputCall": grpc.unary_stream_rpc_method_handler(
                    self.streaming_output_call, self._streaming_request.FromString, _serialize
                ),
            },
        )

    def empty_call(self, request, context):
        _begin_call(context)
        return self._empty()

    def unary_call(self, request, context):
        _begin_call(context)
        if request.HasField("response_compressed"):
            context.set_compression(
                grpc.Compression.Gzip if request.response_compressed.value else grpc.Compression.NoCompression
            )
        _abort_if_requested(request, context)
        return self._simple_response(payload={"type": request.response_type, "body": bytes(request.response_size)})

    def streaming_output_call(self, request, context):
        _begin_call(context)
        for parameters in request.response_parameters:
            if parameters.interval_us > 0:
                time.sleep(parameters.interval_us / 1_000_000)
            yield self._streaming_response(payload={"type": request.response_type, "body": bytes(parameters.size)})
        _abort_if_requested(request, context)


def _serialize(message):
    return message.SerializeToString()


def _begin_call(context):
    """Echoes the test metadata and performs any requested sleep before the call is answered."""
    metadata = context.invocation_metadata()
    initial = [(key, value) for key, value in metadata if key == ECHO_INITIAL_KEY]
    if initial:
        context.send_initial_metadata(initial)
    trailing = [(key, value) for key, value in metadata if key == ECHO_TRAILING_KEY]
    if trailing:
        context.set_trailing_metadata(trailing)

    sleep_ms = next((value for key, value in metadata if key == SLEEP_KEY), None)
    if sleep_ms is not None:
        # Sleep in small steps so a cancelled or expired call frees its worker promptly;
        # whatever the handler then returns is dropped by grpcio.
        wake_at = time.monotonic() + int(sleep_ms) / 1000
        while context.is_active() and time.monotonic() < wake_at:
            time.sleep(SLEEP_POLL_S)


def _abort_if_requested(request, context):
    status = request.response_status
    if status.code != 0:
        context.abort(STATUS_CODES.get(status.code, grpc.StatusCode.UNKNOWN), status.message)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--descriptor-set", required=True, help="serialized FileDescriptorSet including imports")
    parser.add_argument("--port", default=0, type=int, help="0 picks a free port")
    args = parser.parse_args()

    serve(TestService(load_messages(args.descriptor_set)).handler(), args.port, workers=16)


if __name__ == "__main__":
    main()
