package dev.pulse.producers.simulate;

import dev.pulse.contract.Topic;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a whole year of a realistic province, deterministically from a seed: the unit tree
 * (province {@code DB}, the real districts of Điện Biên, invented communes and branches),
 * memberships, activities at every level, attendance, and household poverty assessments, as the
 * Avro records of SPEC.md §1 in a delivery order that carries the {@link Mess} real branch
 * systems make.
 *
 * <p>Nothing about a person enters a record: members and households are pseudonymous ids.
 *
 * <p>Each call to {@link #deliveries()}, {@link #iterator()} or {@link #generate(Sink)} plans the
 * province afresh and yields the same records in the same order for the same seed, scale and
 * mess. Attendance, the bulk of the year, is drawn as the stream advances, not held in memory.
 *
 * <p>The poverty data is built so that SPEC.md §4, applied to the standing household events for
 * {@link Scale#year()} at the province, gives exactly {@link Scale#supportedHouseholds()} and
 * {@link Scale#exitedHouseholds()} (see {@link HouseholdBook}).
 */
public final class ProvinceGenerator {

  private static final Logger log = LoggerFactory.getLogger(ProvinceGenerator.class);

  private final long seed;
  private final Scale scale;
  private final Mess mess;

  public ProvinceGenerator(long seed, Scale scale, Mess mess) {
    this.seed = seed;
    this.scale = Objects.requireNonNull(scale, "scale");
    this.mess = Objects.requireNonNull(mess, "mess");
  }

  /** A generator with the {@linkplain Mess#standard() standard} mess. */
  public static ProvinceGenerator of(long seed, Scale scale) {
    return new ProvinceGenerator(seed, scale, Mess.standard());
  }

  public long seed() {
    return seed;
  }

  public Scale scale() {
    return scale;
  }

  public Mess mess() {
    return mess;
  }

  /** The year's records in delivery order, drawn lazily. */
  public Iterator<Delivery<?>> iterator() {
    return plan();
  }

  /** The year's records in delivery order, drawn lazily (sequential, ordered). */
  public Stream<Delivery<?>> deliveries() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
  }

  /**
   * The {@code yearsAfter}-th year after the generated one, in the same province: its activities,
   * attendance and year-end household reviews, with the same kinds of mess. The tree and the
   * members carry on as the generated year left them (no new units or memberships are sent);
   * ids never repeat those of another year. Sequence numbers start again at 0.
   *
   * @param yearsAfter 1 for the year after {@link Scale#year()}, 2 for the one after, and so on
   */
  public Iterator<Delivery<?>> followingYear(int yearsAfter) {
    if (yearsAfter < 1 || yearsAfter > 255) {
      throw new IllegalArgumentException("yearsAfter = " + yearsAfter + ": expected 1..255");
    }
    return schedule(planProvince(), yearsAfter);
  }

  /** Sends the whole year to a sink, in delivery order, and says what was sent. */
  public Summary generate(Sink sink) {
    long started = System.nanoTime();
    Map<String, Long> perTopic = new LinkedHashMap<>();
    long tombstones = 0;
    long total = 0;
    YearSchedule schedule = plan();
    while (schedule.hasNext()) {
      Delivery<?> d = schedule.next();
      d.sendTo(sink);
      perTopic.merge(d.topic().name(), 1L, Long::sum);
      if (d.isTombstone()) tombstones++;
      total++;
    }
    sink.flush();
    Summary summary = new Summary(total, Map.copyOf(perTopic), tombstones, Duration.ofNanos(System.nanoTime() - started));
    log.info("Generated {} records for {} (seed {}) in {} ms: {}; mess applied {}", total, scale, seed,
        summary.elapsed().toMillis(), perTopic, schedule.messApplied());
    return summary;
  }

  /**
   * What {@link #generate} sent.
   *
   * @param records every delivery, tombstones and duplicates included
   * @param perTopic deliveries per topic name
   * @param tombstones deliveries with a null value
   */
  public record Summary(long records, Map<String, Long> perTopic, long tombstones, Duration elapsed) {

    public long of(Topic<?> topic) {
      return perTopic.getOrDefault(topic.name(), 0L);
    }
  }

  private YearSchedule plan() {
    return schedule(planProvince(), 0);
  }

  private PlannedProvince planProvince() {
    long started = System.nanoTime();
    // Independent streams per concern: changing how households are written leaves the tree alone.
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom treeRng = root.split();
    SplittableRandom memberRng = root.split();
    SplittableRandom householdRng = root.split();
    PseudonymousIds ids = new PseudonymousIds(seed);
    ProvinceTree tree = ProvinceTree.plan(scale, DistrictList.load(), treeRng);
    MemberRoll roll = MemberRoll.plan(scale, tree, ids, memberRng);
    HouseholdBook book = HouseholdBook.plan(scale, tree.branches().size(), ids, householdRng, mess.lateRecords());
    log.debug("Planned {} (seed {}): {} units, {} memberships, {} households in {} ms", scale, seed,
        tree.all().size(), roll.memberships().size(), book.households().size(), (System.nanoTime() - started) / 1_000_000);
    return new PlannedProvince(scale, tree, roll, book, ids);
  }

  private YearSchedule schedule(PlannedProvince province, int yearsAfter) {
    SplittableRandom activityRng = new SplittableRandom(PseudonymousIds.mix64(seed ^ 0x63616c656e646172L ^ yearsAfter));
    ActivityCalendar calendar = ActivityCalendar.plan(scale, yearsAfter, province.tree(), province.ids(), activityRng);
    return new YearSchedule(seed, mess, province, yearsAfter, calendar);
  }
}
