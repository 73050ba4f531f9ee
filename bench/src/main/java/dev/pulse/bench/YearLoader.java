package dev.pulse.bench;

import dev.pulse.contract.Topic;
import dev.pulse.kafka.KafkaConfigs;
import dev.pulse.registry.SchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.producers.simulate.Delivery;
import dev.pulse.producers.simulate.ProvinceGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Generates a province's year with {@link ProvinceGenerator} and writes it to the input topics as
 * the simulator does (Pulse's serdes, an idempotent producer with acks=all), measuring the size
 * of every record on the way.
 */
final class YearLoader {

  /** The generator's seed: every run loads the same year. */
  static final long SEED = 2023;

  private YearLoader() {}

  static LoadedYear load(double fraction, String bootstrapServers, SchemaRegistryClient registry) {
    ProvinceGenerator generator = ProvinceGenerator.of(SEED, ProvinceScale.of(fraction));
    Map<String, Object> config = new HashMap<>(KafkaConfigs.durableProducer(bootstrapServers, Duration.ofSeconds(60)));
    // As KafkaSink, the simulator's sink: many small records, let them batch a little longer.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-bench-loader");
    Map<Topic<?>, Serializer<?>> serializers = new HashMap<>();
    Map<String, Long> perTopic = new LinkedHashMap<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long records = 0;
    long tombstones = 0;
    long keyBytes = 0;
    long valueBytes = 0;
    long begun = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
         ProgressBar bar = Progress.bar("Loading the year", -1, "records")) {
      Iterator<Delivery<?>> year = generator.iterator();
      while (year.hasNext()) {
        Delivery<?> d = year.next();
        byte[] value = serialize(serializers, registry, d);
        String topic = d.topic().name();
        producer.send(new ProducerRecord<>(topic, d.key(), value), (metadata, error) -> {
          if (error != null) failure.compareAndSet(null, error);
        });
        records++;
        perTopic.merge(topic, 1L, Long::sum);
        keyBytes += d.key().getBytes(StandardCharsets.UTF_8).length;
        if (value == null) tombstones++;
        else valueBytes += value.length;
        if ((records & 4095) == 0) {
          bar.stepTo(records);
          throwIfFailed(failure, records);
        }
      }
      producer.flush();
      bar.stepTo(records);
    }
    throwIfFailed(failure, records);
    double seconds = (System.nanoTime() - begun) / 1e9;
    return new LoadedYear(fraction, records, perTopic, tombstones, keyBytes / (double) records,
        valueBytes / (double) Math.max(1, records - tombstones), seconds);
  }

  @SuppressWarnings("unchecked")
  private static <V> byte[] serialize(Map<Topic<?>, Serializer<?>> serializers, SchemaRegistryClient registry,
      Delivery<V> d) {
    if (d.value() == null) return null;
    Serializer<V> s = (Serializer<V>) serializers.computeIfAbsent(d.topic(),
        t -> AvroSerdes.forTopic(d.topic(), registry).serializer());
    return s.serialize(d.topic().name(), d.value());
  }

  private static void throwIfFailed(AtomicReference<Exception> failure, long sent) {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("the broker refused a record of the year (after " + sent + " sent): "
          + e.getMessage(), e);
    }
  }
}
