/**
 * A Spring Boot application whose ClickHouse schema Pillar migrates.
 */
@NullMarked
package dev.pillar.sample;

import org.jspecify.annotations.NullMarked;
