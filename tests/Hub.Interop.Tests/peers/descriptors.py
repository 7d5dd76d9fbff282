"""Message classes built at run time from a serialized FileDescriptorSet, shared by the peers."""

from pathlib import Path

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
