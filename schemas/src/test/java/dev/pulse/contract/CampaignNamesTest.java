package dev.pulse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.ActivityMode;
import dev.pulse.avro.ActivityStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC.md §5b: what a campaign name may be, and what the dead-letter rules make of a bad one. */
class CampaignNamesTest {

  @Test
  void a_name_is_read_trimmed() {
    assertThat(CampaignNames.trimmed("  5 không 3 sạch \t")).isEqualTo("5 không 3 sạch");
    assertThat(CampaignNames.problem("  5 không 3 sạch ")).isNull();
    assertThat(CampaignNames.trimmed(List.of("Mái ấm tình thương", " Mái ấm tình thương", "5 không 3 sạch")))
        .containsExactly("Mái ấm tình thương", "5 không 3 sạch");
  }

  @Test
  void an_empty_or_blank_name_is_refused() {
    assertThat(CampaignNames.problem("")).contains("must not be empty");
    assertThat(CampaignNames.problem("   ")).contains("must not be empty");
    assertThat(CampaignNames.problem(null)).contains("missing");
  }

  @Test
  void eighty_characters_are_counted_in_code_points_after_trimming() {
    // "ạ" as one precomposed code point: 80 of them is a name, 81 is not, whatever UTF-16 or UTF-8 make of it.
    String eighty = "ạ".repeat(80);
    assertThat(CampaignNames.problem(eighty)).isNull();
    assertThat(CampaignNames.problem("  " + eighty + "  ")).isNull();
    assertThat(CampaignNames.problem(eighty + "ạ")).contains("81 characters long; at most 80");
    // Characters outside the BMP are two chars in Java but one character of the name.
    assertThat(CampaignNames.problem("𝕏".repeat(80))).isNull();
    assertThat(CampaignNames.problem("𝕏".repeat(81))).contains("81 characters");
  }

  @Test
  void a_bar_or_a_control_character_is_refused() {
    assertThat(CampaignNames.problem("5 không|3 sạch")).contains("'|'").contains("unitId|period|campaign");
    assertThat(CampaignNames.problem("5 không\n3 sạch")).contains("control character").contains("U+000A");
    assertThat(CampaignNames.problem("5 không\u00853 sạch")).contains("control character");
    assertThat(CampaignNames.problem("5 không\uD8003 sạch")).contains("lone surrogate");
  }

  @Test
  void an_activity_with_a_bad_name_on_the_topic_is_a_dead_letter_with_the_reason() {
    Activity good = activity(List.of(" 5 không 3 sạch ", "Mái ấm tình thương"));
    Activity bad = activity(List.of("5 không 3 sạch", "a|b"));

    assertThat(InputRules.problem(Topics.ACTIVITIES, "act-1", good)).isNull();
    assertThat(InputRules.problem(Topics.ACTIVITIES, "act-1", bad))
        .startsWith("activity act-1: campaigns[1]: ").contains("'|'");
    assertThat(InputRules.problem(Topics.ACTIVITIES, "act-1", activity(List.of(" "))))
        .isEqualTo("activity act-1: campaigns[0]: a campaign name must not be empty");
    assertThat(InputRules.problem(Topics.ACTIVITIES, "act-1", activity(List.of("x".repeat(81)))))
        .contains("81 characters");
  }

  private static Activity activity(List<String> campaigns) {
    return new Activity("act-1", "DB-01", "Hưởng ứng cuộc vận động", ActivityKind.CAMPAIGN, ActivityMode.IN_PERSON,
        Instant.parse("2023-11-05T02:00:00Z"), List.of(), campaigns, ActivityStatus.HELD,
        Instant.parse("2023-11-05T05:00:00Z"));
  }
}
