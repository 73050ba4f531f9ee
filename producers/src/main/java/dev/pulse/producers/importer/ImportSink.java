package dev.pulse.producers.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.Problem;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Where an import writes its batches: through the gateway, or straight to Kafka. */
interface ImportSink extends AutoCloseable {

  /**
   * Writes a batch of records that passed the importer's own checks.
   *
   * @param json the records as JSON, for a sink that sends JSON
   * @param records the same records in Avro form
   * @return the records the other side refused, by index in the batch; every other one is written
   * @throws ImportException when the batch could not be written at all and retrying is useless
   */
  <V extends SpecificRecord> List<Problem> write(IngestStream<V> stream, List<ObjectNode> json, List<V> records)
      throws ImportException;

  /** Where the records go, for the summary. */
  String describe();

  @Override
  void close();
}
