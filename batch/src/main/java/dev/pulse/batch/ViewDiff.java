package dev.pulse.batch;

import dev.pulse.contract.RowJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rows on which two versions of a view disagree. A row absent on one side counts as the
 * row of zeros (SPEC.md §6: an all-zero row may be absent); updatedAt is not compared.
 */
public final class ViewDiff {

  /** One row that differs: its key and both sides as JSON objects (null: absent). */
  public record Difference(String view, String key, Map<String, Object> expected, Map<String, Object> actual) {
    @Override
    public String toString() {
      return view + " " + key + ": expected " + expected + " but was " + actual;
    }
  }

  private ViewDiff() {}

  public static <R extends SpecificRecord> List<Difference> compare(String view, Map<String, R> expected,
      Map<String, R> actual, Function<String, R> zeros) {
    List<Difference> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      Map<String, Object> e = figures(expected.getOrDefault(key, zeros.apply(key)));
      Map<String, Object> a = figures(actual.getOrDefault(key, zeros.apply(key)));
      if (!Objects.equals(e, a)) out.add(new Difference(view, key, e, a));
    }
    return out;
  }

  private static Map<String, Object> figures(SpecificRecord row) {
    Map<String, Object> m = RowJson.of(row);
    m.remove("updatedAt");
    return m;
  }
}
