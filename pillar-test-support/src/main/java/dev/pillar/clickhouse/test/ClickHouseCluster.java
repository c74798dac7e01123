package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

/**
 * The two-replica cluster {@code pillar} that {@code scripts/clickhouse.sh cluster-start}
 * runs (one ZooKeeper, two of Debian's ClickHouse servers on loopback, one shard), found
 * through {@code PILLAR_TEST_CLUSTER} (its directory), which the test command sets.
 * Without it, cluster tests fail under CI and are aborted elsewhere with how to get one.
 * It is also named {@code prod-cluster}. Beside it, the cluster {@code pillar_shards}:
 * two more servers, one shard each.
 */
public final class ClickHouseCluster {

	/** The cluster's name in the servers' {@code remote_servers}. */
	public static final String NAME = "pillar";

	/**
	 * A second name of {@link #NAME}, the same replicas, as a name that SQL must quote.
	 */
	public static final String DASHED_NAME = "prod-cluster";

	/**
	 * The name of the cluster of two shards of one replica each, beside {@link #NAME}.
	 */
	public static final String SHARDS = "pillar_shards";

	private static @Nullable ClickHouseCluster shared;

	private final List<Replica> replicas;

	private final List<Replica> shards;

	ClickHouseCluster(Path dir) throws IOException {
		this.replicas = servers(dir, "r1", "r2");
		this.shards = servers(dir, "s1", "s2");
	}

	private static List<Replica> servers(Path dir, String... names) throws IOException {
		List<Replica> found = new ArrayList<>();
		for (String name : names) {
			Path replicaDir = dir.resolve(name);
			found.add(new Replica(name, new ServerProcess(replicaDir),
					new ClickHouseServer(URI.create(Files.readString(replicaDir.resolve("http")).trim())),
					Files.readString(replicaDir.resolve("address")).trim()));
		}
		return List.copyOf(found);
	}

	/**
	 * The cluster the test command started.
	 * @return the cluster
	 * @throws TestAbortedException outside CI when there is none; under CI an
	 * {@link IllegalStateException}
	 */
	public static synchronized ClickHouseCluster shared() {
		if (shared == null) {
			String dir = System.getenv("PILLAR_TEST_CLUSTER");
			String message = "No ClickHouse cluster for the cluster tests: run them with scripts/test.sh (it starts "
					+ "one with scripts/clickhouse.sh cluster-start and sets PILLAR_TEST_CLUSTER)";
			if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
				if ("true".equals(System.getenv("CI"))) {
					throw new IllegalStateException(message);
				}
				throw new TestAbortedException(message);
			}
			try {
				shared = new ClickHouseCluster(Path.of(dir));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot read the cluster in " + dir + ": " + ex, ex);
			}
		}
		return shared;
	}

	/**
	 * @return both replicas, {@code r1} first
	 */
	public List<Replica> replicas() {
		return this.replicas;
	}

	/**
	 * The two servers of cluster {@link #SHARDS} ({@code s1} of shard {@code 01},
	 * {@code s2} of shard {@code 02}), on the same ZooKeeper.
	 * @return both, {@code s1} first
	 */
	public List<Replica> shards() {
		return this.shards;
	}

	/**
	 * Creates a fresh database on every server of both clusters ({@code ON CLUSTER}).
	 * @return its name; drop it with {@link #dropDatabase(String)}
	 */
	public String createDatabase() {
		String name = "pillar_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.replicas.get(0).server().query("CREATE DATABASE " + name + " ON CLUSTER " + NAME);
		if (!this.shards.isEmpty()) {
			this.shards.get(0).server().query("CREATE DATABASE " + name + " ON CLUSTER " + SHARDS);
		}
		return name;
	}

	/**
	 * Drops a database on every replica that answers.
	 * @param name the database
	 */
	public void dropDatabase(String name) {
		List<Replica> servers = new ArrayList<>(this.replicas);
		servers.addAll(this.shards);
		for (Replica replica : servers) {
			for (int attempt = 1;; attempt++) {
				try {
					replica.server().query("DROP DATABASE IF EXISTS " + name);
					break;
				}
				catch (IllegalStateException ex) {
					// a table still replicating in may appear while the database is
					// dropped: ClickHouse says retry
					if (attempt == 5) {
						throw ex;
					}
				}
			}
		}
	}

	/**
	 * One replica of the cluster.
	 *
	 * @param name {@code r1} or {@code r2}, its {@code replica} macro
	 * @param process its server process or container
	 * @param server its server (bridged for the driver when old)
	 * @param address {@code host:port} of its native port, as {@code system.clusters} and
	 * ClickHouse's messages name it
	 */
	public record Replica(String name, ServerControl process, ClickHouseServer server, String address) {

		/**
		 * The JDBC URL of a database on this replica.
		 * @param database the database
		 * @return the URL
		 */
		public String jdbcUrl(String database) {
			return this.server.jdbcUrl(database);
		}

		/** Stops this replica as an operator would, and waits until it has exited. */
		public void stop() {
			stop(true);
		}

		/**
		 * Kills this replica, as a crash or a lost host would, and waits until it has
		 * exited.
		 */
		public void crash() {
			stop(false);
		}

		private void stop(boolean graceful) {
			try {
				this.process.stop(graceful);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot stop replica " + this.name + ": " + ex, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** Starts this replica again and waits until it answers. */
		public void start() {
			try {
				this.process.start();
				this.server.awaitAnswer(30);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start replica " + this.name + ": " + ex, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
