package dev.pillar.clickhouse.test.bridge;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of a request URL, edited in place: parameters that the bridge does not
 * touch keep their exact encoding and order.
 */
public final class QueryString {

	private final List<Parameter> parameters;

	private QueryString(List<Parameter> parameters) {
		this.parameters = parameters;
	}

	/**
	 * Parses a raw (still encoded) query string.
	 * @param raw the query string without {@code ?}, or {@code null}
	 * @return the parameters
	 */
	public static QueryString parse(@Nullable String raw) {
		List<Parameter> parameters = new ArrayList<>();
		if (raw != null && !raw.isEmpty()) {
			for (String pair : raw.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String rawName = (equals < 0) ? pair : pair.substring(0, equals);
				String rawValue = (equals < 0) ? null : pair.substring(equals + 1);
				parameters.add(new Parameter(decode(rawName), rawName, rawValue));
			}
		}
		return new QueryString(parameters);
	}

	/**
	 * The decoded value of a parameter.
	 * @param name the name
	 * @return the value of its first occurrence ({@code ""} for a bare name), or
	 * {@code null} when absent
	 */
	public @Nullable String get(String name) {
		for (Parameter parameter : this.parameters) {
			if (parameter.name().equals(name)) {
				return (parameter.rawValue() != null) ? decode(parameter.rawValue()) : "";
			}
		}
		return null;
	}

	/**
	 * @return the decoded names of the parameters, in order, each once
	 */
	public java.util.Set<String> names() {
		java.util.Set<String> names = new java.util.LinkedHashSet<>();
		for (Parameter parameter : this.parameters) {
			names.add(parameter.name());
		}
		return names;
	}

	boolean has(String name) {
		return get(name) != null;
	}

	/**
	 * Sets a parameter, replacing every occurrence.
	 * @param name the name
	 * @param value the decoded value
	 */
	void set(String name, String value) {
		int index = indexOf(name);
		remove(name);
		Parameter parameter = new Parameter(name, encode(name), encode(value));
		if (index < 0) {
			this.parameters.add(parameter);
		}
		else {
			this.parameters.add(index, parameter);
		}
	}

	/**
	 * Removes every occurrence of a parameter.
	 * @param name the name
	 */
	void remove(String name) {
		this.parameters.removeIf((parameter) -> parameter.name().equals(name));
	}

	private int indexOf(String name) {
		for (int i = 0; i < this.parameters.size(); i++) {
			if (this.parameters.get(i).name().equals(name)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * A copy holding only some parameters.
	 * @param names the names to keep
	 * @return the copy
	 */
	QueryString only(String... names) {
		List<Parameter> kept = new ArrayList<>();
		for (Parameter parameter : this.parameters) {
			if (List.of(names).contains(parameter.name())) {
				kept.add(parameter);
			}
		}
		return new QueryString(kept);
	}

	/**
	 * @return the raw query string, without {@code ?}; empty when there are no parameters
	 */
	@Override
	public String toString() {
		StringBuilder raw = new StringBuilder();
		for (Parameter parameter : this.parameters) {
			if (raw.length() > 0) {
				raw.append('&');
			}
			raw.append(parameter.rawName());
			if (parameter.rawValue() != null) {
				raw.append('=').append(parameter.rawValue());
			}
		}
		return raw.toString();
	}

	private static String decode(String raw) {
		try {
			return URLDecoder.decode(raw, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a malformed escape is the server's to reject; compare on the raw text
			return raw;
		}
	}

	private static String encode(String value) {
		// %20 rather than '+', which not every server reads as a space
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private record Parameter(String name, String rawName, @Nullable String rawValue) {
	}

}
