package dev.pillar.clickhouse.test.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy that lets the ClickHouse JDBC driver work with servers older than 19.x.
 * <p>
 * The driver asks for its results in {@code RowBinaryWithNamesAndTypes}, through an
 * {@code X-ClickHouse-Format} header; old servers know neither. The bridge asks them for
 * {@code TSVWithNamesAndTypes} instead, re-encodes the answer, and turns their error
 * messages into the shape the driver parses. Everything else passes through. Point the
 * driver at {@link #uri()} with {@code compress=false}.
 * <p>
 * JDK only, so that it also runs on its own: <pre class="code">
 * java -cp pillar-test-support/target/classes dev.pillar.clickhouse.test.bridge.FormatBridge \
 *     --upstream http://127.0.0.1:8123 --port 8124
 * </pre>
 */
public final class FormatBridge implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(FormatBridge.class.getName());

	private final LoopbackProxyServer server;

	private FormatBridge(LoopbackProxyServer server) {
		this.server = server;
	}

	/**
	 * Starts a bridge on the loopback interface.
	 * @param upstream the server's HTTP URL, e.g. {@code http://127.0.0.1:8123}; only
	 * scheme, host and port count
	 * @param port the port to listen on, {@code 0} for any free one
	 * @return the running bridge
	 * @throws java.io.UncheckedIOException when it cannot listen on the port
	 * @throws IllegalArgumentException when the upstream URL has no host
	 */
	public static FormatBridge start(URI upstream, int port) {
		String base = LoopbackProxyServer.base(upstream);
		HttpClient http = LoopbackProxyServer.client();
		return new FormatBridge(LoopbackProxyServer.start("format-bridge", port,
				new BridgeHandler(http, base, new ServerFacts(http, base))));
	}

	/**
	 * @return the port the bridge listens on
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * @return the bridge's URL, {@code http://127.0.0.1:port}
	 */
	public URI uri() {
		return this.server.uri();
	}

	/** Stops listening, and drops requests under way. */
	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * Runs a bridge until the process is killed.
	 * @param args {@code --upstream URL --port N}
	 * @throws InterruptedException never in practice: the bridge runs until killed
	 */
	public static void main(String[] args) throws InterruptedException {
		String upstream = null;
		int port = 0;
		for (int i = 0; i < args.length; i++) {
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (args[i]) {
				case "--upstream" -> upstream = required(args[i], value);
				case "--port" -> port = Integer.parseInt(required(args[i], value));
				default -> usage("unknown argument " + args[i]);
			}
			i++;
		}
		if (upstream == null) {
			usage("--upstream is required");
			return;
		}
		FormatBridge bridge = start(URI.create(upstream), port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			bridge.close();
			stopped.countDown();
		}));
		System.out.println("Format bridge listening on " + bridge.uri() + ", forwarding to " + upstream);
		LOG.log(System.Logger.Level.DEBUG, "Format bridge started");
		stopped.await();
	}

	private static String required(String option, @Nullable String value) {
		if (value == null) {
			usage(option + " needs a value");
			throw new IllegalStateException();
		}
		return value;
	}

	private static void usage(String problem) {
		System.err.println("FormatBridge: " + problem);
		System.err.println("Usage: FormatBridge --upstream http://host:port [--port N]");
		System.exit(2);
	}

}
