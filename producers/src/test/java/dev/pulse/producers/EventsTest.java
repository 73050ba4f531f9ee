package dev.pulse.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.Channel;
import dev.pulse.avro.PovertyStatus;
import dev.pulse.contract.InvalidRecordException;
import dev.pulse.contract.Problem;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EventsTest {

  @Test
  void a_complete_record_is_built() {
    Attendance a = Events.attendance()
        .attendanceId("att-1").activityId("act-77").memberId("m-17").recordedBy("DB-01-03-B1")
        .attendedAt(Instant.parse("2023-11-05T02:00:00Z")).mode(AttendanceMode.IN_PERSON)
        .status(AttendanceStatus.PRESENT).recordedAt(Instant.parse("2023-11-05T03:00:00Z"))
        .build();
    assertThat(a.getMemberId()).isEqualTo("m-17");
  }

  @Test
  void lists_left_unset_are_empty() {
    Activity a = Events.activity().activityId("act-1").unitId("DB-01").title("Họp").kind(ActivityKind.MEETING)
        .mode(ActivityMode.ONLINE).startsAt(Instant.parse("2023-11-05T02:00:00Z")).status(ActivityStatus.HELD)
        .recordedAt(Instant.parse("2023-11-05T03:00:00Z")).build();
    assertThat(a.getChannels()).isEmpty();
    assertThat(a.getCampaigns()).isEmpty();
    assertThat(Events.activity().activityId("act-1").unitId("DB-01").title("Họp").kind(ActivityKind.MEETING)
        .mode(ActivityMode.ONLINE).startsAt(Instant.parse("2023-11-05T02:00:00Z")).status(ActivityStatus.HELD)
        .channels(Channel.ZALO).recordedAt(Instant.parse("2023-11-05T03:00:00Z")).build().getChannels())
        .containsExactly(Channel.ZALO);
  }

  @Test
  void the_gateways_rules_hold_for_built_records() {
    assertThatThrownBy(() -> Events.attendance().attendanceId("att-1").memberId("").build())
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageStartingWith("this attendance record is not valid: activityId: missing; every attendance record"
            + " needs one; memberId: must not be empty");
    assertThatThrownBy(() -> Events.membership().membershipId("ms").memberId("m").branchId("B")
        .joinedOn(LocalDate.of(2023, 5, 1)).leftOn(LocalDate.of(2023, 4, 1)).build())
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.problems())
            .extracting(Problem::field).containsExactly("leftOn"));
  }

  @Test
  void a_boolean_must_be_set_explicitly() {
    assertThatThrownBy(() -> Events.householdStatus().eventId("e").householdId("h").branchId("B")
        .status(PovertyStatus.POOR).assessedOn(LocalDate.of(2023, 1, 1)).recordedAt(Instant.now()).build())
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("supportedByUnion: missing");
  }
}
