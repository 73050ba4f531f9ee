package dev.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Activity;
import dev.pulse.avro.ActivityStatus;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.AttendanceStatus;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Membership;
import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.CampaignNames;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topics;
import dev.pulse.contract.IngestStream;
import dev.pulse.contract.RecordRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProvinceGeneratorTest {

  private static final long SEED = 7;
  private static List<Delivery<?>> messy;
  private static StandingData standing;

  @BeforeAll
  static void generateSmallYear() {
    messy = ProvinceGenerator.of(SEED, Scale.small()).deliveries().toList();
    standing = new StandingData(true);
    messy.forEach(standing::accept);
  }

  @Test
  void the_same_seed_gives_the_same_records_in_the_same_order() {
    Iterator<Delivery<?>> again = ProvinceGenerator.of(SEED, Scale.small()).iterator();
    for (Delivery<?> d : messy) {
      assertThat(again.hasNext()).as("second run ends early at %d", d.sequence()).isTrue();
      assertThat(again.next()).as("delivery %d", d.sequence()).isEqualTo(d);
    }
    assertThat(again.hasNext()).as("second run has more").isFalse();

    List<Delivery<?>> otherSeed = ProvinceGenerator.of(SEED + 1, Scale.small()).deliveries().limit(2_000).toList();
    assertThat(otherSeed).isNotEqualTo(messy.subList(0, 2_000));
  }

  @Test
  void deliveries_are_numbered_in_order_on_a_clock_that_only_moves_forward() {
    for (int i = 0; i < messy.size(); i++) {
      assertThat(messy.get(i).sequence()).isEqualTo(i);
      if (i > 0) {
        assertThat(messy.get(i).deliveredAt()).as("delivery %d", i).isAfterOrEqualTo(messy.get(i - 1).deliveredAt());
      }
    }
  }

  @Test
  void small_scale_has_the_size_it_promises() {
    Scale s = Scale.small();
    Map<String, Long> perTopic = countPerTopic(messy);
    System.out.printf("Scale.small (seed %d): %d deliveries %s; standing: %d units, %d memberships, %d activities, "
            + "%d attendance, %d household events%n", SEED, messy.size(), perTopic, standing.units.size(),
        standing.memberships.size(), standing.activities.size(), standing.attendance.size(),
        standing.householdEvents.size());
    assertThat(standing.units).hasSize(1 + s.districts() + s.communes() + s.branches());
    assertThat(standing.memberships.values().stream().map(Membership::getMemberId).distinct().count())
        .isEqualTo(s.members());
    assertThat(standing.householdEvents.values().stream().map(HouseholdStatus::getHouseholdId).distinct().count())
        .isEqualTo(s.households());
    assertThat(standing.attendance.size()).isBetween(s.attendanceTarget() * 7 / 10, s.attendanceTarget() * 13 / 10);
  }

  @Test
  void the_standing_tree_is_one_province_of_districts_of_communes_of_branches() {
    TreeCheck.assertConsistent(standing.units, Scale.small());
    assertThat(standing.units.get("DB").getName()).isEqualTo("Tỉnh Điện Biên");
    assertThat(standing.units.get("DB-01").getName()).isEqualTo("Thành phố Điện Biên Phủ");
    assertThat(standing.units.get("DB-02").getName()).isEqualTo("Thị xã Mường Lay");
  }

  @Test
  void without_mess_the_tree_comes_first_and_everything_arrives_after_what_it_names() {
    StandingData clean = new StandingData(true);
    Set<String> unitsSeen = new HashSet<>();
    Set<String> activitiesSeen = new HashSet<>();
    Set<String> membersSeen = new HashSet<>();
    Set<String> versionsSeen = new HashSet<>();
    for (Iterator<Delivery<?>> it = new ProvinceGenerator(SEED, Scale.small(), Mess.none()).iterator(); it.hasNext(); ) {
      Delivery<?> d = it.next();
      clean.accept(d);
      assertThat(d.isTombstone()).isFalse();
      if (d.topic() != Topics.MEMBERSHIPS) { // a membership that ends in the year gets a second version
        assertThat(versionsSeen.add(d.topic().name() + "|" + idOf(d.value()))).as("one version of %s", d).isTrue();
      }
      if (d.value() instanceof Unit u) {
        assertThat(u.getParentId() == null || unitsSeen.contains(u.getParentId())).as("parent of %s first", u).isTrue();
        unitsSeen.add(u.getUnitId());
      } else if (d.value() instanceof Membership m) {
        assertThat(unitsSeen).contains(m.getBranchId());
        membersSeen.add(m.getMemberId());
      } else if (d.value() instanceof Activity a) {
        assertThat(unitsSeen).contains(a.getUnitId());
        activitiesSeen.add(a.getActivityId());
      } else if (d.value() instanceof Attendance a) {
        assertThat(activitiesSeen).as("activity of %s first", a.getAttendanceId()).contains(a.getActivityId());
        assertThat(membersSeen).contains(a.getMemberId());
      } else if (d.value() instanceof HouseholdStatus h) {
        assertThat(unitsSeen).contains(h.getBranchId());
      }
    }
    TreeCheck.assertConsistent(clean.units, Scale.small());
    for (Unit u : clean.units.values()) {
      if (u.getParentId() != null) {
        assertThat(u.getUnitId()).as("code of %s extends its parent's", u.getUnitId()).startsWith(u.getParentId() + "-");
      }
    }
    PovertyCheck.Figures f = PovertyCheck.compute(clean, "DB", 2023);
    assertThat(f.supported()).isEqualTo(Scale.small().supportedHouseholds());
    assertThat(f.exited()).isEqualTo(Scale.small().exitedHouseholds());
  }

  @Test
  void members_and_households_are_pseudonymous() {
    Pattern memberId = Pattern.compile("mem-[bcdfghjklmnpqrstvwxz]{12}");
    Pattern householdId = Pattern.compile("hh-[bcdfghjklmnpqrstvwxz]{12}");
    Pattern phoneLike = Pattern.compile("(\\+?84|0)[ .-]?\\d{8,10}|\\d{9,}");
    // Family names carried by most people in the province (Kinh, Thái, H'Mông), and the middle name of women.
    Pattern nameLike = Pattern.compile("(?iu)\\b(Nguyễn|Trần|Lê|Phạm|Hoàng|Vũ|Đặng|Bùi|Đỗ|Ngô|Lò|Quàng|Lường|Cà|Giàng"
        + "|Sùng|Thào|Mùa|Vàng|Thị)\\b");
    int checked = 0;
    for (Delivery<?> d : messy) {
      if (d.value() instanceof Membership m) {
        assertThat(m.getMemberId()).matches(memberId);
      } else if (d.value() instanceof Attendance a) {
        assertThat(a.getMemberId()).matches(memberId);
      } else if (d.value() instanceof HouseholdStatus h) {
        assertThat(h.getHouseholdId()).matches(householdId);
      } else {
        continue;
      }
      // Nothing in a record about a person looks like a phone number or a name.
      SpecificRecord r = (SpecificRecord) d.value();
      for (int f = 0; f < r.getSchema().getFields().size(); f++) {
        if (r.get(f) instanceof CharSequence text) {
          assertThat(phoneLike.matcher(text).find()).as("%s.%s = %s", d.topic().name(),
              r.getSchema().getFields().get(f).name(), text).isFalse();
          assertThat(nameLike.matcher(text).find()).as("%s.%s = %s", d.topic().name(),
              r.getSchema().getFields().get(f).name(), text).isFalse();
          checked++;
        }
      }
      assertThat(d.key()).doesNotContainPattern(phoneLike);
    }
    assertThat(checked).isGreaterThan(10_000);
  }

  @Test
  void the_small_year_carries_every_kind_of_mess() {
    Map<String, Instant> firstUnit = new HashMap<>();
    Map<String, Instant> firstActivity = new HashMap<>();
    Map<String, Instant> firstMembershipOfMember = new HashMap<>();
    Map<String, List<Delivery<?>>> versionsById = new HashMap<>();
    Map<String, List<Unit>> unitVersions = new HashMap<>();
    Set<String> seen = new HashSet<>();
    int duplicates = 0;
    for (Delivery<?> d : messy) {
      if (!seen.add(d.topic().name() + "|" + d.key() + "|" + d.value())) duplicates++;
      if (d.topic() == Topics.UNITS) {
        Unit u = (Unit) d.value();
        if (u != null) firstUnit.putIfAbsent(u.getUnitId(), d.deliveredAt());
        unitVersions.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(u);
      } else if (d.value() instanceof Membership m) {
        firstMembershipOfMember.putIfAbsent(m.getMemberId(), d.deliveredAt());
      } else if (d.value() instanceof Activity a) {
        firstActivity.putIfAbsent(a.getActivityId(), d.deliveredAt());
      }
      if (!(d.value() instanceof Unit) && !(d.value() instanceof Membership) && d.value() != null) {
        versionsById.computeIfAbsent(d.topic().name() + "|" + idOf(d.value()), k -> new ArrayList<>()).add(d);
      }
    }
    assertThat(duplicates).as("exact duplicates").isPositive();

    // Corrections: an event whose standing version differs from an earlier-recorded one in substance.
    long corrected = versionsById.values().stream().filter(ProvinceGeneratorTest::isCorrection).count();
    assertThat(corrected).as("corrections").isPositive();
    // A correction or retraction that arrived before the version it replaces.
    long oldLast = versionsById.values().stream().filter(ProvinceGeneratorTest::oldVersionArrivedLast).count();
    assertThat(oldLast).as("old versions arriving after newer ones").isPositive();

    assertThat(standing.attendance.values()).as("retractions")
        .anyMatch(a -> a.getStatus() == AttendanceStatus.RETRACTED);
    assertThat(standing.activities.values()).as("cancellations")
        .anyMatch(a -> a.getStatus() == ActivityStatus.CANCELLED);

    // Late: recorded (and delivered) weeks or months after the fact.
    Duration weeks = Duration.ofDays(20);
    assertThat(messy).as("late attendance").anyMatch(d -> d.value() instanceof Attendance a
        && Duration.between(a.getAttendedAt(), a.getRecordedAt()).compareTo(weeks) > 0);
    assertThat(messy).as("late activities").anyMatch(d -> d.value() instanceof Activity a
        && Duration.between(a.getStartsAt(), a.getRecordedAt()).compareTo(weeks) > 0);
    assertThat(messy).as("late household events").anyMatch(d -> d.value() instanceof HouseholdStatus h
        && Duration.between(h.getAssessedOn().atStartOfDay(Period.ZONE).toInstant(), h.getRecordedAt())
            .compareTo(weeks.multipliedBy(2)) > 0);

    // Shuffling: attendance before its activity, before its member's membership, before its unit.
    assertThat(messy).as("attendance before its activity").anyMatch(d -> d.value() instanceof Attendance a
        && d.deliveredAt().isBefore(firstActivity.getOrDefault(a.getActivityId(), Instant.MAX)));
    assertThat(messy).as("attendance before its membership").anyMatch(d -> d.value() instanceof Attendance a
        && d.deliveredAt().isBefore(firstMembershipOfMember.getOrDefault(a.getMemberId(), Instant.MAX)));
    assertThat(messy).as("attendance before the unit that recorded it").anyMatch(d -> d.value() instanceof Attendance a
        && d.deliveredAt().isBefore(firstUnit.getOrDefault(a.getRecordedBy(), Instant.MAX)));
    assertThat(messy).as("a membership before its branch").anyMatch(d -> d.value() instanceof Membership m
        && d.deliveredAt().isBefore(firstUnit.getOrDefault(m.getBranchId(), Instant.MAX)));

    // The tree changes mid-stream: a commune and a branch re-parented, a unit deleted and re-created.
    Set<UnitLevel> reparented = new HashSet<>();
    boolean recreated = false;
    for (List<Unit> versions : unitVersions.values()) {
      Set<String> parents = new HashSet<>();
      for (int i = 0; i < versions.size(); i++) {
        Unit u = versions.get(i);
        if (u == null) {
          recreated |= i + 1 < versions.size() && versions.get(i + 1) != null;
        } else {
          parents.add(Objects.toString(u.getParentId()));
        }
      }
      if (parents.size() > 1) reparented.add(versions.get(versions.size() - 1).getLevel());
    }
    assertThat(reparented).containsExactlyInAnyOrder(UnitLevel.COMMUNE, UnitLevel.BRANCH);
    assertThat(recreated).as("a unit deleted and re-created").isTrue();
  }

  @Test
  void the_poverty_figures_of_the_small_year_hold_exactly_despite_the_mess() {
    PovertyCheck.Figures f = PovertyCheck.compute(standing, "DB", 2023);
    System.out.println("Scale.small poverty 2023 at DB: " + f);
    assertThat(f.supported()).isEqualTo(Scale.small().supportedHouseholds());
    assertThat(f.exited()).isEqualTo(Scale.small().exitedHouseholds());
    assertThat(f.exitedPoverty()).isPositive();
    assertThat(f.exitedNearPoverty()).isPositive();
    assertThat(f.relapsed()).isPositive();
    // Districts split the province: their figures add up to it.
    int byDistrict = 0;
    for (Unit u : standing.units.values()) {
      if (u.getLevel() == UnitLevel.DISTRICT) byDistrict += PovertyCheck.compute(standing, u.getUnitId(), 2023).supported();
    }
    assertThat(byDistrict).isEqualTo(f.supported());
  }

  @Test
  void every_grassroots_union_publicises_and_activities_are_held_in_person_and_online() {
    Set<String> publicisingCommunes = new HashSet<>();
    Map<Object, Long> byMode = new HashMap<>();
    for (Activity a : standing.activities.values()) {
      if (a.getStatus() != ActivityStatus.HELD) continue;
      byMode.merge(a.getMode(), 1L, Long::sum);
      Unit organiser = standing.units.get(a.getUnitId());
      if (organiser.getLevel() == UnitLevel.COMMUNE) {
        assertThat(a.getChannels()).as("publicity of %s", a.getActivityId()).isNotEmpty();
        publicisingCommunes.add(a.getUnitId());
      }
    }
    assertThat(publicisingCommunes).hasSize(Scale.small().communes());
    assertThat(byMode).containsOnlyKeys(dev.pulse.avro.ActivityMode.values());
    assertThat(standing.attendance.values()).anyMatch(a -> a.getMode() == dev.pulse.avro.AttendanceMode.ONLINE);
    assertThat(standing.activities.values()).anyMatch(a -> a.getCampaigns().contains("5 không 3 sạch"));
    assertThat(standing.activities.values())
        .anyMatch(a -> a.getCampaigns().contains("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"));
  }

  @Test
  void most_activities_list_no_campaign_the_rest_province_movements_or_their_own_districts_drive() {
    long none = 0;
    Map<String, Long> byCampaign = new HashMap<>();
    for (Activity a : standing.activities.values()) {
      if (a.getCampaigns().isEmpty()) none++;
      assertThat(new HashSet<>(a.getCampaigns())).as("%s lists a campaign once", a.getActivityId())
          .hasSameSizeAs(a.getCampaigns());
      for (String c : a.getCampaigns()) {
        byCampaign.merge(c, 1L, Long::sum);
        assertThat(CampaignNames.problem(c)).as(c).isNull();
        if (!Vocabulary.MOVEMENTS.contains(c)) {
          // A drive is named after its district: only that district and the units planned in it list it.
          String district = districtOf(a.getUnitId());
          assertThat(district).as("%s, organised by %s", c, a.getUnitId()).isNotNull();
          assertThat(c).as("organised by %s", a.getUnitId()).endsWith(" – " + standing.units.get(district).getName());
        }
      }
    }
    double shareWithNone = (double) none / standing.activities.size();
    assertThat(shareWithNone).as("share of activities with no campaign").isBetween(0.5, 0.7);
    assertThat(byCampaign.keySet()).as("every movement comes up").containsAll(Vocabulary.MOVEMENTS);
    assertThat(byCampaign.keySet()).as("and district drives").anyMatch(c -> !Vocabulary.MOVEMENTS.contains(c));
    // The two great movements come up most.
    long greatest = Math.min(byCampaign.get(Vocabulary.MOVEMENTS.get(0)), byCampaign.get(Vocabulary.MOVEMENTS.get(1)));
    for (String other : Vocabulary.MOVEMENTS.subList(2, Vocabulary.MOVEMENTS.size())) {
      assertThat(byCampaign.get(other)).as(other).isLessThan(greatest);
    }
  }

  @Test
  void every_districts_drive_is_a_campaign_name_the_gateway_accepts() {
    List<DistrictList.District> districts = DistrictList.load();
    int drives = 0;
    for (int d = 0; d < districts.size(); d++) {
      String drive = Vocabulary.districtDrive(d, districts.get(d).name());
      if (drive == null) continue;
      drives++;
      assertThat(CampaignNames.problem(drive)).as(drive).isNull();
    }
    assertThat(drives).as("districts with a drive of their own").isBetween(districts.size() / 2, districts.size() - 1);
    for (String movement : Vocabulary.MOVEMENTS) {
      assertThat(CampaignNames.problem(movement)).as(movement).isNull();
    }
  }

  /**
   * The district a unit was planned in: its id starts with the district's code ({@code DB-03-07-02}
   * lies in {@code DB-03}). A unit moved by the mess keeps the drive of the district it came from.
   */
  private static String districtOf(String unitId) {
    String[] parts = unitId.split("-");
    return parts.length < 2 ? null : parts[0] + "-" + parts[1];
  }

  @Test
  void every_record_passes_the_gateways_record_rules_under_the_key_the_gateway_would_give_it() {
    for (Delivery<?> d : messy) {
      IngestStream<?> stream = IngestStream.ALL.stream().filter(s -> s.topic() == d.topic()).findFirst().orElseThrow();
      if (d.isTombstone()) {
        assertThat(stream.allowsDeletion()).as("delete on %s", stream).isTrue();
        continue;
      }
      SpecificRecord record = (SpecificRecord) d.value();
      assertThat(RecordRules.check(stream, record, (int) d.sequence())).as("%s", d).isEmpty();
      assertThat(d.key()).isEqualTo(stream.keyOf(record));
    }
  }

  // ------------------------------------------------------------------ helpers

  static Map<String, Long> countPerTopic(List<Delivery<?>> deliveries) {
    Map<String, Long> out = new java.util.TreeMap<>();
    deliveries.forEach(d -> out.merge(d.topic().name(), 1L, Long::sum));
    return out;
  }

  private static String idOf(Object value) {
    if (value instanceof Unit u) return u.getUnitId();
    if (value instanceof Membership m) return m.getMembershipId();
    if (value instanceof Activity a) return a.getActivityId();
    if (value instanceof Attendance a) return a.getAttendanceId();
    if (value instanceof HouseholdStatus h) return h.getEventId();
    throw new AssertionError("no id in " + value);
  }

  private static Instant recordedAt(Object value) {
    if (value instanceof Activity a) return a.getRecordedAt();
    if (value instanceof Attendance a) return a.getRecordedAt();
    if (value instanceof HouseholdStatus h) return h.getRecordedAt();
    throw new AssertionError("no recordedAt in " + value);
  }

  private static boolean isCorrection(List<Delivery<?>> versions) {
    Delivery<?> latest = versions.stream().max((x, y) -> recordedAt(x.value()).compareTo(recordedAt(y.value()))).orElseThrow();
    return versions.stream().anyMatch(v -> !withoutVersionFields(v.value()).equals(withoutVersionFields(latest.value())));
  }

  private static boolean oldVersionArrivedLast(List<Delivery<?>> versions) {
    Delivery<?> last = versions.get(versions.size() - 1);
    return versions.stream().anyMatch(v -> recordedAt(v.value()).isAfter(recordedAt(last.value())));
  }

  /** The substance of an event version: everything but recordedAt and status. */
  private static String withoutVersionFields(Object value) {
    if (value instanceof Activity a) {
      return Activity.newBuilder(a).setRecordedAt(Instant.EPOCH).setStatus(ActivityStatus.HELD).build().toString();
    }
    if (value instanceof Attendance a) {
      return Attendance.newBuilder(a).setRecordedAt(Instant.EPOCH).setStatus(AttendanceStatus.PRESENT).build().toString();
    }
    if (value instanceof HouseholdStatus h) {
      return HouseholdStatus.newBuilder(h).setRecordedAt(Instant.EPOCH).build().toString();
    }
    throw new AssertionError("not an event: " + value);
  }
}
