"""Helpers for run.sh (system python3 with grpcio; no generated code).

  wiretool.py frame --size N --out FILE
      writes one gRPC message frame of hub.v1.EchoRequest{payload}: flag 0, 4-byte big-endian
      length, then the protobuf bytes 0x0a <varint len> <payload>. The payload is N bytes of
      'a'..'z' repeating, the same bytes EchoServers' bare mode answers with.
  wiretool.py check --port P --size N [--timeout S]
      calls /hub.v1.EchoService/Echo on 127.0.0.1:P with grpcio until it answers (or S seconds
      pass) and checks grpc-status OK and that the reply is EchoResponse{payload}; exit 1 if not.
  wiretool.py latency FILE...
      reads h2load --log-file output (start, status, duration in microseconds; tab separated)
      and prints "count p50_us p99_us non2xx".
"""

import argparse
import sys
import time


def payload(size):
    return bytes(ord("a") + i % 26 for i in range(size))


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def echo_message(size):
    """EchoRequest and EchoResponse share one layout: field 1, bytes."""
    data = payload(size)
    return b"\x0a" + varint(len(data)) + data if data else b""


def frame(args):
    message = echo_message(args.size)
    with open(args.out, "wb") as out:
        out.write(b"\x00" + len(message).to_bytes(4, "big") + message)


def check(args):
    import grpc

    expected = echo_message(args.size)
    deadline = time.monotonic() + args.timeout
    last_error = "no attempt"
    # No proxy: the servers are on loopback, whatever http_proxy says.
    options = [("grpc.enable_http_proxy", 0)]
    while time.monotonic() < deadline:
        with grpc.insecure_channel(f"127.0.0.1:{args.port}", options=options) as channel:
            # No serializers: the raw protobuf bytes go out and come back as they are.
            echo = channel.unary_unary("/hub.v1.EchoService/Echo")
            try:
                reply, call = echo.with_call(expected, timeout=2)
            except grpc.RpcError as error:
                last_error = f"{error.code()}: {error.details()}"
                if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                    time.sleep(0.2)
                    continue
                break
            if call.code() != grpc.StatusCode.OK:
                last_error = f"status {call.code()}"
                break
            if reply != expected:
                last_error = f"reply {reply[:16]!r}... ({len(reply)} bytes) is not the echoed payload"
                break
            print(f"OK grpc-status 0, {len(reply)}-byte EchoResponse echoed")
            return 0
    print(f"FAIL {last_error}", file=sys.stderr)
    return 1


def latency(args):
    durations = []
    non2xx = 0
    for path in args.files:
        with open(path, "rb") as log:
            for line in log:
                fields = line.split(b"\t")
                if len(fields) < 3:
                    continue
                if not fields[1].startswith(b"2"):
                    non2xx += 1
                durations.append(int(fields[2]))
    if not durations:
        print("0 nan nan 0")
        return 1
    durations.sort()

    def rank(fraction):
        return durations[min(len(durations) - 1, int(fraction * len(durations)))]

    print(f"{len(durations)} {rank(0.50)} {rank(0.99)} {non2xx}")
    return 0


def main():
    parser = argparse.ArgumentParser(description="helpers for bench/wire/run.sh")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("frame")
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(run=frame)
    p = commands.add_parser("check")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--timeout", type=float, default=30)
    p.set_defaults(run=check)
    p = commands.add_parser("latency")
    p.add_argument("files", nargs="+")
    p.set_defaults(run=latency)
    args = parser.parse_args()
    sys.exit(args.run(args) or 0)


if __name__ == "__main__":
    main()
