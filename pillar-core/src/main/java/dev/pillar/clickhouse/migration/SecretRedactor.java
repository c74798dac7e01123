package dev.pillar.clickhouse.migration;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyAccessorFactory;

/**
 * Masks secrets wherever Pillar shows text: statements (the endpoint, dry runs),
 * ClickHouse's and the driver's messages, exceptions, logs, spans, the history's error.
 * Redacts by value, the values known to be secret (the password, a URL's credentials, the
 * values of placeholders named like a secret), and by shape, any credential a URL
 * carries, as Spring Boot's {@code /actuator/env} masks by key.
 */
public final class SecretRedactor {

	/** What a secret is shown as. */
	public static final String MASK = "******";

	/**
	 * A placeholder whose name contains one of these (in any case) holds a secret, as
	 * Spring Boot's sanitizer used to decide by key.
	 */
	public static final List<String> SECRET_NAMES = List.of("password", "secret", "key", "token", "credential");

	// shorter ends of a secret are too common in other text to mask
	private static final int MIN_END = 4;

	private static final SecretRedactor NONE = new SecretRedactor(List.of(), List.of());

	// a parameter whose name says it holds a secret, after ?, & or ; and also after a /
	// when a mistyped URL has no ? at all (jdbc:clickhouse://host/db&password=x); the
	// value ends where a URL's parameter or a quoted string in SQL does
	private static final Pattern SECRET_PARAMETER = Pattern.compile(
			"(?i)(^|[?&;/])([\\w.-]*(?:password|passwd|pwd|secret|token|key|credential|auth)[\\w.-]*)=([^&;?#\\s'\"`]*)");

	// user:password@ before the host; the password may hold a / (//app:pa/ss@host)
	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?#\\s'\"`]*):([^?#\\s'\"`]*)@");

	// where a URL parser cuts a password that holds them, echoing the pieces
	private static final Pattern URL_DELIMITERS = Pattern.compile("[/:@?#]");

	private final List<String> secrets;

	private final List<Pattern> fragments;

	private SecretRedactor(List<String> secrets, List<Pattern> fragments) {
		this.secrets = secrets;
		this.fragments = fragments;
	}

	/**
	 * @return a redactor that knows no secret value: it masks credentials in URLs only
	 */
	public static SecretRedactor none() {
		return NONE;
	}

	/**
	 * A redactor of the secrets of a configuration: the values of placeholders whose name
	 * contains one of {@link #SECRET_NAMES} or of the names given, and the password and
	 * URL credentials of the data source.
	 * @param placeholders the placeholders and their values
	 * @param maskedNames more names that mark a placeholder as secret (contained, in any
	 * case)
	 * @param dataSource the data source, or {@code null}
	 * @return the redactor
	 */
	public static SecretRedactor of(Map<String, String> placeholders, Collection<String> maskedNames,
			@Nullable DataSource dataSource) {
		Set<String> names = new LinkedHashSet<>(SECRET_NAMES);
		maskedNames.forEach((name) -> names.add(name.toLowerCase(Locale.ROOT)));
		Set<String> secrets = new LinkedHashSet<>();
		placeholders.forEach((name, value) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (names.stream().anyMatch(lower::contains)) {
				secrets.add(value);
			}
		});
		Set<String> passwords = new LinkedHashSet<>();
		if (dataSource != null) {
			BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
			String url = property(bean, "url", "jdbcUrl");
			if (url != null) {
				secretsOfUrl(url, secrets, passwords);
			}
			addIfPresent(passwords, property(bean, "password"));
			if (readable(bean, "connectionProperties") instanceof Properties properties) {
				addIfPresent(passwords, properties.getProperty("password"));
			}
		}
		secrets.addAll(passwords);
		List<Pattern> fragments = new ArrayList<>();
		for (String password : passwords) {
			for (String piece : URL_DELIMITERS.split(password)) {
				if (!piece.isEmpty() && !piece.equals(password)) {
					// a piece alone is masked only as a word of its own, not inside
					// others
					fragments.add(Pattern.compile("(?<![\\w%])" + Pattern.quote(piece) + "(?![\\w%])"));
				}
			}
		}
		List<String> ordered = secrets.stream()
			.filter((secret) -> !secret.isBlank())
			// the longest first, so that a secret holding another is masked whole
			.sorted(Comparator.comparingInt(String::length).reversed())
			.toList();
		return new SecretRedactor(ordered, List.copyOf(fragments));
	}

	/**
	 * A URL with every credential hidden by its shape: the password of
	 * {@code user:password@}, and the value of every parameter named like a password,
	 * secret, token or key.
	 * @param url the URL
	 * @return the URL, safe to print
	 */
	public static String redactUrl(String url) {
		String hidden = USER_INFO_PASSWORD.matcher(url).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
		return SECRET_PARAMETER.matcher(hidden).replaceAll("$1$2=" + Matcher.quoteReplacement(MASK));
	}

	/**
	 * Text with every secret masked.
	 * @param text the text, or {@code null}
	 * @return the text, safe to show ({@code null} for {@code null})
	 */
	public @Nullable String redact(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String redacted = text;
		for (String secret : this.secrets) {
			redacted = redacted.replace(secret, MASK);
		}
		for (String secret : this.secrets) {
			redacted = maskEnds(redacted, secret);
		}
		for (Pattern fragment : this.fragments) {
			redacted = fragment.matcher(redacted).replaceAll(Matcher.quoteReplacement(MASK));
		}
		return redactUrl(redacted);
	}

	/**
	 * Statements with every secret masked.
	 * @param statements the statements
	 * @return the statements, safe to show
	 */
	public List<String> redact(List<String> statements) {
		return statements.stream().map(this::redactText).toList();
	}

	/**
	 * A failure whose messages (its own, its causes', what it suppressed) hold a secret,
	 * as a copy with them masked: what a log or a span prints of it. Others are returned
	 * as they are.
	 * @param failure the failure, or {@code null}
	 * @return the failure, or its masked copy
	 */
	public @Nullable Throwable redact(@Nullable Throwable failure) {
		if (failure == null || !leaks(failure)) {
			return failure;
		}
		return new RedactedFailure(failure, this);
	}

	/**
	 * ClickHouse quotes a statement from where it fails to parse, and cuts its excerpts:
	 * a secret may be shown from its middle on, or up to its middle. The longer half of
	 * it, or more, from either end, is masked too.
	 */
	private static String maskEnds(String text, String secret) {
		int length = secret.length();
		String masked = text;
		for (int kept = length - 1; kept >= Math.max(MIN_END, (length + 1) / 2); kept--) {
			masked = masked.replace(secret.substring(length - kept), MASK).replace(secret.substring(0, kept), MASK);
		}
		return masked;
	}

	private boolean leaks(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && !message.equals(redact(message))) {
				return true;
			}
			for (Throwable suppressed : cause.getSuppressed()) {
				if (leaks(suppressed)) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private String redactText(String text) {
		String redacted = redact(text);
		return (redacted != null) ? redacted : text;
	}

	private static void secretsOfUrl(String url, Set<String> secrets, Set<String> passwords) {
		Matcher userInfo = USER_INFO_PASSWORD.matcher(url);
		if (userInfo.find()) {
			addDecoded(passwords, userInfo.group(2));
		}
		Matcher parameter = SECRET_PARAMETER.matcher(url);
		while (parameter.find()) {
			boolean password = parameter.group(2).toLowerCase(Locale.ROOT).matches(".*(password|passwd|pwd).*");
			addDecoded(password ? passwords : secrets, parameter.group(3));
		}
	}

	// as written, and as a driver that decodes the URL echoes it (when it decodes)
	private static void addDecoded(Set<String> into, String value) {
		addIfPresent(into, value);
		try {
			addIfPresent(into, URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			// not decodable (password=50%off): the driver cannot decode it either
		}
	}

	private static void addIfPresent(Set<String> into, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			into.add(value);
		}
	}

	private static @Nullable String property(BeanWrapper bean, String... names) {
		for (String name : names) {
			if (readable(bean, name) instanceof String value && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	private static @Nullable Object readable(BeanWrapper bean, String name) {
		try {
			return bean.isReadableProperty(name) ? bean.getPropertyValue(name) : null;
		}
		catch (BeansException ex) {
			// a getter that refuses (a closed pool): nothing to learn from it
			return null;
		}
	}

	/**
	 * A failure with its messages masked: printed as the original (its class, then the
	 * message), with the original's stack trace, causes and suppressed failures masked
	 * alike.
	 */
	private static final class RedactedFailure extends RuntimeException {

		private final String originalClass;

		RedactedFailure(Throwable original, SecretRedactor redactor) {
			super(redactor.redact(original.getMessage()),
					(original.getCause() != null && original.getCause() != original)
							? redactor.redact(original.getCause()) : null,
					true, true);
			this.originalClass = original.getClass().getName();
			setStackTrace(original.getStackTrace());
			for (Throwable suppressed : original.getSuppressed()) {
				addSuppressed(redactor.redact(suppressed));
			}
		}

		@Override
		public String toString() {
			String message = getLocalizedMessage();
			return (message != null) ? this.originalClass + ": " + message : this.originalClass;
		}

	}

}
