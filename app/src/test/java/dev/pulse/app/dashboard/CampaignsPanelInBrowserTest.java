package dev.pulse.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.pulse.app.dashboard.CampaignsPage.campaignPath;
import static dev.pulse.app.dashboard.CampaignsPage.names;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.app.PulseStack;
import dev.pulse.app.StackOptions;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The campaigns panel of the dashboard (SPEC.md §5b, §6) in a real browser against the real stack,
 * started as {@link DashboardInBrowserTest} starts it, with {@link SmallProvince} sent through the
 * ingest API: the province's campaigns as the API gives them, sorted by a column, one campaign
 * opened unit by unit and followed down to a district, kept live by {@code event: campaigns}, in
 * English, and on a phone.
 *
 * <p>The views engine computes the campaign rows: this test shows the panel with what the engine
 * publishes on {@code view.campaigns.v1}. Screenshots land in {@code app/target/campaigns-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(NeedsChromium.class)
class CampaignsPanelInBrowserTest {

  private static final int DESKTOP_WIDTH = 1440;
  private static final int DESKTOP_HEIGHT = 1000;
  private static final Duration SHOWN = CampaignsPage.SHOWN;

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;
  static PulseStack stack;
  static PulseHttp api;
  static HeadlessChromium browser;
  static CampaignsPage page;

  @BeforeAll
  static void startStackSendProvinceAndOpenBrowser() {
    if (!HeadlessChromium.isInstalled()) return; // each test says why it is skipped
    StackOptions options = new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, true);
    stack = PulseStack.start(options);
    String adminToken;
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      adminToken = tokens.create(SmallProvince.PROVINCE, Role.ADMIN, "campaigns panel browser test").bearer();
    }
    api = new PulseHttp(stack.httpUrl(), adminToken);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(api.ingest("units", SmallProvince.UNITS).statusCode()).isEqualTo(200));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(api.get("/api/v1/units/PX-02-01").get("children")).hasSize(1));
    accepted("memberships", SmallProvince.memberships());
    accepted("activities", SmallProvince.ACTIVITIES);
    accepted("attendance", SmallProvince.ATTENDANCE);
    accepted("household-status", SmallProvince.HOUSEHOLD_STATUS);
    // What SmallProvince says of its campaigns, once the engine has published it.
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      JsonNode campaigns = api.get("/api/v1/campaigns/PX/" + SmallProvince.QUARTER);
      assertThat(names(campaigns)).as("the campaigns of PX in %s on view.campaigns.v1", SmallProvince.QUARTER)
          .containsExactly(SmallProvince.FIVE_NO_THREE_CLEAN, SmallProvince.CONFIDENT_WOMEN, SmallProvince.HAPPY_FAMILY);
      assertThat(figures(campaigns.get(0))).as(SmallProvince.FIVE_NO_THREE_CLEAN).containsExactly(3L, 5L, 5L, 4L, 3L);
      assertThat(figures(campaigns.get(1))).as(SmallProvince.CONFIDENT_WOMEN).containsExactly(1L, 2L, 2L, 4L, 1L);
      assertThat(figures(campaigns.get(2))).as(SmallProvince.HAPPY_FAMILY).containsExactly(1L, 1L, 1L, 4L, 0L);
    });

    browser = HeadlessChromium.start(browserProfile, DESKTOP_WIDTH, DESKTOP_HEIGHT);
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
  @Order(1)
  void theProvincesCampaignsShowMostHeldFirstWithTheFiguresOfTheApi() {
    page.open("/?unit=PX&period=" + SmallProvince.QUARTER);

    JsonNode campaigns = api.get("/api/v1/campaigns/PX/" + SmallProvince.QUARTER);
    assertThat(page.shownCampaigns()).as("campaigns in the panel, in its order").containsExactlyElementsOf(names(campaigns));
    page.assertRowsAreTheApis("#campaigns-body", "data-campaign", "campaign", campaigns);
    assertThat(page.textContent("#campaigns-heading")).startsWith("Phong trào thi đua").endsWith("3 phong trào");
    WebElement first = browser.driver().findElement(By.cssSelector("#campaigns-body tr td[data-col='branches']"));
    assertThat(first.getText()).as("3 of the 4 branches held it").contains("75,0", "3/4 chi hội");
    assertThat(browser.driver().findElement(By.id("campaign-children")).isDisplayed()).as("no campaign open").isFalse();

    browser.screenshotFullPage(screenshot("campaigns-desktop.png"));
  }

  @Test
  @Order(2)
  void aClickOnAColumnHeadingSortsTheCampaignsByItAndTheUrlSaysSo() {
    page.open("/?unit=PX&period=" + SmallProvince.QUARTER);
    JsonNode campaigns = api.get("/api/v1/campaigns/PX/" + SmallProvince.QUARTER);

    page.clickHeading("#campaigns-head", "participants");
    assertThat(page.attribute("#campaigns-head th[data-col='participants']", "aria-sort")).isEqualTo("descending");
    assertThat(page.shownCampaigns()).isEqualTo(sortedBy(campaigns, "participants", true));
    assertThat(page.urlParameter("csort")).isEqualTo("-participants");

    page.clickHeading("#campaigns-head", "participants");
    assertThat(page.attribute("#campaigns-head th[data-col='participants']", "aria-sort")).isEqualTo("ascending");
    assertThat(page.shownCampaigns()).isEqualTo(sortedBy(campaigns, "participants", false));

    page.clickHeading("#campaigns-head", "branches");
    assertThat(page.shownCampaigns()).as("most branches holding it first").first().isEqualTo(SmallProvince.FIVE_NO_THREE_CLEAN);
    assertThat(page.shownCampaigns()).last().isEqualTo(SmallProvince.HAPPY_FAMILY);

    page.clickHeading("#campaigns-head", "name");
    assertThat(page.attribute("#campaigns-head th[data-col='name']", "aria-sort")).isEqualTo("ascending");
    assertThat(page.shownCampaigns()).containsExactly(SmallProvince.FIVE_NO_THREE_CLEAN, SmallProvince.CONFIDENT_WOMEN,
        SmallProvince.HAPPY_FAMILY);

    // The sort is in the link: opened afresh, the page sorts the same way.
    page.open(browser.driver().getCurrentUrl().substring(stack.httpUrl().length()));
    assertThat(page.attribute("#campaigns-head th[data-col='name']", "aria-sort")).isEqualTo("ascending");
    page.clickHeading("#campaigns-head", "held"); // back to the API's order for the next tests
    assertThat(page.urlParameter("csort")).isNull();
  }

  @Test
  @Order(3)
  void aCampaignOpensUnitByUnitAndStaysOpenOnTheSubUnitItLeadsTo() {
    page.open("/?unit=PX&period=" + SmallProvince.QUARTER);
    String campaign = SmallProvince.FIVE_NO_THREE_CLEAN;

    page.campaignButton(campaign).click();
    page.awaitCampaignChildren("PX", SmallProvince.QUARTER, campaign);
    assertThat(page.campaignButton(campaign).getDomAttribute("aria-expanded")).isEqualTo("true");
    assertThat(page.urlParameter("campaign")).isEqualTo(campaign);
    assertThat(page.textContent("#campaign-children-heading")).contains(campaign);
    page.assertRowsAreTheApis("#campaign-children-body", "data-unit-id", "unitId",
        api.get(campaignPath("PX", SmallProvince.QUARTER, campaign) + "/children"));
    browser.screenshotFullPage(screenshot("campaigns-open.png"));

    browser.driver().findElement(By.cssSelector("#campaign-children-body a[data-unit='" + SmallProvince.DISTRICT + "']"))
        .click();
    page.awaitShown(SmallProvince.DISTRICT);
    page.awaitCampaignChildren(SmallProvince.DISTRICT, SmallProvince.QUARTER, campaign);
    assertThat(page.text("#unit-name")).isEqualTo(SmallProvince.DISTRICT_NAME);
    page.assertRowsAreTheApis("#campaigns-body", "data-campaign", "campaign",
        api.get("/api/v1/campaigns/" + SmallProvince.DISTRICT + "/" + SmallProvince.QUARTER));
    page.assertRowsAreTheApis("#campaign-children-body", "data-unit-id", "unitId",
        api.get(campaignPath(SmallProvince.DISTRICT, SmallProvince.QUARTER, campaign) + "/children"));

    // Closed again, it leaves the address too.
    browser.driver().findElement(By.id("campaign-close")).click();
    await().atMost(SHOWN).until(() -> !browser.driver().findElement(By.id("campaign-children")).isDisplayed());
    assertThat(page.urlParameter("campaign")).isNull();
  }

  @Test
  @Order(4)
  void anAttendanceSentToTheIngestApiChangesTheCampaignOnTheOpenPageWithoutAReload() {
    String campaign = SmallProvince.FIVE_NO_THREE_CLEAN;
    page.open("/?unit=PX&period=" + SmallProvince.QUARTER + "&campaign=" + URLEncoder.encode(campaign, StandardCharsets.UTF_8));
    page.awaitCampaignChildren("PX", SmallProvince.QUARTER, campaign);
    await().atMost(SHOWN).until(() -> "live".equals(page.attribute("#live", "data-state")));
    browser.script("window.pulseTestMarker = 'same document'");
    long before = Long.parseLong(page.cell("#campaigns-body", "data-campaign", campaign, "participants"));

    // One more member of Xã Pom Lót at the online training, which is of the campaign.
    assertThat(api.ingest("attendance", SmallProvince.LATE_ATTENDANCE).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(page.cell("#campaigns-body", "data-campaign", campaign, "participants")).isEqualTo(String.valueOf(before + 1)));
    assertThat(browser.script("return window.pulseTestMarker")).as("no reload").isEqualTo("same document");
    // The district's row in the open campaign followed too, from the same stream.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      page.assertRowsAreTheApis("#campaigns-body", "data-campaign", "campaign",
          api.get("/api/v1/campaigns/PX/" + SmallProvince.QUARTER));
      page.assertRowsAreTheApis("#campaign-children-body", "data-unit-id", "unitId",
          api.get(campaignPath("PX", SmallProvince.QUARTER, campaign) + "/children"));
    });
  }

  @Test
  @Order(5)
  void inEnglishThePanelSpeaksEnglishAndWritesNumbersTheEnglishWay() {
    page.open("/?unit=PX&period=" + SmallProvince.QUARTER + "&lang=en");

    assertThat(page.textContent("#campaigns-heading")).startsWith("Campaigns").endsWith("3 campaigns");
    assertThat(page.textContent("#campaigns-head th[data-col='name'] button")).startsWith("Campaign");
    assertThat(page.textContent("#campaigns-head th[data-col='branches'] button")).startsWith("Branches holding it");
    String branches = browser.driver().findElement(By.cssSelector("#campaigns-body tr td[data-col='branches']")).getText();
    assertThat(branches).contains("75.0%", "3 of 4 branches");
    browser.screenshotFullPage(screenshot("campaigns-desktop-en.png"));
  }

  @Test
  @Order(6)
  void onAPhoneSizedScreenTheCampaignsScrollInsideThePanelNotThePage() {
    browser.emulatePhone(390, 844);
    try {
      String campaign = SmallProvince.CONFIDENT_WOMEN;
      page.open("/?unit=PX&period=" + SmallProvince.QUARTER + "&lang=vi&campaign=" + URLEncoder.encode(campaign, StandardCharsets.UTF_8));
      page.awaitCampaignChildren("PX", SmallProvince.QUARTER, campaign);
      Number pageWidth = (Number) browser.script("return document.documentElement.scrollWidth");
      assertThat(pageWidth.intValue()).as("page width on a 390 px screen").isLessThanOrEqualTo(390);
      assertThat(page.shownCampaigns()).hasSize(3);
      browser.screenshotFullPage(screenshot("campaigns-phone.png"));
    } finally {
      browser.stopEmulating();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static List<String> sortedBy(JsonNode campaigns, String field, boolean descending) {
    List<JsonNode> rows = new ArrayList<>();
    campaigns.forEach(rows::add);
    Comparator<JsonNode> by = Comparator.comparingLong(r -> r.get(field).asLong());
    rows.sort(descending ? by.reversed() : by);
    return names(rows);
  }

  /** held, attendances, participants, branches, branchesHolding. */
  private static List<Long> figures(JsonNode row) {
    return List.of(row.get("held").asLong(), row.get("attendances").asLong(), row.get("participants").asLong(),
        row.get("branches").asLong(), row.get("branchesHolding").asLong());
  }

  private static Path screenshot(String name) {
    return Path.of(System.getProperty("basedir", "."), "target", name);
  }

  private static void accepted(String stream, String json) {
    var response = api.ingest(stream, json);
    assertThat(response.statusCode()).as("POST " + stream + ": " + response.body()).isEqualTo(200);
  }
}
