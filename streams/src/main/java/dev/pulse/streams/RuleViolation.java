package dev.pulse.streams;

/** An input record that decodes but breaks the contract's rules; it goes to the dead letters. */
public final class RuleViolation extends RuntimeException {
  public RuleViolation(String topic, String reason) {
    super("topic " + topic + ": " + reason, null, false, false);
  }
}
