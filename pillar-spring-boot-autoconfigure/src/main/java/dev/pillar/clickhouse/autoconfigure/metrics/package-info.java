/**
 * Auto-configuration for Pillar's Micrometer meters.
 */
@NullMarked
package dev.pillar.clickhouse.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
