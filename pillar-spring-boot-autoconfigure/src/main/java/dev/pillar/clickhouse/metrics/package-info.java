/**
 * Micrometer meters of Pillar's migrations.
 */
@NullMarked
package dev.pillar.clickhouse.metrics;

import org.jspecify.annotations.NullMarked;
