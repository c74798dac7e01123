/**
 * Who may read and change the schema through the sample's actuator.
 */
@NullMarked
package dev.pillar.sample.security;

import org.jspecify.annotations.NullMarked;
