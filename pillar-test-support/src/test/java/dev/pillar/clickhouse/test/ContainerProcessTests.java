package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The docker commands a replica container is stopped, crashed and started with, recorded
 * by a stand-in for the docker command (no Docker engine needed).
 */
class ContainerProcessTests {

	@TempDir
	Path dir;

	@Test
	void stopCrashAndStartAreDockerStopKillWaitAndStart() throws Exception {
		ContainerProcess replica = new ContainerProcess(fakeDocker(0, ""), "pillar-clickhouse-1-r2");

		replica.stop(true);
		replica.stop(false);
		replica.start();

		assertThat(Files.readAllLines(this.dir.resolve("calls"))).containsExactly(
				"stop --time 60 pillar-clickhouse-1-r2", "kill pillar-clickhouse-1-r2", "wait pillar-clickhouse-1-r2",
				"start pillar-clickhouse-1-r2");
	}

	@Test
	void aFailingDockerCommandSaysWhatItAnswered() throws Exception {
		ContainerProcess replica = new ContainerProcess(fakeDocker(1, "Error response from daemon: No such container"),
				"gone");

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(replica::start)
			.withMessageEndingWith("start gone failed (exit 1): Error response from daemon: No such container");
	}

	private List<String> fakeDocker(int exit, String answer) throws IOException {
		Path docker = this.dir.resolve("docker");
		Files.writeString(docker, "#!/bin/sh\necho \"$*\" >>'" + this.dir.resolve("calls") + "'\necho '" + answer
				+ "'\nexit " + exit + "\n");
		Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
		return List.of(docker.toString());
	}

}
