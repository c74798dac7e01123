/**
 * A minimal application for the start-up benchmark, in a package of its own so that its
 * component scan finds nothing else of the harness.
 */
@NullMarked
package dev.pillar.benchmark.startup;

import org.jspecify.annotations.NullMarked;
