package dev.pulse.serde;

import dev.pulse.avro.Attendance;
import dev.pulse.contract.Topics;
import dev.pulse.registry.InMemorySchemaRegistryClient;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.serialization.Serde;

/**
 * Run in a JVM started without {@value TrustedPackages#PROPERTY}: uses a generated class before any
 * serde, which makes Avro read the (empty) property, then decodes through the serde.
 */
public final class FreshJvmDecode {

  public static void main(String[] args) {
    Attendance sample = SampleRecords.attendance();
    System.out.println("trusted before the serde: " + ClassSecurityValidator.getGlobal().isTrusted(Attendance.class));
    Serde<Attendance> serde = AvroSerdes.forTopic(Topics.ATTENDANCE, new InMemorySchemaRegistryClient());
    byte[] bytes = serde.serializer().serialize(Topics.ATTENDANCE.name(), sample);
    Attendance decoded = serde.deserializer().deserialize(Topics.ATTENDANCE.name(), bytes);
    System.out.println("decoded equal: " + decoded.equals(sample));
  }
}
