"""Independent grpcio server for hub.v1.EchoService, the baseline peer in benchmarks.

Usage: /usr/bin/python3 echo_server.py --descriptor-set PATH --port N [--workers 4]

Binds 127.0.0.1 (port 0 picks a free port), prints "LISTENING <port>" once serving and runs
until SIGTERM/SIGINT or until stdin closes. Echo returns the request payload unchanged.
Message classes are built from a FileDescriptorSet (with imports) rather than generated code,
so the peer works with whatever protobuf runtime the system grpcio ships with.
"""

import argparse
import sys

import grpc

from peer import load_messages, serve


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--descriptor-set", required=True, help="serialized FileDescriptorSet including imports")
    parser.add_argument("--port", required=True, type=int, help="0 picks a free port")
    parser.add_argument("--workers", default=4, type=int, help="handler threads")
    args = parser.parse_args()

    serve(echo_handler(load_messages(args.descriptor_set)), args.port, args.workers)


if __name__ == "__main__":
    main()
