package dev.pulse.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, for {@code /health}: while the brokers are away the streams
 * client keeps its state (RUNNING) and retries, so its state alone would report an outage as
 * health. The answer is kept for a couple of seconds, so that frequent health checks cost the
 * cluster one request at most that often.
 */
final class KafkaProbe implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaProbe.class);
  private static final long TIMEOUT_MS = 2_000;
  private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Admin admin;
  private boolean reachable = true;
  private long checkedAt = System.nanoTime() - KEEP_NANOS;

  KafkaProbe(String bootstrapServers, Map<String, Object> clientProperties) {
    Map<String, Object> props = new LinkedHashMap<>(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-health");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
    admin = Admin.create(props);
  }

  synchronized boolean reachable() {
    if (System.nanoTime() - checkedAt < KEEP_NANOS) return reachable;
    boolean now;
    try {
      now = !admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty();
    } catch (Exception e) {
      now = false;
    }
    if (now != reachable) {
      if (now) log.info("The Kafka cluster answers again"); else log.warn("The Kafka cluster does not answer");
    }
    reachable = now;
    checkedAt = System.nanoTime();
    return reachable;
  }

  @Override
  public void close() {
    admin.close();
  }
}
