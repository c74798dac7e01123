package dev.pillar.clickhouse.migration;

import java.util.List;

import dev.pillar.clickhouse.migration.internal.SqlFileMigrationResolver;

import org.springframework.core.io.ResourceLoader;

/**
 * The migrations kept as SQL files ({@code V<version>__<name>.sql}, and
 * {@code U<version>__<name>.sql} to undo one) under some locations, as a
 * {@link PillarMigrator} finds and reads them: for whoever needs to know before it runs
 * whether there are any (a Spring Boot condition, say).
 */
public final class SqlMigrationFiles {

	/** Where SQL files are read unless other locations are configured. */
	public static final String DEFAULT_LOCATION = SqlFileMigrationResolver.DEFAULT_LOCATION;

	private final SqlFileMigrationResolver resolver;

	/**
	 * Creates a reader of SQL files.
	 * @param resourceLoader loads {@code classpath:} locations
	 */
	public SqlMigrationFiles(ResourceLoader resourceLoader) {
		this.resolver = new SqlFileMigrationResolver(resourceLoader);
	}

	/**
	 * Finds the SQL files without reading them: cheap enough to ask whether there are
	 * any.
	 * @param locations {@code classpath:} or {@code filesystem:} locations, searched with
	 * their subdirectories
	 * @return a source naming each {@code .sql} file, also those that {@link #read(List)}
	 * would refuse
	 */
	public List<String> find(List<String> locations) {
		return this.resolver.sources(locations);
	}

	/**
	 * Reads the migrations, as the migrator does.
	 * @param locations {@code classpath:} or {@code filesystem:} locations
	 * @return the migrations, their placeholders unfilled, in no particular order
	 * @throws PillarException when a file is misnamed, empty or orphaned, or two files
	 * share a version
	 */
	public List<ResolvedMigration> read(List<String> locations) {
		return this.resolver.resolve(locations);
	}

}
