package dev.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pulse.avro.Activity;
import dev.pulse.avro.Attendance;
import dev.pulse.avro.HouseholdStatus;
import dev.pulse.avro.Unit;
import dev.pulse.contract.Period;
import dev.pulse.contract.Topic;
import dev.pulse.contract.Topics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The simulator's pace and lifecycle, against an in-memory sink; the years after the generated one. */
class SimulatorTest {

  /** Keeps what it is sent, in order. */
  private static final class ListSink implements Sink {
    final List<Object[]> records = Collections.synchronizedList(new ArrayList<>());

    @Override
    public <V> void send(Topic<V> topic, String key, V value) {
      records.add(new Object[] {topic, key, value});
    }
  }

  @Test
  void it_sends_the_initial_load_at_full_speed_then_paces_and_stops_when_told() throws Exception {
    List<Delivery<?>> expectedLoad = ProvinceGenerator.of(7, Scale.small()).deliveries()
        .takeWhile(d -> d.deliveredAt().isBefore(LocalDate.of(2023, 1, 1).atStartOfDay(Period.ZONE).toInstant()))
        .toList();
    long initialLoad = expectedLoad.size();
    ListSink sink = new ListSink();
    Simulator simulator = Simulator.start(sink, Simulator.Options.of(50, 7).withScale(Scale.small()));
    await().atMost(Duration.ofSeconds(30)).until(simulator::initialLoadDone);
    assertThat(simulator.sent()).isGreaterThanOrEqualTo(initialLoad);
    // The initial load carries the tree (but for a branch registered weeks late) and the memberships.
    Set<String> units = new HashSet<>();
    long memberships;
    synchronized (sink.records) {
      sink.records.stream().limit(initialLoad).filter(r -> r[0] == Topics.UNITS && r[2] != null)
          .forEach(r -> units.add(((Unit) r[2]).getUnitId()));
      memberships = sink.records.stream().limit(initialLoad).filter(r -> r[0] == Topics.MEMBERSHIPS).count();
    }
    int allUnits = 1 + Scale.small().districts() + Scale.small().communes() + Scale.small().branches();
    assertThat(units.size()).isBetween(allUnits - 1, allUnits);
    assertThat(memberships).isGreaterThan(Scale.small().members() * 8 / 10);

    long atLive = simulator.sent();
    long liveStarted = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> simulator.sent() >= atLive + 50);
    double seconds = (System.nanoTime() - liveStarted) / 1e9;
    // 50 records at 50 records/s take about a second, never much less.
    assertThat(seconds).isGreaterThan(0.7);

    simulator.stop();
    assertThat(simulator.isRunning()).isFalse();
    long stoppedAt = simulator.sent();
    assertThat(sink.records).hasSize((int) stoppedAt);
    assertThat(simulator.simulatedClock()).isPresent();
    assertThat(simulator.failure()).isEmpty();
  }

  @Test
  void a_failing_sink_stops_the_simulator_and_says_why() throws Exception {
    Sink broken = new Sink() {
      @Override
      public <V> void send(Topic<V> topic, String key, V value) {
        throw new KafkaSink.SinkException("Kafka refused the record for " + topic.name() + " key " + key, null);
      }
    };
    Simulator simulator = Simulator.start(broken, Simulator.Options.of(1000, 7).withScale(Scale.small()));
    assertThat(simulator.awaitTermination(Duration.ofSeconds(30))).isTrue();
    assertThat(simulator.failure()).get().extracting(Throwable::getMessage).asString().contains("Kafka refused");
    assertThat(simulator.sent()).isZero();
  }

  @Test
  void the_years_after_carry_on_the_province_with_new_activities_attendance_and_reviews() {
    ProvinceGenerator generator = ProvinceGenerator.of(7, Scale.small());
    Set<String> firstYearIds = new HashSet<>();
    Set<String> members = new HashSet<>();
    generator.deliveries().forEach(d -> {
      if (d.value() instanceof Activity a) firstYearIds.add(a.getActivityId());
      if (d.value() instanceof Attendance a) firstYearIds.add(a.getAttendanceId());
      if (d.value() instanceof dev.pulse.avro.Membership m) members.add(m.getMemberId());
      if (d.value() instanceof HouseholdStatus h) firstYearIds.add(h.getEventId());
    });

    int activities = 0, attendance = 0, reviews = 0;
    for (Iterator<Delivery<?>> it = generator.followingYear(1); it.hasNext(); ) {
      Delivery<?> d = it.next();
      assertThat(d.topic()).as("no new units or memberships").isIn(Topics.ACTIVITIES, Topics.ATTENDANCE,
          Topics.HOUSEHOLD_STATUS);
      if (d.value() instanceof Activity a) {
        activities++;
        assertThat(firstYearIds).doesNotContain(a.getActivityId());
        assertThat(Period.localDate(a.getStartsAt()).getYear()).isEqualTo(2024);
      } else if (d.value() instanceof Attendance a) {
        attendance++;
        assertThat(firstYearIds).doesNotContain(a.getAttendanceId());
        assertThat(members).contains(a.getMemberId());
      } else if (d.value() instanceof HouseholdStatus h) {
        reviews++;
        assertThat(firstYearIds).doesNotContain(h.getEventId());
        assertThat(h.getAssessedOn().getYear()).isEqualTo(2024);
      }
    }
    assertThat(activities).isPositive();
    assertThat(attendance).isGreaterThan(Scale.small().attendanceTarget() / 2);
    assertThat(reviews).isPositive();
    assertThatThrownBy(() -> generator.followingYear(0)).hasMessageContaining("yearsAfter = 0");
  }

  @Test
  void the_command_reads_durations_and_scales_the_way_people_write_them() {
    var durations = new SimulateCommand.DurationConverter();
    assertThat(durations.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(durations.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(durations.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(durations.convert("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> durations.convert("ten minutes")).hasMessageContaining("not a duration");

    SimulateCommand command = new SimulateCommand();
    new CommandLine(command).parseArgs("--rate", "500", "--duration", "2m", "--scale", "small", "--seed", "3", "--tidy");
    assertThat(command.rate).isEqualTo(500);
    assertThat(command.duration).isEqualTo(Duration.ofMinutes(2));
    assertThat(command.scale).isEqualTo(Scale.small());
    assertThat(command.seed).isEqualTo(3);
    assertThat(command.tidy).isTrue();
    SimulateCommand defaults = new SimulateCommand();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.scale).isEqualTo(Scale.dienBien2023());
    assertThat(defaults.kafka.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(defaults.registry.url()).isEqualTo("http://localhost:8081");
    assertThat(defaults.duration).isNull();
  }
}
