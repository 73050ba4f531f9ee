package dev.pulse.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.server.access.Role;
import dev.pulse.server.access.TokenStore;
import dev.pulse.app.PulseStack;
import dev.pulse.app.StackOptions;
import dev.pulse.contract.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * The dashboard at {@code /} in a real browser against the real stack: a small province sent
 * through the ingest API, then the page checked against the query API it reads, drilled down
 * through its table, kept live by the stream, switched to English and shown on a phone.
 *
 * <p>Screenshots land in {@code app/target/dashboard-*.png} for people to look at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(NeedsChromium.class)
class DashboardInBrowserTest {

  private static final int DESKTOP_WIDTH = 1440;
  private static final int DESKTOP_HEIGHT = 1000;
  private static final String[] POVERTY_FIELDS = {"supportedHouseholds", "exitedHouseholds", "exitedPoverty",
      "exitedNearPoverty", "relapsedHouseholds", "poorAtYearEnd", "nearPoorAtYearEnd"};
  private static final Duration SHOWN = Duration.ofSeconds(20);

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;
  static PulseStack stack;
  static PulseHttp api;
  static HeadlessChromium browser;
  static String adminToken;

  @BeforeAll
  static void startStackSendProvinceAndOpenBrowser() {
    if (!HeadlessChromium.isInstalled()) return; // each test says why it is skipped
    assertThat(PulseStack.class.getResource("/dashboard/index.html"))
        .as("the dashboard's files (module streams, src/main/resources/dashboard) on the class path")
        .isNotNull();

    StackOptions options = new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, false, true);
    stack = PulseStack.start(options);
    try (TokenStore tokens = new TokenStore(stack.bootstrapServers())) {
      adminToken = tokens.create(SmallProvince.PROVINCE, Role.ADMIN, "dashboard browser test").bearer();
    }
    api = new PulseHttp(stack.httpUrl(), adminToken);
    // The token cache follows its topic: the first write waits for it to know the new token.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(api.ingest("units", SmallProvince.UNITS).statusCode()).isEqualTo(200));
    // Records of a branch are accepted once the gateway's tree knows the branch.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(api.get("/api/v1/units/PX-02-01").get("children")).hasSize(1));
    accepted("memberships", SmallProvince.memberships());
    accepted("activities", SmallProvince.ACTIVITIES);
    accepted("attendance", SmallProvince.ATTENDANCE);
    accepted("household-status", SmallProvince.HOUSEHOLD_STATUS);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(api.get("/api/v1/participation/PX/2023-Q4").get("participants").asLong()).isEqualTo(6);
      assertThat(api.get("/api/v1/activities/PX/2023-Q4").get("held").asLong()).isEqualTo(4);
      assertThat(api.get("/api/v1/poverty/PX/2023").get("supportedHouseholds").asLong()).isEqualTo(4);
      assertThat(api.get("/api/v1/participation/PX-01/2023-Q4/children")).hasSize(2);
    });

    browser = HeadlessChromium.start(browserProfile, DESKTOP_WIDTH, DESKTOP_HEIGHT);
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
  void theProvinceOpensOnItsLatestActiveQuarterWithTheFiguresOfTheApi() {
    open("/?unit=PX");

    assertThat(urlParameter("period")).as("period chosen without ?period=").isEqualTo(SmallProvince.QUARTER);
    assertThat(urlParameter("lang")).isEqualTo("vi");
    assertThat(text("#unit-name")).isEqualTo("Tỉnh Thử Nghiệm");
    assertThat(browser.driver().findElement(By.cssSelector("#period-kind [aria-checked='true']"))
        .getDomAttribute("data-kind")).isEqualTo("quarter");
    assertSameFiguresAsTheApi("PX", SmallProvince.QUARTER);
    // One of the two districts publicised at least one activity in the quarter (PX-02 did not).
    assertThat(browser.driver().findElement(By.cssSelector("[data-share='children']")).getDomAttribute("data-value"))
        .isEqualTo("1");

    browser.screenshotFullPage(screenshot("dashboard-desktop.png"));
  }

  @Test
  @Order(2)
  void aNewcomerFindsTheCommuneWithTheLowestRateInThreeClicksAndItsFiguresAreTheApis() {
    open("/?unit=PX&period=" + SmallProvince.QUARTER);

    // 1: the district in the drill-down table
    browser.driver().findElement(By.cssSelector("#drill-body a[data-unit='" + SmallProvince.DISTRICT + "']")).click();
    awaitShown(SmallProvince.DISTRICT);
    assertThat(text("#unit-name")).isEqualTo(SmallProvince.DISTRICT_NAME);
    // 2: sort by participation rate, lowest first
    browser.driver().findElement(By.cssSelector("#drill-head [data-sort='rate']")).click();
    assertThat(browser.driver().findElement(By.cssSelector("#drill-head th[data-col='rate']")).getDomAttribute("aria-sort"))
        .isEqualTo("ascending");
    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#drill-body tr"));
    assertThat(rows.get(0).getDomAttribute("data-unit-id")).isEqualTo(SmallProvince.LOWEST_COMMUNE);
    assertThat(urlParameter("sort")).isEqualTo("rate");
    // 3: open it
    rows.get(0).findElement(By.cssSelector("a")).click();
    awaitShown(SmallProvince.LOWEST_COMMUNE);

    assertThat(text("#unit-name")).isEqualTo(SmallProvince.LOWEST_COMMUNE_NAME);
    assertThat(browser.driver().findElements(By.cssSelector("#crumbs li")).stream().map(li -> li.getText()).toList())
        .containsExactly("Tỉnh Thử Nghiệm", SmallProvince.DISTRICT_NAME, SmallProvince.LOWEST_COMMUNE_NAME);
    assertThat(urlParameter("unit")).isEqualTo(SmallProvince.LOWEST_COMMUNE);
    assertThat(urlParameter("period")).isEqualTo(SmallProvince.QUARTER);
    assertSameFiguresAsTheApi(SmallProvince.LOWEST_COMMUNE, SmallProvince.QUARTER);

    browser.screenshotFullPage(screenshot("dashboard-commune.png"));
    // The browser's back button returns to the district, as a link would.
    browser.driver().navigate().back();
    awaitShown(SmallProvince.DISTRICT);
  }

  @Test
  @Order(3)
  void anAttendanceSentToTheIngestApiShowsUpOnTheOpenPageWithoutAReload() {
    open("/?unit=PX&period=" + SmallProvince.QUARTER);
    await().atMost(SHOWN).until(() -> "live".equals(attribute("#live", "data-state")));
    browser.script("window.pulseTestMarker = 'same document'");
    long participantsBefore = Long.parseLong(field("participation.participants"));

    assertThat(api.ingest("attendance", SmallProvince.LATE_ATTENDANCE).statusCode()).isEqualTo(200);
    long sent = System.nanoTime();
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(field("participation.participants")).isEqualTo(String.valueOf(participantsBefore + 1)));
    long shownAfterMillis = (System.nanoTime() - sent) / 1_000_000;
    System.out.printf("dashboard: an attendance accepted by the ingest API was on the open page %d ms later%n",
        shownAfterMillis);

    assertThat(browser.script("return window.pulseTestMarker")).as("no reload").isEqualTo("same document");
    // Every part the new attendance touches followed: the cards, the district's table row, the trend.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertSameFiguresAsTheApi("PX", SmallProvince.QUARTER));
    assertThat(browser.driver().findElement(By.id("as-of")).getText()).isNotBlank();
  }

  @Test
  @Order(4)
  void theLanguageSwitchChangesTheLabelsAndTheNumberFormat() {
    open("/?unit=PX&period=" + SmallProvince.QUARTER);
    assertThat(textContent(".kpi-participation h3")).isEqualTo("Tỷ lệ tham gia");
    assertThat(textContent(".card-poverty .tile:nth-child(3) dt")).isEqualTo("Thoát nghèo");
    assertThat(textContent("#mode-legend [data-key='inPerson'] .legend-label")).isEqualTo("Trực tiếp");
    String rateInVietnamese = textContent(".kpi-participation .kpi-value");

    browser.driver().findElement(By.cssSelector("#lang-switch [data-lang='en']")).click();

    assertThat(textContent(".kpi-participation h3")).isEqualTo("Participation rate");
    assertThat(textContent(".card-poverty .tile:nth-child(3) dt")).isEqualTo("Out of poverty");
    assertThat(textContent("#mode-legend [data-key='inPerson'] .legend-label")).isEqualTo("In person");
    assertThat(attribute("html", "lang")).isEqualTo("en");
    assertThat(urlParameter("lang")).isEqualTo("en");
    String rateInEnglish = textContent(".kpi-participation .kpi-value");
    // 7 of 12: 58,3% in Vietnamese, 58.3% in British English.
    double rate = api.get("/api/v1/participation/PX/" + SmallProvince.QUARTER).get("rate").asDouble();
    String digits = String.format(java.util.Locale.ROOT, "%.1f", rate * 100);
    assertThat(rateInVietnamese).isEqualTo(digits.replace('.', ',') + "%");
    assertThat(rateInEnglish).isEqualTo(digits + "%");

    browser.screenshotFullPage(screenshot("dashboard-desktop-en.png"));
    browser.driver().findElement(By.cssSelector("#lang-switch [data-lang='vi']")).click();
    assertThat(textContent(".kpi-participation h3")).isEqualTo("Tỷ lệ tham gia");
  }

  @Test
  @Order(5)
  void onAPhoneSizedScreenNothingOverflowsSideways() {
    browser.emulatePhone(390, 844);
    try {
      open("/?unit=PX&period=2023-11&lang=vi"); // a month: the period shown is also the trend's last month
      Number pageWidth = (Number) browser.script("return document.documentElement.scrollWidth");
      Number screenWidth = (Number) browser.script("return window.innerWidth");
      assertThat(screenWidth.intValue()).as("the emulated screen's width").isEqualTo(390);
      assertThat(pageWidth.intValue()).as("page width on a 390 px screen").isLessThanOrEqualTo(390);
      assertSameFiguresAsTheApi("PX", "2023-11");
      browser.screenshotFullPage(screenshot("dashboard-phone.png"));
    } finally {
      browser.stopEmulating();
    }
  }

  @Test
  @Order(6)
  void aRecordTheViewsCouldNotUseShowsUnderTheHealthStripWithItsReasonToAnAdminOnly() throws Exception {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.ACTIVITIES.name(), "poison", new byte[] {0, 0, 0, 0, 99, 1})).get();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> api.getAsAdmin("/api/v1/dead-letters?limit=1").get("total").asLong() > 0);
    open("/?unit=PX&period=" + SmallProvince.QUARTER + "&lang=en");
    // Reading is open, but a dead letter is a single record: a page without an admin token shows none.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
        browser.driver().findElements(By.cssSelector("#dead-letters:not([hidden])")).isEmpty());
    assertThat(textContent("#dead-letters-rows")).isEmpty();
    // With the admin token of the province, as the reader would paste it in the token form.
    browser.script("localStorage.setItem('pulse.readToken', arguments[0])", adminToken);
    open("/?unit=PX&period=" + SmallProvince.QUARTER + "&lang=en");
    // The page reads the dead letters as it opens (and every ten seconds); the panel lists the latest.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
        !browser.driver().findElements(By.cssSelector("#dead-letters:not([hidden]) #dead-letters-rows tr")).isEmpty());
    browser.driver().findElement(By.cssSelector("#dead-letters summary")).click();
    String row = browser.driver().findElement(By.cssSelector("#dead-letters-rows tr")).getText();
    assertThat(row).contains(Topics.ACTIVITIES.name()).contains("schema");
    assertThat(text("#dead-letters-summary")).startsWith("1 records not counted");
    browser.screenshotFullPage(screenshot("dashboard-dead-letters.png"));
  }

  // ---- the page against the API ------------------------------------------------------------

  /** Every figure the page shows for this unit and period, and for each of its children, is the API's. */
  private static void assertSameFiguresAsTheApi(String unit, String period) {
    int year = Integer.parseInt(period.substring(0, 4));
    JsonNode participation = api.get("/api/v1/participation/" + unit + "/" + period);
    JsonNode activities = api.get("/api/v1/activities/" + unit + "/" + period);
    JsonNode poverty = api.get("/api/v1/poverty/" + unit + "/" + year);

    assertThat(field("participation.eligible")).as("eligible").isEqualTo(participation.get("eligible").asText());
    assertThat(field("participation.participants")).as("participants").isEqualTo(participation.get("participants").asText());
    assertRate(field("participation.rate"), participation.get("rate"), "rate");
    assertThat(field("activities.held")).as("held").isEqualTo(activities.get("held").asText());
    assertThat(field("activities.attendances")).as("attendances").isEqualTo(activities.get("attendances").asText());
    for (String mode : List.of("inPerson", "online", "hybrid")) {
      assertThat(attribute("#mode-legend [data-key='" + mode + "'] .legend-value", "data-value"))
          .as(mode).isEqualTo(activities.get(mode).asText());
    }
    assertThat(attribute("[data-share='publicised']", "data-value")).as("publicised")
        .isEqualTo(activities.get("publicised").asText());
    for (String channel : List.of("ZALO", "FACEBOOK", "FANPAGE", "WEBSITE", "OTHER")) {
      JsonNode n = activities.get("byChannel").get(channel);
      assertThat(attribute("#channel-bars [data-key='" + channel + "'] .bar-value", "data-value"))
          .as("channel " + channel).isEqualTo(n == null ? "0" : n.asText());
    }
    for (String f : POVERTY_FIELDS) {
      assertThat(field("poverty." + f)).as(f).isEqualTo(poverty.get(f).asText());
    }
    assertThat(attribute("#trend-chart", "data-months")).as("the twelve months of the trend")
        .isEqualTo(trendFromApi(unit, period));
    assertTableIsTheApis(unit, period, year);
  }

  /** The twelve months that end with the period's last month, as the page notes them: 2023-01=3/12,… */
  private static String trendFromApi(String unit, String period) {
    YearMonth last = switch (period.length()) {
      case 4 -> YearMonth.of(Integer.parseInt(period), 12);
      case 7 -> period.charAt(5) == 'Q'
          ? YearMonth.of(Integer.parseInt(period.substring(0, 4)), Integer.parseInt(period.substring(6)) * 3)
          : YearMonth.parse(period);
      default -> throw new IllegalArgumentException(period);
    };
    List<String> months = new ArrayList<>();
    for (YearMonth m = last.minusMonths(11); !m.isAfter(last); m = m.plusMonths(1)) {
      JsonNode row = api.get("/api/v1/participation/" + unit + "/" + m);
      months.add(m + "=" + row.get("participants").asText() + "/" + row.get("eligible").asText());
    }
    return String.join(",", months);
  }

  private static void assertTableIsTheApis(String unit, String period, int year) {
    Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    for (JsonNode row : api.get("/api/v1/participation/" + unit + "/" + period + "/children")) {
      Map<String, String> cells = expected.computeIfAbsent(row.get("unitId").asText(), k -> new LinkedHashMap<>());
      cells.put("eligible", row.get("eligible").asText());
      cells.put("participants", row.get("participants").asText());
      cells.put("rate", row.get("rate").isNull() ? "" : row.get("rate").asText());
    }
    for (JsonNode row : api.get("/api/v1/activities/" + unit + "/" + period + "/children")) {
      Map<String, String> cells = expected.get(row.get("unitId").asText());
      cells.put("held", row.get("held").asText());
      cells.put("publicised", row.get("publicised").asText());
    }
    for (JsonNode row : api.get("/api/v1/poverty/" + unit + "/" + year + "/children")) {
      Map<String, String> cells = expected.get(row.get("unitId").asText());
      cells.put("supported", row.get("supportedHouseholds").asText());
      cells.put("exited", row.get("exitedHouseholds").asText());
    }
    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#drill-body tr"));
    assertThat(rows.stream().map(r -> r.getDomAttribute("data-unit-id")).toList())
        .as("child units in the table").containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (WebElement tr : rows) {
      String child = tr.getDomAttribute("data-unit-id");
      expected.get(child).forEach((column, value) -> {
        String shown = tr.findElement(By.cssSelector("td[data-col='" + column + "']")).getDomAttribute("data-value");
        if (column.equals("rate")) {
          assertRate(shown, value.isEmpty() ? null : api.get("/api/v1/participation/" + child + "/" + period).get("rate"),
              child + " rate");
        } else {
          assertThat(shown).as(child + " " + column).isEqualTo(value);
        }
      });
    }
  }

  private static void assertRate(String shown, JsonNode rate, String what) {
    if (rate == null || rate.isNull()) {
      assertThat(shown).as(what + " (no eligible member)").isEmpty();
    } else {
      assertThat(Double.parseDouble(shown)).as(what).isCloseTo(rate.asDouble(), within(1e-12));
    }
  }

  // ---- the page ----------------------------------------------------------------------------

  private static void open(String pathAndQuery) {
    browser.driver().get(stack.httpUrl() + pathAndQuery);
    String unit = pathAndQuery.replaceAll(".*[?&]unit=([^&]+).*", "$1");
    awaitShown(unit);
  }

  /** Until the page shows this unit with every figure loaded (app.js notes it on the body). */
  private static void awaitShown(String unit) {
    await().atMost(SHOWN).pollInterval(Duration.ofMillis(50)).until(() -> {
      Object shown = browser.script(
          "return document.body.classList.contains('loading') ? null : document.body.dataset.shown");
      return shown != null && shown.toString().startsWith(unit + "|");
    });
  }

  private static String field(String name) {
    return attribute("[data-field='" + name + "']", "data-value");
  }

  private static String attribute(String css, String name) {
    return browser.driver().findElement(By.cssSelector(css)).getDomAttribute(name);
  }

  private static String text(String css) {
    return browser.driver().findElement(By.cssSelector(css)).getText();
  }

  /** The text as written, before CSS capitalises a heading. */
  private static String textContent(String css) {
    return browser.driver().findElement(By.cssSelector(css)).getDomProperty("textContent").strip();
  }

  private static String urlParameter(String name) {
    return (String) browser.script("return new URLSearchParams(location.search).get(arguments[0])", name);
  }

  private static Path screenshot(String name) {
    return Path.of(System.getProperty("basedir", "."), "target", name);
  }

  private static void accepted(String stream, String json) {
    var response = api.ingest(stream, json);
    assertThat(response.statusCode()).as("POST " + stream + ": " + response.body()).isEqualTo(200);
  }
}
