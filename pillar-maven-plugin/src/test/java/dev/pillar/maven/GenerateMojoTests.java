package dev.pillar.maven;

import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GenerateMojoTests {

	private final Path project = Path.of("/project");

	@Test
	void writesUnderTheFirstSourceRootOutsideTheBuildDirectory() throws Exception {
		Path generated = this.project.resolve("target/generated-sources/annotations");
		Path main = this.project.resolve("src/main/java");
		assertThat(GenerateMojo.outputRoot(List.of(generated, main), this.project.resolve("target"))).isEqualTo(main);
		assertThat(GenerateMojo.outputRoot(List.of(main, generated), this.project.resolve("target"))).isEqualTo(main);
		assertThat(GenerateMojo.outputRoot(List.of(generated), this.project.resolve("target"))).isEqualTo(generated);
	}

	@Test
	void failsWithoutSourceRoot() {
		assertThatExceptionOfType(MojoFailureException.class)
			.isThrownBy(() -> GenerateMojo.outputRoot(List.of(), this.project.resolve("target")))
			.withMessageContaining("no compile source root");
	}

}
