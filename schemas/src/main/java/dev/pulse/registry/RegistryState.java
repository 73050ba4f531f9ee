package dev.pulse.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * What a Schema Registry knows: schemas by global id, the versions of each subject and the
 * compatibility configuration. It decides ids, versions and compatibility; the caller decides when
 * a change becomes durable ({@link InMemorySchemaRegistryClient} applies it at once, the server
 * after writing it to the {@code _schemas} topic). Thread-safe; a caller that prepares and then
 * records a version holds its own lock around both.
 */
public final class RegistryState {

  /** A version of a subject; deleted versions stay so that version numbers are never reused. */
  private record Version(int id, boolean deleted) {}

  private final Map<Integer, Schema> schemasById = new HashMap<>();
  /** Keyed by the JSON Avro prints for the parsed schema, so equal schemas share one id. */
  private final Map<String, Integer> idsBySchemaJson = new HashMap<>();
  private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int lastId;

  /** The live version of the subject that holds this schema, if any. */
  public synchronized Optional<RegisteredSchema> find(String subject, Schema schema) {
    Integer id = idsBySchemaJson.get(schema.toString());
    if (id == null) {
      return Optional.empty();
    }
    return live(subject).filter(v -> v.id() == id).findFirst();
  }

  /**
   * The live version of the subject that holds this schema.
   *
   * @throws SchemaRegistryException 40401 when the subject has no version, 40403 when none holds it
   */
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    requireSubject(subject);
    return find(subject, schema).orElseThrow(() -> SchemaRegistryException.schemaNotFound(
        schema.getFullName() + " is not registered under subject '" + subject + "'"));
  }

  /**
   * The next version of the subject for a schema it does not hold yet: the schema's existing global
   * id, or a new one. Records nothing; see {@link #put}.
   *
   * @throws SchemaRegistryException 409 when the subject's compatibility level forbids the schema
   */
  public synchronized RegisteredSchema prepare(String subject, Schema schema) {
    List<String> problems = incompatibilities(subject, schema, null);
    if (!problems.isEmpty()) {
      throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject '" + subject
              + "' (" + compatibility(subject) + "): " + String.join("; ", problems));
    }
    return next(subject, schema);
  }

  /**
   * Like {@link #prepare} without the compatibility check: for the owner of a subject putting its
   * own schema back after an incompatible one was registered over it. Records nothing.
   */
  public synchronized RegisteredSchema prepareIgnoringCompatibility(String subject, Schema schema) {
    return next(subject, schema);
  }

  private RegisteredSchema next(String subject, Schema schema) {
    int id = idsBySchemaJson.getOrDefault(schema.toString(), lastId + 1);
    NavigableMap<Integer, Version> versions = subjects.get(subject);
    int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    return new RegisteredSchema(subject, version, id, schema);
  }

  /** Records a version, prepared here or replayed from the log. */
  public synchronized void put(RegisteredSchema registered) {
    schemasById.put(registered.id(), registered.schema());
    idsBySchemaJson.putIfAbsent(registered.schema().toString(), registered.id());
    lastId = Math.max(lastId, registered.id());
    subjects.computeIfAbsent(registered.subject(), s -> new TreeMap<>())
        .put(registered.version(), new Version(registered.id(), false));
  }

  /** Marks a version deleted: it is no longer looked up, listed or checked against. */
  public synchronized void markDeleted(String subject, int version) {
    NavigableMap<Integer, Version> versions = subjects.get(subject);
    if (versions != null) {
      versions.computeIfPresent(version, (v, existing) -> new Version(existing.id(), true));
    }
  }

  /** @throws SchemaRegistryException 40403 for an unknown id */
  public synchronized Schema schema(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw SchemaRegistryException.schemaNotFound("no schema has id " + id);
    }
    return schema;
  }

  /** The live subject versions that use the schema with this id. */
  public synchronized List<RegisteredSchema> usages(int id) {
    schema(id);
    List<RegisteredSchema> out = new ArrayList<>();
    for (String subject : subjects.keySet()) {
      live(subject).filter(v -> v.id() == id).forEach(out::add);
    }
    return out;
  }

  /** Subjects with at least one live version, sorted. */
  public synchronized List<String> subjects() {
    return subjects.keySet().stream().filter(s -> live(s).findAny().isPresent()).toList();
  }

  /** @throws SchemaRegistryException 40401 when the subject has no live version */
  public synchronized List<Integer> versions(String subject) {
    requireSubject(subject);
    return live(subject).map(RegisteredSchema::version).toList();
  }

  /** @throws SchemaRegistryException 40401 for an unknown subject, 40402 for an unknown version */
  public synchronized RegisteredSchema version(String subject, int version) {
    requireSubject(subject);
    return live(subject).filter(v -> v.version() == version).findFirst()
        .orElseThrow(() -> SchemaRegistryException.versionNotFound(subject, version));
  }

  /** @throws SchemaRegistryException 40401 when the subject has no live version */
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = requireSubject(subject);
    return versions.get(versions.size() - 1);
  }

  /**
   * Why the schema may not become the next version of the subject under its compatibility level;
   * empty when it may.
   *
   * @param version the version to check against, or null for those the level names (the latest,
   *     or all of them for a transitive level)
   */
  public synchronized List<String> incompatibilities(String subject, Schema schema, Integer version) {
    CompatibilityLevel level = compatibility(subject);
    List<RegisteredSchema> existing;
    if (version != null) {
      existing = List.of(version(subject, version));
    } else {
      existing = live(subject).toList();
      if (!level.isTransitive() && !existing.isEmpty()) {
        existing = List.of(existing.get(existing.size() - 1));
      }
    }
    List<String> problems = new ArrayList<>();
    for (RegisteredSchema earlier : existing) {
      level.problems(schema, earlier.schema())
          .forEach(p -> problems.add("version " + earlier.version() + ": " + p));
    }
    return problems;
  }

  /** The level in force for the subject (its own, else the global one), or the global one for null. */
  public synchronized CompatibilityLevel compatibility(String subjectOrNull) {
    return subjectOrNull == null ? globalLevel : subjectLevels.getOrDefault(subjectOrNull, globalLevel);
  }

  /** The level set for this subject itself, if any. */
  public synchronized Optional<CompatibilityLevel> ownCompatibility(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  /** Sets the level of a subject, or the global level for null. */
  public synchronized void setCompatibility(String subjectOrNull, CompatibilityLevel level) {
    if (subjectOrNull == null) {
      globalLevel = level;
    } else {
      subjectLevels.put(subjectOrNull, level);
    }
  }

  private Stream<RegisteredSchema> live(String subject) {
    NavigableMap<Integer, Version> versions = subjects.getOrDefault(subject, Collections.emptyNavigableMap());
    return versions.entrySet().stream()
        .filter(e -> !e.getValue().deleted())
        .map(e -> new RegisteredSchema(subject, e.getKey(), e.getValue().id(), schemasById.get(e.getValue().id())));
  }

  private List<RegisteredSchema> requireSubject(String subject) {
    List<RegisteredSchema> versions = live(subject).toList();
    if (versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return versions;
  }
}
