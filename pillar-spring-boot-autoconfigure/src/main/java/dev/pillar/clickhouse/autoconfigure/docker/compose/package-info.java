/**
 * Pillar's connection from Spring Boot's Docker Compose support.
 */
@NullMarked
package dev.pillar.clickhouse.autoconfigure.docker.compose;

import org.jspecify.annotations.NullMarked;
