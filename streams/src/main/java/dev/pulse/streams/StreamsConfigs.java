package dev.pulse.streams;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The one place that builds the streams configuration, for the product and for tests alike. */
public final class StreamsConfigs {

  private StreamsConfigs() {}

  public static Properties of(StreamsSettings s) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toAbsolutePath().toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, s.replicationFactor());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
    // A record reaches its view rows through two transactions (the input task's, then the
    // ledger's), each visible only once committed: the commit interval sets the live dashboards'
    // latency. Since the ledger writes most stores straight through (no cache to flush), committing
    // every 100 ms, exactly-once's default, costs a fifth of the pace of 500 ms while catching up
    // (ProvinceBenchmark 0.1: 4,919 against 6,278 records/s, stream-thread CPU 19.9 s against
    // 18.0 s) and cuts the way from ingest to the live stream at 1,000 records/s from p50 906 /
    // p99 1,228 ms to p50 304 / p99 421 ms (pulse bench). 50 ms gave p50 193 but p99 535 ms.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
    // A task reading several partitions (the five input topics) need not wait for them all to hold
    // data: the views do not depend on the order of records across topics, only within a key,
    // which one partition keeps. Waiting also costs: Kafka Streams 4.4 formats a log message for
    // every empty partition on every check, a tenth of the stream thread's time.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // How long a transaction may stay open before the broker aborts it. It is also how long a
    // transaction left open by a stream thread that died (its replacement has another
    // transactional id) holds back every read_committed reader of the topics it wrote to: the
    // views, the dashboards, the next stage. The single engine recounts many members in one step
    // after a tree change or a new year and needs room; the partitioned engine's work per
    // transaction is bounded (recounts in chunks, one commit every 100 ms), so a stall is kept short.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        s.engine() == Engine.SINGLE ? 120_000 : 30_000);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    if (s.applicationServer() != null) {
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.applicationServer());
    }
    p.putAll(s.extra());
    return p;
  }
}
