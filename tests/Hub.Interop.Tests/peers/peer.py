"""What the Python peers share: message classes from a descriptor set, and serving until told to stop."""

import signal
import sys
import threading
from concurrent import futures
from pathlib import Path

import grpc
from google.protobuf import descriptor_database, descriptor_pb2, descriptor_pool, message_factory


def load_messages(descriptor_set_path):
    """Returns {full message name: class} for every message in a serialized FileDescriptorSet."""
    files = descriptor_pb2.FileDescriptorSet.FromString(Path(descriptor_set_path).read_bytes()).file
    # A database-backed pool resolves imports on demand, so the files may come in any order.
    database = descriptor_database.DescriptorDatabase()
    for file in files:
        database.Add(file)
    pool = descriptor_pool.DescriptorPool(descriptor_db=database)
    return message_factory.MessageFactory(pool).GetMessages([file.name for file in files])


def serve(handler, port, workers):
    """Serves one generic handler on 127.0.0.1:port, prints "LISTENING <port>", and runs until stopped."""
    # Without so_reuseport=0 a second server could silently share an explicitly given port.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers), options=(("grpc.so_reuseport", 0),))
    server.add_generic_rpc_handlers((handler,))
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    print(f"LISTENING {bound}", flush=True)
    _wait_for_shutdown()
    server.stop(grace=1).wait()


def _wait_for_shutdown():
    """Blocks until SIGTERM/SIGINT arrives or stdin reaches end of file."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    # The parent process holds stdin open; closing it (or dying) stops the server.
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
