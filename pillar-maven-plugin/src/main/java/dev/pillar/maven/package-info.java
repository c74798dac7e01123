/**
 * The {@code pillar} Maven plugin: generates ClickHouse migration classes for Pillar.
 */
@NullMarked
package dev.pillar.maven;

import org.jspecify.annotations.NullMarked;
