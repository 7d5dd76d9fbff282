"""Independent grpcio server for hub.v1.EchoService, the baseline peer in benchmarks.

Usage: /usr/bin/python3 echo_server.py --descriptor-set PATH --port N [--workers 4]

Binds 127.0.0.1 (port 0 picks a free port), prints "LISTENING <port>" once serving and runs
until SIGTERM/SIGINT or until stdin closes. Echo returns the request payload unchanged.
Message classes are built from a FileDescriptorSet (with imports) rather than generated code,
so the peer works with whatever protobuf runtime the system grpcio ships with.
"""

import argparse
import signal
import sys
import threading
from concurrent import futures

import grpc

from descriptors import load_messages


def echo_handler(messages):
    request_class = messages["hub.v1.EchoRequest"]
    response_class = messages["hub.v1.EchoResponse"]

    def echo(request, context):
        return response_class(payload=request.payload)

    return grpc.method_handlers_generic_handler(
        "hub.v1.EchoService",
        {
            "Echo": grpc.unary_unary_rpc_method_handler(
                echo, request_class.FromString, lambda response: response.SerializeToString()
            )
        },
    )


def wait_for_shutdown():
    """Blocks until SIGTERM/SIGINT arrives or stdin reaches end of file."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    # The parent process holds stdin open; closing it (or dying) stops the server.
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--descriptor-set", required=True, help="serialized FileDescriptorSet including imports")
    parser.add_argument("--port", required=True, type=int, help="0 picks a free port")
    parser.add_argument("--workers", default=4, type=int, help="handler threads")
    args = parser.parse_args()

    # Without so_reuseport=0 a second server could silently share an explicitly given port.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.workers), options=(("grpc.so_reuseport", 0),))
    server.add_generic_rpc_handlers((echo_handler(load_messages(args.descriptor_set)),))
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    print(f"LISTENING {port}", flush=True)
    wait_for_shutdown()
    server.stop(grace=1).wait()


if __name__ == "__main__":
    main()
