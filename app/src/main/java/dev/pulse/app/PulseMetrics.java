package dev.pulse.app;

import dev.pulse.server.live.LiveStream;
import dev.pulse.streams.DeadLetters;
import dev.pulse.server.query.AdminScope;
import dev.pulse.server.query.ErrorBody;
import io.javalin.Javalin;
import java.util.function.Function;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /metrics}: the process's metrics in the Prometheus text format — the JVM, the Kafka
 * Streams client (records processed, commit latency, lag of its consumers, state stores), the
 * dead letters written and the live-stream clients connected.
 */
final class PulseMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final KafkaStreamsMetrics streamsMetrics;

  /** @param streams the streams application, or null where this instance runs none; likewise liveStream */
  PulseMetrics(KafkaStreams streams, LiveStream liveStream) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    streamsMetrics = streams == null ? null : new KafkaStreamsMetrics(streams);
    if (streamsMetrics != null) {
      streamsMetrics.bindTo(registry);
      Gauge.builder("pulse.dead.letters", DeadLetters::count)
          .description("Records the views could not use, sent to pipeline.dead-letters.v1 by this instance since start")
          .register(registry);
    }
    if (liveStream != null) {
      Gauge.builder("pulse.live.clients", liveStream::clients)
          .description("Clients connected to the live stream")
          .register(registry);
    }
  }

  /**
   * {@code GET /metrics} for an admin token (Prometheus sends one with {@code authorization:
   * credentials}): the JVM's and the Kafka clients' internals are the operators' business.
   *
   * @param admins who the caller of a request is, from its {@code Authorization} header
   */
  void addTo(Javalin app, Function<String, AdminScope> admins) {
    app.get("/metrics", ctx -> {
      if (admins.apply(ctx.header("Authorization")) instanceof AdminScope.Refused refused) {
        if (refused.status() == 401) ctx.header("WWW-Authenticate", "Bearer realm=\"pulse\"");
        ctx.status(refused.status()).json(ErrorBody.of(refused.message()));
        return;
      }
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    });
  }

  @Override
  public void close() {
    if (streamsMetrics != null) streamsMetrics.close();
    registry.close();
  }
}
