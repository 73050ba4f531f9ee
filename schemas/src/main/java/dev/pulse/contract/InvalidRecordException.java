package dev.pulse.contract;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown where a record is built in code (the producer library) and breaks a rule of the contract. */
public final class InvalidRecordException extends IllegalArgumentException {

  private final transient List<Problem> problems;

  public InvalidRecordException(String what, List<Problem> problems) {
    super(what + " is not valid: "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
