package dev.pillar.maven;

import java.nio.file.Path;

/**
 * A migration as a pair of SQL files that {@link MigrationGenerator} wrote.
 *
 * @param up the file that applies it
 * @param down the file that undoes it
 * @param version the version, a {@code yyyyMMddHHmmss} timestamp
 * @param name the migration name
 */
public record GeneratedSqlMigration(Path up, Path down, long version, String name) {

}
