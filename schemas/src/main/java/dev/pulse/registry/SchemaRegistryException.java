package dev.pulse.registry;

/**
 * An error answered by a Schema Registry, with Confluent's {@code error_code} (40401 subject not
 * found, 40403 schema not found, 409 incompatible schema, 42201 invalid schema, ...).
 *
 * <p>{@link #httpStatus()} and {@link #errorCode()} are 0 when no registry answered at all.
 */
public class SchemaRegistryException extends RuntimeException {

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int STORE_ERROR = 50001;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    this(httpStatus, errorCode, message, null);
  }

  public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }

  public static SchemaRegistryException versionNotFound(String subject, int version) {
    return new SchemaRegistryException(
        404, VERSION_NOT_FOUND, "Version " + version + " of subject '" + subject + "' not found.");
  }

  public static SchemaRegistryException schemaNotFound(String what) {
    return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema not found: " + what + ".");
  }

  public static SchemaRegistryException invalidSchema(String message, Throwable cause) {
    return new SchemaRegistryException(422, INVALID_SCHEMA, "Invalid schema: " + message, cause);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }
}
