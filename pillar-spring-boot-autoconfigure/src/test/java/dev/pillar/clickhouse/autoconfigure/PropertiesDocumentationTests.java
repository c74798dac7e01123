package dev.pillar.clickhouse.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties tables of docs/configuration.md and the README against the configuration
 * metadata that the build generates from {@link PillarProperties} (and the additional
 * metadata): every property documented, no documented property that does not exist, and a
 * documented default equal to the metadata's where the metadata has one.
 */
class PropertiesDocumentationTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|([^|]*)\\|", Pattern.MULTILINE);

	private static final Pattern CODE = Pattern.compile("`([^`]*)`");

	@Test
	void everyPropertyIsInTheConfigurationReference() throws IOException {
		assertThat(documented("../docs/configuration.md").keySet()).containsAll(metadata().keySet());
	}

	@Test
	void theConfigurationReferenceDocumentsOnlyPropertiesThatExistWithTheirDefaults() throws IOException {
		assertDocumentedAsInTheMetadata(documented("../docs/configuration.md"));
	}

	@Test
	void theReadmeDocumentsOnlyPropertiesThatExistWithTheirDefaults() throws IOException {
		Map<String, String> readme = documented("../README.md");
		assertThat(readme).isNotEmpty();
		assertDocumentedAsInTheMetadata(readme);
	}

	private static void assertDocumentedAsInTheMetadata(Map<String, String> documented) throws IOException {
		Map<String, Object> metadata = metadata();
		documented.forEach((name, defaultValue) -> {
			if (name.startsWith("pillar.") || name.startsWith("management.endpoint.pillar.")) {
				assertThat(metadata).as("documented property %s", name).containsKey(name);
				Object expected = metadata.get(name);
				if (expected != null) {
					assertThat(normalized(defaultValue)).as("documented default of %s", name)
						.isEqualTo(normalized(String.valueOf(expected)));
				}
			}
		});
	}

	/** Names (a map's as {@code name.*}) and default values from the metadata. */
	private static Map<String, Object> metadata() throws IOException {
		Map<String, Object> json = JsonParserFactory.getJsonParser().parseMap(Files.readString(METADATA));
		Map<String, Object> properties = new LinkedHashMap<>();
		for (Object item : (List<?>) json.get("properties")) {
			Map<?, ?> property = (Map<?, ?>) item;
			String type = Objects.toString(property.get("type"), "");
			String name = property.get("name") + (type.startsWith("java.util.Map<") ? ".*" : "");
			properties.put(name, property.get("defaultValue"));
		}
		return properties;
	}

	/** The first two columns of the document's tables: name and default. */
	private static Map<String, String> documented(String document) throws IOException {
		Map<String, String> rows = new LinkedHashMap<>();
		Matcher row = ROW.matcher(Files.readString(Path.of(document)));
		while (row.find()) {
			rows.put(row.group(1), row.group(2).trim());
		}
		return rows;
	}

	private static String normalized(String value) {
		Matcher code = CODE.matcher(value);
		String plain = code.find() ? code.group(1) : value;
		return plain.toLowerCase().replace('_', '-');
	}

}
