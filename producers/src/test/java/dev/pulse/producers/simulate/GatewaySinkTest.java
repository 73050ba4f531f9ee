package dev.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.IngestStream;
import dev.pulse.contract.JsonToAvro;
import dev.pulse.contract.Problem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class GatewaySinkTest {

  @Test
  void every_generated_record_reads_back_the_same_through_the_gateways_json_parser() {
    GatewaySink sink = new GatewaySink(URI.create("http://localhost:1"), "unused");
    List<Problem> problems = new ArrayList<>();
    int converted = 0;
    for (Delivery<?> d : ProvinceGenerator.of(3, Scale.small()).deliveries().toList()) {
      if (d.isTombstone()) continue;
      IngestStream<?> stream = IngestStream.byName(GatewaySink.streamOf(d.topic())).orElseThrow();
      var json = sink.toJson((SpecificRecord) d.value());
      Object back = JsonToAvro.convert(stream, json, (int) d.sequence(), problems);
      assertThat(problems).as("parsing %s", json).isEmpty();
      assertThat(back).as("%s", json).isEqualTo(d.value());
      converted++;
    }
    assertThat(converted).isGreaterThan(3_000);
  }

  @Test
  void instants_carry_the_provinces_offset_and_dates_are_plain() {
    GatewaySink sink = new GatewaySink(URI.create("http://localhost:1"), "unused");
    var attendance = ProvinceGenerator.of(3, Scale.small()).deliveries()
        .filter(d -> d.value() instanceof dev.pulse.avro.Attendance).findFirst().orElseThrow();
    var json = sink.toJson((SpecificRecord) attendance.value());
    assertThat(json.get("attendedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d)?\\+07:00");
    var membership = ProvinceGenerator.of(3, Scale.small()).deliveries()
        .filter(d -> d.value() instanceof dev.pulse.avro.Membership).findFirst().orElseThrow();
    assertThat(sink.toJson((SpecificRecord) membership.value()).get("joinedOn").asText()).matches("\\d{4}-\\d\\d-\\d\\d");
  }
}
