package dev.pillar.clickhouse.test.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RowBinaryWriter}.
 */
class RowBinaryWriterTests {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final RowBinaryWriter writer = new RowBinaryWriter(this.bytes);

	@Test
	void writesVarIntsAsLeb128() throws IOException {
		this.writer.writeVarInt(0);
		this.writer.writeVarInt(127);
		this.writer.writeVarInt(128);
		this.writer.writeVarInt(300);
		this.writer.writeVarInt(16384);
		assertThat(this.bytes.toByteArray()).containsExactly(0x00, 0x7F, 0x80, 0x01, 0xAC, 0x02, 0x80, 0x80, 0x01);
	}

	@Test
	void writesTheLargestVarInt() throws IOException {
		this.writer.writeVarInt(Long.MAX_VALUE);
		assertThat(this.bytes.toByteArray()).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
	}

	@Test
	void writesIntegersLittleEndian() throws IOException {
		this.writer.writeInt8(-1);
		this.writer.writeInt16(0x0102);
		this.writer.writeInt32(0x01020304);
		this.writer.writeInt64(0x0102030405060708L);
		assertThat(this.bytes.toByteArray()).containsExactly(0xFF, 0x02, 0x01, 0x04, 0x03, 0x02, 0x01, 0x08, 0x07, 0x06,
				0x05, 0x04, 0x03, 0x02, 0x01);
	}

	@Test
	void writesFloatsAsIeee754LittleEndian() throws IOException {
		this.writer.writeFloat32(1.0f);
		this.writer.writeFloat64(-2.0);
		assertThat(this.bytes.toByteArray()).containsExactly(0x00, 0x00, 0x80, 0x3F, 0, 0, 0, 0, 0, 0, 0x00, 0xC0);
	}

	@Test
	void writesBigIntegersSignExtended() throws IOException {
		this.writer.writeBigInteger(BigInteger.valueOf(-2), 16);
		this.writer.writeBigInteger(BigInteger.valueOf(0x0102), 4);
		assertThat(this.bytes.toByteArray()).containsExactly(0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
				0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x00, 0x00);
	}

	@Test
	void refusesABigIntegerThatDoesNotFit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writer.writeBigInteger(BigInteger.ONE.shiftLeft(40), 4));
	}

	@Test
	void writesStringsByteForByteWithTheirLength() throws IOException {
		this.writer.writeString("a\u00ff");
		assertThat(this.bytes.toByteArray()).containsExactly(0x02, 'a', 0xFF);
	}

}
