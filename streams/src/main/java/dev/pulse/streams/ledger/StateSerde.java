package dev.pulse.streams.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the pipeline's internal state (store values, the ledger topic): Jackson's binary Smile
 * form of plain records. Internal only: nothing outside the pipeline reads these bytes, so they
 * need no registry.
 */
public final class StateSerde<T> implements Serde<T> {

  private static final ObjectMapper MAPPER = new ObjectMapper(new SmileFactory())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final JavaType type;

  private StateSerde(JavaType type) {
    this.type = type;
  }

  public static <T> StateSerde<T> of(Class<T> type) {
    return new StateSerde<>(MAPPER.constructType(type));
  }

  public static <T> StateSerde<T> of(TypeReference<T> type) {
    return new StateSerde<>(MAPPER.constructType(type));
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) return null;
      try {
        return MAPPER.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException("could not encode " + type + " for " + topic, e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) return null;
      try {
        return MAPPER.readValue(bytes, type);
      } catch (IOException e) {
        throw new SerializationException("could not decode " + type + " from " + topic, e);
      }
    };
  }
}
