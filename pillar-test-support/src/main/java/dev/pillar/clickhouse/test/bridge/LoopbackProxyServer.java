package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on the loopback interface, as the proxies in front of ClickHouse here
 * (the bridge, the fault proxy) and the chDB front are: its threads are daemons, so that
 * one nobody closes (like the one a test JVM keeps for its whole life) does not keep the
 * JVM alive, and it sets TCP_NODELAY on its connections, as a ClickHouse server does.
 */
public final class LoopbackProxyServer implements AutoCloseable {

	private static final int THREADS = 64;

	static {
		// as a ClickHouse server does: without it each answer waits ~40 ms for the
		// client's delayed ACK. The JDK's
		// server reads this once, when its first instance is created.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final HttpServer server;

	private final ThreadPoolExecutor executor;

	private LoopbackProxyServer(HttpServer server, ThreadPoolExecutor executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * The base URL of an upstream server.
	 * @param upstream an {@code http://host:port} URL; only scheme, host and port count
	 * @return {@code scheme://host:port}
	 * @throws IllegalArgumentException when it has no host
	 */
	public static String base(URI upstream) {
		if (upstream.getScheme() == null || upstream.getRawAuthority() == null) {
			throw new IllegalArgumentException("Expected an http://host:port URL to forward to, got " + upstream);
		}
		return upstream.getScheme() + "://" + upstream.getRawAuthority();
	}

	/**
	 * @return an HTTP/1.1 client for the upstream server, which follows no redirect
	 */
	public static HttpClient client() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Starts a server on the loopback interface.
	 * @param name what it is, for its threads and messages
	 * @param port the port, {@code 0} for any free one
	 * @param handler what answers every request
	 * @return the running server
	 * @throws UncheckedIOException when it cannot listen on the port
	 */
	public static LoopbackProxyServer start(String name, int port, HttpHandler handler) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 128);
			server.createContext("/", handler);
			server.setExecutor(executor);
			startAsDaemon(server, name);
			return new LoopbackProxyServer(server, executor);
		}
		catch (IOException ex) {
			executor.shutdown();
			throw new UncheckedIOException("The " + name + " cannot listen on 127.0.0.1:" + port, ex);
		}
	}

	/**
	 * The server's dispatcher thread inherits the daemon status of the thread that starts
	 * it.
	 */
	private static void startAsDaemon(HttpServer server, String name) {
		Thread starter = new Thread(server::start, name + "-start");
		starter.setDaemon(true);
		starter.start();
		try {
			starter.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			server.stop(0);
			throw new IllegalStateException("Interrupted while starting the " + name, ex);
		}
	}

	/**
	 * @return the port it listens on
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * @return its URL, {@code http://127.0.0.1:port}
	 */
	public URI uri() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/** Stops listening, and drops requests under way. */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
