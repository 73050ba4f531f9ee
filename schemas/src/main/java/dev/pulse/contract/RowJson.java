package dev.pulse.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A view row as the JSON object of SPEC.md §6: its Avro field names, numbers as numbers,
 * instants as ISO-8601, maps as objects, null as null (no Avro union wrapping).
 */
public final class RowJson {

  private RowJson() {}

  public static Map<String, Object> of(SpecificRecord row) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Schema.Field f : row.getSchema().getFields()) {
      out.put(f.name(), plain(row.get(f.pos())));
    }
    return out;
  }

  private static Object plain(Object v) {
    if (v instanceof Instant i) return i.toString();
    if (v instanceof LocalDate d) return d.toString();
    if (v instanceof CharSequence s) return s.toString();
    if (v instanceof Enum<?> e) return e.name();
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, x) -> copy.put(k.toString(), plain(x)));
      return copy;
    }
    return v;
  }
}
