package dev.pulse.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * Places a keyed record as librdkafka's default partitioner ({@code consistent_random}) does: by
 * the CRC32 of its key, not Kafka's murmur2 — what a Python or Go producer does unless told
 * otherwise. Every record of one key still lands in one partition, only not the one a Java
 * producer would choose.
 */
public final class Crc32Partitioner implements Partitioner {

  @Override
  public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    int partitions = cluster.partitionsForTopic(topic).size();
    CRC32 crc = new CRC32();
    crc.update(keyBytes == null ? new byte[0] : keyBytes);
    return (int) (crc.getValue() % partitions);
  }

  /** Whether the partition CRC32 gives this key differs from murmur2's (then the engine must move the record). */
  public static boolean differsFromKafka(String key, int partitions) {
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    int kafka = org.apache.kafka.common.utils.Utils.toPositive(
        org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    return crc.getValue() % partitions != kafka;
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
