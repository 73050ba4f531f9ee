package dev.pulse.replay.export;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Bytes as text: UTF-8 when they are UTF-8 (keys, header values), base64 otherwise. */
final class BytesText {

  static final String BASE64_PREFIX = "base64:";

  private BytesText() {}

  /** The bytes as UTF-8 text; {@code base64:} and their base64 when they are not valid UTF-8; null for null. */
  static String utf8OrBase64(byte[] bytes) {
    if (bytes == null) return null;
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return BASE64_PREFIX + base64(bytes);
    }
  }

  static String base64(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }
}
