package dev.pulse.producers.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ten real district-level units of Điện Biên as they stood in 2023, read from
 * {@code simulate/dien-bien-districts.csv} (a copy of shared/data, which lies outside the build).
 */
final class DistrictList {

  static final String RESOURCE = "/simulate/dien-bien-districts.csv";

  /** One row: {@code code} (DB-03), Vietnamese name, and whether it is urban (city or town). */
  record District(String code, String name, boolean urban) {}

  private DistrictList() {}

  static List<District> load() {
    try (InputStream in = DistrictList.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (header == null || !header.startsWith("code,name_vi,name_en,kind")) {
        throw new IllegalStateException(RESOURCE + ": expected header 'code,name_vi,name_en,kind', got '" + header + "'");
      }
      List<District> out = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        String[] cells = line.split(",", -1);
        if (cells.length != 4) {
          throw new IllegalStateException(RESOURCE + " line " + lineNo + ": expected 4 cells, got " + cells.length);
        }
        String kind = cells[3].trim();
        out.add(new District(cells[0].trim(), cells[1].trim(), kind.equals("city") || kind.equals("town")));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }
}
