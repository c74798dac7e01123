package dev.pillar.clickhouse.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.pillar.clickhouse.test.ClickHouseTags;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SQL files split where ClickHouse's own lexer ends a statement, one construct per test:
 * a {@code ;} inside a comment, a string, a name or a heredoc ends none. {@code --} and
 * block comments run on every server; comments by {@code #}, {@code #!} and {@code //},
 * nested block comments and heredocs are read by current servers only: 18.16 refuses such
 * a file at once, whole.
 */
@ClickHouseTest
class SqlFileLexingIntegrationTests {

	private static final String EVENTS = "CREATE TABLE events (tenant_id UInt32, day Date) ENGINE = MergeTree() "
			+ "ORDER BY (tenant_id, day);\n";

	@TempDir
	Path dir;

	@Test
	void aSemicolonInAHashCommentSplitsNoDeleteInTwo(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql", EVENTS);
		migrate(db);
		db.query("INSERT INTO events VALUES (42, '2019-06-01'), (42, '2021-06-01'), (7, '2019-06-01')");
		write("V20250302000000__delete_old.sql", """
				ALTER TABLE events DELETE
				WHERE tenant_id = 42   # tenant 42 only; see ticket 9
				  AND day < '2020-01-01';
				""");

		if (db.server().majorVersion() < 20) {
			// no # comment there: the statement is refused whole, and deletes nothing
			assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(() -> migrate(db));
			assertThat(db.query("SELECT count() FROM events")).isEqualTo("3\n");
			return;
		}
		assertThat(migrate(db)).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(db.query("SELECT tenant_id, day FROM events ORDER BY tenant_id, day"))
			.isEqualTo("7\t2019-06-01\n42\t2021-06-01\n");
	}

	@Test
	void aSemicolonInADashDashCommentEndsNoStatement(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql", "-- events; one row per tenant and day\n" + EVENTS
				+ "INSERT INTO events -- tenant 42; see ticket 9\n VALUES (42, '2021-06-01');\n");

		assertThat(migrate(db)).extracting(MigrationRun::statements).containsExactly(2);
		assertThat(db.query("SELECT tenant_id, day FROM events")).isEqualTo("42\t2021-06-01\n");
	}

	@Test
	void aSemicolonInABlockCommentEndsNoStatement(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql",
				"CREATE TABLE events (id UInt64) /* the id; nothing else */ ENGINE = Memory;\n"
						+ "INSERT INTO events /* one; row */ VALUES (1);\n");

		assertThat(migrate(db)).extracting(MigrationRun::statements).containsExactly(2);
		assertThat(db.query("SELECT id FROM events")).isEqualTo("1\n");
	}

	@ParameterizedTest(name = "{0}")
	@Tag(ClickHouseTags.CURRENT_SYNTAX)
	@CsvSource(delimiter = '|', textBlock = """
			a #! line       | #!/usr/bin/clickhouse-local; a header\\nCREATE TABLE events (id UInt64) ENGINE = Memory;
			a // comment    | CREATE TABLE events (id UInt64) // the id; nothing else\\n ENGINE = Memory;
			a nested block  | CREATE TABLE events (id UInt64) /* outer /* inner */ ; still a comment */ ENGINE = Memory;
			""")
	void aSemicolonInACommentOnlyCurrentServersReadEndsNoStatement(String construct, String sql, TestDatabase db)
			throws IOException {
		write("V20250301000000__create_events.sql", sql.replace("\\n", "\n") + "\n");

		assertThat(migrate(db)).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(db.tableExists("events")).isTrue();
	}

	@Test
	@Tag(ClickHouseTags.CURRENT_SYNTAX)
	void aSemicolonInAHeredocEndsNoStatement(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64, a String DEFAULT $$a;b$$, "
				+ "b String DEFAULT $t$c;$$d$t$) ENGINE = Memory;\n");

		assertThat(migrate(db)).extracting(MigrationRun::statements).containsExactly(1);
		db.query("INSERT INTO events (id) VALUES (1)");
		assertThat(db.query("SELECT a, b FROM events")).isEqualTo("a;b\tc;$$d\n");
	}

	@Test
	void aSemicolonInAStringWithEscapedQuotesEndsNoStatement(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64, a String DEFAULT 'it\\'s;', "
				+ "b String DEFAULT 'it''s;') ENGINE = Memory;\n");

		assertThat(migrate(db)).extracting(MigrationRun::statements).containsExactly(1);
		db.query("INSERT INTO events (id) VALUES (1)");
		assertThat(db.query("SELECT a = b, b = 'it''s;' FROM events")).isEqualTo("1\t1\n");
	}

	@Test
	void aSemicolonInAQuotedNameEndsNoStatement(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql",
				"CREATE TABLE events (id UInt64, `a;\\`` String, \"b;\"\"\" String) ENGINE = Memory;\n");

		assertThat(migrate(db)).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(db.query("SELECT name FROM system.columns WHERE database = currentDatabase() "
				+ "AND table = 'events' ORDER BY name"))
			.isEqualTo("a;`\nb;\"\nid\n");
	}

	private List<MigrationRun> migrate(TestDatabase db) {
		return SqlFileMigrationIntegrationTests.migrator(db, List.of("filesystem:" + this.dir)).load().migrate();
	}

	private void write(String name, String text) throws IOException {
		Files.writeString(this.dir.resolve(name), text);
	}

}
