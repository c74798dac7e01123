package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.test.ClickHouseCluster.Replica;
import dev.pillar.clickhouse.test.bridge.FormatBridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker branch of {@code scripts/clickhouse.sh}, run with a stand-in {@code docker}
 * first on the PATH that records its arguments and answers as docker would (no Docker
 * engine needed): which containers it would run, with what, and what it does when they
 * never answer. Where the containers' published ports must answer, the test forwards them
 * to the real cluster of the test command.
 */
class ClickHouseScriptDockerIntegrationTests {

	private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("scripts/clickhouse.sh");

	private static final Pattern PUBLISHED = Pattern.compile("-p 127\\.0\\.0\\.1:(\\d+):8123");

	@TempDir
	Path dir;

	@Test
	void aServerThatNeverAnswersHasTheEndOfItsLogPrintedAndIsRemoved() throws Exception {
		Run run = script(1, "start", "--server-only").finish();

		String name = containerName();
		assertThat(run.exit()).isEqualTo(1);
		assertThat(calls()).containsExactly("info", "rm -f " + name,
				"run -d --name " + name + " -p 127.0.0.1:" + published().get(0)
						+ ":8123 -e CLICKHOUSE_SKIP_USER_SETUP=1 " + "clickhouse/clickhouse-server:25.8",
				"logs --tail 30 " + name, "rm -f " + name);
		assertThat(run.stderr()).contains("the last lines of docker logs " + name + ":\nCode: 516. DB::Exception")
			.contains("did not answer on http://127.0.0.1:" + published().get(0) + " within 1 s; it was removed");
		assertThat(this.dir.resolve("state/mode")).doesNotExist();
	}

	@Test
	void aClusterThatNeverAnswersHasTheEndOfALogPrintedAndIsRemovedWholly() throws Exception {
		Run run = script(1, "cluster-start").finish();

		String name = containerName();
		assertThat(run.exit()).isEqualTo(1);
		assertThat(calls()).endsWith("logs --tail 30 " + name + "-r1",
				"rm -f " + name + "-r1 " + name + "-r2 " + name + "-zk", "network rm " + name + "-net");
		assertThat(run.stderr()).contains("replica r1 (clickhouse/clickhouse-server:25.8) did not answer within 1 s; "
				+ "the cluster's containers were removed");
		assertThat(this.dir.resolve("state/cluster")).doesNotExist();
	}

	@Test
	void aClusterInDockerIsWhatTheClusterTestsRead() throws Exception {
		List<Replica> real = ClickHouseCluster.shared().replicas();
		Run run = script(60, "cluster-start");
		List<FormatBridge> forwards = new ArrayList<>();
		try {
			// stand in for the containers: their published ports reach the real replicas
			while (forwards.size() < 2 && run.process().isAlive()) {
				List<Integer> ports = published();
				for (int i = forwards.size(); i < ports.size(); i++) {
					forwards.add(FormatBridge.start(real.get(i).server().httpUri(), ports.get(i)));
				}
				Thread.sleep(50);
			}
			run = run.finish();
			assertThat(run.exit()).as(run.stderr()).isZero();

			String name = containerName();
			List<Integer> ports = published();
			String net = " --network " + name + "-net";
			assertThat(calls()).containsExactly("info", "network create " + name + "-net",
					"run -d --name " + name + "-zk" + net + " zookeeper:3.8",
					"create --name " + name + "-r1 --hostname " + name + "-r1" + net + " -p 127.0.0.1:" + ports.get(0)
							+ ":8123 -e CLICKHOUSE_SKIP_USER_SETUP=1 clickhouse/clickhouse-server:25.8",
					"cp " + this.dir.resolve("state/cluster/r1/cluster.xml") + " " + name
							+ "-r1:/etc/clickhouse-server/config.d/pillar-cluster.xml",
					"start " + name + "-r1",
					"create --name " + name + "-r2 --hostname " + name + "-r2" + net + " -p 127.0.0.1:" + ports.get(1)
							+ ":8123 -e CLICKHOUSE_SKIP_USER_SETUP=1 clickhouse/clickhouse-server:25.8",
					"cp " + this.dir.resolve("state/cluster/r2/cluster.xml") + " " + name
							+ "-r2:/etc/clickhouse-server/config.d/pillar-cluster.xml",
					"start " + name + "-r2");
			assertThat(run.stdout()).isEqualTo("jdbc:clickhouse://127.0.0.1:" + ports.get(0)
					+ "\njdbc:clickhouse://127.0.0.1:" + ports.get(1) + "\n");
			assertThat(Files.readString(this.dir.resolve("state/cluster/r2/cluster.xml")))
				.contains("<replica><host>" + name + "-r1</host><port>9000</port></replica>")
				.contains("<replica><host>" + name + "-r2</host><port>9000</port></replica>")
				.contains("<internal_replication>true</internal_replication>")
				.contains("<zookeeper><node><host>" + name + "-zk</host><port>2181</port></node>")
				.contains("<macros><shard>01</shard><replica>r2</replica><cluster>pillar</cluster></macros>")
				.contains("<distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>")
				.contains("<interserver_http_host>" + name + "-r2</interserver_http_host>");

			ClickHouseCluster cluster = new ClickHouseCluster(this.dir.resolve("state/cluster"));
			assertThat(cluster.replicas()).extracting(Replica::address)
				.containsExactly(name + "-r1:9000", name + "-r2:9000");
			assertThat(cluster.replicas()).extracting((replica) -> replica.process().toString())
				.containsExactly("container " + name + "-r1", "container " + name + "-r2");
			assertThat(cluster.replicas().get(1).server().httpUri())
				.isEqualTo(URI.create("http://127.0.0.1:" + ports.get(1)));
		}
		finally {
			forwards.forEach(FormatBridge::close);
		}
		String name = containerName();
		Files.delete(this.dir.resolve("calls"));
		assertThat(script(1, "cluster-stop").finish().exit()).isZero();
		assertThat(calls()).containsExactly("rm -f " + name + "-r1 " + name + "-r2 " + name + "-zk",
				"network rm " + name + "-net");
		assertThat(this.dir.resolve("state/cluster")).doesNotExist();
	}

	private Run script(int timeoutSeconds, String... arguments) throws IOException {
		Path bin = Files.createDirectories(this.dir.resolve("bin"));
		Path docker = bin.resolve("docker");
		Files.writeString(docker, """
				#!/bin/sh
				echo "$*" >>"$FAKE_DOCKER_LOG"
				case $1 in
				  run|create) echo 5c1f0e2d9a7b ;;
				  logs) echo "Code: 516. DB::Exception: test: Authentication failed (AUTHENTICATION_FAILED)" ;;
				esac
				""");
		Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
		List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(this.dir.resolve("stdout").toFile())
			.redirectError(this.dir.resolve("stderr").toFile());
		Map<String, String> environment = builder.environment();
		environment.put("PATH", bin + ":" + environment.get("PATH"));
		environment.put("FAKE_DOCKER_LOG", this.dir.resolve("calls").toString());
		environment.put("PILLAR_CLICKHOUSE_HOME", this.dir.resolve("state").toString());
		environment.put("PILLAR_CLICKHOUSE_START_TIMEOUT", Integer.toString(timeoutSeconds));
		environment.remove("PILLAR_CLICKHOUSE_URL");
		return new Run(builder.start(), this.dir, -1);
	}

	private List<String> calls() throws IOException {
		return Files.readAllLines(this.dir.resolve("calls"));
	}

	private List<Integer> published() throws IOException {
		List<Integer> ports = new ArrayList<>();
		if (Files.exists(this.dir.resolve("calls"))) {
			Matcher matcher = PUBLISHED.matcher(Files.readString(this.dir.resolve("calls")));
			while (matcher.find()) {
				ports.add(Integer.parseInt(matcher.group(1)));
			}
		}
		return ports;
	}

	/** The script names its containers after its state directory. */
	private String containerName() throws IOException {
		Matcher matcher = Pattern.compile("--name (pillar-clickhouse-\\d+)")
			.matcher(Files.readString(this.dir.resolve("calls")));
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	private record Run(Process process, Path dir, int exit) {

		Run finish() throws InterruptedException {
			assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			return new Run(this.process, this.dir, this.process.exitValue());
		}

		String stdout() throws IOException {
			return Files.readString(this.dir.resolve("stdout"));
		}

		String stderr() throws IOException {
			return Files.readString(this.dir.resolve("stderr"));
		}

	}

}
