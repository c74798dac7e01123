/**
 * Auto-configuration for the {@code pillar} actuator endpoint.
 */
@NullMarked
package dev.pillar.clickhouse.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
