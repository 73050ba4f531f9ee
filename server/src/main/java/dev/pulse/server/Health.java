package dev.pulse.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code GET /health} says: UP or DOWN, and the state of each part that has one (the streams
 * application's {@code KafkaStreams.State}, say), so an operator sees which part is unwell.
 */
public record Health(boolean isUp, Map<String, Object> parts) {

  public Health {
    parts = Map.copyOf(parts);
  }

  public static Health up(Map<String, Object> parts) {
    return new Health(true, parts);
  }

  public static Health down(Map<String, Object> parts) {
    return new Health(false, parts);
  }

  /** {@code {"status": "UP", <part>: <state>, ...}}, parts in name order. */
  public Map<String, Object> asJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", isUp ? "UP" : "DOWN");
    parts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }
}
