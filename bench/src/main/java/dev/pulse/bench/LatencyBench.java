package dev.pulse.bench;

import dev.pulse.contract.Topics;
import dev.pulse.contract.ViewKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.app.PulseStack;
import dev.pulse.app.StackOptions;
import dev.pulse.streams.Engine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ProgressBar;
import org.HdrHistogram.Histogram;

/**
 * Latency from the ingest API to the live stream, on a whole Pulse ({@link PulseStack}: its own
 * broker, registry, streams and HTTP server on free ports).
 *
 * <p>A small tree is set up first — a province {@code BENCH}, a district, a commune
 * {@code BENCH-C} and enough branches — with one HELD activity for every batch to come, each
 * alone in its (branch, month) row of {@code view.activities.v1}. Then, for each rate, an
 * open-loop schedule posts one batch of attendance records at that batch's activity every
 * interval, whether or not earlier POSTs have been answered. A batch's records are distinct
 * members at one activity, so its row's {@code attendances} climbs from 0 to the batch's size
 * and nothing else moves it: each rise seen on {@code /api/v1/stream?unit=BENCH-C} tells how
 * many of the batch's records have reached the view, and when.
 */
final class LatencyBench {

  /** The rate of the unrecorded warm-up stretch. */
  static final int WARMUP_RATE = 1_000;
  /** The most records the ingest API takes in one request. */
  private static final int MAX_BATCH = 10_000;
  private static final String PROVINCE = "BENCH";
  private static final String DISTRICT = "BENCH-D";
  private static final String COMMUNE = "BENCH-C";
  private static final int YEAR = 2024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to run, on which views engine. */
  record Plan(Engine engine, List<Integer> rates, Duration perRate, Duration batchInterval, Duration warmup, Duration drainTimeout) {}

  /** One POST of the schedule, and what became of it. */
  private static final class Batch {
    final int index;
    final String branch;
    final String period;
    final int size;
    byte[] body;
    volatile long dueNanos;
    volatile long ackNanos;
    volatile int status;
    /** Guarded by this: the view's attendances so far and each rise (arrival nanos, records). */
    long seen;
    final List<long[]> rises = new ArrayList<>();

    Batch(int index, String branch, String period, int size) {
      this.index = index;
      this.branch = branch;
      this.period = period;
      this.size = size;
    }

    String activityId() {
      return "bench-act-" + index;
    }

    String startsAt() {
      return period + "-15T08:00:00+07:00";
    }
  }

  /** The schedule of one stretch: its batches and the spacing between them. */
  private record Stretch(int rate, long periodNanos, List<Batch> batches) {}

  private final Plan plan;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, Batch> byRow = new ConcurrentHashMap<>();
  private final AtomicLong seenTotal = new AtomicLong();
  private String baseUrl;
  private String bearer;

  private LatencyBench(Plan plan) {
    this.plan = plan;
  }

  static LatencyResult run(Plan plan, Path dataDir) throws Exception {
    return new LatencyBench(plan).run(dataDir);
  }

  private LatencyResult run(Path dataDir) throws Exception {
    Progress.say("starting a Pulse stack on free ports for the latency runs (%s engine)", plan.engine().label());
    try (PulseStack stack = PulseStack.start(StackOptions.onFreePorts(dataDir)
        .withEngine(plan.engine(), StackOptions.DEFAULT_STREAM_THREADS))) {
      baseUrl = stack.httpUrl();
      try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
        bearer = tokens.create(PROVINCE, Role.ADMIN, "pulse bench").bearer();
      }
      List<Stretch> stretches = new ArrayList<>();
      int next = 0;
      Stretch warmup = null;
      if (!plan.warmup().isZero()) {
        warmup = schedule(WARMUP_RATE, plan.warmup(), next);
        next += warmup.batches().size();
      }
      for (int rate : plan.rates()) {
        Stretch s = schedule(rate, plan.perRate(), next);
        stretches.add(s);
        next += s.batches().size();
      }
      List<Batch> all = new ArrayList<>();
      if (warmup != null) all.addAll(warmup.batches());
      stretches.forEach(s -> all.addAll(s.batches()));
      setUp(all);
      try (LiveStreamListener listener = LiveStreamListener.connect(http, baseUrl, COMMUNE, bearer, this::onRow)) {
        if (warmup != null) {
          Progress.say("warming up: %,d records/s for %s, not recorded", WARMUP_RATE, DurationConverter.format(plan.warmup()));
          runStretch(warmup, listener);
        }
        List<LatencyResult.Rate> rates = new ArrayList<>();
        for (Stretch s : stretches) {
          rates.add(runStretch(s, listener));
        }
        return new LatencyResult(plan.batchInterval().toNanos() / 1e6, plan.warmup().toMillis() / 1000.0, rates);
      }
    }
  }

  /** Batches of one stretch: {@code rate × interval} records each (at least 1, at most the API's limit). */
  private Stretch schedule(int rate, Duration length, int firstIndex) {
    if (rate < 1) throw new IllegalArgumentException("a rate must be at least 1 record/s, not " + rate);
    int size = (int) Math.max(1, Math.min(MAX_BATCH, Math.round(rate * plan.batchInterval().toNanos() / 1e9)));
    long periodNanos = Math.round(size * 1e9 / rate);
    int count = (int) Math.max(1, length.toNanos() / periodNanos);
    List<Batch> batches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = firstIndex + i;
      Batch b = new Batch(index, branchId(index / 12), String.format(Locale.ROOT, "%d-%02d", YEAR, index % 12 + 1), size);
      batches.add(b);
      byRow.put(ViewKey.of(b.branch, b.period), b);
    }
    return new Stretch(rate, periodNanos, batches);
  }

  private static String branchId(int n) {
    return String.format(Locale.ROOT, "BENCH-B%04d", n + 1);
  }

  /** The tree and one activity per batch, then waits until the views hold every activity. */
  private void setUp(List<Batch> batches) throws Exception {
    int branches = (batches.size() + 11) / 12;
    Progress.say("setting up %,d branches and %,d activities", branches, batches.size());
    StringBuilder units = new StringBuilder("[");
    units.append(unit(PROVINCE, null, "PROVINCE")).append(',').append(unit(DISTRICT, PROVINCE, "DISTRICT")).append(',')
        .append(unit(COMMUNE, DISTRICT, "COMMUNE"));
    for (int i = 0; i < branches; i++) units.append(',').append(unit(branchId(i), COMMUNE, "BRANCH"));
    postUntilAccepted("units", units.append(']').toString());
    for (int from = 0; from < batches.size(); from += MAX_BATCH) {
      StringBuilder activities = new StringBuilder("[");
      for (Batch b : batches.subList(from, Math.min(batches.size(), from + MAX_BATCH))) {
        if (activities.length() > 1) activities.append(',');
        activities.append("{\"activityId\":\"").append(b.activityId()).append("\",\"unitId\":\"").append(b.branch)
            .append("\",\"title\":\"Sinh hoạt chi hội\",\"kind\":\"MEETING\",\"mode\":\"IN_PERSON\",\"startsAt\":\"")
            .append(b.startsAt()).append("\",\"channels\":[],\"campaigns\":[],\"status\":\"HELD\",\"recordedAt\":\"")
            .append(YEAR).append("-12-31T20:00:00+07:00\"}");
      }
      postUntilAccepted("activities", activities.append(']').toString());
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (heldActivities() < batches.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the views (" + plan.engine().label() + " engine) did not show the "
            + batches.size() + " activities of the latency runs within 3 minutes (they show " + heldActivities()
            + "); the latency runs read " + Topics.ACTIVITIES_VIEW.name() + " on the live stream");
      }
      Thread.sleep(200);
    }
  }

  private static String unit(String id, String parent, String level) {
    return "{\"unitId\":\"" + id + "\",\"parentId\":" + (parent == null ? "null" : "\"" + parent + "\"")
        + ",\"level\":\"" + level + "\",\"name\":\"" + id + "\"}";
  }

  /** POSTs a set-up body, waiting out the moments before the new token is known or Kafka is ready. */
  private void postUntilAccepted(String stream, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> r = http.send(post(stream, body.getBytes(StandardCharsets.UTF_8)),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) return;
      boolean transient_ = r.statusCode() == 401 || r.statusCode() == 503;
      if (!transient_ || System.nanoTime() > deadline) {
        throw new IllegalStateException("POST /api/v1/ingest/" + stream + " answered " + r.statusCode() + ": " + r.body());
      }
      Thread.sleep(200);
    }
  }

  private long heldActivities() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/activities/" + COMMUNE + "/" + YEAR))
        .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) return 0;
    JsonNode row = JSON.readTree(r.body());
    return row.path("held").asLong();
  }

  private HttpRequest post(String stream, byte[] body) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ingest/" + stream))
        .header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** The batch's attendance records: distinct members at its activity. */
  private static byte[] attendanceBody(Batch b) {
    StringBuilder s = new StringBuilder(b.size * 260).append('[');
    String attendedAt = b.period + "-15T08:05:00+07:00";
    for (int k = 0; k < b.size; k++) {
      if (k > 0) s.append(',');
      s.append("{\"attendanceId\":\"bench-att-").append(b.index).append('-').append(k)
          .append("\",\"activityId\":\"").append(b.activityId())
          .append("\",\"memberId\":\"bench-m-").append(b.index).append('-').append(k)
          .append("\",\"recordedBy\":\"").append(b.branch)
          .append("\",\"attendedAt\":\"").append(attendedAt)
          .append("\",\"mode\":\"IN_PERSON\",\"status\":\"PRESENT\",\"recordedAt\":\"").append(YEAR)
          .append("-12-31T20:00:00+07:00\"}");
    }
    return s.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private void onRow(long arrivedNanos, String unitId, String period, long attendances) {
    Batch b = byRow.get(ViewKey.of(unitId, period));
    if (b == null) return;
    synchronized (b) {
      if (attendances > b.seen) {
        long rise = Math.min(attendances, b.size) - b.seen;
        b.rises.add(new long[] {arrivedNanos, rise});
        b.seen += rise;
        seenTotal.addAndGet(rise);
      }
    }
  }

  private LatencyResult.Rate runStretch(Stretch stretch, LiveStreamListener listener) throws InterruptedException {
    for (Batch b : stretch.batches()) b.body = attendanceBody(b);
    long records = (long) stretch.batches().size() * stretch.batches().get(0).size;
    long seenBefore = seenTotal.get();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    String task = String.format(Locale.ROOT, "%,d records/s", stretch.rate());
    long start;
    try (ProgressBar bar = Progress.bar(task, records, "records seen")) {
      start = System.nanoTime() + Duration.ofMillis(100).toNanos();
      for (int i = 0; i < stretch.batches().size(); i++) {
        Batch b = stretch.batches().get(i);
        b.dueNanos = start + i * stretch.periodNanos();
        long wait = b.dueNanos - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
        // Open loop: the next batch is due on time whatever became of this one.
        http.sendAsync(post("attendance", b.body), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
          b.ackNanos = System.nanoTime();
          b.status = e == null ? r.statusCode() : -1;
          if (b.status == 200) acknowledged.incrementAndGet();
          else failed.incrementAndGet();
        });
        if ((i & 7) == 0) bar.stepTo(seenTotal.get() - seenBefore);
      }
      long drainDeadline = System.nanoTime() + plan.drainTimeout().toNanos();
      while (acknowledged.get() + failed.get() < stretch.batches().size() && System.nanoTime() < drainDeadline) {
        Thread.sleep(20);
      }
      long acceptedRecords = acknowledged.get() * stretch.batches().get(0).size;
      while (seenTotal.get() - seenBefore < acceptedRecords && System.nanoTime() < drainDeadline
          && listener.failure() == null) {
        bar.stepTo(seenTotal.get() - seenBefore);
        Thread.sleep(50);
      }
      bar.stepTo(seenTotal.get() - seenBefore);
    }
    if (listener.failure() != null) {
      throw new IllegalStateException("the live stream stopped during the run at " + stretch.rate() + " records/s: "
          + listener.failure().getMessage(), listener.failure());
    }
    for (Batch b : stretch.batches()) b.body = null;
    return figures(stretch, start);
  }

  private static LatencyResult.Rate figures(Stretch stretch, long start) {
    Histogram toView = LatencyResult.Percentiles.newHistogram();
    Histogram endToEnd = LatencyResult.Percentiles.newHistogram();
    Histogram ingest = LatencyResult.Percentiles.newHistogram();
    long sent = 0;
    long accepted = 0;
    long failed = 0;
    long seen = 0;
    long lastAck = start;
    long firstView = Long.MAX_VALUE;
    long lastView = start;
    for (Batch b : stretch.batches()) {
      sent += b.size;
      if (b.status != 200) {
        failed++;
        continue;
      }
      accepted += b.size;
      lastAck = Math.max(lastAck, b.ackNanos);
      ingest.recordValueWithCount(micros(b.ackNanos - b.dueNanos), b.size);
      synchronized (b) {
        for (long[] rise : b.rises) {
          // A view change can be read before the HTTP client's thread has taken the 200: count it as 0.
          toView.recordValueWithCount(micros(rise[0] - b.ackNanos), rise[1]);
          endToEnd.recordValueWithCount(micros(rise[0] - b.dueNanos), rise[1]);
          firstView = Math.min(firstView, rise[0]);
          lastView = Math.max(lastView, rise[0]);
        }
        seen += b.seen;
      }
    }
    double seconds = stretch.batches().size() * stretch.periodNanos() / 1e9;
    double ingestRate = accepted / Math.max(1e-9, (lastAck - start) / 1e9);
    // Between the first and the last view change: the views' pace once records flow, not their latency.
    double viewRate = seen == 0 ? 0 : seen / (Math.max(stretch.periodNanos(), lastView - firstView) / 1e9);
    boolean sustained = failed == 0 && seen == accepted && ingestRate >= 0.95 * stretch.rate()
        && viewRate >= 0.95 * stretch.rate();
    return new LatencyResult.Rate(stretch.rate(), stretch.batches().get(0).size, stretch.batches().size(), seconds, sent,
        accepted, failed, ingestRate, seen, accepted - seen, viewRate, sustained, LatencyResult.Percentiles.of(toView),
        LatencyResult.Percentiles.of(endToEnd), LatencyResult.Percentiles.of(ingest));
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / 1000);
  }
}
