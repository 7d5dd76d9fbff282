"""Asks a server's grpc.health.v1.Health/Check and prints the status name, as a partner's monitor would.

Usage: /usr/bin/python3 health_check.py --descriptor-set PATH --port N [--service NAME]

Prints e.g. "SERVING" and exits 0 when the call succeeds; prints the gRPC error and exits 1 otherwise.
"""

import argparse
import sys

import grpc

from peer import load_messages


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--descriptor-set", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--service", default="")
    args = parser.parse_args()

    messages = load_messages(args.descriptor_set)
    request_class = messages["grpc.health.v1.HealthCheckRequest"]
    response_class = messages["grpc.health.v1.HealthCheckResponse"]
    options = [("grpc.enable_http_proxy", 0)]
    with grpc.insecure_channel(f"{args.host}:{args.port}", options=options) as channel:
        check = channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=request_class.SerializeToString,
            response_deserializer=response_class.FromString,
        )
        try:
            response = check(request_class(service=args.service), timeout=10)
        except grpc.RpcError as error:
            print(f"{error.code().name}: {error.details()}")
            return 1
    print(response_class.DESCRIPTOR.enum_types_by_name["ServingStatus"].values_by_number[response.status].name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
