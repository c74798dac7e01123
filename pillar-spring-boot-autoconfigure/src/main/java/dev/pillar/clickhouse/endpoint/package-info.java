/**
 * The {@code pillar} actuator endpoint.
 */
@NullMarked
package dev.pillar.clickhouse.endpoint;

import org.jspecify.annotations.NullMarked;
