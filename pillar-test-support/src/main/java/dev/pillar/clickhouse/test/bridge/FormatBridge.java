package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy that lets the ClickHouse JDBC driver work with servers older than 19.x.
 * <p>
 * The driver asks for its results in {@code RowBinaryWithNamesAndTypes}, through an {@code X-ClickHouse-Format}
 * header; old servers know neither. The bridge asks them for {@code TSVWithNamesAndTypes} instead, re-encodes the
 * answer, and turns their error messages into the shape the driver parses. Everything else passes through. Point the
 * driver at {@link #uri()} with {@code compress=false}.
 * <p>
 * JDK only, so that it also runs on its own: <pre class="code">
 * java -cp pillar-test-support/target/classes dev.pillar.clickhouse.test.bridge.FormatBridge \
 *     --upstream http://127.0.0.1:8123 --port 8124
 * </pre>
 */
public final class FormatBridge implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(FormatBridge.class.getName());

	private static final int THREADS = 64;

	private final HttpServer server;

	private final ThreadPoolExecutor executor;

	private FormatBridge(HttpServer server, ThreadPoolExecutor executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Starts a bridge on the loopback interface.
	 * @param upstream the server's HTTP URL, e.g. {@code http://127.0.0.1:8123}; only scheme, host and port count
	 * @param port the port to listen on, {@code 0} for any free one
	 * @return the running bridge
	 * @throws UncheckedIOException when it cannot listen on the port
	 * @throws IllegalArgumentException when the upstream URL has no host
	 */
	public static FormatBridge start(URI upstream, int port) {
		if (upstream.getScheme() == null || upstream.getRawAuthority() == null) {
			throw new IllegalArgumentException("Expected an http://host:port URL for ClickHouse, got " + upstream);
		}
		String base = upstream.getScheme() + "://" + upstream.getRawAuthority();
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads());
		executor.allowCoreThreadTimeOut(true);
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 128);
			server.createContext("/", new BridgeHandler(http, base, new ServerFacts(http, base)));
			server.setExecutor(executor);
			startAsDaemon(server);
			return new FormatBridge(server, executor);
		}
		catch (IOException ex) {
			executor.shutdown();
			throw new UncheckedIOException("The format bridge cannot listen on 127.0.0.1:" + port, ex);
		}
	}

	/**
	 * Starts the server from a daemon thread, whose status its dispatcher thread inherits: a bridge that nobody
	 * closes, like the one a test JVM keeps for its whole life, must not keep that JVM alive.
	 */
	private static void startAsDaemon(HttpServer server) {
		Thread starter = new Thread(server::start, "format-bridge-start");
		starter.setDaemon(true);
		starter.start();
		try {
			starter.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			server.stop(0);
			throw new IllegalStateException("Interrupted while starting the format bridge", ex);
		}
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, "format-bridge-" + count.incrementAndGet());
			// an in-process bridge must not keep a test JVM alive
			thread.setDaemon(true);
			return thread;
		};
	}

	/** @return the port the bridge listens on */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/** @return the bridge's URL, {@code http://127.0.0.1:port} */
	public URI uri() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/** Stops listening, and drops requests under way. */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
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
