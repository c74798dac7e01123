package dev.pillar.clickhouse.test.bridge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueryString}.
 */
class QueryStringTests {

	@Test
	void keepsUntouchedParametersExactly() {
		String raw = "query=SELECT+1%2C%202&session_id=abc&flag&x=%E2%9C%93";
		assertThat(QueryString.parse(raw)).hasToString(raw);
	}

	@Test
	void decodesValues() {
		QueryString query = QueryString.parse("query=SELECT+1%2C%202&flag&x=%E2%9C%93");
		assertThat(query.get("query")).isEqualTo("SELECT 1, 2");
		assertThat(query.get("flag")).isEmpty();
		assertThat(query.get("x")).isEqualTo("\u2713");
		assertThat(query.get("missing")).isNull();
		assertThat(query.has("flag")).isTrue();
	}

	@Test
	void setReplacesInPlace() {
		QueryString query = QueryString.parse("a=1&default_format=RowBinaryWithNamesAndTypes&b=2");
		query.set("default_format", "TSVWithNamesAndTypes");
		assertThat(query).hasToString("a=1&default_format=TSVWithNamesAndTypes&b=2");
	}

	@Test
	void setAppendsEncoded() {
		QueryString query = QueryString.parse(null);
		query.set("password", "a b&c=d");
		assertThat(query).hasToString("password=a%20b%26c%3Dd");
		assertThat(query.get("password")).isEqualTo("a b&c=d");
	}

	@Test
	void removeAndOnly() {
		QueryString query = QueryString.parse("user=u&query=x&password=p&user=v");
		assertThat(query.only("user", "password")).hasToString("user=u&password=p&user=v");
		query.remove("user");
		assertThat(query).hasToString("query=x&password=p");
	}

	@Test
	void readsAMalformedEscapeAsItIs() {
		assertThat(QueryString.parse("x=%zz").get("x")).isEqualTo("%zz");
	}

}
