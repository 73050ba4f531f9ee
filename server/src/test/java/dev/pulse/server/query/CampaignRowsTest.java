package dev.pulse.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.avro.CampaignsRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key, the zero row and the order of campaign rows, without Kafka. */
class CampaignRowsTest {

  @Test
  void a_key_splits_into_unit_period_and_campaign_at_its_two_bars() {
    CampaignRows.Key key = CampaignRows.Key.parse("DB-01|2023-Q4|5 không 3 sạch");

    assertThat(key).isEqualTo(new CampaignRows.Key("DB-01", "2023-Q4", "5 không 3 sạch"));
    assertThat(key.toString()).isEqualTo("DB-01|2023-Q4|5 không 3 sạch");
  }

  @Test
  void a_key_without_exactly_three_parts_is_refused_naming_it() {
    for (String bad : List.of("DB-01|2023-Q4", "DB-01|2023-Q4|a|b", "DB-01")) {
      assertThatThrownBy(() -> CampaignRows.Key.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'").hasMessageContaining("unitId|period|campaign");
    }
  }

  @Test
  void the_zero_row_of_a_key_has_its_parts_and_every_figure_zero() {
    CampaignsRow zero = CampaignRows.zero("DB|2023|Áo dài", 1_700_000_000_000L);

    assertThat(zero.getUnitId()).isEqualTo("DB");
    assertThat(zero.getPeriod()).isEqualTo("2023");
    assertThat(zero.getCampaign()).isEqualTo("Áo dài");
    assertThat(List.of(zero.getHeld(), zero.getAttendances(), zero.getParticipants(), zero.getBranches(),
        zero.getBranchesHolding())).containsOnly(0L);
    assertThat(zero.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void most_held_come_first_then_most_participants_then_names_in_string_order() {
    List<CampaignsRow> rows = new ArrayList<>(List.of(row("b", 1, 9), row("a", 2, 1), row("c", 2, 5), row("d", 2, 5)));
    rows.sort(CampaignRows.ORDER);

    assertThat(rows).extracting(r -> r.getCampaign().toString()).containsExactly("c", "d", "a", "b");
  }

  private static CampaignsRow row(String campaign, long held, long participants) {
    return CampaignsRow.newBuilder(CampaignRows.zero("DB", "2023", campaign, 0))
        .setHeld(held).setParticipants(participants).build();
  }
}
