package dev.pulse.streams;

import dev.pulse.contract.Topics;
import dev.pulse.contract.Topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the streams cannot use — not Avro, an unknown schema id, a corrupt payload, or a value
 * that breaks the contract's rules ({@link RuleViolation}) — goes to pipeline.dead-letters.v1 as it
 * was received, with headers naming where it came from and why, and processing goes on (Kafka
 * Streams' dead-letter support: the record is written in the same transaction as the rest of the
 * task's output). Any other failure in processing is a fault of Pulse, not of the data: the
 * task fails rather than hide it.
 */
public final class DeadLetters implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  private static final AtomicLong COUNT = new AtomicLong();

  /** Dead letters written by this process since it started. */
  public static long count() {
    return COUNT.get();
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String reason = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
    log.warn("Dead letter: {}[{}]@{} could not be decoded: {}", record.topic(), record.partition(), record.offset(), reason);
    COUNT.incrementAndGet();
    return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(record.topic(), record.partition(), record.offset(),
        record.key(), record.value(), record.headers(), reason)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
      Exception exception) {
    if (!(exception instanceof RuleViolation)) return ProcessingExceptionHandler.Response.fail();
    log.warn("Dead letter: {}[{}]@{} breaks the rules: {}", context.topic(), context.partition(), context.offset(),
        exception.getMessage());
    COUNT.incrementAndGet();
    return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context.topic(), context.partition(), context.offset(),
        context.sourceRawKey(), context.sourceRawValue(), context.headers(), exception.getMessage())));
  }

  /** The dead letter of a record: its original key, value and headers, plus where it came from and why. */
  public static ProducerRecord<byte[], byte[]> deadLetter(String topic, int partition, long offset, byte[] key,
      byte[] value, Headers original, String reason) {
    Headers headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    headers.add(DeadLetterHeaders.TOPIC, bytes(topic));
    headers.add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(partition)));
    headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(offset)));
    headers.add(DeadLetterHeaders.ERROR, bytes(reason));
    headers.add(DeadLetterHeaders.TIMESTAMP, bytes(Instant.now().toString()));
    return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, key, value, headers);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void configure(Map<String, ?> configs) {}
}
