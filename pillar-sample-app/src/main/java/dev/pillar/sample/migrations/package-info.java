/**
 * The sample's migrations in code.
 */
@NullMarked
package dev.pillar.sample.migrations;

import org.jspecify.annotations.NullMarked;
