package dev.pulse.batch;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import java.util.List;

/** All inputs of the pipeline, one list per input topic of SPEC.md §1, each in log order. */
public record History(
    List<LogRecord<Unit>> units,
    List<LogRecord<Membership>> memberships,
    List<LogRecord<Activity>> activities,
    List<LogRecord<Attendance>> attendance,
    List<LogRecord<HouseholdStatus>> households) {

  public History {
    units = List.copyOf(units);
    memberships = List.copyOf(memberships);
    activities = List.copyOf(activities);
    attendance = List.copyOf(attendance);
    households = List.copyOf(households);
  }

  /** No records at all. */
  public static History empty() {
    return new History(List.of(), List.of(), List.of(), List.of(), List.of());
  }
}
