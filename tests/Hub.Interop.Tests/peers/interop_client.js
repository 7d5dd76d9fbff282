// Independent @grpc/grpc-js (Node) client running gRPC interop test cases against grpc.testing.TestService.
//
// Usage: node interop_client.js --protos DIR --port N --case NAME|all [--host 127.0.0.1]
//
// The same cases as interop_client.py, written for grpc-js: a second peer with a gRPC stack of its
// own (pure JavaScript, no C-core). Prints "PASS <case>" and exits 0 when the case holds; otherwise
// prints "FAIL <case>: <reason>" and exits 1. Messages come from the .proto files under --protos,
// loaded at run time by @grpc/proto-loader.
"use strict";

const path = require("node:path");
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

// Deadline for calls that are expected to finish, so a broken server fails a case instead of hanging it.
const CALL_TIMEOUT_MS = 10000;
const LARGE_REQUEST_SIZE = 271828;
const LARGE_RESPONSE_SIZE = 314159;
const STREAMING_RESPONSE_SIZES = [31415, 9, 2653, 58979];
const ECHO_INITIAL_KEY = "x-grpc-test-echo-initial";
const ECHO_INITIAL_VALUE = "test_initial_metadata_value";
const ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin";
const ECHO_TRAILING_VALUE = Buffer.from([0x0a, 0x0b, 0x0a, 0x0b, 0x0a, 0x0b]);
const SPECIAL_STATUS_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \u{1f608}\t\n";
// Project convention: the interop servers sleep this many milliseconds before answering.
const SLEEP_KEY = "x-interop-sleep-ms";

class CaseFailed extends Error {}

function expect(condition, reason) {
  if (!condition) throw new CaseFailed(reason);
}

function deadline(ms = CALL_TIMEOUT_MS) {
  return new Date(Date.now() + ms);
}

function expectPayload(response, size) {
  const body = response.payload ? response.payload.body : Buffer.alloc(0);
  expect(body.length === size && body.every((b) => b === 0), `expected a payload of ${size} zero bytes, got ${body.length} bytes`);
}

function largeRequest(fields = {}) {
  return { response_size: LARGE_RESPONSE_SIZE, payload: { body: Buffer.alloc(LARGE_REQUEST_SIZE) }, ...fields };
}

// A unary call as a promise of { response, initial, trailing }.
// grpc-js calls back with the response before it emits the status event, whose metadata is the
// trailers: the promise settles once both have come.
function unary(method, request, { metadata = new grpc.Metadata(), options = {} } = {}) {
  return new Promise((resolve, reject) => {
    let initial;
    let response;
    let trailing;
    const settle = () => {
      if (response !== undefined && trailing !== undefined) resolve({ response, initial, trailing });
    };
    const call = method(request, metadata, { deadline: deadline(), ...options }, (error, message) => {
      if (error) reject(error);
      else {
        response = message;
        settle();
      }
    });
    call.on("metadata", (m) => (initial = m));
    call.on("status", (s) => {
      trailing = s.metadata;
      settle();
    });
  });
}

// A server-streaming call read to its end, as a promise of { responses, initial, trailing }.
function streaming(method, request, { metadata = new grpc.Metadata() } = {}) {
  return new Promise((resolve, reject) => {
    const responses = [];
    let initial;
    const call = method(request, metadata, { deadline: deadline() });
    call.on("metadata", (m) => (initial = m));
    call.on("data", (r) => responses.push(r));
    call.on("error", reject);
    call.on("status", (s) => {
      if (s.code === grpc.status.OK) resolve({ responses, initial, trailing: s.metadata });
    });
  });
}

async function expectStatus(code, details, invoke) {
  try {
    await invoke();
  } catch (error) {
    expect(error.code === code, `expected status ${code}, got ${error.code} (${JSON.stringify(error.details)})`);
    if (details !== null) expect(error.details === details, `expected details ${JSON.stringify(details)}, got ${JSON.stringify(error.details)}`);
    return;
  }
  throw new CaseFailed(`expected status ${code}, but the call succeeded`);
}

function expectMetadata(metadata, key, value, kind) {
  const values = metadata ? metadata.get(key) : [];
  const same = values.length === 1 && (Buffer.isBuffer(value) ? Buffer.compare(values[0], value) === 0 : values[0] === value);
  expect(same, `expected ${kind} metadata ${key}=${JSON.stringify(value)}, got ${JSON.stringify(values)}`);
}

function echoMetadata() {
  const metadata = new grpc.Metadata();
  metadata.set(ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE);
  metadata.set(ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE);
  return metadata;
}

const CASES = {
  async empty_unary(c) {
    const { response } = await unary(c.test.EmptyCall.bind(c.test), {});
    expect(Object.keys(response).length === 0, `expected an empty response, got ${JSON.stringify(response)}`);
  },

  async large_unary(c) {
    expectPayload((await unary(c.test.UnaryCall.bind(c.test), largeRequest())).response, LARGE_RESPONSE_SIZE);
  },

  async server_streaming(c) {
    const request = { response_parameters: STREAMING_RESPONSE_SIZES.map((size) => ({ size })) };
    const { responses } = await streaming(c.test.StreamingOutputCall.bind(c.test), request);
    expect(responses.length === STREAMING_RESPONSE_SIZES.length, `expected ${STREAMING_RESPONSE_SIZES.length} responses, got ${responses.length}`);
    responses.forEach((response, i) => expectPayload(response, STREAMING_RESPONSE_SIZES[i]));
  },

  async status_code_and_message(c) {
    const message = "test status message";
    const status = { code: grpc.status.UNKNOWN, message };
    await expectStatus(grpc.status.UNKNOWN, message, () => unary(c.test.UnaryCall.bind(c.test), { response_status: status }));
    await expectStatus(grpc.status.UNKNOWN, message, () => streaming(c.test.StreamingOutputCall.bind(c.test), { response_status: status }));
  },

  async special_status_message(c) {
    const status = { code: grpc.status.UNKNOWN, message: SPECIAL_STATUS_MESSAGE };
    await expectStatus(grpc.status.UNKNOWN, SPECIAL_STATUS_MESSAGE, () => unary(c.test.UnaryCall.bind(c.test), { response_status: status }));
  },

  async unimplemented_method(c) {
    await expectStatus(grpc.status.UNIMPLEMENTED, null, () => unary(c.test.UnimplementedCall.bind(c.test), {}));
  },

  async unimplemented_service(c) {
    await expectStatus(grpc.status.UNIMPLEMENTED, null, () => unary(c.unimplemented.UnimplementedCall.bind(c.unimplemented), {}));
  },

  async custom_metadata(c) {
    const call = await unary(c.test.UnaryCall.bind(c.test), largeRequest(), { metadata: echoMetadata() });
    expectPayload(call.response, LARGE_RESPONSE_SIZE);
    expectMetadata(call.initial, ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE, "unary initial");
    expectMetadata(call.trailing, ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE, "unary trailing");

    const request = { response_parameters: [{ size: LARGE_RESPONSE_SIZE }], payload: { body: Buffer.alloc(LARGE_REQUEST_SIZE) } };
    const stream = await streaming(c.test.StreamingOutputCall.bind(c.test), request, { metadata: echoMetadata() });
    expect(stream.responses.length === 1, `expected 1 streamed response, got ${stream.responses.length}`);
    expectPayload(stream.responses[0], LARGE_RESPONSE_SIZE);
    expectMetadata(stream.initial, ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE, "streaming initial");
    expectMetadata(stream.trailing, ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE, "streaming trailing");
  },

  async client_compressed_unary(c) {
    // A client whose every request is gzip-compressed, and the server is told to expect it.
    expectPayload((await unary(c.compressingTest.UnaryCall.bind(c.compressingTest), largeRequest({ expect_compressed: { value: true } }))).response, LARGE_RESPONSE_SIZE);
    expectPayload((await unary(c.test.UnaryCall.bind(c.test), largeRequest({ expect_compressed: { value: false } }))).response, LARGE_RESPONSE_SIZE);
  },

  async server_compressed_unary(c) {
    // grpc-js does not expose whether a received message was compressed, so success is the check.
    for (const compressed of [true, false]) {
      expectPayload((await unary(c.test.UnaryCall.bind(c.test), largeRequest({ response_compressed: { value: compressed } }))).response, LARGE_RESPONSE_SIZE);
    }
  },

  async timeout_on_sleeping_server(c) {
    const [sleepMs, timeoutMs, limitMs] = [10000, 200, 8000];
    const metadata = new grpc.Metadata();
    metadata.set(SLEEP_KEY, String(sleepMs));
    const started = Date.now();
    await expectStatus(grpc.status.DEADLINE_EXCEEDED, null, () =>
      unary(c.test.UnaryCall.bind(c.test), { response_size: 0, payload: { body: Buffer.alloc(0) } }, { metadata, options: { deadline: deadline(timeoutMs) } }));
    const elapsed = Date.now() - started;
    expect(elapsed < limitMs, `the call took ${elapsed} ms to fail; expected well under the ${sleepMs} ms sleep`);
  },
};

function parseArguments(argv) {
  const args = { host: "127.0.0.1" };
  for (let i = 0; i < argv.length; i += 2) {
    args[argv[i].replace(/^--/, "")] = argv[i + 1];
  }
  for (const required of ["protos", "port", "case"]) {
    if (!args[required]) throw new Error(`--${required} is required`);
  }
  if (args.case !== "all" && !(args.case in CASES)) throw new Error(`unknown case ${args.case}`);
  return args;
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  const definition = protoLoader.loadSync(path.join(args.protos, "grpc/testing/test.proto"), {
    includeDirs: [args.protos],
    keepCase: true,
    longs: Number,
    defaults: true,
  });
  const testing = grpc.loadPackageDefinition(definition).grpc.testing;
  const address = `${args.host}:${args.port}`;
  const credentials = grpc.credentials.createInsecure();
  const clients = {
    test: new testing.TestService(address, credentials),
    unimplemented: new testing.UnimplementedService(address, credentials),
    compressingTest: new testing.TestService(address, credentials, { "grpc.default_compression_algorithm": 2 }),
  };
  const names = args.case === "all" ? Object.keys(CASES) : [args.case];
  let passed = true;
  for (const name of names) {
    try {
      await CASES[name](clients);
      console.log(`PASS ${name}`);
    } catch (error) {
      passed = false;
      console.log(error instanceof CaseFailed ? `FAIL ${name}: ${error.message}` : `FAIL ${name}: unexpected RPC failure ${error.code} (${JSON.stringify(error.details)})`);
    }
  }
  Object.values(clients).forEach((client) => client.close());
  process.exit(passed ? 0 : 1);
}

main().catch((error) => {
  console.log(`FAIL: ${error.message}`);
  process.exit(1);
});
