"""Independent grpcio client running gRPC interop test cases against grpc.testing.TestService.

Usage: /usr/bin/python3 interop_client.py --descriptor-set PATH --port N --case NAME [--host 127.0.0.1]

Prints "PASS <case>" and exits 0 when the case holds; otherwise prints the reason and exits 1.
Message classes are built from a FileDescriptorSet (with imports) rather than generated code,
so the peer works with whatever protobuf runtime the system grpcio ships with.
"""

import argparse
import sys
import time
from types import SimpleNamespace

import grpc

from peer import load_messages

TEST_SERVICE = "/grpc.testing.TestService/"
UNIMPLEMENTED_SERVICE = "/grpc.testing.UnimplementedService/"

# Deadline for calls that are expected to finish, so a broken server fails a case instead of hanging it.
CALL_TIMEOUT_S = 10.0

LARGE_REQUEST_SIZE = 271828
LARGE_RESPONSE_SIZE = 314159
STREAMING_RESPONSE_SIZES = (31415, 9, 2653, 58979)
ECHO_INITIAL_KEY = "x-grpc-test-echo-initial"
ECHO_INITIAL_VALUE = "test_initial_metadata_value"
ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin"
ECHO_TRAILING_VALUE = b"\x0a\x0b\x0a\x0b\x0a\x0b"
SPECIAL_STATUS_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
# Project convention: the interop servers sleep this many milliseconds before answering.
SLEEP_KEY = "x-interop-sleep-ms"


class CaseFailed(Exception):
    """A case's expectation did not hold; the message says which."""


class TestClient:
    """Message classes and call objects for TestService and UnimplementedService."""

    def __init__(self, channel, messages):
        # Short names, e.g. self.msg.SimpleRequest; the test messages and the wrappers they use.
        self.msg = SimpleNamespace(
            **{
                name.rsplit(".", 1)[1]: cls
                for name, cls in messages.items()
                if name.rsplit(".", 1)[0] in ("grpc.testing", "google.protobuf")
            }
        )
        self.empty_call = self._unary(channel, TEST_SERVICE + "EmptyCall", self.msg.Empty)
        self.unary_call = self._unary(channel, TEST_SERVICE + "UnaryCall", self.msg.SimpleResponse)
        self.streaming_output_call = channel.unary_stream(
            TEST_SERVICE + "StreamingOutputCall",
            request_serializer=_serialize,
            response_deserializer=self.msg.StreamingOutputCallResponse.FromString,
        )
        self.unimplemented_method = self._unary(channel, TEST_SERVICE + "UnimplementedCall", self.msg.Empty)
        self.unimplemented_service = self._unary(channel, UNIMPLEMENTED_SERVICE + "UnimplementedCall", self.msg.Empty)

    @staticmethod
    def _unary(channel, path, response_class):
        return channel.unary_unary(path, request_serializer=_serialize, response_deserializer=response_class.FromString)

    def large_request(self, **fields):
        """A SimpleRequest for the large payload both ways, plus the given fields."""
        return self.msg.SimpleRequest(
            response_size=LARGE_RESPONSE_SIZE, payload=self.msg.Payload(body=bytes(LARGE_REQUEST_SIZE)), **fields
        )


def _serialize(message):
    return message.SerializeToString()


def expect(condition, reason):
    if not condition:
        raise CaseFailed(reason)


def expect_payload(response, size):
    body = response.payload.body
    expect(body == bytes(size), f"expected a payload of {size} zero bytes, got {len(body)} bytes")


def expect_status(code, details, invoke):
    """Runs invoke() and expects the RPC it makes to fail with code and, unless None, details."""
    try:
        invoke()
    except grpc.RpcError as error:
        expect(error.code() == code, f"expected status {code}, got {error.code()} ({error.details()!r})")
        if details is not None:
            expect(error.details() == details, f"expected details {details!r}, got {error.details()!r}")
        return
    raise CaseFailed(f"expected status {code}, but the call succeeded")


def expect_metadata(metadata, key, value, kind):
    values = [v for k, v in metadata or () if k == key]
    expect(values == [value], f"expected {kind} metadata {key}={value!r}, got {values!r}")


def case_empty_unary(client):
    response = client.empty_call(client.msg.Empty(), timeout=CALL_TIMEOUT_S)
    expect(response == client.msg.Empty(), f"expected an empty response, got {response}")


def case_large_unary(client):
    expect_payload(client.unary_call(client.large_request(), timeout=CALL_TIMEOUT_S), LARGE_RESPONSE_SIZE)


def case_server_streaming(client):
    request = client.msg.StreamingOutputCallRequest(
        response_parameters=[client.msg.ResponseParameters(size=size) for size in STREAMING_RESPONSE_SIZES]
    )
    responses = list(client.streaming_output_call(request, timeout=CALL_TIMEOUT_S))
    expect(
        len(responses) == len(STREAMING_RESPONSE_SIZES),
        f"expected {len(STREAMING_RESPONSE_SIZES)} responses, got {len(responses)}",
    )
    for response, size in zip(responses, STREAMING_RESPONSE_SIZES):
        expect_payload(response, size)


def case_status_code_and_message(client):
    message = "test status message"
    status = client.msg.EchoStatus(code=grpc.StatusCode.UNKNOWN.value[0], message=message)
    unary = client.msg.SimpleRequest(response_status=status)
    expect_status(grpc.StatusCode.UNKNOWN, message, lambda: client.unary_call(unary, timeout=CALL_TIMEOUT_S))
    streaming = client.msg.StreamingOutputCallRequest(response_status=status)
    # A server-streaming call reports its status once the stream is read to the end.
    expect_status(
        grpc.StatusCode.UNKNOWN, message, lambda: list(client.streaming_output_call(streaming, timeout=CALL_TIMEOUT_S))
    )


def case_special_status_message(client):
    status = client.msg.EchoStatus(code=grpc.StatusCode.UNKNOWN.value[0], message=SPECIAL_STATUS_MESSAGE)
    request = client.msg.SimpleRequest(response_status=status)
    expect_status(
        grpc.StatusCode.UNKNOWN, SPECIAL_STATUS_MESSAGE, lambda: client.unary_call(request, timeout=CALL_TIMEOUT_S)
    )


def case_unimplemented_method(client):
    expect_status(
        grpc.StatusCode.UNIMPLEMENTED,
        None,
        lambda: client.unimplemented_method(client.msg.Empty(), timeout=CALL_TIMEOUT_S),
    )


def case_unimplemented_service(client):
    expect_status(
        grpc.StatusCode.UNIMPLEMENTED,
        None,
        lambda: client.unimplemented_service(client.msg.Empty(), timeout=CALL_TIMEOUT_S),
    )


def case_custom_metadata(client):
    metadata = ((ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE), (ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE))

    response, call = client.unary_call.with_call(client.large_request(), metadata=metadata, timeout=CALL_TIMEOUT_S)
    expect_payload(response, LARGE_RESPONSE_SIZE)
    expect_metadata(call.initial_metadata(), ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE, "unary initial")
    expect_metadata(call.trailing_metadata(), ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE, "unary trailing")

    request = client.msg.StreamingOutputCallRequest(
        response_parameters=[client.msg.ResponseParameters(size=LARGE_RESPONSE_SIZE)],
        payload=client.msg.Payload(body=bytes(LARGE_REQUEST_SIZE)),
    )
    call = client.streaming_output_call(request, metadata=metadata, timeout=CALL_TIMEOUT_S)
    responses = list(call)
    expect(len(responses) == 1, f"expected 1 streamed response, got {len(responses)}")
    expect_payload(responses[0], LARGE_RESPONSE_SIZE)
    expect_metadata(call.initial_metadata(), ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE, "streaming initial")
    expect_metadata(call.trailing_metadata(), ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE, "streaming trailing")


def case_client_compressed_unary(client):
    # The upstream "probe" step (a compressed request to a server that rejects it) is skipped:
    # the servers under test all support compression.
    compressed = client.large_request(expect_compressed=client.msg.BoolValue(value=True))
    response = client.unary_call(compressed, compression=grpc.Compression.Gzip, timeout=CALL_TIMEOUT_S)
    expect_payload(response, LARGE_RESPONSE_SIZE)

    uncompressed = client.large_request(expect_compressed=client.msg.BoolValue(value=False))
    response = client.unary_call(uncompressed, compression=grpc.Compression.NoCompression, timeout=CALL_TIMEOUT_S)
    expect_payload(response, LARGE_RESPONSE_SIZE)


def case_server_compressed_unary(client):
    # grpcio does not expose whether a received message was compressed, so success is the check.
    for compressed in (True, False):
        request = client.large_request(response_compressed=client.msg.BoolValue(value=compressed))
        expect_payload(client.unary_call(request, timeout=CALL_TIMEOUT_S), LARGE_RESPONSE_SIZE)


def case_timeout_on_sleeping_server(client):
    sleep_ms, timeout_s, limit_s = 10000, 0.2, 8.0
    request = client.msg.SimpleRequest(response_size=0, payload=client.msg.Payload(body=b""))
    started = time.monotonic()
    expect_status(
        grpc.StatusCode.DEADLINE_EXCEEDED,
        None,
        lambda: client.unary_call(request, metadata=((SLEEP_KEY, str(sleep_ms)),), timeout=timeout_s),
    )
    elapsed = time.monotonic() - started
    expect(elapsed < limit_s, f"the call took {elapsed:.2f} s to fail; expected well under the {sleep_ms} ms sleep")


# In the order "--case all" runs them.
CASES = {
    "empty_unary": case_empty_unary,
    "large_unary": case_large_unary,
    "server_streaming": case_server_streaming,
    "status_code_and_message": case_status_code_and_message,
    "special_status_message": case_special_status_message,
    "unimplemented_method": case_unimplemented_method,
    "unimplemented_service": case_unimplemented_service,
    "custom_metadata": case_custom_metadata,
    "client_compressed_unary": case_client_compressed_unary,
    "server_compressed_unary": case_server_compressed_unary,
    "timeout_on_sleeping_server": case_timeout_on_sleeping_server,
}


def run_case(name, client):
    """Runs one case, prints its outcome and returns whether it passed."""
    try:
        CASES[name](client)
    except CaseFailed as failure:
        print(f"FAIL {name}: {failure}", flush=True)
        return False
    except grpc.RpcError as error:
        print(f"FAIL {name}: unexpected RPC failure {error.code()} ({error.details()!r})", flush=True)
        return False
    print(f"PASS {name}", flush=True)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--descriptor-set", required=True, help="serialized FileDescriptorSet including imports")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--case", required=True, choices=[*CASES, "all"])
    args = parser.parse_args()

    messages = load_messages(args.descriptor_set)
    names = list(CASES) if args.case == "all" else [args.case]
    # Plaintext HTTP/2; proxies from the environment must not sit between the test peers.
    with grpc.insecure_channel(f"{args.host}:{args.port}", options=(("grpc.enable_http_proxy", 0),)) as channel:
        client = TestClient(channel, messages)
        results = [run_case(name, client) for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
