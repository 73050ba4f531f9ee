package dev.pulse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes a record value in the Confluent wire format the way a client that knows nothing of
 * Pulse would: the schema comes from the registry's REST API ({@code GET /schemas/ids/{id}}),
 * the bytes are read with Avro's {@link GenericDatumReader}. No Pulse class is involved.
 */
final class WireFormatDecoder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String registryUrl;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Integer, Schema> schemas = new HashMap<>();
  private final GenericData data = new GenericData();

  WireFormatDecoder(String registryUrl) {
    this.registryUrl = registryUrl;
    // Dates and instants as LocalDate and Instant, like the producer wrote them.
    data.addLogicalTypeConversion(new TimeConversions.DateConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  /** Bytes 1–4 of the value: the schema id, big-endian. */
  static int schemaId(byte[] value) {
    ByteBuffer buffer = ByteBuffer.wrap(value);
    byte magic = buffer.get();
    if (magic != 0) {
      throw new IllegalArgumentException("value does not start with the magic byte 0 but with " + magic);
    }
    return buffer.getInt();
  }

  GenericRecord decode(byte[] value) throws IOException, InterruptedException {
    Schema schema = schema(schemaId(value));
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema, schema, data);
    return reader.read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
  }

  Schema schema(int id) throws IOException, InterruptedException {
    Schema known = schemas.get(id);
    if (known != null) return known;
    JsonNode answer = getJson("/schemas/ids/" + id);
    Schema schema = new Schema.Parser().parse(answer.get("schema").asText());
    schemas.put(id, schema);
    return schema;
  }

  JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
