package dev.pulse.bench;

import dev.pulse.avro.Attendance;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import dev.pulse.serde.AvroSerdes;
import dev.pulse.producers.simulate.ProvinceGenerator;
import dev.pulse.producers.simulate.Scale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One attendance record — the bulk of a province's year — through Pulse's Confluent-wire-format
 * serde, as a producer encodes it and the views decode it. The schema id is looked up once, as in
 * a running producer; an in-memory registry keeps the network out of the figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SerdeBenchmark {

  private Serializer<Attendance> serializer;
  private Deserializer<Attendance> deserializer;
  private Attendance event;
  private byte[] encoded;

  @Setup
  public void setUp() {
    Serde<Attendance> serde = AvroSerdes.forTopic(Topics.ATTENDANCE, new InMemorySchemaRegistryClient());
    serializer = serde.serializer();
    deserializer = serde.deserializer();
    event = sampleAttendance();
    encoded = serializer.serialize(Topics.ATTENDANCE.name(), event);
  }

  @Benchmark
  public byte[] encode() {
    return serializer.serialize(Topics.ATTENDANCE.name(), event);
  }

  @Benchmark
  public Attendance decode() {
    return deserializer.deserialize(Topics.ATTENDANCE.name(), encoded);
  }

  /** The first attendance record of a small generated province. */
  static Attendance sampleAttendance() {
    return ProvinceGenerator.of(YearLoader.SEED, Scale.small()).deliveries()
        .filter(d -> d.topic().equals(Topics.ATTENDANCE) && d.value() != null)
        .map(d -> (Attendance) d.value())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the generator made no attendance record"));
  }
}
