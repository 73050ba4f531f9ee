package dev.pulse.producers.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.kafka.BatchWriter;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.Problem;
import dev.pulse.kafka.UnavailableException;
import dev.pulse.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each batch straight to its topic in one transaction, for operators with access to Kafka. */
final class KafkaSink implements ImportSink {

  private static final Logger log = LoggerFactory.getLogger(KafkaSink.class);

  private final String bootstrapServers;
  private final BatchWriter writer;
  private final Retry retry;

  KafkaSink(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry, Retry retry) {
    this.bootstrapServers = bootstrapServers;
    BatchWriter.Settings defaults = BatchWriter.Settings.defaults();
    // Transactional ids pulse-import-*: the ingest principal may use them (docs/security.md).
    this.writer = new BatchWriter(bootstrapServers, clientProperties, registry, new BatchWriter.Settings(1, Duration.ofSeconds(15),
        defaults.transactionTimeout(), "pulse-import-" + defaults.transactionalIdPrefix(), defaults.producerOverrides()));
    this.retry = retry;
  }

  @Override
  public <V extends SpecificRecord> List<Problem> write(IngestStream<V> stream, List<ObjectNode> json, List<V> records)
      throws ImportException {
    for (int attempt = 1; ; attempt++) {
      try {
        writer.write(stream, records);
        return List.of();
      } catch (UnavailableException e) {
        if (attempt >= retry.attempts()) {
          throw new ImportException("Kafka at " + bootstrapServers + " did not take a batch after " + attempt
              + " attempts: " + e.getMessage(), e);
        }
        Duration wait = retry.before(attempt, null);
        log.warn("Kafka did not take a batch ({}); trying again in {} s", e.getMessage(), wait.toSeconds());
        Retry.pause(wait);
      }
    }
  }

  @Override
  public String describe() {
    return "Kafka at " + bootstrapServers;
  }

  @Override
  public void close() {
    writer.close();
  }
}
