package dev.pulse.server.ingest;

import dev.pulse.kafka.BatchWriter;
import dev.pulse.contract.DateBounds;
import java.time.Duration;

/**
 * How the ingest gateway behaves.
 *
 * @param maxBodyBytes the largest request body taken; larger is answered 413
 * @param maxRecords the most records in one request; more is answered 413
 * @param openReading whether GETs are answered without a token (the local demo)
 * @param retryAfter what a 503 answer tells the client to wait
 * @param writer how records are written to Kafka
 * @param dateBounds the dates an event may carry (SPEC.md §2); others are refused 400
 */
public record IngestSettings(long maxBodyBytes, int maxRecords, boolean openReading, Duration retryAfter,
    BatchWriter.Settings writer, DateBounds dateBounds) {

  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  public static final int DEFAULT_MAX_RECORDS = 10_000;

  public static IngestSettings defaults() {
    return new IngestSettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_RECORDS, false, Duration.ofSeconds(5),
        BatchWriter.Settings.defaults(), DateBounds.DEFAULT);
  }

  public IngestSettings withMaxBodyBytes(long bytes) {
    return new IngestSettings(bytes, maxRecords, openReading, retryAfter, writer, dateBounds);
  }

  public IngestSettings withMaxRecords(int records) {
    return new IngestSettings(maxBodyBytes, records, openReading, retryAfter, writer, dateBounds);
  }

  public IngestSettings withOpenReading(boolean open) {
    return new IngestSettings(maxBodyBytes, maxRecords, open, retryAfter, writer, dateBounds);
  }

  public IngestSettings withRetryAfter(Duration wait) {
    return new IngestSettings(maxBodyBytes, maxRecords, openReading, wait, writer, dateBounds);
  }

  public IngestSettings withWriter(BatchWriter.Settings settings) {
    return new IngestSettings(maxBodyBytes, maxRecords, openReading, retryAfter, settings, dateBounds);
  }

  public IngestSettings withDateBounds(DateBounds bounds) {
    return new IngestSettings(maxBodyBytes, maxRecords, openReading, retryAfter, writer, bounds);
  }
}
