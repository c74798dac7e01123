package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes the primitives of ClickHouse's RowBinary format: little-endian fixed-width
 * numbers, LEB128 lengths and length-prefixed strings.
 */
final class RowBinaryWriter {

	private final OutputStream out;

	/**
	 * Creates a writer.
	 * @param out where the bytes go; buffer it, writes are small
	 */
	RowBinaryWriter(OutputStream out) {
		this.out = out;
	}

	/**
	 * Writes an unsigned LEB128 number, as RowBinary uses for counts and lengths.
	 * @param value the number, never negative
	 * @throws IOException on a write failure
	 */
	void writeVarInt(long value) throws IOException {
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			this.out.write((int) ((rest & 0x7F) | 0x80));
			rest >>>= 7;
		}
		this.out.write((int) rest);
	}

	void writeInt8(int value) throws IOException {
		this.out.write(value);
	}

	void writeInt16(int value) throws IOException {
		this.out.write(value);
		this.out.write(value >>> 8);
	}

	void writeInt32(int value) throws IOException {
		writeInt16(value);
		writeInt16(value >>> 16);
	}

	void writeInt64(long value) throws IOException {
		writeInt32((int) value);
		writeInt32((int) (value >>> 32));
	}

	/**
	 * Writes a two's complement integer of {@code bytes} bytes, little-endian.
	 * @param value the value, which must fit
	 * @param bytes the width
	 * @throws IOException on a write failure
	 */
	void writeBigInteger(BigInteger value, int bytes) throws IOException {
		byte[] bigEndian = value.toByteArray();
		if (bigEndian.length > bytes) {
			throw new IllegalArgumentException(value + " does not fit in " + bytes + " bytes");
		}
		int fill = (value.signum() < 0) ? 0xFF : 0;
		for (int i = bigEndian.length - 1; i >= 0; i--) {
			this.out.write(bigEndian[i]);
		}
		for (int i = bigEndian.length; i < bytes; i++) {
			this.out.write(fill);
		}
	}

	void writeFloat32(float value) throws IOException {
		writeInt32(Float.floatToRawIntBits(value));
	}

	void writeFloat64(double value) throws IOException {
		writeInt64(Double.doubleToRawLongBits(value));
	}

	/**
	 * Writes bytes as they are, e.g. the body of a fixed string.
	 * @param bytes the bytes
	 * @throws IOException on a write failure
	 */
	void writeBytes(byte[] bytes) throws IOException {
		this.out.write(bytes);
	}

	/**
	 * Writes a length-prefixed string.
	 * @param value a byte string (ISO-8859-1, one char per byte), written byte for byte
	 * @throws IOException on a write failure
	 */
	void writeString(String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
		writeVarInt(bytes.length);
		this.out.write(bytes);
	}

}
