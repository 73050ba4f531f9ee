package dev.pulse.replay.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceMode;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.CampaignsRow;
import dev.pulse.contract.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which rows --campaign keeps, given the campaigns of each activity's standing version. */
class CampaignSelectionTest {

  private static final String FIVE_NO = "5 không 3 sạch";
  private static final String SHELTER = "Mái ấm tình thương";
  private static final Map<String, List<String>> STANDING = Map.of(
      "a1", List.of(FIVE_NO),
      "a2", List.of(SHELTER, FIVE_NO),
      "a3", List.of(SHELTER),
      "a4", List.of());

  @Test
  void attendanceIsKeptByItsActivityAndViewRowsByTheirCampaign() {
    CampaignSelection attendance = CampaignSelection.of(Topics.ATTENDANCE, List.of(" " + FIVE_NO + "\t"), STANDING);
    assertThat(attendance.names()).containsExactly(FIVE_NO);
    assertThat(attendance.values()).containsExactlyInAnyOrder("a1", "a2");
    assertThat(attendance.contains(attendanceAt("a2"))).isTrue();
    assertThat(attendance.contains(attendanceAt("a3"))).isFalse();

    CampaignSelection rows = CampaignSelection.of(Topics.CAMPAIGNS_VIEW, List.of(SHELTER, SHELTER), STANDING);
    assertThat(rows.names()).containsExactly(SHELTER);
    assertThat(rows.contains(row(SHELTER))).isTrue();
    assertThat(rows.contains(row(FIVE_NO))).isFalse();
  }

  @Test
  void aNameNoActivityListsIsAnErrorThatSaysWhichNamesThereAre() {
    assertThatThrownBy(() -> CampaignSelection.of(Topics.ACTIVITIES, List.of("mái ấm  tình thương"), STANDING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--campaign 'mái ấm  tình thương': no activity in branch.activities.v1 lists this campaign now"
            + " (names match exactly, once trimmed); did you mean '" + SHELTER + "'?");
    assertThatThrownBy(() -> CampaignSelection.of(Topics.ACTIVITIES, List.of(FIVE_NO, "Tết trồng cây"), STANDING))
        .hasMessage("--campaign 'Tết trồng cây': no activity in branch.activities.v1 lists this campaign now"
            + " (names match exactly, once trimmed); the campaigns listed most are '" + FIVE_NO + "', '" + SHELTER + "'");
  }

  @Test
  void aTopicWithoutCampaignsIsAnError() {
    assertThatThrownBy(() -> CampaignSelection.of(Topics.MEMBERSHIPS, List.of(FIVE_NO), STANDING))
        .hasMessage("org.memberships.v1 has no campaigns: --campaign works on branch.activities.v1,"
            + " branch.attendance.v1, view.campaigns.v1");
  }

  private static Attendance attendanceAt(String activityId) {
    return new Attendance("t-" + activityId, activityId, "m1", "B1", Instant.parse("2023-03-01T02:00:00Z"),
        AttendanceMode.IN_PERSON, AttendanceStatus.PRESENT, Instant.parse("2023-03-01T03:00:00Z"));
  }

  private static CampaignsRow row(String campaign) {
    return new CampaignsRow("DB", "2023", campaign, 1L, 2L, 2L, 10L, 1L, Instant.EPOCH);
  }
}
