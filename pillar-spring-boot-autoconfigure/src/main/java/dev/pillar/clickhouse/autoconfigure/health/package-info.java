/**
 * Auto-configuration for the {@code pillar} health indicator.
 */
@NullMarked
package dev.pillar.clickhouse.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
