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
 * Serde of the pipeline's internal state (store values, the ledger topic). Internal only: nothing
 * outside the pipeline reads these bytes, so they need no registry.
 *
 * <p>Values are written in the binary form of their {@link StateCodec}, after a format tag byte.
 * Earlier versions wrote Jackson's Smile form, which starts with {@code ":)\n"}: such values, in
 * a changelog or a state directory kept from then, are still read, and replaced by the binary
 * form the next time they change.
 */
public final class StateSerde<T> implements Serde<T> {

  /** First byte of a value in the binary form; Smile values start with ':' (0x3A). */
  static final byte BINARY_V1 = 1;

  private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final StateCodec<T> codec;
  private final JavaType type;

  private StateSerde(StateCodec<T> codec, JavaType type) {
    this.codec = codec;
    this.type = type;
  }

  public static <T> StateSerde<T> of(StateCodec<T> codec, Class<T> type) {
    return new StateSerde<>(codec, SMILE.constructType(type));
  }

  public static <T> StateSerde<T> of(StateCodec<T> codec, TypeReference<T> type) {
    return new StateSerde<>(codec, SMILE.constructType(type));
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) return null;
      try {
        StateCodec.Writer out = new StateCodec.Writer();
        out.writeByte(BINARY_V1);
        codec.write(out, value);
        return out.toByteArray();
      } catch (RuntimeException e) {
        throw new SerializationException("could not encode " + type + " for " + topic + ": " + value, e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) return null;
      if (bytes.length > 0 && bytes[0] == BINARY_V1) {
        try {
          StateCodec.Reader in = new StateCodec.Reader(bytes, 1);
          T value = codec.read(in);
          if (!in.atEnd()) {
            throw new IllegalArgumentException((bytes.length - in.position()) + " bytes left after the value");
          }
          return value;
        } catch (RuntimeException e) {
          throw new SerializationException("could not decode " + type + " from " + topic + " ("
              + bytes.length + " bytes): " + e.getMessage(), e);
        }
      }
      try {
        return SMILE.readValue(bytes, type);
      } catch (IOException e) {
        throw new SerializationException("could not decode " + type + " from " + topic
            + ": neither the binary form (tag " + BINARY_V1 + ") nor Smile", e);
      }
    };
  }

  /** The Smile form earlier versions wrote; kept so that tests can write state as those versions did. */
  static byte[] smile(Object value) throws IOException {
    return SMILE.writeValueAsBytes(value);
  }
}
