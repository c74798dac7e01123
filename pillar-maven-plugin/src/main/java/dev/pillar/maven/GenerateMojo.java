package dev.pillar.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * Generates a new ClickHouse migration class:
 * {@code mvn pillar:generate -Dname=create_users_table}; or, with {@code -Dtype=sql}, a
 * pair of SQL files {@code V<version>__<name>.sql} and {@code U<version>__<name>.sql} in
 * {@code src/main/resources/db/clickhouse}.
 * <p>
 * The class is named after the migration in PascalCase, gets the current UTC time as its
 * {@code yyyyMMddHHmmss} version, and is written under the first compile source root, in
 * the package given with {@code -Dpackage} or else the package of the existing
 * {@code @ClickHouseMigration} classes (the newest one's when they are in several).
 */
@Mojo(name = "generate", requiresProject = true, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

	/**
	 * The migration name in lower snake case, e.g. {@code create_users_table}.
	 */
	@Parameter(property = "name")
	private @Nullable String name;

	/**
	 * The package of the new class; by default the package of the existing migrations.
	 */
	@Parameter(property = "package")
	private @Nullable String packageName;

	/**
	 * What to generate: {@code java} for a migration class, {@code sql} for a pair of SQL
	 * files.
	 */
	@Parameter(property = "type", defaultValue = "java")
	private String type = "java";

	/**
	 * Where {@code -Dtype=sql} writes the files: Pillar's default location,
	 * {@code classpath:db/clickhouse}.
	 */
	@Parameter(property = "sqlDirectory", defaultValue = "${project.basedir}/src/main/resources/db/clickhouse")
	private @Nullable File sqlDirectory;

	@Parameter(defaultValue = "${project.compileSourceRoots}", readonly = true, required = true)
	private List<String> compileSourceRoots = List.of();

	@Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
	private @Nullable File buildDirectory;

	@Parameter(defaultValue = "${project.packaging}", readonly = true, required = true)
	private String packaging = "jar";

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		if ("pom".equals(this.packaging)) {
			// An aggregator or parent has no sources: run in the module that holds the
			// migrations instead
			getLog().info("Skipping: a pom project has no Java sources (run with -pl <module>).");
			return;
		}
		List<Path> roots = this.compileSourceRoots.stream().map(Path::of).toList();
		if ("sql".equals(this.type)) {
			generateSql(roots);
			return;
		}
		if (!"java".equals(this.type)) {
			throw new MojoFailureException("Unknown migration type '" + this.type + "'. Use -Dtype=java (a class, "
					+ "the default) or -Dtype=sql (a pair of SQL files).");
		}
		Path outputRoot = outputRoot(roots, (this.buildDirectory != null) ? this.buildDirectory.toPath() : null);
		try {
			GeneratedMigration generated = new MigrationGenerator().generate(this.name, this.packageName, roots,
					outputRoot);
			getLog().info("Package " + displayPackage(generated.packageName()) + ": " + generated.packageOrigin());
			getLog().info("Created migration " + generated.version() + " (" + generated.name() + "): "
					+ generated.file().toAbsolutePath());
		}
		catch (MigrationGenerationException ex) {
			throw new MojoFailureException(ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Could not generate the migration: " + ex.getMessage(), ex);
		}
	}

	private void generateSql(List<Path> roots) throws MojoExecutionException, MojoFailureException {
		Path directory = (this.sqlDirectory != null) ? this.sqlDirectory.toPath()
				: Path.of("src/main/resources/db/clickhouse");
		try {
			GeneratedSqlMigration generated = new MigrationGenerator().generateSql(this.name, directory, roots);
			getLog().info("Created migration " + generated.version() + " (" + generated.name() + "): "
					+ generated.up().toAbsolutePath() + " and its undo " + generated.down().getFileName());
		}
		catch (MigrationGenerationException ex) {
			throw new MojoFailureException(ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Could not generate the migration: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The root the class is written under: the first compile source root, skipping roots
	 * in the build directory, which hold generated sources that {@code mvn clean}
	 * deletes.
	 * @param roots the compile source roots
	 * @param buildDirectory the build directory, e.g. {@code target}
	 * @return the root to write under
	 * @throws MojoFailureException when there is no compile source root
	 */
	static Path outputRoot(List<Path> roots, @Nullable Path buildDirectory) throws MojoFailureException {
		Path normalizedBuild = (buildDirectory != null) ? buildDirectory.toAbsolutePath().normalize() : null;
		for (Path root : roots) {
			if (normalizedBuild == null || !root.toAbsolutePath().normalize().startsWith(normalizedBuild)) {
				return root;
			}
		}
		if (!roots.isEmpty()) {
			return roots.get(0);
		}
		throw new MojoFailureException("The project has no compile source root to write the migration under. "
				+ "Run the goal in the module that holds your migrations (mvn pillar:generate -pl <module> ...).");
	}

	private static String displayPackage(String packageName) {
		return packageName.isEmpty() ? "(default package)" : packageName;
	}

}
