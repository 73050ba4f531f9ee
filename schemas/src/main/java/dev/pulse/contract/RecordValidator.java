package dev.pulse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.avro.Activity;
import dev.pulse.avro.Unit;
import dev.pulse.contract.DateBounds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks a batch of input records and turns the JSON ones into Avro records, before anything is
 * written: the shape of each record ({@link JsonToAvro}), the rules on its values
 * ({@link RecordRules}) and, for units, the rules of the tree ({@link UnitTreeRules}). The gateway,
 * the importer and the producer library share it, so a record is judged the same whichever way it
 * comes in. A valid record comes out as it is to be stored: campaign names trimmed (SPEC.md §5b).
 */
public final class RecordValidator {

  /**
   * The outcome for a batch.
   *
   * @param records one entry per input record, in order: the Avro record, or null where the input
   *     record has problems
   * @param problems the problems, ordered by index: every one, or the first {@link Problems#MAX_LISTED}
   *     when the caller asked for a bounded list
   * @param problemCount how many problems there were
   */
  public record Validated<V extends SpecificRecord>(IngestStream<V> stream, List<V> records, List<Problem> problems,
      int problemCount) {

    public boolean ok() {
      return problemCount == 0;
    }

    /** The records without problems, in order. */
    public List<V> valid() {
      return records.stream().filter(Objects::nonNull).toList();
    }
  }

  private final KnownUnits tree;
  private final DateBounds bounds;

  /** @param tree the current tree, for the rules on units (loops, levels) */
  public RecordValidator(KnownUnits tree) {
    this(tree, DateBounds.DEFAULT);
  }

  /**
   * @param tree the current tree, for the rules on units (loops, levels)
   * @param bounds the dates an event may carry (SPEC.md §2)
   */
  public RecordValidator(KnownUnits tree, DateBounds bounds) {
    this.tree = tree;
    this.bounds = bounds;
  }

  /** Checks JSON records of a stream sent now, listing every problem; index {@code i} of a problem is {@code json.get(i)}. */
  public <V extends SpecificRecord> Validated<V> validate(IngestStream<V> stream, List<JsonNode> json) {
    return validate(stream, json, Instant.now(), Integer.MAX_VALUE);
  }

  /**
   * Checks JSON records of a stream; index {@code i} of a problem is {@code json.get(i)}.
   *
   * @param sentAt when the records are sent (the request's time), for the date bounds
   * @param maxListed how many problems to keep at most; all are counted
   */
  public <V extends SpecificRecord> Validated<V> validate(IngestStream<V> stream, List<JsonNode> json,
      Instant sentAt, int maxListed) {
    Batch<V> batch = batch(stream, sentAt, maxListed);
    json.forEach(batch::add);
    return batch.finish();
  }

  /**
   * A batch to which JSON records of a stream are added one at a time, as a body is read: each is
   * converted and checked when it comes, so its JSON tree may be dropped at once.
   *
   * @param sentAt when the records are sent (the request's time), for the date bounds
   * @param maxListed how many problems to keep at most; all are counted
   */
  public <V extends SpecificRecord> Batch<V> batch(IngestStream<V> stream, Instant sentAt, int maxListed) {
    return new Batch<>(stream, sentAt, maxListed);
  }

  /**
   * JSON records checked as they come: what it keeps is the Avro records (a null where a record has
   * problems), the first {@code maxListed} problems and the count of all, never the JSON.
   * {@link #finish()} adds the rules that need the whole batch (the tree, for units).
   */
  public final class Batch<V extends SpecificRecord> {

    private final IngestStream<V> stream;
    private final Instant sentAt;
    private final int maxListed;
    private final List<V> records = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    /** The problems of the record being converted; reused, so a record costs no list of its own. */
    private final List<Problem> own = new ArrayList<>();
    private int count;

    private Batch(IngestStream<V> stream, Instant sentAt, int maxListed) {
      this.stream = stream;
      this.sentAt = sentAt;
      this.maxListed = maxListed;
    }

    /** Converts and checks the next record; its problems carry its index, the number of records added before it. */
    public void add(JsonNode json) {
      int index = records.size();
      own.clear();
      V record = JsonToAvro.convert(stream, json, index, own);
      if (record != null) own.addAll(RecordRules.check(stream, record, index, bounds, sentAt));
      records.add(own.isEmpty() ? normalised(record) : null);
      count += own.size();
      for (int i = 0; i < own.size() && problems.size() < maxListed; i++) problems.add(own.get(i));
      own.clear();
    }

    /** How many records have been added. */
    public int size() {
      return records.size();
    }

    /** The outcome, once every record has been added. */
    public Validated<V> finish() {
      return withTreeRules(stream, records, problems, count, maxListed);
    }
  }

  /** Checks records already in Avro form (built in code, or decoded). */
  public <V extends SpecificRecord> Validated<V> check(IngestStream<V> stream, List<V> records) {
    List<Problem> problems = new ArrayList<>();
    List<V> checked = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      List<Problem> own = records.get(i) == null
          ? List.of(new Problem(i, null, "no record"))
          : RecordRules.check(stream, records.get(i), i);
      checked.add(own.isEmpty() ? normalised(records.get(i)) : null);
      problems.addAll(own);
    }
    return withTreeRules(stream, checked, problems, problems.size(), Integer.MAX_VALUE);
  }

  /**
   * The record as it is stored: an activity's campaign names trimmed (a copy, when a name changes;
   * the caller's record is left alone). Duplicates are kept: they are what was sent, and the views
   * read a campaign once per activity anyway.
   */
  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> V normalised(V record) {
    if (record instanceof Activity a && a.getCampaigns() != null) {
      List<String> trimmed = a.getCampaigns().stream().map(n -> CampaignNames.trimmed(n.toString())).toList();
      if (!trimmed.equals(a.getCampaigns().stream().map(CharSequence::toString).toList())) {
        return (V) Activity.newBuilder(a).setCampaigns(new ArrayList<>(trimmed)).build();
      }
    }
    return record;
  }

  private <V extends SpecificRecord> Validated<V> withTreeRules(IngestStream<V> stream, List<V> records,
      List<Problem> problems, int count, int maxListed) {
    List<V> out = new ArrayList<>(records);
    if (stream == IngestStream.UNITS) {
      @SuppressWarnings("unchecked")
      List<Unit> units = (List<Unit>) records;
      for (Problem p : UnitTreeRules.check(units, tree)) {
        count++;
        if (problems.size() < maxListed) problems.add(p);
        out.set(p.index(), null);
      }
    }
    problems.sort(Comparator.comparing(Problem::index, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new Validated<>(stream, out, List.copyOf(problems), count);
  }
}
