package dev.pillar.maven;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A {@code @ClickHouseMigration} class found in a project's sources.
 *
 * @param file the source file
 * @param packageName the package, empty for the default package
 * @param className the simple class name
 * @param version the version, or {@code null} when it is not a literal the source shows
 * (a constant, say)
 * @param name the migration name: the annotation's, or the class name in snake case
 */
public record ExistingMigration(Path file, String packageName, String className, @Nullable Long version, String name) {

}
