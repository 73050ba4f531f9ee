package dev.pulse.replay.export;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet's SNAPPY codec on snappy-java (which Kafka's client already brings), so that Parquet
 * files are written without Hadoop on the class path: Parquet's own codec factory instantiates its
 * codecs as Hadoop {@code CompressionCodec}s. A Parquet SNAPPY page is one raw Snappy block, which
 * is what {@link Snappy#compress(byte[])} makes and Parquet's own SnappyCompressor makes too.
 */
final class SnappyCodecFactory implements CompressionCodecFactory {

  private static final BytesInputCompressor SNAPPY = new BytesInputCompressor() {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      return BytesInput.from(Snappy.compress(bytes.toByteArray()));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.SNAPPY;
    }

    @Override
    public void release() {}
  };

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return switch (codec) {
      case SNAPPY -> SNAPPY;
      case UNCOMPRESSED -> IDENTITY;
      default -> throw new IllegalArgumentException("only SNAPPY and UNCOMPRESSED are written without Hadoop, not " + codec);
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    // Exports only write; reading goes through Parquet's own readers.
    throw new UnsupportedOperationException("this codec factory only writes Parquet files");
  }

  @Override
  public void release() {}

  private static final BytesInputCompressor IDENTITY = new BytesInputCompressor() {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public void release() {}
  };
}
