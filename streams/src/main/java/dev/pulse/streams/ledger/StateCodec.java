package dev.pulse.streams.ledger;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A hand-written binary form of one type of ledger state. The ledger reads and writes state for
 * every input record and every recount, and a generic encoder spends most of that time finding
 * fields by name; a fixed field order written with variable-length integers is several times
 * faster and smaller. Fields are written in declaration order: a codec changes only together with
 * a new format tag in {@link StateSerde}.
 */
public interface StateCodec<T> {

  void write(Writer out, T value);

  T read(Reader in);

  /** A growing byte buffer with the primitive encodings the codecs share. */
  final class Writer {
    private byte[] buf = new byte[128];
    private int size;

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
      if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    public void writeByte(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    public void writeBoolean(boolean b) {
      writeByte(b ? 1 : 0);
    }

    /** Unsigned LEB128 of a zig-zag encoded long: small magnitudes of either sign take one byte. */
    public void writeLong(long v) {
      writeUnsigned((v << 1) ^ (v >> 63));
    }

    public void writeInt(int v) {
      writeLong(v);
    }

    /** A count or length: never negative. */
    public void writeSize(int n) {
      writeUnsigned(n);
    }

    private void writeUnsigned(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    /** A string or null: its UTF-8 length plus one (0 for null), then the bytes. */
    public void writeString(String s) {
      if (s == null) {
        writeUnsigned(0);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      writeUnsigned(b.length + 1L);
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    /** A date or null, as its epoch day. */
    public void writeDate(LocalDate d) {
      writeBoolean(d != null);
      if (d != null) writeLong(d.toEpochDay());
    }
  }

  /** Reads what a {@link Writer} wrote, in the same order. */
  final class Reader {
    private final byte[] buf;
    private int pos;

    public Reader(byte[] buf, int offset) {
      this.buf = buf;
      this.pos = offset;
    }

    public int readByte() {
      if (pos >= buf.length) throw new IllegalArgumentException("state value ends early at byte " + pos);
      return buf[pos++];
    }

    public boolean readBoolean() {
      return readByte() != 0;
    }

    public long readLong() {
      long u = readUnsigned();
      return (u >>> 1) ^ -(u & 1);
    }

    public int readInt() {
      return Math.toIntExact(readLong());
    }

    public int readSize() {
      return Math.toIntExact(readUnsigned());
    }

    private long readUnsigned() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) return v;
      }
      throw new IllegalArgumentException("malformed variable-length integer before byte " + pos);
    }

    public String readString() {
      int n = Math.toIntExact(readUnsigned());
      if (n == 0) return null;
      int len = n - 1;
      if (pos + len > buf.length) {
        throw new IllegalArgumentException("string of " + len + " bytes overruns the value at byte " + pos);
      }
      String s = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    public LocalDate readDate() {
      return readBoolean() ? LocalDate.ofEpochDay(readLong()) : null;
    }

    public boolean atEnd() {
      return pos == buf.length;
    }

    public int position() {
      return pos;
    }
  }
}
