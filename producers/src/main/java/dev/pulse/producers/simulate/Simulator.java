package dev.pulse.producers.simulate;

import dev.pulse.contract.Period;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A living province: emits the generated year of {@link ProvinceGenerator} to a {@link Sink} at a
 * chosen rate, then the years after it, until stopped or for a set duration. It starts with the
 * initial load (the tree, the memberships and the households' history, everything delivered before
 * the year begins), by default at full speed, then paces campaigns, meetings, online and
 * in-person attendance, households improving and relapsing, late and corrected records at the rate.
 *
 * <pre>{@code
 * try (KafkaSink sink = KafkaSink.connect("localhost:9092", "http://localhost:8081")) {
 *   Simulator simulator = Simulator.start(sink, 200, 7);
 *   ...
 *   simulator.stop();
 * }
 * }</pre>
 *
 * <p>One thread sends; the sink is the caller's to close.
 */
public final class Simulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Simulator.class);
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
  /**
   * How far behind the pace may fall and still be caught up by sending without waiting (a park
   * overshoots at high rates); after a longer stall (a slow sink, a pause) the pace resumes from now.
   */
  private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * How to simulate.
   *
   * @param scale the province and its first year
   * @param mess the disorder in what branches send
   * @param seed the same seed sends the same records in the same order
   * @param recordsPerSecond the pace of the living province, above 0
   * @param duration stop after this long; null to run until stopped
   * @param initialLoadAtFullSpeed send the initial load as fast as the sink takes it (true), or at
   *     the pace like everything else
   */
  public record Options(Scale scale, Mess mess, long seed, double recordsPerSecond, Duration duration,
      boolean initialLoadAtFullSpeed) {

    public Options {
      Objects.requireNonNull(scale, "scale");
      Objects.requireNonNull(mess, "mess");
      if (!(recordsPerSecond > 0) || Double.isInfinite(recordsPerSecond)) {
        throw new IllegalArgumentException("recordsPerSecond = " + recordsPerSecond + ": expected a positive number");
      }
      if (duration != null && (duration.isNegative() || duration.isZero())) {
        throw new IllegalArgumentException("duration = " + duration + ": expected a positive duration, or none");
      }
    }

    /** Điện Biên in 2023, standard mess, initial load at full speed, until stopped. */
    public static Options of(double recordsPerSecond, long seed) {
      return new Options(Scale.dienBien2023(), Mess.standard(), seed, recordsPerSecond, null, true);
    }

    public Options withScale(Scale other) {
      return new Options(other, mess, seed, recordsPerSecond, duration, initialLoadAtFullSpeed);
    }

  }

  private final Sink sink;
  private final Options options;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile long sent;
  private volatile boolean initialLoadDone;
  private volatile Instant simulatedClock;
  private volatile Throwable failure;

  private Simulator(Sink sink, Options options) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.options = options;
    this.thread = new Thread(this::run, "pulse-simulator");
    this.thread.setDaemon(true);
  }

  /** Starts simulating Điện Biên in 2023 with the standard mess, until stopped. */
  public static Simulator start(Sink sink, double recordsPerSecond, long seed) {
    return start(sink, Options.of(recordsPerSecond, seed));
  }

  public static Simulator start(Sink sink, Options options) {
    Simulator simulator = new Simulator(sink, options);
    simulator.thread.start();
    return simulator;
  }

  /** Stops sending, flushes the sink and waits for the sending thread (the sink stays open). */
  public void stop() {
    stopping = true;
    LockSupport.unpark(thread);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Waits until the simulator ends (its duration is up, it was stopped, or it failed). */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Records handed to the sink so far. */
  public long sent() {
    return sent;
  }

  /** Whether the initial load (tree, memberships, history) has been sent. */
  public boolean initialLoadDone() {
    return initialLoadDone;
  }

  /** Where the simulated clock stands: when the last record sent was delivered in the simulation. */
  public Optional<Instant> simulatedClock() {
    return Optional.ofNullable(simulatedClock);
  }

  /** Why the simulator stopped on its own, if it failed. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  private void run() {
    Scale scale = options.scale();
    log.info("Simulating {} districts, {} communes, {} branches, {} members, {} households from {} (seed {}): "
            + "{} records/s{}, {}", scale.districts(), scale.communes(), scale.branches(), scale.members(),
        scale.households(), scale.year(), options.seed(), options.recordsPerSecond(),
        options.initialLoadAtFullSpeed() ? " after the initial load at full speed" : "",
        options.duration() == null ? "until stopped" : "for " + options.duration());
    long startedAt = System.nanoTime();
    long deadline = options.duration() == null ? Long.MAX_VALUE : startedAt + options.duration().toNanos();
    long interval = Math.max(1, Math.round(1e9 / options.recordsPerSecond()));
    Instant liveFrom = LocalDate.of(scale.year(), 1, 1).atStartOfDay(Period.ZONE).toInstant();
    long nextSend = startedAt;
    long nextProgress = startedAt + PROGRESS_EVERY_NANOS;
    long initialLoad = 0;
    ProvinceGenerator generator = new ProvinceGenerator(options.seed(), scale, options.mess());
    try {
      for (int yearsAfter = 0; !stopping && yearsAfter < 256; yearsAfter++) {
        Iterator<Delivery<?>> year = yearsAfter == 0 ? generator.iterator() : generator.followingYear(yearsAfter);
        while (!stopping && year.hasNext()) {
          Delivery<?> d = year.next();
          if (d.deliveredAt().isAfter(Instant.now())) {
            // Pulse refuses records recorded in the future (SPEC.md §2): the simulation ends at today.
            log.info("Simulator: the simulated province has reached today ({}); it stops here", Period.localDate(
                d.deliveredAt()));
            stopping = true;
            break;
          }
          boolean initial = yearsAfter == 0 && d.deliveredAt().isBefore(liveFrom);
          long now = System.nanoTime();
          if (now >= deadline) {
            stopping = true;
            break;
          }
          if (!initial && !initialLoadDone) {
            markInitialLoadDone(initialLoad, startedAt);
            nextSend = now;
          }
          if (initial && options.initialLoadAtFullSpeed()) {
            nextSend = now;
          } else {
            nextSend = Math.max(nextSend + interval, now - MAX_CATCH_UP_NANOS);
            while (!stopping && (now = System.nanoTime()) < nextSend && now < deadline) {
              LockSupport.parkNanos(Math.min(nextSend, deadline) - now);
            }
            if (stopping || now >= deadline) {
              stopping = true;
              break;
            }
          }
          d.sendTo(sink);
          sent++;
          if (initial) initialLoad++;
          simulatedClock = d.deliveredAt();
          if (now >= nextProgress) {
            nextProgress = now + PROGRESS_EVERY_NANOS;
            log.info("Simulator: {} records sent, {} records/s on average, simulated clock at {}", sent,
                Math.round(sent / ((now - startedAt) / 1e9)), Period.localDate(simulatedClock));
          }
        }
        if (!stopping) {
          log.info("Simulator: year {} sent in full ({} records so far); going on with {}",
              scale.year() + yearsAfter, sent, scale.year() + yearsAfter + 1);
        }
      }
      sink.flush();
      log.info("Simulator stopped after {} records in {} s", sent, (System.nanoTime() - startedAt) / 1_000_000_000);
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("Simulator failed after {} records (simulated clock at {}): {}", sent, simulatedClock, e.toString(), e);
    }
  }

  private void markInitialLoadDone(long records, long startedAt) {
    initialLoadDone = true;
    log.info("Simulator: initial load of {} records sent in {} ms; the province comes alive", records,
        (System.nanoTime() - startedAt) / 1_000_000);
  }
}
