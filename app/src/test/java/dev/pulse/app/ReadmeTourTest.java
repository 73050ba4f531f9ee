package dev.pulse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first tour, its ingest requests exactly as written there, sent the moment
 * {@code pulse up --demo} is up with the admin token it printed: the units below the province, the
 * memberships, the activity and the attendance are accepted with the answers the README shows.
 * Before, the first request came before the ingest's unit directory held the demo province, and
 * the new units were judged outside the token's subtree (403).
 */
class ReadmeTourTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A tour request: {@code curl … -H 'Content-Type: T' $API/ingest/S -d|--data-binary 'BODY'} and its answer. */
  private static final Pattern REQUEST = Pattern.compile(
      "-H 'Content-Type: ([^']+)' \\$API/ingest/([a-z-]+) (?:-d|--data-binary) '(.*?)'\\n(?:# (\\{.*?\\}))?",
      Pattern.DOTALL);

  @TempDir static Path dataDir;
  static PulseStack stack;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    stack = StackUnderTest.start(new StackOptions(0, 0, 0, 0, dataDir, null, null, (short) 1, true, true));
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  record TourRequest(String contentType, String stream, String body, String answer) {}

  @Test
  void theToursRequestsAreAcceptedAsTheReadmeShowsRightAfterTheDemoStarts() throws Exception {
    List<TourRequest> tour = tourRequests();
    assertThat(tour).extracting(TourRequest::stream)
        .as("the tour's ingest requests, in the README's order")
        .containsExactly("units", "memberships", "activities", "attendance", "household-status");
    String token = stack.demoAdminToken().orElseThrow();

    for (TourRequest r : tour) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
              URI.create(stack.httpUrl() + "/api/v1/ingest/" + r.stream()))
          .header("Authorization", "Bearer " + token).header("Content-Type", r.contentType())
          .POST(HttpRequest.BodyPublishers.ofString(r.body())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("%s: %s", r.stream(), answer.body()).isEqualTo(200);
      if (r.answer() != null) {
        assertThat(JSON.readTree(answer.body())).as(r.stream()).isEqualTo(JSON.readTree(r.answer()));
      }
    }

    JsonNode branch = JSON.readTree(http.send(HttpRequest.newBuilder(
        URI.create(stack.httpUrl() + "/api/v1/units/TOUR-B")).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertThat(branch.path("unit").path("parentId").asText()).isEqualTo("TOUR-C");
  }

  /** The ingest requests of the README's tour, with the answer it shows when it shows one. */
  private static List<TourRequest> tourRequests() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## A first tour with curl"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    List<TourRequest> out = new ArrayList<>();
    Matcher m = REQUEST.matcher(section);
    while (m.find()) out.add(new TourRequest(m.group(1), m.group(2), m.group(3), m.group(4)));
    return out;
  }
}
