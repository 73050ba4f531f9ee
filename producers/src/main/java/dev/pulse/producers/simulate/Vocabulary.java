package dev.pulse.producers.simulate;

import dev.pulse.avro.ActivityKind;
import dev.pulse.avro.UnitLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Words of the generated province: invented place names in the style of the region, activity
 * titles and the union's campaigns (movements and district drives). Units and activities have names; members and households
 * never do.
 */
final class Vocabulary {

  private Vocabulary() {}

  private static final List<String> PLACE_FIRST = List.of(
      "Mường", "Nà", "Na", "Pá", "Huổi", "Thanh", "Sam", "Nậm", "Phì", "Chiềng", "Pú", "Sín", "Xá",
      "Tìa", "Noong", "Háng", "Búng", "Quài", "Keo", "Pa", "Pom", "Nong", "Hua", "Ta", "Co");
  private static final List<String> PLACE_SECOND = List.of(
      "Phăng", "Pồ", "Son", "Nưa", "Luông", "Lay", "Mùn", "Tấu", "Nhé", "Chà", "Ảng", "Lếch", "Hẹ",
      "Chải", "Dình", "Cang", "Tỏa", "Khoa", "Pheo", "Tở", "Hịa", "Xôm", "Phìn", "Chan", "Lói", "Ten",
      "Yên", "Xương", "Hưng", "Mươi");

  /**
   * The province-wide movements (cuộc vận động, phong trào) of the union and of the whole
   * country that activities at every level take part in; the first two come up most.
   */
  static final List<String> MOVEMENTS = List.of(
      "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
      "Xây dựng người phụ nữ Việt Nam thời đại mới",
      "5 không 3 sạch",
      "Mái ấm tình thương",
      "Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc",
      "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh");

  /** Drives a district runs for its own communes and branches, named with the district. */
  private static final List<String> DRIVES = List.of(
      "Mẹ đỡ đầu",
      "Tiết kiệm vì phụ nữ nghèo",
      "Chung tay vì phụ nữ, trẻ em nghèo khu vực biên giới",
      "Phòng, chống mua bán người",
      "Nuôi lợn đất giúp hội viên khó khăn");

  /**
   * The drive of the district at this position, named after it ({@code Mẹ đỡ đầu – Huyện Mường
   * Nhé}), or null: one district in three runs none. The same every year and for every seed, as a
   * district's drives are its own.
   */
  static String districtDrive(int district, String districtName) {
    if (district % 3 == 2) {
      return null;
    }
    return DRIVES.get((district * 2) % DRIVES.size()) + " – " + districtName;
  }

  private static final List<String> TRAININGS = List.of(
      "Tập huấn kỹ năng sinh kế cho hội viên",
      "Tập huấn chuyển đổi số cho cán bộ hội",
      "Tập huấn phát triển kinh tế hộ gia đình",
      "Tập huấn chăm sóc sức khỏe bà mẹ và trẻ em",
      "Tập huấn sử dụng vốn vay ưu đãi hiệu quả");
  private static final List<String> VOLUNTEERING = List.of(
      "Ra quân vệ sinh môi trường khu dân cư",
      "Hỗ trợ ngày công giúp hội viên khó khăn",
      "Trồng cây xanh",
      "Thăm hỏi, động viên hội viên ốm đau");
  private static final List<String> SOCIAL = List.of(
      "Giao lưu văn nghệ, thể thao",
      "Ngày hội gia đình hạnh phúc",
      "Hội thi nấu ăn giỏi");
  private static final List<String> OTHER = List.of(
      "Tọa đàm về bình đẳng giới",
      "Tuyên truyền pháp luật cho hội viên",
      "Tư vấn phòng, chống bạo lực gia đình");

  /** {@code count} distinct place names, in random order. */
  static List<String> placeNames(SplittableRandom rng, int count) {
    List<String> all = new ArrayList<>(PLACE_FIRST.size() * PLACE_SECOND.size());
    for (String a : PLACE_FIRST) {
      for (String b : PLACE_SECOND) {
        all.add(a + " " + b);
      }
    }
    if (count > all.size()) {
      throw new IllegalArgumentException("asked for " + count + " place names, have " + all.size());
    }
    for (int i = 0; i < count; i++) {
      int j = i + rng.nextInt(all.size() - i);
      String t = all.get(i);
      all.set(i, all.get(j));
      all.set(j, t);
    }
    return List.copyOf(all.subList(0, count));
  }

  /** A title for an activity of this kind held by a unit of this level in a month (1..12). */
  static String title(SplittableRandom rng, ActivityKind kind, UnitLevel level, int month, String campaign) {
    return switch (kind) {
      case MEETING -> switch (level) {
        case BRANCH -> "Sinh hoạt chi hội tháng " + month;
        case COMMUNE -> "Hội nghị Ban Chấp hành Hội LHPN cơ sở tháng " + month;
        case DISTRICT -> "Hội nghị giao ban Hội LHPN huyện quý " + ((month - 1) / 3 + 1);
        case PROVINCE -> "Hội nghị trực tuyến Hội LHPN tỉnh quý " + ((month - 1) / 3 + 1);
      };
      case TRAINING -> pick(rng, TRAININGS);
      case CAMPAIGN -> "Hưởng ứng \"" + campaign + "\"";
      case VOLUNTEERING -> pick(rng, VOLUNTEERING);
      case SOCIAL -> month == 3 ? "Kỷ niệm ngày Quốc tế Phụ nữ 8/3"
          : month == 10 ? "Kỷ niệm ngày Phụ nữ Việt Nam 20/10" : pick(rng, SOCIAL);
      case OTHER -> pick(rng, OTHER);
    };
  }

  static <T> T pick(SplittableRandom rng, List<T> from) {
    return from.get(rng.nextInt(from.size()));
  }
}
