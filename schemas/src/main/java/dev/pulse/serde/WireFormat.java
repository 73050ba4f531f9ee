package dev.pulse.serde;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: byte 0 is the magic byte 0x00, bytes 1-4 the schema id (big-endian),
 * then the Avro binary encoding of the value.
 */
final class WireFormat {

  static final byte MAGIC_BYTE = 0x0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
  }

  /**
   * The schema id in a framed value.
   *
   * @param where what the value is, for the error message, e.g. {@code topic branch.attendance.v1}
   * @throws SerializationException when the value does not start with the magic byte and an id
   */
  static int schemaId(byte[] data, String where) {
    if (data.length > 0 && data[0] != MAGIC_BYTE) {
      throw new SerializationException(String.format(
          "%s: expected magic byte 0x00 at offset 0 but found 0x%02x; the value is not in the Confluent wire format",
          where, data[0] & 0xff));
    }
    if (data.length < HEADER_SIZE) {
      throw new SerializationException(where + ": expected at least " + HEADER_SIZE
          + " bytes (magic byte 0x00 and a 4-byte schema id) but found " + data.length
          + "; the value is not in the Confluent wire format");
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }
}
