package dev.pillar.clickhouse.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lays files out as the kubelet mounts a ConfigMap or Secret volume: in a timestamped
 * {@code ..<time>} directory, {@code ..data} linked to it, and at the top a link to each
 * file through {@code ..data}.
 */
public final class KubeletVolume {

	private KubeletVolume() {
	}

	/**
	 * Mounts one file.
	 * @param volume the volume's directory
	 * @param name the file's name
	 * @param text its text
	 * @throws IOException when it cannot be written
	 */
	public static void mount(Path volume, String name, String text) throws IOException {
		Path timestamped = volume.resolve("..2026_12_02_10_00_00.123456789");
		Files.createDirectories(timestamped);
		Files.writeString(timestamped.resolve(name), text);
		Files.createSymbolicLink(volume.resolve("..data"), Path.of(timestamped.getFileName().toString()));
		Files.createSymbolicLink(volume.resolve(name), Path.of("..data", name));
	}

}
