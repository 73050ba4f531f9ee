package dev.pulse.kafka;

import dev.pulse.contract.IngestStream;
import dev.pulse.kafka.UnavailableException;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of records to its topic in one Kafka transaction: all of it or none of it is ever
 * seen by a read_committed reader. Values are serialized first (a Schema Registry failure is not a
 * Kafka failure); then a transactional producer is taken from a small pool, so that concurrent
 * batches do not wait for each other.
 *
 * <p>A producer that failed in any way is closed and its slot starts afresh with the same
 * transactional id: initialising it fences the old one and aborts whatever transaction it left
 * open, so a broken or fenced producer never serves a second batch, and the next batch after Kafka
 * comes back succeeds.
 */
public final class BatchWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  /**
   * How the writer behaves.
   *
   * @param producers how many transactional producers may write at once
   * @param kafkaTimeout how long one step (a send, the commit) may wait for the cluster
   * @param transactionTimeout how long the coordinator keeps open a transaction whose producer
   *     vanished
   * @param transactionalIdPrefix unique to this writer; slot n uses {@code prefix-n}
   * @param producerOverrides producer properties laid over Pulse's (tests shorten timeouts)
   */
  public record Settings(int producers, Duration kafkaTimeout, Duration transactionTimeout,
      String transactionalIdPrefix, Map<String, Object> producerOverrides) {

    public Settings {
      if (producers < 1) throw new IllegalArgumentException("at least one producer, not " + producers);
      producerOverrides = Map.copyOf(producerOverrides);
    }

    public static Settings defaults() {
      return new Settings(4, Duration.ofSeconds(5), Duration.ofSeconds(30),
          "pulse-ingest-" + UUID.randomUUID().toString().substring(0, 8), Map.of());
    }
  }

  private final Map<String, Object> baseConfig;
  private final Settings settings;
  private final SchemaRegistryClient registry;
  private final Map<IngestStream<?>, Serializer<?>> serializers = new HashMap<>();
  private final LinkedBlockingDeque<Slot> free = new LinkedBlockingDeque<>();
  private final List<Slot> slots = new ArrayList<>();

  public BatchWriter(String bootstrapServers, SchemaRegistryClient registry, Settings settings) {
    this(bootstrapServers, Map.of(), registry, settings);
  }

  /**
   * A writer logging in with these client properties: the principal needs Write on the topics
   * and on the transactional ids that start with {@link Settings#transactionalIdPrefix()}.
   */
  public BatchWriter(String bootstrapServers, Map<String, Object> clientProperties, SchemaRegistryClient registry,
      Settings settings) {
    this.settings = settings;
    this.registry = registry;
    Map<String, Object> base = new HashMap<>(
        KafkaConfigs.durableProducer(bootstrapServers, clientProperties, settings.kafkaTimeout()));
    base.putAll(settings.producerOverrides());
    this.baseConfig = Map.copyOf(base);
    for (int n = 0; n < settings.producers(); n++) {
      Slot slot = new Slot(settings.transactionalIdPrefix() + "-" + n);
      slots.add(slot);
      free.add(slot);
    }
  }

  /**
   * Writes valid records of a stream in one transaction, each under its key (SPEC.md §1).
   *
   * @return how many records were committed
   * @throws UnavailableException when the registry or Kafka did not answer in time; nothing was committed
   */
  public <V extends SpecificRecord> int write(IngestStream<V> stream, List<V> records) throws UnavailableException {
    return write(stream, records, List.of(), java.time.Instant.now());
  }

  /**
   * {@link #write(IngestStream, List)} with further records (bookkeeping of Pulse's own, such as
   * the id owners) committed in the same transaction: both are seen, or neither.
   *
   * @param sentAt the records' Kafka timestamp: the moment they were sent, against which the
   *     streams judge their dates as the gateway did (SPEC.md §2)
   * @return how many records of the stream were committed
   */
  public <V extends SpecificRecord> int write(IngestStream<V> stream, List<V> records,
      List<ProducerRecord<String, byte[]>> alongside, java.time.Instant sentAt) throws UnavailableException {
    Serializer<V> serializer = serializer(stream);
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>(records.size());
    for (V record : records) {
      byte[] value;
      try {
        value = serializer.serialize(stream.topic().name(), record);
      } catch (RuntimeException e) {
        throw UnavailableException.nothingWritten("the Schema Registry could not encode a " + stream.noun() + ": "
            + e.getMessage(), e);
      }
      out.add(new ProducerRecord<>(stream.topic().name(), null, sentAt.toEpochMilli(), stream.keyOf(record), value));
    }
    out.addAll(alongside);
    return commit(out) - alongside.size();
  }

  /** Writes a null value (a deletion) under a key, in a transaction of its own. */
  public int delete(IngestStream<?> stream, String key) throws UnavailableException {
    if (!stream.allowsDeletion()) {
      throw new IllegalArgumentException(stream.name() + " are events and cannot be deleted");
    }
    return commit(List.of(new ProducerRecord<>(stream.topic().name(), key, null)));
  }

  private int commit(List<ProducerRecord<String, byte[]>> records) throws UnavailableException {
    if (records.isEmpty()) return 0;
    Slot slot;
    try {
      slot = free.pollFirst(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UnavailableException.nothingWritten("interrupted while waiting for a Kafka producer", e);
    }
    if (slot == null) {
      throw UnavailableException.nothingWritten("all " + settings.producers() + " Kafka producers stayed busy for "
          + settings.kafkaTimeout().toMillis() + " ms", null);
    }
    // Whether the producer can take the next batch: it committed, or aborted what failed.
    boolean reusable = false;
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    try {
      KafkaProducer<String, byte[]> producer = slot.producer();
      producer.beginTransaction();
      for (ProducerRecord<String, byte[]> r : records) {
        Future<RecordMetadata> f = producer.send(r);
        sent.add(f);
        // A send that failed at once (no metadata within max.block.ms, say) dooms the transaction: stop
        // here rather than let each further send wait as long again.
        if (f.isDone() && failed(f)) {
          throw new KafkaException("record " + (sent.size() - 1) + " could not be sent: " + causeOf(f));
        }
      }
      // Flushes every send and fails if any failed: then nothing of the batch is committed.
      producer.commitTransaction();
      reusable = true;
      return records.size();
    } catch (KafkaException | IllegalStateException e) {
      // A commit can only have happened if every record reached the broker; if one did not, nothing did.
      boolean maybeCommitted = !sent.isEmpty() && sent.size() == records.size()
          && sent.stream().allMatch(f -> f.isDone() && !failed(f));
      log.warn("Transaction {} of {} records to {} failed, {}: {}", slot.transactionalId, records.size(),
          records.get(0).topic(), maybeCommitted ? "its commit unconfirmed" : "nothing committed", e.toString());
      if (!maybeCommitted) reusable = abort(slot);
      String what = "Kafka did not take the batch of " + records.size() + " records to " + records.get(0).topic()
          + ": " + e.getMessage();
      throw maybeCommitted ? UnavailableException.unconfirmed(what, e) : UnavailableException.nothingWritten(what, e);
    } finally {
      if (!reusable) slot.discard();
      // Most recently used first: a light load keeps reusing one producer, a broken one is mended next.
      free.offerFirst(slot);
    }
  }

  /**
   * Aborts the failed transaction if the broker answers, rather than leave it open: records of an
   * open transaction hold back every read_committed reader of their partitions (the views among
   * them) until the next producer of this id fences it, or the broker aborts it after the
   * transaction timeout. When the broker is away the abort fails too, and one of those two ends it.
   *
   * @return whether it was aborted, and the producer can begin the next one
   */
  private static boolean abort(Slot slot) {
    KafkaProducer<String, byte[]> producer = slot.current();
    if (producer == null) return false; // it never began one
    try {
      producer.abortTransaction();
      return true;
    } catch (RuntimeException e) {
      log.debug("Aborting transaction {} failed: {}", slot.transactionalId, e.toString());
      return false;
    }
  }

  private static String causeOf(Future<RecordMetadata> f) {
    try {
      f.get();
      return "no error";
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause().getMessage());
    } catch (CancellationException | InterruptedException e) {
      return e.toString();
    }
  }

  private static boolean failed(Future<RecordMetadata> f) {
    try {
      f.get();
      return false;
    } catch (ExecutionException | CancellationException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  @SuppressWarnings("unchecked")
  private synchronized <V extends SpecificRecord> Serializer<V> serializer(IngestStream<V> stream) {
    return (Serializer<V>) serializers.computeIfAbsent(stream,
        s -> AvroSerdes.forTopic(stream.topic(), registry).serializer());
  }

  @Override
  public void close() {
    slots.forEach(Slot::discard);
  }

  /** One transactional id, and the producer that holds it now (created when first needed). */
  private final class Slot {
    private final String transactionalId;
    private KafkaProducer<String, byte[]> producer;

    Slot(String transactionalId) {
      this.transactionalId = transactionalId;
    }

    synchronized KafkaProducer<String, byte[]> producer() {
      if (producer == null) {
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(
            KafkaConfigs.transactionalProducer(baseConfig, transactionalId, settings.transactionTimeout()));
        try {
          // Fences any earlier producer of this id and aborts the transaction it left open.
          p.initTransactions();
        } catch (RuntimeException e) {
          p.close(Duration.ZERO);
          throw e;
        }
        producer = p;
      }
      return producer;
    }

    synchronized KafkaProducer<String, byte[]> current() {
      return producer;
    }

    synchronized void discard() {
      if (producer == null) return;
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        log.debug("Closing producer {} failed: {}", transactionalId, e.toString());
      }
      producer = null;
    }
  }
}
