package dev.pillar.clickhouse.test.chdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

import com.clickhouse.client.api.internal.CompressedBlockInputStream;
import com.clickhouse.client.api.internal.CompressedBlockOutputStream;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC driver and plain HTTP against the chDB front, as against a ClickHouse 26.7
 * server.
 */
class ChdbFrontIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final ChdbFront front = SharedFront.get();

	private String db;

	@BeforeEach
	void createDatabase() {
		this.db = "chdb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		assertThat(post("/", "CREATE DATABASE " + this.db).statusCode()).isEqualTo(200);
	}

	@AfterEach
	void dropDatabase() {
		post("/", "DROP DATABASE IF EXISTS " + this.db);
	}

	@Test
	void runsDdlInsertsAndSelectsThroughTheDriver() throws SQLException {
		try (Connection connection = connect(""); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE t (id UInt32, s String, n Nullable(Int64), d Date, dt DateTime64(3), "
					+ "b Bool, dec Decimal(9, 2), a Array(String), lc LowCardinality(String)) "
					+ "ENGINE = MergeTree ORDER BY id");
			assertThat(statement.executeUpdate("INSERT INTO t VALUES (1, 'one', NULL, '2024-02-29', "
					+ "'2024-02-29 12:34:56.789', true, 12.34, ['x', 'y'], 'low'), "
					+ "(2, 'tab\\there', -5, '1970-01-01', '1970-01-01 00:00:00.000', false, -1, [], '')"))
				.isEqualTo(2);
			try (ResultSet rs = statement.executeQuery("SELECT * FROM t ORDER BY id")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getInt("id")).isEqualTo(1);
				assertThat(rs.getString("s")).isEqualTo("one");
				assertThat(rs.getObject("n")).isNull();
				assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
				assertThat(rs.getObject("dt", LocalDateTime.class))
					.isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_000_000));
				assertThat(rs.getBoolean("b")).isTrue();
				assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo(new BigDecimal("12.34"));
				assertThat((Object[]) rs.getArray("a").getArray()).containsExactly("x", "y");
				assertThat(rs.getString("lc")).isEqualTo("low");
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString("s")).isEqualTo("tab\there");
				assertThat(rs.getLong("n")).isEqualTo(-5);
				assertThat(rs.getBoolean("b")).isFalse();
				assertThat(rs.next()).isFalse();
			}
		}
	}

	@Test
	void insertsWithPreparedStatementsAndBatches() throws SQLException {
		try (Connection connection = connect(""); Statement statement = connection.createStatement()) {
			statement.execute(
					"CREATE TABLE p (id UInt32, s String, at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY id");
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO p (id, s, at) VALUES (?, ?, ?)")) {
				insert.setInt(1, 1);
				insert.setString(2, "it's");
				insert.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-02 03:04:05.678"));
				assertThat(insert.executeUpdate()).isEqualTo(1);
				for (int id = 2; id <= 4; id++) {
					insert.setInt(1, id);
					insert.setString(2, "row " + id);
					insert.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-02 03:04:05"));
					insert.addBatch();
				}
				assertThat(insert.executeBatch()).hasSize(3);
			}
			try (PreparedStatement select = connection
				.prepareStatement("SELECT count(), max(s) FROM p WHERE id >= ?")) {
				select.setInt(1, 2);
				try (ResultSet rs = select.executeQuery()) {
					assertThat(rs.next()).isTrue();
					assertThat(rs.getLong(1)).isEqualTo(3);
					assertThat(rs.getString(2)).isEqualTo("row 4");
				}
			}
			assertThat(query("SELECT s FROM " + this.db + ".p WHERE id = 1")).isEqualTo("it\\'s\n");
		}
	}

	@Test
	void describesResultsInMetaData() throws SQLException {
		try (Connection connection = connect("");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT toUInt64(1) AS u, 'x' AS s, toNullable(1.5) AS f")) {
			ResultSetMetaData meta = rs.getMetaData();
			assertThat(meta.getColumnCount()).isEqualTo(3);
			assertThat(meta.getColumnName(1)).isEqualTo("u");
			assertThat(meta.getColumnTypeName(1)).isEqualTo("UInt64");
			assertThat(meta.getColumnType(2)).isEqualTo(Types.VARCHAR);
			assertThat(meta.getColumnTypeName(3)).isEqualTo("Nullable(Float64)");
			assertThat(meta.isNullable(3)).isEqualTo(ResultSetMetaData.columnNullable);
			assertThat(connection.getMetaData().getDatabaseProductVersion()).startsWith("26.7");
		}
	}

	@Test
	void reportsErrorsAsAServerDoes() throws SQLException {
		try (Connection connection = connect(""); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeQuery("SELECT * FROM nosuch"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(60))
				.withMessageContaining("UNKNOWN_TABLE");
		}
		HttpResponse<String> response = post("/?database=" + this.db, "SELECT * FROM nosuch");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("60");
		assertThat(response.body()).startsWith("Code: 60. DB::Exception: ")
			.endsWith("(UNKNOWN_TABLE) (version " + this.front.version() + ")\n");
		assertThat(post("/", "SELECT sleep(1) SETTINGS max_execution_time = 0.1").statusCode()).isEqualTo(408);
		assertThat(post("/", "SELECT throwIf(1)").statusCode()).isEqualTo(500);
	}

	@Test
	void refusesAWrongPassword() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.front.jdbcUrl() + "/" + this.db, "pillar",
				"pillar-secret");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT 1")) {
			assertThat(rs.next()).isTrue();
		}
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(this.front.jdbcUrl(), "pillar", "wrong")
				.createStatement()
				.executeQuery("SELECT 1"))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(516));
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/?query=SELECT%201"))
			.header("X-ClickHouse-User", "pillar")
			.header("X-ClickHouse-Key", "wrong")
			.GET());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("516");
		assertThat(response.body()).contains("(AUTHENTICATION_FAILED)");
		assertThat(get("/?user=pillar&password=pillar-secret&query=SELECT%201").body()).isEqualTo("1\n");
	}

	@Test
	void refusesSeveralStatementsInOneRequest() {
		// (the driver refuses them before sending)
		HttpResponse<String> response = post("/", "CREATE TABLE " + this.db + ".x (a Int8) ENGINE = Memory; SELECT 1");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("62");
		assertThat(response.body()).contains("Multi-statements are not allowed").contains("(SYNTAX_ERROR)");
		assertThat(query("EXISTS TABLE " + this.db + ".x")).isEqualTo("0\n");
		assertThat(post("/", "SELECT 1;").body()).isEqualTo("1\n");
		assertThat(post("/", "1 + 1").statusCode()).as("a bare expression is no query on a server").isEqualTo(400);
	}

	@Test
	void readsOnlyOverGet() {
		HttpResponse<String> response = get(
				"/?query=CREATE%20TABLE%20" + this.db + ".g%20(a%20Int8)%20ENGINE%20%3D%20Memory");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("164");
		assertThat(response.body()).contains("(READONLY)");
		assertThat(get("/?query=SELECT%2042").body()).isEqualTo("42\n");
		assertThat(get("/ping").body()).isEqualTo("Ok.\n");
		assertThat(get("/").body()).isEqualTo("Ok.\n");
	}

	@Test
	void keepsUseAndSetWithinASession() {
		String session = "/?session_id=" + UUID.randomUUID();
		assertThat(post(session, "USE " + this.db).statusCode()).isEqualTo(200);
		assertThat(post(session, "SET max_threads = 3").statusCode()).isEqualTo(200);
		assertThat(post(session, "SELECT currentDatabase(), getSetting('max_threads')").body())
			.isEqualTo(this.db + "\t3\n");
		assertThat(post("/", "SELECT currentDatabase(), getSetting('max_threads') = 3").body())
			.isEqualTo("default\t0\n");
		assertThat(post("/?session_id=" + UUID.randomUUID(), "SELECT currentDatabase()").body()).isEqualTo("default\n");
		assertThat(post(session, "SELECT currentDatabase()").body()).isEqualTo(this.db + "\n");
		assertThat(post("/?session_id=nosuch&session_check=1", "SELECT 1").statusCode()).isEqualTo(500);
	}

	@Test
	void appliesDatabaseAndSettingsToOneRequestOnly() {
		assertThat(
				post("/?database=" + this.db + "&max_threads=5", "SELECT currentDatabase(), getSetting('max_threads')")
					.body())
			.isEqualTo(this.db + "\t5\n");
		assertThat(send(HttpRequest.newBuilder(uri("/"))
			.header("X-ClickHouse-Database", this.db)
			.POST(HttpRequest.BodyPublishers.ofString("SELECT currentDatabase()"))).body()).isEqualTo(this.db + "\n");
		assertThat(post("/", "SELECT currentDatabase(), getSetting('max_threads') = 5").body())
			.isEqualTo("default\t0\n");
		HttpResponse<String> unknown = post("/?no_such_setting=1", "SELECT 1");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("(UNKNOWN_SETTING)");
		assertThat(post("/?database=no_such_db", "SELECT 1").statusCode()).isEqualTo(404);
		assertThat(post("/?param_x=41", "SELECT {x:UInt8} + 1").body()).isEqualTo("42\n");
	}

	@Test
	void answersInTheFormatAsked() {
		HttpResponse<String> header = send(HttpRequest.newBuilder(uri("/"))
			.header("X-ClickHouse-Format", "CSVWithNames")
			.POST(HttpRequest.BodyPublishers.ofString("SELECT 1 AS a")));
		assertThat(header.body()).isEqualTo("\"a\"\n1\n");
		assertThat(header.headers().firstValue("X-ClickHouse-Format")).hasValue("CSVWithNames");
		assertThat(post("/?default_format=JSONEachRow", "SELECT 1 AS a").body()).isEqualTo("{\"a\":1}\n");
		HttpResponse<String> clause = post("/", "SELECT 1 AS a FORMAT JSONCompactEachRow");
		assertThat(clause.body()).isEqualTo("[1]\n");
		assertThat(clause.headers().firstValue("X-ClickHouse-Format")).hasValue("JSONCompactEachRow");
		HttpResponse<String> plain = post("/?query_id=my-query", "SELECT 1");
		assertThat(plain.headers().firstValue("X-ClickHouse-Format")).hasValue("TabSeparated");
		assertThat(plain.headers().firstValue("X-ClickHouse-Query-Id")).hasValue("my-query");
		assertThat(plain.headers().firstValue("X-ClickHouse-Summary"))
			.hasValueSatisfying((s) -> s.contains("read_rows"));
		assertThat(plain.headers().firstValue("X-ClickHouse-Timezone")).isPresent();
		assertThat(plain.headers().firstValue("X-ClickHouse-Server-Display-Name")).isPresent();
	}

	@Test
	void takesAnInsertsDataFromTheBody() {
		post("/", "CREATE TABLE " + this.db + ".b (a UInt32, s String) ENGINE = MergeTree ORDER BY a");
		HttpResponse<String> insert = send(
				HttpRequest.newBuilder(uri("/?query=" + encode("INSERT INTO " + this.db + ".b FORMAT CSV")))
					.POST(HttpRequest.BodyPublishers.ofString("1,\"a;b\"\n2,c\n")));
		assertThat(insert.statusCode()).isEqualTo(200);
		assertThat(insert.headers().firstValue("X-ClickHouse-Summary"))
			.hasValueSatisfying((summary) -> assertThat(summary).contains("\"written_rows\":\"2\""));
		assertThat(post("/", "INSERT INTO " + this.db + ".b VALUES (3, 'd')").statusCode()).isEqualTo(200);
		assertThat(query("SELECT a, s FROM " + this.db + ".b ORDER BY a")).isEqualTo("1\ta;b\n2\tc\n3\td\n");
	}

	@Test
	void compressesWhenAskedAndReadsCompressedBodies() throws Exception {
		HttpResponse<byte[]> compressed = HTTP.send(HttpRequest.newBuilder(uri("/?compress=1"))
			.POST(HttpRequest.BodyPublishers.ofString("SELECT number FROM numbers(3)"))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(compressed.body()[16]).as("LZ4 block magic after the checksum").isEqualTo((byte) 0x82);
		assertThat(new String(decompress(compressed.body()), StandardCharsets.UTF_8)).isEqualTo("0\n1\n2\n");
		post("/", "CREATE TABLE " + this.db + ".z (a UInt32) ENGINE = Memory");
		HttpResponse<String> insert = send(HttpRequest
			.newBuilder(uri("/?decompress=1&query=" + encode("INSERT INTO " + this.db + ".z FORMAT TSV")))
			.POST(HttpRequest.BodyPublishers.ofByteArray(compress("7\n8\n".getBytes(StandardCharsets.UTF_8)))));
		assertThat(insert.statusCode()).isEqualTo(200);
		assertThat(query("SELECT sum(a) FROM " + this.db + ".z")).isEqualTo("15\n");
		for (String options : new String[] { "?compress=false", "?compress=true", "?decompress=true" }) {
			try (Connection connection = DriverManager.getConnection(this.front.jdbcUrl() + "/" + this.db + options,
					"default", ""); Statement statement = connection.createStatement()) {
				statement.executeUpdate("INSERT INTO z VALUES (1)");
				try (ResultSet rs = statement.executeQuery("SELECT count() FROM z")) {
					assertThat(rs.next()).isTrue();
					assertThat(rs.getLong(1)).as(options).isGreaterThanOrEqualTo(3);
				}
			}
		}
	}

	private Connection connect(String options) throws SQLException {
		return DriverManager.getConnection(this.front.jdbcUrl() + "/" + this.db + options, "default", "");
	}

	private String query(String sql) {
		HttpResponse<String> response = post("/", sql);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> post(String pathAndQuery, String body) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
	}

	private URI uri(String pathAndQuery) {
		return this.front.uri().resolve(pathAndQuery);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String text) {
		return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static byte[] decompress(byte[] blocks) throws IOException {
		return new CompressedBlockInputStream(new ByteArrayInputStream(blocks),
				LZ4Factory.fastestInstance().fastDecompressor(), 1 << 20)
			.readAllBytes();
	}

	private static byte[] compress(byte[] data) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (OutputStream blocks = new CompressedBlockOutputStream.LZ4OutputStream(out,
				LZ4Factory.fastestInstance().fastCompressor(), 1 << 20)) {
			blocks.write(data);
		}
		return out.toByteArray();
	}

}
