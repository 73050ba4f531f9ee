package dev.pulse.testing;

/** Valid JSON records of each stream, over the tree DB → DB-01 → DB-01-03 → DB-01-03-B1 (and DB-02 → …). */
public final class Samples {

  private Samples() {}

  /** The tree the tests use, as one JSON array for POST /api/v1/ingest/units. */
  public static final String TREE = """
      [{"unitId": "DB", "parentId": null, "level": "PROVINCE", "name": "Điện Biên"},
       {"unitId": "DB-01", "parentId": "DB", "level": "DISTRICT", "name": "Mường Chà"},
       {"unitId": "DB-01-03", "parentId": "DB-01", "level": "COMMUNE", "name": "Sa Lông"},
       {"unitId": "DB-01-03-B1", "parentId": "DB-01-03", "level": "BRANCH", "name": "Bản Huổi Lẻng"},
       {"unitId": "DB-02", "parentId": "DB", "level": "DISTRICT", "name": "Tủa Chùa"},
       {"unitId": "DB-02-01", "parentId": "DB-02", "level": "COMMUNE", "name": "Sính Phình"},
       {"unitId": "DB-02-01-B1", "parentId": "DB-02-01", "level": "BRANCH", "name": "Bản Phình"}]""";

  public static String attendance(String id, String memberId, String recordedBy) {
    return """
        {"attendanceId": "%s", "activityId": "act-1", "memberId": "%s", "recordedBy": "%s",
         "attendedAt": "2023-11-05T09:00:00+07:00", "mode": "IN_PERSON", "status": "PRESENT",
         "recordedAt": "2023-11-05T10:00:00+07:00"}""".formatted(id, memberId, recordedBy);
  }

  public static String activity(String id, String unitId) {
    return """
        {"activityId": "%s", "unitId": "%s", "title": "Monthly meeting", "kind": "MEETING", "mode": "HYBRID",
         "startsAt": "2023-11-05T08:00:00+07:00", "channels": ["ZALO", "FANPAGE"], "campaigns": [],
         "status": "HELD", "recordedAt": "2023-11-05T12:00:00+07:00"}""".formatted(id, unitId);
  }

  public static String membership(String id, String memberId, String branchId) {
    return """
        {"membershipId": "%s", "memberId": "%s", "branchId": "%s", "joinedOn": "2020-01-15", "leftOn": null}"""
        .formatted(id, memberId, branchId);
  }

  public static String household(String id, String householdId, String branchId) {
    return """
        {"eventId": "%s", "householdId": "%s", "branchId": "%s", "status": "NEAR_POOR", "supportedByUnion": true,
         "supports": ["LOAN"], "assessedOn": "2023-06-30", "recordedAt": "2023-07-01T08:00:00+07:00"}"""
        .formatted(id, householdId, branchId);
  }
}
