package dev.pulse.contract;

import dev.pulse.avro.ActivitiesRow;
import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.ParticipationRow;
import dev.pulse.avro.PovertyRow;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Topic.Retention;
import java.util.List;
import java.util.Optional;

/** Every topic of SPEC.md §1: the one place where topic names are written. */
public final class Topics {

  public static final Topic<Unit> UNITS =
      new Topic<>("org.units.v1", Unit.class, Retention.COMPACTED, 3);
  public static final Topic<Membership> MEMBERSHIPS =
      new Topic<>("org.memberships.v1", Membership.class, Retention.COMPACTED, 6);
  public static final Topic<Activity> ACTIVITIES =
      new Topic<>("branch.activities.v1", Activity.class, Retention.FOREVER, 6);
  public static final Topic<Attendance> ATTENDANCE =
      new Topic<>("branch.attendance.v1", Attendance.class, Retention.FOREVER, 6);
  public static final Topic<HouseholdStatus> HOUSEHOLD_STATUS =
      new Topic<>("branch.household-status.v1", HouseholdStatus.class, Retention.FOREVER, 6);

  public static final Topic<ParticipationRow> PARTICIPATION_VIEW =
      new Topic<>("view.participation.v1", ParticipationRow.class, Retention.COMPACTED, 6);
  public static final Topic<PovertyRow> POVERTY_VIEW =
      new Topic<>("view.poverty.v1", PovertyRow.class, Retention.COMPACTED, 6);
  public static final Topic<ActivitiesRow> ACTIVITIES_VIEW =
      new Topic<>("view.activities.v1", ActivitiesRow.class, Retention.COMPACTED, 6);
  /** Campaigns (SPEC.md §5b), built by the partitioned engine; the single-partition engine leaves it empty. */
  public static final Topic<CampaignsRow> CAMPAIGNS_VIEW =
      new Topic<>("view.campaigns.v1", CampaignsRow.class, Retention.COMPACTED, 6);

  /** Records the pipeline cannot use: the original bytes, with headers saying why (SPEC.md §1). */
  public static final Topic<byte[]> DEAD_LETTERS =
      new Topic<>("pipeline.dead-letters.v1", byte[].class, Retention.FOREVER, 3);

  /** The input topics branches emit to, in the order SPEC.md lists them. */
  public static final List<Topic<?>> INPUTS =
      List.of(UNITS, MEMBERSHIPS, ACTIVITIES, ATTENDANCE, HOUSEHOLD_STATUS);

  /** The materialised views the streams engine builds: what the query API, the live stream and verify read and compare. */
  public static final List<Topic<?>> VIEWS = List.of(PARTICIPATION_VIEW, POVERTY_VIEW, ACTIVITIES_VIEW, CAMPAIGNS_VIEW);

  /**
   * Every view topic of the contract, built yet or not: what access is granted on (the streams
   * write, the API and dashboards read), so that the engine for a new view ships without a change
   * to the cluster's ACLs.
   */
  public static final List<Topic<?>> ALL_VIEWS =
      List.of(PARTICIPATION_VIEW, POVERTY_VIEW, ACTIVITIES_VIEW, CAMPAIGNS_VIEW);

  /** Every topic of the contract. */
  public static final List<Topic<?>> ALL =
      List.of(UNITS, MEMBERSHIPS, ACTIVITIES, ATTENDANCE, HOUSEHOLD_STATUS,
          PARTICIPATION_VIEW, POVERTY_VIEW, ACTIVITIES_VIEW, CAMPAIGNS_VIEW, DEAD_LETTERS);

  /** Header names on dead letters (SPEC.md §1: source topic, partition, offset, the error, when). */
  public static final class DeadLetterHeaders {
    public static final String TOPIC = "pulse.dlq.topic";
    public static final String PARTITION = "pulse.dlq.partition";
    public static final String OFFSET = "pulse.dlq.offset";
    public static final String ERROR = "pulse.dlq.error";
    public static final String TIMESTAMP = "pulse.dlq.timestamp";

    private DeadLetterHeaders() {}
  }

  private Topics() {}

  /** The topic of the contract with this name, if any. */
  public static Optional<Topic<?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
