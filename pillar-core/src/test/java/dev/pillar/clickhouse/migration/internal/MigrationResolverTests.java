package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.JdbcMigration;
import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.MigrationContext;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MigrationResolverTests {

	private final MigrationResolver resolver = new MigrationResolver();

	@Test
	void readsVersionAndNameFromTheAnnotationAndSortsByVersion() {
		List<ResolvedMigration> resolved = this.resolver.resolve(List.of(new Second(), new First()));
		assertThat(resolved).extracting(ResolvedMigration::version).containsExactly(20250101000000L, 20250102000000L);
		assertThat(resolved.get(0).name()).isEqualTo("first_one");
		assertThat(resolved.get(1).name()).isEqualTo("second");
		assertThat(resolved.get(0).source()).isEqualTo(First.class.getName());
	}

	@Test
	void ordersJdbcMigrationsWithTheOthersAndRefusesASharedVersion() {
		List<ResolvedMigration> resolved = this.resolver.resolve(List.of(new Second(), new First()),
				List.of(new Backfill()));
		assertThat(resolved).extracting(ResolvedMigration::name).containsExactly("first_one", "backfill", "second");
		assertThat(resolved.get(1).source()).isEqualTo(Backfill.class.getName());
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> this.resolver.resolve(List.of(new FirstAgain()), List.of(new BackfillAgain())))
			.withMessageContaining("Two migrations have version 20250101000000");
	}

	@Test
	void readsVersionAndNameFromAClassName() {
		ResolvedMigration resolved = this.resolver.resolve(new V20250528120000_CreateUsersTable());
		assertThat(resolved.version()).isEqualTo(20250528120000L);
		assertThat(resolved.name()).isEqualTo("create_users_table");
	}

	@Test
	void refusesAVersionThatIsNotATimestamp() {
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> this.resolver.resolve(new NotATimestamp()))
			.withMessageContaining("version 20251399000000, which is not a yyyyMMddHHmmss timestamp")
			.withMessageContaining(NotATimestamp.class.getName());
	}

	@Test
	void refusesAMigrationWithoutVersion() {
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> this.resolver.resolve(new NoVersion()))
			.withMessageContaining("has no version");
	}

	@Test
	void refusesDuplicateVersionsNamingBothClasses() {
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> this.resolver.resolve(List.of(new First(), new FirstAgain())))
			.withMessageContaining("Two migrations have version 20250101000000")
			.withMessageContaining(First.class.getName())
			.withMessageContaining(FirstAgain.class.getName());
	}

	@Test
	void refusesAnEmptyUpAndBlankStatements() {
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> this.resolver.resolve(new EmptyUp()))
			.withMessageContaining("has no up statements");
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> this.resolver.resolve(new BlankDown()))
			.withMessageContaining("Statement 2 of down()");
	}

	@Test
	void checksumCoversTheUpStatementsOnly() {
		ResolvedMigration a = ResolvedMigration.of(20250101000000L, "a", List.of("ab", "c"), List.of(), "x");
		ResolvedMigration b = ResolvedMigration.of(20250101000000L, "a", List.of("a", "bc"), List.of(), "x");
		ResolvedMigration c = ResolvedMigration.of(20250101000000L, "a", List.of("ab", "c"), List.of("DROP"), "x");
		assertThat(a.checksum()).isNotEqualTo(b.checksum()).isEqualTo(c.checksum()).hasSize(64);
	}

	@Test
	void snakeCasesClassNames() {
		assertThat(MigrationResolver.snakeCase("CreateUsersTable")).isEqualTo("create_users_table");
		assertThat(MigrationResolver.snakeCase("AddHTTPLogs2")).isEqualTo("add_http_logs2");
	}

	@ClickHouseMigration(version = 20250101000000L, name = "first_one")
	static class First implements Migration {

		@Override
		public List<String> up() {
			return List.of("SELECT 1");
		}

	}

	@ClickHouseMigration(version = 20250101000000L)
	static class FirstAgain extends First {

	}

	@ClickHouseMigration(version = 20250102000000L)
	static class Second extends First {

	}

	@ClickHouseMigration
	static class V20250528120000_CreateUsersTable extends First {

	}

	@ClickHouseMigration(version = 20251399000000L)
	static class NotATimestamp extends First {

	}

	@ClickHouseMigration
	static class NoVersion extends First {

	}

	@ClickHouseMigration(version = 20250101000000L)
	static class EmptyUp implements Migration {

		@Override
		public List<String> up() {
			return List.of();
		}

	}

	@ClickHouseMigration(version = 20250101000000L)
	static class BlankDown extends First {

		@Override
		public List<String> down() {
			return List.of("DROP TABLE t", " ");
		}

	}

	@ClickHouseMigration(version = 20250101120000L)
	static class Backfill implements JdbcMigration {

		@Override
		public void up(MigrationContext context) {
		}

	}

	@ClickHouseMigration(version = 20250101000000L)
	static class BackfillAgain implements JdbcMigration {

		@Override
		public void up(MigrationContext context) {
		}

	}

}
