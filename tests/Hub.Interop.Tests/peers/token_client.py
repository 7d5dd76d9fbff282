"""A partner system in Python: fetches OAuth tokens with plain HTTP and calls the hub with grpcio.

Usage: /usr/bin/python3 token_client.py --descriptor-set PATH --port N --token-url URL --admin-secret SECRET

As the operator (hub-admin) it registers an agency; as that agency it registers a person and lists
the directory; then it shows what the hub answers to a wrong secret and to a call without a token.
The token requests use only the standard library (urllib, client_secret_post); the calls carry
("authorization", "Bearer <token>") metadata. One line per step, e.g. "REGISTERED <agency id> <client id>".
Exits 0 when every step answered as expected, 1 otherwise.
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import grpc

from peer import load_messages


class TokenError(Exception):
    """The token service refused: error is the OAuth error code, e.g. invalid_client."""

    def __init__(self, error, description):
        super().__init__(f"{error}: {description}")
        self.error = error


def fetch_token(token_url, client_id, client_secret):
    """Returns the token service's JSON answer: access_token, token_type, expires_in, scope."""
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret}
    ).encode()
    request = urllib.request.Request(token_url, data=form, headers={"Accept": "application/json"})
    # The hub listens on loopback; a proxy from the environment must not get in between.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as refused:
        answer = json.load(refused)
        raise TokenError(answer.get("error"), answer.get("error_description")) from None


class Hub:
    """Unary calls to the hub's services, with message classes from a descriptor set."""

    def __init__(self, channel, messages):
        self._channel = channel
        self._messages = messages

    def message(self, message_name, /, **fields):
        # Positional-only, so a message's own field called "name" can be passed as a keyword.
        return self._messages[f"hub.v1.{message_name}"](**fields)

    def call(self, service, method, request, token=None):
        response_class = self._messages[f"hub.v1.{method}Response"]
        rpc = self._channel.unary_unary(
            f"/hub.v1.{service}/{method}",
            request_serializer=type(request).SerializeToString,
            response_deserializer=response_class.FromString,
        )
        metadata = (("authorization", "Bearer " + token),) if token is not None else ()
        return rpc(request, metadata=metadata, timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descriptor-set", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token-url", required=True)
    parser.add_argument("--admin-secret", required=True)
    args = parser.parse_args()

    options = [("grpc.enable_http_proxy", 0)]
    with grpc.insecure_channel(f"{args.host}:{args.port}", options=options) as channel:
        hub = Hub(channel, load_messages(args.descriptor_set))

        admin = fetch_token(args.token_url, "hub-admin", args.admin_secret)
        print(f"ADMIN_TOKEN {admin['token_type']} {admin['expires_in']} {admin['scope']}")
        registered = hub.call(
            "AgencyService", "RegisterAgency",
            hub.message("RegisterAgencyRequest", name="Python Partner Clinic", kind="AGENCY_KIND_MEDICAL"),
            admin["access_token"],
        )
        print(f"REGISTERED {registered.agency.agency_id} {registered.client_id}")

        agency = fetch_token(args.token_url, registered.client_id, registered.client_secret)
        token = agency["access_token"]
        print(f"AGENCY_TOKEN {agency['token_type']} {agency['expires_in']} {agency['scope']}")
        person = hub.call(
            "PersonService", "RegisterPerson",
            hub.message("RegisterPersonRequest", birth_date="1994-10-03", local_reference="PY-0001"),
            token,
        ).person
        print(f"PERSON {person.person_id} {person.birth_date} linked={','.join(link.agency_id for link in person.links)}")
        directory = hub.call("AgencyService", "ListAgencies", hub.message("ListAgenciesRequest", page_size=100), token)
        for listed in directory.agencies:
            print(f"AGENCY {listed.agency_id} {listed.name}")

        try:
            fetch_token(args.token_url, registered.client_id, "not-the-secret")
            print("WRONG_SECRET accepted")
            return 1
        except TokenError as refused:
            print(f"WRONG_SECRET {refused.error}")

        try:
            hub.call("AgencyService", "ListAgencies", hub.message("ListAgenciesRequest"))
            print("NO_TOKEN accepted")
            return 1
        except grpc.RpcError as error:
            print(f"NO_TOKEN {error.code().name}: {error.details()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
