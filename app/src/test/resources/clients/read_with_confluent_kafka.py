#!/usr/bin/env python3
"""Reads Pulse topics with Confluent's Python client, knowing nothing of Pulse.

The values are decoded by confluent_kafka's own Schema Registry client and Avro deserializer
(CachedSchemaRegistryClient + MessageSerializer: the schema id is taken from the wire format and
the schema fetched from the registry). Keys are plain UTF-8 strings.

Prints one JSON object per record: {"topic", "partition", "offset", "key", "schemaId", "value"},
dates and timestamps in ISO-8601. Exits 0 once every partition has been read to its end.

usage: read_with_confluent_kafka.py BOOTSTRAP REGISTRY_URL TOPIC [TOPIC...]
"""
import datetime
import json
import struct
import sys

from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def as_json(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def main(bootstrap, registry_url, topics):
    registry = CachedSchemaRegistryClient({"url": registry_url})
    serializer = MessageSerializer(registry)
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "python-confluent-kafka-reader",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    try:
        for topic in topics:
            metadata = consumer.list_topics(topic, timeout=30).topics[topic]
            if metadata.error is not None:
                sys.exit(f"topic {topic}: {metadata.error}")
            for partition in sorted(metadata.partitions):
                low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=30)
                if high <= low:
                    continue
                consumer.assign([TopicPartition(topic, partition, low)])
                offset = low
                while offset < high:
                    message = consumer.poll(10)
                    if message is None:
                        # Transaction markers take offsets but are never delivered: past them is the end.
                        position = consumer.position([TopicPartition(topic, partition)])[0].offset
                        if position >= high:
                            break
                        sys.exit(f"{topic}[{partition}]: nothing read at offset {offset} of {high}")
                    if message.error():
                        sys.exit(f"{topic}[{partition}]: {message.error()}")
                    offset = message.offset() + 1
                    raw = message.value()
                    record = {
                        "topic": topic,
                        "partition": partition,
                        "offset": message.offset(),
                        "key": message.key().decode("utf-8") if message.key() is not None else None,
                        "schemaId": struct.unpack(">bI", raw[:5])[1] if raw else None,
                        "value": serializer.decode_message(raw, is_key=False) if raw else None,
                    }
                    print(json.dumps(record, default=as_json, ensure_ascii=False), flush=True)
    finally:
        consumer.close()


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
