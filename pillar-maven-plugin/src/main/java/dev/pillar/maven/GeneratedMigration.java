package dev.pillar.maven;

import java.nio.file.Path;

/**
 * A migration class that {@link MigrationGenerator} wrote.
 *
 * @param file the file written
 * @param packageName the package of the class
 * @param className the simple class name
 * @param version the version, a {@code yyyyMMddHHmmss} timestamp
 * @param name the migration name
 * @param packageOrigin why this package was chosen, to tell the user
 */
public record GeneratedMigration(Path file, String packageName, String className, long version, String name,
		String packageOrigin) {

}
