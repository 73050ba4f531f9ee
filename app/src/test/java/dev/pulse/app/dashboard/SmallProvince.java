package dev.pulse.app.dashboard;

/**
 * A province small enough to reason about, as the bodies of {@code POST /api/v1/ingest/{stream}}:
 * two districts, three communes, four branches, twelve members, five activities in the second
 * half of 2023 and five households.
 *
 * <p>In 2023-Q4 the province holds 4 activities (2 in person, 1 online, 1 hybrid, 3 publicised),
 * 6 of its 12 members took part, and of its communes Xã Pom Lót (PX-01-02) has the lowest
 * participation rate in district PX-01 (1 of 3). In 2023 the union supported 4 households, 2 of
 * which left poverty or near-poverty, and 1 unsupported household fell back into poverty.
 *
 * <p>Campaigns (SPEC.md §5b) of the province in 2023-Q4, most held first: {@value #FIVE_NO_THREE_CLEAN}
 * held 3 times, in 3 of the 4 branches, 5 attendances by 5 members; {@value #CONFIDENT_WOMEN} held
 * once (2 attendances, 2 members, 1 branch); {@value #HAPPY_FAMILY} held once by a commune (1
 * attendance, 1 member, no branch). {@value #FIVE_NO_THREE_CLEAN} is PX-01's twice (2 of its 3
 * branches) and PX-02's once (its one branch).
 */
final class SmallProvince {

  private SmallProvince() {}

  static final String PROVINCE = "PX";
  static final String DISTRICT = "PX-01";
  static final String DISTRICT_NAME = "Huyện Mường Thanh";
  static final String LOWEST_COMMUNE = "PX-01-02";
  static final String LOWEST_COMMUNE_NAME = "Xã Pom Lót";
  static final String QUARTER = "2023-Q4";
  static final String FIVE_NO_THREE_CLEAN = "5 không 3 sạch";
  static final String CONFIDENT_WOMEN = "Phụ nữ \"tự tin\" khởi nghiệp";
  static final String HAPPY_FAMILY = "xay-dung-gia-dinh";

  static final String UNITS = """
      [{"unitId": "PX", "parentId": null, "level": "PROVINCE", "name": "Tỉnh Thử Nghiệm"},
       {"unitId": "PX-01", "parentId": "PX", "level": "DISTRICT", "name": "Huyện Mường Thanh"},
       {"unitId": "PX-02", "parentId": "PX", "level": "DISTRICT", "name": "Huyện Na Sang"},
       {"unitId": "PX-01-01", "parentId": "PX-01", "level": "COMMUNE", "name": "Xã Thanh Xương"},
       {"unitId": "PX-01-02", "parentId": "PX-01", "level": "COMMUNE", "name": "Xã Pom Lót"},
       {"unitId": "PX-02-01", "parentId": "PX-02", "level": "COMMUNE", "name": "Xã Na Tông"},
       {"unitId": "PX-01-01-B1", "parentId": "PX-01-01", "level": "BRANCH", "name": "Chi hội Bản Co Mỵ"},
       {"unitId": "PX-01-01-B2", "parentId": "PX-01-01", "level": "BRANCH", "name": "Chi hội Bản Huổi Phạ"},
       {"unitId": "PX-01-02-B1", "parentId": "PX-01-02", "level": "BRANCH", "name": "Chi hội Bản Pom Lót"},
       {"unitId": "PX-02-01-B1", "parentId": "PX-02-01", "level": "BRANCH", "name": "Chi hội Bản Na Tông"}]""";

  /** Three members in each branch, all since the start of 2023. */
  static String memberships() {
    String[] branches = {"PX-01-01-B1", "PX-01-01-B2", "PX-01-02-B1", "PX-02-01-B1"};
    StringBuilder json = new StringBuilder("[");
    for (int i = 1; i <= 12; i++) {
      if (i > 1) json.append(',');
      json.append(String.format("""
          {"membershipId": "px-ms-%02d", "memberId": "px-m%02d", "branchId": "%s",
           "joinedOn": "2023-01-01", "leftOn": null}""", i, i, branches[(i - 1) / 3]));
    }
    return json.append(']').toString();
  }

  static final String ACTIVITIES = """
      [{"activityId": "px-a1", "unitId": "PX-01-01-B1", "title": "Sinh hoạt chi hội tháng 11", "kind": "MEETING",
        "mode": "IN_PERSON", "startsAt": "2023-11-05T08:00:00+07:00", "channels": ["ZALO", "FACEBOOK"],
        "campaigns": ["5 không 3 sạch", "Phụ nữ \\"tự tin\\" khởi nghiệp"], "status": "HELD",
        "recordedAt": "2023-11-05T12:00:00+07:00"},
       {"activityId": "px-a2", "unitId": "PX-01-02-B1", "title": "Tập huấn trực tuyến về vay vốn", "kind": "TRAINING",
        "mode": "ONLINE", "startsAt": "2023-11-12T19:30:00+07:00", "channels": ["ZALO"],
        "campaigns": [" 5 không 3 sạch"], "status": "HELD", "recordedAt": "2023-11-12T21:00:00+07:00"},
       {"activityId": "px-a3", "unitId": "PX-02-01-B1", "title": "Họp bàn sinh kế", "kind": "MEETING",
        "mode": "HYBRID", "startsAt": "2023-10-20T14:00:00+07:00", "channels": [],
        "campaigns": ["5 không 3 sạch"], "status": "HELD", "recordedAt": "2023-10-20T18:00:00+07:00"},
       {"activityId": "px-a4", "unitId": "PX-01-01", "title": "Ngày hội phụ nữ xã", "kind": "CAMPAIGN",
        "mode": "IN_PERSON", "startsAt": "2023-12-02T07:30:00+07:00", "channels": ["FANPAGE", "WEBSITE"],
        "campaigns": ["xay-dung-gia-dinh"], "status": "HELD", "recordedAt": "2023-12-02T17:00:00+07:00"},
       {"activityId": "px-a5", "unitId": "PX-01-01-B2", "title": "Thăm hộ khó khăn", "kind": "VOLUNTEERING",
        "mode": "IN_PERSON", "startsAt": "2023-08-15T08:00:00+07:00", "channels": [],
        "campaigns": ["Phụ nữ \\"tự tin\\" khởi nghiệp"], "status": "HELD", "recordedAt": "2023-08-15T12:00:00+07:00"}]""";

  static final String ATTENDANCE = """
      [%s, %s, %s, %s, %s, %s, %s]""".formatted(
      attendance("px-t1", "px-a1", "px-m01", "PX-01-01-B1", "2023-11-05T08:05:00+07:00", "IN_PERSON"),
      attendance("px-t2", "px-a1", "px-m02", "PX-01-01-B1", "2023-11-05T08:10:00+07:00", "IN_PERSON"),
      attendance("px-t3", "px-a2", "px-m07", "PX-01-02-B1", "2023-11-12T19:31:00+07:00", "ONLINE"),
      attendance("px-t4", "px-a3", "px-m10", "PX-02-01-B1", "2023-10-20T14:02:00+07:00", "IN_PERSON"),
      attendance("px-t5", "px-a3", "px-m11", "PX-02-01-B1", "2023-10-20T14:03:00+07:00", "ONLINE"),
      attendance("px-t6", "px-a4", "px-m04", "PX-01-01-B2", "2023-12-02T07:40:00+07:00", "IN_PERSON"),
      attendance("px-t7", "px-a5", "px-m05", "PX-01-01-B2", "2023-08-15T08:05:00+07:00", "IN_PERSON"));

  /** One more member of Xã Pom Lót at the online training: what the live test sends. */
  static final String LATE_ATTENDANCE =
      attendance("px-t8", "px-a2", "px-m08", "PX-01-02-B1", "2023-11-12T19:35:00+07:00", "ONLINE");

  static String attendance(String id, String activity, String member, String recordedBy, String at, String mode) {
    return """
        {"attendanceId": "%s", "activityId": "%s", "memberId": "%s", "recordedBy": "%s",
         "attendedAt": "%s", "mode": "%s", "status": "PRESENT", "recordedAt": "%s"}"""
        .formatted(id, activity, member, recordedBy, at, mode, at);
  }

  static final String HOUSEHOLD_STATUS = """
      [%s, %s, %s, %s, %s, %s, %s, %s]""".formatted(
      household("px-e1", "px-h1", "PX-01-01-B1", "POOR", true, "2022-06-01"),
      household("px-e2", "px-h1", "PX-01-01-B1", "NEAR_POOR", true, "2023-05-01"),
      household("px-e3", "px-h2", "PX-01-02-B1", "NEAR_POOR", true, "2022-03-01"),
      household("px-e4", "px-h2", "PX-01-02-B1", "NON_POOR", false, "2023-09-01"),
      household("px-e5", "px-h3", "PX-02-01-B1", "POOR", true, "2023-02-01"),
      household("px-e6", "px-h4", "PX-01-01-B2", "NON_POOR", false, "2022-01-01"),
      household("px-e7", "px-h4", "PX-01-01-B2", "POOR", false, "2023-07-01"),
      household("px-e8", "px-h5", "PX-01-01-B2", "NEAR_POOR", true, "2023-03-01"));

  static String household(String event, String household, String branch, String status, boolean supported,
      String assessedOn) {
    return """
        {"eventId": "%s", "householdId": "%s", "branchId": "%s", "status": "%s", "supportedByUnion": %s,
         "supports": %s, "assessedOn": "%s", "recordedAt": "%sT10:00:00+07:00"}"""
        .formatted(event, household, branch, status, supported, supported ? "[\"LOAN\", \"VOCATIONAL_TRAINING\"]" : "[]",
            assessedOn, assessedOn);
  }
}
