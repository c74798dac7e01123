package dev.pillar.clickhouse.test.bridge;

import java.time.ZoneId;

import dev.pillar.clickhouse.test.bridge.ClickHouseType.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ClickHouseType}.
 */
class ClickHouseTypeTests {

	@ParameterizedTest
	@CsvSource({ "Int8,INT8", "Int16,INT16", "Int32,INT32", "Int64,INT64", "UInt8,UINT8", "UInt16,UINT16",
			"UInt32,UINT32", "UInt64,UINT64", "Float32,FLOAT32", "Float64,FLOAT64", "String,STRING", "Date,DATE",
			"DateTime,DATE_TIME", "UUID,UUID", "Nothing,NOTHING" })
	void parsesSimpleTypes(String name, Kind kind) {
		assertThat(ClickHouseType.parse(name).kind()).isEqualTo(kind);
	}

	@Test
	void parsesFixedString() {
		ClickHouseType type = ClickHouseType.parse("FixedString(16)");
		assertThat(type.kind()).isEqualTo(Kind.FIXED_STRING);
		assertThat(type.length()).isEqualTo(16);
	}

	@Test
	void parsesDateTimeWithAZone() {
		ClickHouseType type = ClickHouseType.parse("DateTime('Asia/Tokyo')");
		assertThat(type.kind()).isEqualTo(Kind.DATE_TIME);
		assertThat(type.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
		assertThat(ClickHouseType.parse("DateTime").zone()).isNull();
	}

	@Test
	void parsesEnumsWithEscapedLabelsAndNegativeValues() {
		ClickHouseType type = ClickHouseType.parse("Enum8('b' = -2, 'a\\'x' = 1, 'c, d' = 3)");
		assertThat(type.kind()).isEqualTo(Kind.ENUM8);
		assertThat(type.enumValue("b")).isEqualTo(-2);
		assertThat(type.enumValue("a'x")).isEqualTo(1);
		assertThat(type.enumValue("c, d")).isEqualTo(3);
		assertThat(type.enumValue("z")).isNull();
		assertThat(ClickHouseType.parse("Enum16('x' = 1000)").enumValue("x")).isEqualTo(1000);
	}

	@Test
	void parsesNestedWrappers() {
		ClickHouseType type = ClickHouseType.parse("Array(Array(Nullable(String)))");
		assertThat(type.kind()).isEqualTo(Kind.ARRAY);
		assertThat(type.element().kind()).isEqualTo(Kind.ARRAY);
		assertThat(type.element().element().kind()).isEqualTo(Kind.NULLABLE);
		assertThat(type.element().element().element().kind()).isEqualTo(Kind.STRING);
		assertThat(ClickHouseType.parse("Nullable(Nothing)").element().kind()).isEqualTo(Kind.NOTHING);
		assertThat(ClickHouseType.parse("LowCardinality(String)").element().kind()).isEqualTo(Kind.STRING);
	}

	@Test
	void parsesTuples() {
		ClickHouseType type = ClickHouseType.parse("Tuple(UInt8, Array(String))");
		assertThat(type.kind()).isEqualTo(Kind.TUPLE);
		assertThat(type.elements()).extracting(ClickHouseType::kind).containsExactly(Kind.UINT8, Kind.ARRAY);
	}

	@Test
	void parsesDecimals() {
		ClickHouseType type = ClickHouseType.parse("Decimal(18, 4)");
		assertThat(type.kind()).isEqualTo(Kind.DECIMAL);
		assertThat(type.length()).isEqualTo(18);
		assertThat(type.scale()).isEqualTo(4);
		assertThat(ClickHouseType.parse("Decimal32(3)").length()).isEqualTo(9);
	}

	@Test
	void namesAnUnsupportedType() {
		assertThatExceptionOfType(UnsupportedTypeException.class)
			.isThrownBy(() -> ClickHouseType.parse("Array(AggregateFunction(uniq, String))"))
			.withMessageContaining("Array(AggregateFunction(uniq, String))")
			.withMessageContaining("AggregateFunction is not supported");
	}

	@Test
	void rejectsAMalformedType() {
		assertThatExceptionOfType(UnsupportedTypeException.class).isThrownBy(() -> ClickHouseType.parse("Array(Int8"))
			.withMessageContaining("Array(Int8");
		assertThatExceptionOfType(UnsupportedTypeException.class).isThrownBy(() -> ClickHouseType.parse("Int8 x"));
	}

}
