/**
 * Pillar's connection from a Testcontainers {@code @ServiceConnection}.
 */
@NullMarked
package dev.pillar.clickhouse.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;
