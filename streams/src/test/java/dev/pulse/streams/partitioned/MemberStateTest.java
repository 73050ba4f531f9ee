package dev.pulse.streams.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.streams.partitioned.MemberContribution.Membership;
import dev.pulse.streams.partitioned.MemberContribution.Range;
import dev.pulse.streams.partitioned.MemberContribution.UnitMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A member's state survives its bytes, in the layout written now (the campaign rows in a section
 * of their own, read only when asked for) and in the ones written before (a data directory keeps
 * them across an upgrade): campaign rows by index among the units, whole {@code unitId|campaign}
 * ids, and, older, no campaigns at all.
 */
class MemberStateTest {

  private static final List<String> UNITS = List.of("DB", "DB-01", "DB-01-03", "DB-01-03-B1");
  private static final List<String> CAMPAIGNS = List.of(
      "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
      "Xây dựng người phụ nữ Việt Nam thời đại mới", "5 không 3 sạch");

  @Test
  void aStateWithCampaignsComesBackWhole() {
    MemberState st = member(true);
    MemberState back = MemberState.decode(st.encode());
    assertThat(back.memberships).isEqualTo(st.memberships);
    assertThat(back.sent()).isEqualTo(st.sent());
    assertThat(back.sent().campaignMonths()).hasSize(UNITS.size() * CAMPAIGNS.size() * 12);
  }

  @Test
  void anEmptyStateComesBackEmpty() {
    assertThat(MemberState.decode(MemberState.empty().encode()).isEmpty()).isTrue();
    assertThat(MemberState.decode(null).isEmpty()).isTrue();
  }

  @Test
  void campaignNamesAreWrittenOnceNotOncePerUnit() {
    MemberState st = member(true);
    byte[] now = st.encode();
    byte[] before = firstLayout(st, true);
    int namesOnce = CAMPAIGNS.stream().mapToInt(c -> c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
    int rowTable = 2 + UNITS.size() * CAMPAIGNS.size() * 4;
    assertThat(before.length - now.length).as("bytes saved: the names written for three more units, less the"
        + " table of campaign rows").isGreaterThanOrEqualTo(namesOnce * (UNITS.size() - 1) - rowTable);
  }

  @Test
  void aStateWrittenBackWithoutItsCampaignRowsReadKeepsThemAsTheyWere() {
    MemberState st = member(true);
    MemberState back = MemberState.decode(st.encode());
    Set<UnitMonth> more = new HashSet<>(back.months());
    more.add(new UnitMonth("DB", 24_300));
    back.months(more);

    MemberState again = MemberState.decode(back.encode());

    assertThat(again.months()).isEqualTo(more);
    assertThat(again.campaignMonths()).as("the campaign section copied as it was read")
        .isEqualTo(st.sent().campaignMonths());
    assertThat(again.sent().eligible()).isEqualTo(st.sent().eligible());
  }

  @Test
  void aStateWithNewCampaignRowsWritesThemAndKeepsTheRest() {
    MemberState back = MemberState.decode(member(true).encode());
    Set<UnitMonth> campaigns = new HashSet<>(back.campaignMonths());
    campaigns.add(new UnitMonth("DB|Mái ấm tình thương", 24_280));
    back.campaignMonths(campaigns);

    MemberState again = MemberState.decode(back.encode());

    assertThat(again.campaignMonths()).isEqualTo(campaigns);
    assertThat(again.sent().months()).isEqualTo(member(true).sent().months());
  }

  @Test
  void aStateWrittenWithCampaignRowsByIndexAmongTheUnitsIsReadAsItWas() {
    MemberState st = member(true);
    MemberState back = MemberState.decode(byIndexLayout(st));
    assertThat(back.memberships).isEqualTo(st.memberships);
    assertThat(back.sent()).isEqualTo(st.sent());
  }

  @Test
  void aStateWrittenWithWholeCampaignRowIdsIsReadAsItWas() {
    MemberState st = member(true);
    MemberState back = MemberState.decode(firstLayout(st, true));
    assertThat(back.memberships).isEqualTo(st.memberships);
    assertThat(back.sent()).isEqualTo(st.sent());
  }

  @Test
  void aStateWrittenBeforeMembersCountedCampaignsIsReadWithNone() {
    MemberState st = member(false);
    MemberState back = MemberState.decode(firstLayout(st, false));
    assertThat(back.memberships).isEqualTo(st.memberships);
    assertThat(back.sent()).isEqualTo(st.sent());
    assertThat(back.sent().campaignMonths()).isEmpty();
  }

  /** A member of a branch for two years, counted in every month of 2023 at every level, with three campaigns. */
  private static MemberState member(boolean campaigns) {
    Map<String, Membership> memberships = new HashMap<>();
    memberships.put("ms-1", new Membership("DB-01-03-B1", 19_000, Integer.MAX_VALUE));
    memberships.put("ms-0", new Membership("DB-01-02-B4", 18_000, 18_999));
    Set<Range> eligible = new HashSet<>();
    Set<UnitMonth> months = new HashSet<>();
    Set<UnitMonth> campaignMonths = new HashSet<>();
    for (String u : UNITS) {
      eligible.add(new Range(u, MemberContribution.MONTH, 24_276, Wire.OPEN));
      eligible.add(new Range(u, MemberContribution.YEAR, 2023, 2024));
      for (int m = 0; m < 12; m++) {
        months.add(new UnitMonth(u, 24_276 + m));
        if (campaigns) {
          for (String c : CAMPAIGNS) campaignMonths.add(new UnitMonth(u + "|" + c, 24_276 + m));
        }
      }
    }
    return new MemberState(memberships, new MemberContribution(eligible, months, campaignMonths));
  }

  /** The layout of the first partitioned engine: each campaign row's id whole, or no campaign section. */
  private static byte[] firstLayout(MemberState st, boolean withCampaigns) {
    return Wire.write((byte) 0, out -> {
      out.writeShort(st.memberships.size());
      for (var e : st.memberships.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().branchId());
        out.writeInt(e.getValue().joinedDay());
        out.writeInt(e.getValue().leftDay());
      }
      Map<String, Integer> units = new LinkedHashMap<>();
      st.sent().eligible().forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      st.sent().months().forEach(m -> units.putIfAbsent(m.unitId(), units.size()));
      if (withCampaigns) st.sent().campaignMonths().forEach(m -> units.putIfAbsent(m.unitId(), units.size()));
      out.writeShort(units.size());
      for (String u : units.keySet()) out.writeUTF(u);
      out.writeShort(st.sent().eligible().size());
      for (Range r : st.sent().eligible()) {
        out.writeShort(units.get(r.unitId()));
        out.writeByte(r.kind());
        out.writeInt(r.from());
        out.writeInt(r.to());
      }
      out.writeInt(st.sent().months().size());
      for (UnitMonth m : st.sent().months()) {
        out.writeShort(units.get(m.unitId()));
        out.writeInt(m.month());
      }
      if (withCampaigns) {
        out.writeInt(st.sent().campaignMonths().size());
        for (UnitMonth m : st.sent().campaignMonths()) {
          out.writeShort(units.get(m.unitId()));
          out.writeInt(m.month());
        }
      }
    });
  }

  /** The layout before the campaign section stood apart: campaign rows by index among the state's one table of unit ids. */
  private static byte[] byIndexLayout(MemberState st) {
    MemberContribution sent = st.sent();
    return Wire.write((byte) 0, out -> {
      out.writeShort(0xFFFF);
      out.writeShort(st.memberships.size());
      for (var e : st.memberships.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().branchId());
        out.writeInt(e.getValue().joinedDay());
        out.writeInt(e.getValue().leftDay());
      }
      Map<String, Integer> units = new LinkedHashMap<>();
      Map<String, Integer> campaigns = new LinkedHashMap<>();
      Map<String, Integer> rows = new LinkedHashMap<>();
      sent.eligible().forEach(r -> units.putIfAbsent(r.unitId(), units.size()));
      sent.months().forEach(m -> units.putIfAbsent(m.unitId(), units.size()));
      for (UnitMonth m : sent.campaignMonths()) {
        int bar = m.unitId().indexOf('|');
        units.putIfAbsent(m.unitId().substring(0, bar), units.size());
        campaigns.putIfAbsent(m.unitId().substring(bar + 1), campaigns.size());
        rows.putIfAbsent(m.unitId(), rows.size());
      }
      out.writeShort(units.size());
      for (String u : units.keySet()) out.writeUTF(u);
      out.writeShort(campaigns.size());
      for (String c : campaigns.keySet()) out.writeUTF(c);
      out.writeShort(rows.size());
      for (String id : rows.keySet()) {
        int bar = id.indexOf('|');
        out.writeShort(units.get(id.substring(0, bar)));
        out.writeShort(campaigns.get(id.substring(bar + 1)));
      }
      out.writeShort(sent.eligible().size());
      for (Range r : sent.eligible()) {
        out.writeShort(units.get(r.unitId()));
        out.writeByte(r.kind());
        out.writeInt(r.from());
        out.writeInt(r.to());
      }
      out.writeInt(sent.months().size());
      for (UnitMonth m : sent.months()) {
        out.writeShort(units.get(m.unitId()));
        out.writeInt(m.month());
      }
      out.writeInt(sent.campaignMonths().size());
      for (UnitMonth m : sent.campaignMonths()) {
        out.writeShort(rows.get(m.unitId()));
        out.writeInt(m.month());
      }
    });
  }
}
