package dev.pillar.clickhouse.test.chdb;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import dev.pillar.clickhouse.test.bridge.LoopbackProxyServer;

/**
 * A ClickHouse 26.7 server for the tests, made of chDB's library: an HTTP front on the
 * loopback interface that answers ClickHouse's HTTP interface as a server does, as far as
 * the JDBC driver (clickhouse-jdbc 0.11, client-v2) and plain HTTP clients use it.
 * <ul>
 * <li>The query from the {@code query} URL parameter and/or the body (an INSERT's data
 * follows its query); several statements in one request are refused (SYNTAX_ERROR), as
 * the server does; a bare expression is not a query.</li>
 * <li>{@code database} (parameter or {@code X-ClickHouse-Database}) and settings as URL
 * parameters for that request only; {@code session_id} keeps {@code USE} and {@code SET};
 * {@code param_x} for {@code {x:Type}}.</li>
 * <li>The answer's format from a {@code FORMAT} clause, {@code X-ClickHouse-Format} or
 * {@code default_format} (TabSeparated by default); {@code compress=1} answers in
 * ClickHouse's compressed blocks (LZ4, CityHash128 checksums), and {@code decompress=1}
 * bodies are read from them.</li>
 * <li>Users {@code default} (no password) and {@code pillar} ({@code pillar-secret});
 * errors with a current server's HTTP status, {@code X-ClickHouse-Exception-Code} and
 * text; GET is read-only; {@code /ping}.</li>
 * </ul>
 * What differs from a server: one query runs at a time (chDB has one connection per
 * process); every query runs as the engine's {@code default} user whoever logged in;
 * {@code default}'s engine is chDB's {@code Overlay} (other databases are
 * {@code Atomic}); temporary tables are shared by all sessions; {@code result_rows} in
 * the summary counts written rows only.
 * <p>
 * Standalone: <pre class="code">
 * java -cp pillar-test-support/target/classes:&lt;dependencies&gt; dev.pillar.clickhouse.test.chdb.ChdbFront \
 *     LIBCHDB_SO DATA_DIR PORT
 * </pre>
 */
public final class ChdbFront implements AutoCloseable {

	private final ChdbEngine engine;

	private final LoopbackProxyServer server;

	private final ServerFacts facts;

	private ChdbFront(ChdbEngine engine, LoopbackProxyServer server, ServerFacts facts) {
		this.engine = engine;
		this.server = server;
		this.facts = facts;
	}

	/**
	 * Opens chDB's engine and starts the front. One per JVM: chDB holds one engine per
	 * process.
	 * @param library {@code libchdb.so}, e.g. {@link ChdbPackage#library()}
	 * @param dataDir where the databases live
	 * @param port the port, {@code 0} for any free one
	 * @return the running front
	 * @throws IllegalStateException when the engine does not open, or this JVM already
	 * opened one
	 * @throws java.io.UncheckedIOException when it cannot listen on the port
	 */
	public static ChdbFront start(Path library, Path dataDir, int port) {
		ChdbEngine engine = ChdbEngine.open(library, dataDir);
		try {
			// a server reads a bare expression as a syntax error; chDB starts with
			// implicit_select on
			require(engine, "SET implicit_select = 0");
			ServerFacts facts = new ServerFacts(require(engine, "SELECT version()"),
					require(engine, "SELECT timezone()"), require(engine, "SELECT displayName()"));
			ChdbHandler handler = new ChdbHandler(engine, new EngineStateKeeper(engine), facts, FrontUsers.standard());
			return new ChdbFront(engine, LoopbackProxyServer.start("chdb-front", port, handler), facts);
		}
		catch (RuntimeException ex) {
			engine.close();
			throw ex;
		}
	}

	private static String require(ChdbEngine engine, String sql) {
		EngineResult result = engine.query(sql);
		if (result.error() != null) {
			throw new IllegalStateException("chDB refused [" + sql + "]: " + result.error());
		}
		return result.text().strip();
	}

	/**
	 * @return the ClickHouse version it serves, e.g. {@code 26.7.2.1}
	 */
	public String version() {
		return this.facts.version();
	}

	/**
	 * @return its HTTP URL, {@code http://127.0.0.1:port}
	 */
	public URI uri() {
		return this.server.uri();
	}

	/**
	 * @return its JDBC URL, without a database: the driver's defaults (compression
	 * included) work
	 */
	public String jdbcUrl() {
		return "jdbc:clickhouse://127.0.0.1:" + this.server.port();
	}

	/**
	 * Stops listening and closes the engine, which cannot be opened again in this JVM.
	 */
	@Override
	public void close() {
		this.server.close();
		this.engine.close();
	}

	/**
	 * Runs a front until the process is killed.
	 * @param args the library ({@code libchdb.so}), the data directory, the port
	 * ({@code 0} for any free one)
	 * @throws InterruptedException never in practice: it runs until killed
	 */
	public static void main(String[] args) throws InterruptedException {
		if (args.length != 3) {
			System.err.println("Usage: ChdbFront LIBCHDB_SO DATA_DIR PORT");
			System.exit(2);
		}
		ChdbFront front = start(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			front.close();
			stopped.countDown();
		}));
		System.out.println("ClickHouse " + front.version() + " (chDB) listening on " + front.uri());
		stopped.await();
	}

}
