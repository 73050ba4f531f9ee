package dev.pulse.registry;

import org.apache.avro.Schema;

/** One version of a subject: its number, the global id of its schema, and the schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {}
