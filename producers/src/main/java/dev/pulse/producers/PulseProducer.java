package dev.pulse.producers;

import dev.pulse.contract.IngestStream;
import dev.pulse.contract.InvalidRecordException;
import dev.pulse.contract.Problem;
import dev.pulse.contract.RecordRules;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.registry.RestSchemaRegistryClient;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * For branch systems written in Java: sends input records to their topics (SPEC.md §1) under the
 * right key, in the Confluent wire format, through an idempotent producer that waits for every
 * in-sync replica. Records are held to the gateway's rules before they leave ({@link Events} builds
 * them); rules that need the unit tree (loops, token scopes) are the gateway's alone.
 *
 * <pre>{@code
 * try (PulseProducer pulse = PulseProducer.connect("localhost:9092", "http://localhost:8081")) {
 *   pulse.send(Events.attendance()
 *       .attendanceId("att-1").activityId("act-77").memberId("m-17").recordedBy("DB-01-03-B1")
 *       .attendedAt(Instant.parse("2023-11-05T02:00:00Z")).mode(AttendanceMode.IN_PERSON)
 *       .status(AttendanceStatus.PRESENT).recordedAt(Instant.now())
 *       .build()).join();
 * }
 * }</pre>
 */
public final class PulseProducer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final SchemaRegistryClient registry;
  private final Map<IngestStream<?>, Serializer<?>> serializers = new ConcurrentHashMap<>();

  /** A producer for this cluster and Schema Registry, with Pulse's durable settings. */
  public static PulseProducer connect(String bootstrapServers, String schemaRegistryUrl) {
    return new PulseProducer(bootstrapServers, new RestSchemaRegistryClient(schemaRegistryUrl), Map.of());
  }

  /**
   * @param overrides producer properties laid over Pulse's (security settings, say); acks and
   *     idempotence stay as they are
   */
  public PulseProducer(String bootstrapServers, SchemaRegistryClient registry, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>(KafkaConfigs.durableProducer(bootstrapServers, Duration.ofSeconds(30)));
    config.putAll(overrides);
    config.put("acks", "all");
    config.put("enable.idempotence", true);
    this.producer = new KafkaProducer<>(config);
    this.registry = registry;
  }

  /**
   * Sends a unit, membership, activity, attendance or household status.
   *
   * @return completes when Kafka has acknowledged the record, or fails with the reason
   * @throws InvalidRecordException when the record breaks a rule; nothing is sent
   */
  public <V extends SpecificRecord> CompletableFuture<RecordMetadata> send(V record) {
    IngestStream<V> stream = streamOf(record);
    List<Problem> problems = RecordRules.check(stream, record, 0);
    if (!problems.isEmpty()) {
      throw new InvalidRecordException("this " + stream.noun(), problems.stream().map(p -> p.at(null)).toList());
    }
    byte[] value;
    try {
      value = serializer(stream).serialize(stream.topic().name(), record);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send(new ProducerRecord<>(stream.topic().name(), stream.keyOf(record), value));
  }

  /** Deletes a unit (a null value on org.units.v1). */
  public CompletableFuture<RecordMetadata> deleteUnit(String unitId) {
    return send(new ProducerRecord<>(IngestStream.UNITS.topic().name(), requireId(unitId, "unitId"), null));
  }

  /** Deletes a membership (a null value on org.memberships.v1). */
  public CompletableFuture<RecordMetadata> deleteMembership(String membershipId) {
    return send(new ProducerRecord<>(IngestStream.MEMBERSHIPS.topic().name(), requireId(membershipId, "membershipId"),
        null));
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
    try {
      producer.send(record, (metadata, error) -> {
        if (error != null) done.completeExceptionally(error); else done.complete(metadata);
      });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> IngestStream<V> streamOf(V record) {
    for (IngestStream<?> s : IngestStream.ALL) {
      if (s.topic().valueType().isInstance(record)) return (IngestStream<V>) s;
    }
    throw new IllegalArgumentException("a " + record.getClass().getName() + " is not an input record of Pulse;"
        + " send a Unit, Membership, Activity, Attendance or HouseholdStatus");
  }

  @SuppressWarnings("unchecked")
  private <V extends SpecificRecord> Serializer<V> serializer(IngestStream<V> stream) {
    return (Serializer<V>) serializers.computeIfAbsent(stream, s -> AvroSerdes.forTopic(stream.topic(), registry).serializer());
  }

  private static String requireId(String id, String field) {
    if (id == null || id.isBlank()) {
      throw new InvalidRecordException("this deletion", List.of(new Problem(null, field, "must not be empty")));
    }
    return id;
  }
}
