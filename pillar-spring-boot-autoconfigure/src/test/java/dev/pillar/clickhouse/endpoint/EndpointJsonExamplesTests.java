package dev.pillar.clickhouse.endpoint;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's JSON examples in the docs, each marked
 * {@code <!-- descriptor: PillarEndpoint.X -->} before its block, checked against what
 * the actuator's own JSON mapper makes of descriptor {@code X}: every field the example
 * names exists, and every field that always has a value is shown (the mapper leaves out
 * those without one, as for Spring Boot's endpoints). An object with a {@code "..."}
 * field, or a block marked {@code fragment}, shows only some of its fields.
 */
class EndpointJsonExamplesTests {

	private static final Pattern EXAMPLE = Pattern
		.compile("<!-- descriptor: PillarEndpoint\\.(\\w+)(, fragment)? -->\\s*```json\\n(.*?)```", Pattern.DOTALL);

	private static final String ELIDED = "...";

	private static JsonMapper mapper;

	@BeforeAll
	static void endpointMapper() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonEndpointAutoConfiguration.class))
			.run((context) -> mapper = context.getBean(EndpointJsonMapper.class).get());
	}

	@Test
	void everyExampleNamesTheFieldsOfItsDescriptor() throws IOException {
		List<Example> examples = examples();
		assertThat(examples).isNotEmpty();
		List<String> problems = new ArrayList<>();
		for (Example example : examples) {
			Class<?> type = descriptor(example.descriptor());
			JsonNode json = mapper.readTree(example.fragment() ? "{" + example.json() + "}" : example.json());
			check(json, type, example.fragment(), example.file() + ", " + example.descriptor() + ": ", problems);
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyAnswerOfTheEndpointHasAnExample() throws IOException {
		Set<String> documented = examples().stream().map(Example::descriptor).collect(Collectors.toSet());
		Set<String> answers = Arrays.stream(PillarEndpoint.class.getClasses())
			.filter(OperationResponseBody.class::isAssignableFrom)
			.map(Class::getSimpleName)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(answers).isNotEmpty();
		assertThat(documented).containsAll(answers);
	}

	@Test
	void theMapperWritesEachFieldUnderItsComponentName() {
		for (Class<?> type : PillarEndpoint.class.getClasses()) {
			if (type.isRecord()) {
				Set<String> written = new TreeSet<>(mapper.valueToTree(sample(type)).propertyNames());
				assertThat(written).as(type.getSimpleName())
					.isEqualTo(Arrays.stream(type.getRecordComponents())
						.map(RecordComponent::getName)
						.collect(Collectors.toCollection(TreeSet::new)));
			}
		}
	}

	private static void check(JsonNode json, Class<?> type, boolean partial, String path, List<String> problems) {
		Set<String> written = new TreeSet<>(mapper.valueToTree(sample(type)).propertyNames());
		boolean elided = partial || json.has(ELIDED);
		for (String name : json.propertyNames()) {
			if (name.equals(ELIDED)) {
				continue;
			}
			if (!written.contains(name)) {
				problems.add(path + name + ": no such field in " + type.getSimpleName() + " " + written);
				continue;
			}
			RecordComponent component = component(type, name);
			JsonNode value = json.get(name);
			Type valueType = component.getGenericType();
			if (value.isObject() && valueType instanceof Class<?> nested && nested.isRecord()) {
				check(value, nested, false, path + name + ".", problems);
			}
			if (value.isArray() && valueType instanceof ParameterizedType list
					&& list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
				for (JsonNode item : value) {
					if (item.isObject()) {
						check(item, element, false, path + name + "[].", problems);
					}
				}
			}
		}
		if (!elided) {
			for (RecordComponent component : type.getRecordComponents()) {
				if (!nullable(component) && !json.has(component.getName())) {
					problems.add(path + component.getName() + ": always written, missing from the example");
				}
			}
		}
	}

	private static boolean nullable(RecordComponent component) {
		return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
	}

	private static RecordComponent component(Class<?> type, String name) {
		return Arrays.stream(type.getRecordComponents())
			.filter((component) -> component.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	/** A descriptor with a value in every field, so that the mapper writes them all. */
	private static Object sample(Class<?> type) {
		RecordComponent[] components = type.getRecordComponents();
		Object[] values = new Object[components.length];
		Class<?>[] types = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			types[i] = components[i].getType();
			values[i] = value(components[i].getGenericType());
		}
		try {
			var constructor = type.getDeclaredConstructor(types);
			constructor.setAccessible(true);
			return constructor.newInstance(values);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Object value(Type type) {
		if (type instanceof ParameterizedType list) {
			return List.of(value(list.getActualTypeArguments()[0]));
		}
		Class<?> raw = (Class<?>) type;
		if (raw == long.class || raw == Long.class) {
			return 1L;
		}
		if (raw == int.class || raw == Integer.class) {
			return 1;
		}
		if (raw == boolean.class) {
			return true;
		}
		if (raw == String.class) {
			return "text";
		}
		if (raw == Instant.class) {
			return Instant.EPOCH;
		}
		if (raw.isEnum()) {
			return raw.getEnumConstants()[0];
		}
		return sample(raw);
	}

	private static Class<?> descriptor(String name) {
		return Arrays.stream(PillarEndpoint.class.getClasses())
			.filter((type) -> type.getSimpleName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("PillarEndpoint has no descriptor " + name));
	}

	private static List<Example> examples() throws IOException {
		List<Example> examples = new ArrayList<>();
		try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
			List<Path> files = new ArrayList<>(docs.filter((file) -> file.toString().endsWith(".md")).toList());
			files.add(Path.of("../README.md"));
			for (Path file : files) {
				Matcher matcher = EXAMPLE.matcher(Files.readString(file));
				while (matcher.find()) {
					examples.add(new Example(file.getFileName().toString(), matcher.group(1), matcher.group(2) != null,
							matcher.group(3)));
				}
			}
		}
		return examples;
	}

	private record Example(String file, String descriptor, boolean fragment, String json) {

	}

}
