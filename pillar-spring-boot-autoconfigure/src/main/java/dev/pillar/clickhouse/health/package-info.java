/**
 * The {@code pillar} health indicator.
 */
@NullMarked
package dev.pillar.clickhouse.health;

import org.jspecify.annotations.NullMarked;
