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
    List<Problem> problems = new ArrayList<>();
    int count = 0;
    List<V> records = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      List<Problem> own = new ArrayList<>();
      V record = JsonToAvro.convert(stream, json.get(i), i, own);
      if (record != null) own.addAll(RecordRules.check(stream, record, i, bounds, sentAt));
      records.add(own.isEmpty() ? normalised(record) : null);
      count += own.size();
      for (Problem p : own) {
        if (problems.size() < maxListed) problems.add(p);
      }
    }
    return withTreeRules(stream, records, problems, count, maxListed);
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
