package dev.pulse.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.app.PulseStack;
import dev.pulse.app.StackOptions;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.streams.Engine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The dashboard of a server that runs the single views engine, which computes no campaigns: the
 * campaigns route answers 501, the panel says in the reader's language that this server does not
 * compute them, and the rest of the page is drawn with its figures. The only error in the
 * browser's console is the 501 itself.
 */
@ExtendWith(NeedsChromium.class)
class CampaignsOnTheSingleEngineInBrowserTest {

  private static final Duration SHOWN = Duration.ofSeconds(20);

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;
  static PulseStack stack;
  static PulseHttp api;
  static HeadlessChromium browser;

  @BeforeAll
  static void start() {
    if (!HeadlessChromium.isInstalled()) return;
    stack = PulseStack.start(new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, true)
        .withEngine(Engine.SINGLE, 1));
    String adminToken;
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      adminToken = tokens.create(SmallProvince.PROVINCE, Role.ADMIN, "single engine browser test").bearer();
    }
    api = new PulseHttp(stack.httpUrl(), adminToken);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(api.ingest("units", SmallProvince.UNITS).statusCode()).isEqualTo(200));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(api.get("/api/v1/units/PX-02-01").get("children")).hasSize(1));
    assertThat(api.ingest("memberships", SmallProvince.memberships()).statusCode()).isEqualTo(200);
    assertThat(api.ingest("activities", SmallProvince.ACTIVITIES).statusCode()).isEqualTo(200);
    assertThat(api.ingest("attendance", SmallProvince.ATTENDANCE).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      JsonNode row = api.get("/api/v1/participation/PX/" + SmallProvince.QUARTER);
      assertThat(row.path("participants").asLong()).isPositive();
    });
    browser = HeadlessChromium.start(browserProfile, 1440, 1000);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (stack != null) stack.close();
  }

  @Test
  void thePanelSaysThisServerComputesNoCampaignsAndTheRestOfThePageIsDrawn() {
    assertThat(api.status("/api/v1/campaigns/PX/" + SmallProvince.QUARTER)).as("the route on the single engine")
        .isEqualTo(501);

    browser.driver().get(stack.httpUrl() + "/?unit=PX&period=" + SmallProvince.QUARTER);
    await().atMost(SHOWN).pollInterval(Duration.ofMillis(50)).until(() -> {
      Object shown = browser.script(
          "return document.body.classList.contains('loading') ? null : document.body.dataset.shown");
      return shown != null && shown.toString().startsWith("PX|");
    });

    var empty = browser.driver().findElement(By.id("campaigns-empty"));
    assertThat(empty.isDisplayed()).isTrue();
    assertThat(empty.getText()).isEqualTo(
        "Máy chủ này chạy bộ tính toán đơn (single), không tính số liệu phong trào thi đua.");
    assertThat(browser.driver().findElement(By.id("campaigns-table")).isDisplayed()).isFalse();
    assertThat(browser.driver().findElement(By.id("campaigns-hint")).isDisplayed()).as("no table to click in")
        .isFalse();
    JsonNode participation = api.get("/api/v1/participation/PX/" + SmallProvince.QUARTER);
    String rate = browser.driver().findElement(By.cssSelector("[data-field='participation.rate']")).getText();
    assertThat(rate).as("the participation figure is drawn").isNotEqualTo("–").isNotBlank();
    assertThat(participation.path("participants").asLong()).isPositive();
    assertThat(browser.consoleErrors()).as("the browser console: the 501 of the campaigns route and nothing else")
        .allMatch(e -> e.contains("/api/v1/campaigns/") && e.contains("501"));
    browser.screenshotFullPage(Path.of(System.getProperty("basedir", "."), "target", "campaigns-single-engine.png"));
  }
}
