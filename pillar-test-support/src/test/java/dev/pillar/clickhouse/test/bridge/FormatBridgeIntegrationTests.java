package dev.pillar.clickhouse.test.bridge;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC driver, reading and writing through the bridge (where the server needs one) to
 * a real ClickHouse.
 */
@ClickHouseTest
class FormatBridgeIntegrationTests {

	private static final String COLUMNS = """
			id UInt32,
			i8 Int8, i16 Int16, i32 Int32, i64 Int64,
			u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64,
			f32 Float32, f64 Float64,
			s String, fs FixedString(4),
			d Date, dt DateTime, dtz DateTime('Asia/Tokyo'),
			u UUID,
			e8 Enum8('a' = 1, 'b\\'q' = -2), e16 Enum16('x' = 1000, 'y' = -1000),
			ns Nullable(String), ni Nullable(Int64),
			ai Array(Int32), arr_s Array(String), ani Array(Nullable(Int32)), aai Array(Array(UInt8)),
			ans Array(Nullable(String)),
			dec Decimal(9, 2)
			""";

	/**
	 * A string with everything that TabSeparated or quoting must escape, and some UTF-8.
	 */
	private static final String AWKWARD = "tab\there\nnew line\r 'single' \"double\" back\\slash \0 nul ünïcødé 日本語 🎉";

	private static final String AWKWARD_SQL = "'tab\\there\\nnew line\\r \\'single\\' \"double\" back\\\\slash \\0 nul "
			+ "ünïcødé 日本語 🎉'";

	@Test
	void readsEveryTypeBackAsWritten(TestDatabase db) throws Exception {
		try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE every_type (" + COLUMNS + ") ENGINE = Memory");
			statement.execute("INSERT INTO every_type VALUES "
					+ "(1, -128, -32768, -2147483648, -9223372036854775808, 0, 0, 0, 0, nan, -inf, " + AWKWARD_SQL
					+ ", 'ab', '1970-01-01', 0, '2024-01-02 03:04:05', '00000000-0000-0000-0000-000000000000', "
					+ "'b\\'q', 'y', NULL, NULL, [], [], [NULL, 1], [[1], [2, 3]], ['x\\'y', NULL, 'z\\\\t', "
					+ AWKWARD_SQL + "], -1.5), "
					+ "(2, 127, 32767, 2147483647, 9223372036854775807, 255, 65535, 4294967295, "
					+ "18446744073709551615, inf, inf, '', 'abcd', '2100-12-31', '2100-01-01 00:00:00', "
					+ "'2038-01-19 12:14:08', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'a', 'x', '', 0, "
					+ "[-1, 2147483647], ['', 'b'], [], [], [NULL], 9999999.99), "
					+ "(3, 1, 2, 3, 4, 5, 6, 7, 8, 1.25, 3.141592653589793, 'plain', 'x\\0yz', '2024-02-29', "
					+ "'2024-02-29 12:34:56', '2024-07-01 00:00:00', '01234567-89ab-cdef-0123-456789abcdef', 'a', 'y', "
					+ "'\\\\N', -1, [1], ['NULL'], [NULL], [[]], [NULL, NULL], 0.01)");
			try (ResultSet rs = statement.executeQuery("SELECT * FROM every_type ORDER BY id")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getLong("id")).isEqualTo(1);
				assertThat(rs.getByte("i8")).isEqualTo(Byte.MIN_VALUE);
				assertThat(rs.getShort("i16")).isEqualTo(Short.MIN_VALUE);
				assertThat(rs.getInt("i32")).isEqualTo(Integer.MIN_VALUE);
				assertThat(rs.getLong("i64")).isEqualTo(Long.MIN_VALUE);
				assertThat(rs.getInt("u8")).isZero();
				assertThat(rs.getInt("u16")).isZero();
				assertThat(rs.getLong("u32")).isZero();
				assertThat(rs.getObject("u64", BigInteger.class)).isEqualTo(BigInteger.ZERO);
				assertThat(rs.getFloat("f32")).isNaN();
				assertThat(rs.getDouble("f64")).isEqualTo(Double.NEGATIVE_INFINITY);
				assertThat(rs.getString("s")).isEqualTo(AWKWARD);
				assertThat(rs.getString("fs")).isEqualTo("ab\0\0");
				assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.EPOCH);
				assertThat(instant(rs, "dt")).isEqualTo(Instant.EPOCH);
				assertThat(instant(rs, "dtz")).isEqualTo(Instant.parse("2024-01-01T18:04:05Z"));
				assertThat(rs.getObject("u", UUID.class)).isEqualTo(new UUID(0, 0));
				assertThat(rs.getString("e8")).isEqualTo("b'q");
				assertThat(rs.getString("e16")).isEqualTo("y");
				assertThat(rs.getString("ns")).isNull();
				assertThat(rs.wasNull()).isTrue();
				assertThat(rs.getObject("ni")).isNull();
				assertThat(elements(rs, "ai")).isEmpty();
				assertThat(elements(rs, "arr_s")).isEmpty();
				assertThat(elements(rs, "ani")).containsExactly(null, 1);
				assertThat(nested(rs, "aai")).containsExactly(List.of((short) 1), List.of((short) 2, (short) 3));
				assertThat(elements(rs, "ans")).containsExactly("x'y", null, "z\\t", AWKWARD);
				assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo("-1.5");

				assertThat(rs.next()).isTrue();
				assertThat(rs.getByte("i8")).isEqualTo(Byte.MAX_VALUE);
				assertThat(rs.getShort("i16")).isEqualTo(Short.MAX_VALUE);
				assertThat(rs.getInt("i32")).isEqualTo(Integer.MAX_VALUE);
				assertThat(rs.getLong("i64")).isEqualTo(Long.MAX_VALUE);
				assertThat(rs.getInt("u8")).isEqualTo(255);
				assertThat(rs.getInt("u16")).isEqualTo(65535);
				assertThat(rs.getLong("u32")).isEqualTo(4294967295L);
				assertThat(rs.getObject("u64", BigInteger.class)).isEqualTo(new BigInteger("18446744073709551615"));
				assertThat(rs.getObject("u64")).isEqualTo(new BigInteger("18446744073709551615"));
				assertThat(rs.getFloat("f32")).isEqualTo(Float.POSITIVE_INFINITY);
				assertThat(rs.getDouble("f64")).isEqualTo(Double.POSITIVE_INFINITY);
				assertThat(rs.getString("s")).isEmpty();
				assertThat(rs.getString("fs")).isEqualTo("abcd");
				assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.of(2100, 12, 31));
				assertThat(instant(rs, "dt")).isEqualTo(serverInstant(db, 2, "dt"));
				assertThat(instant(rs, "dtz")).isEqualTo(Instant.parse("2038-01-19T03:14:08Z"));
				assertThat(rs.getObject("u", UUID.class)).isEqualTo(new UUID(-1, -1));
				assertThat(rs.getString("e8")).isEqualTo("a");
				assertThat(rs.getString("e16")).isEqualTo("x");
				assertThat(rs.getString("ns")).isEmpty();
				assertThat(rs.wasNull()).isFalse();
				assertThat(rs.getLong("ni")).isZero();
				assertThat(rs.wasNull()).isFalse();
				assertThat(elements(rs, "ai")).containsExactly(-1, Integer.MAX_VALUE);
				assertThat(elements(rs, "arr_s")).containsExactly("", "b");
				assertThat(elements(rs, "ani")).isEmpty();
				assertThat(nested(rs, "aai")).isEmpty();
				assertThat(elements(rs, "ans")).containsExactly((Object) null);
				assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo("9999999.99");

				assertThat(rs.next()).isTrue();
				assertThat(rs.getInt("i8")).isEqualTo(1);
				assertThat(rs.getObject("u64", BigInteger.class)).isEqualTo(BigInteger.valueOf(8));
				assertThat(rs.getFloat("f32")).isEqualTo(1.25f);
				assertThat(rs.getDouble("f64")).isEqualTo(Math.PI);
				assertThat(rs.getString("fs")).isEqualTo("x\0yz");
				assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
				assertThat(instant(rs, "dt")).isEqualTo(serverInstant(db, 3, "dt"));
				assertThat(instant(rs, "dtz")).isEqualTo(Instant.parse("2024-06-30T15:00:00Z"));
				assertThat(rs.getObject("u", UUID.class))
					.isEqualTo(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"));
				assertThat(rs.getString("ns")).isEqualTo("\\N");
				assertThat(rs.getLong("ni")).isEqualTo(-1);
				assertThat(elements(rs, "arr_s")).containsExactly("NULL");
				assertThat(elements(rs, "ani")).containsExactly((Object) null);
				assertThat(nested(rs, "aai")).containsExactly(List.of());
				assertThat(elements(rs, "ans")).containsExactly(null, null);
				assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo("0.01");

				assertThat(rs.next()).isFalse();
			}
		}
	}

	@Test
	void readsTheMetadataOfAnEmptyResult(TestDatabase db) throws Exception {
		try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE every_type (" + COLUMNS + ") ENGINE = Memory");
			try (ResultSet rs = statement.executeQuery("SELECT id, s, dtz, e8, ani FROM every_type WHERE id = 0")) {
				ResultSetMetaData metaData = rs.getMetaData();
				assertThat(metaData.getColumnCount()).isEqualTo(5);
				assertThat(metaData.getColumnName(1)).isEqualTo("id");
				assertThat(metaData.getColumnTypeName(1)).isEqualTo("UInt32");
				assertThat(metaData.getColumnTypeName(2)).isEqualTo("String");
				assertThat(metaData.getColumnTypeName(3)).isEqualTo("DateTime('Asia/Tokyo')");
				assertThat(metaData.getColumnTypeName(4)).startsWith("Enum8(").contains("'b\\'q' = -2");
				assertThat(metaData.getColumnTypeName(5)).isEqualTo("Array(Nullable(Int32))");
				assertThat(rs.next()).isFalse();
			}
		}
	}

	@Test
	void readsExpressionsWithoutATable(TestDatabase db) throws Exception {
		try (Connection connection = connect(db);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT NULL AS n, 1 AS one, 'x' AS s, [] AS empty, [[1], [2, 3]] AS nested, (1, 'a') AS t")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getObject("n")).isNull();
			assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("Nullable(Nothing)");
			assertThat(rs.getInt("one")).isEqualTo(1);
			assertThat(rs.getString("s")).isEqualTo("x");
			assertThat(elements(rs, "empty")).isEmpty();
			assertThat(nested(rs, "nested")).containsExactly(List.of((short) 1), List.of((short) 2, (short) 3));
			assertThat(rs.getObject("t")).isInstanceOf(Object[].class);
			assertThat((Object[]) rs.getObject("t")).containsExactly((short) 1, "a");
			assertThat(rs.next()).isFalse();
		}
	}

	@Test
	void readsSystemTables(TestDatabase db) throws Exception {
		try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE one (a UInt8) ENGINE = Memory");
			try (ResultSet rs = statement
				.executeQuery("SELECT name, engine, database FROM system.tables WHERE database = currentDatabase()")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString("name")).isEqualTo("one");
				assertThat(rs.getString("engine")).isEqualTo("Memory");
				assertThat(rs.getString("database")).isEqualTo(db.name());
				assertThat(rs.next()).isFalse();
			}
		}
	}

	@Test
	void reportsASyntaxError(TestDatabase db) throws Exception {
		try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeQuery("SELEC 1"))
				.withMessageContaining("Code: 62")
				.withMessageContaining("Syntax error")
				.withMessageContaining("SELEC 1");
		}
	}

	@Test
	void reportsAnUnknownTable(TestDatabase db) throws Exception {
		try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
				// the code and the name: the wording differs between versions
				.withMessageContaining("Code: 60")
				.withMessageContaining("no_such_table");
			// the connection survives an error
			try (ResultSet rs = statement.executeQuery("SELECT 1")) {
				assertThat(rs.next()).isTrue();
			}
		}
	}

	@Test
	void servesManyClientsAtOnce(TestDatabase db) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Long>> tasks = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int offset = t;
				tasks.add(() -> {
					long total = 0;
					try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
						for (int i = 0; i < 10; i++) {
							try (ResultSet rs = statement.executeQuery("SELECT number + " + offset
									+ " AS n, toString(number) AS s FROM system.numbers LIMIT 5000")) {
								while (rs.next()) {
									assertThat(rs.getString("s")).isEqualTo(Long.toString(rs.getLong("n") - offset));
									total += rs.getLong("n");
								}
							}
						}
					}
					return total;
				});
			}
			List<Future<Long>> results = executor.invokeAll(tasks, 5, TimeUnit.MINUTES);
			for (int t = 0; t < 8; t++) {
				long expected = 10 * (4999L * 5000 / 2 + 5000L * t);
				assertThat(results.get(t).get()).isEqualTo(expected);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void streamsALargeResult(TestDatabase db) throws Exception {
		try (Connection connection = connect(db);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT number, toString(number) AS s, [number, number] AS a "
						+ "FROM system.numbers LIMIT 300000")) {
			long count = 0;
			while (rs.next()) {
				assertThat(rs.getLong(1)).isEqualTo(count);
				count++;
			}
			assertThat(count).isEqualTo(300_000);
		}
	}

	@Test
	void reportsAnUnsupportedTypeByName(TestDatabase db) throws Exception {
		// the bridge's own refusal, whatever the server: a current one would answer the
		// driver directly
		try (FormatBridge bridge = FormatBridge.start(db.server().httpUri(), 0);
				Connection connection = DriverManager.getConnection(
						"jdbc:clickhouse://127.0.0.1:" + bridge.port() + "/" + db.name() + "?compress=false", "default",
						"");
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeQuery("SELECT uniqState(toUInt64(1))"))
				.withMessageContaining("Code: 48")
				.withMessageContaining("AggregateFunction(uniq, UInt64)");
		}
	}

	@Test
	void passesAPlainGetThrough(TestDatabase db) throws Exception {
		try (FormatBridge bridge = FormatBridge.start(db.server().httpUri(), 0)) {
			HttpClient client = HttpClient.newHttpClient();
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(bridge.uri().resolve("/?query=SELECT%201")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("1\n");
			HttpResponse<String> ping = client.send(HttpRequest.newBuilder(bridge.uri().resolve("/ping")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(ping.body()).isEqualTo("Ok.\n");
		}
	}

	@Test
	void runsInFrontOfTheServerOnItsOwn(TestDatabase db) throws Exception {
		// what ClickHouseServer does for an old server, done here for any server
		try (FormatBridge bridge = FormatBridge.start(db.server().httpUri(), 0)) {
			String url = "jdbc:clickhouse://127.0.0.1:" + bridge.port() + "/" + db.name() + "?compress=false";
			try (Connection connection = DriverManager.getConnection(url, "default", "");
					Statement statement = connection.createStatement();
					ResultSet rs = statement
						.executeQuery("SELECT currentDatabase() AS db, toUInt64(18446744073709551615) AS big")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString("db")).isEqualTo(db.name());
				assertThat(rs.getObject("big", BigInteger.class)).isEqualTo(new BigInteger("18446744073709551615"));
			}
		}
	}

	private static Connection connect(TestDatabase db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), "default", "");
	}

	/** What the server itself says a date-time column holds, as epoch seconds. */
	private static Instant serverInstant(TestDatabase db, int id, String column) {
		String seconds = db.query("SELECT toUInt32(" + column + ") FROM every_type WHERE id = " + id).trim();
		return Instant.ofEpochSecond(Long.parseLong(seconds));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, ZonedDateTime.class).toInstant();
	}

	private static List<Object> elements(ResultSet rs, String column) throws SQLException {
		Array array = rs.getArray(column);
		return Arrays.asList((Object[]) array.getArray());
	}

	private static List<List<Object>> nested(ResultSet rs, String column) throws SQLException {
		List<List<Object>> lists = new ArrayList<>();
		for (Object element : (Object[]) rs.getArray(column).getArray()) {
			lists.add(Arrays.asList((Object[]) element));
		}
		return lists;
	}

}
