package dev.pulse.app.dashboard;

import static dev.pulse.app.dashboard.CampaignsPage.campaignPath;
import static dev.pulse.app.dashboard.CampaignsPage.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.app.Demo;
import dev.pulse.app.PulseStack;
import dev.pulse.app.StackOptions;
import dev.pulse.batch.PublishedViews;
import dev.pulse.batch.Verification;
import dev.pulse.producers.simulate.KafkaSink;
import dev.pulse.producers.simulate.Mess;
import dev.pulse.producers.simulate.Scale;
import dev.pulse.producers.simulate.Simulator;
import dev.pulse.registry.RestSchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaigns panel with the demo's province: Điện Biên as {@code pulse up --demo} simulates it,
 * the same generator and seed, its initial load and the first weeks of 2023 sent through Kafka
 * faster than the demo's pace and then stopped, so that the views settle (every row equal to the
 * batch recomputation) before the page is read. The panel shows the union's movements and the
 * districts' own drives with the API's figures, and the great movement opens district by district.
 * The screenshot lands in {@code app/target/campaigns-demo-province.png}.
 */
@ExtendWith(NeedsChromium.class)
class CampaignsOfTheDemoProvinceInBrowserTest {

  /** The two great movements of the period, which the simulator gives most often. */
  static final String UNCLE_HO = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";
  static final String NEW_ERA_WOMEN = "Xây dựng người phụ nữ Việt Nam thời đại mới";
  /** The weeks of the demo's year sent: at this pace, about three weeks of January. */
  static final double RECORDS_PER_SECOND = 4_000;
  static final Duration SENDING = Duration.ofSeconds(25);

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;
  static PulseStack stack;
  static PulseHttp api;
  static HeadlessChromium browser;
  static CampaignsPage page;
  static String year;

  @BeforeAll
  static void sendTheDemosProvinceAndOpenBrowser() throws Exception {
    if (!HeadlessChromium.isInstalled()) return; // the test says why it is skipped
    stack = PulseStack.start(new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, true));
    Scale province = Scale.dienBien2023();
    year = Integer.toString(province.year());
    long started = System.nanoTime();
    try (KafkaSink sink = KafkaSink.connect(stack.bootstrapServers(), stack.schemaRegistryUrl())) {
      Simulator simulator = Simulator.start(sink,
          new Simulator.Options(province, Mess.standard(), Demo.SEED, RECORDS_PER_SECOND, SENDING, true));
      assertThat(simulator.awaitTermination(Duration.ofMinutes(3))).as("the simulator ended").isTrue();
      assertThat(simulator.failure()).as("the simulator's failure").isEmpty();
      sink.flush();
      System.out.printf("the demo's province: %,d records sent in %.1f s, up to %s%n", simulator.sent(),
          (System.nanoTime() - started) / 1e9, simulator.simulatedClock().orElseThrow());
    }
    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
    await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
      Verification.Result settled = Verification.run(stack.bootstrapServers(), Map.of(), registry,
          PublishedViews.Campaigns.ALWAYS);
      assertThat(settled.differences()).as("view rows that differ from the batch recomputation").isEmpty();
      assertThat(settled.notCompared()).as("every view compared, campaigns included").isEmpty();
    });
    System.out.printf("views settled %.1f s after the first record%n", (System.nanoTime() - started) / 1e9);
    api = new PulseHttp(stack.httpUrl(), null);
    browser = HeadlessChromium.start(browserProfile, 1440, 1000);
    page = new CampaignsPage(browser, stack.httpUrl());
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (stack != null) stack.close();
  }

  @AfterEach
  void theConsoleStayedClean() {
    if (browser != null) {
      assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
    }
  }

  @Test
  void theProvincesMovementsAndItsDistrictsDrivesShowWithTheApisFiguresAndAMovementOpensByDistrict() {
    page.open("/?unit=" + Demo.PROVINCE + "&period=" + year);

    JsonNode campaigns = api.get("/api/v1/campaigns/" + Demo.PROVINCE + "/" + year);
    List<String> shown = page.shownCampaigns();
    assertThat(shown).as("campaigns in the panel, in the API's order").containsExactlyElementsOf(names(campaigns));
    assertThat(shown).as("the union's movements").contains(UNCLE_HO, NEW_ERA_WOMEN);
    assertThat(shown).as("the districts' own drives, named with their district")
        .anySatisfy(c -> assertThat(c).contains(" – "));
    page.assertRowsAreTheApis("#campaigns-body", "data-campaign", "campaign", campaigns);
    assertThat(page.textContent("#campaigns-heading")).startsWith("Phong trào thi đua")
        .endsWith(shown.size() + " phong trào");
    browser.screenshotFullPage(Path.of(System.getProperty("basedir", "."), "target", "campaigns-demo-province.png"));

    page.campaignButton(UNCLE_HO).click();
    page.awaitCampaignChildren(Demo.PROVINCE, year, UNCLE_HO);
    JsonNode districts = api.get(campaignPath(Demo.PROVINCE, year, UNCLE_HO) + "/children");
    assertThat(districts).as("the province's districts").hasSizeGreaterThan(5);
    page.assertRowsAreTheApis("#campaign-children-body", "data-unit-id", "unitId", districts);
  }
}
