package dev.pulse.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's campaigns panel as the browser tests read it, and the check that what it shows is
 * what the API answers: the names of its rows, their figures and the share of branches.
 */
final class CampaignsPage {

  static final Duration SHOWN = Duration.ofSeconds(20);
  private static final String[] COUNTS = {"held", "attendances", "participants"};

  private final HeadlessChromium browser;
  private final String baseUrl;

  CampaignsPage(HeadlessChromium browser, String baseUrl) {
    this.browser = browser;
    this.baseUrl = baseUrl;
  }

  /** Opens a page of the dashboard and waits until it shows the unit of its address, every figure loaded. */
  void open(String pathAndQuery) {
    browser.driver().get(baseUrl + pathAndQuery);
    awaitShown(pathAndQuery.replaceAll(".*[?&]unit=([^&]+).*", "$1"));
  }

  /** Until the page shows this unit with every figure loaded (app.js notes it on the body). */
  void awaitShown(String unit) {
    await().atMost(SHOWN).pollInterval(Duration.ofMillis(50)).until(() -> {
      Object shown = browser.script(
          "return document.body.classList.contains('loading') ? null : document.body.dataset.shown");
      return shown != null && shown.toString().startsWith(unit + "|");
    });
  }

  /** Until the open campaign's sub-units are on the page, every row loaded (app.js notes it on the panel). */
  void awaitCampaignChildren(String unit, String period, String campaign) {
    String expected = unit + "|" + period + "|" + campaign;
    await().atMost(SHOWN).pollInterval(Duration.ofMillis(50)).until(() ->
        expected.equals(attribute("#campaign-children", "data-shown")));
  }

  /** The campaigns of the panel, in its order. */
  List<String> shownCampaigns() {
    return browser.driver().findElements(By.cssSelector("#campaigns-body tr")).stream()
        .map(tr -> tr.getDomAttribute("data-campaign")).toList();
  }

  /** Each row of the table (named by its attribute) shows the figures of the API's row with the same name. */
  void assertRowsAreTheApis(String body, String attribute, String field, JsonNode apiRows) {
    List<WebElement> rows = browser.driver().findElements(By.cssSelector(body + " tr"));
    List<String> expected = new ArrayList<>();
    apiRows.forEach(r -> expected.add(r.get(field).asText()));
    assertThat(rows.stream().map(r -> r.getDomAttribute(attribute)).toList()).as(body + " rows")
        .containsExactlyInAnyOrderElementsOf(expected);
    for (JsonNode row : apiRows) {
      String name = row.get(field).asText();
      for (String count : COUNTS) {
        assertThat(cell(body, attribute, name, count)).as(name + " " + count).isEqualTo(row.get(count).asText());
      }
      WebElement branches = row(body, attribute, name).findElement(By.cssSelector("td[data-col='branches']"));
      assertThat(branches.getDomAttribute("data-holding")).as(name + " branchesHolding").isEqualTo(row.get("branchesHolding").asText());
      assertThat(branches.getDomAttribute("data-branches")).as(name + " branches").isEqualTo(row.get("branches").asText());
      long all = row.get("branches").asLong();
      if (all == 0) {
        assertThat(branches.getDomAttribute("data-value")).as(name + " share of branches").isEmpty();
      } else {
        assertThat(Double.parseDouble(branches.getDomAttribute("data-value"))).as(name + " share of branches")
            .isCloseTo((double) row.get("branchesHolding").asLong() / all, within(1e-12));
      }
    }
  }

  WebElement row(String body, String attribute, String name) {
    return browser.driver().findElements(By.cssSelector(body + " tr")).stream()
        .filter(tr -> name.equals(tr.getDomAttribute(attribute))).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " in " + body));
  }

  String cell(String body, String attribute, String name, String column) {
    return row(body, attribute, name).findElement(By.cssSelector("td[data-col='" + column + "']")).getDomAttribute("data-value");
  }

  WebElement campaignButton(String campaign) {
    return row("#campaigns-body", "data-campaign", campaign).findElement(By.cssSelector("button[data-campaign]"));
  }

  void clickHeading(String head, String column) {
    browser.driver().findElement(By.cssSelector(head + " [data-csort='" + column + "']")).click();
  }

  String attribute(String css, String name) {
    return browser.driver().findElement(By.cssSelector(css)).getDomAttribute(name);
  }

  String text(String css) {
    return browser.driver().findElement(By.cssSelector(css)).getText();
  }

  /** The text as written, before CSS capitalises a heading; white space collapsed. */
  String textContent(String css) {
    return browser.driver().findElement(By.cssSelector(css)).getDomProperty("textContent").strip().replaceAll("\\s+", " ");
  }

  String urlParameter(String name) {
    return (String) browser.script("return new URLSearchParams(location.search).get(arguments[0])", name);
  }

  /** The API's path of one campaign of a unit in a period. */
  static String campaignPath(String unit, String period, String campaign) {
    return "/api/v1/campaigns/" + unit + "/" + period + "/"
        + URLEncoder.encode(campaign, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static List<String> names(Iterable<JsonNode> campaigns) {
    List<String> out = new ArrayList<>();
    campaigns.forEach(r -> out.add(r.get("campaign").asText()));
    return out;
  }
}
