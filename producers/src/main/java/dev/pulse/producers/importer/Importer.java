package dev.pulse.producers.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.avro.Unit;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.Problem;
import dev.pulse.contract.RecordValidator;
import dev.pulse.kafka.UnitDirectory;
import dev.pulse.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a CSV or NDJSON file into one input stream, in batches: each row is checked as the
 * gateway checks a request, good rows are written (each batch in one transaction), bad rows go to
 * {@code FILE.rejects.csv} with their row number, field and problem. Running the same import twice
 * is safe: records carry their ids and recordedAt, so a second copy of a version changes no view.
 */
public final class Importer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Importer.class);
  public static final int DEFAULT_BATCH_SIZE = 500;

  private final ImportSink sink;
  /** The current unit tree, read when units are imported; empty when the gateway checks the tree. */
  private final Supplier<UnitDirectory> tree;
  private UnitDirectory following;
  private final int batchSize;

  private Importer(ImportSink sink, Supplier<UnitDirectory> tree, int batchSize) {
    if (batchSize < 1) throw new IllegalArgumentException("the batch size must be at least 1, not " + batchSize);
    this.sink = sink;
    this.tree = tree;
    this.batchSize = batchSize;
  }

  /**
   * An importer that sends through the gateway, which also checks the token's scope and the unit
   * tree.
   */
  public static Importer viaGateway(String baseUrl, String token, int batchSize) {
    return new Importer(new GatewaySink(baseUrl, token, Retry.defaults()), () -> UnitDirectory.of(List.of()), batchSize);
  }

  /**
   * An importer that writes straight to Kafka; units are checked against the tree in
   * {@code org.units.v1}.
   */
  public static Importer viaKafka(String bootstrapServers, SchemaRegistryClient registry, int batchSize) {
    return viaKafka(bootstrapServers, Map.of(), registry, batchSize);
  }

  /**
   * {@link #viaKafka(String, SchemaRegistryClient, int)} logging in with these client properties:
   * the ingest principal's (Write on the input topics and the transactional ids
   * {@code pulse-import-*}, Read on {@code org.units.v1}).
   */
  public static Importer viaKafka(String bootstrapServers, Map<String, Object> clientProperties,
      SchemaRegistryClient registry, int batchSize) {
    return new Importer(new KafkaSink(bootstrapServers, clientProperties, registry, Retry.defaults()),
        () -> UnitDirectory.follow(bootstrapServers, clientProperties, registry, Duration.ofSeconds(30)), batchSize);
  }

  /** How many rows a file holds (for a progress bar's estimate). */
  public static long countRows(Path file, InputFormat format) throws ImportException {
    return SourceFile.countRows(file, format);
  }

  /**
   * Imports a file.
   *
   * @param progress told the number of rows done after each batch
   * @throws ImportException when the import stopped; the batches written before stay written
   */
  public ImportSummary run(IngestStream<?> stream, Path file, InputFormat format, LongConsumer progress)
      throws ImportException {
    if (!Files.isRegularFile(file)) throw new ImportException("there is no file " + file);
    long begun = System.nanoTime();
    Run<?> run = new Run<>(stream, progress);
    try (RejectsFile rejects = new RejectsFile(file); SourceFile rows = SourceFile.open(stream, file, format)) {
      run.rejects = rejects;
      List<SourceRow> batch = new ArrayList<>(batchSize);
      while (rows.hasNext()) {
        SourceRow row = rows.next();
        run.read++;
        batch.add(row);
        if (batch.size() == batchSize) {
          run.flush(batch);
          batch.clear();
        }
      }
      run.flush(batch);
      progress.accept(run.read);
      Duration took = Duration.ofNanos(System.nanoTime() - begun);
      ImportSummary summary = new ImportSummary(stream.name(), file, sink.describe(), run.read, run.imported,
          rejects.rows(), took, rejects.rows() > 0 ? rejects.path() : null);
      log.info("{}", summary);
      return summary;
    } catch (IOException | UncheckedIOException e) {
      throw new ImportException("reading " + file + " failed after row " + run.read + ": " + e.getMessage()
          + " (rows before it were imported)", e);
    }
  }

  /** The state of one import. */
  private final class Run<V extends SpecificRecord> {
    final IngestStream<V> stream;
    final LongConsumer progress;
    final RecordValidator validator;
    /** For units: the tree with this run's units laid over it, so later batches see earlier ones. */
    final UnitDirectory written;
    RejectsFile rejects;
    long read;
    long imported;

    @SuppressWarnings("unchecked")
    Run(IngestStream<?> stream, LongConsumer progress) {
      this.stream = (IngestStream<V>) stream;
      this.progress = progress;
      this.written = UnitDirectory.of(stream == IngestStream.UNITS ? currentUnits() : List.of());
      this.validator = new RecordValidator(written);
    }

    /** Writes the readable, valid rows of a batch; every other row goes to the rejects file, in row order. */
    void flush(List<SourceRow> batch) throws ImportException {
      if (batch.isEmpty()) return;
      List<Reject> rejected = new ArrayList<>();
      List<SourceRow> readable = new ArrayList<>();
      for (SourceRow row : batch) {
        if (row.json() == null) rejected.add(new Reject(row.row(), null, row.unreadable()));
        else readable.add(row);
      }
      RecordValidator.Validated<V> checked =
          validator.validate(stream, readable.stream().<JsonNode>map(SourceRow::json).toList());
      for (Problem p : checked.problems()) {
        rejected.add(new Reject(readable.get(p.index()).row(), p.field(), p.message()));
      }
      List<SourceRow> goodRows = new ArrayList<>();
      List<ObjectNode> json = new ArrayList<>();
      List<V> records = new ArrayList<>();
      for (int i = 0; i < readable.size(); i++) {
        if (checked.records().get(i) != null) {
          goodRows.add(readable.get(i));
          json.add(readable.get(i).json());
          records.add(checked.records().get(i));
        }
      }
      if (!records.isEmpty()) {
        List<Problem> refused = sink.write(stream, json, records);
        List<Integer> refusedAt = refused.stream().map(Problem::index).toList();
        for (Problem p : refused) {
          rejected.add(new Reject(goodRows.get(p.index()).row(), p.field(), p.message()));
        }
        for (int i = 0; i < records.size(); i++) {
          if (refusedAt.contains(i)) continue;
          imported++;
          if (records.get(i) instanceof Unit u) written.apply(u.getUnitId(), u);
        }
      }
      rejected.sort(Comparator.comparingLong(Reject::row));
      rejected.forEach(r -> rejects.add(r.row(), r.field(), r.message()));
      progress.accept(read);
    }
  }

  private record Reject(long row, String field, String message) {}

  private List<Unit> currentUnits() {
    if (following == null) following = tree.get();
    return following.all();
  }

  @Override
  public void close() {
    sink.close();
    if (following != null) following.close();
  }
}
